// End to end: the optional on-chain sanctions-oracle check (Chainalysis' isSanctioned interface) against a test oracle
// deployed on the local chain: a flagged party is rejected with SANCTIONS_ORACLE, an unflagged transfer passes.
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { type Address, createWalletClient, http } from "viem";
import { foundry } from "viem/chains";
import { accounts, artifact, startTestChain, type TestChain } from "../helpers/chain.ts";
import { startService, type TestService } from "../helpers/service.ts";

const ORACLE = artifact("TestSanctionsOracle", "contracts/test/TestSanctionsOracle.sol");

async function deployOracle(chain: TestChain): Promise<Address> {
  const wallet = createWalletClient({
    account: accounts.admin,
    chain: foundry,
    transport: http(chain.rpcUrl),
  });
  const hash = await wallet.deployContract({
    abi: ORACLE.abi,
    bytecode: ORACLE.bytecode,
    args: [accounts.admin.address],
  });
  const receipt = await chain.publicClient.waitForTransactionReceipt({ hash });
  if (!receipt.contractAddress) throw new Error("oracle deployment failed");
  return receipt.contractAddress;
}

describe("sanctions oracle check", () => {
  let chain: TestChain;
  let svc: TestService;
  let oracle: Address;

  before(async () => {
    chain = await startTestChain();
    for (const who of [accounts.alice, accounts.bob, accounts.carol, accounts.officer1])
      await chain.attest(who.address);
    oracle = await deployOracle(chain);
    await chain.write(accounts.admin, oracle, ORACLE.abi, "addToSanctionsList", [
      [accounts.carol.address, accounts.officer1.address],
    ]);
    svc = await startService({ chain, env: { SANCTIONS_ORACLE_ADDRESS: oracle } });
  });
  after(async () => {
    await svc?.close();
    await chain?.stop();
  });

  const screen = (sender: Address, recipient: Address) =>
    svc.call("POST", "/v1/screen", {
      sender,
      recipient,
      token: chain.contracts.TestStablecoin,
      amount: "10000000",
    });
  const codes = (body: { reasons: { code: string }[] }) => body.reasons.map((r) => r.code);

  it("rejects a transfer to a recipient the oracle flags, naming the flagged address", async () => {
    const res = await screen(accounts.alice.address, accounts.carol.address);

    assert.equal(res.status, 200, JSON.stringify(res.body));
    assert.equal(res.body.outcome, "reject");
    const reason = res.body.reasons.find((r: { code: string }) => r.code === "SANCTIONS_ORACLE");
    assert.ok(reason, JSON.stringify(res.body.reasons));
    assert.equal(reason.blocking, true);
    assert.deepEqual(reason.details.addresses, [accounts.carol.address]);
    assert.ok(!codes(res.body).includes("SANCTIONED_RECIPIENT"));
  });

  it("rejects a transfer from a sender the oracle flags", async () => {
    const res = await screen(accounts.officer1.address, accounts.bob.address);

    assert.equal(res.body.outcome, "reject");
    const reason = res.body.reasons.find((r: { code: string }) => r.code === "SANCTIONS_ORACLE");
    assert.deepEqual(reason?.details.addresses, [accounts.officer1.address]);
  });

  it("approves a transfer between parties the oracle does not flag", async () => {
    const res = await screen(accounts.alice.address, accounts.bob.address);

    assert.equal(res.body.outcome, "approve", JSON.stringify(res.body.reasons));
    assert.ok(!codes(res.body).includes("SANCTIONS_ORACLE"));
  });
});
