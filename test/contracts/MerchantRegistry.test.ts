// Specification of MerchantRegistry: registration, payout changes, KYB status, fees, views and every revert.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { network } from "hardhat";
import { getAddress, keccak256, parseEventLogs, stringToHex, zeroAddress, zeroHash } from "viem";
import { MERCHANT_FEE_BPS, suiteWithFee } from "./fixture.ts";

const { networkHelpers, viem } = await network.create();
const NAME_HASH = keccak256(stringToHex("Tienda Lupita"));
const REASON = keccak256(stringToHex("registry extract checked"));
const KybStatus = { None: 0, Pending: 1, Approved: 2, Suspended: 3 } as const;

async function setup() {
  const suite = await networkHelpers.loadFixture(suiteWithFee);
  const officer = suite.wallets.complianceOfficer.account;
  const owner = suite.wallets.stranger.account;
  const payout = suite.wallets.carol.account.address;
  return { ...suite, officer, owner, payout };
}

/** Registers a merchant owned by `stranger` (id 2: the fixture already registered id 1). */
async function registerSecond(suite: Awaited<ReturnType<typeof setup>>) {
  await suite.merchants.write.register([suite.payout, suite.owner.address, 5411, NAME_HASH], {
    account: suite.owner,
  });
  return 2n;
}

