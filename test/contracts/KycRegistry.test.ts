// Specification of KycRegistry: attest, renew, revoke, expiry, role checks and every revert with its arguments.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { network } from "hardhat";
import { getAddress, keccak256, stringToHex, zeroAddress, zeroHash } from "viem";
import { DAY, suiteWithFee } from "./fixture.ts";

const { networkHelpers, viem } = await network.create();
const EVIDENCE = keccak256(stringToHex("face match 0.93, liveness ok, MRZ ok"));

async function setup() {
  const suite = await networkHelpers.loadFixture(suiteWithFee);
  const now = BigInt(await networkHelpers.time.latest());
  return {
    ...suite,
    now,
    provider: suite.wallets.kycProvider.account,
    subject: suite.wallets.stranger.account,
  };
}

describe("KycRegistry", () => {
  describe("when deployed", () => {
    it("grants the admin role to the admin and the provider role to the provider", async () => {
      const { kyc, wallets } = await setup();

      const providerRole = await kyc.read.KYC_PROVIDER_ROLE();

      assert.equal(providerRole, keccak256(stringToHex("KYC_PROVIDER_ROLE")));
      assert.equal(await kyc.read.hasRole([zeroHash, wallets.admin.account.address]), true);
      assert.equal(
        await kyc.read.hasRole([providerRole, wallets.kycProvider.account.address]),
        true,
      );
      assert.equal(await kyc.read.hasRole([providerRole, wallets.admin.account.address]), false);
    });

    for (const [label, index] of [
      ["admin", 0],
      ["kycProvider", 1],
    ] as const) {
      it(`reverts with KycZeroAddress when ${label} is zero`, async () => {
        const { kyc, wallets } = await setup();
        const args: [`0x${string}`, `0x${string}`] = [
          wallets.admin.account.address,
          wallets.kycProvider.account.address,
        ];
        args[index] = zeroAddress;

        await viem.assertions.revertWithCustomError(
          viem.deployContract("KycRegistry", args),
          kyc,
          "KycZeroAddress",
        );
      });
    }
  });

  describe("attest", () => {
    it("stores the attestation in force and emits KycAttested", async () => {
      const { kyc, provider, subject, now } = await setup();
      const expiresAt = now + 30n * DAY;

      await viem.assertions.emitWithArgs(
        kyc.write.attest([subject.address, 1, expiresAt, EVIDENCE], { account: provider }),
        kyc,
        "KycAttested",
        [subject.address, 1, expiresAt, EVIDENCE, provider.address],
      );

      const stored = await kyc.read.attestationOf([subject.address]);
      assert.deepEqual(stored, { level: 1, expiresAt, provider: getAddress(provider.address) });
      assert.equal(await kyc.read.validLevel([subject.address]), 1);
      assert.equal(await kyc.read.evidenceHashOf([subject.address]), EVIDENCE);
    });

    it("renews an attestation with a new level, expiry and evidence", async () => {
      const { kyc, provider, subject, now } = await setup();
      await kyc.write.attest([subject.address, 1, now + DAY, EVIDENCE], { account: provider });
      const renewedEvidence = keccak256(stringToHex("renewed"));

      await kyc.write.attest([subject.address, 2, now + 400n * DAY, renewedEvidence], {
        account: provider,
      });

      assert.equal(await kyc.read.validLevel([subject.address]), 2);
      assert.equal((await kyc.read.attestationOf([subject.address])).expiresAt, now + 400n * DAY);
      assert.equal(await kyc.read.evidenceHashOf([subject.address]), renewedEvidence);
    });

    it("reverts with AccessControlUnauthorizedAccount when the caller is not a provider", async () => {
      const { kyc, subject, now } = await setup();

      await viem.assertions.revertWithCustomErrorWithArgs(
        kyc.write.attest([subject.address, 1, now + DAY, EVIDENCE], { account: subject }),
        kyc,
        "AccessControlUnauthorizedAccount",
        [subject.address, await kyc.read.KYC_PROVIDER_ROLE()],
      );
    });

    it("reverts with KycZeroSubject when the subject is zero", async () => {
      const { kyc, provider, now } = await setup();

      await viem.assertions.revertWithCustomError(
        kyc.write.attest([zeroAddress, 1, now + DAY, EVIDENCE], { account: provider }),
        kyc,
        "KycZeroSubject",
      );
    });

    for (const level of [0, 3, 255]) {
      it(`reverts with KycInvalidLevel when the level is ${level}`, async () => {
        const { kyc, provider, subject, now } = await setup();

        await viem.assertions.revertWithCustomErrorWithArgs(
          kyc.write.attest([subject.address, level, now + DAY, EVIDENCE], { account: provider }),
          kyc,
          "KycInvalidLevel",
          [level],
        );
      });
    }

    for (const [label, offset] of [
      ["now", 0n],
      ["in the past", -1n],
    ] as const) {
      it(`reverts with KycExpiryNotInFuture when the expiry is ${label}`, async () => {
        const { kyc, provider, subject, now } = await setup();
        const blockTime = now + 100n;
        await networkHelpers.time.setNextBlockTimestamp(blockTime);

        await viem.assertions.revertWithCustomErrorWithArgs(
          kyc.write.attest([subject.address, 1, blockTime + offset, EVIDENCE], {
            account: provider,
          }),
          kyc,
          "KycExpiryNotInFuture",
          [blockTime + offset, blockTime],
        );
      });
    }

    it("reverts with KycZeroEvidenceHash when the evidence hash is zero", async () => {
      const { kyc, provider, subject, now } = await setup();

      await viem.assertions.revertWithCustomError(
        kyc.write.attest([subject.address, 1, now + DAY, zeroHash], { account: provider }),
        kyc,
        "KycZeroEvidenceHash",
      );
    });
  });

  describe("validLevel and validLevels", () => {
    it("return 0 for a wallet that was never attested", async () => {
      const { kyc, subject, wallets } = await setup();

      assert.equal(await kyc.read.validLevel([subject.address]), 0);
      assert.deepEqual(
        await kyc.read.validLevels([subject.address, wallets.alice.account.address]),
        [0, 2],
      );
    });

    it("return the level until the expiry and 0 from the expiry on", async () => {
      const { kyc, provider, subject, now, wallets } = await setup();
      const expiresAt = now + DAY;
      await kyc.write.attest([subject.address, 1, expiresAt, EVIDENCE], { account: provider });

      await networkHelpers.time.increaseTo(expiresAt - 1n);
      const before = await kyc.read.validLevels([subject.address, wallets.alice.account.address]);
      await networkHelpers.time.increaseTo(expiresAt);
      const at = await kyc.read.validLevels([wallets.alice.account.address, subject.address]);

      assert.deepEqual(before, [1, 2]);
      assert.deepEqual(at, [2, 0]);
      assert.equal(await kyc.read.validLevel([subject.address]), 0);
    });
  });

  describe("revoke", () => {
    it("clears the attestation at once and emits KycRevoked", async () => {
      const { kyc, provider, wallets } = await setup();
      const alice = wallets.alice.account.address;
      const reason = keccak256(stringToHex("document reported stolen"));

      await viem.assertions.emitWithArgs(
        kyc.write.revoke([alice, reason], { account: provider }),
        kyc,
        "KycRevoked",
        [alice, reason, provider.address],
      );

      assert.equal(await kyc.read.validLevel([alice]), 0);
      assert.deepEqual(await kyc.read.attestationOf([alice]), {
        level: 0,
        expiresAt: 0n,
        provider: zeroAddress,
      });
      assert.equal(await kyc.read.evidenceHashOf([alice]), zeroHash);
    });

    it("reverts with AccessControlUnauthorizedAccount when the caller is not a provider", async () => {
      const { kyc, subject, wallets } = await setup();

      await viem.assertions.revertWithCustomErrorWithArgs(
        kyc.write.revoke([wallets.alice.account.address, zeroHash], { account: subject }),
        kyc,
        "AccessControlUnauthorizedAccount",
        [subject.address, await kyc.read.KYC_PROVIDER_ROLE()],
      );
    });

    it("reverts with KycZeroSubject when the subject is zero", async () => {
      const { kyc, provider } = await setup();

      await viem.assertions.revertWithCustomError(
        kyc.write.revoke([zeroAddress, zeroHash], { account: provider }),
        kyc,
        "KycZeroSubject",
      );
    });

    it("reverts with KycNotAttested when the subject was never attested", async () => {
      const { kyc, provider, subject } = await setup();

      await viem.assertions.revertWithCustomErrorWithArgs(
        kyc.write.revoke([subject.address, zeroHash], { account: provider }),
        kyc,
        "KycNotAttested",
        [subject.address],
      );
    });

    it("reverts with KycNotAttested when the attestation already expired", async () => {
      const { kyc, provider, subject, now } = await setup();
      await kyc.write.attest([subject.address, 1, now + DAY, EVIDENCE], { account: provider });
      await networkHelpers.time.increase(2n * DAY);

      await viem.assertions.revertWithCustomErrorWithArgs(
        kyc.write.revoke([subject.address, zeroHash], { account: provider }),
        kyc,
        "KycNotAttested",
        [subject.address],
      );
    });

    it("reverts with KycNotAttested when the attestation was already revoked", async () => {
      const { kyc, provider, wallets } = await setup();
      const alice = wallets.alice.account.address;
      await kyc.write.revoke([alice, zeroHash], { account: provider });

      await viem.assertions.revertWithCustomErrorWithArgs(
        kyc.write.revoke([alice, zeroHash], { account: provider }),
        kyc,
        "KycNotAttested",
        [alice],
      );
    });
  });
});
