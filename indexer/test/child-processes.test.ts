// The child processes of the indexer tests (anvil, the indexer's supervisor and Ponder) do not outlive the test
// process: when it is killed outright (SIGKILL), the stack's watchdog (scripts/stack/watchdog.ts) stops them. Linux
// only (reads /proc).
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { once } from "node:events";
import { readdirSync, readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { describe, it } from "node:test";
import { INDEXER_DIR } from "./support/indexer.ts";

/** Whether `pid` is a live process (a zombie, dead but not yet reaped by its new parent, is not). */
function alive(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    return stat.slice(stat.lastIndexOf(")") + 2, stat.lastIndexOf(")") + 3) !== "Z";
  } catch {
    return false;
  }
}

/** Every live process of process group `pgid`. */
function members(pgid: number): number[] {
  return readdirSync("/proc")
    .filter((name) => /^\d+$/.test(name))
    .map(Number)
    .filter((pid) => {
      try {
        const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
        return Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[2]) === pgid && alive(pid);
      } catch {
        return false;
      }
    });
}

async function waitUntilGone(pids: number[], timeoutMs: number): Promise<number[]> {
  const deadline = Date.now() + timeoutMs;
  while (pids.some(alive) && Date.now() < deadline) {
    await new Promise((done) => setTimeout(done, 100));
  }
  return pids.filter(alive);
}

describe("child processes of the indexer tests", { timeout: 300_000 }, () => {
  it("are stopped by the watchdog when the test process is killed with SIGKILL", async (t) => {
    const fixture = spawn(
      process.execPath,
      ["--import", "tsx", join(INDEXER_DIR, "test/support/children-fixture.ts")],
      { cwd: INDEXER_DIR, stdio: ["ignore", "pipe", "inherit"] },
    );
    const [line] = await once(createInterface({ input: fixture.stdout }), "line");
    const started = JSON.parse(String(line)) as {
      work: string;
      anvil: number;
      supervisor: number;
      ponder: number;
    };
    // The indexer's group: npm's tsx wrapper, the supervisor it runs, and Ponder.
    const pids = [...new Set([started.anvil, started.ponder, ...members(started.supervisor)])];
    t.after(() => {
      // Whatever survived a failure is killed here, so that it does not outlive the test either.
      for (const pid of pids.filter(alive)) process.kill(pid, "SIGKILL");
      for (const pid of members(started.supervisor)) process.kill(pid, "SIGKILL");
      rmSync(started.work, { recursive: true, force: true });
    });
    assert.deepEqual(pids.filter(alive), pids, "anvil, the supervisor and Ponder run");

    fixture.kill("SIGKILL");

    // The watchdog gives each group its grace period (SIGTERM, then SIGKILL after 5 s for anvil, 10 s for the
    // indexer); the wait only bounds a failure.
    assert.deepEqual(
      await waitUntilGone(pids, 60_000),
      [],
      "processes outlived the killed test process",
    );
  });
});
