// A child process of the stack: runs in its own process group, writes its output to a log file, keeps its last
// lines for error reports, and can be stopped with SIGTERM then SIGKILL.
import { type ChildProcess, spawn } from "node:child_process";
import { type WriteStream, createWriteStream, mkdirSync } from "node:fs";
import { dirname } from "node:path";

const KEPT_LINES = 40;

export interface ChildOptions {
  name: string;
  command: string;
  args: string[];
  cwd: string;
  env: NodeJS.ProcessEnv;
  logFile: string;
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
  #log: WriteStream;
  #lines: string[] = [];
  #partial = "";
  #exit: ChildExit | undefined;
  #stopping = false;

  constructor(options: ChildOptions) {
    this.name = options.name;
    this.logFile = options.logFile;
    mkdirSync(dirname(options.logFile), { recursive: true });
    this.#log = createWriteStream(options.logFile, { flags: "a" });
    this.#process = spawn(options.command, options.args, {
      cwd: options.cwd,
      env: options.env,
      detached: true,
      stdio: ["ignore", "pipe", "pipe"],
    });
    this.#process.stdout?.on("data", (chunk: Buffer) => this.#record(chunk));
    this.#process.stderr?.on("data", (chunk: Buffer) => this.#record(chunk));
    this.exited = new Promise((resolve) => {
      this.#process.on("error", (error) => {
        this.#record(Buffer.from(`failed to start: ${error.message}\n`));
        this.#exit = { code: -1, signal: null };
        resolve(this.#exit);
      });
      this.#process.on("exit", (code, signal) => {
        this.#exit = { code, signal };
        resolve(this.#exit);
      });
    });
  }

  get pid(): number | undefined {
    return this.#process.pid;
  }

  /** Whether stop() was called (an exit after it is expected, not a crash). */
  get stopping(): boolean {
    return this.#stopping;
  }

  get running(): boolean {
    return this.#exit === undefined;
  }

  /** The last lines the process printed (stdout and stderr interleaved). */
  lastLines(count = KEPT_LINES): string[] {
    const all = this.#partial === "" ? this.#lines : [...this.#lines, this.#partial];
    return all.slice(-count);
  }

  /**
   * Sends SIGTERM to the whole process group, then SIGKILL after `graceMs`, and finally SIGKILL to whatever is left
   * of the group (grandchildren of npm). Resolves once the process exited.
   */
  async stop(graceMs = 8_000): Promise<ChildExit> {
    this.#stopping = true;
    if (this.#exit === undefined) {
      this.#signal("SIGTERM");
      const timer = setTimeout(() => this.#signal("SIGKILL"), graceMs);
      await this.exited;
      clearTimeout(timer);
    }
    this.#signal("SIGKILL");
    if (this.#log.writable) await new Promise<void>((resolve) => this.#log.end(resolve));
    return this.exited;
  }

  #signal(signal: NodeJS.Signals): void {
    const pid = this.#process.pid;
    if (pid === undefined) return;
    try {
      process.kill(-pid, signal);
    } catch {
      // The group is already gone.
    }
  }

  #record(chunk: Buffer): void {
    if (this.#log.writable) this.#log.write(chunk);
    const text = this.#partial + chunk.toString("utf8");
    const lines = text.split(/\r?\n/);
    this.#partial = lines.pop() ?? "";
    this.#lines.push(...lines);
    if (this.#lines.length > KEPT_LINES * 2) this.#lines.splice(0, this.#lines.length - KEPT_LINES);
  }
}
