// Tests of the state folder's lock (state-lock.ts): a second holder is refused with a sentence naming the folder, the
// holder's process id and what to do; the lock of a process killed outright (SIGKILL) is taken over; releasing frees
// it. The killed holder is a real child process that took the lock and was then killed.
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, it } from "node:test";
import { REPO_ROOT } from "./paths.ts";
import { StateFolderLockedError, lockStateFolder } from "./state-lock.ts";

const failOnCompromise = (error: Error) => assert.fail(`lock compromised: ${error.message}`);

function freshStateDir(): string {
  return mkdtempSync(join(tmpdir(), "clxend-state-lock-test-"));
}

/** Starts a process that takes the lock of `stateDir` and keeps it; resolves with it once it holds the lock. */
async function otherHolder(stateDir: string) {
  const script = `import { lockStateFolder } from "./scripts/stack/state-lock.ts";
await lockStateFolder(${JSON.stringify(stateDir)}, () => {});
process.stdout.write("locked\\n");
setInterval(() => {}, 1000);`;
  const child = spawn(process.execPath, ["--import", "tsx", "--input-type=module", "-e", script], {
    cwd: REPO_ROOT,
    stdio: ["ignore", "pipe", "inherit"],
  });
  const exited = new Promise((resolve) => child.on("exit", resolve));
  await new Promise<void>((resolve, reject) => {
    child.stdout.on("data", (chunk: Buffer) => {
      if (chunk.toString().includes("locked")) resolve();
    });
    child.on("exit", (code) => reject(new Error(`the holder exited first (code ${code})`)));
  });
  return { child, exited };
}

describe("lockStateFolder", () => {
  it("refuses a second holder with the folder, the holder's PID and what to do", async () => {
    const stateDir = freshStateDir();
    const release = await lockStateFolder(stateDir, failOnCompromise);

    const refused = await lockStateFolder(stateDir, failOnCompromise).catch((error) => error);

    assert.ok(refused instanceof StateFolderLockedError);
    assert.equal(
      refused.message,
      `The state folder ${stateDir} is in use by another CLXEND stack (PID ${process.pid}): stop that stack first, or start a second one with its own --state-dir (and --port-offset).`,
    );
    await release();
    rmSync(stateDir, { recursive: true, force: true });
  });

  it("refuses while another live process holds it, and names that process", async () => {
    const stateDir = freshStateDir();
    const holder = await otherHolder(stateDir);

    const refused = await lockStateFolder(stateDir, failOnCompromise).catch((error) => error);

    assert.ok(refused instanceof StateFolderLockedError);
    assert.equal(refused.holderPid, holder.child.pid);
    holder.child.kill("SIGKILL");
    await holder.exited;
    rmSync(stateDir, { recursive: true, force: true });
  });

  it("takes over the lock of a holder that was killed with SIGKILL", async () => {
    const stateDir = freshStateDir();
    const holder = await otherHolder(stateDir);
    holder.child.kill("SIGKILL");
    await holder.exited;
    assert.ok(existsSync(join(stateDir, "stack.lock")), "the killed holder left its lock behind");

    const release = await lockStateFolder(stateDir, failOnCompromise);

    assert.equal(readFileSync(join(stateDir, "stack.pid"), "utf8").trim(), String(process.pid));
    await release();
    rmSync(stateDir, { recursive: true, force: true });
  });

  it("is free again once released", async () => {
    const stateDir = freshStateDir();
    const release = await lockStateFolder(stateDir, failOnCompromise);
    await release();

    const again = await lockStateFolder(stateDir, failOnCompromise);

    assert.deepEqual(
      ["stack.lock", "stack.pid"].map((name) => existsSync(join(stateDir, name))),
      [true, true],
    );
    await again();
    assert.deepEqual(
      ["stack.lock", "stack.pid"].map((name) => existsSync(join(stateDir, name))),
      [false, false],
    );
    rmSync(stateDir, { recursive: true, force: true });
  });
});
