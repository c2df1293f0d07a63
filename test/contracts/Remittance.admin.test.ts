// Specification of Remittance deployment, administration (fee, treasury, tokens, escrow bounds, pause) and views.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { network } from "hardhat";
import {
  getAddress,
  hashTypedData,
  keccak256,
  parseEventLogs,
  stringToHex,
  zeroAddress,
  zeroHash,
} from "viem";
import { CLAIM_TYPES, DAY, HOUR, suiteWithFee } from "./fixture.ts";

const { networkHelpers, viem } = await network.create();

async function setup() {
  return networkHelpers.loadFixture(suiteWithFee);
}
type Suite = Awaited<ReturnType<typeof setup>>;

/** Constructor arguments of the fixture's Remittance, to vary one at a time. */
function constructorArgs(suite: Suite) {
  const { wallets } = suite;
  return [
    wallets.admin.account.address,
    suite.signer.address,
    wallets.pauser.account.address,
    wallets.treasury.account.address,
    50,
    suite.kyc.address,
    suite.merchants.address,
    [suite.token.address],
  ] as [
    `0x${string}`,
    `0x${string}`,
    `0x${string}`,
    `0x${string}`,
    number,
    `0x${string}`,
    `0x${string}`,
    `0x${string}`[],
  ];
}

describe("Remittance deployment", () => {
  it("grants the roles, sets the settings and allows the tokens", async () => {
    const suite = await setup();
    const { remittance, wallets } = suite;
    const [admin, signerRole, pauserRole, managerRole] = await Promise.all([
      remittance.read.DEFAULT_ADMIN_ROLE(),
      remittance.read.COMPLIANCE_SIGNER_ROLE(),
      remittance.read.PAUSER_ROLE(),
      remittance.read.TOKEN_MANAGER_ROLE(),
    ]);

    assert.equal(signerRole, keccak256(stringToHex("COMPLIANCE_SIGNER_ROLE")));
    assert.equal(pauserRole, keccak256(stringToHex("PAUSER_ROLE")));
    assert.equal(managerRole, keccak256(stringToHex("TOKEN_MANAGER_ROLE")));
    assert.equal(await remittance.read.hasRole([admin, wallets.admin.account.address]), true);
    assert.equal(await remittance.read.hasRole([managerRole, wallets.admin.account.address]), true);
    assert.equal(await remittance.read.hasRole([signerRole, suite.signer.address]), true);
    assert.equal(await remittance.read.hasRole([pauserRole, wallets.pauser.account.address]), true);
    assert.equal(await remittance.read.feeBps(), 50);
    assert.equal(await remittance.read.MAX_FEE_BPS(), 500);
    assert.equal(await remittance.read.treasury(), getAddress(wallets.treasury.account.address));
    assert.deepEqual(await remittance.read.escrowDurationBounds(), [HOUR, 90n * DAY]);
    assert.deepEqual(await remittance.read.allowedTokens(), [getAddress(suite.token.address)]);
    assert.equal(await remittance.read.isTokenAllowed([suite.token.address]), true);
    assert.equal(await remittance.read.kycRegistry(), getAddress(suite.kyc.address));
    assert.equal(await remittance.read.merchantRegistry(), getAddress(suite.merchants.address));
    assert.equal(await remittance.read.paused(), false);
  });

  it("exposes its EIP-712 domain (EIP-5267)", async () => {
    const suite = await setup();

    const [, name, version, chainId, verifyingContract] =
      await suite.remittance.read.eip712Domain();

    assert.deepEqual(
      [name, version, chainId, verifyingContract],
      ["CLXEND Remittance", "1", suite.chainId, getAddress(suite.remittance.address)],
    );
  });

  it("emits the initial settings so an indexer sees them", async () => {
    const suite = await setup();
    const { contract, deploymentTransaction } = await viem.sendDeploymentTransaction(
      "Remittance",
      constructorArgs(suite),
    );
    const receipt = await suite.publicClient.waitForTransactionReceipt({
      hash: deploymentTransaction.hash,
    });

    const events = parseEventLogs({ abi: contract.abi, logs: receipt.logs }).map(
      (event) => event.eventName,
    );

    assert.deepEqual(
      events.filter((name) => !name.startsWith("Role")),
      ["TreasuryChanged", "FeeChanged", "EscrowDurationBoundsChanged", "TokenAllowanceChanged"],
    );
  });

  for (const [label, index] of [
    ["admin", 0],
    ["complianceSigner", 1],
    ["pauser", 2],
    ["treasury", 3],
    ["kycRegistry", 5],
    ["merchantRegistry", 6],
  ] as const) {
    it(`reverts with RemittanceZeroAddress when ${label} is zero`, async () => {
      const suite = await setup();
      const args = constructorArgs(suite);
      args[index] = zeroAddress;

      await viem.assertions.revertWithCustomError(
        viem.deployContract("Remittance", args),
        suite.remittance,
        "RemittanceZeroAddress",
      );
    });
  }

  it("reverts with RemittanceZeroAddress when an allowed token is zero", async () => {
    const suite = await setup();
    const args = constructorArgs(suite);
    args[7] = [zeroAddress];

    await viem.assertions.revertWithCustomError(
      viem.deployContract("Remittance", args),
      suite.remittance,
      "RemittanceZeroAddress",
    );
  });

  it("reverts with RemittanceFeeTooHigh when the fee is above MAX_FEE_BPS", async () => {
    const suite = await setup();
    const args = constructorArgs(suite);
    args[4] = 501;

    await viem.assertions.revertWithCustomErrorWithArgs(
      viem.deployContract("Remittance", args),
      suite.remittance,
      "RemittanceFeeTooHigh",
      [501, 500],
    );
  });

  it("reverts with RemittanceTooManyTokens when given more than MAX_ALLOWED_TOKENS tokens", async () => {
    const suite = await setup();
    const args = constructorArgs(suite);
    args[7] = Array.from({ length: 17 }, (_, i) =>
      getAddress(`0x${(i + 1).toString(16).padStart(40, "0")}`),
    );

    await viem.assertions.revertWithCustomErrorWithArgs(
      viem.deployContract("Remittance", args),
      suite.remittance,
      "RemittanceTooManyTokens",
      [16n],
    );
  });
});

