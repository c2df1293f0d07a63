// Tests of how `npm start` (start.ts, run as a user runs it, on throw-away state and ports of its own) ends: a closed
// terminal (SIGHUP) stops it like Ctrl-C; Ctrl-C with its output going to a pipe whose reader is gone (`| tee log`,
// tee dies first) still stops every part before it exits; and if it is killed outright (SIGKILL) the watchdog stops
// the chain, which still saves its state. Linux only (finds the chain's process through /proc).
import assert from "node:assert/strict";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type TestContext, describe, it } from "node:test";
import { stateProblem } from "./chain-state.ts";
import {
  type Cli,
  WAIT_MS,
  chainPids,
  cleanUp,
  freePortOffset,
  spawnStart,
  waitForOutput,
} from "./start-cli-harness.ts";

/** Only the chain: the parts add nothing to these cases but time. */
const SKIPPED = "face-service,indexer,compliance-api,frontend";

/**
 * The tests run at the same time, but their compile steps one after another: two Hardhat builds in one repository
 * at once trip over each other's cache files.
 */
let compileTurn = Promise.resolve();

/** Runs start.ts as `npm start` does, with only the chain, on state and ports of its own. */
async function startCli(test: TestContext): Promise<Cli> {
  const previous = compileTurn;
  let compiled = () => {};
  compileTurn = new Promise((resolve) => {
    compiled = resolve;
  });
  await previous;
  const stateDir = mkdtempSync(join(tmpdir(), "clxend-start-signals-test-"));
  const args = ["--skip", SKIPPED, "--port-offset", String(await freePortOffset())];
  const cli = spawnStart(stateDir, args, { ADDRESS_BOOK_DIR: join(stateDir, "deployments") });
  test.after(() => cleanUp(cli));
  await waitForOutput(cli, "Starting the local chain").finally(compiled);
  return cli;
}

async function waitUntilNoChain(stateDir: string): Promise<boolean> {
  const deadline = Date.now() + WAIT_MS;
  while (chainPids(stateDir).length > 0) {
    if (Date.now() > deadline) return false;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  return true;
}

const stateFileOf = (cli: Cli) => join(cli.stateDir, "chain", "state.json");

describe("npm start", { skip: process.platform !== "linux", concurrency: true }, () => {
  it("stops every part and exits when its terminal is closed (SIGHUP)", async (test) => {
    const cli = await startCli(test);
    await waitForOutput(cli, "Deploying the contracts");
    assert.equal(chainPids(cli.stateDir).length, 1);

    cli.child.kill("SIGHUP");
    const exit = await cli.exited;

    assert.deepEqual(exit, { code: 0, signal: null }, cli.output());
    assert.match(cli.output(), /\nStopping…\n(.*\n)*Stopped\.\n$/);
    assert.deepEqual(chainPids(cli.stateDir), []);
    assert.equal(stateProblem(stateFileOf(cli)), undefined);
  });

  it("stops every part on Ctrl-C when nobody reads its output any more (| tee log, tee died first)", async (test) => {
    const cli = await startCli(test);
    await waitForOutput(cli, "Deploying the contracts");

    cli.child.stdout?.destroy();
    cli.child.stderr?.destroy();
    cli.child.kill("SIGINT");
    const exit = await cli.exited;

    assert.deepEqual(exit, { code: 0, signal: null });
    assert.deepEqual(chainPids(cli.stateDir), []);
    assert.equal(stateProblem(stateFileOf(cli)), undefined);
  });

  it("leaves no chain running when it is killed outright (SIGKILL), and the chain saves its state", async (test) => {
    const cli = await startCli(test);
    await waitForOutput(cli, "Deploying the contracts");

    cli.child.kill("SIGKILL");
    await cli.exited;

    assert.ok(await waitUntilNoChain(cli.stateDir), "the chain is still running");
    assert.equal(stateProblem(stateFileOf(cli)), undefined);
  });
});
