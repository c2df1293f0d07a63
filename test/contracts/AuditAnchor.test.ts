// Specification of AuditAnchor: forward-only anchors of the audit log head, role checks and every revert.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { network } from "hardhat";
import { getAddress, keccak256, stringToHex, zeroAddress, zeroHash } from "viem";
import { suiteWithFee } from "./fixture.ts";

const { networkHelpers, viem } = await network.create();
const HEAD = keccak256(stringToHex("audit entry 41"));

async function setup() {
  const suite = await networkHelpers.loadFixture(suiteWithFee);
  return { ...suite, anchorer: suite.wallets.anchorer.account };
}

describe("AuditAnchor", () => {
  describe("when deployed", () => {
    it("grants the roles and has no anchor yet", async () => {
      const { anchor, wallets } = await setup();
      const anchorRole = await anchor.read.ANCHOR_ROLE();

      assert.equal(anchorRole, keccak256(stringToHex("ANCHOR_ROLE")));
      assert.equal(await anchor.read.hasRole([zeroHash, wallets.admin.account.address]), true);
      assert.equal(await anchor.read.hasRole([anchorRole, wallets.anchorer.account.address]), true);
      assert.deepEqual(await anchor.read.latest(), {
        sequence: 0n,
        anchoredAt: 0n,
        headHash: zeroHash,
      });
    });

    for (const [label, index] of [
      ["admin", 0],
      ["anchorer", 1],
    ] as const) {
      it(`reverts with AuditAnchorZeroAddress when ${label} is zero`, async () => {
        const { anchor, wallets } = await setup();
        const args: [`0x${string}`, `0x${string}`] = [
          wallets.admin.account.address,
          wallets.anchorer.account.address,
        ];
        args[index] = zeroAddress;

        await viem.assertions.revertWithCustomError(
          viem.deployContract("AuditAnchor", args),
          anchor,
          "AuditAnchorZeroAddress",
        );
      });
    }
  });

  describe("anchor", () => {
    it("records the head with the block time and emits AuditAnchored", async () => {
      const { anchor, anchorer } = await setup();
      const blockTime = BigInt(await networkHelpers.time.latest()) + 60n;
      await networkHelpers.time.setNextBlockTimestamp(blockTime);

      await viem.assertions.emitWithArgs(
        anchor.write.anchor([41n, HEAD], { account: anchorer }),
        anchor,
        "AuditAnchored",
        [41n, HEAD, getAddress(anchorer.address)],
      );

      assert.deepEqual(await anchor.read.latest(), {
        sequence: 41n,
        anchoredAt: blockTime,
        headHash: HEAD,
      });
    });

    it("accepts any later sequence number, including gaps", async () => {
      const { anchor, anchorer } = await setup();
      await anchor.write.anchor([1n, HEAD], { account: anchorer });
      const laterHead = keccak256(stringToHex("audit entry 1000"));

      await anchor.write.anchor([1000n, laterHead], { account: anchorer });

      const latest = await anchor.read.latest();
      assert.equal(latest.sequence, 1000n);
      assert.equal(latest.headHash, laterHead);
    });

    it("reverts with AccessControlUnauthorizedAccount when the caller lacks the anchor role", async () => {
      const { anchor, wallets } = await setup();
      const stranger = wallets.stranger.account;

      await viem.assertions.revertWithCustomErrorWithArgs(
        anchor.write.anchor([1n, HEAD], { account: stranger }),
        anchor,
        "AccessControlUnauthorizedAccount",
        [getAddress(stranger.address), await anchor.read.ANCHOR_ROLE()],
      );
    });

    it("reverts with AuditAnchorZeroHash when the head hash is zero", async () => {
      const { anchor, anchorer } = await setup();

      await viem.assertions.revertWithCustomError(
        anchor.write.anchor([1n, zeroHash], { account: anchorer }),
        anchor,
        "AuditAnchorZeroHash",
      );
    });

    it("reverts with AuditAnchorSequenceNotIncreasing for sequence 0 before the first anchor", async () => {
      const { anchor, anchorer } = await setup();

      await viem.assertions.revertWithCustomErrorWithArgs(
        anchor.write.anchor([0n, HEAD], { account: anchorer }),
        anchor,
        "AuditAnchorSequenceNotIncreasing",
        [0n, 0n],
      );
    });

    for (const [label, sequence] of [
      ["the same", 5n],
      ["an earlier", 4n],
    ] as const) {
      it(`reverts with AuditAnchorSequenceNotIncreasing for ${label} sequence number`, async () => {
        const { anchor, anchorer } = await setup();
        await anchor.write.anchor([5n, HEAD], { account: anchorer });

        await viem.assertions.revertWithCustomErrorWithArgs(
          anchor.write.anchor([sequence, HEAD], { account: anchorer }),
          anchor,
          "AuditAnchorSequenceNotIncreasing",
          [sequence, 5n],
        );
      });
    }
  });
});
