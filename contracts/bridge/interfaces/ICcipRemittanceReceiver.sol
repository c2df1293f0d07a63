// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

// ICcipRemittanceReceiver: the destination-chain half of a cross-chain remittance over Chainlink CCIP.

import {IKycRegistry} from "../../interfaces/IKycRegistry.sol";
import {IRemittance} from "../../interfaces/IRemittance.sol";
import {ICcipLaneTable} from "./ICcipLaneTable.sol";

/// @title ICcipRemittanceReceiver
/// @notice Accepts CCIP messages from the router only, and of those only the ones whose source chain has a lane
/// here and whose sender is that lane's bridge sender; each message and each remittance id is accepted once. It then
/// credits the recipient directly, or opens an escrow (id = the CCIP message id) that a KYC'd wallet claims with the
/// claim key's EIP-712 `Claim(bytes32 id,address claimer)` signature (domain: name "CLXEND Bridge", version "1",
/// this chain, this contract) and that the sender can take back after its expiry.
///
/// A message that passes those checks is never lost: if the delivery fails (paused lane, rate limit reached, token
/// not the lane's, a token that refuses the recipient), the tokens stay here, the failure is recorded with the
/// message id, and anyone can retry it later, or the sender can take the tokens back on this chain.
interface ICcipRemittanceReceiver is ICcipLaneTable {
    /// @notice A received transfer, as delivered or recorded after a failed delivery.
    /// @param remittanceId Remittance id on the source chain.
    /// @param sourceChainSelector CCIP selector of the source chain.
    /// @param sender Wallet that paid on the source chain.
    /// @param recipient Wallet to credit; zero for an escrow.
    /// @param claimHash Claim hash of an escrow; zero otherwise.
    /// @param expiresAt Escrow expiry; zero otherwise.
    /// @param token Token held by this contract for the transfer.
    /// @param amount Base units held, in this chain's token units.
    struct InboundTransfer {
        bytes32 remittanceId;
        uint64 sourceChainSelector;
        address sender;
        address recipient;
        bytes32 claimHash;
        uint64 expiresAt;
        address token;
        uint256 amount;
    }

    /// @notice Emitted when a direct cross-chain remittance is credited to its recipient.
    /// @param messageId CCIP message id.
    /// @param sourceChainSelector CCIP selector of the source chain.
    /// @param remittanceId Remittance id on the source chain.
    /// @param sender Wallet that paid on the source chain.
    /// @param recipient Wallet credited.
    /// @param token Token credited.
    /// @param amount Base units credited.
    event CrossChainRemittanceReceived(
        bytes32 indexed messageId,
        uint64 indexed sourceChainSelector,
        bytes32 indexed remittanceId,
        address sender,
        address recipient,
        address token,
        uint256 amount
    );

    /// @notice Emitted when a cross-chain escrow is opened; its escrow id is the message id.
    /// @param messageId CCIP message id, also the escrow id.
    /// @param sourceChainSelector CCIP selector of the source chain.
    /// @param remittanceId Remittance id on the source chain.
    /// @param sender Wallet that paid on the source chain and may take back the escrow after its expiry.
    /// @param claimHash keccak256 of the claim key's address.
    /// @param token Token held.
    /// @param amount Base units held.
    /// @param expiresAt Unix time after which the escrow can no longer be claimed, only refunded.
    event CrossChainEscrowOpened(
        bytes32 indexed messageId,
        uint64 indexed sourceChainSelector,
        bytes32 indexed remittanceId,
        address sender,
        bytes32 claimHash,
        address token,
        uint256 amount,
        uint64 expiresAt
    );

    /// @notice Emitted when the delivery of an accepted message failed; the tokens stay here until the delivery is
    /// retried or refunded.
    /// @param messageId CCIP message id.
    /// @param sourceChainSelector CCIP selector of the source chain.
    /// @param remittanceId Remittance id on the source chain.
    /// @param transfer The transfer to pass back to retryFailedDelivery or refundFailedDelivery.
    /// @param reason The revert data of the failed delivery.
    event CrossChainDeliveryFailed(
        bytes32 indexed messageId,
        uint64 indexed sourceChainSelector,
        bytes32 indexed remittanceId,
        InboundTransfer transfer,
        bytes reason
    );

    /// @notice Emitted when a failed delivery is retried (the delivery's own event follows).
    /// @param messageId CCIP message id.
    /// @param caller Who retried it.
    event FailedDeliveryRetried(bytes32 indexed messageId, address caller);

    /// @notice Emitted when the tokens of a failed delivery are returned to the sender on this chain.
    /// @param messageId CCIP message id.
    /// @param sender Wallet refunded.
    /// @param token Token refunded.
    /// @param amount Base units refunded.
    event FailedDeliveryRefunded(bytes32 indexed messageId, address indexed sender, address token, uint256 amount);

    /// @notice Emitted when a cross-chain escrow is claimed.
    /// @param id Escrow id (the CCIP message id).
    /// @param claimer KYC'd wallet that received the funds.
    /// @param amount Base units received.
    event CrossChainEscrowClaimed(bytes32 indexed id, address indexed claimer, uint256 amount);

    /// @notice Emitted when an expired cross-chain escrow is returned to its sender.
    /// @param id Escrow id (the CCIP message id).
    /// @param sender Wallet refunded.
    /// @param amount Base units refunded.
    event CrossChainEscrowRefunded(bytes32 indexed id, address indexed sender, uint256 amount);

