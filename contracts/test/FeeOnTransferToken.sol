// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

// FeeOnTransferToken: test-only ERC-20 that burns 1 % of every transfer, so recipients get less than was sent.

import {ERC20} from "@openzeppelin/contracts/token/ERC20/ERC20.sol";

/// @title FeeOnTransferToken
/// @notice Remittance must reject it with RemittanceAmountNotReceived.
contract FeeOnTransferToken is ERC20 {
    constructor() ERC20("Fee On Transfer Token", "FOT") {}

    function mint(address to, uint256 amount) external {
        _mint(to, amount);
    }

    function _update(address from, address to, uint256 value) internal override {
        if (from == address(0) || to == address(0)) {
            super._update(from, to, value);
            return;
        }
        uint256 burned = value / 100;
        super._update(from, address(0), burned);
        super._update(from, to, value - burned);
    }
}
