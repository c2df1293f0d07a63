// Specification of TestStablecoin: metadata, owner-only mint and EIP-2612 permit.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { network } from "hardhat";
import { getAddress, zeroAddress } from "viem";
import { suiteWithFee, USD } from "./fixture.ts";

const { networkHelpers, viem } = await network.create();

describe("TestStablecoin", () => {
  it("is the 6-decimal CLXEND Test Dollar (tUSD) owned by the deployer's chosen owner", async () => {
    const { token, wallets } = await networkHelpers.loadFixture(suiteWithFee);

    assert.equal(await token.read.name(), "CLXEND Test Dollar");
    assert.equal(await token.read.symbol(), "tUSD");
    assert.equal(await token.read.decimals(), 6);
    assert.equal(await token.read.owner(), getAddress(wallets.admin.account.address));
  });

  it("reverts with OwnableInvalidOwner when deployed with a zero owner", async () => {
    const { token } = await networkHelpers.loadFixture(suiteWithFee);

    await viem.assertions.revertWithCustomErrorWithArgs(
      viem.deployContract("TestStablecoin", [zeroAddress]),
      token,
      "OwnableInvalidOwner",
      [zeroAddress],
    );
  });

  describe("mint", () => {
    it("credits the recipient and emits Transfer from zero", async () => {
      const { token, wallets } = await networkHelpers.loadFixture(suiteWithFee);
      const to = getAddress(wallets.stranger.account.address);

      await viem.assertions.emitWithArgs(token.write.mint([to, 5n * USD]), token, "Transfer", [
        zeroAddress,
        to,
        5n * USD,
      ]);

      assert.equal(await token.read.balanceOf([to]), 5n * USD);
    });

    it("reverts with OwnableUnauthorizedAccount when the caller is not the owner", async () => {
      const { token, wallets } = await networkHelpers.loadFixture(suiteWithFee);
      const stranger = wallets.stranger.account;

      await viem.assertions.revertWithCustomErrorWithArgs(
        token.write.mint([stranger.address, 1n], { account: stranger }),
        token,
        "OwnableUnauthorizedAccount",
        [getAddress(stranger.address)],
      );
    });
  });

  describe("permit", () => {
    it("sets the allowance from the owner's signature and consumes the nonce", async () => {
      const { token, remittance, wallets, permitFor } =
        await networkHelpers.loadFixture(suiteWithFee);
      const carol = wallets.carol;
      const permit = await permitFor(carol, 42n * USD);

      await token.write.permit(
        [
          carol.account.address,
          remittance.address,
          permit.value,
          permit.deadline,
          permit.v,
          permit.r,
          permit.s,
        ],
        { account: wallets.stranger.account },
      );

      assert.equal(
        await token.read.allowance([carol.account.address, remittance.address]),
        42n * USD,
      );
      assert.equal(await token.read.nonces([carol.account.address]), 1n);
    });
  });
});
