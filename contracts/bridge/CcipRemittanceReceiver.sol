// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

// CcipRemittanceReceiver: accepts cross-chain remittances from allow-listed CCIP lanes and credits them, keeping
// every delivery that fails for a retry or a refund.

import {CCIPReceiver} from "@chainlink/contracts-ccip/contracts/applications/CCIPReceiver.sol";
import {IAny2EVMMessageReceiver} from "@chainlink/contracts-ccip/contracts/interfaces/IAny2EVMMessageReceiver.sol";
import {Client} from "@chainlink/contracts-ccip/contracts/libraries/Client.sol";
import {AccessControl} from "@openzeppelin/contracts/access/AccessControl.sol";
import {IAccessControl} from "@openzeppelin/contracts/access/IAccessControl.sol";
import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {ECDSA} from "@openzeppelin/contracts/utils/cryptography/ECDSA.sol";
import {EIP712} from "@openzeppelin/contracts/utils/cryptography/EIP712.sol";
import {ReentrancyGuard} from "@openzeppelin/contracts/utils/ReentrancyGuard.sol";
import {IKycRegistry} from "../interfaces/IKycRegistry.sol";
import {IRemittance} from "../interfaces/IRemittance.sol";
import {CcipLaneTable} from "./CcipLaneTable.sol";
import {ICcipRemittanceReceiver} from "./interfaces/ICcipRemittanceReceiver.sol";
import {ICcipRemittanceSender} from "./interfaces/ICcipRemittanceSender.sol";

