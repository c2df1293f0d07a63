// Specification of cross-chain sends over the CCIP simulator: delivery, fees, the co-signature and KYC checks,
// lanes, per-lane rate limits and pauses on the sending side.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { network } from "hardhat";
import { getAddress, type Hex, parseEventLogs, parseSignature, zeroAddress } from "viem";
import type { Approval } from "../contracts/fixture.ts";
import { PERMIT_TYPES, USD } from "../contracts/fixture.ts";
import {
  type Bridge,
  CCIP_FEE,
  DESTINATION_CHAIN_ID,
  DESTINATION_SELECTOR,
  deployBridge,
  idOf,
  LANE_WINDOW,
  SOURCE_SELECTOR,
} from "./fixture.ts";

const { networkHelpers, viem } = await network.create();

function setup(): Promise<Bridge> {
  return networkHelpers.loadFixture(deployBridge);
}

/** Co-signs `approval` and sends it cross-chain from alice, paying the CCIP fee in native gas token. */
async function sendSigned(bridge: Bridge, approval: Approval, value = CCIP_FEE) {
  const coSignature = await bridge.coSign(approval);
  return bridge.sender.write.send([approval, coSignature, zeroAddress], {
    account: bridge.wallets.alice.account,
    value,
  });
}

/** The CCIP message id of the send in transaction `hash`. */
async function messageIdOf(bridge: Bridge, hash: Hex): Promise<Hex> {
  const receipt = await bridge.publicClient.waitForTransactionReceipt({ hash });
  const [sent] = parseEventLogs({
    abi: bridge.sender.abi,
    logs: receipt.logs,
    eventName: "CrossChainRemittanceSent",
  });
  assert.ok(sent, "no CrossChainRemittanceSent event");
  return sent.args.messageId;
}

