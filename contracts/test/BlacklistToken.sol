// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

// BlacklistToken: test-only ERC-20 that, like USDC, refuses transfers from or to blacklisted accounts.

import {ERC20} from "@openzeppelin/contracts/token/ERC20/ERC20.sol";

/// @title BlacklistToken
/// @notice Lets tests blacklist a claimer to show the claim reverts cleanly and the escrow stays refundable.
contract BlacklistToken is ERC20 {
    mapping(address account => bool blocked) public isBlacklisted;

    error BlacklistTokenBlocked(address account);

    constructor() ERC20("Blacklist Token", "BLT") {}

    function mint(address to, uint256 amount) external {
        _mint(to, amount);
    }

    function setBlacklisted(address account, bool blocked) external {
        isBlacklisted[account] = blocked;
    }

    function _update(address from, address to, uint256 value) internal override {
        if (isBlacklisted[from]) revert BlacklistTokenBlocked(from);
        if (isBlacklisted[to]) revert BlacklistTokenBlocked(to);
        super._update(from, to, value);
    }
}
