// Runs `npm start` as a user runs it (start.ts directly, or through npm in a process group of its own), for the
// stack's tests: on a state folder and a port offset of its own, with its output collected; finds the chains it
// started (through /proc, Linux only) so a test can check and clean up. Used by start-signals.test.ts,
// start-cli.test.ts and fresh-reset.test.ts.
import assert from "node:assert/strict";
import { type ChildProcess, type SpawnOptions, spawn } from "node:child_process";
import { readFileSync, readdirSync, rmSync } from "node:fs";
import { join } from "node:path";
import { DEFAULT_PORTS } from "./parts.ts";
import { REPO_ROOT } from "./paths.ts";
import { isPortFree } from "./ports.ts";
import { signalGroup } from "./process-group.ts";

const START_SCRIPT = join(REPO_ROOT, "scripts", "stack", "start.ts");
/** Generous: the stack compiles (a cache check) and starts anvil first; the machine may be busy. */
export const WAIT_MS = 180_000;

export interface Cli {
  child: ChildProcess;
  stateDir: string;
  output: () => string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** Whether `child` leads a process group of its own (spawnNpmStart). */
  group: boolean;
}

/** A port offset at which every port of the stack is free. */
export async function freePortOffset(): Promise<number> {
  for (;;) {
    const offset = 10_000 + Math.floor(Math.random() * 30_000);
    const ports = Object.values(DEFAULT_PORTS).map((port) => port + offset);
    if ((await Promise.all(ports.map(isPortFree))).every(Boolean)) return offset;
  }
}

/** Starts start.ts with `--state-dir stateDir` and `args`; `env` is added to this process's environment. */
export function spawnStart(stateDir: string, args: string[], env: NodeJS.ProcessEnv = {}): Cli {
  const child = spawn(
    process.execPath,
    ["--import", "tsx", START_SCRIPT, "--state-dir", stateDir, ...args],
    { cwd: REPO_ROOT, env: { ...process.env, ...env }, stdio: ["ignore", "pipe", "pipe"] },
  );
  return collect(child, stateDir, false);
}

/**
 * Runs `npm start -- --state-dir stateDir …args` in a process group of its own (as a terminal runs a command), so
 * `child.pid` is npm's process id and the group's id. npm is the one running this test ($npm_execpath), else `npm`.
 */
export function spawnNpmStart(stateDir: string, args: string[], env: NodeJS.ProcessEnv = {}): Cli {
  const npm = process.env.npm_execpath;
  const npmArgs = ["start", "--", "--state-dir", stateDir, ...args];
  const options: SpawnOptions = {
    cwd: REPO_ROOT,
    env: { ...process.env, ...env },
    stdio: ["ignore", "pipe", "pipe"],
    detached: true,
  };
  const child =
    npm === undefined || npm === ""
      ? spawn("npm", npmArgs, options)
      : spawn(process.execPath, [npm, ...npmArgs], options);
  return collect(child, stateDir, true);
}

function collect(child: ChildProcess, stateDir: string, group: boolean): Cli {
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
  return { child, stateDir, output: () => output, exited, group };
}

/** Resolves once the CLI printed `text`; fails if it exits first or takes longer than `waitMs`. */
export async function waitForOutput(cli: Cli, text: string, waitMs = WAIT_MS): Promise<void> {
  const deadline = Date.now() + waitMs;
  while (!cli.output().includes(text)) {
    if (cli.child.exitCode !== null) assert.fail(`start.ts exited first:\n${cli.output()}`);
    if (Date.now() > deadline) assert.fail(`start.ts did not print "${text}":\n${cli.output()}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** Process ids of the anvil chains that run on the state folder `stateDir` (their --state file is in it). */
export function chainPids(stateDir: string): number[] {
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

/**
 * Stops what a test left behind: the CLI (SIGKILL if it still runs), and by process id the chains the watchdog did
 * not stop (a failure); deletes the state folder unless `keepState`.
 */
export async function cleanUp(cli: Cli, keepState = false): Promise<void> {
  if (cli.child.exitCode === null && cli.child.signalCode === null) cli.child.kill("SIGKILL");
  await cli.exited;
  if (cli.group && cli.child.pid !== undefined) signalGroup(cli.child.pid, "SIGKILL");
  for (const pid of chainPids(cli.stateDir)) process.kill(pid, "SIGKILL");
  if (!keepState) rmSync(cli.stateDir, { recursive: true, force: true });
}
