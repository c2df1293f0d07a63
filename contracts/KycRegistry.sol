// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

// KycRegistry: KYC attestations (level, expiry, evidence hash) written by KYC providers and read by Remittance.

import {AccessControl} from "@openzeppelin/contracts/access/AccessControl.sol";
import {IKycRegistry} from "./interfaces/IKycRegistry.sol";

/// @title KycRegistry
/// @notice Stores one attestation per wallet in a single storage slot, so Remittance can check a sender and a
/// recipient with one call and two storage reads. Only holders of KYC_PROVIDER_ROLE write; the admin manages roles.
contract KycRegistry is IKycRegistry, AccessControl {
    /// @notice Role of the KYC providers that attest and revoke.
    bytes32 public constant KYC_PROVIDER_ROLE = keccak256("KYC_PROVIDER_ROLE");

    /// @notice Highest KYC level (2 = full).
    uint8 public constant MAX_LEVEL = 2;

    mapping(address subject => Attestation attestation) private _attestations;
    mapping(address subject => bytes32 evidenceHash) private _evidenceHashes;

    /// @param admin Receives DEFAULT_ADMIN_ROLE (grants and revokes provider roles).
    /// @param kycProvider Receives KYC_PROVIDER_ROLE.
    constructor(address admin, address kycProvider) {
        if (admin == address(0) || kycProvider == address(0)) revert KycZeroAddress();

        _grantRole(DEFAULT_ADMIN_ROLE, admin);
        _grantRole(KYC_PROVIDER_ROLE, kycProvider);
    }

    /// @inheritdoc IKycRegistry
    function attest(
        address subject,
        uint8 level,
        uint64 expiresAt,
        bytes32 evidenceHash
    ) external onlyRole(KYC_PROVIDER_ROLE) {
        if (subject == address(0)) revert KycZeroSubject();
        if (level == 0 || level > MAX_LEVEL) revert KycInvalidLevel(level);
        if (expiresAt <= block.timestamp) revert KycExpiryNotInFuture(expiresAt, uint64(block.timestamp));
        if (evidenceHash == bytes32(0)) revert KycZeroEvidenceHash();

        _attestations[subject] = Attestation({level: level, expiresAt: expiresAt, provider: msg.sender});
        _evidenceHashes[subject] = evidenceHash;

        emit KycAttested(subject, level, expiresAt, evidenceHash, msg.sender);
    }

    /// @inheritdoc IKycRegistry
    function revoke(address subject, bytes32 reasonHash) external onlyRole(KYC_PROVIDER_ROLE) {
        if (subject == address(0)) revert KycZeroSubject();
        if (validLevel(subject) == 0) revert KycNotAttested(subject);

        delete _attestations[subject];
        delete _evidenceHashes[subject];

        emit KycRevoked(subject, reasonHash, msg.sender);
    }

    /// @inheritdoc IKycRegistry
    function attestationOf(address subject) external view returns (Attestation memory) {
        return _attestations[subject];
    }

    /// @inheritdoc IKycRegistry
    function evidenceHashOf(address subject) external view returns (bytes32) {
        return _evidenceHashes[subject];
    }

    /// @inheritdoc IKycRegistry
    function validLevels(address first, address second) external view returns (uint8, uint8) {
        return (validLevel(first), validLevel(second));
    }

    /// @inheritdoc IKycRegistry
    function validLevel(address subject) public view returns (uint8) {
        Attestation storage attestation = _attestations[subject];
        return block.timestamp < attestation.expiresAt ? attestation.level : 0;
    }
}
