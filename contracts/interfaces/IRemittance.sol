// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {IKycRegistry} from "./IKycRegistry.sol";
import {IMerchantRegistry} from "./IMerchantRegistry.sol";

/// @title IRemittance
/// @notice Moves an allow-listed ERC-20 stablecoin from a sender's own wallet, either straight to a recipient
/// (direct send, merchant payment) or into escrow for a recipient addressed only by a claim hash. Every send
/// carries an EIP-712 approval co-signed by a compliance signer for exactly that transfer.
///
/// EIP-712 domain: name "CLXEND Remittance", version "1", this chain's id, this contract's address.
///
/// Claim keys: the escrow secret is a 32-byte secp256k1 private key held by the recipient (sent to them by
/// phone or e-mail). `claimHash = keccak256(abi.encodePacked(claimKeyAddress))`, where `claimKeyAddress` is the
/// address of that key. To claim, the key signs the EIP-712 `Claim(bytes32 id,address claimer)` for the
/// claiming wallet, so the secret never appears on-chain and a copied claim transaction pays nobody but the
/// claimer it names (no front-running).
interface IRemittance {
    /// @notice The compliance approval of one transfer. EIP-712 type:
    /// `Approval(address sender,address recipient,bytes32 claimHash,address token,uint256 amount,uint256 fee,
    /// bytes32 memoHash,bytes32 travelRuleHash,uint256 destinationChainId,uint256 nonce,uint256 deadline)`.
    /// @param sender Wallet paying; must be the caller.
    /// @param recipient Wallet credited (direct sends and merchant payouts); zero for escrow sends.
    /// @param claimHash keccak256 of the claim key's address for escrow sends; zero otherwise.
    /// @param token Allow-listed ERC-20 moved.
    /// @param amount Base units the recipient receives (the sender pays amount + fee).
    /// @param fee Base units paid to the treasury; must equal the fee the contract computes.
    /// @param memoHash keccak256 of the memo text, which never goes on-chain (zero for no memo).
    /// @param travelRuleHash Hash of the canonical Travel-Rule (IVMS101) payload held off-chain (zero if none).
    /// @param destinationChainId Chain on which the recipient is credited; this chain's id for local sends.
    /// @param nonce Single-use number handed out by the compliance service (one shared bitmap per contract).
    /// @param deadline Unix time after which the approval is void.
    struct Approval {
        address sender;
        address recipient;
        bytes32 claimHash;
        address token;
        uint256 amount;
        uint256 fee;
        bytes32 memoHash;
        bytes32 travelRuleHash;
        uint256 destinationChainId;
        uint256 nonce;
        uint256 deadline;
    }

    /// @notice Co-signature: the signer (an EOA or an ERC-1271 contract) and its signature over the approval.
    /// @param signer The compliance signer; must hold the compliance-signer role when the send runs.
    /// @param signature For an EOA, the 65-byte `r || s || v` ECDSA signature (low s) of `approvalDigest(approval)`;
    /// for a contract, whatever its ERC-1271 `isValidSignature` accepts for that digest.
    struct CoSignature {
        address signer;
        bytes signature;
    }

    /// @notice An EIP-2612 permit for the token, so the sender signs once in the wallet. The spender is this
    /// contract and the owner is the sender. A permit that fails (for example because someone submitted it first) is
    /// ignored; the send then needs an allowance of at least `amount + fee` anyway.
    /// @param value Allowance granted; at least `amount + fee`.
    /// @param deadline Unix time after which the token refuses the permit.
    /// @param v Recovery id of the sender's permit signature.
    /// @param r First half of the sender's permit signature.
    /// @param s Second half of the sender's permit signature.
    struct Permit {
        uint256 value;
        uint256 deadline;
        uint8 v;
        bytes32 r;
        bytes32 s;
    }

