// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

// RemittanceInvariants: invariant tests run by `hardhat test` over random sequences of escrow sends, claims,
// refunds, replays and time jumps driven through RemittanceHandler (runs, depth and fail-on-revert are set in
// hardhat.config.ts).

import {AuditAnchor} from "../../contracts/AuditAnchor.sol";
import {IRemittance} from "../../contracts/interfaces/IRemittance.sol";
import {KycRegistry} from "../../contracts/KycRegistry.sol";
import {MerchantRegistry} from "../../contracts/MerchantRegistry.sol";
import {Remittance} from "../../contracts/Remittance.sol";
import {TestStablecoin} from "../../contracts/TestStablecoin.sol";
import {Cheats} from "./Cheats.sol";

/// @notice Drives Remittance like a crowd of users and records, in ghost variables, what must never happen. No
/// action may revert (the runs fail on a revert): an attempt expected to be refused goes through try/catch.
contract RemittanceHandler is Cheats {
    uint256 internal constant SIGNER_KEY = 0xC0FFEE;
    uint256 internal constant CLAIM_KEY = 0xC1A1;

    Remittance public immutable remittance;
    TestStablecoin public immutable token;
    address[3] internal _senders;
    address public immutable claimer;

    struct Escrow {
        bytes32 id;
        IRemittance.EscrowTerms terms;
        bool open;
    }

    Escrow[] internal _escrows;
    IRemittance.Approval[] internal _usedApprovals;
    bytes[] internal _usedSignatures;

    /// @notice Sum of the amounts of the escrows the handler believes open.
    uint256 public openTotal;
    /// @notice Number of sends made (nonces 0 .. sends - 1 were used).
    uint256 public sends;
    /// @notice A replayed approval (used nonce) went through.
    uint256 public replaysAccepted;
    /// @notice A claim or refund of an escrow that was already closed went through.
    uint256 public secondSettlements;
    /// @notice A refund went through before or at the expiry, for someone other than the sender, or paid someone else.
    uint256 public badRefunds;
    /// @notice A claim of an open, unexpired escrow by the KYC'd claimer with a valid signature was refused.
    uint256 public claimsRefused;
    /// @notice How many times each escrow was settled (claimed or refunded).
    mapping(bytes32 id => uint256 count) public settlements;

    constructor(Remittance remittance_, TestStablecoin token_, address[3] memory senders_, address claimer_) {
        remittance = remittance_;
        token = token_;
        _senders = senders_;
        claimer = claimer_;
    }

    function escrowCount() external view returns (uint256) {
        return _escrows.length;
    }

    function escrowAt(uint256 index) external view returns (Escrow memory) {
        return _escrows[index];
    }

    /// @notice Opens an escrow from one of the senders for a random amount and lifetime.
    function sendToEscrow(uint256 senderSeed, uint256 amount, uint256 lifetime) external {
        address sender = _senders[senderSeed % 3];
        amount = _bound(amount, 1, 10_000e6);
        uint64 expiresAt = uint64(block.timestamp + _bound(lifetime, 1 hours, 90 days));
        IRemittance.Approval memory approval = _approval(sender, amount);
        bytes memory signature = _sign(SIGNER_KEY, remittance.approvalDigest(approval));

        vm.prank(sender);
        bytes32 id = remittance.sendToEscrow(
            approval,
            expiresAt,
            IRemittance.CoSignature(vm.addr(SIGNER_KEY), signature)
        );

        _escrows.push(
            Escrow(id, IRemittance.EscrowTerms(sender, address(token), amount, approval.claimHash, expiresAt), true)
        );
        _remember(approval, signature);
        openTotal += amount;
    }

    /// @notice Sends directly from one sender to another (moves no tokens into Remittance).
    function sendDirect(uint256 senderSeed, uint256 amount) external {
        address sender = _senders[senderSeed % 3];
        IRemittance.Approval memory approval = _approval(sender, _bound(amount, 1, 10_000e6));
        // Reduce first: `senderSeed + 1` overflows for the all-ones seed that the fuzzer likes to try.
        approval.recipient = _senders[((senderSeed % 3) + 1) % 3];
        approval.claimHash = bytes32(0);
        bytes memory signature = _sign(SIGNER_KEY, remittance.approvalDigest(approval));

        vm.prank(sender);
        remittance.send(approval, IRemittance.CoSignature(vm.addr(SIGNER_KEY), signature));

        _remember(approval, signature);
    }

    /// @notice Replays an approval that was already used; it must be refused.
    function replay(uint256 index) external {
        if (_usedApprovals.length == 0) return;
        index = index % _usedApprovals.length;
        IRemittance.Approval memory approval = _usedApprovals[index];
        IRemittance.CoSignature memory coSignature = IRemittance.CoSignature(
            vm.addr(SIGNER_KEY),
            _usedSignatures[index]
        );

        vm.prank(approval.sender);
        if (approval.claimHash == bytes32(0)) {
            try remittance.send(approval, coSignature) {
                replaysAccepted++;
            } catch {}
        } else {
            try remittance.sendToEscrow(approval, uint64(block.timestamp + 1 days), coSignature) {
                replaysAccepted++;
            } catch {}
        }
    }

    /// @notice Claims an escrow with the claim key's signature for the claimer.
    function claim(uint256 index) external {
        if (_escrows.length == 0) return;
        Escrow storage escrow = _escrows[index % _escrows.length];
        bytes memory signature = _sign(CLAIM_KEY, remittance.claimDigest(escrow.id, claimer));
        bool claimable = escrow.open && block.timestamp <= escrow.terms.expiresAt;

        vm.prank(claimer);
        try remittance.claim(escrow.id, escrow.terms, signature) {
            if (!escrow.open) secondSettlements++;
            _close(escrow);
        } catch {
            if (claimable) claimsRefused++;
        }
    }

    /// @notice Refunds an escrow, called by a random one of the senders (often not the escrow's sender).
    function refund(uint256 index, uint256 callerSeed) external {
        if (_escrows.length == 0) return;
        Escrow storage escrow = _escrows[index % _escrows.length];
        address caller = _senders[callerSeed % 3];
        uint256 senderBefore = token.balanceOf(escrow.terms.sender);
        bool wasOpen = escrow.open;

        vm.prank(caller);
        try remittance.refund(escrow.id, escrow.terms) {
            if (!wasOpen) secondSettlements++;
            bool paidSender = token.balanceOf(escrow.terms.sender) == senderBefore + escrow.terms.amount;
            if (caller != escrow.terms.sender || block.timestamp <= escrow.terms.expiresAt || !paidSender) badRefunds++;
            _close(escrow);
        } catch {}
    }

    /// @notice Moves time forward by up to 30 days.
    function warp(uint256 seconds_) external {
        vm.warp(block.timestamp + _bound(seconds_, 1, 30 days));
    }

    function _approval(address sender, uint256 amount) private returns (IRemittance.Approval memory) {
        return
            IRemittance.Approval({
                sender: sender,
                recipient: address(0),
                claimHash: keccak256(abi.encodePacked(vm.addr(CLAIM_KEY))),
                token: address(token),
                amount: amount,
                fee: remittance.quoteFee(amount),
                memoHash: bytes32(0),
                travelRuleHash: bytes32(0),
                destinationChainId: block.chainid,
                nonce: sends++,
                deadline: block.timestamp + 1 hours
            });
    }

    function _remember(IRemittance.Approval memory approval, bytes memory signature) private {
        _usedApprovals.push(approval);
        _usedSignatures.push(signature);
    }

    function _close(Escrow storage escrow) private {
        settlements[escrow.id]++;
        if (escrow.open) openTotal -= escrow.terms.amount;
        escrow.open = false;
    }
}

