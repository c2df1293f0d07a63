// End to end on two chains (31337 and 31338, as `npm start -- --chains 2` runs them): one service instance screens and
// co-signs for both. A send starting on 31338 is co-signed in that chain's domains with that chain's nonces and is
// accepted by its Remittance and by its bridge sender; KYC, fees and lanes are read on the source chain, velocity
// counts the sender's transfers on every chain, and a chain the service does not serve is refused.
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { type Address, getAddress, type Hex, maxUint256, parseEventLogs, zeroAddress } from "viem";
import { createComplianceClient } from "../../src/client.ts";
import { bridgeSenderArtifact, deployBridgeSender } from "../helpers/bridge.ts";
import { accounts, startTestChain, type TestChain } from "../helpers/chain.ts";
import { startService, type TestService } from "../helpers/service.ts";

const FIRST = 31_337;
const SECOND = 31_338;
const FIRST_SELECTOR = 1_000_031_337n;
const SECOND_SELECTOR = 1_000_031_338n;
/** Stands in for the receiver on 31337 (no code on 31338, so the simulator's router only moves the tokens). */
const REMOTE_RECEIVER = "0x000000000000000000000000000000000000bEEF" as Address;

type Approval = Record<string, string>;
const onChain = (approval: Approval) => ({
  ...approval,
  amount: BigInt(approval.amount as string),
  fee: BigInt(approval.fee as string),
  destinationChainId: BigInt(approval.destinationChainId as string),
  nonce: BigInt(approval.nonce as string),
  deadline: BigInt(approval.deadline as string),
});

