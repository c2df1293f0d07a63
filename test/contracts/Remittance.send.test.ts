// Specification of Remittance direct sends, permit sends and merchant payments: effects, events and every revert.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { network } from "hardhat";
import { getAddress, keccak256, pad, stringToHex, toHex, zeroAddress, zeroHash } from "viem";
import { type Approval, MERCHANT_FEE_BPS, suiteWithFee, USD } from "./fixture.ts";

const { networkHelpers, viem } = await network.create();
const idOf = (nonce: bigint) => pad(toHex(nonce), { size: 32 });

async function setup() {
  return networkHelpers.loadFixture(suiteWithFee);
}
type Suite = Awaited<ReturnType<typeof setup>>;

/** Co-signs `approval` and sends it from `approval.sender`'s wallet. */
async function sendSigned(suite: Suite, approval: Approval, account = suite.wallets.alice.account) {
  return suite.remittance.write.send([approval, await suite.coSign(approval)], { account });
}

describe("Remittance direct send", () => {
  describe("when the approval is valid", () => {
    it("moves amount to the recipient and the fee to the treasury and emits RemittanceSent and RemittanceDetails", async () => {
      const suite = await setup();
      const { token, remittance, wallets } = suite;
      const approval = await suite.approvalFor();
      const before = await Promise.all(
        [wallets.alice, wallets.bob, wallets.treasury].map((w) =>
          token.read.balanceOf([w.account.address]),
        ),
      );
      const coSignature = await suite.coSign(approval);
      const { result } = await remittance.simulate.send([approval, coSignature], {
        account: wallets.alice.account.address,
      });

      const hash = remittance.write.send([approval, coSignature], {
        account: wallets.alice.account,
      });

      await viem.assertions.emitWithArgs(hash, remittance, "RemittanceSent", [
        idOf(approval.nonce),
        getAddress(approval.sender),
        getAddress(approval.recipient),
        approval.amount,
      ]);
      await viem.assertions.emitWithArgs(
        Promise.resolve(await hash),
        remittance,
        "RemittanceDetails",
        [idOf(approval.nonce), getAddress(token.address), approval.fee, zeroHash, 0n],
      );
      const after = await Promise.all(
        [wallets.alice, wallets.bob, wallets.treasury].map((w) =>
          token.read.balanceOf([w.account.address]),
        ),
      );
      assert.equal(result, idOf(approval.nonce));
      assert.equal(approval.fee, 500_000n);
      assert.deepEqual(
        after.map((balance, index) => balance - (before[index] ?? 0n)),
        [-(approval.amount + approval.fee), approval.amount, approval.fee],
      );
      assert.equal(await remittance.read.isNonceUsed([approval.nonce]), true);
      assert.equal(await token.read.balanceOf([remittance.address]), 0n);
    });

    it("sends nothing to the treasury when the fee rounds down to zero", async () => {
      const suite = await setup();
      const approval = await suite.approvalFor({ amount: 199n });
      const treasuryBefore = await suite.token.read.balanceOf([
        suite.wallets.treasury.account.address,
      ]);

      await sendSigned(suite, approval);

      assert.equal(approval.fee, 0n);
      assert.equal(
        await suite.token.read.balanceOf([suite.wallets.treasury.account.address]),
        treasuryBefore,
      );
    });

    it("accepts nonces in any order, far apart", async () => {
      const suite = await setup();

      await sendSigned(suite, await suite.approvalFor({ nonce: 2n ** 200n }));
      await sendSigned(suite, await suite.approvalFor({ nonce: 3n }));

      assert.equal(await suite.remittance.read.isNonceUsed([2n ** 200n]), true);
      assert.equal(await suite.remittance.read.isNonceUsed([3n]), true);
      assert.equal(await suite.remittance.read.isNonceUsed([4n]), false);
    });
  });

  describe("when the approval does not fit a direct send", () => {
    for (const [label, recipient] of [
      ["zero", zeroAddress],
      ["the sender", "alice"],
      ["the Remittance contract", "remittance"],
    ] as const) {
      it(`reverts with RemittanceInvalidApproval('recipient') when the recipient is ${label}`, async () => {
        const suite = await setup();
        const address =
          recipient === "alice"
            ? suite.wallets.alice.account.address
            : recipient === "remittance"
              ? suite.remittance.address
              : recipient;
        const approval = await suite.approvalFor({ recipient: address });

        await viem.assertions.revertWithCustomErrorWithArgs(
          sendSigned(suite, approval),
          suite.remittance,
          "RemittanceInvalidApproval",
          ["recipient"],
        );
      });
    }

    it("reverts with RemittanceInvalidApproval('claimHash') when a claim hash is set", async () => {
      const suite = await setup();
      const approval = await suite.approvalFor({ claimHash: keccak256("0x1234") });

      await viem.assertions.revertWithCustomErrorWithArgs(
        sendSigned(suite, approval),
        suite.remittance,
        "RemittanceInvalidApproval",
        ["claimHash"],
      );
    });

    it("reverts with RemittanceInvalidApproval('amount') above MAX_AMOUNT", async () => {
      const suite = await setup();
      const approval = await suite.approvalFor({ amount: 2n ** 128n, fee: 0n });

      await viem.assertions.revertWithCustomErrorWithArgs(
        sendSigned(suite, approval),
        suite.remittance,
        "RemittanceInvalidApproval",
        ["amount"],
      );
    });

    it("reverts with RemittanceZeroAmount when the amount is zero", async () => {
      const suite = await setup();
      const approval = await suite.approvalFor({ amount: 0n });

      await viem.assertions.revertWithCustomError(
        sendSigned(suite, approval),
        suite.remittance,
        "RemittanceZeroAmount",
      );
    });
  });

  describe("when a check fails", () => {
    it("reverts with RemittanceSenderMismatch when the caller is not the approval's sender", async () => {
      const suite = await setup();
      const approval = await suite.approvalFor({ recipient: suite.wallets.carol.account.address });

      await viem.assertions.revertWithCustomErrorWithArgs(
        sendSigned(suite, approval, suite.wallets.bob.account),
        suite.remittance,
        "RemittanceSenderMismatch",
        [getAddress(approval.sender), getAddress(suite.wallets.bob.account.address)],
      );
    });

    it("reverts with RemittanceApprovalExpired after the deadline", async () => {
      const suite = await setup();
      const approval = await suite.approvalFor();
      await networkHelpers.time.setNextBlockTimestamp(approval.deadline + 1n);

      await viem.assertions.revertWithCustomErrorWithArgs(
        sendSigned(suite, approval),
        suite.remittance,
        "RemittanceApprovalExpired",
        [approval.deadline, approval.deadline + 1n],
      );
    });

    it("accepts the approval in the block at its deadline", async () => {
      const suite = await setup();
      const approval = await suite.approvalFor();
      const coSignature = await suite.coSign(approval);
      await networkHelpers.time.setNextBlockTimestamp(approval.deadline);

      await suite.remittance.write.send([approval, coSignature], {
        account: suite.wallets.alice.account,
      });

      assert.equal(await suite.remittance.read.isNonceUsed([approval.nonce]), true);
    });

    it("reverts with RemittanceWrongDestinationChain when the approval names another chain", async () => {
      const suite = await setup();
      const approval = await suite.approvalFor({ destinationChainId: 8453n });

      await viem.assertions.revertWithCustomErrorWithArgs(
        sendSigned(suite, approval),
        suite.remittance,
        "RemittanceWrongDestinationChain",
        [8453n, suite.chainId],
      );
    });

    it("reverts with RemittanceTokenNotAllowed for a token that is not allow-listed", async () => {
      const suite = await setup();
      const other = await viem.deployContract("TestStablecoin", [
        suite.wallets.admin.account.address,
      ]);
      const approval = await suite.approvalFor({ token: other.address });

      await viem.assertions.revertWithCustomErrorWithArgs(
        sendSigned(suite, approval),
        suite.remittance,
        "RemittanceTokenNotAllowed",
        [getAddress(other.address)],
      );
    });

    it("reverts with RemittanceFeeMismatch when the fee is not the contract's fee", async () => {
      const suite = await setup();
      const approval = await suite.approvalFor({ fee: 1n });

      await viem.assertions.revertWithCustomErrorWithArgs(
        sendSigned(suite, approval),
        suite.remittance,
        "RemittanceFeeMismatch",
        [500_000n, 1n],
      );
    });

    it("reverts with RemittanceKycRequired when the sender has no KYC in force", async () => {
      const suite = await setup();
      await suite.kyc.write.revoke([suite.wallets.alice.account.address, zeroHash], {
        account: suite.wallets.kycProvider.account,
      });
      const approval = await suite.approvalFor();

      await viem.assertions.revertWithCustomErrorWithArgs(
        sendSigned(suite, approval),
        suite.remittance,
        "RemittanceKycRequired",
        [getAddress(suite.wallets.alice.account.address)],
      );
    });

    it("reverts with RemittanceKycRequired when the recipient has no KYC", async () => {
      const suite = await setup();
      const recipient = suite.wallets.stranger.account.address;
      const approval = await suite.approvalFor({ recipient });

      await viem.assertions.revertWithCustomErrorWithArgs(
        sendSigned(suite, approval),
        suite.remittance,
        "RemittanceKycRequired",
        [getAddress(recipient)],
      );
    });

    it("reverts with RemittanceKycRequired once the recipient's KYC has expired", async () => {
      const suite = await setup();
      const attestation = await suite.kyc.read.attestationOf([suite.wallets.bob.account.address]);
      await networkHelpers.time.increaseTo(attestation.expiresAt);
      const approval = await suite.approvalFor();
      await suite.kyc.write.attest(
        [suite.wallets.alice.account.address, 1, approval.deadline + 1n, keccak256("0x02")],
        { account: suite.wallets.kycProvider.account },
      );

      await viem.assertions.revertWithCustomErrorWithArgs(
        sendSigned(suite, approval),
        suite.remittance,
        "RemittanceKycRequired",
        [getAddress(suite.wallets.bob.account.address)],
      );
    });

    it("reverts with EnforcedPause while paused", async () => {
      const suite = await setup();
      await suite.remittance.write.pause({ account: suite.wallets.pauser.account });
      const approval = await suite.approvalFor();

      await viem.assertions.revertWithCustomError(
        sendSigned(suite, approval),
        suite.remittance,
        "EnforcedPause",
      );
    });

    it("bubbles up the token's ERC20InsufficientBalance when the sender cannot pay", async () => {
      const suite = await setup();
      const approval = await suite.approvalFor({ amount: 2_000_000n * USD });

      await viem.assertions.revertWithCustomErrorWithArgs(
        sendSigned(suite, approval),
        suite.token,
        "ERC20InsufficientBalance",
        [getAddress(approval.sender), 1_000_000n * USD, approval.amount],
      );
      assert.equal(await suite.remittance.read.isNonceUsed([approval.nonce]), false);
    });
  });
});