    /// @notice The terms of an escrow; only their hash is stored. The claimer and refunder pass them back exactly as
    /// RemittanceSent and RemittanceDetails announced them.
    /// @param sender Wallet that sent the escrow and alone may refund it.
    /// @param token Token held.
    /// @param amount Base units held (the fee went to the treasury at send time).
    /// @param claimHash keccak256 of the claim key's address (`keccak256(abi.encodePacked(claimKeyAddress))`).
    /// @param expiresAt Unix time up to which the escrow can be claimed; after it only the sender can refund it.
    struct EscrowTerms {
        address sender;
        address token;
        uint256 amount;
        bytes32 claimHash;
        uint64 expiresAt;
    }

    /// @notice Emitted for every send. Signature fixed: the indexer and external tools depend on it.
    /// @param id Remittance id: the approval nonce as bytes32 (unique per chain and contract).
    /// @param sender Paying wallet.
    /// @param recipient Credited wallet; zero for escrow sends.
    /// @param amount Base units the recipient receives (fee excluded).
    event RemittanceSent(bytes32 indexed id, address sender, address recipient, uint256 amount);

    /// @notice Emitted with every RemittanceSent: the rest of what the indexer and claimers need.
    /// @param id Remittance id.
    /// @param token Token moved.
    /// @param fee Fee paid to the treasury.
    /// @param claimHash Claim hash for escrow sends; zero otherwise.
    /// @param expiresAt Escrow expiry (refund possible after it); zero otherwise.
    event RemittanceDetails(bytes32 indexed id, address token, uint256 fee, bytes32 claimHash, uint64 expiresAt);

    /// @notice Emitted when a merchant payment is made (after RemittanceSent and RemittanceDetails).
    /// @param id Remittance id.
    /// @param merchantId Merchant paid.
    event MerchantPaid(bytes32 indexed id, uint256 indexed merchantId);

    /// @notice Emitted when an escrow is claimed.
    /// @param id Remittance id.
    /// @param claimer KYC'd wallet that received the funds.
    /// @param amount Base units received.
    event RemittanceClaimed(bytes32 indexed id, address indexed claimer, uint256 amount);

    /// @notice Emitted when an expired escrow is refunded to its sender.
    /// @param id Remittance id.
    /// @param sender Wallet refunded.
    /// @param amount Base units refunded.
    event RemittanceRefunded(bytes32 indexed id, address indexed sender, uint256 amount);

    /// @notice Emitted when the default fee changes.
    /// @param previousFeeBps Old fee in basis points.
    /// @param newFeeBps New fee in basis points.
    event FeeChanged(uint16 previousFeeBps, uint16 newFeeBps);

    /// @notice Emitted when the treasury changes.
    /// @param previousTreasury Old treasury.
    /// @param newTreasury New treasury.
    event TreasuryChanged(address previousTreasury, address newTreasury);

    /// @notice Emitted when a token is allowed or disallowed.
    /// @param token The token.
    /// @param allowed Whether sends in it are now accepted.
    event TokenAllowanceChanged(address indexed token, bool allowed);

    /// @notice Emitted when the escrow duration bounds change.
    /// @param minDuration Shortest escrow, in seconds.
    /// @param maxDuration Longest escrow, in seconds.
    event EscrowDurationBoundsChanged(uint64 minDuration, uint64 maxDuration);

