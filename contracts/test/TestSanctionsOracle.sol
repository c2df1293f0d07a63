// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

// TestSanctionsOracle: test-only oracle with Chainalysis' `isSanctioned(address)` read and an owner-set list.

import {Ownable} from "@openzeppelin/contracts/access/Ownable.sol";

/// @title TestSanctionsOracle
/// @notice Lets tests flag addresses on a local chain the way Chainalysis' on-chain SanctionsList does.
contract TestSanctionsOracle is Ownable {
    mapping(address account => bool listed) private _sanctioned;

    /// @param account The address that was already in the requested state.
    /// @param sanctioned The state it was in.
    error TestSanctionsOracleUnchanged(address account, bool sanctioned);

    /// @param addrs The addresses added to the list.
    event SanctionedAddressesAdded(address[] addrs);
    /// @param addrs The addresses removed from the list.
    event SanctionedAddressesRemoved(address[] addrs);

    constructor(address owner_) Ownable(owner_) {}

    /// @notice Puts `addrs` on the list; reverts if one is already on it.
    function addToSanctionsList(address[] calldata addrs) external onlyOwner {
        _set(addrs, true);

        emit SanctionedAddressesAdded(addrs);
    }

    /// @notice Takes `addrs` off the list; reverts if one is not on it.
    function removeFromSanctionsList(address[] calldata addrs) external onlyOwner {
        _set(addrs, false);

        emit SanctionedAddressesRemoved(addrs);
    }

    /// @notice Whether `addr` is on the list (the Chainalysis oracle's read function).
    function isSanctioned(address addr) external view returns (bool) {
        return _sanctioned[addr];
    }

    function _set(address[] calldata addrs, bool sanctioned) private {
        for (uint256 i = 0; i < addrs.length; i++) {
            if (_sanctioned[addrs[i]] == sanctioned) revert TestSanctionsOracleUnchanged(addrs[i], sanctioned);
            _sanctioned[addrs[i]] = sanctioned;
        }
    }
}
