// Checks that the toolchain compiles the unmodified EthereumDIDRegistry from node_modules and can deploy it.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { network } from "hardhat";

describe("toolchain", () => {
  it("deploys the EthereumDIDRegistry compiled from the ethr-did-registry package", async () => {
    const { viem } = await network.create();
    const registry = await viem.deployContract("EthereumDIDRegistry");
    const [wallet] = await viem.getWalletClients();
    assert.ok(wallet);

    const owner = await registry.read.identityOwner([wallet.account.address]);

    assert.equal(owner.toLowerCase(), wallet.account.address.toLowerCase());
  });
});
