// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

// ICcipLaneTable: the routing table shared by the CCIP bridge sender and receiver: allowed lanes, their token,
// their rate limit and their pause flag.

/// @title ICcipLaneTable
/// @notice A lane joins this chain to one remote chain in one direction. On the bridge sender a lane runs from this
/// chain (source) to the remote chain (destination); on the bridge receiver it runs from the remote chain (source) to
/// this chain (destination). Lanes are keyed by the remote chain's CCIP chain selector. Each lane names the bridge
/// contract at the other end, the token moved on this chain, and a rate limit: at most `rateLimitAmount` base units
/// per window of `rateLimitWindow` seconds. A window opens with the first transfer after the previous one closed.
interface ICcipLaneTable {
    /// @notice What an admin sets for a lane.
    /// @param remoteChainSelector CCIP chain selector of the remote chain (not zero, not this chain's selector).
    /// @param remoteChainId EVM chain id of the remote chain (what approvals name as destinationChainId).
    /// @param remoteBridge The bridge contract at the other end: the receiver that a sender sends to, or the only
    /// sender that a receiver accepts messages from.
    /// @param token The token moved on this chain over this lane.
    /// @param rateLimitAmount Most base units that may cross the lane in one window (not zero).
    /// @param rateLimitWindow Length of a window in seconds (not zero).
    struct LaneConfig {
        uint64 remoteChainSelector;
        uint64 remoteChainId;
        address remoteBridge;
        address token;
        uint128 rateLimitAmount;
        uint32 rateLimitWindow;
    }

    /// @notice A lane as stored, with its pause flag and the use of its current rate-limit window.
    /// @param remoteBridge See LaneConfig; zero when the lane does not exist.
    /// @param remoteChainId See LaneConfig.
    /// @param paused Whether transfers over the lane are stopped.
    /// @param token See LaneConfig.
    /// @param rateLimitWindow See LaneConfig.
    /// @param windowStart Unix time at which the current window opened.
    /// @param rateLimitAmount See LaneConfig.
    /// @param usedInWindow Base units that crossed the lane in the current window.
    struct Lane {
        address remoteBridge;
        uint64 remoteChainId;
        bool paused;
        address token;
        uint32 rateLimitWindow;
        uint64 windowStart;
        uint128 rateLimitAmount;
        uint128 usedInWindow;
    }

    /// @notice Emitted when a lane is added or changed.
    /// @param sourceChainSelector Chain the lane runs from.
    /// @param destinationChainSelector Chain the lane runs to.
    /// @param remoteChainId EVM chain id of the remote chain.
    /// @param remoteBridge Bridge contract at the other end.
    /// @param token Token moved on this chain.
    /// @param rateLimitAmount Most base units per window.
    /// @param rateLimitWindow Window length in seconds.
    event LaneSet(
        uint64 indexed sourceChainSelector,
        uint64 indexed destinationChainSelector,
        uint256 remoteChainId,
        address remoteBridge,
        address token,
        uint128 rateLimitAmount,
        uint32 rateLimitWindow
    );

    /// @notice Emitted when a lane is removed.
    /// @param sourceChainSelector Chain the lane ran from.
    /// @param destinationChainSelector Chain the lane ran to.
    event LaneRemoved(uint64 indexed sourceChainSelector, uint64 indexed destinationChainSelector);

    /// @notice Emitted when a lane is paused.
    /// @param sourceChainSelector Chain the lane runs from.
    /// @param destinationChainSelector Chain the lane runs to.
    /// @param account The pauser.
    event LanePaused(uint64 indexed sourceChainSelector, uint64 indexed destinationChainSelector, address account);

    /// @notice Emitted when a lane is resumed.
    /// @param sourceChainSelector Chain the lane runs from.
    /// @param destinationChainSelector Chain the lane runs to.
    /// @param account The pauser.
    event LaneUnpaused(uint64 indexed sourceChainSelector, uint64 indexed destinationChainSelector, address account);

    /// @notice There is no lane to or from this remote chain selector.
    /// @param remoteChainSelector The selector asked for.
    error BridgeLaneNotAllowed(uint64 remoteChainSelector);
    /// @notice The lane is paused.
    /// @param remoteChainSelector The lane's remote chain selector.
    error BridgeLanePaused(uint64 remoteChainSelector);
    /// @notice The lane is not paused, so it cannot be resumed.
    /// @param remoteChainSelector The lane's remote chain selector.
    error BridgeLaneNotPaused(uint64 remoteChainSelector);
    /// @notice The transfer would take the lane over its rate limit in the current window.
    /// @param remoteChainSelector The lane's remote chain selector.
    /// @param requested Base units asked for.
    /// @param available Base units still available in the current window.
    /// @param windowEndsAt Unix time at which the current window closes and the full amount is available again.
    error BridgeRateLimitExceeded(
        uint64 remoteChainSelector,
        uint256 requested,
        uint256 available,
        uint64 windowEndsAt
    );
    /// @notice The token is not the one the lane moves.
    /// @param remoteChainSelector The lane's remote chain selector.
    /// @param token The token given.
    /// @param laneToken The token the lane moves.
    error BridgeTokenNotOnLane(uint64 remoteChainSelector, address token, address laneToken);
    /// @notice A lane setting is invalid; `field` names it (a zero selector or this chain's own selector, a zero
    /// chain id or this chain's own id, a chain id already used by another lane, a zero bridge or token, or a zero
    /// rate limit or window).
    /// @param field Name of the offending LaneConfig field.
    error BridgeInvalidLaneConfig(string field);

    /// @notice Adds a lane or replaces its settings; the use of the current window is kept. Only the admin.
    /// @param config The lane's settings.
    function setLane(LaneConfig calldata config) external;

    /// @notice Removes a lane. Only the admin.
    /// @param remoteChainSelector The lane's remote chain selector.
    function removeLane(uint64 remoteChainSelector) external;

    /// @notice Stops transfers over a lane. Only the lane-pauser role.
    /// @param remoteChainSelector The lane's remote chain selector.
    function pauseLane(uint64 remoteChainSelector) external;

    /// @notice Resumes transfers over a paused lane. Only the lane-pauser role.
    /// @param remoteChainSelector The lane's remote chain selector.
    function unpauseLane(uint64 remoteChainSelector) external;

    /// @notice The stored lane for `remoteChainSelector` (all zero when there is none).
    /// @param remoteChainSelector The lane's remote chain selector.
    /// @return The lane, with its pause flag and the use of its current window.
    function laneOf(uint64 remoteChainSelector) external view returns (Lane memory);

    /// @notice The remote chain selectors of every lane, in no particular order.
    /// @return The CCIP chain selectors of the remote chains.
    function remoteChainSelectors() external view returns (uint64[] memory);

    /// @notice The CCIP chain selector of the lane to or from the EVM chain `chainId` (zero when there is none).
    /// @param chainId EVM chain id of the remote chain.
    /// @return The lane's remote chain selector, or zero.
    function remoteChainSelectorOf(uint256 chainId) external view returns (uint64);

    /// @notice Base units that may still cross a lane now, and when the current window closes.
    /// @param remoteChainSelector The lane's remote chain selector.
    /// @return available Base units available now.
    /// @return windowEndsAt Unix time at which the current window closes (now, when no window is open).
    function availableInWindow(
        uint64 remoteChainSelector
    ) external view returns (uint256 available, uint64 windowEndsAt);

    /// @notice The CCIP chain selector of this chain.
    /// @return The selector set at deployment.
    function localChainSelector() external view returns (uint64);
}
