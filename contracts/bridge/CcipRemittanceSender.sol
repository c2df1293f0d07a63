// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

// CcipRemittanceSender: checks a co-signed remittance like a local send does and hands it to Chainlink CCIP.

import {IRouterClient} from "@chainlink/contracts-ccip/contracts/interfaces/IRouterClient.sol";
import {Client} from "@chainlink/contracts-ccip/contracts/libraries/Client.sol";
import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {IERC20Permit} from "@openzeppelin/contracts/token/ERC20/extensions/IERC20Permit.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {Address} from "@openzeppelin/contracts/utils/Address.sol";
import {EIP712} from "@openzeppelin/contracts/utils/cryptography/EIP712.sol";
import {SignatureChecker} from "@openzeppelin/contracts/utils/cryptography/SignatureChecker.sol";
import {ReentrancyGuard} from "@openzeppelin/contracts/utils/ReentrancyGuard.sol";
import {BitMaps} from "@openzeppelin/contracts/utils/structs/BitMaps.sol";
import {IKycRegistry} from "../interfaces/IKycRegistry.sol";
import {IRemittance} from "../interfaces/IRemittance.sol";
import {CcipLaneTable} from "./CcipLaneTable.sol";
import {ICcipRemittanceSender} from "./interfaces/ICcipRemittanceSender.sol";

