// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

/// @title IKycRegistry
/// @notice On-chain KYC attestations written by KYC providers after an off-chain face match and document check.
/// Only the level, the expiry and a hash of the evidence go on-chain; the evidence itself stays off-chain.
interface IKycRegistry {
    /// @notice One subject's attestation, packed in one storage slot.
    /// @param level 0 = none, 1 = basic, 2 = full.
    /// @param expiresAt Unix time after which the attestation no longer counts.
    /// @param provider The KYC provider that wrote it.
    struct Attestation {
        uint8 level;
        uint64 expiresAt;
        address provider;
    }

    /// @notice Emitted when a provider writes or renews an attestation.
    /// @param subject The attested wallet.
    /// @param level The KYC level granted (1 basic, 2 full).
    /// @param expiresAt Unix time at which the attestation lapses.
    /// @param evidenceHash Hash of the off-chain face-match and document-check result.
    /// @param provider The provider that wrote it.
    event KycAttested(
        address indexed subject,
        uint8 level,
        uint64 expiresAt,
        bytes32 evidenceHash,
        address indexed provider
    );

    /// @notice Emitted when a provider revokes an attestation before its expiry.
    /// @param subject The wallet whose attestation was revoked.
    /// @param reasonHash Hash of the off-chain reason.
    /// @param provider The provider that revoked it.
    event KycRevoked(address indexed subject, bytes32 reasonHash, address indexed provider);

    /// @notice The subject is the zero address.
    error KycZeroSubject();
    /// @notice The level is not 1 (basic) or 2 (full).
    /// @param level The level that was given.
    error KycInvalidLevel(uint8 level);
    /// @notice The expiry is not in the future.
    /// @param expiresAt The expiry that was given.
    /// @param nowTimestamp The current block time.
    error KycExpiryNotInFuture(uint64 expiresAt, uint64 nowTimestamp);
    /// @notice The subject has no attestation in force to revoke.
    /// @param subject The subject.
    error KycNotAttested(address subject);
    /// @notice The evidence hash is zero (every attestation must point at off-chain evidence).
    error KycZeroEvidenceHash();
    /// @notice An address given to the constructor (admin or KYC provider) is zero.
    error KycZeroAddress();

    /// @notice Writes or renews `subject`'s attestation. Only the KYC provider role.
    /// @param subject Wallet being attested.
    /// @param level 1 basic, 2 full.
    /// @param expiresAt Unix time, strictly in the future.
    /// @param evidenceHash Hash of the off-chain evidence (face match, liveness, document check).
    function attest(address subject, uint8 level, uint64 expiresAt, bytes32 evidenceHash) external;

    /// @notice Revokes `subject`'s attestation at once. Only the KYC provider role.
    /// @param subject Wallet whose attestation is revoked.
    /// @param reasonHash Hash of the off-chain reason.
    function revoke(address subject, bytes32 reasonHash) external;

    /// @notice The stored attestation of `subject`, whether or not it is still in force.
    /// @param subject The wallet to look up.
    /// @return The attestation as stored (all zero when there is none or it was revoked).
    function attestationOf(address subject) external view returns (Attestation memory);

    /// @notice The level in force for `subject`: 0 when there is none, it expired, or it was revoked.
    /// @param subject The wallet to look up.
    /// @return The level in force: 0 none, 1 basic, 2 full.
    function validLevel(address subject) external view returns (uint8);

    /// @notice The levels in force for two subjects at once (one call for a sender and a recipient).
    /// @param first The first wallet.
    /// @param second The second wallet.
    /// @return The level in force for `first` (0 none, 1 basic, 2 full).
    /// @return The level in force for `second`.
    function validLevels(address first, address second) external view returns (uint8, uint8);

    /// @notice The evidence hash of `subject`'s stored attestation (zero when there is none or it was revoked).
    /// @param subject The wallet to look up.
    /// @return The evidence hash, or zero.
    function evidenceHashOf(address subject) external view returns (bytes32);
}