describe("Remittance administration", () => {
  describe("setFee", () => {
    it("changes the fee that sends must carry and emits FeeChanged", async () => {
      const suite = await setup();

      await viem.assertions.emitWithArgs(
        suite.remittance.write.setFee([120], { account: suite.wallets.admin.account }),
        suite.remittance,
        "FeeChanged",
        [50, 120],
      );

      assert.equal(await suite.remittance.read.feeBps(), 120);
      assert.equal(await suite.remittance.read.quoteFee([1_000_000n]), 12_000n);
      const approval = await suite.approvalFor({ fee: 5_000n });
      await viem.assertions.revertWithCustomErrorWithArgs(
        suite.remittance.write.send([approval, await suite.coSign(approval)], {
          account: suite.wallets.alice.account,
        }),
        suite.remittance,
        "RemittanceFeeMismatch",
        [(approval.amount * 120n) / 10_000n, 5_000n],
      );
    });

    it("reverts with RemittanceFeeTooHigh above MAX_FEE_BPS", async () => {
      const suite = await setup();

      await viem.assertions.revertWithCustomErrorWithArgs(
        suite.remittance.write.setFee([501], { account: suite.wallets.admin.account }),
        suite.remittance,
        "RemittanceFeeTooHigh",
        [501, 500],
      );
    });

    it("reverts with AccessControlUnauthorizedAccount for a non-admin", async () => {
      const suite = await setup();
      const pauser = suite.wallets.pauser.account;

      await viem.assertions.revertWithCustomErrorWithArgs(
        suite.remittance.write.setFee([10], { account: pauser }),
        suite.remittance,
        "AccessControlUnauthorizedAccount",
        [getAddress(pauser.address), zeroHash],
      );
    });
  });

  describe("setTreasury", () => {
    it("sends later fees to the new treasury and emits TreasuryChanged", async () => {
      const suite = await setup();
      const newTreasury = suite.wallets.stranger.account.address;

      await viem.assertions.emitWithArgs(
        suite.remittance.write.setTreasury([newTreasury], { account: suite.wallets.admin.account }),
        suite.remittance,
        "TreasuryChanged",
        [getAddress(suite.wallets.treasury.account.address), getAddress(newTreasury)],
      );

      const approval = await suite.approvalFor();
      await suite.remittance.write.send([approval, await suite.coSign(approval)], {
        account: suite.wallets.alice.account,
      });
      assert.equal(await suite.token.read.balanceOf([newTreasury]), approval.fee);
    });

    it("reverts with RemittanceZeroAddress for the zero address", async () => {
      const suite = await setup();

      await viem.assertions.revertWithCustomError(
        suite.remittance.write.setTreasury([zeroAddress], { account: suite.wallets.admin.account }),
        suite.remittance,
        "RemittanceZeroAddress",
      );
    });

    it("reverts with AccessControlUnauthorizedAccount for a non-admin", async () => {
      const suite = await setup();
      const stranger = suite.wallets.stranger.account;

      await viem.assertions.revertWithCustomErrorWithArgs(
        suite.remittance.write.setTreasury([stranger.address], { account: stranger }),
        suite.remittance,
        "AccessControlUnauthorizedAccount",
        [getAddress(stranger.address), zeroHash],
      );
    });
  });

  describe("setTokenAllowed", () => {
    it("allows and disallows a token and emits TokenAllowanceChanged", async () => {
      const suite = await setup();
      const other = await viem.deployContract("TestStablecoin", [
        suite.wallets.admin.account.address,
      ]);
      const admin = suite.wallets.admin.account;

      await viem.assertions.emitWithArgs(
        suite.remittance.write.setTokenAllowed([other.address, true], { account: admin }),
        suite.remittance,
        "TokenAllowanceChanged",
        [getAddress(other.address), true],
      );
      const whileAllowed = await suite.remittance.read.allowedTokens();
      await viem.assertions.emitWithArgs(
        suite.remittance.write.setTokenAllowed([suite.token.address, false], { account: admin }),
        suite.remittance,
        "TokenAllowanceChanged",
        [getAddress(suite.token.address), false],
      );

      assert.deepEqual(whileAllowed, [getAddress(suite.token.address), getAddress(other.address)]);
      assert.deepEqual(await suite.remittance.read.allowedTokens(), [getAddress(other.address)]);
      assert.equal(await suite.remittance.read.isTokenAllowed([suite.token.address]), false);
      const approval = await suite.approvalFor();
      await viem.assertions.revertWithCustomErrorWithArgs(
        suite.remittance.write.send([approval, await suite.coSign(approval)], {
          account: suite.wallets.alice.account,
        }),
        suite.remittance,
        "RemittanceTokenNotAllowed",
        [getAddress(suite.token.address)],
      );
    });

    it("gives a newly allowed token the current fee, pause flag and signer", async () => {
      const suite = await setup();
      const admin = suite.wallets.admin.account;
      await suite.remittance.write.setFee([80], { account: admin });
      await suite.remittance.write.setTokenAllowed([suite.token.address, false], {
        account: admin,
      });
      await suite.remittance.write.setTokenAllowed([suite.token.address, true], { account: admin });
      const approval = await suite.approvalFor();

      await suite.remittance.write.send([approval, await suite.coSign(approval)], {
        account: suite.wallets.alice.account,
      });

      assert.equal(approval.fee, (approval.amount * 80n) / 10_000n);
    });

    it("reverts with RemittanceTooManyTokens beyond MAX_ALLOWED_TOKENS, but re-allowing a listed token is fine", async () => {
      const suite = await setup();
      const admin = suite.wallets.admin.account;
      for (let i = 1; i < 16; i++) {
        await suite.remittance.write.setTokenAllowed(
          [getAddress(`0x${i.toString(16).padStart(40, "0")}`), true],
          {
            account: admin,
          },
        );
      }

      await suite.remittance.write.setTokenAllowed([suite.token.address, true], { account: admin });
      await viem.assertions.revertWithCustomErrorWithArgs(
        suite.remittance.write.setTokenAllowed([getAddress(`0x${"11".repeat(20)}`), true], {
          account: admin,
        }),
        suite.remittance,
        "RemittanceTooManyTokens",
        [16n],
      );
      assert.equal((await suite.remittance.read.allowedTokens()).length, 16);
    });

    it("reverts with RemittanceZeroAddress for the zero address", async () => {
      const suite = await setup();

      await viem.assertions.revertWithCustomError(
        suite.remittance.write.setTokenAllowed([zeroAddress, true], {
          account: suite.wallets.admin.account,
        }),
        suite.remittance,
        "RemittanceZeroAddress",
      );
    });

    it("reverts with AccessControlUnauthorizedAccount without the token-manager role", async () => {
      const suite = await setup();
      const pauser = suite.wallets.pauser.account;

      await viem.assertions.revertWithCustomErrorWithArgs(
        suite.remittance.write.setTokenAllowed([suite.token.address, false], { account: pauser }),
        suite.remittance,
        "AccessControlUnauthorizedAccount",
        [getAddress(pauser.address), await suite.remittance.read.TOKEN_MANAGER_ROLE()],
      );
    });
  });

  describe("setEscrowDurationBounds", () => {
    it("changes the bounds and emits EscrowDurationBoundsChanged", async () => {
      const suite = await setup();

      await viem.assertions.emitWithArgs(
        suite.remittance.write.setEscrowDurationBounds([60n, 7n * DAY], {
          account: suite.wallets.admin.account,
        }),
        suite.remittance,
        "EscrowDurationBoundsChanged",
        [60n, 7n * DAY],
      );

      assert.deepEqual(await suite.remittance.read.escrowDurationBounds(), [60n, 7n * DAY]);
      const approval = await suite.escrowApprovalFor();
      const expiresAt = BigInt(await networkHelpers.time.latest()) + 120n;
      await suite.remittance.write.sendToEscrow(
        [approval, expiresAt, await suite.coSign(approval)],
        {
          account: suite.wallets.alice.account,
        },
      );
    });

    for (const [label, min, max] of [
      ["the shortest is zero", 0n, DAY],
      ["the shortest exceeds the longest", DAY + 1n, DAY],
      ["the longest exceeds 2^32 - 1 seconds", HOUR, 2n ** 32n],
    ] as const) {
      it(`reverts with RemittanceInvalidDurationBounds when ${label}`, async () => {
        const suite = await setup();

        await viem.assertions.revertWithCustomErrorWithArgs(
          suite.remittance.write.setEscrowDurationBounds([min, max], {
            account: suite.wallets.admin.account,
          }),
          suite.remittance,
          "RemittanceInvalidDurationBounds",
          [min, max],
        );
      });
    }

    it("reverts with AccessControlUnauthorizedAccount for a non-admin", async () => {
      const suite = await setup();
      const stranger = suite.wallets.stranger.account;

      await viem.assertions.revertWithCustomErrorWithArgs(
        suite.remittance.write.setEscrowDurationBounds([HOUR, DAY], { account: stranger }),
        suite.remittance,
        "AccessControlUnauthorizedAccount",
        [getAddress(stranger.address), zeroHash],
      );
    });
  });

  describe("pause and unpause", () => {
    it("pauses and unpauses with Paused and Unpaused", async () => {
      const suite = await setup();
      const pauser = suite.wallets.pauser.account;

      await viem.assertions.emitWithArgs(
        suite.remittance.write.pause({ account: pauser }),
        suite.remittance,
        "Paused",
        [getAddress(pauser.address)],
      );
      const whilePaused = await suite.remittance.read.paused();
      await viem.assertions.emitWithArgs(
        suite.remittance.write.unpause({ account: pauser }),
        suite.remittance,
        "Unpaused",
        [getAddress(pauser.address)],
      );

      assert.equal(whilePaused, true);
      assert.equal(await suite.remittance.read.paused(), false);
      const approval = await suite.approvalFor();
      await suite.remittance.write.send([approval, await suite.coSign(approval)], {
        account: suite.wallets.alice.account,
      });
    });

    it("reverts with EnforcedPause when pausing twice", async () => {
      const suite = await setup();
      const pauser = suite.wallets.pauser.account;
      await suite.remittance.write.pause({ account: pauser });

      await viem.assertions.revertWithCustomError(
        suite.remittance.write.pause({ account: pauser }),
        suite.remittance,
        "EnforcedPause",
      );
    });

    it("reverts with ExpectedPause when unpausing while not paused", async () => {
      const suite = await setup();

      await viem.assertions.revertWithCustomError(
        suite.remittance.write.unpause({ account: suite.wallets.pauser.account }),
        suite.remittance,
        "ExpectedPause",
      );
    });

    for (const action of ["pause", "unpause"] as const) {
      it(`reverts ${action} with AccessControlUnauthorizedAccount without the pauser role`, async () => {
        const suite = await setup();
        const admin = suite.wallets.admin.account;

        await viem.assertions.revertWithCustomErrorWithArgs(
          suite.remittance.write[action]({ account: admin }),
          suite.remittance,
          "AccessControlUnauthorizedAccount",
          [getAddress(admin.address), await suite.remittance.read.PAUSER_ROLE()],
        );
      });
    }
  });
});

