// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

// MerchantRegistry: merchants register a payout wallet, DID, category and name hash; compliance sets KYB and fees.

import {AccessControl} from "@openzeppelin/contracts/access/AccessControl.sol";
import {IMerchantRegistry} from "./interfaces/IMerchantRegistry.sol";

/// @title MerchantRegistry
/// @notice Anyone may register a merchant (status Pending); only COMPLIANCE_ROLE approves, suspends or sets fees.
/// The payout wallet, fee and status share one storage slot so a payment reads them with one storage access.
contract MerchantRegistry is IMerchantRegistry, AccessControl {
    /// @notice Role of the compliance officers that decide KYB status and merchant fees.
    bytes32 public constant COMPLIANCE_ROLE = keccak256("COMPLIANCE_ROLE");

    /// @notice Highest merchant fee in basis points (5 %).
    uint16 public constant MAX_FEE_BPS = 500;

    /// @notice Highest ISO 18245 merchant category code.
    uint16 public constant MAX_CATEGORY = 9999;

    /// @dev Storage layout of a merchant: the first slot holds everything a payment needs.
    struct MerchantRecord {
        address payout;
        uint16 feeBps;
        KybStatus status;
        uint16 category;
        address owner;
        address did;
        bytes32 displayNameHash;
    }

    mapping(uint256 merchantId => MerchantRecord record) private _merchants;
    uint256 private _merchantCount;

    /// @param admin Receives DEFAULT_ADMIN_ROLE (grants and revokes the compliance role).
    /// @param complianceOfficer Receives COMPLIANCE_ROLE.
    constructor(address admin, address complianceOfficer) {
        if (admin == address(0)) revert MerchantZeroAddress("admin");
        if (complianceOfficer == address(0)) revert MerchantZeroAddress("complianceOfficer");

        _grantRole(DEFAULT_ADMIN_ROLE, admin);
        _grantRole(COMPLIANCE_ROLE, complianceOfficer);
    }

    /// @inheritdoc IMerchantRegistry
    function register(
        address payout,
        address did,
        uint16 category,
        bytes32 displayNameHash
    ) external returns (uint256 merchantId) {
        if (payout == address(0)) revert MerchantZeroAddress("payout");
        if (did == address(0)) revert MerchantZeroAddress("did");
        if (category > MAX_CATEGORY) revert MerchantInvalidCategory(category);
        if (displayNameHash == bytes32(0)) revert MerchantZeroDisplayNameHash();

        merchantId = ++_merchantCount;
        _merchants[merchantId] = MerchantRecord({
            payout: payout,
            feeBps: 0,
            status: KybStatus.Pending,
            category: category,
            owner: msg.sender,
            did: did,
            displayNameHash: displayNameHash
        });

        emit MerchantRegistered(merchantId, msg.sender, payout, did, category, displayNameHash);
    }

    /// @inheritdoc IMerchantRegistry
    function setPayout(uint256 merchantId, address payout) external {
        MerchantRecord storage record = _existing(merchantId);
        if (record.owner != msg.sender) revert MerchantNotOwner(merchantId, msg.sender);
        if (payout == address(0)) revert MerchantZeroAddress("payout");

        address previousPayout = record.payout;
        KybStatus previousStatus = record.status;
        record.payout = payout;
        record.status = KybStatus.Pending;

        emit MerchantPayoutChanged(merchantId, previousPayout, payout);
        if (previousStatus != KybStatus.Pending) {
            emit MerchantKybStatusChanged(merchantId, previousStatus, KybStatus.Pending, bytes32(0));
        }
    }

    /// @inheritdoc IMerchantRegistry
    function setKybStatus(uint256 merchantId, KybStatus status, bytes32 reasonHash) external onlyRole(COMPLIANCE_ROLE) {
        MerchantRecord storage record = _existing(merchantId);
        if (status == KybStatus.None) revert MerchantInvalidStatus(status);

        KybStatus previousStatus = record.status;
        record.status = status;

        emit MerchantKybStatusChanged(merchantId, previousStatus, status, reasonHash);
    }

    /// @inheritdoc IMerchantRegistry
    function setFee(uint256 merchantId, uint16 feeBps) external onlyRole(COMPLIANCE_ROLE) {
        MerchantRecord storage record = _existing(merchantId);
        if (feeBps > MAX_FEE_BPS) revert MerchantFeeTooHigh(feeBps, MAX_FEE_BPS);

        uint16 previousFeeBps = record.feeBps;
        record.feeBps = feeBps;

        emit MerchantFeeChanged(merchantId, previousFeeBps, feeBps);
    }

    /// @inheritdoc IMerchantRegistry
    function merchantOf(uint256 merchantId) external view returns (Merchant memory) {
        MerchantRecord storage record = _existing(merchantId);
        return
            Merchant({
                owner: record.owner,
                payout: record.payout,
                did: record.did,
                feeBps: record.feeBps,
                status: record.status,
                category: record.category,
                displayNameHash: record.displayNameHash
            });
    }

    /// @inheritdoc IMerchantRegistry
    function paymentTermsOf(
        uint256 merchantId
    ) external view returns (address payout, uint16 feeBps, KybStatus status) {
        MerchantRecord storage record = _merchants[merchantId];
        return (record.payout, record.feeBps, record.status);
    }

    /// @inheritdoc IMerchantRegistry
    function merchantCount() external view returns (uint256) {
        return _merchantCount;
    }

    /// @dev The record of `merchantId`; reverts with MerchantUnknown when no merchant has that id.
    function _existing(uint256 merchantId) private view returns (MerchantRecord storage record) {
        record = _merchants[merchantId];
        if (record.status == KybStatus.None) revert MerchantUnknown(merchantId);
    }
}