    /// @notice The caller is not the approval's sender.
    /// @param sender The approval's sender.
    /// @param caller The caller.
    error RemittanceSenderMismatch(address sender, address caller);
    /// @notice The approval's deadline has passed.
    /// @param deadline The approval's deadline.
    /// @param nowTimestamp The current block time.
    error RemittanceApprovalExpired(uint256 deadline, uint256 nowTimestamp);
    /// @notice The nonce was used before.
    /// @param nonce The approval's nonce.
    error RemittanceNonceUsed(uint256 nonce);
    /// @notice The co-signer does not hold the compliance-signer role (never had it, or it was revoked), or is zero.
    /// @param signer The co-signature's signer.
    error RemittanceUnauthorizedSigner(address signer);
    /// @notice The signature does not verify for this approval and signer (altered field, other chain or
    /// contract, malleable or malformed signature).
    /// @param signer The co-signature's signer.
    error RemittanceInvalidSignature(address signer);
    /// @notice The approval is for another chain.
    /// @param destinationChainId The approval's destination chain id.
    /// @param thisChainId The id of the chain this contract runs on.
    error RemittanceWrongDestinationChain(uint256 destinationChainId, uint256 thisChainId);
    /// @notice The token is not allow-listed.
    /// @param token The approval's token.
    error RemittanceTokenNotAllowed(address token);
    /// @notice The amount is zero.
    error RemittanceZeroAmount();
    /// @notice The approval's fee differs from the fee the contract computes.
    /// @param expectedFee The fee computed: amount × fee rate / 10,000, rounded down (the merchant's rate for a
    /// merchant payment, the default rate otherwise).
    /// @param approvedFee The approval's fee.
    error RemittanceFeeMismatch(uint256 expectedFee, uint256 approvedFee);
    /// @notice The fee is above the cap.
    /// @param feeBps The fee asked for, in basis points.
    /// @param maxFeeBps The cap (MAX_FEE_BPS), in basis points.
    error RemittanceFeeTooHigh(uint16 feeBps, uint16 maxFeeBps);
    /// @notice The wallet has no KYC attestation in force.
    /// @param account The wallet without one: the sender, the recipient of a direct send, or the claimer.
    error RemittanceKycRequired(address account);
    /// @notice The shape of the approval does not fit the function (recipient set for an escrow send, claim hash
    /// set for a direct send, or a zero recipient or claim hash). `field` names the offending field. Also used with
    /// "recipient" when the recipient is the sender or this contract, and with "amount" above 2^128 - 1.
    /// @param field Name of the offending Approval field: "recipient", "claimHash" or "amount".
    error RemittanceInvalidApproval(string field);
    /// @notice The recipient received less than the amount (fee-on-transfer or rebasing token).
    /// @param expected Base units the recipient (or, for an escrow, this contract) should have received: the amount.
    /// @param received Base units its balance actually grew by.
    error RemittanceAmountNotReceived(uint256 expected, uint256 received);
    /// @notice The escrow expiry is outside the allowed bounds.
    /// @param expiresAt The expiry given.
    /// @param earliest Earliest allowed expiry: block time plus the shortest escrow duration.
    /// @param latest Latest allowed expiry: block time plus the longest escrow duration.
    error RemittanceEscrowExpiryOutOfBounds(uint64 expiresAt, uint64 earliest, uint64 latest);
    /// @notice No open escrow matches this id and these terms (unknown, already claimed or refunded, or terms
    /// altered).
    /// @param id The escrow's remittance id.
    error RemittanceEscrowNotOpen(bytes32 id);
    /// @notice The escrow has expired and can no longer be claimed.
    /// @param id The escrow's remittance id.
    /// @param expiresAt Its expiry, which lies before the current block time.
    error RemittanceEscrowExpired(bytes32 id, uint64 expiresAt);
    /// @notice The escrow has not expired yet, so it cannot be refunded.
    /// @param id The escrow's remittance id.
    /// @param expiresAt Its expiry; a refund is possible once the block time is past it.
    error RemittanceEscrowNotExpired(bytes32 id, uint64 expiresAt);
    /// @notice The claim signature was not made by the claim key of this escrow for this claimer.
    /// @param id The escrow's remittance id.
    /// @param claimer The caller, whom the signature must name as claimer.
    error RemittanceInvalidClaim(bytes32 id, address claimer);
    /// @notice Only the escrow's sender may refund it.
    /// @param id The escrow's remittance id.
    /// @param caller The caller.
    error RemittanceNotEscrowSender(bytes32 id, address caller);
    /// @notice The merchant is not approved (or the approval's recipient is not its payout wallet).
    /// @param merchantId The merchant asked for.
    error RemittanceMerchantNotPayable(uint256 merchantId);
    /// @notice An address given to the constructor or an admin function is zero.
    error RemittanceZeroAddress();
    /// @notice Escrow duration bounds are inverted or zero (or the longest is above 2^32 - 1 seconds).
    /// @param minDuration The shortest duration given, in seconds.
    /// @param maxDuration The longest duration given, in seconds.
    error RemittanceInvalidDurationBounds(uint64 minDuration, uint64 maxDuration);
    /// @notice Allowing one more token would exceed the cap on allow-listed tokens.
    /// @param maxTokens The cap.
    error RemittanceTooManyTokens(uint256 maxTokens);

