// Specification of Remittance escrows: escrow send, claim with the claim key, refund after expiry, every revert.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { network } from "hardhat";
import { getAddress, keccak256, pad, slice, stringToHex, toHex, zeroHash } from "viem";
import { privateKeyToAccount } from "viem/accounts";
import { DAY, HOUR, malleate, suiteWithFee } from "./fixture.ts";

const { networkHelpers, viem } = await network.create();
const idOf = (nonce: bigint) => pad(toHex(nonce), { size: 32 });

/** The suite with one open escrow from alice to the claim key, expiring in one day. */
async function withEscrow() {
  const suite = await networkHelpers.loadFixture(suiteWithFee);
  const approval = await suite.escrowApprovalFor();
  const expiresAt = BigInt(await networkHelpers.time.latest()) + DAY;
  await suite.remittance.write.sendToEscrow([approval, expiresAt, await suite.coSign(approval)], {
    account: suite.wallets.alice.account,
  });
  const id = idOf(approval.nonce);
  return { ...suite, approval, expiresAt, id, terms: suite.termsOf(approval, expiresAt) };
}

describe("Remittance sendToEscrow", () => {
  it("holds the amount in Remittance, pays the fee and emits RemittanceSent and RemittanceDetails", async () => {
    const suite = await networkHelpers.loadFixture(suiteWithFee);
    const approval = await suite.escrowApprovalFor();
    const expiresAt = BigInt(await networkHelpers.time.latest()) + 2n * DAY;
    const treasury = suite.wallets.treasury.account.address;
    const treasuryBefore = await suite.token.read.balanceOf([treasury]);

    const hash = await suite.remittance.write.sendToEscrow(
      [approval, expiresAt, await suite.coSign(approval)],
      {
        account: suite.wallets.alice.account,
      },
    );

    await viem.assertions.emitWithArgs(Promise.resolve(hash), suite.remittance, "RemittanceSent", [
      idOf(approval.nonce),
      getAddress(approval.sender),
      "0x0000000000000000000000000000000000000000",
      approval.amount,
    ]);
    await viem.assertions.emitWithArgs(
      Promise.resolve(hash),
      suite.remittance,
      "RemittanceDetails",
      [
        idOf(approval.nonce),
        getAddress(suite.token.address),
        approval.fee,
        approval.claimHash,
        expiresAt,
      ],
    );
    assert.equal(await suite.token.read.balanceOf([suite.remittance.address]), approval.amount);
    assert.equal(await suite.token.read.balanceOf([treasury]), treasuryBefore + approval.fee);
    assert.equal(await suite.remittance.read.isEscrowOpen([idOf(approval.nonce)]), true);
  });

  it("opens an escrow with a permit in the same transaction", async () => {
    const suite = await networkHelpers.loadFixture(suiteWithFee);
    const carol = suite.wallets.carol;
    const approval = await suite.escrowApprovalFor({ sender: carol.account.address });
    const permit = await suite.permitFor(carol, approval.amount + approval.fee);
    const expiresAt = BigInt(await networkHelpers.time.latest()) + DAY;

    await suite.remittance.write.sendToEscrowWithPermit(
      [approval, expiresAt, await suite.coSign(approval), permit],
      { account: carol.account },
    );

    assert.equal(await suite.remittance.read.isEscrowOpen([idOf(approval.nonce)]), true);
  });

  it("reverts with RemittanceInvalidApproval('recipient') when a recipient is set", async () => {
    const suite = await networkHelpers.loadFixture(suiteWithFee);
    const approval = await suite.escrowApprovalFor({
      recipient: suite.wallets.bob.account.address,
    });
    const expiresAt = BigInt(await networkHelpers.time.latest()) + DAY;

    await viem.assertions.revertWithCustomErrorWithArgs(
      suite.remittance.write.sendToEscrow([approval, expiresAt, await suite.coSign(approval)], {
        account: suite.wallets.alice.account,
      }),
      suite.remittance,
      "RemittanceInvalidApproval",
      ["recipient"],
    );
  });

  it("reverts with RemittanceInvalidApproval('claimHash') when the claim hash is zero", async () => {
    const suite = await networkHelpers.loadFixture(suiteWithFee);
    const approval = await suite.escrowApprovalFor({ claimHash: zeroHash });
    const expiresAt = BigInt(await networkHelpers.time.latest()) + DAY;

    await viem.assertions.revertWithCustomErrorWithArgs(
      suite.remittance.write.sendToEscrow([approval, expiresAt, await suite.coSign(approval)], {
        account: suite.wallets.alice.account,
      }),
      suite.remittance,
      "RemittanceInvalidApproval",
      ["claimHash"],
    );
  });

  for (const [label, offset] of [
    ["earlier than the shortest duration", HOUR - 1n],
    ["later than the longest duration", 90n * DAY + 1n],
  ] as const) {
    it(`reverts with RemittanceEscrowExpiryOutOfBounds when the expiry is ${label}`, async () => {
      const suite = await networkHelpers.loadFixture(suiteWithFee);
      const approval = await suite.escrowApprovalFor();
      const coSignature = await suite.coSign(approval);
      const blockTime = BigInt(await networkHelpers.time.latest()) + 10n;
      await networkHelpers.time.setNextBlockTimestamp(blockTime);

      await viem.assertions.revertWithCustomErrorWithArgs(
        suite.remittance.write.sendToEscrow([approval, blockTime + offset, coSignature], {
          account: suite.wallets.alice.account,
        }),
        suite.remittance,
        "RemittanceEscrowExpiryOutOfBounds",
        [blockTime + offset, blockTime + HOUR, blockTime + 90n * DAY],
      );
    });
  }

  it("reverts with RemittanceKycRequired when the sender has no KYC", async () => {
    const suite = await networkHelpers.loadFixture(suiteWithFee);
    await suite.kyc.write.revoke([suite.wallets.alice.account.address, zeroHash], {
      account: suite.wallets.kycProvider.account,
    });
    const approval = await suite.escrowApprovalFor();
    const expiresAt = BigInt(await networkHelpers.time.latest()) + DAY;

    await viem.assertions.revertWithCustomErrorWithArgs(
      suite.remittance.write.sendToEscrow([approval, expiresAt, await suite.coSign(approval)], {
        account: suite.wallets.alice.account,
      }),
      suite.remittance,
      "RemittanceKycRequired",
      [getAddress(suite.wallets.alice.account.address)],
    );
  });
});

