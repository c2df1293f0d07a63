// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

// MockERC1271Wallet: test-only contract signer that approves a hash when its owner key signed it and it is switched on.

import {IERC1271} from "@openzeppelin/contracts/interfaces/IERC1271.sol";
import {ECDSA} from "@openzeppelin/contracts/utils/cryptography/ECDSA.sol";

/// @title MockERC1271Wallet
/// @notice Stands in for a multisig compliance signer; `setAccepting(false)` makes it refuse every signature.
contract MockERC1271Wallet is IERC1271 {
    address public immutable owner;
    bool public accepting = true;

    constructor(address owner_) {
        owner = owner_;
    }

    function setAccepting(bool accepting_) external {
        accepting = accepting_;
    }

    function isValidSignature(bytes32 hash, bytes calldata signature) external view returns (bytes4) {
        (address recovered, , ) = ECDSA.tryRecover(hash, signature);
        if (accepting && recovered == owner) return IERC1271.isValidSignature.selector;
        return 0xffffffff;
    }
}
