// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

// ICcipRemittanceSender: the source-chain half of a cross-chain remittance over Chainlink CCIP.

import {IKycRegistry} from "../../interfaces/IKycRegistry.sol";
import {IRemittance} from "../../interfaces/IRemittance.sol";
import {ICcipLaneTable} from "./ICcipLaneTable.sol";

/// @title ICcipRemittanceSender
/// @notice Takes a co-signed remittance from the sender's wallet on this chain and hands the tokens, the remittance
/// id and the recipient to the CCIP router for the chain the approval names. It checks what a local send checks:
/// the EIP-712 Approval of IRemittance co-signed by a compliance signer (in this contract's own domain, name
/// "CLXEND Bridge", version "1"), the caller, the deadline, a single-use nonce (this contract's own bitmap), the
/// amount, the fee and the KYC of both parties. The approval's destinationChainId is the EVM chain id of the
/// destination; the routing table maps it to a CCIP chain selector. The CCIP fee is paid in the native gas token
/// (msg.value, surplus returned) or in LINK (pulled from the caller).
///
/// The CCIP message carries one token amount and `abi.encode(RemittanceMessage)` as data.
interface ICcipRemittanceSender is ICcipLaneTable {
    /// @notice The data of every CCIP message this contract sends.
    /// @param remittanceId Remittance id on the source chain: the approval nonce as bytes32.
    /// @param sender Wallet that paid on the source chain (refunds of undeliverable messages go to it).
    /// @param recipient Wallet credited on the destination chain; zero for escrow sends.
    /// @param claimHash Claim hash of an escrow send; zero otherwise.
    /// @param expiresAt Escrow expiry (Unix time); zero for direct sends.
    /// @param sourceAmount Base units sent, in the source token's units.
    struct RemittanceMessage {
        bytes32 remittanceId;
        address sender;
        address recipient;
        bytes32 claimHash;
        uint64 expiresAt;
        uint256 sourceAmount;
    }

    /// @notice Emitted for every cross-chain send, once the router accepted the message.
    /// @param id Remittance id (the approval nonce as bytes32).
    /// @param messageId CCIP message id, which the receiver's events carry too.
    /// @param destinationChainSelector CCIP selector of the destination chain.
    /// @param sender Paying wallet.
    /// @param recipient Wallet credited on the destination chain; zero for escrow sends.
    /// @param amount Base units sent (fee excluded).
    event CrossChainRemittanceSent(
        bytes32 indexed id,
        bytes32 indexed messageId,
        uint64 indexed destinationChainSelector,
        address sender,
        address recipient,
        uint256 amount
    );

    /// @notice Emitted with every CrossChainRemittanceSent: the rest of what the indexer needs.
    /// @param id Remittance id.
    /// @param token Token sent.
    /// @param fee Remittance fee paid to the treasury.
    /// @param claimHash Claim hash for escrow sends; zero otherwise.
    /// @param expiresAt Escrow expiry; zero otherwise.
    /// @param ccipFeeToken Token the CCIP fee was paid in; zero for the native gas token.
    /// @param ccipFee CCIP fee paid to the router.
    event CrossChainRemittanceDetails(
        bytes32 indexed id,
        address token,
        uint256 fee,
        bytes32 claimHash,
        uint64 expiresAt,
        address ccipFeeToken,
        uint256 ccipFee
    );

    /// @notice Emitted when the remittance fee changes.
    /// @param previousFeeBps Old fee in basis points.
    /// @param newFeeBps New fee in basis points.
    event BridgeFeeChanged(uint16 previousFeeBps, uint16 newFeeBps);

    /// @notice Emitted when the treasury changes.
    /// @param previousTreasury Old treasury.
    /// @param newTreasury New treasury.
    event BridgeTreasuryChanged(address previousTreasury, address newTreasury);

    /// @notice Emitted when the gas given to the receiver on the destination chain changes.
    /// @param previousGasLimit Old gas limit.
    /// @param newGasLimit New gas limit.
    event DestinationGasLimitChanged(uint32 previousGasLimit, uint32 newGasLimit);