describe("Remittance claim", () => {
  describe("when the claim key signed for the caller", () => {
    it("pays the caller, closes the escrow and emits RemittanceClaimed", async () => {
      const { remittance, token, wallets, id, terms, signClaim } = await withEscrow();
      const carol = wallets.carol.account;
      const before = await token.read.balanceOf([carol.address]);

      await viem.assertions.emitWithArgs(
        remittance.write.claim([id, terms, await signClaim(id, carol.address)], { account: carol }),
        remittance,
        "RemittanceClaimed",
        [id, getAddress(carol.address), terms.amount],
      );

      assert.equal(await token.read.balanceOf([carol.address]), before + terms.amount);
      assert.equal(await token.read.balanceOf([remittance.address]), 0n);
      assert.equal(await remittance.read.isEscrowOpen([id]), false);
    });

    it("still pays in the block at the expiry", async () => {
      const { remittance, wallets, id, terms, expiresAt, signClaim } = await withEscrow();
      const signature = await signClaim(id, wallets.carol.account.address);
      await networkHelpers.time.setNextBlockTimestamp(expiresAt);

      await remittance.write.claim([id, terms, signature], { account: wallets.carol.account });

      assert.equal(await remittance.read.isEscrowOpen([id]), false);
    });

    it("still pays after the token was removed from the allow-list", async () => {
      const { remittance, token, wallets, id, terms, signClaim } = await withEscrow();
      await remittance.write.setTokenAllowed([token.address, false], {
        account: wallets.admin.account,
      });

      await remittance.write.claim(
        [id, terms, await signClaim(id, wallets.carol.account.address)],
        {
          account: wallets.carol.account,
        },
      );

      assert.equal(await remittance.read.isEscrowOpen([id]), false);
    });
  });

  describe("when the claim is not valid", () => {
    it("reverts with RemittanceInvalidClaim when a claim signed for A is sent by B (front-running)", async () => {
      const { remittance, wallets, id, terms, signClaim } = await withEscrow();
      const signatureForCarol = await signClaim(id, wallets.carol.account.address);

      await viem.assertions.revertWithCustomErrorWithArgs(
        remittance.write.claim([id, terms, signatureForCarol], { account: wallets.bob.account }),
        remittance,
        "RemittanceInvalidClaim",
        [id, getAddress(wallets.bob.account.address)],
      );
    });

    it("reverts with RemittanceInvalidClaim when another key signed", async () => {
      const { remittance, wallets, id, terms, signClaim } = await withEscrow();
      const wrongKey = privateKeyToAccount(keccak256(stringToHex("not the claim key")));
      const signature = await signClaim(id, wallets.carol.account.address, wrongKey);

      await viem.assertions.revertWithCustomErrorWithArgs(
        remittance.write.claim([id, terms, signature], { account: wallets.carol.account }),
        remittance,
        "RemittanceInvalidClaim",
        [id, getAddress(wallets.carol.account.address)],
      );
    });

    for (const [label, mangle] of [
      ["high-s (malleated)", malleate],
      ["64 bytes long", (signature: `0x${string}`) => slice(signature, 0, 64)],
    ] as const) {
      it(`reverts with RemittanceInvalidClaim when the claim signature is ${label}`, async () => {
        const { remittance, wallets, id, terms, signClaim } = await withEscrow();
        const signature = mangle(await signClaim(id, wallets.carol.account.address));

        await viem.assertions.revertWithCustomErrorWithArgs(
          remittance.write.claim([id, terms, signature], { account: wallets.carol.account }),
          remittance,
          "RemittanceInvalidClaim",
          [id, getAddress(wallets.carol.account.address)],
        );
      });
    }

    it("reverts with RemittanceKycRequired when the claimer has no KYC", async () => {
      const { remittance, wallets, id, terms, signClaim } = await withEscrow();
      const stranger = wallets.stranger.account;

      await viem.assertions.revertWithCustomErrorWithArgs(
        remittance.write.claim([id, terms, await signClaim(id, stranger.address)], {
          account: stranger,
        }),
        remittance,
        "RemittanceKycRequired",
        [getAddress(stranger.address)],
      );
    });

    it("reverts with RemittanceEscrowExpired after the expiry", async () => {
      const { remittance, wallets, id, terms, expiresAt, signClaim } = await withEscrow();
      const signature = await signClaim(id, wallets.carol.account.address);
      await networkHelpers.time.setNextBlockTimestamp(expiresAt + 1n);

      await viem.assertions.revertWithCustomErrorWithArgs(
        remittance.write.claim([id, terms, signature], { account: wallets.carol.account }),
        remittance,
        "RemittanceEscrowExpired",
        [id, expiresAt],
      );
    });

    it("reverts with RemittanceEscrowNotOpen when claimed twice", async () => {
      const { remittance, wallets, id, terms, signClaim } = await withEscrow();
      const signature = await signClaim(id, wallets.carol.account.address);
      await remittance.write.claim([id, terms, signature], { account: wallets.carol.account });

      await viem.assertions.revertWithCustomErrorWithArgs(
        remittance.write.claim([id, terms, signature], { account: wallets.carol.account }),
        remittance,
        "RemittanceEscrowNotOpen",
        [id],
      );
    });

    for (const field of ["sender", "token", "amount", "claimHash", "expiresAt"] as const) {
      it(`reverts with RemittanceEscrowNotOpen when the terms' ${field} is altered`, async () => {
        const { remittance, wallets, id, terms, signClaim } = await withEscrow();
        const altered = {
          ...terms,
          ...{
            sender: { sender: wallets.bob.account.address },
            token: { token: remittance.address },
            amount: { amount: terms.amount * 2n },
            claimHash: { claimHash: keccak256("0x99") },
            expiresAt: { expiresAt: terms.expiresAt + 1n },
          }[field],
        };

        await viem.assertions.revertWithCustomErrorWithArgs(
          remittance.write.claim(
            [id, altered, await signClaim(id, wallets.carol.account.address)],
            {
              account: wallets.carol.account,
            },
          ),
          remittance,
          "RemittanceEscrowNotOpen",
          [id],
        );
      });
    }

    it("reverts with RemittanceEscrowNotOpen for an id that never was an escrow", async () => {
      const { remittance, wallets, terms, signClaim } = await withEscrow();
      const unknown = idOf(12345n);

      await viem.assertions.revertWithCustomErrorWithArgs(
        remittance.write.claim(
          [unknown, terms, await signClaim(unknown, wallets.carol.account.address)],
          {
            account: wallets.carol.account,
          },
        ),
        remittance,
        "RemittanceEscrowNotOpen",
        [unknown],
      );
    });

    it("reverts with EnforcedPause while paused", async () => {
      const { remittance, wallets, id, terms, signClaim } = await withEscrow();
      await remittance.write.pause({ account: wallets.pauser.account });

      await viem.assertions.revertWithCustomError(
        remittance.write.claim([id, terms, await signClaim(id, wallets.carol.account.address)], {
          account: wallets.carol.account,
        }),
        remittance,
        "EnforcedPause",
      );
    });
  });
});

