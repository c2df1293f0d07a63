// Process groups of the stack's children: whether a group still has a live member, and stopping a whole group
// (SIGTERM, wait until every member is gone, SIGKILL only after the grace period). Shared by child-process.ts and
// the watchdog (watchdog.ts runs on plain Node, so this file uses erasable TypeScript syntax only).
import { readFileSync, readdirSync } from "node:fs";

const POLL_MS = 100;
/** How long to wait for the group to disappear after SIGKILL (the kernel reaps killed processes promptly). */
const AFTER_KILL_MS = 5_000;

/**
 * Whether process group `pgid` has a member that is not a zombie. `kill(-pgid, 0)` alone counts zombies, and a
 * member whose parent died is a zombie until the container's init reaps it, which some inits never do.
 */
export function groupAlive(pgid: number): boolean {
  try {
    process.kill(-pgid, 0);
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
  return process.platform === "linux" ? livingMembers(pgid) > 0 : true;
}

function livingMembers(pgid: number): number {
  let count = 0;
  for (const name of readdirSync("/proc")) {
    if (!/^\d+$/.test(name)) continue;
    let stat: string;
    try {
      stat = readFileSync(`/proc/${name}/stat`, "utf8");
    } catch {
      continue; // exited meanwhile
    }
    // "pid (comm) state ppid pgrp …"; comm may hold spaces and parentheses, so split after the last ")".
    const [state, , pgrp] = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    if (Number(pgrp) === pgid && state !== "Z") count += 1;
  }
  return count;
}

/** Sends `signal` to every member of group `pgid`; a group that is already gone is fine. */
export function signalGroup(pgid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pgid, signal);
  } catch {
    // The group is already gone.
  }
}

/** Resolves true once group `pgid` has no live member, false if it still has one after `timeoutMs`. */
export async function waitUntilGroupGone(pgid: number, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (groupAlive(pgid)) {
    if (Date.now() >= deadline) return false;
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
  return true;
}

/**
 * Stops group `pgid`: SIGTERM to every member, then waits until all of them are gone (not only the group leader:
 * a wrapper such as npm may exit before the program it runs has finished its own shutdown). Only members still
 * alive after `graceMs` get SIGKILL. Returns how the group ended.
 */
export async function stopGroup(
  pgid: number,
  graceMs: number,
): Promise<"exited" | "killed" | "stuck"> {
  signalGroup(pgid, "SIGTERM");
  if (await waitUntilGroupGone(pgid, graceMs)) return "exited";
  signalGroup(pgid, "SIGKILL");
  return (await waitUntilGroupGone(pgid, AFTER_KILL_MS)) ? "killed" : "stuck";
}
