// Tests of how `npm start` guards and ends a stack (run as a user runs it, only the chain, on throw-away state and
// ports of its own): a second start on a state folder in use is refused in one sentence and touches nothing while
// the first keeps running; `kill <npm pid>` (SIGTERM to npm alone) stops every part; Ctrl-C at the very start of
// start-up says "Stopping…" / "Stopped." as later. Linux only (finds processes through /proc).
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { type TestContext, describe, it } from "node:test";
import { DEFAULT_PORTS } from "./parts.ts";
import { groupAlive, waitUntilGroupGone } from "./process-group.ts";
import {
  type Cli,
  WAIT_MS,
  chainPids,
  cleanUp,
  freePortOffset,
  spawnNpmStart,
  spawnStart,
  waitForOutput,
} from "./start-cli-harness.ts";

/** Only the chain: the parts add nothing to these cases but time. */
const SKIPPED = ["--skip", "face-service,indexer,compliance-api,frontend"];

function newStateDir(): string {
  return mkdtempSync(join(tmpdir(), "clxend-start-cli-test-"));
}

/** Every file under `dir` with a hash of its content; logs only by name (the running chain keeps writing its log). */
function snapshot(dir: string): Record<string, string> {
  const files: Record<string, string> = {};
  for (const entry of readdirSync(dir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const path = join(entry.parentPath, entry.name);
    const name = relative(dir, path);
    files[name] = name.startsWith("logs/")
      ? "log"
      : createHash("sha256").update(readFileSync(path)).digest("hex");
  }
  return files;
}

async function chainIdAt(port: number): Promise<string> {
  const response = await fetch(`http://127.0.0.1:${port}`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ jsonrpc: "2.0", id: 1, method: "eth_chainId", params: [] }),
  });
  return ((await response.json()) as { result: string }).result;
}

/** Like waitForOutput, but also after the process it watches has exited (npm exits before start.ts does). */
async function waitForText(cli: Cli, text: string): Promise<void> {
  const deadline = Date.now() + WAIT_MS;
  while (!cli.output().includes(text)) {
    if (Date.now() > deadline) assert.fail(`"${text}" was not printed:\n${cli.output()}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe("npm start", { skip: process.platform !== "linux" }, () => {
  it("refuses a second start on a state folder in use, touching nothing, and the first keeps running", async (test: TestContext) => {
    const stateDir = newStateDir();
    const books = mkdtempSync(join(tmpdir(), "clxend-start-cli-books-"));
    test.after(() => rmSync(books, { recursive: true, force: true }));
    // A book of a chain an earlier --chains 2 run left: --fresh wipes that chain, so its book must go too.
    writeFileSync(join(books, "31338.json"), "{}");
    const offset = await freePortOffset();
    const first = spawnStart(stateDir, [...SKIPPED, "--fresh", "--port-offset", String(offset)], {
      ADDRESS_BOOK_DIR: books,
    });
    test.after(() => cleanUp(first));
    await waitForOutput(first, "CLXEND is running");
    assert.equal(
      existsSync(join(books, "31338.json")),
      false,
      "the stale 31338 book is still there",
    );
    const before = { state: snapshot(stateDir), books: snapshot(books) };

    const secondOffset = await freePortOffset();
    const second = spawnStart(stateDir, [...SKIPPED, "--port-offset", String(secondOffset)], {
      ADDRESS_BOOK_DIR: books,
    });
    test.after(() => cleanUp(second, true));
    const exit = await Promise.race([
      second.exited,
      waitForOutput(second, "Compiling contracts").then(
        () => assert.fail(`the second start went ahead:\n${second.output()}`),
        () => second.exited,
      ),
    ]);

    assert.deepEqual(exit, { code: 1, signal: null }, second.output());
    assert.ok(
      second
        .output()
        .includes(
          `The state folder ${stateDir} is in use by another CLXEND stack (PID ${first.child.pid}): stop that stack first, or start a second one with its own --state-dir (and --port-offset).`,
        ),
      second.output(),
    );
    assert.deepEqual({ state: snapshot(stateDir), books: snapshot(books) }, before);
    assert.equal(chainPids(stateDir).length, 1);
    assert.equal(await chainIdAt(DEFAULT_PORTS.chain + offset), "0x7a69");

    first.child.kill("SIGINT");
    assert.deepEqual(await first.exited, { code: 0, signal: null }, first.output());
  });

  it("stops every part when npm, which runs it, gets SIGTERM (kill <npm pid>)", async (test: TestContext) => {
    const stateDir = newStateDir();
    const offset = await freePortOffset();
    const cli = spawnNpmStart(stateDir, [...SKIPPED, "--port-offset", String(offset)], {
      ADDRESS_BOOK_DIR: undefined,
    });
    test.after(() => cleanUp(cli));
    await waitForOutput(cli, "Seeding the demo world");
    assert.equal(chainPids(stateDir).length, 1);
    // A state folder other than .clxend/ keeps its own address books.
    assert.ok(existsSync(join(stateDir, "deployments", "31337.json")));
    const npmPid = cli.child.pid ?? assert.fail("npm has no pid");

    process.kill(npmPid, "SIGTERM");
    await cli.exited;
    await waitForText(cli, "Stopped.\n");

    assert.ok(await waitUntilGroupGone(npmPid, WAIT_MS), "a process of npm start still runs");
    assert.equal(groupAlive(npmPid), false);
    assert.deepEqual(chainPids(stateDir), []);
    assert.match(cli.output(), /is gone: stopping the stack\.\n\nStopping…\n(.*\n)*Stopped\.\n$/);
  });

  it("says Stopping… and Stopped. on Ctrl-C at the very start of start-up", async (test: TestContext) => {
    const stateDir = newStateDir();
    mkdirSync(stateDir, { recursive: true });
    const cli = spawnStart(stateDir, [...SKIPPED, "--port-offset", String(await freePortOffset())]);
    test.after(() => cleanUp(cli));
    await waitForOutput(cli, "Starting CLXEND");

    cli.child.kill("SIGINT");
    const exit = await cli.exited;

    assert.deepEqual(exit, { code: 0, signal: null }, cli.output());
    assert.match(cli.output(), /\nStopping…\n(.*\n)*Stopped\.\n$/);
    assert.deepEqual(chainPids(stateDir), []);
  });
});
