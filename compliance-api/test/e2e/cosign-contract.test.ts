// End to end: the service's co-signature is accepted by the deployed Remittance contract; altered or replayed
// approvals are rejected by the contract; a sanctioned recipient from the real OFAC list is refused; a merchant
// payment needs the merchant Approved (KYB), not the payout wallet's KYC.
import assert from "node:assert/strict";
import { writeFileSync } from "node:fs";
import path from "node:path";
import { after, before, describe, it } from "node:test";
import {
  type Address,
  BaseError,
  ContractFunctionRevertedError,
  getAddress,
  type Hex,
  maxUint256,
  parseEventLogs,
} from "viem";
import { generatePrivateKey, privateKeyToAccount } from "viem/accounts";
import { accounts, startTestChain, type TestChain } from "../helpers/chain.ts";
import { startService, type TestService } from "../helpers/service.ts";

const SANCTIONED = "0x01e2919679362dFBC9ee1644Ba9C6da6D6245BB1"; // first line of the real ofac-sdn-ETH.txt snapshot

function revertName(err: unknown): string | undefined {
  if (err instanceof BaseError) {
    const r = err.walk((e) => e instanceof ContractFunctionRevertedError);
    if (r instanceof ContractFunctionRevertedError) return r.data?.errorName;
  }
  return undefined;
}