/// @notice The four safety invariants of Remittance, each checked after every call of every run.
contract RemittanceInvariantsTest is Cheats {
    RemittanceHandler internal _handler;
    Remittance internal _remittance;
    TestStablecoin internal _token;

    function setUp() public {
        address admin = address(0xAD);
        address[3] memory senders = [address(0xA11CE), address(0xB0B), address(0xCA201)];
        address claimer = address(0xC1A1E5);
        _token = new TestStablecoin(address(this));
        KycRegistry kyc = new KycRegistry(admin, address(this));
        MerchantRegistry merchants = new MerchantRegistry(admin, admin);
        new AuditAnchor(admin, admin);
        address[] memory tokens = new address[](1);
        tokens[0] = address(_token);
        _remittance = new Remittance(admin, vm.addr(0xC0FFEE), admin, address(0x7EA5), 50, kyc, merchants, tokens);
        _handler = new RemittanceHandler(_remittance, _token, senders, claimer);

        uint64 tenYears = uint64(block.timestamp + 3650 days);
        kyc.attest(claimer, 1, tenYears, keccak256("claimer"));
        for (uint256 i = 0; i < 3; ++i) {
            kyc.attest(senders[i], 2, tenYears, keccak256(abi.encode(i)));
            _token.mint(senders[i], 1e18);
            vm.prank(senders[i]);
            _token.approve(address(_remittance), type(uint256).max);
        }
    }

    /// @notice Only the handler is called by the fuzzer.
    function targetContracts() public view returns (address[] memory targets) {
        targets = new address[](1);
        targets[0] = address(_handler);
    }

    /// @notice Tokens held by Remittance equal the sum of the open escrows, and its view of which escrows are
    /// open matches the handler's.
    function invariant_heldTokensEqualOpenEscrows() public view {
        uint256 sum = 0;
        uint256 count = _handler.escrowCount();
        for (uint256 i = 0; i < count; ++i) {
            RemittanceHandler.Escrow memory escrow = _handler.escrowAt(i);
            require(_remittance.isEscrowOpen(escrow.id) == escrow.open, "escrow state differs");
            if (escrow.open) sum += escrow.terms.amount;
        }
        require(sum == _handler.openTotal(), "ghost total differs");
        require(_token.balanceOf(address(_remittance)) == sum, "held tokens differ from open escrows");
    }

    /// @notice Every nonce handed out is marked used, the next one is not, and no replay was accepted.
    function invariant_nonceUsedOnce() public view {
        uint256 sends = _handler.sends();
        for (uint256 nonce = 0; nonce < sends; ++nonce) {
            require(_remittance.isNonceUsed(nonce), "used nonce not marked");
        }
        require(!_remittance.isNonceUsed(sends), "unused nonce marked");
        require(_handler.replaysAccepted() == 0, "a replayed approval was accepted");
    }

    /// @notice No escrow was settled (claimed or refunded) more than once.
    function invariant_nothingSettledTwice() public view {
        require(_handler.secondSettlements() == 0, "an escrow was settled twice");
        require(_handler.claimsRefused() == 0, "a valid claim was refused");
        uint256 count = _handler.escrowCount();
        for (uint256 i = 0; i < count; ++i) {
            require(_handler.settlements(_handler.escrowAt(i).id) <= 1, "an escrow was settled twice");
        }
    }

    /// @notice Every refund that went through came after the expiry, was asked by the sender and paid the sender.
    function invariant_refundOnlyAfterExpiryToSender() public view {
        require(_handler.badRefunds() == 0, "a refund broke the rules");
    }
}
