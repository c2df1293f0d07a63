// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

// Cheats: the few Foundry-standard cheatcodes these Solidity tests use (Hardhat 3's EDR serves them at the usual
// address), plus a `bound` helper; declared here because forge-std cannot be fetched.

/// @notice Subset of the standard cheatcode interface (same signatures as forge-std's Vm).
interface Vm {
    function warp(uint256 newTimestamp) external;
    function prank(address msgSender) external;
    function startPrank(address msgSender) external;
    function stopPrank() external;
    function sign(uint256 privateKey, bytes32 digest) external pure returns (uint8 v, bytes32 r, bytes32 s);
    function addr(uint256 privateKey) external pure returns (address);
}

/// @notice Base for the test contracts and handlers: the cheatcode handle and small helpers.
abstract contract Cheats {
    Vm internal constant vm = Vm(address(uint160(uint256(keccak256("hevm cheat code")))));

    /// @dev Maps `x` into [min, max] (inclusive), spreading values evenly; min <= max.
    function _bound(uint256 x, uint256 min, uint256 max) internal pure returns (uint256) {
        return min + (x % (max - min + 1));
    }

    /// @dev A 65-byte r || s || v signature of `digest` by `privateKey`.
    function _sign(uint256 privateKey, bytes32 digest) internal pure returns (bytes memory) {
        (uint8 v, bytes32 r, bytes32 s) = vm.sign(privateKey, digest);
        return abi.encodePacked(r, s, v);
    }
}
