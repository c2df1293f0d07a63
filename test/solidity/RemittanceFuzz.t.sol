// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

// RemittanceFuzz: fuzz tests (fixed seed from hardhat.config.ts) of fee arithmetic, nonce single use and escrow
// expiry bounds.

import {IRemittance} from "../../contracts/interfaces/IRemittance.sol";
import {KycRegistry} from "../../contracts/KycRegistry.sol";
import {MerchantRegistry} from "../../contracts/MerchantRegistry.sol";
import {Remittance} from "../../contracts/Remittance.sol";
import {TestStablecoin} from "../../contracts/TestStablecoin.sol";
import {Cheats} from "./Cheats.sol";

contract RemittanceFuzzTest is Cheats {
    uint256 internal constant SIGNER_KEY = 0xC0FFEE;
    address internal constant SENDER = address(0xA11CE);
    address internal constant RECIPIENT = address(0xB0B);

    Remittance internal _remittance;
    TestStablecoin internal _token;

    function setUp() public {
        _token = new TestStablecoin(address(this));
        KycRegistry kyc = new KycRegistry(address(this), address(this));
        MerchantRegistry merchants = new MerchantRegistry(address(this), address(this));
        address[] memory tokens = new address[](1);
        tokens[0] = address(_token);
        _remittance = new Remittance(
            address(this),
            vm.addr(SIGNER_KEY),
            address(this),
            address(0x7EA5),
            50,
            kyc,
            merchants,
            tokens
        );
        kyc.attest(SENDER, 2, uint64(block.timestamp + 3650 days), keccak256("sender"));
        kyc.attest(RECIPIENT, 1, uint64(block.timestamp + 3650 days), keccak256("recipient"));
        _token.mint(SENDER, type(uint128).max);
        vm.prank(SENDER);
        _token.approve(address(_remittance), type(uint256).max);
    }

    /// @notice quoteFee is amount * feeBps / 10,000 rounded down, for every amount up to MAX_AMOUNT and every fee.
    function testFuzz_quoteFeeRoundsDown(uint128 amount, uint16 feeBps) public {
        feeBps = uint16(_bound(feeBps, 0, 500));
        _remittance.setFee(feeBps);

        uint256 fee = _remittance.quoteFee(amount);

        require(fee == (uint256(amount) * feeBps) / 10_000, "fee is not the floor");
        require(fee * 10_000 <= uint256(amount) * feeBps, "fee rounds up");
    }

    /// @notice Any nonce works once: afterwards it is marked used, its neighbours are not, and a replay is refused
    /// with RemittanceNonceUsed(nonce).
    function testFuzz_nonceWorksExactlyOnce(uint256 nonce, uint256 amount) public {
        IRemittance.Approval memory approval = _approval(nonce, _bound(amount, 1, 1e12));
        IRemittance.CoSignature memory coSignature = _coSign(approval);
        vm.prank(SENDER);
        bytes32 id = _remittance.send(approval, coSignature);

        vm.prank(SENDER);
        try _remittance.send(approval, coSignature) {
            revert("replay accepted");
        } catch (bytes memory reason) {
            require(
                keccak256(reason) == keccak256(abi.encodeWithSelector(IRemittance.RemittanceNonceUsed.selector, nonce)),
                "wrong error"
            );
        }
        require(id == bytes32(nonce), "id is not the nonce");
        require(_remittance.isNonceUsed(nonce), "nonce not marked");
        if (nonce > 0) require(!_remittance.isNonceUsed(nonce - 1), "neighbour marked");
        if (nonce < type(uint256).max) require(!_remittance.isNonceUsed(nonce + 1), "neighbour marked");
    }

    /// @notice An escrow expiry is accepted exactly when it lies within [now + 1 hour, now + 90 days].
    function testFuzz_escrowExpiryBounds(uint256 offset) public {
        uint64 expiresAt = uint64(block.timestamp + _bound(offset, 0, 91 days));
        IRemittance.Approval memory approval = _approval(7, 1e6);
        approval.recipient = address(0);
        approval.claimHash = keccak256("claim key address");
        IRemittance.CoSignature memory coSignature = _coSign(approval);
        bool inBounds = expiresAt >= block.timestamp + 1 hours && expiresAt <= block.timestamp + 90 days;

        vm.prank(SENDER);
        try _remittance.sendToEscrow(approval, expiresAt, coSignature) {
            require(inBounds, "out-of-bounds expiry accepted");
        } catch (bytes memory reason) {
            require(!inBounds, "in-bounds expiry refused");
            require(bytes4(reason) == IRemittance.RemittanceEscrowExpiryOutOfBounds.selector, "wrong error");
        }
    }

    function _approval(uint256 nonce, uint256 amount) private view returns (IRemittance.Approval memory) {
        return
            IRemittance.Approval({
                sender: SENDER,
                recipient: RECIPIENT,
                claimHash: bytes32(0),
                token: address(_token),
                amount: amount,
                fee: _remittance.quoteFee(amount),
                memoHash: keccak256("memo"),
                travelRuleHash: bytes32(0),
                destinationChainId: block.chainid,
                nonce: nonce,
                deadline: block.timestamp + 1 hours
            });
    }

    function _coSign(IRemittance.Approval memory approval) private view returns (IRemittance.CoSignature memory) {
        return IRemittance.CoSignature(vm.addr(SIGNER_KEY), _sign(SIGNER_KEY, _remittance.approvalDigest(approval)));
    }
}
