// End to end: the velocity limits count an approval while it can still be sent and once it was sent on-chain; an
// approval that lapsed unsent (nonce unused after its deadline, on the chain's clock) drops out, and so does an
// approved decision nobody co-signed within DECISION_TTL_SECONDS.
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { sql } from "drizzle-orm";
import { generatePrivateKey, privateKeyToAccount } from "viem/accounts";
import { accounts, startTestChain, type TestChain } from "../helpers/chain.ts";
import { startService, type TestService } from "../helpers/service.ts";

/** 800 tUSD: level 1 allows 1,000 a transfer and 3,000 a day, so three of them leave 600 for the day. */
const AMOUNT = "800000000";

describe("velocity counts approvals that were or can still be sent", () => {
  let chain: TestChain;
  let svc: TestService;
  const sender = privateKeyToAccount(generatePrivateKey());

  before(async () => {
    chain = await startTestChain();
    await chain.attest(sender.address, 1);
    await chain.attest(accounts.bob.address);
    await chain.mint(sender.address, 10_000_000_000n);
    await chain.setEthBalance(sender.address, 10n ** 19n);
    svc = await startService({ chain });
  });

  after(async () => {
    await svc?.close();
    await chain?.stop();
  });

  const request = {
    sender: sender.address,
    recipient: accounts.bob.address,
    token: "",
    amount: AMOUNT,
  };
  const transfer = () => ({ ...request, token: chain.contracts.TestStablecoin });
  const approve = async () => {
    const screen = await svc.call("POST", "/v1/screen", transfer());
    assert.equal(screen.body.outcome, "approve", JSON.stringify(screen.body));
    return screen.body.decisionId as string;
  };
  const cosign = async (decisionId: string) => {
    const r = await svc.call("POST", "/v1/cosign", { decisionId });
    assert.equal(r.status, 200, JSON.stringify(r.body));
    return r.body;
  };
  const dailyLeft = async () => {
    const quote = await svc.call("POST", "/v1/quote", transfer());
    assert.equal(quote.status, 200, JSON.stringify(quote.body));
    return quote.body.remaining.dailyUsd as number;
  };

  it("drops approvals that lapsed unsent and keeps the one that was sent", async () => {
    const sent = await cosign(await approve());
    await cosign(await approve());
    await cosign(await approve());
    await chain.write(
      sender,
      chain.contracts.TestStablecoin,
      chain.abis.TestStablecoin,
      "approve",
      [chain.contracts.Remittance, 10_000_000_000n],
    );
    await chain.write(sender, chain.contracts.Remittance, chain.abis.Remittance, "send", [
      {
        ...sent.approval,
        amount: BigInt(sent.approval.amount),
        fee: BigInt(sent.approval.fee),
        destinationChainId: BigInt(sent.approval.destinationChainId),
        nonce: BigInt(sent.approval.nonce),
        deadline: BigInt(sent.approval.deadline),
      },
      sent.coSignature,
    ]);
    const fourth = await svc.call("POST", "/v1/screen", transfer());
    const whileOpen = await dailyLeft();
    const earlyCheck = await svc.services.executions.check();

    // The chain's clock passes the approvals' deadline (COSIGN_TTL_SECONDS, 300 s).
    await chain.increaseTime(400);
    const check = await svc.services.executions.check();
    const afterCheck = await dailyLeft();
    const again = await svc.call("POST", "/v1/screen", transfer());

    assert.ok(
      fourth.body.reasons.some((r: { code: string }) => r.code === "VELOCITY_SUM_24H"),
      JSON.stringify(fourth.body.reasons),
    );
    assert.equal(whileOpen, 600);
    assert.deepEqual(earlyCheck, { checked: 0, executed: 0, lapsed: 0 });
    assert.deepEqual(check, { checked: 3, executed: 1, lapsed: 2 });
    assert.equal(afterCheck, 2_200);
    assert.equal(again.body.outcome, "approve", JSON.stringify(again.body.reasons));
    assert.ok(!again.body.reasons.some((r: { code: string }) => r.code.startsWith("VELOCITY")));
    const rows = (
      (await svc.services.database.db.execute(
        sql`select executed, count(*)::int as n from decisions where status = 'cosigned' group by executed order by executed`,
      )) as unknown as { rows: { executed: boolean; n: number }[] }
    ).rows;
    assert.deepEqual(rows, [
      { executed: false, n: 2 },
      { executed: true, n: 1 },
    ]);
  });

  it("drops an approved decision nobody co-signed within DECISION_TTL_SECONDS", async () => {
    const before = await dailyLeft();
    const id = await approve();
    const pending = await dailyLeft();

    await svc.services.database.db.execute(
      sql`update decisions set approved_at = now() - interval '16 minutes' where id = ${id}`,
    );
    const lapsed = await dailyLeft();

    assert.equal(pending, before - 800);
    assert.equal(lapsed, before);
  });
});
