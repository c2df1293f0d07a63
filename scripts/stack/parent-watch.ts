// Notices that `npm start` lost the processes that run it: `kill <npm pid>` ends npm (and the `sh -c` it started)
// but not tsx and start.ts, which the kernel hands to PID 1, so the stack would run on unseen. Watched are the
// processes from start.ts's parent up to the npm that runs it (npm names itself "npm …" in its command line), or only
// the parent when no npm runs it; once one of them is gone, start.ts is orphaned and stops as on SIGTERM. Linux reads
// /proc (with each process's start time, so a reused process id is not taken for the old process); elsewhere only
// the parent is watched.
import { readFileSync } from "node:fs";

const POLL_MS = 1_000;

interface Ancestor {
  pid: number;
  /** Field 22 of /proc/<pid>/stat: when the process started (clock ticks since boot). */
  startTime: string;
}

/** How far up to look for npm: start.ts's parent is tsx, whose parent is npm's `sh -c`, whose parent is npm. */
const MAX_DEPTH = 5;

/** pid's state, parent and start time from /proc/<pid>/stat; undefined once it is gone. */
function statOf(pid: number): { state: string; ppid: number; startTime: string } | undefined {
  let stat: string;
  try {
    stat = readFileSync(`/proc/${pid}/stat`, "utf8");
  } catch {
    return undefined;
  }
  // "pid (comm) state ppid pgrp … starttime(22) …"; comm may hold spaces and parentheses.
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  return {
    state: fields[0] ?? "",
    ppid: Number(fields[1]),
    startTime: fields[19] ?? "",
  };
}

function isNpm(pid: number): boolean {
  try {
    return /^npm( |\0|$)/.test(readFileSync(`/proc/${pid}/cmdline`, "utf8"));
  } catch {
    return false;
  }
}

/** The parent and, when npm runs this process, every process up to and including that npm (never PID 1). */
export function watchedAncestors(): Ancestor[] {
  const chain: Ancestor[] = [];
  let pid = process.ppid;
  while (pid > 1 && chain.length < MAX_DEPTH) {
    const stat = statOf(pid);
    if (stat === undefined) break;
    chain.push({ pid, startTime: stat.startTime });
    if (isNpm(pid)) return chain;
    pid = stat.ppid;
  }
  return chain.slice(0, 1);
}

function isGone(ancestor: Ancestor): boolean {
  const stat = statOf(ancestor.pid);
  return stat === undefined || stat.state === "Z" || stat.startTime !== ancestor.startTime;
}

/**
 * Calls `onOrphaned` once, within about a second, after one of the processes that run this one has exited. The
 * timer does not keep the process alive.
 */
export function onOrphaned(onOrphaned: () => void): void {
  const linux = process.platform === "linux";
  const ancestors = linux ? watchedAncestors() : [];
  const parent = process.ppid;
  const timer = setInterval(() => {
    const orphaned = linux ? ancestors.some(isGone) : process.ppid !== parent;
    if (!orphaned) return;
    clearInterval(timer);
    onOrphaned();
  }, POLL_MS);
  timer.unref();
}