describe("Remittance sendWithPermit", () => {
  it("sends from a wallet without allowance with one permit for amount + fee", async () => {
    const suite = await setup();
    const carol = suite.wallets.carol;
    const approval = await suite.approvalFor({ sender: carol.account.address });
    const permit = await suite.permitFor(carol, approval.amount + approval.fee);
    const bobBefore = await suite.token.read.balanceOf([approval.recipient]);

    await viem.assertions.emitWithArgs(
      suite.remittance.write.sendWithPermit([approval, await suite.coSign(approval), permit], {
        account: carol.account,
      }),
      suite.remittance,
      "RemittanceSent",
      [
        idOf(approval.nonce),
        getAddress(carol.account.address),
        getAddress(approval.recipient),
        approval.amount,
      ],
    );

    assert.equal(
      await suite.token.read.balanceOf([approval.recipient]),
      bobBefore + approval.amount,
    );
    assert.equal(
      await suite.token.read.allowance([carol.account.address, suite.remittance.address]),
      0n,
    );
  });

  it("still sends when someone submitted the same permit first (front-run permit)", async () => {
    const suite = await setup();
    const carol = suite.wallets.carol;
    const approval = await suite.approvalFor({ sender: carol.account.address });
    const permit = await suite.permitFor(carol, approval.amount + approval.fee);
    await suite.token.write.permit(
      [
        carol.account.address,
        suite.remittance.address,
        permit.value,
        permit.deadline,
        permit.v,
        permit.r,
        permit.s,
      ],
      { account: suite.wallets.stranger.account },
    );

    await suite.remittance.write.sendWithPermit([approval, await suite.coSign(approval), permit], {
      account: carol.account,
    });

    assert.equal(await suite.remittance.read.isNonceUsed([approval.nonce]), true);
  });

  it("bubbles up ERC20InsufficientAllowance when the permit is invalid and there is no allowance", async () => {
    const suite = await setup();
    const carol = suite.wallets.carol;
    const approval = await suite.approvalFor({ sender: carol.account.address });
    const permit = { ...(await suite.permitFor(carol, approval.amount + approval.fee)), value: 1n };

    await viem.assertions.revertWithCustomErrorWithArgs(
      suite.remittance.write.sendWithPermit([approval, await suite.coSign(approval), permit], {
        account: carol.account,
      }),
      suite.token,
      "ERC20InsufficientAllowance",
      [getAddress(suite.remittance.address), 0n, approval.amount],
    );
  });
});

