// REST account summary against a chain whose clock runs ahead of this machine's: KYC `inForce` follows the chain time
// of the latest indexed block (as KycRegistry.validLevel does), never the server clock.
import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { type Address, decodeFunctionResult, encodeFunctionData, type Hex, keccak256 } from "viem";
import { privateKeyToAccount, privateKeyToAddress } from "viem/accounts";
import {
  artifact,
  DEPLOYER_KEY,
  type Deployment,
  TestChain,
  writeTestAddressBook,
} from "./support/chain.ts";
import { IndexerProcess } from "./support/indexer.ts";

const DAY = 86_400n;
const admin = privateKeyToAccount(DEPLOYER_KEY).address;
const kycAbi = artifact("KycRegistry").abi;

type Summary = { kyc: { level: number; expiresAt: string; inForce: boolean; asOf: string | null } };

describe("REST account summary on a chain whose clock is ahead", { timeout: 300_000 }, () => {
  const work = mkdtempSync(join(tmpdir(), "clxend-indexer-rest-"));
  const soonExpired = privateKeyToAddress(keccak256("0x01"));
  const longValid = privateKeyToAddress(keccak256("0x02"));
  let chain: TestChain;
  let deployment: Deployment;
  let indexer: IndexerProcess;
  let chainTime: bigint;

  async function attest(subject: Address, expiresAt: bigint): Promise<void> {
    const data = encodeFunctionData({
      abi: kycAbi,
      functionName: "attest",
      args: [subject, 2, expiresAt, keccak256(subject)],
    });
    await chain.rpc("eth_sendTransaction", [{ from: admin, to: deployment.KycRegistry, data }]);
  }

  async function validLevel(subject: Address): Promise<number> {
    const data = await chain.rpc<Hex>("eth_call", [
      {
        to: deployment.KycRegistry,
        data: encodeFunctionData({ abi: kycAbi, functionName: "validLevel", args: [subject] }),
      },
      "latest",
    ]);
    return Number(decodeFunctionResult({ abi: kycAbi, functionName: "validLevel", data }));
  }

  before(async () => {
    chain = await TestChain.start();
    deployment = await chain.deploy();
    writeTestAddressBook(join(work, "deployments"), deployment);
    const start = (await chain.public.getBlock()).timestamp;
    await attest(soonExpired, start + DAY);
    await attest(longValid, start + 400n * DAY);
    // The chain moves 30 days ahead of this machine's clock: the first attestation has expired on chain only.
    await chain.rpc("evm_increaseTime", [Number(30n * DAY)]);
    await chain.mine(1);
    chainTime = (await chain.public.getBlock()).timestamp;

    indexer = await IndexerProcess.create({
      rpcUrl: chain.url,
      addressBookDir: join(work, "deployments"),
      database: { kind: "pglite", dir: join(work, "pglite") },
      logFile: join(work, "indexer.log"),
    });
    indexer.start();
    await indexer.waitForBlock(await chain.head());
  });

  after(async () => {
    await indexer?.stop();
    await chain?.stop();
    rmSync(work, { recursive: true, force: true });
  });

  it("reports an attestation expired in chain time as not in force, as KycRegistry does", async () => {
    const { status, body } = await indexer.get<Summary>(`/api/accounts/31337/${soonExpired}`);

    assert.equal(status, 200);
    assert.equal(await validLevel(soonExpired), 0);
    assert.equal(body.kyc.level, 2);
    assert.ok(BigInt(body.kyc.expiresAt) > BigInt(Math.floor(Date.now() / 1000)));
    assert.equal(body.kyc.inForce, false);
    assert.equal(body.kyc.asOf, chainTime.toString());
  });

  it("reports an attestation still valid in chain time as in force", async () => {
    const { body } = await indexer.get<Summary>(`/api/accounts/31337/${longValid}`);

    assert.equal(await validLevel(longValid), 2);
    assert.equal(body.kyc.inForce, true);
    assert.equal(body.kyc.asOf, chainTime.toString());
  });
});
