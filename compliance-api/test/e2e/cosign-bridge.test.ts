// End to end, cross-chain: a transfer to another chain is screened against the CCIP bridge's lane and co-signed in the
// bridge's own EIP-712 domain with its own nonces; the deployed CcipRemittanceSender accepts the co-signature and
// rejects it altered or replayed; an unknown destination chain or a paused lane gets a clear 422.
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import {
  type Address,
  BaseError,
  ContractFunctionRevertedError,
  getAddress,
  type Hex,
  maxUint256,
  parseEventLogs,
  zeroAddress,
} from "viem";
import { bridgeSenderArtifact, deployBridgeSender } from "../helpers/bridge.ts";
import { accounts, startTestChain, type TestChain } from "../helpers/chain.ts";
import { startService, type TestService } from "../helpers/service.ts";

const DESTINATION_CHAIN_ID = 31_338;
const LOCAL_SELECTOR = 1_000_031_337n;
const DESTINATION_SELECTOR = 1_000_031_338n;
const BRIDGE_FEE_BPS = 30;
/** Stands in for the receiver on the destination chain (no code here, so the simulator's router only moves tokens). */
const REMOTE_RECEIVER = "0x000000000000000000000000000000000000bEEF" as Address;

function revertName(err: unknown): string | undefined {
  if (err instanceof BaseError) {
    const r = err.walk((e) => e instanceof ContractFunctionRevertedError);
    if (r instanceof ContractFunctionRevertedError) return r.data?.errorName;
  }
  return undefined;
}

