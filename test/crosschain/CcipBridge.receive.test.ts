// Specification of the receiving side over the CCIP simulator: message authentication (router, source chain,
// sender, replay), failed deliveries kept for retry and refund, inbound limits and pauses, and escrows.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { network } from "hardhat";
import {
  decodeErrorResult,
  encodeErrorResult,
  getAddress,
  type Hex,
  pad,
  parseEventLogs,
  zeroAddress,
  zeroHash,
} from "viem";
import { type Approval, USD } from "../contracts/fixture.ts";
import {
  type Bridge,
  CCIP_FEE,
  DESTINATION_SELECTOR,
  deployBridge,
  idOf,
  type InboundTransfer,
  LANE_LIMIT,
  LANE_WINDOW,
  SOURCE_SELECTOR,
  UNKNOWN_SELECTOR,
} from "./fixture.ts";

const { networkHelpers, viem } = await network.create();

function setup(): Promise<Bridge> {
  return networkHelpers.loadFixture(deployBridge);
}

/** Co-signs `approval` and sends it cross-chain from alice; returns the transaction hash and the CCIP message id. */
async function sendSigned(bridge: Bridge, approval: Approval, expiresAt?: bigint) {
  const coSignature = await bridge.coSign(approval);
  const options = { account: bridge.wallets.alice.account, value: CCIP_FEE };
  const hash =
    expiresAt === undefined
      ? await bridge.sender.write.send([approval, coSignature, zeroAddress], options)
      : await bridge.sender.write.sendToEscrow(
          [approval, expiresAt, coSignature, zeroAddress],
          options,
        );
  const receipt = await bridge.publicClient.waitForTransactionReceipt({ hash });
  const [sent] = parseEventLogs({
    abi: bridge.sender.abi,
    logs: receipt.logs,
    eventName: "CrossChainRemittanceSent",
  });
  assert.ok(sent, "no CrossChainRemittanceSent event");
  const failed = parseEventLogs({
    abi: bridge.receiver.abi,
    logs: receipt.logs,
    eventName: "CrossChainDeliveryFailed",
  });
  return { hash, messageId: sent.args.messageId, failed: failed[0]?.args };
}

/** The receiver's custom error in routeMessage's return data. */
function receiverError(bridge: Bridge, retData: Hex) {
  const { errorName, args } = decodeErrorResult({ abi: bridge.receiver.abi, data: retData });
  return { errorName, args };
}

