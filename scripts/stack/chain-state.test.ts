// Tests of the local chain's saved state: the stack starts a chain the way `npm start` does, and stops it the way
// Ctrl-C does (StackProcesses.stopAll); the state file must parse after every stop and keep every transaction. A
// state file that was cut off is replaced by its backup, with a warning; without a backup, the start is refused with
// what to do.
import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, rmSync, truncateSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, describe, it } from "node:test";
import { type Address, type Hex, parseEther } from "viem";
import { generatePrivateKey, privateKeyToAddress } from "viem/accounts";
import { demoAccounts } from "../../deploy/demo-accounts.ts";
import { anvilBinary } from "./anvil.ts";
import { backupOf, stateProblem } from "./chain-state.ts";
import { DEFAULT_PORTS } from "./parts.ts";
import { freePort } from "./ports.ts";
import { StackProcesses, chainSpecsOf, startChain, stateFileOf } from "./stack.ts";
import { type StackReporter, silentReporter } from "./ui.ts";

const ROUNDS = 5;
/** Blocks mined in the first round, so that anvil has a sizeable state (a few MB) to write when it stops. */
const FIRST_ROUND_BLOCKS = 2_000;
const folders: string[] = [];

after(() => {
  for (const folder of folders) rmSync(folder, { recursive: true, force: true });
});

function stateFolder(): string {
  const folder = mkdtempSync(join(tmpdir(), "clxend-chain-state-test-"));
  folders.push(folder);
  return folder;
}

async function chainSpec() {
  const [spec] = chainSpecsOf({ chains: 1, ports: { ...DEFAULT_PORTS, chain: await freePort() } });
  assert.ok(spec);
  return spec;
}

function recordingReporter(warnings: string[]): StackReporter {
  return { ...silentReporter(), warn: (message) => warnings.push(message) };
}

async function rpc(url: string, method: string, params: unknown[] = []): Promise<unknown> {
  const response = await fetch(url, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ jsonrpc: "2.0", id: 1, method, params }),
  });
  const body = (await response.json()) as { result?: unknown; error?: { message: string } };
  if (body.error !== undefined) throw new Error(`${method}: ${body.error.message}`);
  return body.result;
}

/** Sends `value` wei from the admin demo account to `to` and waits until it is mined. */
async function pay(url: string, to: Address, value: bigint): Promise<void> {
  const from = demoAccounts().admin.account.address;
  const hash = (await rpc(url, "eth_sendTransaction", [
    { from, to, value: `0x${value.toString(16)}` },
  ])) as Hex;
  for (;;) {
    if ((await rpc(url, "eth_getTransactionReceipt", [hash])) !== null) return;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

async function balanceOf(url: string, address: Address): Promise<bigint> {
  return BigInt((await rpc(url, "eth_getBalance", [address, "latest"])) as string);
}

describe("the chain's saved state", () => {
  it("parses after each stop as Ctrl-C does it and keeps every earlier transaction", async () => {
    const stateDir = stateFolder();
    const spec = await chainSpec();
    const paid: Address[] = [];

    for (let round = 1; round <= ROUNDS; round += 1) {
      const warnings: string[] = [];
      const processes = new StackProcesses();
      const chain = await startChain(spec, stateDir, recordingReporter(warnings));
      processes.adoptChain(0, chain);
      for (const address of paid) {
        assert.equal(await balanceOf(chain.rpcUrl, address), parseEther("1"), `round ${round}`);
      }
      const recipient = privateKeyToAddress(generatePrivateKey());
      await pay(chain.rpcUrl, recipient, parseEther("1"));
      if (round === 1)
        await rpc(chain.rpcUrl, "anvil_mine", [`0x${FIRST_ROUND_BLOCKS.toString(16)}`]);
      paid.push(recipient);
      await processes.stopAll();

      assert.equal(stateProblem(stateFileOf(spec, stateDir)), undefined, `round ${round}`);
      assert.deepEqual(warnings, []);
    }
  });

  it("restores the backup when the state file was cut off, and warns", async () => {
    const stateDir = stateFolder();
    const spec = await chainSpec();
    const stateFile = stateFileOf(spec, stateDir);
    const kept = privateKeyToAddress(generatePrivateKey());
    const processes = new StackProcesses();
    const chain = await startChain(spec, stateDir, silentReporter());
    processes.adoptChain(0, chain);
    await pay(chain.rpcUrl, kept, parseEther("2"));
    await processes.keepBackedUp(chain, stateFile);
    await processes.stopAll();
    truncateSync(stateFile, Math.floor(readFileSync(stateFile).length / 2));

    const warnings: string[] = [];
    const again = new StackProcesses();
    const restarted = await startChain(spec, stateDir, recordingReporter(warnings));
    again.adoptChain(0, restarted);
    const balance = await balanceOf(restarted.rpcUrl, kept);
    await again.stopAll();

    assert.equal(balance, parseEther("2"));
    assert.equal(warnings.length, 1);
    assert.match(
      warnings[0] ?? "",
      /^The saved state of chain 31337, .*state\.json, is cut off or not JSON \([\d,]+ bytes\): restored its backup of /,
    );
    assert.equal(stateProblem(stateFile), undefined);
  });

  it("refuses a damaged state without a backup and says to run npm start -- --fresh", async () => {
    const stateDir = stateFolder();
    const spec = await chainSpec();
    const stateFile = stateFileOf(spec, stateDir);
    await startChain(spec, stateDir, silentReporter()).then((chain) => chain.child.stop());
    writeFileSync(stateFile, "");
    rmSync(backupOf(stateFile), { force: true });

    await assert.rejects(startChain(spec, stateDir, silentReporter()), (error: Error) => {
      assert.match(
        error.message,
        /state of chain 31337, .*state\.json, is empty and there is no backup to restore\./,
      );
      assert.match(error.message, /Run `npm start -- --fresh` to start over: it wipes /);
      return true;
    });
  });
});

describe("anvilBinary", () => {
  it("names the platform's own binary, not the npm wrapper that exits before anvil has saved its state", () => {
    assert.doesNotMatch(anvilBinary(), /bin\.mjs$/);
    assert.match(anvilBinary(), /@foundry-rs\/anvil-[a-z0-9]+-[a-z0-9]+\/bin\/anvil(\.exe)?$/);
  });

  it("says which platforms have a build when this one has none", () => {
    assert.throws(
      () => anvilBinary("aix", "ppc64"),
      /no npm build for aix-ppc64 \(builds exist for linux-x64/,
    );
  });
});
