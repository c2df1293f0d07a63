// Remittance with non-standard tokens: no return values (works), fee-on-transfer (rejected), blacklisting like USDC
// (clean revert, escrow stays refundable).
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { network } from "hardhat";
import { getAddress, maxUint256, pad, toHex } from "viem";
import { DAY, suiteWithFee, USD } from "./fixture.ts";

const { networkHelpers, viem } = await network.create();
const idOf = (nonce: bigint) => pad(toHex(nonce), { size: 32 });

/** The suite plus an allow-listed token of the given kind, minted to alice and approved for Remittance. */
async function withToken(kind: "NoReturnToken" | "FeeOnTransferToken" | "BlacklistToken") {
  const suite = await networkHelpers.loadFixture(suiteWithFee);
  const token = await viem.deployContract(kind);
  // mint(address,uint256) and approve(address,uint256) have the same selectors on all three tokens.
  const minimal = await viem.getContractAt("NoReturnToken", token.address);
  const alice = suite.wallets.alice.account;
  await minimal.write.mint([alice.address, 1_000n * USD]);
  await minimal.write.mint([suite.wallets.carol.account.address, 1n]);
  await minimal.write.approve([suite.remittance.address, maxUint256], { account: alice });
  await suite.remittance.write.setTokenAllowed([token.address, true], {
    account: suite.wallets.admin.account,
  });
  return { ...suite, odd: token };
}

describe("Remittance with a token that returns nothing (like USDT)", () => {
  it("sends directly, including the fee", async () => {
    const suite = await withToken("NoReturnToken");
    const approval = await suite.approvalFor({ token: suite.odd.address });

    await suite.remittance.write.send([approval, await suite.coSign(approval)], {
      account: suite.wallets.alice.account,
    });

    assert.equal(await suite.odd.read.balanceOf([approval.recipient]), approval.amount);
    assert.equal(
      await suite.odd.read.balanceOf([suite.wallets.treasury.account.address]),
      approval.fee,
    );
  });

  it("opens an escrow that the claimer claims", async () => {
    const suite = await withToken("NoReturnToken");
    const approval = await suite.escrowApprovalFor({ token: suite.odd.address });
    const expiresAt = BigInt(await networkHelpers.time.latest()) + DAY;
    await suite.remittance.write.sendToEscrow([approval, expiresAt, await suite.coSign(approval)], {
      account: suite.wallets.alice.account,
    });
    const id = idOf(approval.nonce);
    const carol = suite.wallets.carol.account;

    await suite.remittance.write.claim(
      [id, suite.termsOf(approval, expiresAt), await suite.signClaim(id, carol.address)],
      { account: carol },
    );

    assert.equal(await suite.odd.read.balanceOf([carol.address]), approval.amount + 1n);
    assert.equal(await suite.odd.read.balanceOf([suite.remittance.address]), 0n);
  });

  it("bubbles up the token's own revert when the sender cannot pay", async () => {
    const suite = await withToken("NoReturnToken");
    const approval = await suite.approvalFor({ token: suite.odd.address, amount: 2_000n * USD });

    await viem.assertions.revertWith(
      suite.remittance.write.send([approval, await suite.coSign(approval)], {
        account: suite.wallets.alice.account,
      }),
      "NoReturnToken: balance",
    );
  });
});

describe("Remittance with a fee-on-transfer token", () => {
  it("reverts a direct send with RemittanceAmountNotReceived", async () => {
    const suite = await withToken("FeeOnTransferToken");
    const approval = await suite.approvalFor({ token: suite.odd.address });

    await viem.assertions.revertWithCustomErrorWithArgs(
      suite.remittance.write.send([approval, await suite.coSign(approval)], {
        account: suite.wallets.alice.account,
      }),
      suite.remittance,
      "RemittanceAmountNotReceived",
      [approval.amount, (approval.amount * 99n) / 100n],
    );
  });

  it("reverts an escrow send with RemittanceAmountNotReceived", async () => {
    const suite = await withToken("FeeOnTransferToken");
    const approval = await suite.escrowApprovalFor({ token: suite.odd.address });
    const expiresAt = BigInt(await networkHelpers.time.latest()) + DAY;

    await viem.assertions.revertWithCustomErrorWithArgs(
      suite.remittance.write.sendToEscrow([approval, expiresAt, await suite.coSign(approval)], {
        account: suite.wallets.alice.account,
      }),
      suite.remittance,
      "RemittanceAmountNotReceived",
      [approval.amount, (approval.amount * 99n) / 100n],
    );
    assert.equal(await suite.remittance.read.isNonceUsed([approval.nonce]), false);
  });
});

describe("Remittance with a blacklisting token (like USDC)", () => {
  it("reverts a direct send to a blacklisted recipient with the token's error and uses no nonce", async () => {
    const suite = await withToken("BlacklistToken");
    const approval = await suite.approvalFor({ token: suite.odd.address });
    const blacklist = await viem.getContractAt("BlacklistToken", suite.odd.address);
    await blacklist.write.setBlacklisted([approval.recipient, true]);

    await viem.assertions.revertWithCustomErrorWithArgs(
      suite.remittance.write.send([approval, await suite.coSign(approval)], {
        account: suite.wallets.alice.account,
      }),
      suite.odd,
      "BlacklistTokenBlocked",
      [getAddress(approval.recipient)],
    );
    assert.equal(await suite.remittance.read.isNonceUsed([approval.nonce]), false);
  });

  it("reverts the claim of a blacklisted claimer cleanly and lets the sender refund after the expiry", async () => {
    const suite = await withToken("BlacklistToken");
    const approval = await suite.escrowApprovalFor({ token: suite.odd.address });
    const expiresAt = BigInt(await networkHelpers.time.latest()) + DAY;
    await suite.remittance.write.sendToEscrow([approval, expiresAt, await suite.coSign(approval)], {
      account: suite.wallets.alice.account,
    });
    const id = idOf(approval.nonce);
    const terms = suite.termsOf(approval, expiresAt);
    const carol = suite.wallets.carol.account;
    const blacklist = await viem.getContractAt("BlacklistToken", suite.odd.address);
    await blacklist.write.setBlacklisted([carol.address, true]);

    await viem.assertions.revertWithCustomErrorWithArgs(
      suite.remittance.write.claim([id, terms, await suite.signClaim(id, carol.address)], {
        account: carol,
      }),
      suite.odd,
      "BlacklistTokenBlocked",
      [getAddress(carol.address)],
    );
    assert.equal(await suite.remittance.read.isEscrowOpen([id]), true);

    await networkHelpers.time.increaseTo(expiresAt + 1n);
    const aliceBefore = await suite.odd.read.balanceOf([approval.sender]);
    await suite.remittance.write.refund([id, terms], { account: suite.wallets.alice.account });

    assert.equal(await suite.odd.read.balanceOf([approval.sender]), aliceBefore + approval.amount);
    assert.equal(await suite.remittance.read.isEscrowOpen([id]), false);
  });
});