describe("MerchantRegistry", () => {
  describe("when deployed", () => {
    it("grants the admin and compliance roles", async () => {
      const { merchants, wallets } = await setup();
      const complianceRole = await merchants.read.COMPLIANCE_ROLE();

      assert.equal(complianceRole, keccak256(stringToHex("COMPLIANCE_ROLE")));
      assert.equal(await merchants.read.hasRole([zeroHash, wallets.admin.account.address]), true);
      assert.equal(
        await merchants.read.hasRole([complianceRole, wallets.complianceOfficer.account.address]),
        true,
      );
    });

    it("reverts with MerchantZeroAddress('admin') when the admin is zero", async () => {
      const { merchants, officer } = await setup();

      await viem.assertions.revertWithCustomErrorWithArgs(
        viem.deployContract("MerchantRegistry", [zeroAddress, officer.address]),
        merchants,
        "MerchantZeroAddress",
        ["admin"],
      );
    });

    it("reverts with MerchantZeroAddress('complianceOfficer') when the officer is zero", async () => {
      const { merchants, wallets } = await setup();

      await viem.assertions.revertWithCustomErrorWithArgs(
        viem.deployContract("MerchantRegistry", [wallets.admin.account.address, zeroAddress]),
        merchants,
        "MerchantZeroAddress",
        ["complianceOfficer"],
      );
    });
  });

  describe("register", () => {
    it("creates a Pending merchant with the next id and emits MerchantRegistered", async () => {
      const suite = await setup();
      const { merchants, owner, payout } = suite;

      await viem.assertions.emitWithArgs(
        merchants.write.register([payout, owner.address, 5411, NAME_HASH], { account: owner }),
        merchants,
        "MerchantRegistered",
        [
          2n,
          getAddress(owner.address),
          getAddress(payout),
          getAddress(owner.address),
          5411,
          NAME_HASH,
        ],
      );

      assert.equal(await merchants.read.merchantCount(), 2n);
      assert.deepEqual(await merchants.read.merchantOf([2n]), {
        owner: getAddress(owner.address),
        payout: getAddress(payout),
        did: getAddress(owner.address),
        feeBps: 0,
        status: KybStatus.Pending,
        category: 5411,
        displayNameHash: NAME_HASH,
      });
      assert.deepEqual(await merchants.read.paymentTermsOf([2n]), [
        getAddress(payout),
        0,
        KybStatus.Pending,
      ]);
    });

    it("reverts with MerchantZeroAddress('payout') when the payout wallet is zero", async () => {
      const { merchants, owner } = await setup();

      await viem.assertions.revertWithCustomErrorWithArgs(
        merchants.write.register([zeroAddress, owner.address, 5411, NAME_HASH], { account: owner }),
        merchants,
        "MerchantZeroAddress",
        ["payout"],
      );
    });

    it("reverts with MerchantZeroAddress('did') when the DID address is zero", async () => {
      const { merchants, owner, payout } = await setup();

      await viem.assertions.revertWithCustomErrorWithArgs(
        merchants.write.register([payout, zeroAddress, 5411, NAME_HASH], { account: owner }),
        merchants,
        "MerchantZeroAddress",
        ["did"],
      );
    });

    it("reverts with MerchantInvalidCategory when the category has more than four digits", async () => {
      const { merchants, owner, payout } = await setup();

      await viem.assertions.revertWithCustomErrorWithArgs(
        merchants.write.register([payout, owner.address, 10_000, NAME_HASH], { account: owner }),
        merchants,
        "MerchantInvalidCategory",
        [10_000],
      );
    });

    it("reverts with MerchantZeroDisplayNameHash when the display-name hash is zero", async () => {
      const { merchants, owner, payout } = await setup();

      await viem.assertions.revertWithCustomError(
        merchants.write.register([payout, owner.address, 5411, zeroHash], { account: owner }),
        merchants,
        "MerchantZeroDisplayNameHash",
      );
    });
  });

  describe("setPayout", () => {
    it("changes the payout wallet, returns an Approved merchant to Pending and emits both changes", async () => {
      const { merchants, wallets, publicClient } = await setup();
      const owner = wallets.merchantOwner.account;
      const newPayout = wallets.stranger.account.address;

      const hash = await merchants.write.setPayout([1n, newPayout], { account: owner });

      const receipt = await publicClient.getTransactionReceipt({ hash });
      const events = parseEventLogs({ abi: merchants.abi, logs: receipt.logs });
      assert.deepEqual(
        events.map((event) => [event.eventName, event.args]),
        [
          [
            "MerchantPayoutChanged",
            {
              merchantId: 1n,
              previousPayout: getAddress(wallets.merchantPayout.account.address),
              newPayout: getAddress(newPayout),
            },
          ],
          [
            "MerchantKybStatusChanged",
            {
              merchantId: 1n,
              previousStatus: KybStatus.Approved,
              newStatus: KybStatus.Pending,
              reasonHash: zeroHash,
            },
          ],
        ],
      );
      assert.deepEqual(await merchants.read.paymentTermsOf([1n]), [
        getAddress(newPayout),
        MERCHANT_FEE_BPS,
        KybStatus.Pending,
      ]);
    });

    it("emits only MerchantPayoutChanged when the merchant is already Pending", async () => {
      const suite = await setup();
      const id = await registerSecond(suite);
      const newPayout = suite.wallets.bob.account.address;

      const hash = await suite.merchants.write.setPayout([id, newPayout], { account: suite.owner });

      const receipt = await suite.publicClient.getTransactionReceipt({ hash });
      const names = parseEventLogs({ abi: suite.merchants.abi, logs: receipt.logs }).map(
        (event) => event.eventName,
      );
      assert.deepEqual(names, ["MerchantPayoutChanged"]);
    });

    it("reverts with MerchantUnknown when no merchant has the id", async () => {
      const { merchants, owner, payout } = await setup();

      await viem.assertions.revertWithCustomErrorWithArgs(
        merchants.write.setPayout([7n, payout], { account: owner }),
        merchants,
        "MerchantUnknown",
        [7n],
      );
    });

    it("reverts with MerchantNotOwner when the caller does not own the merchant", async () => {
      const { merchants, owner, payout } = await setup();

      await viem.assertions.revertWithCustomErrorWithArgs(
        merchants.write.setPayout([1n, payout], { account: owner }),
        merchants,
        "MerchantNotOwner",
        [1n, getAddress(owner.address)],
      );
    });

    it("reverts with MerchantZeroAddress('payout') when the new payout wallet is zero", async () => {
      const { merchants, wallets } = await setup();

      await viem.assertions.revertWithCustomErrorWithArgs(
        merchants.write.setPayout([1n, zeroAddress], { account: wallets.merchantOwner.account }),
        merchants,
        "MerchantZeroAddress",
        ["payout"],
      );
    });
  });

  describe("setKybStatus", () => {
    for (const [name, status] of [
      ["Approved", KybStatus.Approved],
      ["Suspended", KybStatus.Suspended],
      ["Pending", KybStatus.Pending],
    ] as const) {
      it(`sets ${name} and emits MerchantKybStatusChanged`, async () => {
        const suite = await setup();
        const id = await registerSecond(suite);

        await viem.assertions.emitWithArgs(
          suite.merchants.write.setKybStatus([id, status, REASON], { account: suite.officer }),
          suite.merchants,
          "MerchantKybStatusChanged",
          [id, KybStatus.Pending, status, REASON],
        );

        assert.equal((await suite.merchants.read.merchantOf([id])).status, status);
      });
    }

    it("reverts with AccessControlUnauthorizedAccount when the caller lacks the compliance role", async () => {
      const { merchants, owner } = await setup();

      await viem.assertions.revertWithCustomErrorWithArgs(
        merchants.write.setKybStatus([1n, KybStatus.Suspended, REASON], { account: owner }),
        merchants,
        "AccessControlUnauthorizedAccount",
        [getAddress(owner.address), await merchants.read.COMPLIANCE_ROLE()],
      );
    });

    it("reverts with MerchantUnknown when no merchant has the id", async () => {
      const { merchants, officer } = await setup();

      await viem.assertions.revertWithCustomErrorWithArgs(
        merchants.write.setKybStatus([0n, KybStatus.Approved, REASON], { account: officer }),
        merchants,
        "MerchantUnknown",
        [0n],
      );
    });

    it("reverts with MerchantInvalidStatus when the status is None", async () => {
      const { merchants, officer } = await setup();

      await viem.assertions.revertWithCustomErrorWithArgs(
        merchants.write.setKybStatus([1n, KybStatus.None, REASON], { account: officer }),
        merchants,
        "MerchantInvalidStatus",
        [KybStatus.None],
      );
    });
  });

  describe("setFee", () => {
    it("sets the fee and emits MerchantFeeChanged", async () => {
      const { merchants, officer } = await setup();

      await viem.assertions.emitWithArgs(
        merchants.write.setFee([1n, 500], { account: officer }),
        merchants,
        "MerchantFeeChanged",
        [1n, MERCHANT_FEE_BPS, 500],
      );

      assert.equal((await merchants.read.merchantOf([1n])).feeBps, 500);
    });

    it("reverts with AccessControlUnauthorizedAccount when the caller lacks the compliance role", async () => {
      const { merchants, wallets } = await setup();
      const owner = wallets.merchantOwner.account;

      await viem.assertions.revertWithCustomErrorWithArgs(
        merchants.write.setFee([1n, 0], { account: owner }),
        merchants,
        "AccessControlUnauthorizedAccount",
        [getAddress(owner.address), await merchants.read.COMPLIANCE_ROLE()],
      );
    });

    it("reverts with MerchantUnknown when no merchant has the id", async () => {
      const { merchants, officer } = await setup();

      await viem.assertions.revertWithCustomErrorWithArgs(
        merchants.write.setFee([3n, 10], { account: officer }),
        merchants,
        "MerchantUnknown",
        [3n],
      );
    });

    it("reverts with MerchantFeeTooHigh above MAX_FEE_BPS", async () => {
      const { merchants, officer } = await setup();

      await viem.assertions.revertWithCustomErrorWithArgs(
        merchants.write.setFee([1n, 501], { account: officer }),
        merchants,
        "MerchantFeeTooHigh",
        [501, 500],
      );
    });
  });

  describe("views", () => {
    it("merchantOf reverts with MerchantUnknown for an unknown id", async () => {
      const { merchants } = await setup();

      await viem.assertions.revertWithCustomErrorWithArgs(
        merchants.read.merchantOf([2n]),
        merchants,
        "MerchantUnknown",
        [2n],
      );
    });

    it("paymentTermsOf returns zeros and status None for an unknown id", async () => {
      const { merchants } = await setup();

      assert.deepEqual(await merchants.read.paymentTermsOf([2n]), [zeroAddress, 0, KybStatus.None]);
    });
  });
});
