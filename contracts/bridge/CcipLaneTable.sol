// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

// CcipLaneTable: the routing table that the CCIP bridge sender and receiver both inherit: lanes keyed by the remote
// chain selector, each with its token, a fixed-window rate limit and a pause flag.

import {AccessControl} from "@openzeppelin/contracts/access/AccessControl.sol";
import {EnumerableSet} from "@openzeppelin/contracts/utils/structs/EnumerableSet.sol";
import {ICcipLaneTable} from "./interfaces/ICcipLaneTable.sol";

/// @title CcipLaneTable
/// @notice Keeps the allowed lanes of one bridge contract. The admin (DEFAULT_ADMIN_ROLE) adds, changes and removes
/// lanes; the LANE_PAUSER_ROLE pauses and resumes them one by one.
/// @dev The rate limit is a fixed window that opens with the first transfer after the previous window closed.
/// Chainlink's own RateLimiter is BUSL-licensed, so this small MIT one is used instead.
abstract contract CcipLaneTable is ICcipLaneTable, AccessControl {
    using EnumerableSet for EnumerableSet.UintSet;

    /// @notice Role that may pause and resume lanes.
    bytes32 public constant LANE_PAUSER_ROLE = keccak256("LANE_PAUSER_ROLE");

    /// @inheritdoc ICcipLaneTable
    // solhint-disable-next-line immutable-vars-naming
    uint64 public immutable localChainSelector;

    /// @dev True on the sender (lanes run from this chain), false on the receiver (lanes run to this chain).
    bool private immutable _OUTBOUND;

    mapping(uint64 remoteChainSelector => Lane lane) private _lanes;
    mapping(uint256 chainId => uint64 remoteChainSelector) private _selectorsByChainId;
    EnumerableSet.UintSet private _remoteSelectors;

    /// @param localChainSelector_ CCIP chain selector of the chain this contract is deployed on.
    /// @param outbound True for a sender's table, false for a receiver's.
    constructor(uint64 localChainSelector_, bool outbound) {
        if (localChainSelector_ == 0) revert BridgeInvalidLaneConfig("localChainSelector");

        localChainSelector = localChainSelector_;
        _OUTBOUND = outbound;
    }

    /// @inheritdoc ICcipLaneTable
    function setLane(LaneConfig calldata config) external onlyRole(DEFAULT_ADMIN_ROLE) {
        uint64 selector = config.remoteChainSelector;
        _checkLaneConfig(config);

        Lane storage lane = _lanes[selector];
        uint64 previousChainId = lane.remoteChainId;
        if (previousChainId != config.remoteChainId) delete _selectorsByChainId[previousChainId];
        _selectorsByChainId[config.remoteChainId] = selector;
        _remoteSelectors.add(selector);
        lane.remoteBridge = config.remoteBridge;
        lane.remoteChainId = config.remoteChainId;
        lane.token = config.token;
        lane.rateLimitAmount = config.rateLimitAmount;
        lane.rateLimitWindow = config.rateLimitWindow;

        (uint64 source, uint64 destination) = _direction(selector);
        emit LaneSet(
            source,
            destination,
            config.remoteChainId,
            config.remoteBridge,
            config.token,
            config.rateLimitAmount,
            config.rateLimitWindow
        );
    }

    /// @inheritdoc ICcipLaneTable
    function removeLane(uint64 remoteChainSelector) external onlyRole(DEFAULT_ADMIN_ROLE) {
        Lane storage lane = _existingLane(remoteChainSelector);

        delete _selectorsByChainId[lane.remoteChainId];
        delete _lanes[remoteChainSelector];
        _remoteSelectors.remove(remoteChainSelector);

        (uint64 source, uint64 destination) = _direction(remoteChainSelector);
        emit LaneRemoved(source, destination);
    }

    /// @inheritdoc ICcipLaneTable
    function pauseLane(uint64 remoteChainSelector) external onlyRole(LANE_PAUSER_ROLE) {
        Lane storage lane = _existingLane(remoteChainSelector);
        if (lane.paused) revert BridgeLanePaused(remoteChainSelector);

        lane.paused = true;

        (uint64 source, uint64 destination) = _direction(remoteChainSelector);
        emit LanePaused(source, destination, msg.sender);
    }

    /// @inheritdoc ICcipLaneTable
    function unpauseLane(uint64 remoteChainSelector) external onlyRole(LANE_PAUSER_ROLE) {
        Lane storage lane = _existingLane(remoteChainSelector);
        if (!lane.paused) revert BridgeLaneNotPaused(remoteChainSelector);

        lane.paused = false;

        (uint64 source, uint64 destination) = _direction(remoteChainSelector);
        emit LaneUnpaused(source, destination, msg.sender);
    }

    /// @inheritdoc ICcipLaneTable
    function laneOf(uint64 remoteChainSelector) external view returns (Lane memory) {
        return _lanes[remoteChainSelector];
    }

    /// @inheritdoc ICcipLaneTable
    function remoteChainSelectors() external view returns (uint64[] memory selectors) {
        uint256 count = _remoteSelectors.length();
        selectors = new uint64[](count);
        for (uint256 i = 0; i < count; ++i) {
            // Only uint64 selectors are ever added to the set.
            selectors[i] = uint64(_remoteSelectors.at(i));
        }
    }

    /// @inheritdoc ICcipLaneTable
    function remoteChainSelectorOf(uint256 chainId) public view returns (uint64) {
        return _selectorsByChainId[chainId];
    }

    /// @inheritdoc ICcipLaneTable
    function availableInWindow(uint64 remoteChainSelector) external view returns (uint256, uint64) {
        Lane storage lane = _existingLane(remoteChainSelector);
        return _windowState(lane);
    }

    // ------------------------------------------------------------------------------------------------------------
    // For the sender and the receiver
    // ------------------------------------------------------------------------------------------------------------

    /// @dev The lane to or from `remoteChainSelector`, which must exist, be running and move `token`.
    function _openLane(uint64 remoteChainSelector, address token) internal view returns (Lane storage lane) {
        lane = _existingLane(remoteChainSelector);
        if (lane.paused) revert BridgeLanePaused(remoteChainSelector);
        if (token != lane.token) revert BridgeTokenNotOnLane(remoteChainSelector, token, lane.token);
    }

    /// @dev The lane to or from `remoteChainSelector`; reverts when there is none.
    function _existingLane(uint64 remoteChainSelector) internal view returns (Lane storage lane) {
        lane = _lanes[remoteChainSelector];
        if (lane.remoteBridge == address(0)) revert BridgeLaneNotAllowed(remoteChainSelector);
    }

    /// @dev Counts `amount` against the lane's current window, opening a new window when the last one closed.
    function _consumeRateLimit(Lane storage lane, uint64 remoteChainSelector, uint256 amount) internal {
        (uint256 available, uint64 windowEndsAt) = _windowState(lane);
        if (amount > available) {
            revert BridgeRateLimitExceeded(remoteChainSelector, amount, available, windowEndsAt);
        }

        if (block.timestamp >= uint256(lane.windowStart) + lane.rateLimitWindow) {
            lane.windowStart = uint64(block.timestamp);
            lane.usedInWindow = 0;
        }
        // amount <= available <= rateLimitAmount - usedInWindow, so the sum fits in 128 bits.
        lane.usedInWindow += uint128(amount);
    }

    /// @dev Base units still available and the close of the current window (now, when no window is open).
    function _windowState(Lane storage lane) private view returns (uint256 available, uint64 windowEndsAt) {
        uint256 windowEnd = uint256(lane.windowStart) + lane.rateLimitWindow;
        uint128 limit = lane.rateLimitAmount;
        if (block.timestamp >= windowEnd) return (limit, uint64(block.timestamp));
        uint128 used = lane.usedInWindow;
        // A limit lowered below the window's use leaves nothing, not an underflow.
        available = used >= limit ? 0 : limit - used;
        // windowStart is a past block time and the window a 32-bit number, so the end fits in 64 bits.
        windowEndsAt = uint64(windowEnd);
    }

    /// @dev The lane as (source, destination) selectors.
    function _direction(uint64 remoteChainSelector) private view returns (uint64 source, uint64 destination) {
        return _OUTBOUND ? (localChainSelector, remoteChainSelector) : (remoteChainSelector, localChainSelector);
    }

    /// @dev Rejects zero or self-referencing selectors and chain ids, a chain id taken by another lane, zero
    /// addresses and an empty rate limit.
    function _checkLaneConfig(LaneConfig calldata config) private view {
        uint64 selector = config.remoteChainSelector;
        if (selector == 0 || selector == localChainSelector) revert BridgeInvalidLaneConfig("remoteChainSelector");
        uint64 chainId = config.remoteChainId;
        if (chainId == 0 || chainId == block.chainid) revert BridgeInvalidLaneConfig("remoteChainId");
        uint64 holder = _selectorsByChainId[chainId];
        if (holder != 0 && holder != selector) revert BridgeInvalidLaneConfig("remoteChainId");
        if (config.remoteBridge == address(0)) revert BridgeInvalidLaneConfig("remoteBridge");
        if (config.token == address(0)) revert BridgeInvalidLaneConfig("token");
        if (config.rateLimitAmount == 0) revert BridgeInvalidLaneConfig("rateLimitAmount");
        if (config.rateLimitWindow == 0) revert BridgeInvalidLaneConfig("rateLimitWindow");
    }
}
