// The exclusive lock of a stack's state folder: one stack at a time may use a state folder (its chain state, Ignition
// journal, PGlite databases and logs), so a second `npm start` on the same folder is refused before it touches
// anything. The lock is proper-lockfile's (a `stack.lock` folder whose mtime the holder refreshes) with the holder's
// process id beside it in `stack.pid`; a lock whose holder is dead (a stack killed with SIGKILL) is taken over.
import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import lockfile from "proper-lockfile";

/** Names in the state folder that belong to the lock (--fresh keeps them). */
export const LOCK_ENTRIES = ["stack.lock", "stack.pid"] as const;
/** A lock not refreshed for this long is stale whoever holds it; the holder refreshes it every UPDATE_MS. */
const STALE_MS = 60_000;
const UPDATE_MS = 10_000;

/** Another process holds the state folder; the message says which folder, which process and what to do. */
export class StateFolderLockedError extends Error {
  override name = "StateFolderLockedError";
  constructor(
    readonly stateDir: string,
    readonly holderPid: number | undefined,
  ) {
    super(
      `The state folder ${stateDir} is in use by another CLXEND stack (PID ${holderPid ?? "unknown"}): stop that stack first, or start a second one with its own --state-dir (and --port-offset).`,
    );
  }
}

/** Releases the lock (removes `stack.lock` and `stack.pid`). */
export type ReleaseLock = () => Promise<void>;

/**
 * Takes the lock of `stateDir` (creating the folder if needed) for this process. Throws StateFolderLockedError if a
 * live process holds it. `onCompromised` is called if the lock is lost while held (its folder removed, or not
 * refreshed in time on a machine so busy that the refresh came too late).
 */
export async function lockStateFolder(
  stateDir: string,
  onCompromised: (error: Error) => void,
): Promise<ReleaseLock> {
  mkdirSync(stateDir, { recursive: true });
  const lockfilePath = join(stateDir, "stack.lock");
  const pidFile = join(stateDir, "stack.pid");
  const options = {
    lockfilePath,
    realpath: false,
    stale: STALE_MS,
    update: UPDATE_MS,
    onCompromised,
  };
  let release: ReleaseLock;
  try {
    release = await lockfile.lock(stateDir, options);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "ELOCKED") throw error;
    const holder = holderOf(pidFile);
    if (holder === undefined || isAlive(holder)) throw new StateFolderLockedError(stateDir, holder);
    // The holder died without releasing it (SIGKILL): its lock means nothing any more. proper-lockfile unlocks only
    // its own locks, so the dead holder's lock folder is removed here (as proper-lockfile removes a stale one).
    rmSync(lockfilePath, { recursive: true, force: true });
    release = await lockfile.lock(stateDir, options);
  }
  writeFileSync(pidFile, `${process.pid}\n`);
  return async () => {
    rmSync(pidFile, { force: true });
    await release().catch(() => {});
  };
}

function holderOf(pidFile: string): number | undefined {
  try {
    const pid = Number(readFileSync(pidFile, "utf8").trim());
    return Number.isInteger(pid) && pid > 0 ? pid : undefined;
  } catch {
    return undefined;
  }
}

/** Whether `pid` runs; a zombie (dead, not yet reaped by its parent) does not. */
function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
  if (process.platform !== "linux") return true;
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    return !stat.slice(stat.lastIndexOf(")") + 2).startsWith("Z");
  } catch {
    return false;
  }
}