describe("Remittance refund", () => {
  it("returns the amount to the sender after the expiry and emits RemittanceRefunded", async () => {
    const { remittance, token, wallets, id, terms, expiresAt } = await withEscrow();
    const alice = wallets.alice.account;
    const before = await token.read.balanceOf([alice.address]);
    await networkHelpers.time.setNextBlockTimestamp(expiresAt + 1n);

    await viem.assertions.emitWithArgs(
      remittance.write.refund([id, terms], { account: alice }),
      remittance,
      "RemittanceRefunded",
      [id, getAddress(alice.address), terms.amount],
    );

    assert.equal(await token.read.balanceOf([alice.address]), before + terms.amount);
    assert.equal(await remittance.read.isEscrowOpen([id]), false);
  });

  it("reverts with RemittanceEscrowNotExpired up to and including the expiry", async () => {
    const { remittance, wallets, id, terms, expiresAt } = await withEscrow();
    await networkHelpers.time.setNextBlockTimestamp(expiresAt);

    await viem.assertions.revertWithCustomErrorWithArgs(
      remittance.write.refund([id, terms], { account: wallets.alice.account }),
      remittance,
      "RemittanceEscrowNotExpired",
      [id, expiresAt],
    );
  });

  it("reverts with RemittanceNotEscrowSender when someone else asks", async () => {
    const { remittance, wallets, id, terms, expiresAt } = await withEscrow();
    await networkHelpers.time.increaseTo(expiresAt + 1n);

    await viem.assertions.revertWithCustomErrorWithArgs(
      remittance.write.refund([id, terms], { account: wallets.bob.account }),
      remittance,
      "RemittanceNotEscrowSender",
      [id, getAddress(wallets.bob.account.address)],
    );
  });

  it("reverts with RemittanceEscrowNotOpen after a claim", async () => {
    const { remittance, wallets, id, terms, expiresAt, signClaim } = await withEscrow();
    await remittance.write.claim([id, terms, await signClaim(id, wallets.carol.account.address)], {
      account: wallets.carol.account,
    });
    await networkHelpers.time.increaseTo(expiresAt + 1n);

    await viem.assertions.revertWithCustomErrorWithArgs(
      remittance.write.refund([id, terms], { account: wallets.alice.account }),
      remittance,
      "RemittanceEscrowNotOpen",
      [id],
    );
  });

  it("reverts with RemittanceEscrowNotOpen when refunded twice", async () => {
    const { remittance, wallets, id, terms, expiresAt } = await withEscrow();
    await networkHelpers.time.increaseTo(expiresAt + 1n);
    await remittance.write.refund([id, terms], { account: wallets.alice.account });

    await viem.assertions.revertWithCustomErrorWithArgs(
      remittance.write.refund([id, terms], { account: wallets.alice.account }),
      remittance,
      "RemittanceEscrowNotOpen",
      [id],
    );
  });

  it("reverts with EnforcedPause while paused", async () => {
    const { remittance, wallets, id, terms, expiresAt } = await withEscrow();
    await networkHelpers.time.increaseTo(expiresAt + 1n);
    await remittance.write.pause({ account: wallets.pauser.account });

    await viem.assertions.revertWithCustomError(
      remittance.write.refund([id, terms], { account: wallets.alice.account }),
      remittance,
      "EnforcedPause",
    );
  });
});
