// Starts anvil (from the @foundry-rs/anvil npm package) as a managed child and waits until its JSON-RPC answers.
import { createRequire } from "node:module";
import { ManagedChild } from "./child-process.ts";
import { REPO_ROOT } from "./paths.ts";

const require = createRequire(import.meta.url);

export interface AnvilOptions {
  port: number;
  /** Chain id; anvil's default (31337) when omitted, the forked chain's id when forking. */
  chainId?: number;
  /** Seconds between blocks; automine when omitted. */
  blockTime?: number;
  /** File the chain state is loaded from at start and dumped to at exit. */
  stateFile?: string;
  /** JSON-RPC URL of a chain to fork. */
  forkUrl?: string;
  logFile: string;
  name?: string;
}

export interface RunningAnvil {
  child: ManagedChild;
  rpcUrl: string;
  chainId: number;
}

/** Starts anvil and resolves once `eth_chainId` answers; rejects with anvil's last lines if it exits first. */
export async function startAnvil(options: AnvilOptions): Promise<RunningAnvil> {
  const args = ["--host", "127.0.0.1", "--port", String(options.port)];
  if (options.chainId !== undefined) args.push("--chain-id", String(options.chainId));
  if (options.blockTime !== undefined) args.push("--block-time", String(options.blockTime));
  if (options.stateFile !== undefined) args.push("--state", options.stateFile);
  if (options.forkUrl !== undefined) args.push("--fork-url", options.forkUrl);

  const child = new ManagedChild({
    name: options.name ?? "chain",
    command: process.execPath,
    args: [anvilBin(), ...args],
    cwd: REPO_ROOT,
    env: process.env,
    logFile: options.logFile,
  });
  const rpcUrl = `http://127.0.0.1:${options.port}`;
  const chainId = await Promise.race([
    waitForRpc(rpcUrl, 60_000),
    child.exited.then(() => {
      throw new Error(`anvil exited during start-up:\n${child.lastLines(15).join("\n")}`);
    }),
  ]).catch(async (error: unknown) => {
    await child.stop();
    throw error;
  });
  return { child, rpcUrl, chainId };
}

/** Polls `eth_chainId` at `rpcUrl` until it answers; returns the chain id. */
export async function waitForRpc(rpcUrl: string, timeoutMs: number): Promise<number> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      const response = await fetch(rpcUrl, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ jsonrpc: "2.0", id: 1, method: "eth_chainId", params: [] }),
        signal: AbortSignal.timeout(2_000),
      });
      const body = (await response.json()) as { result?: string };
      if (typeof body.result === "string") return Number(body.result);
    } catch {
      // Not listening yet.
    }
    if (Date.now() > deadline)
      throw new Error(`No JSON-RPC answer from ${rpcUrl} in ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

function anvilBin(): string {
  return require.resolve("@foundry-rs/anvil/bin.mjs", { paths: [REPO_ROOT] });
}