describe("co-signed approvals on the Remittance contract", () => {
  let chain: TestChain;
  let svc: TestService;

  before(async () => {
    chain = await startTestChain();
    await chain.attest(accounts.alice.address);
    await chain.attest(accounts.bob.address);
    await chain.mint(accounts.alice.address, 1_000_000_000n);
    await chain.write(
      accounts.alice,
      chain.contracts.TestStablecoin,
      chain.abis.TestStablecoin,
      "approve",
      [chain.contracts.Remittance, maxUint256],
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
    chain.write(accounts.alice, chain.contracts.Remittance, chain.abis.Remittance, "send", [
      {
        ...approval,
        amount: BigInt(approval.amount as string),
        fee: BigInt(approval.fee as string),
        destinationChainId: BigInt(approval.destinationChainId as string),
        nonce: BigInt(approval.nonce as string),
        deadline: BigInt(approval.deadline as string),
      },
      coSignature,
    ]);

  it("accepts the service's co-signature and pays the recipient", async () => {
    const signed = await screenAndCosign({ memo: "rent for March" });
    const before = (await chain.publicClient.readContract({
      address: chain.contracts.TestStablecoin,
      abi: chain.abis.TestStablecoin,
      functionName: "balanceOf",
      args: [accounts.bob.address],
    })) as bigint;

    const hash = await send(signed.approval, signed.coSignature);

    const receipt = await chain.publicClient.getTransactionReceipt({ hash });
    const [sent] = parseEventLogs({
      abi: chain.abis.Remittance,
      logs: receipt.logs,
      eventName: "RemittanceSent",
    }) as unknown as {
      args: { id: Hex };
    }[];
    assert.equal(sent?.args.id, signed.remittanceId);
    const afterBalance = (await chain.publicClient.readContract({
      address: chain.contracts.TestStablecoin,
      abi: chain.abis.TestStablecoin,
      functionName: "balanceOf",
      args: [accounts.bob.address],
    })) as bigint;
    assert.equal(afterBalance - before, 25_000_000n);
    assert.equal(signed.approval.fee, "125000");
  });

  it("rejects a replayed approval with RemittanceNonceUsed", async () => {
    const signed = await screenAndCosign();
    await send(signed.approval, signed.coSignature);

    await assert.rejects(
      send(signed.approval, signed.coSignature),
      (err) => revertName(err) === "RemittanceNonceUsed",
    );
  });

  it("rejects an altered approval with RemittanceInvalidSignature", async () => {
    const signed = await screenAndCosign();
    const altered = { ...signed.approval, memoHash: `0x${"ab".repeat(32)}` };

    await assert.rejects(
      send(altered, signed.coSignature),
      (err) => revertName(err) === "RemittanceInvalidSignature",
    );
  });

  it("hands out consecutive nonces and refuses a second co-signature of one decision", async () => {
    const a = await screenAndCosign();
    const b = await screenAndCosign();
    assert.equal(BigInt(b.approval.nonce), BigInt(a.approval.nonce) + 1n);

    const again = await svc.call("POST", "/v1/cosign", { decisionId: a.decisionId });

    assert.equal(again.status, 409);
    assert.equal(again.body.error.code, "DECISION_ALREADY_COSIGNED");
  });

  it("rejects a transfer to a sanctioned address from the real OFAC list and drafts a SAR", async () => {
    const screen = await svc.call("POST", "/v1/screen", transfer({ recipient: SANCTIONED }));

    assert.equal(screen.status, 200);
    assert.equal(screen.body.outcome, "reject");
    assert.equal(screen.body.score, 100);
    const reason = screen.body.reasons.find(
      (r: { code: string }) => r.code === "SANCTIONED_RECIPIENT",
    );
    assert.ok(reason, JSON.stringify(screen.body.reasons));
    assert.equal(reason.blocking, true);
    assert.equal(screen.body.sanctionsListVersion, svc.services.sanctions.current.version);
    const cosign = await svc.call("POST", "/v1/cosign", { decisionId: screen.body.decisionId });
    assert.equal(cosign.status, 409);
    assert.equal(cosign.body.error.code, "DECISION_REJECTED");
    const officer = await svc.signIn(accounts.officer1);
    const sars = await svc.call("GET", "/v1/sars", undefined, {
      authorization: `Bearer ${officer}`,
    });
    assert.ok(
      sars.body.sars.some((s: { decisionId: string }) => s.decisionId === screen.body.decisionId),
    );
  });

  it("finds a sanctioned 1-hop counterparty in the chain's RemittanceSent logs", async () => {
    writeFileSync(path.join(svc.extraListDir, "extra.txt"), `${accounts.bob.address}\n`);
    await svc.services.reloadSanctions("test");
    try {
      const screen = await svc.call(
        "POST",
        "/v1/screen",
        transfer({ sender: accounts.carol.address, recipient: accounts.alice.address }),
      );

      const exposure = screen.body.reasons.find(
        (r: { code: string }) => r.code === "EXPOSURE_SANCTIONED",
      );
      assert.ok(exposure, JSON.stringify(screen.body.reasons));
      assert.deepEqual(exposure.details.counterparties, [accounts.bob.address.toLowerCase()]);
      assert.equal(svc.services.exposure.name, "chain-logs");
    } finally {
      writeFileSync(path.join(svc.extraListDir, "extra.txt"), "\n");
      await svc.services.reloadSanctions("test");
    }
  });

  it("rejects when the recipient has no KYC attestation", async () => {
    const screen = await svc.call(
      "POST",
      "/v1/screen",
      transfer({ recipient: accounts.carol.address }),
    );

    assert.equal(screen.body.outcome, "reject");
    assert.ok(
      screen.body.reasons.some((r: { code: string }) => r.code === "KYC_RECIPIENT_MISSING"),
    );
  });

  it("refuses recipients the contract would refuse with 400, in quote and in screen", async () => {
    const cases = [
      ["0x0000000000000000000000000000000000000000", "RECIPIENT_ZERO_ADDRESS"],
      [accounts.alice.address, "RECIPIENT_IS_SENDER"],
      [accounts.alice.address.toLowerCase(), "RECIPIENT_IS_SENDER"],
      [chain.contracts.Remittance, "RECIPIENT_IS_CONTRACT"],
    ] as const;

    for (const [recipient, code] of cases) {
      for (const route of ["/v1/quote", "/v1/screen"]) {
        const r = await svc.call("POST", route, transfer({ recipient }));

        assert.equal(r.status, 400, `${route} ${recipient}: ${JSON.stringify(r.body)}`);
        assert.equal(r.body.error.code, code, route);
        assert.match(r.body.error.message, /^The recipient is /);
      }
    }
  });

  it("refuses a merchant whose payout wallet is the sender's", async () => {
    const merchantId = await chain.registerMerchant(accounts.admin, accounts.alice.address);

    const r = await svc.call("POST", "/v1/quote", {
      sender: accounts.alice.address,
      token: chain.contracts.TestStablecoin,
      amount: "1000000",
      merchantId: merchantId.toString(),
    });

    assert.equal(r.status, 400, JSON.stringify(r.body));
    assert.equal(r.body.error.code, "RECIPIENT_IS_SENDER");
    assert.match(r.body.error.message, new RegExp(`merchant ${merchantId}'s payout wallet`));
  });

  it("refuses a transfer the sender cannot pay with 422 INSUFFICIENT_BALANCE, in quote and in screen", async () => {
    const holder = privateKeyToAccount(generatePrivateKey());
    await chain.attest(holder.address);
    await chain.mint(holder.address, 10_000_000_000n);
    const request = transfer({ sender: holder.address, amount: "20000000000" });

    for (const route of ["/v1/quote", "/v1/screen"]) {
      const r = await svc.call("POST", route, request);

      assert.equal(r.status, 422, `${route}: ${JSON.stringify(r.body)}`);
      assert.equal(r.body.error.code, "INSUFFICIENT_BALANCE");
      assert.equal(
        r.body.error.message,
        `The sender ${holder.address} holds 10,000 tUSD; the transfer needs amount + fee = 20,000 tUSD + 100 tUSD = 20,100 tUSD. Send less or top up the wallet first.`,
      );
      assert.deepEqual(r.body.error.details, {
        balance: "10000000000",
        amount: "20000000000",
        fee: "100000000",
        required: "20100000000",
        token: getAddress(chain.contracts.TestStablecoin),
      });
    }
    const all = await svc.call("POST", "/v1/quote", { ...request, amount: "9950248756" });
    assert.equal(all.status, 200, JSON.stringify(all.body));
    assert.equal(all.body.total, "9999999999");
  });

  describe("when paying a merchant", () => {
    const payMerchant = (
      merchantId: bigint,
      approval: Record<string, string>,
      coSignature: { signer: Hex; signature: Hex },
    ) =>
      chain.write(
        accounts.alice,
        chain.contracts.Remittance,
        chain.abis.Remittance,
        "payMerchant",
        [
          merchantId,
          {
            ...approval,
            amount: BigInt(approval.amount as string),
            fee: BigInt(approval.fee as string),
            destinationChainId: BigInt(approval.destinationChainId as string),
            nonce: BigInt(approval.nonce as string),
            deadline: BigInt(approval.deadline as string),
          },
          coSignature,
        ],
      );
    const balanceOf = async (who: Address) =>
      (await chain.publicClient.readContract({
        address: chain.contracts.TestStablecoin,
        abi: chain.abis.TestStablecoin,
        functionName: "balanceOf",
        args: [who],
      })) as bigint;

    it("approves a payment to an Approved merchant whose payout wallet has no KYC, and the contract pays it", async () => {
      const payout = privateKeyToAccount(generatePrivateKey()).address;
      const merchantId = await chain.registerMerchant(accounts.admin, payout, { feeBps: 150 });
      // What the frontend's merchant page sends: the payout wallet as recipient, and the merchant id.
      const request = {
        sender: accounts.alice.address,
        recipient: payout,
        token: chain.contracts.TestStablecoin,
        amount: "1000000",
        merchantId: merchantId.toString(),
      };

      const screen = await svc.call("POST", "/v1/screen", request);

      assert.equal(screen.status, 200, JSON.stringify(screen.body));
      assert.equal(screen.body.outcome, "approve", JSON.stringify(screen.body.reasons));
      assert.deepEqual(
        screen.body.reasons.map((r: { code: string }) => r.code),
        ["NEW_RECIPIENT"],
      );
      assert.equal(screen.body.fee, "15000");
      const cosign = await svc.call("POST", "/v1/cosign", { decisionId: screen.body.decisionId });
      assert.equal(cosign.status, 200, JSON.stringify(cosign.body));
      assert.equal(cosign.body.approval.recipient, payout);
      const hash = await payMerchant(merchantId, cosign.body.approval, cosign.body.coSignature);
      const receipt = await chain.publicClient.getTransactionReceipt({ hash });
      const [paid] = parseEventLogs({
        abi: chain.abis.Remittance,
        logs: receipt.logs,
        eventName: "MerchantPaid",
      }) as unknown as { args: { id: Hex; merchantId: bigint } }[];
      assert.equal(paid?.args.merchantId, merchantId);
      assert.equal(paid?.args.id, cosign.body.remittanceId);
      assert.equal(await balanceOf(payout), 1_000_000n);
    });

    it("takes the payout wallet from the registry when only merchantId is given", async () => {
      const payout = privateKeyToAccount(generatePrivateKey()).address;
      const merchantId = await chain.registerMerchant(accounts.admin, payout);

      const screen = await svc.call("POST", "/v1/screen", {
        sender: accounts.alice.address,
        token: chain.contracts.TestStablecoin,
        amount: "1000000",
        merchantId: merchantId.toString(),
      });

      assert.equal(screen.body.outcome, "approve", JSON.stringify(screen.body.reasons));
      const cosign = await svc.call("POST", "/v1/cosign", { decisionId: screen.body.decisionId });
      assert.equal(cosign.body.approval.recipient, payout);
    });

    it("refuses a merchant that is not Approved with 422 MERCHANT_NOT_PAYABLE", async () => {
      const payout = privateKeyToAccount(generatePrivateKey()).address;
      const pending = await chain.registerMerchant(accounts.admin, payout, { status: 1 });
      const suspended = await chain.registerMerchant(accounts.admin, payout, { status: 3 });

      for (const merchantId of [pending, suspended]) {
        const screen = await svc.call("POST", "/v1/screen", {
          sender: accounts.alice.address,
          token: chain.contracts.TestStablecoin,
          amount: "1000000",
          merchantId: merchantId.toString(),
        });

        assert.equal(screen.status, 422, JSON.stringify(screen.body));
        assert.equal(screen.body.error.code, "MERCHANT_NOT_PAYABLE");
      }
    });

    it("refuses a recipient other than the merchant's payout wallet", async () => {
      const payout = privateKeyToAccount(generatePrivateKey()).address;
      const merchantId = await chain.registerMerchant(accounts.admin, payout);

      const screen = await svc.call("POST", "/v1/screen", {
        sender: accounts.alice.address,
        recipient: accounts.bob.address,
        token: chain.contracts.TestStablecoin,
        amount: "1000000",
        merchantId: merchantId.toString(),
      });

      assert.equal(screen.status, 400, JSON.stringify(screen.body));
      assert.equal(screen.body.error.code, "MERCHANT_PAYOUT_MISMATCH");
    });
  });

  it("refuses co-signatures from a signer whose role was revoked (rotation)", async () => {
    const signed = await screenAndCosign();
    const role = (await chain.publicClient.readContract({
      address: chain.contracts.Remittance,
      abi: chain.abis.Remittance,
      functionName: "COMPLIANCE_SIGNER_ROLE",
    })) as Hex;
    await chain.write(
      accounts.admin,
      chain.contracts.Remittance,
      chain.abis.Remittance,
      "grantRole",
      [role, accounts.carol.address],
    );
    await chain.write(
      accounts.admin,
      chain.contracts.Remittance,
      chain.abis.Remittance,
      "revokeRole",
      [role, accounts.cosigner.address],
    );

    await assert.rejects(
      send(signed.approval, signed.coSignature),
      (err) => revertName(err) === "RemittanceUnauthorizedSigner",
    );

    await chain.write(
      accounts.admin,
      chain.contracts.Remittance,
      chain.abis.Remittance,
      "grantRole",
      [role, accounts.cosigner.address],
    );
  });
});