describe("Remittance payMerchant", () => {
  it("pays the merchant's payout wallet at the merchant's fee and emits MerchantPaid", async () => {
    const suite = await setup();
    const approval = await suite.merchantApprovalFor();
    const payout = suite.wallets.merchantPayout.account.address;
    const payoutBefore = await suite.token.read.balanceOf([payout]);
    const coSignature = await suite.coSign(approval);

    const hash = await suite.remittance.write.payMerchant([1n, approval, coSignature], {
      account: suite.wallets.alice.account,
    });

    await viem.assertions.emitWithArgs(Promise.resolve(hash), suite.remittance, "MerchantPaid", [
      idOf(approval.nonce),
      1n,
    ]);
    await viem.assertions.emitWithArgs(Promise.resolve(hash), suite.remittance, "RemittanceSent", [
      idOf(approval.nonce),
      getAddress(approval.sender),
      getAddress(payout),
      approval.amount,
    ]);
    await viem.assertions.emitWithArgs(
      Promise.resolve(hash),
      suite.remittance,
      "RemittanceDetails",
      [
        idOf(approval.nonce),
        getAddress(suite.token.address),
        (approval.amount * BigInt(MERCHANT_FEE_BPS)) / 10_000n,
        zeroHash,
        0n,
      ],
    );
    assert.equal(await suite.token.read.balanceOf([payout]), payoutBefore + approval.amount);
  });

  it("pays with a permit in the same transaction", async () => {
    const suite = await setup();
    const carol = suite.wallets.carol;
    const approval = await suite.merchantApprovalFor({ sender: carol.account.address });
    const permit = await suite.permitFor(carol, approval.amount + approval.fee);

    await suite.remittance.write.payMerchantWithPermit(
      [1n, approval, await suite.coSign(approval), permit],
      {
        account: carol.account,
      },
    );

    assert.equal(await suite.remittance.read.isNonceUsed([approval.nonce]), true);
  });

  it("reverts with RemittanceMerchantNotPayable for an unknown merchant", async () => {
    const suite = await setup();
    const approval = await suite.merchantApprovalFor();

    await viem.assertions.revertWithCustomErrorWithArgs(
      suite.remittance.write.payMerchant([9n, approval, await suite.coSign(approval)], {
        account: suite.wallets.alice.account,
      }),
      suite.remittance,
      "RemittanceMerchantNotPayable",
      [9n],
    );
  });

  for (const [label, status] of [
    ["Pending", 1],
    ["Suspended", 3],
  ] as const) {
    it(`reverts with RemittanceMerchantNotPayable when the merchant is ${label}`, async () => {
      const suite = await setup();
      await suite.merchants.write.setKybStatus([1n, status, zeroHash], {
        account: suite.wallets.complianceOfficer.account,
      });
      const approval = await suite.merchantApprovalFor();

      await viem.assertions.revertWithCustomErrorWithArgs(
        suite.remittance.write.payMerchant([1n, approval, await suite.coSign(approval)], {
          account: suite.wallets.alice.account,
        }),
        suite.remittance,
        "RemittanceMerchantNotPayable",
        [1n],
      );
    });
  }

  it("reverts with RemittanceMerchantNotPayable when the recipient is not the payout wallet", async () => {
    const suite = await setup();
    const approval = await suite.merchantApprovalFor({
      recipient: suite.wallets.bob.account.address,
    });

    await viem.assertions.revertWithCustomErrorWithArgs(
      suite.remittance.write.payMerchant([1n, approval, await suite.coSign(approval)], {
        account: suite.wallets.alice.account,
      }),
      suite.remittance,
      "RemittanceMerchantNotPayable",
      [1n],
    );
  });

  it("reverts with RemittanceInvalidApproval('recipient') when the merchant pays itself", async () => {
    const suite = await setup();
    const alice = suite.wallets.alice.account;
    await suite.merchants.write.register([alice.address, alice.address, 5812, keccak256("0x01")], {
      account: alice,
    });
    await suite.merchants.write.setKybStatus([2n, 2, zeroHash], {
      account: suite.wallets.complianceOfficer.account,
    });
    const approval = await suite.approvalFor({ recipient: alice.address, fee: 0n });

    await viem.assertions.revertWithCustomErrorWithArgs(
      suite.remittance.write.payMerchant([2n, approval, await suite.coSign(approval)], {
        account: alice,
      }),
      suite.remittance,
      "RemittanceInvalidApproval",
      ["recipient"],
    );
  });

  it("reverts with RemittanceInvalidApproval('claimHash') when a claim hash is set", async () => {
    const suite = await setup();
    const approval = await suite.merchantApprovalFor({ claimHash: keccak256(stringToHex("x")) });

    await viem.assertions.revertWithCustomErrorWithArgs(
      suite.remittance.write.payMerchant([1n, approval, await suite.coSign(approval)], {
        account: suite.wallets.alice.account,
      }),
      suite.remittance,
      "RemittanceInvalidApproval",
      ["claimHash"],
    );
  });

  it("reverts with RemittanceFeeMismatch when the approval uses the default fee instead of the merchant's", async () => {
    const suite = await setup();
    const approval = await suite.merchantApprovalFor({ fee: 500_000n });

    await viem.assertions.revertWithCustomErrorWithArgs(
      suite.remittance.write.payMerchant([1n, approval, await suite.coSign(approval)], {
        account: suite.wallets.alice.account,
      }),
      suite.remittance,
      "RemittanceFeeMismatch",
      [1_500_000n, 500_000n],
    );
  });

  it("reverts with RemittanceKycRequired when the payer has no KYC", async () => {
    const suite = await setup();
    await suite.kyc.write.revoke([suite.wallets.alice.account.address, zeroHash], {
      account: suite.wallets.kycProvider.account,
    });
    const approval = await suite.merchantApprovalFor();

    await viem.assertions.revertWithCustomErrorWithArgs(
      suite.remittance.write.payMerchant([1n, approval, await suite.coSign(approval)], {
        account: suite.wallets.alice.account,
      }),
      suite.remittance,
      "RemittanceKycRequired",
      [getAddress(suite.wallets.alice.account.address)],
    );
  });
});