describe("one service for two chains", () => {
  let first: TestChain;
  let second: TestChain;
  let bridge: Address;
  let svc: TestService;

  before(async () => {
    first = await startTestChain();
    second = await startTestChain({
      chainId: SECOND,
      addressBookDir: first.addressBookDir,
      nonceOffset: 3,
    });
    for (const who of [accounts.alice, accounts.bob, accounts.carol])
      await first.attest(who.address);
    // carol has KYC on 31337 only.
    for (const who of [accounts.alice, accounts.bob]) await second.attest(who.address);
    bridge = await deployBridgeSender(second, {
      localSelector: SECOND_SELECTOR,
      remoteChainId: FIRST,
      remoteSelector: FIRST_SELECTOR,
      remoteReceiver: REMOTE_RECEIVER,
      feeBps: 30,
    });
    for (const [chain, spender] of [
      [first, first.contracts.Remittance],
      [second, second.contracts.Remittance],
      [second, bridge],
    ] as const) {
      await chain.write(
        accounts.alice,
        chain.contracts.TestStablecoin,
        chain.abis.TestStablecoin,
        "approve",
        [spender, maxUint256],
      );
    }
    svc = await startService({
      chain: first,
      env: { CHAIN_IDS: `${FIRST},${SECOND}`, RPC_URL_31338: second.rpcUrl },
    });
  });

  after(async () => {
    await svc?.close();
    await second?.stop();
    await first?.stop();
  });

  const transfer = (chain: TestChain, extra: Record<string, unknown> = {}) => ({
    sender: accounts.alice.address,
    recipient: accounts.bob.address,
    token: chain.contracts.TestStablecoin,
    amount: "25000000",
    ...extra,
  });
  const screenAndCosign = async (request: Record<string, unknown>) => {
    const screen = await svc.call("POST", "/v1/screen", request);
    assert.equal(screen.status, 200, JSON.stringify(screen.body));
    assert.equal(screen.body.sourceChainId, request.sourceChainId ?? FIRST);
    assert.equal(screen.body.outcome, "approve", JSON.stringify(screen.body.reasons));
    const cosign = await svc.call("POST", "/v1/cosign", { decisionId: screen.body.decisionId });
    assert.equal(cosign.status, 200, JSON.stringify(cosign.body));
    return cosign.body;
  };
  const balanceOn = async (chain: TestChain, who: Address) =>
    (await chain.publicClient.readContract({
      address: chain.contracts.TestStablecoin,
      abi: chain.abis.TestStablecoin,
      functionName: "balanceOf",
      args: [who],
    })) as bigint;

  it("co-signs a send starting on 31338 in that chain's Remittance domain, and that Remittance pays", async () => {
    const before = await balanceOn(second, accounts.bob.address);
    const signed = await screenAndCosign(transfer(second, { sourceChainId: SECOND }));

    const hash = await second.write(
      accounts.alice,
      second.contracts.Remittance,
      second.abis.Remittance,
      "send",
      [onChain(signed.approval), signed.coSignature],
    );

    assert.equal(signed.contract, "Remittance");
    assert.deepEqual(signed.domain, {
      name: "CLXEND Remittance",
      version: "1",
      chainId: SECOND,
      verifyingContract: getAddress(second.contracts.Remittance),
    });
    assert.notEqual(
      getAddress(second.contracts.Remittance),
      getAddress(first.contracts.Remittance),
    );
    assert.equal(signed.approval.destinationChainId, String(SECOND));
    assert.equal(signed.approval.nonce, "1");
    const receipt = await second.publicClient.getTransactionReceipt({ hash });
    const [sent] = parseEventLogs({
      abi: second.abis.Remittance,
      logs: receipt.logs,
      eventName: "RemittanceSent",
    }) as unknown as { args: { id: Hex } }[];
    assert.equal(sent?.args.id, signed.remittanceId);
    assert.equal((await balanceOn(second, accounts.bob.address)) - before, 25_000_000n);
  });

  it("co-signs a send from 31338 to 31337 in the 31338 bridge's domain, and that bridge sender accepts it", async () => {
    const signed = await screenAndCosign(
      transfer(second, { sourceChainId: SECOND, destinationChainId: FIRST }),
    );
    const senderArtifact = bridgeSenderArtifact();

    const hash = await second.write(accounts.alice, bridge, senderArtifact.abi, "send", [
      onChain(signed.approval),
      signed.coSignature,
      zeroAddress,
    ]);

    assert.equal(signed.contract, "CcipRemittanceSender");
    assert.deepEqual(signed.domain, {
      name: "CLXEND Bridge",
      version: "1",
      chainId: SECOND,
      verifyingContract: getAddress(bridge),
    });
    assert.equal(signed.approval.fee, String((25_000_000n * 30n) / 10_000n));
    const receipt = await second.publicClient.getTransactionReceipt({ hash });
    const [sent] = parseEventLogs({
      abi: senderArtifact.abi,
      logs: receipt.logs,
      eventName: "CrossChainRemittanceSent",
    }) as unknown as { args: { id: Hex; destinationChainSelector: bigint } }[];
    assert.equal(sent?.args.id, signed.remittanceId);
    assert.equal(sent?.args.destinationChainSelector, FIRST_SELECTOR);
  });

  it("screens a request that names no source chain on the first chain, with that chain's own nonces", async () => {
    const signed = await screenAndCosign(transfer(first));

    await first.write(accounts.alice, first.contracts.Remittance, first.abis.Remittance, "send", [
      onChain(signed.approval),
      signed.coSignature,
    ]);

    assert.equal(signed.domain.chainId, FIRST);
    assert.equal(signed.domain.verifyingContract, getAddress(first.contracts.Remittance));
    assert.equal(signed.approval.nonce, "1");
  });

  it("reads KYC, token and fee on the source chain", async () => {
    const onSecond = await svc.call(
      "POST",
      "/v1/screen",
      transfer(second, { sourceChainId: SECOND, recipient: accounts.carol.address }),
    );
    const onFirst = await svc.call(
      "POST",
      "/v1/screen",
      transfer(first, { recipient: accounts.carol.address }),
    );
    const wrongToken = await svc.call(
      "POST",
      "/v1/quote",
      transfer(first, { sourceChainId: SECOND }),
    );

    const codes = (b: { reasons: { code: string }[] }) => b.reasons.map((r) => r.code);
    assert.ok(
      codes(onSecond.body).includes("KYC_RECIPIENT_MISSING"),
      JSON.stringify(onSecond.body),
    );
    assert.ok(!codes(onFirst.body).includes("KYC_RECIPIENT_MISSING"), JSON.stringify(onFirst.body));
    assert.equal(wrongToken.status, 422);
    assert.equal(wrongToken.body.error.code, "TOKEN_NOT_SUPPORTED");
  });

  it("counts the sender's transfers on every chain towards velocity", async () => {
    const quote = () => svc.call("POST", "/v1/quote", transfer(first));
    const before = (await quote()).body.remaining.dailyUsd as number;

    await screenAndCosign(transfer(second, { sourceChainId: SECOND, amount: "500000000" }));
    const after = (await quote()).body.remaining.dailyUsd as number;

    assert.equal(before - after, 500);
  });

  it("refuses a chain it does not serve with 422 SOURCE_CHAIN_NOT_SUPPORTED", async () => {
    const r = await svc.call("POST", "/v1/screen", transfer(first, { sourceChainId: 1 }));

    assert.equal(r.status, 422, JSON.stringify(r.body));
    assert.equal(r.body.error.code, "SOURCE_CHAIN_NOT_SUPPORTED");
    assert.deepEqual(r.body.error.details.supportedSourceChainIds, [FIRST, SECOND]);
  });

  it("reports both chains in /health, the OpenAPI document and the typed client", async () => {
    const health = await svc.call("GET", "/health");
    const doc = await svc.call("GET", "/openapi.json");
    const client = createComplianceClient({
      baseUrl: "http://compliance.test",
      fetch: (input, init) => Promise.resolve(svc.app.request(String(input), init)),
    });

    const quote = await client.quote({ ...transfer(second), sourceChainId: SECOND });

    assert.equal(health.status, 200, JSON.stringify(health.body));
    assert.deepEqual(health.body.chainIds, [FIRST, SECOND]);
    assert.deepEqual(health.body.checks["chain:31338"], { ok: true });
    for (const schema of ["QuoteRequest", "ScreenRequest"]) {
      assert.equal(
        doc.body.components.schemas[schema].properties.sourceChainId.type,
        "integer",
        schema,
      );
    }
    assert.equal(quote.chainId, SECOND);
    assert.equal(quote.feeBps, 50);
  });
});