describe("CcipRemittanceSender", () => {
  describe("when a direct send is valid", () => {
    it("credits the recipient on the destination and emits the message id on both sides", async () => {
      const bridge = await setup();
      const { token, sender, receiver, wallets } = bridge;
      const approval = await bridge.approvalFor();
      const parties = [wallets.alice, wallets.bob, wallets.treasury].map((w) => w.account.address);
      const before = await Promise.all(parties.map((a) => token.read.balanceOf([a])));

      const hash = await sendSigned(bridge, approval);

      const messageId = await messageIdOf(bridge, hash);
      await viem.assertions.emitWithArgs(
        Promise.resolve(hash),
        sender,
        "CrossChainRemittanceSent",
        [
          idOf(approval.nonce),
          messageId,
          DESTINATION_SELECTOR,
          getAddress(approval.sender),
          getAddress(approval.recipient),
          approval.amount,
        ],
      );
      await viem.assertions.emitWithArgs(
        Promise.resolve(hash),
        receiver,
        "CrossChainRemittanceReceived",
        [
          messageId,
          SOURCE_SELECTOR,
          idOf(approval.nonce),
          getAddress(approval.sender),
          getAddress(approval.recipient),
          getAddress(token.address),
          approval.amount,
        ],
      );
      const after = await Promise.all(parties.map((a) => token.read.balanceOf([a])));
      assert.deepEqual(
        after.map((balance, i) => balance - (before[i] ?? 0n)),
        [-(approval.amount + approval.fee), approval.amount, approval.fee],
      );
      assert.equal(await token.read.balanceOf([sender.address]), 0n);
      assert.equal(await token.read.balanceOf([receiver.address]), 0n);
      assert.equal(await sender.read.isNonceUsed([approval.nonce]), true);
      assert.equal(await receiver.read.isMessageProcessed([messageId]), true);
    });

    it("pays the router exactly the CCIP fee in native gas token and returns the surplus", async () => {
      const bridge = await setup();
      const approval = await bridge.approvalFor();
      const routerBefore = await bridge.publicClient.getBalance({ address: bridge.router.address });

      const hash = await sendSigned(bridge, approval, CCIP_FEE * 3n);

      await viem.assertions.emitWithArgs(
        Promise.resolve(hash),
        bridge.sender,
        "CrossChainRemittanceDetails",
        [
          idOf(approval.nonce),
          getAddress(bridge.token.address),
          approval.fee,
          approval.claimHash,
          0n,
          zeroAddress,
          CCIP_FEE,
        ],
      );
      const routerAfter = await bridge.publicClient.getBalance({ address: bridge.router.address });
      assert.equal(routerAfter - routerBefore, CCIP_FEE);
      assert.equal(await bridge.publicClient.getBalance({ address: bridge.sender.address }), 0n);
    });

    it("pays the CCIP fee in LINK pulled from the sender", async () => {
      const bridge = await setup();
      const { link, sender, simulator, wallets } = bridge;
      const alice = wallets.alice.account;
      await simulator.write.requestLinkFromFaucet([alice.address, CCIP_FEE]);
      await link.write.approve([sender.address, CCIP_FEE], { account: alice });
      const approval = await bridge.approvalFor();
      const coSignature = await bridge.coSign(approval);
      assert.equal(await sender.read.quoteCcipFee([approval, 0n, link.address]), CCIP_FEE);

      await sender.write.send([approval, coSignature, link.address], { account: alice });

      assert.equal(await link.read.balanceOf([alice.address]), 0n);
      assert.equal(await link.read.balanceOf([bridge.router.address]), CCIP_FEE);
      assert.equal(
        await bridge.token.read.balanceOf([wallets.bob.account.address]),
        100_000n * USD + approval.amount,
      );
    });

    it("takes the amount and fee through an EIP-2612 permit signed with the send", async () => {
      const bridge = await setup();
      const { token, sender, wallets } = bridge;
      const carol = wallets.carol.account;
      await token.write.mint([carol.address, 1_000n * USD]);
      const approval = await bridge.approvalFor({ sender: carol.address });
      const value = approval.amount + approval.fee;
      const deadline = approval.deadline;
      const signature = await wallets.carol.signTypedData({
        account: carol,
        domain: {
          name: "CLXEND Test Dollar",
          version: "1",
          chainId: bridge.chainId,
          verifyingContract: token.address,
        },
        types: PERMIT_TYPES,
        primaryType: "Permit",
        message: { owner: carol.address, spender: sender.address, value, nonce: 0n, deadline },
      });
      const { r, s, yParity } = parseSignature(signature);

      await sender.write.sendWithPermit(
        [
          approval,
          await bridge.coSign(approval),
          { value, deadline, v: yParity + 27, r, s },
          zeroAddress,
        ],
        { account: carol, value: CCIP_FEE },
      );

      assert.equal(await token.read.balanceOf([carol.address]), 1_000n * USD - value);
      assert.equal(
        await token.read.balanceOf([wallets.bob.account.address]),
        100_000n * USD + approval.amount,
      );
    });

    it("reverts with BridgeInsufficientNativeFee when msg.value is below the CCIP fee", async () => {
      const bridge = await setup();
      const approval = await bridge.approvalFor();

      await viem.assertions.revertWithCustomErrorWithArgs(
        sendSigned(bridge, approval, CCIP_FEE - 1n),
        bridge.sender,
        "BridgeInsufficientNativeFee",
        [CCIP_FEE, CCIP_FEE - 1n],
      );
    });

    it("reverts with BridgeFeeTokenNotSupported for a fee token other than LINK", async () => {
      const bridge = await setup();
      const approval = await bridge.approvalFor();
      const coSignature = await bridge.coSign(approval);

      await viem.assertions.revertWithCustomErrorWithArgs(
        bridge.sender.write.send([approval, coSignature, bridge.token.address], {
          account: bridge.wallets.alice.account,
        }),
        bridge.sender,
        "BridgeFeeTokenNotSupported",
        [getAddress(bridge.token.address)],
      );
    });
  });

  describe("when the approval or the parties do not pass the checks of a local send", () => {
    it("reverts with BridgeUnauthorizedSigner for a co-signer without the role", async () => {
      const bridge = await setup();
      const approval = await bridge.approvalFor();
      const coSignature = await bridge.coSign(approval, bridge.otherSigner);

      await viem.assertions.revertWithCustomErrorWithArgs(
        bridge.sender.write.send([approval, coSignature, zeroAddress], {
          account: bridge.wallets.alice.account,
          value: CCIP_FEE,
        }),
        bridge.sender,
        "BridgeUnauthorizedSigner",
        [getAddress(bridge.otherSigner.address)],
      );
    });

    it("reverts with BridgeInvalidSignature for a co-signature made in the Remittance domain", async () => {
      const bridge = await setup();
      const approval = await bridge.approvalFor();
      const coSignature = await bridge.coSign(approval, bridge.signer, {
        name: "CLXEND Remittance",
        version: "1",
        chainId: bridge.chainId,
        verifyingContract: bridge.sender.address,
      });

      await viem.assertions.revertWithCustomErrorWithArgs(
        bridge.sender.write.send([approval, coSignature, zeroAddress], {
          account: bridge.wallets.alice.account,
          value: CCIP_FEE,
        }),
        bridge.sender,
        "BridgeInvalidSignature",
        [getAddress(bridge.signer.address)],
      );
    });

    it("reverts with BridgeKycRequired when the recipient has no KYC in force", async () => {
      const bridge = await setup();
      const stranger = getAddress(bridge.wallets.stranger.account.address);
      const approval = await bridge.approvalFor({ recipient: stranger });

      await viem.assertions.revertWithCustomErrorWithArgs(
        sendSigned(bridge, approval),
        bridge.sender,
        "BridgeKycRequired",
        [stranger],
      );
    });

    it("reverts with BridgeNonceUsed when the same approval is sent twice", async () => {
      const bridge = await setup();
      const approval = await bridge.approvalFor();
      await sendSigned(bridge, approval);

      await viem.assertions.revertWithCustomErrorWithArgs(
        sendSigned(bridge, approval),
        bridge.sender,
        "BridgeNonceUsed",
        [approval.nonce],
      );
    });

    it("reverts with BridgeFeeMismatch when the approval's fee is not the bridge's fee", async () => {
      const bridge = await setup();
      const approval = await bridge.approvalFor({ fee: 1n });

      await viem.assertions.revertWithCustomErrorWithArgs(
        sendSigned(bridge, approval),
        bridge.sender,
        "BridgeFeeMismatch",
        [approval.amount / 200n, 1n],
      );
    });

    it("reverts with BridgeSenderMismatch when someone else submits the approval", async () => {
      const bridge = await setup();
      const approval = await bridge.approvalFor();
      const coSignature = await bridge.coSign(approval);
      const carol = bridge.wallets.carol.account;

      await viem.assertions.revertWithCustomErrorWithArgs(
        bridge.sender.write.send([approval, coSignature, zeroAddress], {
          account: carol,
          value: CCIP_FEE,
        }),
        bridge.sender,
        "BridgeSenderMismatch",
        [getAddress(approval.sender), getAddress(carol.address)],
      );
    });
  });

  describe("when no lane leads to the destination", () => {
    it("reverts with BridgeUnknownDestinationChain for a chain without a lane", async () => {
      const bridge = await setup();
      const approval = await bridge.approvalFor({ destinationChainId: 56n });

      await viem.assertions.revertWithCustomErrorWithArgs(
        sendSigned(bridge, approval),
        bridge.sender,
        "BridgeUnknownDestinationChain",
        [56n],
      );
    });

    it("reverts with BridgeUnknownDestinationChain once the lane is removed, and emits LaneRemoved", async () => {
      const bridge = await setup();
      const approval = await bridge.approvalFor();

      await viem.assertions.emitWithArgs(
        bridge.sender.write.removeLane([DESTINATION_SELECTOR]),
        bridge.sender,
        "LaneRemoved",
        [SOURCE_SELECTOR, DESTINATION_SELECTOR],
      );
      await viem.assertions.revertWithCustomErrorWithArgs(
        sendSigned(bridge, approval),
        bridge.sender,
        "BridgeUnknownDestinationChain",
        [DESTINATION_CHAIN_ID],
      );
      assert.equal(await bridge.sender.read.remoteChainSelectorOf([DESTINATION_CHAIN_ID]), 0n);
    });

    it("reverts with BridgeTokenNotOnLane for a token the lane does not move", async () => {
      const bridge = await setup();
      const other = await viem.deployContract("TestStablecoin", [
        bridge.wallets.admin.account.address,
      ]);
      const approval = await bridge.approvalFor({ token: other.address });

      await viem.assertions.revertWithCustomErrorWithArgs(
        sendSigned(bridge, approval),
        bridge.sender,
        "BridgeTokenNotOnLane",
        [DESTINATION_SELECTOR, getAddress(other.address), getAddress(bridge.token.address)],
      );
    });
  });

  describe("when the lane is paused", () => {
    it("reverts with BridgeLanePaused, and sends again once resumed", async () => {
      const bridge = await setup();
      const { sender, wallets } = bridge;
      const pauser = wallets.pauser.account;
      const approval = await bridge.approvalFor();

      await viem.assertions.emitWithArgs(
        sender.write.pauseLane([DESTINATION_SELECTOR], { account: pauser }),
        sender,
        "LanePaused",
        [SOURCE_SELECTOR, DESTINATION_SELECTOR, getAddress(pauser.address)],
      );
      await viem.assertions.revertWithCustomErrorWithArgs(
        sendSigned(bridge, approval),
        sender,
        "BridgeLanePaused",
        [DESTINATION_SELECTOR],
      );
      await sender.write.unpauseLane([DESTINATION_SELECTOR], { account: pauser });
      await sendSigned(bridge, approval);

      assert.equal(await sender.read.isNonceUsed([approval.nonce]), true);
    });

    it("reverts with AccessControlUnauthorizedAccount when a stranger pauses it", async () => {
      const bridge = await setup();
      const stranger = bridge.wallets.stranger.account;

      await viem.assertions.revertWithCustomErrorWithArgs(
        bridge.sender.write.pauseLane([DESTINATION_SELECTOR], { account: stranger }),
        bridge.sender,
        "AccessControlUnauthorizedAccount",
        [getAddress(stranger.address), await bridge.sender.read.LANE_PAUSER_ROLE()],
      );
    });
  });

  describe("when the lane's rate limit is reached", () => {
    it("reverts with BridgeRateLimitExceeded and accepts the amount again in the next window", async () => {
      const bridge = await setup();
      const first = await bridge.approvalFor({ amount: 900n * USD });
      const hash = await sendSigned(bridge, first);
      const receipt = await bridge.publicClient.waitForTransactionReceipt({ hash });
      const block = await bridge.publicClient.getBlock({ blockNumber: receipt.blockNumber });
      const second = await bridge.approvalFor({
        amount: 200n * USD,
        deadline: block.timestamp + 2n * 86_400n,
      });

      await viem.assertions.revertWithCustomErrorWithArgs(
        sendSigned(bridge, second),
        bridge.sender,
        "BridgeRateLimitExceeded",
        [DESTINATION_SELECTOR, 200n * USD, 100n * USD, block.timestamp + BigInt(LANE_WINDOW)],
      );
      await networkHelpers.time.increase(LANE_WINDOW);
      await sendSigned(bridge, second);

      const [available] = await bridge.sender.read.availableInWindow([DESTINATION_SELECTOR]);
      assert.equal(available, 800n * USD);
    });
  });

  describe("when the admin sets a lane", () => {
    it("emits LaneSet from this chain to the remote chain, and rejects a lane to this chain's own selector", async () => {
      const bridge = await setup();
      const config = {
        remoteChainSelector: DESTINATION_SELECTOR,
        remoteChainId: DESTINATION_CHAIN_ID,
        remoteBridge: bridge.receiver.address,
        token: bridge.token.address,
        rateLimitAmount: 5n * USD,
        rateLimitWindow: 60,
      };

      await viem.assertions.emitWithArgs(
        bridge.sender.write.setLane([config]),
        bridge.sender,
        "LaneSet",
        [
          SOURCE_SELECTOR,
          DESTINATION_SELECTOR,
          DESTINATION_CHAIN_ID,
          getAddress(bridge.receiver.address),
          getAddress(bridge.token.address),
          5n * USD,
          60,
        ],
      );
      await viem.assertions.revertWithCustomErrorWithArgs(
        bridge.sender.write.setLane([{ ...config, remoteChainSelector: SOURCE_SELECTOR }]),
        bridge.sender,
        "BridgeInvalidLaneConfig",
        ["remoteChainSelector"],
      );
      assert.deepEqual(await bridge.sender.read.remoteChainSelectors(), [DESTINATION_SELECTOR]);
    });
  });
});