    /// @notice The caller is not the approval's sender.
    /// @param sender The approval's sender.
    /// @param caller The caller.
    error BridgeSenderMismatch(address sender, address caller);
    /// @notice The approval's deadline has passed.
    /// @param deadline The approval's deadline.
    /// @param nowTimestamp The current block time.
    error BridgeApprovalExpired(uint256 deadline, uint256 nowTimestamp);
    /// @notice The nonce was used before.
    /// @param nonce The nonce.
    error BridgeNonceUsed(uint256 nonce);
    /// @notice The co-signer does not hold COMPLIANCE_SIGNER_ROLE.
    /// @param signer The co-signer.
    error BridgeUnauthorizedSigner(address signer);
    /// @notice The signature does not verify for this approval and signer.
    /// @param signer The co-signer.
    error BridgeInvalidSignature(address signer);
    /// @notice No lane leads to the approval's destination chain.
    /// @param destinationChainId The approval's destination chain id.
    error BridgeUnknownDestinationChain(uint256 destinationChainId);
    /// @notice The amount is zero.
    error BridgeZeroAmount();
    /// @notice The approval's fee differs from the fee this contract computes.
    /// @param expectedFee The fee computed.
    /// @param approvedFee The approval's fee.
    error BridgeFeeMismatch(uint256 expectedFee, uint256 approvedFee);
    /// @notice The fee is above the cap.
    /// @param feeBps The fee asked for.
    /// @param maxFeeBps The cap.
    error BridgeFeeTooHigh(uint16 feeBps, uint16 maxFeeBps);
    /// @notice The wallet has no KYC attestation in force.
    /// @param account The wallet.
    error BridgeKycRequired(address account);
    /// @notice The shape of the approval does not fit the function; `field` names the offending field (recipient
    /// set for an escrow send, claim hash set for a direct send, a zero recipient or claim hash, the recipient being
    /// the sender, or an amount above 2^128 - 1).
    /// @param field Name of the field.
    error BridgeInvalidApproval(string field);
    /// @notice This contract received less than the amount (fee-on-transfer or rebasing token).
    /// @param expected Base units expected.
    /// @param received Base units received.
    error BridgeAmountNotReceived(uint256 expected, uint256 received);
    /// @notice The escrow expiry is outside the allowed bounds.
    /// @param expiresAt The expiry given.
    /// @param earliest Earliest allowed expiry.
    /// @param latest Latest allowed expiry.
    error BridgeEscrowExpiryOutOfBounds(uint64 expiresAt, uint64 earliest, uint64 latest);
    /// @notice The CCIP fee token is neither the native gas token (zero address) nor LINK.
    /// @param feeToken The token given.
    error BridgeFeeTokenNotSupported(address feeToken);
    /// @notice Less native gas token was sent than the CCIP fee.
    /// @param required The CCIP fee.
    /// @param provided msg.value.
    error BridgeInsufficientNativeFee(uint256 required, uint256 provided);
    /// @notice Native gas token was sent with a fee paid in LINK.
    /// @param value msg.value.
    error BridgeUnexpectedNativeValue(uint256 value);
    /// @notice An address given to the constructor or an admin function is zero.
    error BridgeZeroAddress();
    /// @notice The destination gas limit is outside the accepted range.
    /// @param gasLimit The gas limit given.
    error BridgeInvalidGasLimit(uint32 gasLimit);

    /// @notice Direct cross-chain send: `amount` to `recipient` on the destination chain and `fee` to the treasury
    /// here, from the caller's wallet; both parties need KYC in force. Pay the CCIP fee with msg.value when
    /// `ccipFeeToken` is zero (the surplus is returned), or in LINK (approve this contract first).
    /// @param approval The co-signed approval; destinationChainId names the destination chain.
    /// @param coSignature The compliance co-signature.
    /// @param ccipFeeToken Zero for the native gas token, or the LINK token.
    /// @return id The remittance id.
    /// @return messageId The CCIP message id.
    function send(
        IRemittance.Approval calldata approval,
        IRemittance.CoSignature calldata coSignature,
        address ccipFeeToken
    ) external payable returns (bytes32 id, bytes32 messageId);

    /// @notice Cross-chain escrow send to `approval.claimHash`: the receiver holds the tokens on the destination
    /// chain until a KYC'd wallet claims them with the claim key, or the sender takes them back there after
    /// `expiresAt`.
    /// @param approval The co-signed approval (recipient zero, claim hash set).
    /// @param expiresAt Escrow expiry, within ESCROW_MIN_DURATION .. ESCROW_MAX_DURATION from now.
    /// @param coSignature The compliance co-signature.
    /// @param ccipFeeToken Zero for the native gas token, or the LINK token.
    /// @return id The remittance id.
    /// @return messageId The CCIP message id.
    function sendToEscrow(
        IRemittance.Approval calldata approval,
        uint64 expiresAt,
        IRemittance.CoSignature calldata coSignature,
        address ccipFeeToken
    ) external payable returns (bytes32 id, bytes32 messageId);