describe("co-signed cross-chain approvals on the CCIP bridge sender", () => {
  let chain: TestChain;
  let svc: TestService;
  let bridge: Address;
  const senderArtifact = bridgeSenderArtifact();

  before(async () => {
    chain = await startTestChain();
    await chain.attest(accounts.alice.address);
    await chain.attest(accounts.bob.address);
    await chain.mint(accounts.alice.address, 1_000_000_000n);
    bridge = await deployBridgeSender(chain, {
      localSelector: LOCAL_SELECTOR,
      remoteChainId: DESTINATION_CHAIN_ID,
      remoteSelector: DESTINATION_SELECTOR,
      remoteReceiver: REMOTE_RECEIVER,
      feeBps: BRIDGE_FEE_BPS,
    });
    await chain.write(
      accounts.alice,
      chain.contracts.TestStablecoin,
      chain.abis.TestStablecoin,
      "approve",
      [bridge, maxUint256],
    );
    svc = await startService({ chain });
  });

  after(async () => {
    await svc?.close();
    await chain?.stop();
  });

  const transfer = (extra: Record<string, unknown> = {}) => ({
    sender: accounts.alice.address,
    recipient: accounts.bob.address,
    token: chain.contracts.TestStablecoin,
    amount: "25000000",
    destinationChainId: DESTINATION_CHAIN_ID,
    originatorCountry: "US",
    beneficiaryCountry: "NG",
    ...extra,
  });

  const screenAndCosign = async (extra: Record<string, unknown> = {}) => {
    const screen = await svc.call("POST", "/v1/screen", transfer(extra));
    assert.equal(screen.status, 200, JSON.stringify(screen.body));
    assert.equal(screen.body.outcome, "approve", JSON.stringify(screen.body.reasons));
    const cosign = await svc.call("POST", "/v1/cosign", { decisionId: screen.body.decisionId });
    assert.equal(cosign.status, 200, JSON.stringify(cosign.body));
    return cosign.body;
  };

  const send = (approval: Record<string, string>, coSignature: { signer: Hex; signature: Hex }) =>
    chain.write(accounts.alice, bridge, senderArtifact.abi, "send", [
      {
        ...approval,
        amount: BigInt(approval.amount as string),
        fee: BigInt(approval.fee as string),
        destinationChainId: BigInt(approval.destinationChainId as string),
        nonce: BigInt(approval.nonce as string),
        deadline: BigInt(approval.deadline as string),
      },
      coSignature,
      zeroAddress,
    ]);

  it("signs in the bridge's domain with the bridge's fee, and the bridge sender accepts it", async () => {
    const signed = await screenAndCosign({ memo: "school fees" });

    const hash = await send(signed.approval, signed.coSignature);

    assert.equal(signed.contract, "CcipRemittanceSender");
    assert.deepEqual(signed.domain, {
      name: "CLXEND Bridge",
      version: "1",
      chainId: 31337,
      verifyingContract: getAddress(bridge),
    });
    assert.equal(signed.approval.fee, String((25_000_000n * BigInt(BRIDGE_FEE_BPS)) / 10_000n));
    const receipt = await chain.publicClient.getTransactionReceipt({ hash });
    const [sent] = parseEventLogs({
      abi: senderArtifact.abi,
      logs: receipt.logs,
      eventName: "CrossChainRemittanceSent",
    }) as unknown as { args: { id: Hex; destinationChainSelector: bigint; recipient: Address } }[];
    assert.equal(sent?.args.id, signed.remittanceId);
    assert.equal(sent?.args.destinationChainSelector, DESTINATION_SELECTOR);
    assert.equal(sent?.args.recipient, accounts.bob.address);
  });

  it("takes nonces from the bridge's own sequence, not Remittance's", async () => {
    const a = await screenAndCosign();
    const b = await screenAndCosign();

    assert.equal(BigInt(b.approval.nonce), BigInt(a.approval.nonce) + 1n);
    assert.ok(BigInt(a.approval.nonce) >= 2n ** 62n, a.approval.nonce);
    const used = await chain.publicClient.readContract({
      address: chain.contracts.Remittance,
      abi: chain.abis.Remittance,
      functionName: "isNonceUsed",
      args: [BigInt(a.approval.nonce)],
    });
    assert.equal(used, false);
  });

  it("co-signs local and cross-chain transfers side by side (separate nonce sequences)", async () => {
    const local = await screenAndCosign({ destinationChainId: 31337 });
    const crossChain = await screenAndCosign();
    const localAgain = await screenAndCosign({ destinationChainId: 31337 });

    assert.equal(local.contract, "Remittance");
    assert.equal(crossChain.contract, "CcipRemittanceSender");
    assert.equal(BigInt(localAgain.approval.nonce), BigInt(local.approval.nonce) + 1n);
  });

  it("rejects a replayed approval with BridgeNonceUsed", async () => {
    const signed = await screenAndCosign();
    await send(signed.approval, signed.coSignature);

    await assert.rejects(
      send(signed.approval, signed.coSignature),
      (err) => revertName(err) === "BridgeNonceUsed",
    );
  });

  it("rejects an altered approval with BridgeInvalidSignature", async () => {
    const signed = await screenAndCosign();
    const altered = { ...signed.approval, memoHash: `0x${"ab".repeat(32)}` };

    await assert.rejects(
      send(altered, signed.coSignature),
      (err) => revertName(err) === "BridgeInvalidSignature",
    );
  });

  it("answers 422 DESTINATION_CHAIN_NOT_SUPPORTED for a chain without a lane, naming the chains with one", async () => {
    const screen = await svc.call("POST", "/v1/screen", transfer({ destinationChainId: 4242 }));

    assert.equal(screen.status, 422, JSON.stringify(screen.body));
    assert.equal(screen.body.error.code, "DESTINATION_CHAIN_NOT_SUPPORTED");
    assert.match(screen.body.error.message, /chain 4242/);
    assert.deepEqual(screen.body.error.details.supportedDestinationChainIds, [
      DESTINATION_CHAIN_ID,
    ]);
  });

  it("answers 422 BRIDGE_LANE_PAUSED while the lane is paused", async () => {
    await chain.write(accounts.admin, bridge, senderArtifact.abi, "pauseLane", [
      DESTINATION_SELECTOR,
    ]);
    try {
      const screen = await svc.call("POST", "/v1/screen", transfer());

      assert.equal(screen.status, 422, JSON.stringify(screen.body));
      assert.equal(screen.body.error.code, "BRIDGE_LANE_PAUSED");
    } finally {
      await chain.write(accounts.admin, bridge, senderArtifact.abi, "unpauseLane", [
        DESTINATION_SELECTOR,
      ]);
    }
  });

  it("refuses a cross-chain merchant payment", async () => {
    const screen = await svc.call("POST", "/v1/screen", transfer({ merchantId: "1" }));

    assert.equal(screen.status, 400, JSON.stringify(screen.body));
    assert.equal(screen.body.error.code, "MERCHANT_CROSS_CHAIN");
  });
});
