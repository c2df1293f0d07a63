// A child process of the stack: runs in its own process group, writes its output straight to a log file (no pipe to
// this process, so it can finish its shutdown even if this process is gone), reports its last lines for error
// messages, and is stopped as a whole group: SIGTERM, wait until every member has exited, SIGKILL only after a grace
// period. A watchdog process (watchdog.ts) stops the groups if this process dies without stopping them.
import { type ChildProcess, spawn } from "node:child_process";
import {
  appendFileSync,
  closeSync,
  fstatSync,
  mkdirSync,
  openSync,
  readSync,
  statSync,
} from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { groupAlive, stopGroup } from "./process-group.ts";

const KEPT_LINES = 40;
/** How much of the end of the log lastLines() reads. */
const TAIL_BYTES = 64 * 1024;
/** Grace period of a part between SIGTERM and SIGKILL (the wait ends as soon as the whole group has exited). */
export const DEFAULT_STOP_GRACE_MS = 10_000;

export interface ChildOptions {
  name: string;
  command: string;
  args: string[];
  cwd: string;
  env: NodeJS.ProcessEnv;
  /** Appended to; lastLines() reports only what this run wrote. */
  logFile: string;
  /** Milliseconds between SIGTERM and SIGKILL when stopping; DEFAULT_STOP_GRACE_MS when omitted. */
  stopGraceMs?: number;
}

export interface ChildExit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

export class ManagedChild {
  readonly name: string;
  readonly logFile: string;
  /** Resolves when the process has exited, for whatever reason. */
  readonly exited: Promise<ChildExit>;
  #process: ChildProcess;
  /** Where this run's output starts in the log file. */
  #logStart: number;
  #exit: ChildExit | undefined;
  #stopping: Promise<ChildExit> | undefined;
  readonly #stopGraceMs: number;

  constructor(options: ChildOptions) {
    this.name = options.name;
    this.logFile = options.logFile;
    this.#stopGraceMs = options.stopGraceMs ?? DEFAULT_STOP_GRACE_MS;
    mkdirSync(dirname(options.logFile), { recursive: true });
    const log = openSync(options.logFile, "a");
    this.#logStart = fstatSync(log).size;
    try {
      this.#process = spawn(options.command, options.args, {
        cwd: options.cwd,
        env: options.env,
        detached: true,
        stdio: ["ignore", log, log],
      });
    } finally {
      closeSync(log);
    }
    const pid = this.#process.pid;
    if (pid !== undefined) watchdog().watch(pid, this.#stopGraceMs);
    this.exited = new Promise((resolve) => {
      this.#process.on("error", (error) => {
        this.#note(`failed to start: ${error.message}`);
        this.#exit = { code: -1, signal: null };
        resolve(this.#exit);
      });
      this.#process.on("exit", (code, signal) => {
        this.#exit = { code, signal };
        // A group that is gone must not be signalled later: its id may be reused by an unrelated process group.
        if (pid !== undefined && !groupAlive(pid)) watchdog().forget(pid);
        resolve(this.#exit);
      });
    });
  }

  get pid(): number | undefined {
    return this.#process.pid;
  }

  /** Whether stop() was called (an exit after it is expected, not a crash). */
  get stopping(): boolean {
    return this.#stopping !== undefined;
  }

  get running(): boolean {
    return this.#exit === undefined;
  }

  /** The last lines the process printed in this run (stdout and stderr interleaved), read from its log file. */
  lastLines(count = KEPT_LINES): string[] {
    let size: number;
    try {
      size = statSync(this.logFile).size;
    } catch {
      return [];
    }
    const from = Math.max(this.#logStart, size - TAIL_BYTES);
    const buffer = Buffer.alloc(Math.max(0, size - from));
    const fd = openSync(this.logFile, "r");
    try {
      readSync(fd, buffer, 0, buffer.length, from);
    } finally {
      closeSync(fd);
    }
    const lines = buffer.toString("utf8").split(/\r?\n/);
    if (lines.at(-1) === "") lines.pop();
    // A tail that starts mid-file starts mid-line.
    if (from > this.#logStart) lines.shift();
    return lines.slice(-count);
  }

  /**
   * Stops the whole process group: SIGTERM to every member, then waits until all of them have exited (a wrapper such
   * as npm may exit before the program it runs has finished writing its state); members still alive after the grace
   * period get SIGKILL. Also stops what is left of the group of a child that already exited. Resolves with the
   * child's exit; calling it again returns the same promise.
   */
  stop(graceMs = this.#stopGraceMs): Promise<ChildExit> {
    this.#stopping ??= this.#stopGroup(graceMs);
    return this.#stopping;
  }

  async #stopGroup(graceMs: number): Promise<ChildExit> {
    const pid = this.#process.pid;
    if (pid !== undefined) {
      const outcome = await stopGroup(pid, graceMs);
      if (outcome !== "exited") this.#note(`still running ${graceMs} ms after SIGTERM: killed`);
      watchdog().forget(pid);
    }
    return await this.exited;
  }

  /** Appends a line of the stack's own to the log (it shows in lastLines() too). */
  #note(text: string): void {
    try {
      appendFileSync(this.logFile, `[stack] ${this.name} ${text}\n`);
    } catch {
      // The log folder is gone (a wiped state folder): nothing to keep the line in.
    }
  }
}

/** The watchdog of this process's children (watchdog.ts), started with the first child. */
interface Watchdog {
  watch(pgid: number, graceMs: number): void;
  forget(pgid: number): void;
}

let running: Watchdog | undefined;

function watchdog(): Watchdog {
  running ??= startWatchdog();
  return running;
}

function startWatchdog(): Watchdog {
  const script = join(dirname(fileURLToPath(import.meta.url)), "watchdog.ts");
  // The flag is the default from Node 22.18 on and makes earlier Node 22 releases strip the types too.
  const child = spawn(process.execPath, ["--experimental-strip-types", script], {
    detached: true,
    stdio: ["pipe", "ignore", "ignore"],
  });
  // It must neither keep this process alive nor take it down when it is gone.
  child.unref();
  child.on("error", () => {});
  const stdin = child.stdin;
  stdin?.on("error", () => {});
  (stdin as unknown as { unref?: () => void } | null)?.unref?.();
  const send = (line: string) => {
    if (stdin?.writable) stdin.write(`${line}\n`);
  };
  return {
    watch: (pgid, graceMs) => send(`watch ${pgid} ${graceMs}`),
    forget: (pgid) => send(`forget ${pgid}`),
  };
}