    /// @notice Direct send: `amount` to `recipient` and `fee` to the treasury, from the caller's wallet.
    /// Sender and recipient must both hold KYC in force. Returns the remittance id.
    /// @param approval The co-signed approval (recipient set, claim hash zero, destination this chain).
    /// @param coSignature The compliance co-signature of `approval`.
    /// @return id The remittance id: the approval's nonce as bytes32.
    function send(Approval calldata approval, CoSignature calldata coSignature) external returns (bytes32 id);

    /// @notice `send` preceded by an EIP-2612 permit for `amount + fee`.
    /// @param approval The co-signed approval (recipient set, claim hash zero, destination this chain).
    /// @param coSignature The compliance co-signature of `approval`.
    /// @param permit The sender's permit for this contract.
    /// @return id The remittance id: the approval's nonce as bytes32.
    function sendWithPermit(
        Approval calldata approval,
        CoSignature calldata coSignature,
        Permit calldata permit
    ) external returns (bytes32 id);

    /// @notice Escrow send to `approval.claimHash`, refundable by the sender after `expiresAt`. Only the sender
    /// needs KYC in force; the claimer is checked when it claims.
    /// @param approval The co-signed approval (recipient zero, claim hash set, destination this chain).
    /// @param expiresAt Escrow expiry (Unix time), within the escrow duration bounds from now.
    /// @param coSignature The compliance co-signature of `approval`.
    /// @return id The remittance id (the approval's nonce as bytes32), which is also the escrow id.
    function sendToEscrow(
        Approval calldata approval,
        uint64 expiresAt,
        CoSignature calldata coSignature
    ) external returns (bytes32 id);

    /// @notice `sendToEscrow` preceded by an EIP-2612 permit for `amount + fee`.
    /// @param approval The co-signed approval (recipient zero, claim hash set, destination this chain).
    /// @param expiresAt Escrow expiry (Unix time), within the escrow duration bounds from now.
    /// @param coSignature The compliance co-signature of `approval`.
    /// @param permit The sender's permit for this contract.
    /// @return id The remittance id (the approval's nonce as bytes32), which is also the escrow id.
    function sendToEscrowWithPermit(
        Approval calldata approval,
        uint64 expiresAt,
        CoSignature calldata coSignature,
        Permit calldata permit
    ) external returns (bytes32 id);

    /// @notice Pays an Approved merchant at its payout wallet, with the merchant's fee rule.
    /// @param merchantId The merchant paid (see IMerchantRegistry).
    /// @param approval The co-signed approval; its recipient must be the merchant's payout wallet and its fee must
    /// follow the merchant's fee rate.
    /// @param coSignature The compliance co-signature of `approval`.
    /// @return id The remittance id: the approval's nonce as bytes32.
    function payMerchant(
        uint256 merchantId,
        Approval calldata approval,
        CoSignature calldata coSignature
    ) external returns (bytes32 id);

    /// @notice `payMerchant` preceded by an EIP-2612 permit for `amount + fee`.
    /// @param merchantId The merchant paid (see IMerchantRegistry).
    /// @param approval The co-signed approval; its recipient must be the merchant's payout wallet.
    /// @param coSignature The compliance co-signature of `approval`.
    /// @param permit The sender's permit for this contract.
    /// @return id The remittance id: the approval's nonce as bytes32.
    function payMerchantWithPermit(
        uint256 merchantId,
        Approval calldata approval,
        CoSignature calldata coSignature,
        Permit calldata permit
    ) external returns (bytes32 id);

    /// @notice Claims an open, unexpired escrow to the caller, who must hold KYC in force. `claimSignature` is
    /// the claim key's EIP-712 signature of `Claim(bytes32 id,address claimer)` with the caller as claimer.
    /// @param id The escrow's remittance id.
    /// @param terms The escrow's terms, exactly as sent.
    /// @param claimSignature The claim key's 65-byte `r || s || v` signature of `claimDigest(id, caller)`.
    function claim(bytes32 id, EscrowTerms calldata terms, bytes calldata claimSignature) external;

