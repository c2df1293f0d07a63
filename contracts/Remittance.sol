// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

// Remittance: compliance co-signed stablecoin sends from the sender's own wallet: direct, escrow and merchant payments.

import {AccessControl} from "@openzeppelin/contracts/access/AccessControl.sol";
import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {IERC20Permit} from "@openzeppelin/contracts/token/ERC20/extensions/IERC20Permit.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {ECDSA} from "@openzeppelin/contracts/utils/cryptography/ECDSA.sol";
import {EIP712} from "@openzeppelin/contracts/utils/cryptography/EIP712.sol";
import {SignatureChecker} from "@openzeppelin/contracts/utils/cryptography/SignatureChecker.sol";
import {Pausable} from "@openzeppelin/contracts/utils/Pausable.sol";
import {EnumerableSet} from "@openzeppelin/contracts/utils/structs/EnumerableSet.sol";
import {IKycRegistry} from "./interfaces/IKycRegistry.sol";
import {IMerchantRegistry} from "./interfaces/IMerchantRegistry.sol";
import {IRemittance} from "./interfaces/IRemittance.sol";

/// @title Remittance
/// @notice Moves allow-listed stablecoins straight from the sender's wallet to a recipient, a merchant or an escrow,
/// each time under an EIP-712 approval co-signed by a compliance signer for exactly that transfer.
/// @dev Gas layout: everything a send reads from this contract's storage besides its nonce sits in one slot per
/// allowed token (`_sendConfigs`: allowed and paused flags, default fee, escrow bounds, and the compliance signer
/// granted last); the nonces form one bitmap (256 per storage word); an escrow is one slot holding the hash of its
/// terms. The treasury is read only when a fee is due.
contract Remittance is IRemittance, AccessControl, Pausable, EIP712 {
    using SafeERC20 for IERC20;
    using EnumerableSet for EnumerableSet.AddressSet;

    /// @notice Role of the compliance service keys whose co-signatures make a send valid.
    bytes32 public constant COMPLIANCE_SIGNER_ROLE = keccak256("COMPLIANCE_SIGNER_ROLE");
    /// @notice Role that may pause and unpause.
    bytes32 public constant PAUSER_ROLE = keccak256("PAUSER_ROLE");
    /// @notice Role that may allow and disallow tokens.
    bytes32 public constant TOKEN_MANAGER_ROLE = keccak256("TOKEN_MANAGER_ROLE");

    /// @inheritdoc IRemittance
    uint16 public constant MAX_FEE_BPS = 500;
    /// @notice Largest amount one send may move; keeps fee arithmetic far from overflow.
    uint256 public constant MAX_AMOUNT = type(uint128).max;
    /// @notice Escrow bounds set by the constructor: 1 hour to 90 days.
    uint64 public constant DEFAULT_MIN_ESCROW_DURATION = 1 hours;
    uint64 public constant DEFAULT_MAX_ESCROW_DURATION = 90 days;

    /// @notice EIP-712 type hash of IRemittance.Approval.
    bytes32 public constant APPROVAL_TYPEHASH =
        keccak256(
            "Approval(address sender,address recipient,bytes32 claimHash,address token,uint256 amount,uint256 fee,"
            "bytes32 memoHash,bytes32 travelRuleHash,uint256 destinationChainId,uint256 nonce,uint256 deadline)"
        );
    /// @notice EIP-712 type hash of the claim key's `Claim(bytes32 id,address claimer)`.
    bytes32 public constant CLAIM_TYPEHASH = keccak256("Claim(bytes32 id,address claimer)");

    /// @notice Most tokens that can be allow-listed at once (each admin change rewrites one slot per token).
    uint256 public constant MAX_ALLOWED_TOKENS = 16;

    uint256 private constant _BPS_DENOMINATOR = 10_000;

    /// @dev The settings, as set by the admin and pauser; the source of truth for views and for `_sendConfigs`.
    /// The pause flag lives here instead of in Pausable's own slot (see `paused`).
    struct Settings {
        address treasury;
        uint16 feeBps;
        bool paused;
        uint32 minEscrowDuration;
        uint32 maxEscrowDuration;
    }

    /// @dev What a send reads, packed in one 32-byte slot per allowed token: a copy of the settings (minus the
    /// treasury) plus `fastSigner`, the compliance signer granted last, whose co-signatures need no role lookup.
    /// Every change to the settings, the allow-list or that signer's role rewrites the slot of every allowed token.
    struct SendConfig {
        bool allowed;
        bool paused;
        uint16 feeBps;
        uint32 minEscrowDuration;
        uint32 maxEscrowDuration;
        address fastSigner;
    }

    // The two registry getters are named by IRemittance, hence not SNAKE_CASE.
    /// @inheritdoc IRemittance
    // solhint-disable-next-line immutable-vars-naming
    IKycRegistry public immutable kycRegistry;
    /// @inheritdoc IRemittance
    // solhint-disable-next-line immutable-vars-naming
    IMerchantRegistry public immutable merchantRegistry;

    Settings private _settings;
    address private _fastSigner;
    EnumerableSet.AddressSet private _allowedTokenSet;
    mapping(address token => SendConfig config) private _sendConfigs;
    mapping(uint256 wordIndex => uint256 bits) private _nonceWords;
    mapping(bytes32 id => bytes32 termsHash) private _escrowTermsHashes;

    /// @param admin Receives DEFAULT_ADMIN_ROLE and TOKEN_MANAGER_ROLE.
    /// @param complianceSigner Receives COMPLIANCE_SIGNER_ROLE.
    /// @param pauser Receives PAUSER_ROLE.
    /// @param treasury_ Wallet that receives fees.
    /// @param feeBps_ Default fee in basis points (at most MAX_FEE_BPS).
    /// @param kycRegistry_ KYC registry that sends and claims consult.
    /// @param merchantRegistry_ Merchant registry that merchant payments consult.
    /// @param allowedTokens_ Tokens accepted from the start (at most MAX_ALLOWED_TOKENS).
    constructor(
        address admin,
        address complianceSigner,
        address pauser,
        address treasury_,
        uint16 feeBps_,
        IKycRegistry kycRegistry_,
        IMerchantRegistry merchantRegistry_,
        address[] memory allowedTokens_
    ) EIP712("CLXEND Remittance", "1") {
        if (admin == address(0) || complianceSigner == address(0) || pauser == address(0)) {
            revert RemittanceZeroAddress();
        }
        if (address(kycRegistry_) == address(0) || address(merchantRegistry_) == address(0)) {
            revert RemittanceZeroAddress();
        }

        kycRegistry = kycRegistry_;
        merchantRegistry = merchantRegistry_;
        _grantRole(DEFAULT_ADMIN_ROLE, admin);
        _grantRole(TOKEN_MANAGER_ROLE, admin);
        _grantRole(COMPLIANCE_SIGNER_ROLE, complianceSigner);
        _grantRole(PAUSER_ROLE, pauser);
        _setTreasury(treasury_);
        _setFee(feeBps_);
        _setEscrowDurationBounds(DEFAULT_MIN_ESCROW_DURATION, DEFAULT_MAX_ESCROW_DURATION);
        for (uint256 i = 0; i < allowedTokens_.length; ++i) {
            _setTokenAllowed(allowedTokens_[i], true);
        }
    }

    // ------------------------------------------------------------------------------------------------------------
    // Sends
    // ------------------------------------------------------------------------------------------------------------

    /// @inheritdoc IRemittance
    function send(Approval calldata approval, CoSignature calldata coSignature) external returns (bytes32 id) {
        return _send(approval, coSignature);
    }

    /// @inheritdoc IRemittance
    function sendWithPermit(
        Approval calldata approval,
        CoSignature calldata coSignature,
        Permit calldata permit
    ) external returns (bytes32 id) {
        _permit(approval.token, permit);
        return _send(approval, coSignature);
    }

    /// @inheritdoc IRemittance
    function sendToEscrow(
        Approval calldata approval,
        uint64 expiresAt,
        CoSignature calldata coSignature
    ) external returns (bytes32 id) {
        return _sendToEscrow(approval, expiresAt, coSignature);
    }

    /// @inheritdoc IRemittance
    function sendToEscrowWithPermit(
        Approval calldata approval,
        uint64 expiresAt,
        CoSignature calldata coSignature,
        Permit calldata permit
    ) external returns (bytes32 id) {
        _permit(approval.token, permit);
        return _sendToEscrow(approval, expiresAt, coSignature);
    }

    /// @inheritdoc IRemittance
    function payMerchant(
        uint256 merchantId,
        Approval calldata approval,
        CoSignature calldata coSignature
    ) external returns (bytes32 id) {
        return _payMerchant(merchantId, approval, coSignature);
    }

    /// @inheritdoc IRemittance
    function payMerchantWithPermit(
        uint256 merchantId,
        Approval calldata approval,
        CoSignature calldata coSignature,
        Permit calldata permit
    ) external returns (bytes32 id) {
        _permit(approval.token, permit);
        return _payMerchant(merchantId, approval, coSignature);
    }

    // ------------------------------------------------------------------------------------------------------------
    // Escrow settlement
    // ------------------------------------------------------------------------------------------------------------

    /// @inheritdoc IRemittance
    function claim(bytes32 id, EscrowTerms calldata terms, bytes calldata claimSignature) external whenNotPaused {
        _requireOpenEscrow(id, terms);
        if (block.timestamp > terms.expiresAt) revert RemittanceEscrowExpired(id, terms.expiresAt);
        address claimKey = _recoverCalldata(claimDigest(id, msg.sender), claimSignature);
        if (claimKey == address(0) || keccak256(abi.encodePacked(claimKey)) != terms.claimHash) {
            revert RemittanceInvalidClaim(id, msg.sender);
        }
        if (kycRegistry.validLevel(msg.sender) == 0) revert RemittanceKycRequired(msg.sender);

        delete _escrowTermsHashes[id];

        emit RemittanceClaimed(id, msg.sender, terms.amount);

        IERC20(terms.token).safeTransfer(msg.sender, terms.amount);
    }

    /// @inheritdoc IRemittance
    function refund(bytes32 id, EscrowTerms calldata terms) external whenNotPaused {
        _requireOpenEscrow(id, terms);
        if (msg.sender != terms.sender) revert RemittanceNotEscrowSender(id, msg.sender);
        if (block.timestamp <= terms.expiresAt) revert RemittanceEscrowNotExpired(id, terms.expiresAt);

        delete _escrowTermsHashes[id];

        emit RemittanceRefunded(id, terms.sender, terms.amount);

        IERC20(terms.token).safeTransfer(terms.sender, terms.amount);
    }

    // ------------------------------------------------------------------------------------------------------------
    // Administration
    // ------------------------------------------------------------------------------------------------------------

    /// @inheritdoc IRemittance
    function setFee(uint16 newFeeBps) external onlyRole(DEFAULT_ADMIN_ROLE) {
        _setFee(newFeeBps);
    }

    /// @inheritdoc IRemittance
    function setTreasury(address newTreasury) external onlyRole(DEFAULT_ADMIN_ROLE) {
        _setTreasury(newTreasury);
    }

    /// @inheritdoc IRemittance
    function setTokenAllowed(address token, bool allowed) external onlyRole(TOKEN_MANAGER_ROLE) {
        _setTokenAllowed(token, allowed);
    }

    /// @inheritdoc IRemittance
    function setEscrowDurationBounds(uint64 minDuration, uint64 maxDuration) external onlyRole(DEFAULT_ADMIN_ROLE) {
        _setEscrowDurationBounds(minDuration, maxDuration);
    }

    /// @inheritdoc IRemittance
    function pause() external onlyRole(PAUSER_ROLE) {
        _pause();
    }

    /// @inheritdoc IRemittance
    function unpause() external onlyRole(PAUSER_ROLE) {
        _unpause();
    }

    // ------------------------------------------------------------------------------------------------------------
    // Views
    // ------------------------------------------------------------------------------------------------------------

    /// @notice Whether sends, claims and refunds are stopped.
    function paused() public view override returns (bool) {
        return _settings.paused;
    }

    /// @inheritdoc IRemittance
    function isNonceUsed(uint256 nonce) external view returns (bool) {
        return _nonceWords[nonce >> 8] & (1 << (nonce & 0xff)) != 0;
    }

    /// @inheritdoc IRemittance
    function isEscrowOpen(bytes32 id) external view returns (bool) {
        return _escrowTermsHashes[id] != bytes32(0);
    }

    /// @inheritdoc IRemittance
    function quoteFee(uint256 amount) external view returns (uint256) {
        if (amount > MAX_AMOUNT) revert RemittanceInvalidApproval("amount");
        return _feeOf(amount, _settings.feeBps);
    }

    /// @inheritdoc IRemittance
    function isTokenAllowed(address token) external view returns (bool) {
        return _sendConfigs[token].allowed;
    }

    /// @inheritdoc IRemittance
    function allowedTokens() external view returns (address[] memory) {
        return _allowedTokenSet.values();
    }

    /// @inheritdoc IRemittance
    function feeBps() external view returns (uint16) {
        return _settings.feeBps;
    }

    /// @inheritdoc IRemittance
    function treasury() external view returns (address) {
        return _settings.treasury;
    }

    /// @inheritdoc IRemittance
    function escrowDurationBounds() external view returns (uint64 minDuration, uint64 maxDuration) {
        Settings memory settings = _settings;
        return (settings.minEscrowDuration, settings.maxEscrowDuration);
    }

    /// @inheritdoc IRemittance
    function approvalDigest(Approval calldata approval) public view returns (bytes32) {
        return _hashTypedDataV4(_hashApproval(approval));
    }

    /// @inheritdoc IRemittance
    function claimDigest(bytes32 id, address claimer) public view returns (bytes32) {
        return _hashTypedDataV4(keccak256(abi.encode(CLAIM_TYPEHASH, id, claimer)));
    }

    // ------------------------------------------------------------------------------------------------------------
    // Send flows
    // ------------------------------------------------------------------------------------------------------------

    /// @dev Direct send: both parties need KYC in force; the recipient must receive exactly `amount`.
    function _send(Approval calldata approval, CoSignature calldata coSignature) private returns (bytes32 id) {
        SendConfig memory config = _sendConfigOf(approval.token);
        address recipient = approval.recipient;
        if (recipient == address(0) || recipient == msg.sender || recipient == address(this)) {
            revert RemittanceInvalidApproval("recipient");
        }
        if (approval.claimHash != bytes32(0)) revert RemittanceInvalidApproval("claimHash");
        _checkApproval(approval, coSignature, config.feeBps, config.fastSigner);
        (uint8 senderLevel, uint8 recipientLevel) = kycRegistry.validLevels(msg.sender, recipient);
        if (senderLevel == 0) revert RemittanceKycRequired(msg.sender);
        if (recipientLevel == 0) revert RemittanceKycRequired(recipient);

        id = _useNonce(approval.nonce);

        emit RemittanceSent(id, msg.sender, recipient, approval.amount);
        emit RemittanceDetails(id, approval.token, approval.fee, bytes32(0), 0);

        _collect(approval, recipient);
    }

    /// @dev Escrow send: only the sender needs KYC; the claimer is checked at claim time.
    function _sendToEscrow(
        Approval calldata approval,
        uint64 expiresAt,
        CoSignature calldata coSignature
    ) private returns (bytes32 id) {
        SendConfig memory config = _sendConfigOf(approval.token);
        if (approval.recipient != address(0)) revert RemittanceInvalidApproval("recipient");
        bytes32 claimHash = approval.claimHash;
        if (claimHash == bytes32(0)) revert RemittanceInvalidApproval("claimHash");
        _checkEscrowExpiry(expiresAt, config.minEscrowDuration, config.maxEscrowDuration);
        _checkApproval(approval, coSignature, config.feeBps, config.fastSigner);
        if (kycRegistry.validLevel(msg.sender) == 0) revert RemittanceKycRequired(msg.sender);

        id = _useNonce(approval.nonce);
        _escrowTermsHashes[id] = _hashTerms(msg.sender, approval.token, approval.amount, claimHash, expiresAt);

        emit RemittanceSent(id, msg.sender, address(0), approval.amount);
        emit RemittanceDetails(id, approval.token, approval.fee, claimHash, expiresAt);

        _collect(approval, address(this));
    }

    /// @dev Merchant payment: the merchant must be Approved and the approval must name its payout wallet.
    function _payMerchant(
        uint256 merchantId,
        Approval calldata approval,
        CoSignature calldata coSignature
    ) private returns (bytes32 id) {
        SendConfig memory config = _sendConfigOf(approval.token);
        (address payout, uint16 merchantFeeBps, IMerchantRegistry.KybStatus status) = merchantRegistry.paymentTermsOf(
            merchantId
        );
        if (status != IMerchantRegistry.KybStatus.Approved || approval.recipient != payout) {
            revert RemittanceMerchantNotPayable(merchantId);
        }
        if (payout == msg.sender || payout == address(this)) revert RemittanceInvalidApproval("recipient");
        if (approval.claimHash != bytes32(0)) revert RemittanceInvalidApproval("claimHash");
        _checkApproval(approval, coSignature, merchantFeeBps, config.fastSigner);
        if (kycRegistry.validLevel(msg.sender) == 0) revert RemittanceKycRequired(msg.sender);

        id = _useNonce(approval.nonce);

        emit RemittanceSent(id, msg.sender, payout, approval.amount);
        emit RemittanceDetails(id, approval.token, approval.fee, bytes32(0), 0);
        emit MerchantPaid(id, merchantId);

        _collect(approval, payout);
    }

    // ------------------------------------------------------------------------------------------------------------
    // Checks
    // ------------------------------------------------------------------------------------------------------------

    /// @dev The send config of `token` (one SLOAD); reverts while paused or when the token is not allow-listed.
    function _sendConfigOf(address token) private view returns (SendConfig memory config) {
        config = _sendConfigs[token];
        if (!config.allowed) revert RemittanceTokenNotAllowed(token);
        if (config.paused) revert EnforcedPause();
    }

    /// @dev The checks every send shares: caller, deadline, chain, amount, fee and the co-signature.
    function _checkApproval(
        Approval calldata approval,
        CoSignature calldata coSignature,
        uint16 appliedFeeBps,
        address fastSigner
    ) private view {
        if (approval.sender != msg.sender) revert RemittanceSenderMismatch(approval.sender, msg.sender);
        if (block.timestamp > approval.deadline) revert RemittanceApprovalExpired(approval.deadline, block.timestamp);
        if (approval.destinationChainId != block.chainid) {
            revert RemittanceWrongDestinationChain(approval.destinationChainId, block.chainid);
        }
        uint256 amount = approval.amount;
        if (amount == 0) revert RemittanceZeroAmount();
        if (amount > MAX_AMOUNT) revert RemittanceInvalidApproval("amount");
        uint256 expectedFee = _feeOf(amount, appliedFeeBps);
        if (approval.fee != expectedFee) revert RemittanceFeeMismatch(expectedFee, approval.fee);
        _checkCoSignature(approval, coSignature, fastSigner);
    }

    /// @dev The co-signer must hold COMPLIANCE_SIGNER_ROLE now (the fast signer is known to hold it, so only other
    /// signers cost a role lookup) and must have signed exactly this approval. ECDSA is tried first, so an EOA
    /// signer costs no EXTCODESIZE (2,600 gas cold); only when recovery does not yield the signer and the signer
    /// has code is it asked through ERC-1271. Both paths come from OpenZeppelin.
    function _checkCoSignature(
        Approval calldata approval,
        CoSignature calldata coSignature,
        address fastSigner
    ) private view {
        address signer = coSignature.signer;
        if (signer == address(0) || (signer != fastSigner && !hasRole(COMPLIANCE_SIGNER_ROLE, signer))) {
            revert RemittanceUnauthorizedSigner(signer);
        }
        bytes32 digest = approvalDigest(approval);
        if (_recoverCalldata(digest, coSignature.signature) == signer) return;
        if (
            signer.code.length == 0 ||
            !SignatureChecker.isValidERC1271SignatureNow(signer, digest, coSignature.signature)
        ) {
            revert RemittanceInvalidSignature(signer);
        }
    }

    /// @dev The expiry of an escrow sent now must lie within the configured duration bounds.
    function _checkEscrowExpiry(uint64 expiresAt, uint32 minDuration, uint32 maxDuration) private view {
        // Block time plus a 32-bit duration stays below 2^64 for the next 500 billion years.
        uint64 earliest = uint64(block.timestamp) + minDuration;
        uint64 latest = uint64(block.timestamp) + maxDuration;
        if (expiresAt < earliest || expiresAt > latest) {
            revert RemittanceEscrowExpiryOutOfBounds(expiresAt, earliest, latest);
        }
    }

    /// @dev Reverts unless escrow `id` is open and `terms` are exactly the terms it was opened with.
    function _requireOpenEscrow(bytes32 id, EscrowTerms calldata terms) private view {
        bytes32 stored = _escrowTermsHashes[id];
        bytes32 given = _hashTerms(terms.sender, terms.token, terms.amount, terms.claimHash, terms.expiresAt);
        if (stored == bytes32(0) || stored != given) revert RemittanceEscrowNotOpen(id);
    }

    // ------------------------------------------------------------------------------------------------------------
    // Effects and interactions
    // ------------------------------------------------------------------------------------------------------------

    /// @dev Marks `nonce` used in the shared bitmap and returns it as the remittance id.
    function _useNonce(uint256 nonce) private returns (bytes32 id) {
        uint256 wordIndex = nonce >> 8;
        uint256 bit = 1 << (nonce & 0xff);
        uint256 word = _nonceWords[wordIndex];
        if (word & bit != 0) revert RemittanceNonceUsed(nonce);
        _nonceWords[wordIndex] = word | bit;
        return bytes32(nonce);
    }

    /// @dev Runs an EIP-2612 permit for the sender. A failure is ignored on purpose: someone may have submitted the
    /// same permit first (front-running), and the transfer that follows fails anyway if the allowance is missing.
    function _permit(address token, Permit calldata permit) private {
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

    /// @dev Pulls `amount` from the sender to `to`, checking that `to` received exactly that (rejects fee-on-transfer
    /// and rebasing tokens), then pulls the fee, if any, to the treasury.
    function _collect(Approval calldata approval, address to) private {
        IERC20 token = IERC20(approval.token);
        uint256 amount = approval.amount;
        uint256 balanceBefore = token.balanceOf(to);
        token.safeTransferFrom(msg.sender, to, amount);
        uint256 balanceAfter = token.balanceOf(to);
        uint256 received = balanceAfter > balanceBefore ? balanceAfter - balanceBefore : 0;
        if (received != amount) revert RemittanceAmountNotReceived(amount, received);
        uint256 fee = approval.fee;
        if (fee != 0) token.safeTransferFrom(msg.sender, _settings.treasury, fee);
    }

    // ------------------------------------------------------------------------------------------------------------
    // Configuration writers
    // ------------------------------------------------------------------------------------------------------------

    function _setFee(uint16 newFeeBps) private {
        if (newFeeBps > MAX_FEE_BPS) revert RemittanceFeeTooHigh(newFeeBps, MAX_FEE_BPS);

        uint16 previousFeeBps = _settings.feeBps;
        _settings.feeBps = newFeeBps;
        _syncSendConfigs();

        emit FeeChanged(previousFeeBps, newFeeBps);
    }

    function _setTreasury(address newTreasury) private {
        if (newTreasury == address(0)) revert RemittanceZeroAddress();

        address previousTreasury = _settings.treasury;
        _settings.treasury = newTreasury;

        emit TreasuryChanged(previousTreasury, newTreasury);
    }

    function _setTokenAllowed(address token, bool allowed) private {
        if (token == address(0)) revert RemittanceZeroAddress();
        if (allowed && !_allowedTokenSet.contains(token) && _allowedTokenSet.length() >= MAX_ALLOWED_TOKENS) {
            revert RemittanceTooManyTokens(MAX_ALLOWED_TOKENS);
        }

        if (allowed) {
            _allowedTokenSet.add(token);
            _sendConfigs[token] = _sendConfigFromSettings();
        } else {
            _allowedTokenSet.remove(token);
            delete _sendConfigs[token];
        }

        emit TokenAllowanceChanged(token, allowed);
    }

    function _setEscrowDurationBounds(uint64 minDuration, uint64 maxDuration) private {
        if (minDuration == 0 || minDuration > maxDuration || maxDuration > type(uint32).max) {
            revert RemittanceInvalidDurationBounds(minDuration, maxDuration);
        }

        // Both fit in 32 bits: checked just above.
        _settings.minEscrowDuration = uint32(minDuration);
        _settings.maxEscrowDuration = uint32(maxDuration);
        _syncSendConfigs();

        emit EscrowDurationBoundsChanged(minDuration, maxDuration);
    }

    /// @dev Pausable's flag lives in `_settings` and is copied into every send config, so a send checks it for free.
    function _pause() internal override whenNotPaused {
        _settings.paused = true;
        _syncSendConfigs();

        emit Paused(msg.sender);
    }

    /// @dev See `_pause`.
    function _unpause() internal override whenPaused {
        _settings.paused = false;
        _syncSendConfigs();

        emit Unpaused(msg.sender);
    }

    /// @dev A newly granted compliance signer becomes the fast signer (co-signs without a role lookup).
    function _grantRole(bytes32 role, address account) internal override returns (bool granted) {
        granted = super._grantRole(role, account);
        if (granted && role == COMPLIANCE_SIGNER_ROLE) {
            _fastSigner = account;
            _syncSendConfigs();
        }
    }

    /// @dev Revoking (or renouncing) the fast signer's role clears it at once from every send config.
    function _revokeRole(bytes32 role, address account) internal override returns (bool revoked) {
        revoked = super._revokeRole(role, account);
        if (revoked && role == COMPLIANCE_SIGNER_ROLE && account == _fastSigner) {
            _fastSigner = address(0);
            _syncSendConfigs();
        }
    }

    /// @dev Rewrites the send config of every allowed token from the settings and the fast signer.
    function _syncSendConfigs() private {
        SendConfig memory config = _sendConfigFromSettings();
        uint256 count = _allowedTokenSet.length();
        for (uint256 i = 0; i < count; ++i) {
            _sendConfigs[_allowedTokenSet.at(i)] = config;
        }
    }

    /// @dev The send config of an allowed token under the current settings.
    function _sendConfigFromSettings() private view returns (SendConfig memory) {
        Settings memory settings = _settings;
        return
            SendConfig({
                allowed: true,
                paused: settings.paused,
                feeBps: settings.feeBps,
                minEscrowDuration: settings.minEscrowDuration,
                maxEscrowDuration: settings.maxEscrowDuration,
                fastSigner: _fastSigner
            });
    }

    // ------------------------------------------------------------------------------------------------------------
    // Pure helpers
    // ------------------------------------------------------------------------------------------------------------

    /// @dev fee = amount * feeBps / 10,000, rounded down.
    function _feeOf(uint256 amount, uint16 appliedFeeBps) private pure returns (uint256) {
        // amount <= 2^128 - 1 (checked by every caller) and feeBps < 2^16, so the product stays below 2^144.
        unchecked {
            return (amount * appliedFeeBps) / _BPS_DENOMINATOR;
        }
    }

    /// @dev EIP-712 struct hash of an approval: the type hash followed by the 11 static fields as they sit in calldata.
    function _hashApproval(Approval calldata approval) private pure returns (bytes32 structHash) {
        bytes32 typeHash = APPROVAL_TYPEHASH;
        // Approval has only static 32-byte fields, so it is 11 contiguous words in calldata; the hash is built in
        // scratch memory past the free-memory pointer, which is left untouched.
        assembly ("memory-safe") {
            let ptr := mload(0x40)
            mstore(ptr, typeHash)
            calldatacopy(add(ptr, 0x20), approval, 0x160)
            structHash := keccak256(ptr, 0x180)
        }
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

    /// @dev Recovers the signer of a 65-byte `r || s || v` signature straight from calldata; zero for anything that
    /// is not a valid, low-s signature (OpenZeppelin's ECDSA rejects malleable high-s values).
    function _recoverCalldata(bytes32 digest, bytes calldata signature) private pure returns (address recovered) {
        if (signature.length != 65) return address(0);
        (recovered, , ) = ECDSA.tryRecover(
            digest,
            uint8(signature[64]),
            bytes32(signature[0:32]),
            bytes32(signature[32:64])
        );
    }
}
