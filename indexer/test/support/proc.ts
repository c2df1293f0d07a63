// CPU time of the processes a benchmark run involves (Ponder, anvil, PostgreSQL backends), read from /proc (Linux),
// so that results on a shared machine report work done and not only wall-clock time.
import { readdirSync, readFileSync } from "node:fs";

/** Clock ticks per second of /proc/<pid>/stat times (USER_HZ; 100 on Linux). */
const TICKS_PER_SECOND = 100;

/** User plus system CPU seconds of `pid` so far, or null when it is gone or unreadable. */
export function cpuSeconds(pid: number): number | null {
  try {
    // Fields after the parenthesised command name; utime and stime are the 12th and 13th of them.
    const fields = (readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1] ?? "").split(" ");
    return (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND;
  } catch {
    return null;
  }
}

function processes(): { pid: number; command: string }[] {
  return readdirSync("/proc")
    .filter((name) => /^\d+$/.test(name))
    .flatMap((name) => {
      try {
        const command = readFileSync(`/proc/${name}/cmdline`, "utf8").replaceAll("\0", " ");
        return [{ pid: Number(name), command }];
      } catch {
        return [];
      }
    });
}

/** The Ponder process the indexer supervisor listening on `port` started, if it runs. */
export function ponderPid(port: number): number | null {
  for (const { pid, command } of processes()) {
    if (!command.includes("bin/ponder.js")) continue;
    try {
      const environment = readFileSync(`/proc/${pid}/environ`, "utf8").split("\0");
      if (environment.includes(`INDEXER_PORT=${port}`)) return pid;
    } catch {}
  }
  return null;
}

/** PostgreSQL backends connected to `database` (their command line names it). */
export function postgresBackends(database: string): number[] {
  return processes()
    .filter(({ command }) => command.startsWith("postgres: ") && command.includes(` ${database} `))
    .map(({ pid }) => pid);
}

/** Sum of `cpuSeconds` over `pids`, skipping those that are gone. */
export function totalCpuSeconds(pids: number[]): number {
  return pids.reduce((sum, pid) => sum + (cpuSeconds(pid) ?? 0), 0);
}