/// @title CcipRemittanceReceiver
/// @notice Destination-chain half of a cross-chain remittance. Authenticates each CCIP message (router, lane, bridge
/// sender, no replay), then delivers it in a call frame of its own; a failed delivery is recorded, never lost.
/// @dev Messages that fail authentication revert, so CCIP keeps them for manual execution and no tokens move.
contract CcipRemittanceReceiver is ICcipRemittanceReceiver, CcipLaneTable, CCIPReceiver, EIP712, ReentrancyGuard {
    using SafeERC20 for IERC20;

    /// @notice EIP-712 type hash of the claim key's `Claim(bytes32 id,address claimer)`.
    bytes32 public constant CLAIM_TYPEHASH = keccak256("Claim(bytes32 id,address claimer)");
    /// @notice Gas kept back from a delivery attempt to record its failure (one storage slot and one event).
    uint256 public constant DELIVERY_GAS_RESERVE = 60_000;

    /// @dev abi.encode(RemittanceMessage) is six 32-byte words.
    uint256 private constant _MESSAGE_DATA_LENGTH = 6 * 32;

    /// @inheritdoc ICcipRemittanceReceiver
    // solhint-disable-next-line immutable-vars-naming
    IKycRegistry public immutable kycRegistry;

    mapping(bytes32 messageId => bool processed) private _processedMessages;
    mapping(bytes32 remittanceKey => bool received) private _receivedRemittances;
    mapping(bytes32 messageId => bytes32 transferHash) private _failedDeliveryHashes;
    mapping(bytes32 id => bytes32 termsHash) private _escrowTermsHashes;

    /// @param admin Receives DEFAULT_ADMIN_ROLE (lanes, roles).
    /// @param pauser Receives LANE_PAUSER_ROLE.
    /// @param kycRegistry_ KYC registry of this chain, which claims consult.
    /// @param router_ CCIP router of this chain, the only caller of ccipReceive.
    /// @param localChainSelector_ CCIP chain selector of this chain.
    constructor(
        address admin,
        address pauser,
        IKycRegistry kycRegistry_,
        address router_,
        uint64 localChainSelector_
    ) CcipLaneTable(localChainSelector_, false) CCIPReceiver(router_) EIP712("CLXEND Bridge", "1") {
        if (admin == address(0) || pauser == address(0) || address(kycRegistry_) == address(0)) {
            revert BridgeZeroAddress();
        }

        kycRegistry = kycRegistry_;
        _grantRole(DEFAULT_ADMIN_ROLE, admin);
        _grantRole(LANE_PAUSER_ROLE, pauser);
    }

    // ------------------------------------------------------------------------------------------------------------
    // Receiving
    // ------------------------------------------------------------------------------------------------------------

    /// @notice Called by the CCIP router with a message for this contract.
    function ccipReceive(Client.Any2EVMMessage calldata message) external override onlyRouter nonReentrant {
        _ccipReceive(message);
    }

    /// @inheritdoc ICcipRemittanceReceiver
    function deliver(bytes32 messageId, InboundTransfer calldata transfer) external {
        if (msg.sender != address(this)) revert BridgeOnlySelf(msg.sender);
        _deliver(messageId, transfer);
    }

    /// @inheritdoc ICcipRemittanceReceiver
    function retryFailedDelivery(bytes32 messageId, InboundTransfer calldata transfer) external nonReentrant {
        _requireFailedDelivery(messageId, transfer);

        delete _failedDeliveryHashes[messageId];

        emit FailedDeliveryRetried(messageId, msg.sender);

        _deliver(messageId, transfer);
    }

    /// @inheritdoc ICcipRemittanceReceiver
    function refundFailedDelivery(bytes32 messageId, InboundTransfer calldata transfer) external nonReentrant {
        _requireFailedDelivery(messageId, transfer);
        if (msg.sender != transfer.sender) revert BridgeNotRemittanceSender(messageId, msg.sender);

        delete _failedDeliveryHashes[messageId];

        emit FailedDeliveryRefunded(messageId, transfer.sender, transfer.token, transfer.amount);

        IERC20(transfer.token).safeTransfer(transfer.sender, transfer.amount);
    }

    // ------------------------------------------------------------------------------------------------------------
    // Escrow settlement
    // ------------------------------------------------------------------------------------------------------------

    /// @inheritdoc ICcipRemittanceReceiver
    function claim(
        bytes32 id,
        IRemittance.EscrowTerms calldata terms,
        bytes calldata claimSignature
    ) external nonReentrant {
        _requireOpenEscrow(id, terms);
        if (block.timestamp > terms.expiresAt) revert BridgeEscrowExpired(id, terms.expiresAt);
        (address claimKey, , ) = ECDSA.tryRecover(claimDigest(id, msg.sender), claimSignature);
        if (claimKey == address(0) || keccak256(abi.encodePacked(claimKey)) != terms.claimHash) {
            revert BridgeInvalidClaim(id, msg.sender);
        }
        if (kycRegistry.validLevel(msg.sender) == 0) revert BridgeKycRequired(msg.sender);

        delete _escrowTermsHashes[id];

        emit CrossChainEscrowClaimed(id, msg.sender, terms.amount);

        IERC20(terms.token).safeTransfer(msg.sender, terms.amount);
    }

    /// @inheritdoc ICcipRemittanceReceiver
    function refundEscrow(bytes32 id, IRemittance.EscrowTerms calldata terms) external nonReentrant {
        _requireOpenEscrow(id, terms);
        if (msg.sender != terms.sender) revert BridgeNotEscrowSender(id, msg.sender);
        if (block.timestamp <= terms.expiresAt) revert BridgeEscrowNotExpired(id, terms.expiresAt);

        delete _escrowTermsHashes[id];

        emit CrossChainEscrowRefunded(id, terms.sender, terms.amount);

        IERC20(terms.token).safeTransfer(terms.sender, terms.amount);
    }

    // ------------------------------------------------------------------------------------------------------------
    // Views
    // ------------------------------------------------------------------------------------------------------------

    /// @inheritdoc ICcipRemittanceReceiver
    function isMessageProcessed(bytes32 messageId) external view returns (bool) {
        return _processedMessages[messageId];
    }

    /// @inheritdoc ICcipRemittanceReceiver
    function isDeliveryFailed(bytes32 messageId) external view returns (bool) {
        return _failedDeliveryHashes[messageId] != bytes32(0);
    }

    /// @inheritdoc ICcipRemittanceReceiver
    function isEscrowOpen(bytes32 id) external view returns (bool) {
        return _escrowTermsHashes[id] != bytes32(0);
    }

    /// @inheritdoc ICcipRemittanceReceiver
    function claimDigest(bytes32 id, address claimer) public view returns (bytes32) {
        return _hashTypedDataV4(keccak256(abi.encode(CLAIM_TYPEHASH, id, claimer)));
    }

    /// @notice ERC-165: the CCIP receiver interface (so the router calls ccipReceive), AccessControl and ERC-165.
    function supportsInterface(bytes4 interfaceId) public pure override(AccessControl, CCIPReceiver) returns (bool) {
        return
            interfaceId == type(IAny2EVMMessageReceiver).interfaceId ||
            interfaceId == type(IAccessControl).interfaceId ||
            interfaceId == 0x01ffc9a7; // ERC-165 itself
    }

    // ------------------------------------------------------------------------------------------------------------
    // Message handling
    // ------------------------------------------------------------------------------------------------------------

    /// @dev Authenticates the message (lane from its source chain, that lane's bridge sender, no replay of the
    /// message or the remittance), marks it processed, then attempts the delivery.
    function _ccipReceive(Client.Any2EVMMessage memory message) internal override {
        bytes32 messageId = message.messageId;
        uint64 source = message.sourceChainSelector;
        address bridgeSender = _existingLane(source).remoteBridge;
        if (message.sender.length != 32 || abi.decode(message.sender, (uint256)) != uint256(uint160(bridgeSender))) {
            revert BridgeUnknownSourceSender(source, message.sender);
        }
        if (_processedMessages[messageId]) revert BridgeMessageAlreadyProcessed(messageId);
        if (message.destTokenAmounts.length != 1) revert BridgeInvalidMessage(messageId, "destTokenAmounts");
        if (message.data.length != _MESSAGE_DATA_LENGTH) revert BridgeInvalidMessage(messageId, "data");
        ICcipRemittanceSender.RemittanceMessage memory data = abi.decode(
            message.data,
            (ICcipRemittanceSender.RemittanceMessage)
        );
        if ((data.recipient == address(0)) == (data.claimHash == bytes32(0))) {
            revert BridgeInvalidMessage(messageId, "recipient");
        }
        bytes32 remittanceKey = keccak256(abi.encode(source, bridgeSender, data.remittanceId));
        if (_receivedRemittances[remittanceKey]) revert BridgeRemittanceAlreadyReceived(source, data.remittanceId);

        _processedMessages[messageId] = true;
        _receivedRemittances[remittanceKey] = true;

        _attemptDelivery(messageId, _inboundTransferOf(source, data, message.destTokenAmounts[0]));
    }

    /// @dev Runs `deliver` in its own call frame, with all gas but DELIVERY_GAS_RESERVE. Whatever makes it fail
    /// rolls back the delivery alone; the transfer is then recorded by hash (its fields go into the event) so that
    /// it can be retried or refunded.
    function _attemptDelivery(bytes32 messageId, InboundTransfer memory transfer) private {
        uint256 gasLeft = gasleft();
        if (gasLeft <= DELIVERY_GAS_RESERVE) revert BridgeInsufficientDeliveryGas(gasLeft, DELIVERY_GAS_RESERVE);

        try this.deliver{gas: gasLeft - DELIVERY_GAS_RESERVE}(messageId, transfer) {
            // Delivered; deliver emitted the event.
        } catch (bytes memory reason) {
            _failedDeliveryHashes[messageId] = keccak256(abi.encode(transfer));
            emit CrossChainDeliveryFailed(
                messageId,
                transfer.sourceChainSelector,
                transfer.remittanceId,
                transfer,
                reason
            );
        }
    }

    /// @dev Credits the recipient, or opens the escrow, over a running lane that moves the transfer's token and has
    /// room in its rate-limit window.
    function _deliver(bytes32 messageId, InboundTransfer calldata transfer) private {
        uint64 source = transfer.sourceChainSelector;
        CcipLaneTable.Lane storage lane = _openLane(source, transfer.token);

        _consumeRateLimit(lane, source, transfer.amount);
        if (transfer.recipient == address(0)) {
            _escrowTermsHashes[messageId] = _hashTerms(
                transfer.sender,
                transfer.token,
                transfer.amount,
                transfer.claimHash,
                transfer.expiresAt
            );
            emit CrossChainEscrowOpened(
                messageId,
                source,
                transfer.remittanceId,
                transfer.sender,
                transfer.claimHash,
                transfer.token,
                transfer.amount,
                transfer.expiresAt
            );
            return;
        }

        emit CrossChainRemittanceReceived(
            messageId,
            source,
            transfer.remittanceId,
            transfer.sender,
            transfer.recipient,
            transfer.token,
            transfer.amount
        );

        IERC20(transfer.token).safeTransfer(transfer.recipient, transfer.amount);
    }

    /// @dev Reverts unless a failed delivery of exactly `transfer` waits under `messageId`.
    function _requireFailedDelivery(bytes32 messageId, InboundTransfer calldata transfer) private view {
        bytes32 stored = _failedDeliveryHashes[messageId];
        if (stored == bytes32(0) || stored != keccak256(abi.encode(transfer))) revert BridgeNoFailedDelivery(messageId);
    }

    /// @dev Reverts unless escrow `id` is open with exactly `terms`.
    function _requireOpenEscrow(bytes32 id, IRemittance.EscrowTerms calldata terms) private view {
        bytes32 stored = _escrowTermsHashes[id];
        bytes32 given = _hashTerms(terms.sender, terms.token, terms.amount, terms.claimHash, terms.expiresAt);
        if (stored == bytes32(0) || stored != given) revert BridgeEscrowNotOpen(id);
    }

    /// @dev The transfer a message describes: its data plus the token and amount CCIP delivered here.
    function _inboundTransferOf(
        uint64 source,
        ICcipRemittanceSender.RemittanceMessage memory data,
        Client.EVMTokenAmount memory delivered
    ) private pure returns (InboundTransfer memory) {
        return
            InboundTransfer({
                remittanceId: data.remittanceId,
                sourceChainSelector: source,
                sender: data.sender,
                recipient: data.recipient,
                claimHash: data.claimHash,
                expiresAt: data.expiresAt,
                token: delivered.token,
                amount: delivered.amount
            });
    }

    /// @dev The hash of an escrow's terms, the only thing stored per escrow.
    function _hashTerms(
        address sender,
        address token,
        uint256 amount,
        bytes32 claimHash,
        uint64 expiresAt
    ) private pure returns (bytes32) {
        return keccak256(abi.encode(sender, token, amount, claimHash, expiresAt));
    }
}