    /// @notice Refunds an expired, unclaimed escrow to its sender. Only the sender.
    /// @param id The escrow's remittance id.
    /// @param terms The escrow's terms, exactly as sent.
    function refund(bytes32 id, EscrowTerms calldata terms) external;

    /// @notice Sets the default fee in basis points (capped by MAX_FEE_BPS). Only the admin.
    /// @param feeBps The new default fee, in basis points.
    function setFee(uint16 feeBps) external;

    /// @notice Sets the treasury that receives fees. Only the admin.
    /// @param treasury The new treasury (not zero).
    function setTreasury(address treasury) external;

    /// @notice Allows or disallows a token. Only the token-manager role.
    /// @param token The token (not zero).
    /// @param allowed Whether sends in it are accepted from now on.
    function setTokenAllowed(address token, bool allowed) external;

    /// @notice Sets the shortest and longest escrow durations, in seconds. Only the admin.
    /// @param minDuration Shortest escrow, in seconds (at least 1).
    /// @param maxDuration Longest escrow, in seconds (at least `minDuration`, at most 2^32 - 1).
    function setEscrowDurationBounds(uint64 minDuration, uint64 maxDuration) external;

    /// @notice Stops every send, claim and refund. Only the pauser role.
    function pause() external;

    /// @notice Resumes after a pause. Only the pauser role.
    function unpause() external;

    /// @notice Whether `nonce` has been used.
    /// @param nonce The nonce.
    /// @return Whether a send with this nonce went through.
    function isNonceUsed(uint256 nonce) external view returns (bool);

    /// @notice Whether escrow `id` is open (not yet claimed or refunded).
    /// @param id The escrow's remittance id.
    /// @return Whether the escrow holds its tokens.
    function isEscrowOpen(bytes32 id) external view returns (bool);

    /// @notice The fee, in base units, of a send of `amount` at the default fee rate.
    /// @param amount Base units the recipient is to receive (at most 2^128 - 1).
    /// @return The fee: amount × default fee rate / 10,000, rounded down.
    function quoteFee(uint256 amount) external view returns (uint256);

    /// @notice Whether sends in `token` are accepted.
    /// @param token The token.
    /// @return Whether the token is allow-listed.
    function isTokenAllowed(address token) external view returns (bool);

    /// @notice The EIP-712 digest that a compliance signer signs for `approval`.
    /// @param approval The approval.
    /// @return The digest in this contract's domain.
    function approvalDigest(Approval calldata approval) external view returns (bytes32);

    /// @notice The EIP-712 digest that a claim key signs to let `claimer` claim escrow `id`.
    /// @param id The escrow's remittance id.
    /// @param claimer The wallet that will call `claim` and receive the tokens.
    /// @return The digest of `Claim(id, claimer)` in this contract's domain.
    function claimDigest(bytes32 id, address claimer) external view returns (bytes32);

    /// @notice The default fee in basis points.
    /// @return The default fee rate, in basis points.
    function feeBps() external view returns (uint16);

    /// @notice The highest fee in basis points that `setFee` accepts.
    /// @return The cap, in basis points.
    function MAX_FEE_BPS() external view returns (uint16);

    /// @notice The wallet that receives fees.
    /// @return The treasury.
    function treasury() external view returns (address);

    /// @notice The shortest and longest escrow durations, in seconds, counted from the block of the escrow send.
    /// @return minDuration Shortest escrow, in seconds.
    /// @return maxDuration Longest escrow, in seconds.
    function escrowDurationBounds() external view returns (uint64 minDuration, uint64 maxDuration);

    /// @notice The tokens currently allow-listed, in no particular order.
    /// @return The allow-listed tokens.
    function allowedTokens() external view returns (address[] memory);

    /// @notice The KYC registry whose attestations sends and claims require.
    /// @return The KYC registry.
    function kycRegistry() external view returns (IKycRegistry);

    /// @notice The merchant registry that `payMerchant` reads.
    /// @return The merchant registry.
    function merchantRegistry() external view returns (IMerchantRegistry);
}
