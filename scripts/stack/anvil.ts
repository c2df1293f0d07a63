// Starts anvil (the binary of the @foundry-rs/anvil-<os>-<cpu> npm package) as a managed child and waits until its
// JSON-RPC answers.
import { existsSync } from "node:fs";
import { createRequire } from "node:module";
import { ManagedChild } from "./child-process.ts";
import { REPO_ROOT } from "./paths.ts";

const require = createRequire(import.meta.url);

/**
 * Grace period between SIGTERM and SIGKILL: anvil writes its whole state (every block and historical state) to the
 * state file on the way out, and a SIGKILL during that write leaves the file cut off.
 */
export const ANVIL_STOP_GRACE_MS = 60_000;

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
    command: anvilBinary(),
    args,
    cwd: REPO_ROOT,
    env: process.env,
    logFile: options.logFile,
    stopGraceMs: ANVIL_STOP_GRACE_MS,
  });
  const rpcUrl = `http://127.0.0.1:${options.port}`;
  const chainId = await Promise.race([
    waitForRpc(rpcUrl, 60_000),
    child.exited.then(() => {
      const output = child.lastLines(15).join("\n");
      const stateHint =
        options.stateFile !== undefined && output.includes(options.stateFile)
          ? `\nanvil could not load the saved state ${options.stateFile}; start from scratch with \`npm start -- --fresh\` (it wipes the local state) or restore a copy of that file.`
          : "";
      throw new Error(`anvil exited during start-up:\n${output}${stateHint}`);
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

/**
 * The npm package with anvil's binary for each platform, as @foundry-rs/anvil (whose `bin.mjs` picks one the same
 * way) lists them in its optionalDependencies. The stack runs the binary itself, not `bin.mjs`: that wrapper
 * exits as soon as it has passed SIGTERM on, while anvil is still writing its state.
 */
const ANVIL_PACKAGES: Record<string, string> = {
  "linux-x64": "@foundry-rs/anvil-linux-amd64",
  "linux-arm64": "@foundry-rs/anvil-linux-arm64",
  "darwin-x64": "@foundry-rs/anvil-darwin-amd64",
  "darwin-arm64": "@foundry-rs/anvil-darwin-arm64",
  "win32-x64": "@foundry-rs/anvil-win32-amd64",
};

/** Path of the anvil binary for this platform; throws a sentence saying what to install when there is none. */
export function anvilBinary(
  platform: NodeJS.Platform = process.platform,
  arch: string = process.arch,
): string {
  const pkg = ANVIL_PACKAGES[`${platform}-${arch}`];
  if (pkg === undefined) {
    const supported = Object.keys(ANVIL_PACKAGES).join(", ");
    throw new Error(
      `anvil (Foundry) has no npm build for ${platform}-${arch} (builds exist for ${supported}): run the stack on one of those, for example in a Linux x64 container`,
    );
  }
  const file = platform === "win32" ? "anvil.exe" : "anvil";
  try {
    const binary = require.resolve(`${pkg}/bin/${file}`, { paths: [REPO_ROOT] });
    if (existsSync(binary)) return binary;
  } catch {
    // Not installed: explained below.
  }
  throw new Error(
    `anvil's binary for ${platform}-${arch} is missing: the package ${pkg} is not installed. Run \`npm install --no-save ${pkg}@${anvilVersion()}\` (npm skips optional packages of other platforms, e.g. after copying node_modules between machines).`,
  );
}

function anvilVersion(): string {
  try {
    const manifest = require(
      require.resolve("@foundry-rs/anvil/package.json", { paths: [REPO_ROOT] }),
    );
    return String((manifest as { version?: unknown }).version ?? "latest");
  } catch {
    return "latest";
  }
}
