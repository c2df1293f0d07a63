// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

// TestBatchAccount: test-only ERC-7821 batch executor that an EOA delegates to with EIP-7702, so the frontend's
// end-to-end test wallet can run EIP-5792 `wallet_sendCalls` batches atomically, as smart-account wallets do.

import {ERC7821} from "@openzeppelin/contracts/account/extensions/draft-ERC7821.sol";

/// @title TestBatchAccount
/// @notice `execute(mode, calls)` runs a batch of calls from the delegating account, for that account only (ERC-7821's
/// default rule: the caller must be the account itself, i.e. the EOA sending a transaction to its own address).
contract TestBatchAccount is ERC7821 {}