describe("Remittance views", () => {
  it("quoteFee rounds down and reverts with RemittanceInvalidApproval('amount') above MAX_AMOUNT", async () => {
    const suite = await setup();

    assert.equal(await suite.remittance.read.quoteFee([199n]), 0n);
    assert.equal(await suite.remittance.read.quoteFee([200n]), 1n);
    assert.equal(
      await suite.remittance.read.quoteFee([2n ** 128n - 1n]),
      ((2n ** 128n - 1n) * 50n) / 10_000n,
    );
    await viem.assertions.revertWithCustomErrorWithArgs(
      suite.remittance.read.quoteFee([2n ** 128n]),
      suite.remittance,
      "RemittanceInvalidApproval",
      ["amount"],
    );
  });

  it("claimDigest is the EIP-712 digest of Claim(id, claimer)", async () => {
    const suite = await setup();
    const id = `0x${"00".repeat(31)}07` as const;
    const claimer = suite.wallets.carol.account.address;

    assert.equal(
      await suite.remittance.read.claimDigest([id, claimer]),
      hashTypedData({
        domain: suite.domain,
        types: CLAIM_TYPES,
        primaryType: "Claim",
        message: { id, claimer },
      }),
    );
  });

  it("isNonceUsed and isEscrowOpen are false for unused ids", async () => {
    const suite = await setup();

    assert.equal(await suite.remittance.read.isNonceUsed([0n]), false);
    assert.equal(await suite.remittance.read.isEscrowOpen([zeroHash]), false);
  });
});
