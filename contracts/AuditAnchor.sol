// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

// AuditAnchor: records the head hash and sequence number of the compliance service's hash-chained audit log.

import {AccessControl} from "@openzeppelin/contracts/access/AccessControl.sol";
import {IAuditAnchor} from "./interfaces/IAuditAnchor.sol";

/// @title AuditAnchor
/// @notice Keeps the latest anchor in two storage slots; earlier anchors live in the AuditAnchored events. Only
/// holders of ANCHOR_ROLE write, and each anchor must cover a later log entry than the one before.
contract AuditAnchor is IAuditAnchor, AccessControl {
    /// @notice Role of the wallets that anchor the audit log.
    bytes32 public constant ANCHOR_ROLE = keccak256("ANCHOR_ROLE");

    Anchor private _latest;

    /// @param admin Receives DEFAULT_ADMIN_ROLE (grants and revokes the anchor role).
    /// @param anchorer Receives ANCHOR_ROLE.
    constructor(address admin, address anchorer) {
        if (admin == address(0) || anchorer == address(0)) revert AuditAnchorZeroAddress();

        _grantRole(DEFAULT_ADMIN_ROLE, admin);
        _grantRole(ANCHOR_ROLE, anchorer);
    }

    /// @inheritdoc IAuditAnchor
    function anchor(uint64 sequence, bytes32 headHash) external onlyRole(ANCHOR_ROLE) {
        if (headHash == bytes32(0)) revert AuditAnchorZeroHash();
        uint64 latestSequence = _latest.sequence;
        if (sequence <= latestSequence) revert AuditAnchorSequenceNotIncreasing(sequence, latestSequence);

        // Block time fits in 64 bits for the next 500 billion years.
        _latest = Anchor({sequence: sequence, anchoredAt: uint64(block.timestamp), headHash: headHash});

        emit AuditAnchored(sequence, headHash, msg.sender);
    }

    /// @inheritdoc IAuditAnchor
    function latest() external view returns (Anchor memory) {
        return _latest;
    }
}