describe("CcipRemittanceReceiver", () => {
  describe("when a message does not come from an allowed lane and sender", () => {
    it("rejects a message from a source chain without a lane with BridgeLaneNotAllowed", async () => {
      const bridge = await setup();
      const approval = await bridge.approvalFor();
      const message = {
        ...bridge.messageFor(approval, pad("0x01")),
        sourceChainSelector: UNKNOWN_SELECTOR,
      };

      const { success, retData } = await bridge.route(message);

      assert.equal(success, false);
      assert.deepEqual(receiverError(bridge, retData), {
        errorName: "BridgeLaneNotAllowed",
        args: [UNKNOWN_SELECTOR],
      });
    });

    it("rejects a message from another sender on the lane's chain with BridgeUnknownSourceSender", async () => {
      const bridge = await setup();
      const approval = await bridge.approvalFor();
      const forgedSender = pad(bridge.wallets.stranger.account.address);
      const message = { ...bridge.messageFor(approval, pad("0x02")), sender: forgedSender };

      const { success, retData } = await bridge.route(message);

      assert.equal(success, false);
      assert.deepEqual(receiverError(bridge, retData), {
        errorName: "BridgeUnknownSourceSender",
        args: [SOURCE_SELECTOR, forgedSender],
      });
    });

    it("reverts with InvalidRouter when anyone but the router calls ccipReceive", async () => {
      const bridge = await setup();
      const approval = await bridge.approvalFor();
      const stranger = bridge.wallets.stranger.account;

      await viem.assertions.revertWithCustomErrorWithArgs(
        bridge.receiver.write.ccipReceive([bridge.messageFor(approval, pad("0x03"))], {
          account: stranger,
        }),
        bridge.receiver,
        "InvalidRouter",
        [getAddress(stranger.address)],
      );
    });
  });

  describe("when lanes are administered", () => {
    it("emits LaneSet from the remote chain to this chain, and refuses a stranger", async () => {
      const bridge = await setup();
      const { receiver, sender, token, wallets } = bridge;
      const stranger = wallets.stranger.account;
      const config = {
        remoteChainSelector: SOURCE_SELECTOR,
        remoteChainId: 11155111n,
        remoteBridge: sender.address,
        token: token.address,
        rateLimitAmount: 7n * USD,
        rateLimitWindow: 3_600,
      };

      await viem.assertions.emitWithArgs(receiver.write.setLane([config]), receiver, "LaneSet", [
        SOURCE_SELECTOR,
        DESTINATION_SELECTOR,
        11155111n,
        getAddress(sender.address),
        getAddress(token.address),
        7n * USD,
        3_600,
      ]);
      await viem.assertions.revertWithCustomErrorWithArgs(
        receiver.write.setLane([config], { account: stranger }),
        receiver,
        "AccessControlUnauthorizedAccount",
        [getAddress(stranger.address), zeroHash],
      );
    });
  });

  describe("when a delivered message is replayed", () => {
    it("rejects the same message id with BridgeMessageAlreadyProcessed", async () => {
      const bridge = await setup();
      const approval = await bridge.approvalFor();
      const { messageId } = await sendSigned(bridge, approval);

      const { success, retData } = await bridge.route(bridge.messageFor(approval, messageId));

      assert.equal(success, false);
      assert.deepEqual(receiverError(bridge, retData), {
        errorName: "BridgeMessageAlreadyProcessed",
        args: [messageId],
      });
    });

    it("rejects the same remittance under a new message id with BridgeRemittanceAlreadyReceived", async () => {
      const bridge = await setup();
      const approval = await bridge.approvalFor();
      await sendSigned(bridge, approval);

      const { success, retData } = await bridge.route(bridge.messageFor(approval, pad("0x04")));

      assert.equal(success, false);
      assert.deepEqual(receiverError(bridge, retData), {
        errorName: "BridgeRemittanceAlreadyReceived",
        args: [SOURCE_SELECTOR, idOf(approval.nonce)],
      });
    });
  });

  describe("when the inbound lane is paused", () => {
    it("keeps the tokens as a failed delivery and delivers them on retry once the lane is resumed", async () => {
      const bridge = await setup();
      const { receiver, token, wallets } = bridge;
      const pauser = wallets.pauser.account;
      const bob = wallets.bob.account.address;
      await receiver.write.pauseLane([SOURCE_SELECTOR], { account: pauser });
      const approval = await bridge.approvalFor();
      const bobBefore = await token.read.balanceOf([bob]);

      const { messageId, failed } = await sendSigned(bridge, approval);

      assert.ok(failed);
      assert.equal(failed.messageId, messageId);
      assert.equal(
        failed.reason,
        encodeErrorResult({
          abi: receiver.abi,
          errorName: "BridgeLanePaused",
          args: [SOURCE_SELECTOR],
        }),
      );
      assert.equal(await receiver.read.isDeliveryFailed([messageId]), true);
      assert.equal(await token.read.balanceOf([receiver.address]), approval.amount);
      assert.equal(await token.read.balanceOf([bob]), bobBefore);
      const transfer: InboundTransfer = failed.transfer;
      await viem.assertions.revertWithCustomErrorWithArgs(
        receiver.write.retryFailedDelivery([messageId, transfer]),
        receiver,
        "BridgeLanePaused",
        [SOURCE_SELECTOR],
      );

      await receiver.write.unpauseLane([SOURCE_SELECTOR], { account: pauser });
      const retry = receiver.write.retryFailedDelivery([messageId, transfer], {
        account: wallets.stranger.account,
      });

      await viem.assertions.emitWithArgs(retry, receiver, "CrossChainRemittanceReceived", [
        messageId,
        SOURCE_SELECTOR,
        idOf(approval.nonce),
        getAddress(approval.sender),
        getAddress(bob),
        getAddress(token.address),
        approval.amount,
      ]);
      assert.equal(await token.read.balanceOf([bob]), bobBefore + approval.amount);
      assert.equal(await receiver.read.isDeliveryFailed([messageId]), false);
      await viem.assertions.revertWithCustomErrorWithArgs(
        receiver.write.retryFailedDelivery([messageId, transfer]),
        receiver,
        "BridgeNoFailedDelivery",
        [messageId],
      );
    });
  });

  describe("when the inbound rate limit is reached", () => {
    it("keeps the over-limit delivery and delivers it on retry in the next window", async () => {
      const bridge = await setup();
      const { receiver, token, wallets } = bridge;
      await bridge.configureLanes(token.address, LANE_LIMIT, 150n * USD);
      await sendSigned(bridge, await bridge.approvalFor());
      const second = await bridge.approvalFor();

      const { messageId, failed } = await sendSigned(bridge, second);

      assert.ok(failed);
      assert.equal(
        receiverError(bridge, failed.reason).errorName,
        "BridgeRateLimitExceeded",
        "the delivery failed for the rate limit",
      );
      await networkHelpers.time.increase(LANE_WINDOW);
      await receiver.write.retryFailedDelivery([messageId, failed.transfer]);
      assert.equal(
        await token.read.balanceOf([wallets.bob.account.address]),
        100_000n * USD + 200n * USD,
      );
      assert.equal(await token.read.balanceOf([receiver.address]), 0n);
    });
  });

  describe("when the token refuses the recipient", () => {
    async function blacklistedSetup() {
      const bridge = await setup();
      const { wallets } = bridge;
      const blocked = await viem.deployContract("BlacklistToken");
      await bridge.configureLanes(blocked.address);
      await blocked.write.mint([wallets.alice.account.address, 1_000n * USD]);
      await blocked.write.approve([bridge.sender.address, 1_000n * USD], {
        account: wallets.alice.account,
      });
      await blocked.write.setBlacklisted([wallets.bob.account.address, true]);
      const approval = await bridge.approvalFor({ token: blocked.address });
      const sent = await sendSigned(bridge, approval);
      assert.ok(sent.failed, "the delivery did not fail");
      return {
        bridge,
        blocked,
        approval,
        messageId: sent.messageId,
        transfer: sent.failed.transfer,
      };
    }

    it("keeps the tokens, and a retry reverts while the recipient is still refused", async () => {
      const { bridge, blocked, messageId, transfer, approval } = await blacklistedSetup();
      const bob = getAddress(bridge.wallets.bob.account.address);

      assert.equal(await blocked.read.balanceOf([bridge.receiver.address]), approval.amount);
      await viem.assertions.revertWithCustomErrorWithArgs(
        bridge.receiver.write.retryFailedDelivery([messageId, transfer]),
        blocked,
        "BlacklistTokenBlocked",
        [bob],
      );
      assert.equal(await bridge.receiver.read.isDeliveryFailed([messageId]), true);
    });

    it("refunds the sender on this chain, once, and only to the sender", async () => {
      const { bridge, blocked, messageId, transfer, approval } = await blacklistedSetup();
      const { receiver, wallets } = bridge;
      const alice = wallets.alice.account;
      const stranger = wallets.stranger.account;
      const aliceBefore = await blocked.read.balanceOf([alice.address]);

      await viem.assertions.revertWithCustomErrorWithArgs(
        receiver.write.refundFailedDelivery([messageId, transfer], { account: stranger }),
        receiver,
        "BridgeNotRemittanceSender",
        [messageId, getAddress(stranger.address)],
      );
      await viem.assertions.revertWithCustomErrorWithArgs(
        receiver.write.refundFailedDelivery(
          [messageId, { ...transfer, amount: transfer.amount + 1n }],
          {
            account: alice,
          },
        ),
        receiver,
        "BridgeNoFailedDelivery",
        [messageId],
      );
      await viem.assertions.emitWithArgs(
        receiver.write.refundFailedDelivery([messageId, transfer], { account: alice }),
        receiver,
        "FailedDeliveryRefunded",
        [messageId, getAddress(alice.address), getAddress(blocked.address), approval.amount],
      );

      assert.equal(await blocked.read.balanceOf([alice.address]), aliceBefore + approval.amount);
      assert.equal(await blocked.read.balanceOf([receiver.address]), 0n);
      await viem.assertions.revertWithCustomErrorWithArgs(
        receiver.write.refundFailedDelivery([messageId, transfer], { account: alice }),
        receiver,
        "BridgeNoFailedDelivery",
        [messageId],
      );
    });

    it("delivers on retry once the token accepts the recipient again", async () => {
      const { bridge, blocked, messageId, transfer, approval } = await blacklistedSetup();
      const bob = bridge.wallets.bob.account.address;
      await blocked.write.setBlacklisted([bob, false]);

      await bridge.receiver.write.retryFailedDelivery([messageId, transfer]);

      assert.equal(await blocked.read.balanceOf([bob]), approval.amount);
    });
  });

  describe("when the send is to an escrow", () => {
    async function escrowSetup() {
      const bridge = await setup();
      const approval = await bridge.escrowApprovalFor();
      const expiresAt = BigInt(await networkHelpers.time.latest()) + 2n * 86_400n;
      const sent = await sendSigned(bridge, approval, expiresAt);
      const terms = {
        sender: approval.sender,
        token: approval.token,
        amount: approval.amount,
        claimHash: approval.claimHash,
        expiresAt,
      };
      return { bridge, approval, terms, ...sent };
    }

    it("opens an escrow under the message id that a KYC'd wallet claims with the claim key", async () => {
      const { bridge, approval, terms, messageId, hash } = await escrowSetup();
      const { receiver, token, wallets } = bridge;
      const carol = wallets.carol.account;
      await viem.assertions.emitWithArgs(
        Promise.resolve(hash),
        receiver,
        "CrossChainEscrowOpened",
        [
          messageId,
          SOURCE_SELECTOR,
          idOf(approval.nonce),
          getAddress(approval.sender),
          approval.claimHash,
          getAddress(token.address),
          approval.amount,
          terms.expiresAt,
        ],
      );
      const carolBefore = await token.read.balanceOf([carol.address]);
      const signature = await bridge.signClaim(messageId, carol.address);

      await viem.assertions.emitWithArgs(
        receiver.write.claim([messageId, terms, signature], { account: carol }),
        receiver,
        "CrossChainEscrowClaimed",
        [messageId, getAddress(carol.address), approval.amount],
      );

      assert.equal(await token.read.balanceOf([carol.address]), carolBefore + approval.amount);
      assert.equal(await receiver.read.isEscrowOpen([messageId]), false);
    });

    it("reverts with BridgeInvalidClaim when the signature names another claimer", async () => {
      const { bridge, terms, messageId } = await escrowSetup();
      const carol = bridge.wallets.carol.account;
      const signature = await bridge.signClaim(messageId, bridge.wallets.bob.account.address);

      await viem.assertions.revertWithCustomErrorWithArgs(
        bridge.receiver.write.claim([messageId, terms, signature], { account: carol }),
        bridge.receiver,
        "BridgeInvalidClaim",
        [messageId, getAddress(carol.address)],
      );
    });

    it("returns an unclaimed escrow to the sender after its expiry", async () => {
      const { bridge, terms, messageId, approval } = await escrowSetup();
      const { receiver, token, wallets } = bridge;
      const alice = wallets.alice.account;
      await viem.assertions.revertWithCustomErrorWithArgs(
        receiver.write.refundEscrow([messageId, terms], { account: alice }),
        receiver,
        "BridgeEscrowNotExpired",
        [messageId, terms.expiresAt],
      );
      await networkHelpers.time.increaseTo(terms.expiresAt + 1n);
      const aliceBefore = await token.read.balanceOf([alice.address]);

      await receiver.write.refundEscrow([messageId, terms], { account: alice });

      assert.equal(await token.read.balanceOf([alice.address]), aliceBefore + approval.amount);
    });
  });
});