    /// @notice `send` preceded by an EIP-2612 permit for `amount + fee`, so the sender signs once in the wallet.
    /// @param approval The co-signed approval.
    /// @param coSignature The compliance co-signature.
    /// @param permit The sender's permit for this contract.
    /// @param ccipFeeToken Zero for the native gas token, or the LINK token.
    /// @return id The remittance id.
    /// @return messageId The CCIP message id.
    function sendWithPermit(
        IRemittance.Approval calldata approval,
        IRemittance.CoSignature calldata coSignature,
        IRemittance.Permit calldata permit,
        address ccipFeeToken
    ) external payable returns (bytes32 id, bytes32 messageId);

    /// @notice `sendToEscrow` preceded by an EIP-2612 permit for `amount + fee`.
    /// @param approval The co-signed approval (recipient zero, claim hash set).
    /// @param expiresAt Escrow expiry.
    /// @param coSignature The compliance co-signature.
    /// @param permit The sender's permit for this contract.
    /// @param ccipFeeToken Zero for the native gas token, or the LINK token.
    /// @return id The remittance id.
    /// @return messageId The CCIP message id.
    function sendToEscrowWithPermit(
        IRemittance.Approval calldata approval,
        uint64 expiresAt,
        IRemittance.CoSignature calldata coSignature,
        IRemittance.Permit calldata permit,
        address ccipFeeToken
    ) external payable returns (bytes32 id, bytes32 messageId);

    /// @notice Sets the remittance fee in basis points (at most MAX_FEE_BPS). Only the admin.
    /// @param feeBps The new fee.
    function setFee(uint16 feeBps) external;

    /// @notice Sets the wallet that receives remittance fees. Only the admin.
    /// @param treasury The new treasury.
    function setTreasury(address treasury) external;

    /// @notice Sets the gas the receiver gets on the destination chain. Only the admin.
    /// @param gasLimit The new gas limit (MIN_DESTINATION_GAS_LIMIT .. MAX_DESTINATION_GAS_LIMIT).
    function setDestinationGasLimit(uint32 gasLimit) external;

    /// @notice The CCIP fee of the message that `send` (expiresAt zero) or `sendToEscrow` would send now.
    /// @param approval The approval.
    /// @param expiresAt Escrow expiry; zero for a direct send.
    /// @param ccipFeeToken Zero for the native gas token, or the LINK token.
    /// @return The CCIP fee, in base units of `ccipFeeToken` (wei for the native gas token).
    function quoteCcipFee(
        IRemittance.Approval calldata approval,
        uint64 expiresAt,
        address ccipFeeToken
    ) external view returns (uint256);

    /// @notice The remittance fee, in base units, of a send of `amount`.
    /// @param amount Base units sent.
    /// @return The fee: amount × fee rate / 10,000, rounded down.
    function quoteFee(uint256 amount) external view returns (uint256);

    /// @notice The EIP-712 digest that a compliance signer signs for `approval`.
    /// @param approval The approval.
    /// @return The digest in this contract's domain.
    function approvalDigest(IRemittance.Approval calldata approval) external view returns (bytes32);

    /// @notice Whether `nonce` has been used.
    /// @param nonce The nonce.
    /// @return Whether a cross-chain send with this nonce went through.
    function isNonceUsed(uint256 nonce) external view returns (bool);

    /// @notice The remittance fee in basis points.
    /// @return The fee rate, in basis points.
    function feeBps() external view returns (uint16);

    /// @notice The wallet that receives remittance fees.
    /// @return The treasury.
    function treasury() external view returns (address);

    /// @notice The gas the receiver gets on the destination chain.
    /// @return The gas limit set in every CCIP message.
    function destinationGasLimit() external view returns (uint32);

    /// @notice The KYC registry whose attestations sends require.
    /// @return The KYC registry.
    function kycRegistry() external view returns (IKycRegistry);

    /// @notice The LINK token accepted for CCIP fees (zero when only the native gas token is accepted).
    /// @return The LINK token, or zero.
    function linkToken() external view returns (address);

    /// @notice The CCIP router that carries the messages.
    /// @return The router.
    function router() external view returns (address);
}