/// @title CcipRemittanceSender
/// @notice Source-chain half of a cross-chain remittance: verifies the compliance co-signature, the nonce, the fee
/// and the KYC of the parties, takes `amount + fee` from the sender's wallet, and sends `amount` with the remittance
/// id and the recipient over the lane to the approval's destination chain.
/// @dev The CCIP message id is only known once the router returns it, so the send events follow that call; every
/// state change (nonce, rate limit) happens before any external call, and the entry points are non-reentrant.
contract CcipRemittanceSender is ICcipRemittanceSender, CcipLaneTable, EIP712, ReentrancyGuard {
    using SafeERC20 for IERC20;
    using BitMaps for BitMaps.BitMap;

    /// @notice Role of the compliance service keys whose co-signatures make a send valid.
    bytes32 public constant COMPLIANCE_SIGNER_ROLE = keccak256("COMPLIANCE_SIGNER_ROLE");

    /// @notice EIP-712 type hash of IRemittance.Approval.
    bytes32 public constant APPROVAL_TYPEHASH =
        keccak256(
            "Approval(address sender,address recipient,bytes32 claimHash,address token,uint256 amount,uint256 fee,"
            "bytes32 memoHash,bytes32 travelRuleHash,uint256 destinationChainId,uint256 nonce,uint256 deadline)"
        );

    /// @notice Highest remittance fee in basis points.
    uint16 public constant MAX_FEE_BPS = 500;
    /// @notice Largest amount one send may move; keeps fee arithmetic far from overflow.
    uint256 public constant MAX_AMOUNT = type(uint128).max;
    /// @notice Shortest escrow, counted from the send.
    uint64 public constant ESCROW_MIN_DURATION = 1 hours;
    /// @notice Longest escrow, counted from the send.
    uint64 public constant ESCROW_MAX_DURATION = 90 days;
    /// @notice Bounds and default of the gas the receiver gets on the destination chain.
    uint32 public constant MIN_DESTINATION_GAS_LIMIT = 150_000;
    uint32 public constant MAX_DESTINATION_GAS_LIMIT = 3_000_000;
    uint32 public constant DEFAULT_DESTINATION_GAS_LIMIT = 300_000;

    uint256 private constant _BPS_DENOMINATOR = 10_000;

    /// @inheritdoc ICcipRemittanceSender
    // solhint-disable-next-line immutable-vars-naming
    IKycRegistry public immutable kycRegistry;
    /// @inheritdoc ICcipRemittanceSender
    // solhint-disable-next-line immutable-vars-naming
    address public immutable linkToken;
    IRouterClient private immutable _ROUTER;

    /// @inheritdoc ICcipRemittanceSender
    address public treasury;
    /// @inheritdoc ICcipRemittanceSender
    uint16 public feeBps;
    /// @inheritdoc ICcipRemittanceSender
    uint32 public destinationGasLimit;
    BitMaps.BitMap private _usedNonces;

    /// @param admin Receives DEFAULT_ADMIN_ROLE (lanes, fee, treasury, gas limit, roles).
    /// @param complianceSigner Receives COMPLIANCE_SIGNER_ROLE.
    /// @param pauser Receives LANE_PAUSER_ROLE.
    /// @param treasury_ Wallet that receives remittance fees.
    /// @param feeBps_ Remittance fee in basis points (at most MAX_FEE_BPS).
    /// @param kycRegistry_ KYC registry of this chain.
    /// @param router_ CCIP router of this chain.
    /// @param linkToken_ LINK token accepted for CCIP fees; zero to accept only the native gas token.
    /// @param localChainSelector_ CCIP chain selector of this chain.
    constructor(
        address admin,
        address complianceSigner,
        address pauser,
        address treasury_,
        uint16 feeBps_,
        IKycRegistry kycRegistry_,
        IRouterClient router_,
        address linkToken_,
        uint64 localChainSelector_
    ) CcipLaneTable(localChainSelector_, true) EIP712("CLXEND Bridge", "1") {
        if (admin == address(0) || complianceSigner == address(0) || pauser == address(0)) {
            revert BridgeZeroAddress();
        }
        if (address(kycRegistry_) == address(0) || address(router_) == address(0)) revert BridgeZeroAddress();

        kycRegistry = kycRegistry_;
        _ROUTER = router_;
        linkToken = linkToken_;
        _grantRole(DEFAULT_ADMIN_ROLE, admin);
        _grantRole(COMPLIANCE_SIGNER_ROLE, complianceSigner);
        _grantRole(LANE_PAUSER_ROLE, pauser);
        _setTreasury(treasury_);
        _setFee(feeBps_);
        _setDestinationGasLimit(DEFAULT_DESTINATION_GAS_LIMIT);
    }

    // ------------------------------------------------------------------------------------------------------------
    // Sends
    // ------------------------------------------------------------------------------------------------------------

    /// @inheritdoc ICcipRemittanceSender
    function send(
        IRemittance.Approval calldata approval,
        IRemittance.CoSignature calldata coSignature,
        address ccipFeeToken
    ) external payable nonReentrant returns (bytes32 id, bytes32 messageId) {
        return _sendDirect(approval, coSignature, ccipFeeToken);
    }

    /// @inheritdoc ICcipRemittanceSender
    function sendWithPermit(
        IRemittance.Approval calldata approval,
        IRemittance.CoSignature calldata coSignature,
        IRemittance.Permit calldata permit,
        address ccipFeeToken
    ) external payable nonReentrant returns (bytes32 id, bytes32 messageId) {
        _permit(approval.token, permit);
        return _sendDirect(approval, coSignature, ccipFeeToken);
    }

    /// @inheritdoc ICcipRemittanceSender
    function sendToEscrow(
        IRemittance.Approval calldata approval,
        uint64 expiresAt,
        IRemittance.CoSignature calldata coSignature,
        address ccipFeeToken
    ) external payable nonReentrant returns (bytes32 id, bytes32 messageId) {
        return _sendToEscrow(approval, expiresAt, coSignature, ccipFeeToken);
    }

    /// @inheritdoc ICcipRemittanceSender
    function sendToEscrowWithPermit(
        IRemittance.Approval calldata approval,
        uint64 expiresAt,
        IRemittance.CoSignature calldata coSignature,
        IRemittance.Permit calldata permit,
        address ccipFeeToken
    ) external payable nonReentrant returns (bytes32 id, bytes32 messageId) {
        _permit(approval.token, permit);
        return _sendToEscrow(approval, expiresAt, coSignature, ccipFeeToken);
    }

    // ------------------------------------------------------------------------------------------------------------
    // Administration
    // ------------------------------------------------------------------------------------------------------------

    /// @inheritdoc ICcipRemittanceSender
    function setFee(uint16 newFeeBps) external onlyRole(DEFAULT_ADMIN_ROLE) {
        _setFee(newFeeBps);
    }

    /// @inheritdoc ICcipRemittanceSender
    function setTreasury(address newTreasury) external onlyRole(DEFAULT_ADMIN_ROLE) {
        _setTreasury(newTreasury);
    }

    /// @inheritdoc ICcipRemittanceSender
    function setDestinationGasLimit(uint32 gasLimit) external onlyRole(DEFAULT_ADMIN_ROLE) {
        _setDestinationGasLimit(gasLimit);
    }

    // ------------------------------------------------------------------------------------------------------------
    // Views
    // ------------------------------------------------------------------------------------------------------------

    /// @inheritdoc ICcipRemittanceSender
    function quoteCcipFee(
        IRemittance.Approval calldata approval,
        uint64 expiresAt,
        address ccipFeeToken
    ) external view returns (uint256) {
        _checkFeeToken(ccipFeeToken);
        uint64 selector = _selectorOfDestination(approval.destinationChainId);
        Lane storage lane = _existingLane(selector);
        return _ROUTER.getFee(selector, _buildMessage(lane.remoteBridge, approval, expiresAt, ccipFeeToken));
    }

    /// @inheritdoc ICcipRemittanceSender
    function quoteFee(uint256 amount) external view returns (uint256) {
        if (amount > MAX_AMOUNT) revert BridgeInvalidApproval("amount");
        return _feeOf(amount);
    }

    /// @inheritdoc ICcipRemittanceSender
    function approvalDigest(IRemittance.Approval calldata approval) public view returns (bytes32) {
        return _hashTypedDataV4(keccak256(abi.encode(APPROVAL_TYPEHASH, approval)));
    }

    /// @inheritdoc ICcipRemittanceSender
    function isNonceUsed(uint256 nonce) external view returns (bool) {
        return _usedNonces.get(nonce);
    }

    /// @inheritdoc ICcipRemittanceSender
    function router() external view returns (address) {
        return address(_ROUTER);
    }

    // ------------------------------------------------------------------------------------------------------------
    // Send flow
    // ------------------------------------------------------------------------------------------------------------

    /// @dev Direct send: both parties need KYC in force in this chain's registry.
    function _sendDirect(
        IRemittance.Approval calldata approval,
        IRemittance.CoSignature calldata coSignature,
        address ccipFeeToken
    ) private returns (bytes32 id, bytes32 messageId) {
        address recipient = approval.recipient;
        if (recipient == address(0) || recipient == msg.sender) revert BridgeInvalidApproval("recipient");
        if (approval.claimHash != bytes32(0)) revert BridgeInvalidApproval("claimHash");
        uint64 selector = _checkApproval(approval, coSignature);
        (uint8 senderLevel, uint8 recipientLevel) = kycRegistry.validLevels(msg.sender, recipient);
        if (senderLevel == 0) revert BridgeKycRequired(msg.sender);
        if (recipientLevel == 0) revert BridgeKycRequired(recipient);

        return _send(selector, approval, 0, ccipFeeToken);
    }

    /// @dev Escrow send: the sender needs KYC in force here; the claimer is checked on the destination chain.
    function _sendToEscrow(
        IRemittance.Approval calldata approval,
        uint64 expiresAt,
        IRemittance.CoSignature calldata coSignature,
        address ccipFeeToken
    ) private returns (bytes32 id, bytes32 messageId) {
        if (approval.recipient != address(0)) revert BridgeInvalidApproval("recipient");
        if (approval.claimHash == bytes32(0)) revert BridgeInvalidApproval("claimHash");
        _checkEscrowExpiry(expiresAt);
        uint64 selector = _checkApproval(approval, coSignature);
        if (kycRegistry.validLevel(msg.sender) == 0) revert BridgeKycRequired(msg.sender);

        return _send(selector, approval, expiresAt, ccipFeeToken);
    }

    /// @dev Common tail of both sends, after the shape, the approval and the KYC were checked.
    function _send(
        uint64 selector,
        IRemittance.Approval calldata approval,
        uint64 expiresAt,
        address ccipFeeToken
    ) private returns (bytes32 id, bytes32 messageId) {
        Lane storage lane = _openLane(selector, approval.token);
        _checkFeeToken(ccipFeeToken);
        Client.EVM2AnyMessage memory message = _buildMessage(lane.remoteBridge, approval, expiresAt, ccipFeeToken);
        uint256 ccipFee = _ROUTER.getFee(selector, message);
        if (ccipFeeToken == address(0)) {
            if (msg.value < ccipFee) revert BridgeInsufficientNativeFee(ccipFee, msg.value);
        } else if (msg.value != 0) {
            revert BridgeUnexpectedNativeValue(msg.value);
        }

        id = _useNonce(approval.nonce);
        _consumeRateLimit(lane, selector, approval.amount);

        _collect(approval, ccipFeeToken, ccipFee);
        messageId = _ROUTER.ccipSend{value: ccipFeeToken == address(0) ? ccipFee : 0}(selector, message);

        // Both events carry values known only now (the message id), hence after the router call.
        emit CrossChainRemittanceSent(id, messageId, selector, msg.sender, approval.recipient, approval.amount);
        emit CrossChainRemittanceDetails(
            id,
            approval.token,
            approval.fee,
            approval.claimHash,
            expiresAt,
            ccipFeeToken,
            ccipFee
        );

        if (ccipFeeToken == address(0) && msg.value > ccipFee) {
            Address.sendValue(payable(msg.sender), msg.value - ccipFee);
        }
    }

    /// @dev The CCIP message of a send: the token amount, the remittance data, the fee token and the gas limit.
    function _buildMessage(
        address receiver,
        IRemittance.Approval calldata approval,
        uint64 expiresAt,
        address ccipFeeToken
    ) private view returns (Client.EVM2AnyMessage memory message) {
        Client.EVMTokenAmount[] memory tokenAmounts = new Client.EVMTokenAmount[](1);
        tokenAmounts[0] = Client.EVMTokenAmount({token: approval.token, amount: approval.amount});
        RemittanceMessage memory data = RemittanceMessage({
            remittanceId: bytes32(approval.nonce),
            sender: approval.sender,
            recipient: approval.recipient,
            claimHash: approval.claimHash,
            expiresAt: expiresAt,
            sourceAmount: approval.amount
        });
        message = Client.EVM2AnyMessage({
            receiver: abi.encode(receiver),
            data: abi.encode(data),
            tokenAmounts: tokenAmounts,
            feeToken: ccipFeeToken,
            extraArgs: Client._argsToBytes(
                Client.GenericExtraArgsV2({gasLimit: destinationGasLimit, allowOutOfOrderExecution: true})
            )
        });
    }

    // ------------------------------------------------------------------------------------------------------------
    // Checks
    // ------------------------------------------------------------------------------------------------------------

    /// @dev The checks a local send makes of its approval (caller, deadline, amount, fee, co-signature), plus the
    /// lane to the destination chain. Returns the destination's chain selector.
    function _checkApproval(
        IRemittance.Approval calldata approval,
        IRemittance.CoSignature calldata coSignature
    ) private view returns (uint64 selector) {
        if (approval.sender != msg.sender) revert BridgeSenderMismatch(approval.sender, msg.sender);
        if (block.timestamp > approval.deadline) revert BridgeApprovalExpired(approval.deadline, block.timestamp);
        selector = _selectorOfDestination(approval.destinationChainId);
        uint256 amount = approval.amount;
        if (amount == 0) revert BridgeZeroAmount();
        if (amount > MAX_AMOUNT) revert BridgeInvalidApproval("amount");
        uint256 expectedFee = _feeOf(amount);
        if (approval.fee != expectedFee) revert BridgeFeeMismatch(expectedFee, approval.fee);
        _checkCoSignature(approval, coSignature);
    }

    /// @dev The co-signer must hold COMPLIANCE_SIGNER_ROLE now and must have signed exactly this approval, as an EOA
    /// (low-s ECDSA) or through ERC-1271.
    function _checkCoSignature(
        IRemittance.Approval calldata approval,
        IRemittance.CoSignature calldata coSignature
    ) private view {
        address signer = coSignature.signer;
        if (signer == address(0) || !hasRole(COMPLIANCE_SIGNER_ROLE, signer)) revert BridgeUnauthorizedSigner(signer);
        if (!SignatureChecker.isValidSignatureNow(signer, approvalDigest(approval), coSignature.signature)) {
            revert BridgeInvalidSignature(signer);
        }
    }

    /// @dev The chain selector of the lane to `destinationChainId`; reverts when no lane leads there.
    function _selectorOfDestination(uint256 destinationChainId) private view returns (uint64 selector) {
        selector = remoteChainSelectorOf(destinationChainId);
        if (selector == 0) revert BridgeUnknownDestinationChain(destinationChainId);
    }

    /// @dev The expiry of an escrow sent now must lie within the escrow duration bounds.
    function _checkEscrowExpiry(uint64 expiresAt) private view {
        uint64 earliest = uint64(block.timestamp) + ESCROW_MIN_DURATION;
        uint64 latest = uint64(block.timestamp) + ESCROW_MAX_DURATION;
        if (expiresAt < earliest || expiresAt > latest) {
            revert BridgeEscrowExpiryOutOfBounds(expiresAt, earliest, latest);
        }
    }

    /// @dev The CCIP fee is paid in the native gas token (zero address) or in LINK, nothing else.
    function _checkFeeToken(address ccipFeeToken) private view {
        if (ccipFeeToken == address(0)) return;
        if (ccipFeeToken != linkToken) revert BridgeFeeTokenNotSupported(ccipFeeToken);
    }

    // ------------------------------------------------------------------------------------------------------------
    // Effects and interactions
    // ------------------------------------------------------------------------------------------------------------

    /// @dev Marks `nonce` used and returns it as the remittance id.
    function _useNonce(uint256 nonce) private returns (bytes32) {
        if (_usedNonces.get(nonce)) revert BridgeNonceUsed(nonce);
        _usedNonces.set(nonce);
        return bytes32(nonce);
    }

    /// @dev Runs an EIP-2612 permit for the sender. A failure is ignored on purpose: someone may have submitted the
    /// same permit first, and the transfer that follows fails anyway if the allowance is missing.
    function _permit(address token, IRemittance.Permit calldata permit) private {
        try
            IERC20Permit(token).permit(
                msg.sender,
                address(this),
                permit.value,
                permit.deadline,
                permit.v,
                permit.r,
                permit.s
            )
        {
            // Allowance set.
        } catch {
            // Checked by the transfer.
        }
    }

    /// @dev Pulls `amount` into this contract (checking it arrived in full), the fee to the treasury and a LINK fee
    /// into this contract, then lets the router take the amount and the LINK fee.
    function _collect(IRemittance.Approval calldata approval, address ccipFeeToken, uint256 ccipFee) private {
        IERC20 token = IERC20(approval.token);
        uint256 amount = approval.amount;
        uint256 balanceBefore = token.balanceOf(address(this));
        token.safeTransferFrom(msg.sender, address(this), amount);
        uint256 balanceAfter = token.balanceOf(address(this));
        uint256 received = balanceAfter > balanceBefore ? balanceAfter - balanceBefore : 0;
        if (received != amount) revert BridgeAmountNotReceived(amount, received);
        if (approval.fee != 0) token.safeTransferFrom(msg.sender, treasury, approval.fee);

        uint256 routerAllowance = amount;
        if (ccipFeeToken != address(0)) {
            IERC20(ccipFeeToken).safeTransferFrom(msg.sender, address(this), ccipFee);
            if (ccipFeeToken == address(token)) {
                routerAllowance += ccipFee;
            } else {
                IERC20(ccipFeeToken).forceApprove(address(_ROUTER), ccipFee);
            }
        }
        token.forceApprove(address(_ROUTER), routerAllowance);
    }

    // ------------------------------------------------------------------------------------------------------------
    // Configuration writers
    // ------------------------------------------------------------------------------------------------------------

    function _setFee(uint16 newFeeBps) private {
        if (newFeeBps > MAX_FEE_BPS) revert BridgeFeeTooHigh(newFeeBps, MAX_FEE_BPS);

        uint16 previousFeeBps = feeBps;
        feeBps = newFeeBps;

        emit BridgeFeeChanged(previousFeeBps, newFeeBps);
    }

    function _setTreasury(address newTreasury) private {
        if (newTreasury == address(0)) revert BridgeZeroAddress();

        address previousTreasury = treasury;
        treasury = newTreasury;

        emit BridgeTreasuryChanged(previousTreasury, newTreasury);
    }

    function _setDestinationGasLimit(uint32 gasLimit) private {
        if (gasLimit < MIN_DESTINATION_GAS_LIMIT || gasLimit > MAX_DESTINATION_GAS_LIMIT) {
            revert BridgeInvalidGasLimit(gasLimit);
        }

        uint32 previousGasLimit = destinationGasLimit;
        destinationGasLimit = gasLimit;

        emit DestinationGasLimitChanged(previousGasLimit, gasLimit);
    }

    /// @dev fee = amount * feeBps / 10,000, rounded down.
    function _feeOf(uint256 amount) private view returns (uint256) {
        // Callers keep amount <= 2^128 - 1 and feeBps < 2^16, so the product stays below 2^144.
        unchecked {
            return (amount * feeBps) / _BPS_DENOMINATOR;
        }
    }
}
