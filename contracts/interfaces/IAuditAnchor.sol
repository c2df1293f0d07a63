// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

/// @title IAuditAnchor
/// @notice Anchors the head of the compliance service's hash-chained audit log on-chain, so the log cannot be
/// rewritten unnoticed after an anchor. Sequence numbers only move forward.
interface IAuditAnchor {
    /// @notice The latest anchor.
    /// @param sequence Sequence number of the last audit-log entry covered.
    /// @param headHash Hash of that entry (which covers every earlier entry).
    /// @param anchoredAt Block time of the anchor.
    struct Anchor {
        uint64 sequence;
        uint64 anchoredAt;
        bytes32 headHash;
    }

    /// @notice Emitted for every anchor.
    /// @param sequence Sequence number of the last audit-log entry covered.
    /// @param headHash Hash of that entry.
    /// @param anchorer The wallet holding the anchor role that wrote it.
    event AuditAnchored(uint64 indexed sequence, bytes32 headHash, address indexed anchorer);

    /// @notice The sequence number does not move forward.
    /// @param sequence The sequence number that was given.
    /// @param latestSequence The sequence number of the latest anchor.
    error AuditAnchorSequenceNotIncreasing(uint64 sequence, uint64 latestSequence);
    /// @notice The head hash is zero.
    error AuditAnchorZeroHash();
    /// @notice An address given to the constructor (admin or anchorer) is zero.
    error AuditAnchorZeroAddress();

    /// @notice Records a new head. Only the anchor role; `sequence` must exceed the latest one.
    /// @param sequence Sequence number of the last audit-log entry covered; greater than the latest anchor's.
    /// @param headHash Hash of that entry (not zero).
    function anchor(uint64 sequence, bytes32 headHash) external;

    /// @notice The latest anchor (all zero before the first).
    /// @return The sequence number, head hash and block time of the latest anchor.
    function latest() external view returns (Anchor memory);
}