    /// @notice The message's sender is not the bridge sender of the lane from its source chain.
    /// @param sourceChainSelector CCIP selector of the source chain.
    /// @param sender The message's sender, as CCIP encodes it.
    error BridgeUnknownSourceSender(uint64 sourceChainSelector, bytes sender);
    /// @notice A message with this id was accepted before.
    /// @param messageId CCIP message id.
    error BridgeMessageAlreadyProcessed(bytes32 messageId);
    /// @notice A message carrying this remittance from this source chain and sender was accepted before.
    /// @param sourceChainSelector CCIP selector of the source chain.
    /// @param remittanceId Remittance id on the source chain.
    error BridgeRemittanceAlreadyReceived(uint64 sourceChainSelector, bytes32 remittanceId);
    /// @notice The message does not have the shape a bridge sender gives it; `field` names the part.
    /// @param messageId CCIP message id.
    /// @param field "destTokenAmounts", "data" or "recipient".
    error BridgeInvalidMessage(bytes32 messageId, string field);
    /// @notice `deliver` was called by someone other than this contract.
    /// @param caller The caller.
    error BridgeOnlySelf(address caller);
    /// @notice Too little gas reached the receiver to attempt a delivery and still record its failure.
    /// @param gasLeft Gas left.
    /// @param reserve Gas kept back to record a failure.
    error BridgeInsufficientDeliveryGas(uint256 gasLeft, uint256 reserve);
    /// @notice No failed delivery is recorded under this message id with exactly this transfer.
    /// @param messageId CCIP message id.
    error BridgeNoFailedDelivery(bytes32 messageId);
    /// @notice Only the remittance's sender may take back a failed delivery.
    /// @param messageId CCIP message id.
    /// @param caller The caller.
    error BridgeNotRemittanceSender(bytes32 messageId, address caller);
    /// @notice No open escrow matches this id and these terms.
    /// @param id Escrow id.
    error BridgeEscrowNotOpen(bytes32 id);
    /// @notice The escrow has expired and can no longer be claimed.
    /// @param id Escrow id.
    /// @param expiresAt Its expiry.
    error BridgeEscrowExpired(bytes32 id, uint64 expiresAt);
    /// @notice The escrow has not expired yet, so it cannot be refunded.
    /// @param id Escrow id.
    /// @param expiresAt Its expiry.
    error BridgeEscrowNotExpired(bytes32 id, uint64 expiresAt);
    /// @notice The claim signature was not made by the escrow's claim key for this claimer.
    /// @param id Escrow id.
    /// @param claimer The claimer.
    error BridgeInvalidClaim(bytes32 id, address claimer);
    /// @notice Only the escrow's sender may refund it.
    /// @param id Escrow id.
    /// @param caller The caller.
    error BridgeNotEscrowSender(bytes32 id, address caller);
    /// @notice The claimer has no KYC attestation in force on this chain.
    /// @param account The claimer.
    error BridgeKycRequired(address account);
    /// @notice An address given to the constructor is zero.
    error BridgeZeroAddress();

    /// @notice Delivers an accepted transfer: credits the recipient or opens the escrow. Only this contract calls
    /// it, in a call frame of its own, so that a failure rolls back the delivery alone.
    /// @param messageId CCIP message id.
    /// @param transfer The transfer.
    function deliver(bytes32 messageId, InboundTransfer calldata transfer) external;

    /// @notice Tries a failed delivery again (for example once the lane is resumed or its window reopened). Anyone.
    /// @param messageId CCIP message id.
    /// @param transfer The transfer exactly as CrossChainDeliveryFailed carried it.
    function retryFailedDelivery(bytes32 messageId, InboundTransfer calldata transfer) external;

    /// @notice Returns the tokens of a failed delivery to the remittance's sender, on this chain. Only that sender.
    /// @param messageId CCIP message id.
    /// @param transfer The transfer exactly as CrossChainDeliveryFailed carried it.
    function refundFailedDelivery(bytes32 messageId, InboundTransfer calldata transfer) external;

    /// @notice Claims an open, unexpired escrow to the caller, who must hold KYC in force on this chain.
    /// @param id Escrow id (the CCIP message id).
    /// @param terms The escrow's terms, as CrossChainEscrowOpened carried them.
    /// @param claimSignature The claim key's EIP-712 signature of `Claim(id, caller)`.
    function claim(bytes32 id, IRemittance.EscrowTerms calldata terms, bytes calldata claimSignature) external;

    /// @notice Returns an expired, unclaimed escrow to its sender. Only the sender.
    /// @param id Escrow id (the CCIP message id).
    /// @param terms The escrow's terms.
    function refundEscrow(bytes32 id, IRemittance.EscrowTerms calldata terms) external;

    /// @notice Whether a message with this id was accepted.
    /// @param messageId CCIP message id.
    /// @return Whether the message was accepted (delivered or recorded as a failed delivery).
    function isMessageProcessed(bytes32 messageId) external view returns (bool);

    /// @notice Whether a failed delivery is waiting under this message id.
    /// @param messageId CCIP message id.
    /// @return Whether its tokens wait here for a retry or a refund.
    function isDeliveryFailed(bytes32 messageId) external view returns (bool);

    /// @notice Whether escrow `id` is open.
    /// @param id Escrow id (the CCIP message id).
    /// @return Whether the escrow holds its tokens (not yet claimed or refunded).
    function isEscrowOpen(bytes32 id) external view returns (bool);

    /// @notice The EIP-712 digest that a claim key signs to let `claimer` claim escrow `id`.
    /// @param id Escrow id.
    /// @param claimer The claiming wallet.
    /// @return The digest of `Claim(id, claimer)` in this contract's domain.
    function claimDigest(bytes32 id, address claimer) external view returns (bytes32);

    /// @notice The KYC registry of this chain, which claims consult.
    /// @return The KYC registry.
    function kycRegistry() external view returns (IKycRegistry);
}
