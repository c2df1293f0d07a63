// Tests of how `npm start` (start.ts, run as a user runs it, on throw-away state and ports of its own) ends: a closed
// terminal (SIGHUP) stops it like Ctrl-C; Ctrl-C with its output going to a pipe whose reader is gone (`| tee log`,
// tee dies first) still stops every part before it exits; and if it is killed outright (SIGKILL) the watchdog stops
// the chain, which still saves its state. Linux only (finds the chain's process through /proc).
import assert from "node:assert/strict";
import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, readFileSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type TestContext, describe, it } from "node:test";
import { stateProblem } from "./chain-state.ts";
import { DEFAULT_PORTS } from "./parts.ts";
import { REPO_ROOT } from "./paths.ts";
import { isPortFree } from "./ports.ts";

const START_SCRIPT = join(REPO_ROOT, "scripts", "stack", "start.ts");
/** Only the chain: the parts add nothing to these cases but time. */
const SKIPPED = "face-service,indexer,compliance-api,frontend";
/** Generous: the stack compiles (a cache check) and starts anvil first; the machine may be busy. */
const WAIT_MS = 180_000;

interface Cli {
  child: ChildProcess;
  stateDir: string;
  output: () => string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/** Stops what a test left behind: the CLI, and by process id the chains the watchdog did not stop (a failure). */
async function cleanUp(cli: Cli): Promise<void> {
  if (cli.child.exitCode === null && cli.child.signalCode === null) cli.child.kill("SIGKILL");
  await cli.exited;
  for (const pid of chainPids(cli.stateDir)) process.kill(pid, "SIGKILL");
  rmSync(cli.stateDir, { recursive: true, force: true });
}

/** A port offset at which every port of the stack is free. */
async function freePortOffset(): Promise<number> {
  for (;;) {
    const offset = 10_000 + Math.floor(Math.random() * 30_000);
    const ports = Object.values(DEFAULT_PORTS).map((port) => port + offset);
    if ((await Promise.all(ports.map(isPortFree))).every(Boolean)) return offset;
  }
}

/**
 * The tests run at the same time, but their compile steps one after another: two Hardhat builds in one repository
 * at once trip over each other's cache files.
 */
let compileTurn = Promise.resolve();

/** Runs start.ts as `npm start` does, with only the chain, on state and ports of its own. */
async function startCli(test: TestContext): Promise<Cli> {
  const previous = compileTurn;
  let compiled = () => {};
  compileTurn = new Promise((resolve) => {
    compiled = resolve;
  });
  await previous;
  const stateDir = mkdtempSync(join(tmpdir(), "clxend-start-signals-test-"));
  const args = ["--state-dir", stateDir, "--skip", SKIPPED];
  args.push("--port-offset", String(await freePortOffset()));
  const child = spawn(process.execPath, ["--import", "tsx", START_SCRIPT, ...args], {
    cwd: REPO_ROOT,
    env: { ...process.env, ADDRESS_BOOK_DIR: join(stateDir, "deployments") },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout?.on("data", (chunk: Buffer) => {
    output += chunk.toString("utf8");
  });
  child.stderr?.on("data", (chunk: Buffer) => {
    output += chunk.toString("utf8");
  });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.on("exit", (code, signal) => resolve({ code, signal })),
  );
  const cli = { child, stateDir, output: () => output, exited };
  test.after(() => cleanUp(cli));
  await waitForOutput(cli, "Starting the local chain").finally(compiled);
  return cli;
}

/** Resolves once the CLI printed `text`; fails if it exits first or takes longer than WAIT_MS. */
async function waitForOutput(cli: Cli, text: string): Promise<void> {
  const deadline = Date.now() + WAIT_MS;
  while (!cli.output().includes(text)) {
    if (cli.child.exitCode !== null) assert.fail(`start.ts exited first:\n${cli.output()}`);
    if (Date.now() > deadline) assert.fail(`start.ts did not print "${text}":\n${cli.output()}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** Process ids of the anvil chains that run on the state folder `stateDir` (their --state file is in it). */
function chainPids(stateDir: string): number[] {
  const pids: number[] = [];
  for (const name of readdirSync("/proc").filter((entry) => /^\d+$/.test(entry))) {
    let stat: string;
    let commandLine: string;
    try {
      stat = readFileSync(`/proc/${name}/stat`, "utf8");
      commandLine = readFileSync(`/proc/${name}/cmdline`, "utf8");
    } catch {
      continue;
    }
    const zombie = stat.slice(stat.lastIndexOf(")") + 2).startsWith("Z");
    if (!zombie && commandLine.includes(`--state\0${stateDir}`)) pids.push(Number(name));
  }
  return pids;
}

async function waitUntilNoChain(stateDir: string): Promise<boolean> {
  const deadline = Date.now() + WAIT_MS;
  while (chainPids(stateDir).length > 0) {
    if (Date.now() > deadline) return false;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  return true;
}

const stateFileOf = (cli: Cli) => join(cli.stateDir, "chain", "state.json");

describe("npm start", { skip: process.platform !== "linux", concurrency: true }, () => {
  it("stops every part and exits when its terminal is closed (SIGHUP)", async (test) => {
    const cli = await startCli(test);
    await waitForOutput(cli, "Deploying the contracts");
    assert.equal(chainPids(cli.stateDir).length, 1);

    cli.child.kill("SIGHUP");
    const exit = await cli.exited;

    assert.deepEqual(exit, { code: 0, signal: null }, cli.output());
    assert.match(cli.output(), /\nStopping…\n(.*\n)*Stopped\.\n$/);
    assert.deepEqual(chainPids(cli.stateDir), []);
    assert.equal(stateProblem(stateFileOf(cli)), undefined);
  });

  it("stops every part on Ctrl-C when nobody reads its output any more (| tee log, tee died first)", async (test) => {
    const cli = await startCli(test);
    await waitForOutput(cli, "Deploying the contracts");

    cli.child.stdout?.destroy();
    cli.child.stderr?.destroy();
    cli.child.kill("SIGINT");
    const exit = await cli.exited;

    assert.deepEqual(exit, { code: 0, signal: null });
    assert.deepEqual(chainPids(cli.stateDir), []);
    assert.equal(stateProblem(stateFileOf(cli)), undefined);
  });

  it("leaves no chain running when it is killed outright (SIGKILL), and the chain saves its state", async (test) => {
    const cli = await startCli(test);
    await waitForOutput(cli, "Deploying the contracts");

    cli.child.kill("SIGKILL");
    await cli.exited;

    assert.ok(await waitUntilNoChain(cli.stateDir), "the chain is still running");
    assert.equal(stateProblem(stateFileOf(cli)), undefined);
  });
});
