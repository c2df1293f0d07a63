// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

// TestStablecoin: a 6-decimal EIP-2612 token for local chains only, minted by its owner; never deploy it to a live chain.

import {Ownable} from "@openzeppelin/contracts/access/Ownable.sol";
import {ERC20} from "@openzeppelin/contracts/token/ERC20/ERC20.sol";
import {ERC20Permit} from "@openzeppelin/contracts/token/ERC20/extensions/ERC20Permit.sol";

/// @title TestStablecoin
/// @notice "CLXEND Test Dollar" (tUSD): stands in for USDC on local chains. Same decimals (6) and EIP-2612 permit,
/// but anyone the owner chooses can be minted any amount, so it is worth nothing.
contract TestStablecoin is ERC20, ERC20Permit, Ownable {
    /// @param owner The only wallet that may mint.
    constructor(address owner) ERC20("CLXEND Test Dollar", "tUSD") ERC20Permit("CLXEND Test Dollar") Ownable(owner) {}

    /// @notice Mints `amount` base units to `to`. Only the owner.
    /// @param to Wallet credited (not zero).
    /// @param amount Base units (6 decimals).
    function mint(address to, uint256 amount) external onlyOwner {
        _mint(to, amount);
    }

    /// @notice 6, like USDC.
    function decimals() public pure override returns (uint8) {
        return 6;
    }
}
