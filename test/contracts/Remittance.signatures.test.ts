// Signature-attack suite of Remittance: replay, foreign domains, altered fields, malleability, revoked and wrong
// signers, and ERC-1271 contract signers.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { network } from "hardhat";
import { getAddress, hashTypedData, keccak256, slice, stringToHex, zeroAddress } from "viem";
import { APPROVAL_TYPES, type Approval, malleate, suiteWithFee } from "./fixture.ts";

const { networkHelpers, viem } = await network.create();

async function setup() {
  return networkHelpers.loadFixture(suiteWithFee);
}
type Suite = Awaited<ReturnType<typeof setup>>;

/** Sends `approval` from `account` (alice unless given) with the given co-signature. */
function submit(
  suite: Suite,
  approval: Approval,
  coSignature: { signer: `0x${string}`; signature: `0x${string}` },
) {
  const account =
    approval.sender === suite.wallets.bob.account.address ? suite.wallets.bob.account : undefined;
  return suite.remittance.write.send([approval, coSignature], {
    account: account ?? suite.wallets.alice.account,
  });
}

describe("Remittance co-signature checks", () => {
  it("approvalDigest is the EIP-712 digest of the Approval in the CLXEND Remittance domain", async () => {
    const suite = await setup();
    const approval = await suite.approvalFor();

    const digest = await suite.remittance.read.approvalDigest([approval]);

    assert.equal(
      digest,
      hashTypedData({
        domain: suite.domain,
        types: APPROVAL_TYPES,
        primaryType: "Approval",
        message: approval,
      }),
    );
  });

  describe("when an approval is replayed", () => {
    it("reverts with RemittanceNonceUsed", async () => {
      const suite = await setup();
      const approval = await suite.approvalFor();
      const coSignature = await suite.coSign(approval);
      await submit(suite, approval, coSignature);

      await viem.assertions.revertWithCustomErrorWithArgs(
        submit(suite, approval, coSignature),
        suite.remittance,
        "RemittanceNonceUsed",
        [approval.nonce],
      );
    });

    it("reverts with RemittanceNonceUsed when the nonce was spent by another kind of send", async () => {
      const suite = await setup();
      const escrow = await suite.escrowApprovalFor();
      const expiresAt = BigInt(await networkHelpers.time.latest()) + 86_400n;
      await suite.remittance.write.sendToEscrow([escrow, expiresAt, await suite.coSign(escrow)], {
        account: suite.wallets.alice.account,
      });
      const direct = await suite.approvalFor({ nonce: escrow.nonce });

      await viem.assertions.revertWithCustomErrorWithArgs(
        submit(suite, direct, await suite.coSign(direct)),
        suite.remittance,
        "RemittanceNonceUsed",
        [escrow.nonce],
      );
    });
  });

  describe("when the signature was made for another domain", () => {
    for (const [label, change] of [
      ["another chain id", { chainId: 1n }],
      [
        "another verifying contract",
        { verifyingContract: "0x000000000000000000000000000000000000dEaD" },
      ],
      ["another name", { name: "CLXEND Remittance v2" }],
      ["another version", { version: "2" }],
    ] as const) {
      it(`reverts with RemittanceInvalidSignature for ${label}`, async () => {
        const suite = await setup();
        const approval = await suite.approvalFor();
        const coSignature = await suite.coSign(approval, suite.signer, {
          ...suite.domain,
          ...change,
        });

        await viem.assertions.revertWithCustomErrorWithArgs(
          submit(suite, approval, coSignature),
          suite.remittance,
          "RemittanceInvalidSignature",
          [suite.signer.address],
        );
      });
    }
  });

  describe("when a field differs from what was signed", () => {
    // Each alteration passes every other check, so only the signature can catch it.
    const alterations: Record<
      keyof Approval,
      (
        suite: Suite,
        approval: Approval,
      ) => Promise<{ signed: Approval; sent: Approval; escrow?: boolean }>
    > = {
      sender: async (suite, approval) => {
        const signed = { ...approval, recipient: suite.wallets.carol.account.address };
        return { signed, sent: { ...signed, sender: suite.wallets.bob.account.address } };
      },
      recipient: async (suite, approval) => ({
        signed: approval,
        sent: { ...approval, recipient: suite.wallets.carol.account.address },
      }),
      claimHash: async (suite) => {
        const signed = await suite.escrowApprovalFor();
        return {
          signed,
          sent: { ...signed, claimHash: keccak256(stringToHex("other claim key")) },
          escrow: true,
        };
      },
      token: async (suite, approval) => {
        const other = await viem.deployContract("TestStablecoin", [
          suite.wallets.admin.account.address,
        ]);
        await suite.remittance.write.setTokenAllowed([other.address, true], {
          account: suite.wallets.admin.account,
        });
        return { signed: approval, sent: { ...approval, token: other.address } };
      },
      amount: async (_suite, approval) => ({
        signed: approval,
        sent: { ...approval, amount: approval.amount + 1n },
      }),
      fee: async (suite, approval) => {
        await suite.remittance.write.setFee([60], { account: suite.wallets.admin.account });
        return { signed: approval, sent: { ...approval, fee: (approval.amount * 60n) / 10_000n } };
      },
      memoHash: async (_suite, approval) => ({
        signed: approval,
        sent: { ...approval, memoHash: keccak256(stringToHex("another memo")) },
      }),
      travelRuleHash: async (_suite, approval) => ({
        signed: approval,
        sent: { ...approval, travelRuleHash: keccak256(stringToHex("another payload")) },
      }),
      destinationChainId: async (suite, approval) => ({
        signed: { ...approval, destinationChainId: 1n },
        sent: { ...approval, destinationChainId: suite.chainId },
      }),
      nonce: async (_suite, approval) => ({
        signed: approval,
        sent: { ...approval, nonce: approval.nonce + 1000n },
      }),
      deadline: async (_suite, approval) => ({
        signed: approval,
        sent: { ...approval, deadline: approval.deadline + 1n },
      }),
    };

    it("covers all 11 fields of the Approval type", () => {
      assert.deepEqual(
        Object.keys(alterations).sort(),
        APPROVAL_TYPES.Approval.map((field) => field.name).sort(),
      );
    });

    for (const [field, alter] of Object.entries(alterations)) {
      it(`reverts with RemittanceInvalidSignature when ${field} is altered`, async () => {
        const suite = await setup();
        const { signed, sent, escrow } = await alter(suite, await suite.approvalFor());
        const coSignature = await suite.coSign(signed);
        const expiresAt = BigInt(await networkHelpers.time.latest()) + 86_400n;
        const account =
          sent.sender === suite.wallets.bob.account.address
            ? suite.wallets.bob.account
            : suite.wallets.alice.account;

        const pending = escrow
          ? suite.remittance.write.sendToEscrow([sent, expiresAt, coSignature], { account })
          : suite.remittance.write.send([sent, coSignature], { account });

        await viem.assertions.revertWithCustomErrorWithArgs(
          pending,
          suite.remittance,
          "RemittanceInvalidSignature",
          [suite.signer.address],
        );
      });
    }
  });

  describe("when the signature bytes are tampered with", () => {
    it("reverts with RemittanceInvalidSignature for the high-s twin of a valid signature", async () => {
      const suite = await setup();
      const approval = await suite.approvalFor();
      const coSignature = await suite.coSign(approval);

      await viem.assertions.revertWithCustomErrorWithArgs(
        submit(suite, approval, { ...coSignature, signature: malleate(coSignature.signature) }),
        suite.remittance,
        "RemittanceInvalidSignature",
        [suite.signer.address],
      );
      await submit(suite, approval, coSignature);
      assert.equal(await suite.remittance.read.isNonceUsed([approval.nonce]), true);
    });

    for (const [label, mangle] of [
      [
        "v is neither 27 nor 28",
        (signature: `0x${string}`) => `${slice(signature, 0, 64)}1d` as `0x${string}`,
      ],
      ["it is 64 bytes (compact form)", (signature: `0x${string}`) => slice(signature, 0, 64)],
      ["it is empty", () => "0x" as `0x${string}`],
    ] as const) {
      it(`reverts with RemittanceInvalidSignature when ${label}`, async () => {
        const suite = await setup();
        const approval = await suite.approvalFor();
        const coSignature = await suite.coSign(approval);

        await viem.assertions.revertWithCustomErrorWithArgs(
          submit(suite, approval, { ...coSignature, signature: mangle(coSignature.signature) }),
          suite.remittance,
          "RemittanceInvalidSignature",
          [suite.signer.address],
        );
      });
    }
  });

  describe("when the deadline has passed", () => {
    it("reverts with RemittanceApprovalExpired", async () => {
      const suite = await setup();
      const approval = await suite.approvalFor();
      const coSignature = await suite.coSign(approval);
      await networkHelpers.time.increaseTo(approval.deadline + 10n);
      await networkHelpers.time.setNextBlockTimestamp(approval.deadline + 11n);

      await viem.assertions.revertWithCustomErrorWithArgs(
        submit(suite, approval, coSignature),
        suite.remittance,
        "RemittanceApprovalExpired",
        [approval.deadline, approval.deadline + 11n],
      );
    });
  });

  describe("when the signer is not a compliance signer", () => {
    it("reverts with RemittanceUnauthorizedSigner once the signer's role is revoked", async () => {
      const suite = await setup();
      const approval = await suite.approvalFor();
      const coSignature = await suite.coSign(approval);
      const role = await suite.remittance.read.COMPLIANCE_SIGNER_ROLE();
      await suite.remittance.write.revokeRole([role, suite.signer.address], {
        account: suite.wallets.admin.account,
      });

      await viem.assertions.revertWithCustomErrorWithArgs(
        submit(suite, approval, coSignature),
        suite.remittance,
        "RemittanceUnauthorizedSigner",
        [suite.signer.address],
      );
    });

    it("reverts with RemittanceUnauthorizedSigner when the signer never had the role", async () => {
      const suite = await setup();
      const approval = await suite.approvalFor();

      await viem.assertions.revertWithCustomErrorWithArgs(
        submit(suite, approval, await suite.coSign(approval, suite.otherSigner)),
        suite.remittance,
        "RemittanceUnauthorizedSigner",
        [suite.otherSigner.address],
      );
    });

    it("reverts with RemittanceUnauthorizedSigner when the signer is zero", async () => {
      const suite = await setup();
      const approval = await suite.approvalFor();
      const coSignature = await suite.coSign(approval);

      await viem.assertions.revertWithCustomErrorWithArgs(
        submit(suite, approval, { ...coSignature, signer: zeroAddress }),
        suite.remittance,
        "RemittanceUnauthorizedSigner",
        [zeroAddress],
      );
    });

    it("reverts with RemittanceInvalidSignature when another key signed for the compliance signer", async () => {
      const suite = await setup();
      const approval = await suite.approvalFor();
      const forged = await suite.coSign(approval, suite.otherSigner);

      await viem.assertions.revertWithCustomErrorWithArgs(
        submit(suite, approval, { signer: suite.signer.address, signature: forged.signature }),
        suite.remittance,
        "RemittanceInvalidSignature",
        [suite.signer.address],
      );
    });
  });

  describe("when several signers hold the role", () => {
    it("accepts both the signer granted last and an earlier one", async () => {
      const suite = await setup();
      const role = await suite.remittance.read.COMPLIANCE_SIGNER_ROLE();
      await suite.remittance.write.grantRole([role, suite.otherSigner.address], {
        account: suite.wallets.admin.account,
      });
      const first = await suite.approvalFor();
      const second = await suite.approvalFor();

      await submit(suite, first, await suite.coSign(first, suite.otherSigner));
      await submit(suite, second, await suite.coSign(second, suite.signer));

      assert.equal(await suite.remittance.read.isNonceUsed([first.nonce]), true);
      assert.equal(await suite.remittance.read.isNonceUsed([second.nonce]), true);
    });

    it("rejects the signer granted last as soon as it renounces, and keeps accepting the other", async () => {
      const suite = await setup();
      const role = await suite.remittance.read.COMPLIANCE_SIGNER_ROLE();
      await suite.remittance.write.grantRole([role, suite.wallets.stranger.account.address], {
        account: suite.wallets.admin.account,
      });
      await suite.remittance.write.renounceRole([role, suite.wallets.stranger.account.address], {
        account: suite.wallets.stranger.account,
      });
      const approval = await suite.approvalFor();

      await submit(suite, approval, await suite.coSign(approval));

      assert.equal(await suite.remittance.read.isNonceUsed([approval.nonce]), true);
    });
  });

  describe("when the signer is an ERC-1271 contract", () => {
    async function withWalletSigner() {
      const suite = await setup();
      const wallet = await viem.deployContract("MockERC1271Wallet", [suite.otherSigner.address]);
      const role = await suite.remittance.read.COMPLIANCE_SIGNER_ROLE();
      await suite.remittance.write.grantRole([role, wallet.address], {
        account: suite.wallets.admin.account,
      });
      const approval = await suite.approvalFor();
      const { signature } = await suite.coSign(approval, suite.otherSigner);
      return { ...suite, wallet, approval, coSignature: { signer: wallet.address, signature } };
    }

    it("accepts the approval when the wallet confirms the signature", async () => {
      const { wallet, approval, coSignature, ...suite } = await withWalletSigner();

      await submit(suite as Suite, approval, coSignature);

      assert.equal(await suite.remittance.read.isNonceUsed([approval.nonce]), true);
      assert.equal(getAddress(coSignature.signer), getAddress(wallet.address));
    });

    it("reverts with RemittanceInvalidSignature when the wallet refuses", async () => {
      const { wallet, approval, coSignature, ...suite } = await withWalletSigner();
      await wallet.write.setAccepting([false]);

      await viem.assertions.revertWithCustomErrorWithArgs(
        submit(suite as Suite, approval, coSignature),
        suite.remittance,
        "RemittanceInvalidSignature",
        [getAddress(wallet.address)],
      );
    });

    it("reverts with RemittanceUnauthorizedSigner when the wallet lost the role", async () => {
      const { wallet, approval, coSignature, ...suite } = await withWalletSigner();
      const role = await suite.remittance.read.COMPLIANCE_SIGNER_ROLE();
      await suite.remittance.write.revokeRole([role, wallet.address], {
        account: suite.wallets.admin.account,
      });

      await viem.assertions.revertWithCustomErrorWithArgs(
        submit(suite as Suite, approval, coSignature),
        suite.remittance,
        "RemittanceUnauthorizedSigner",
        [getAddress(wallet.address)],
      );
    });
  });
});
