// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

/// @title IMerchantRegistry
/// @notice Merchants that CLXEND users can pay: payout address, DID, display-name hash, category, KYB status and
/// the merchant's own fee rule. Merchants register themselves; a compliance role decides their KYB status.
interface IMerchantRegistry {
    /// @notice Know-your-business status. Only `Approved` merchants can be paid.
    enum KybStatus {
        None,
        Pending,
        Approved,
        Suspended
    }

    /// @notice One merchant.
    /// @param owner Wallet that registered the merchant and may change its payout address.
    /// @param payout Wallet that receives payments.
    /// @param did The did:ethr identity address of the merchant (did:ethr:<chainId>:<did>).
    /// @param feeBps Fee in basis points charged on payments to this merchant (overrides the default fee).
    /// @param status KYB status.
    /// @param category Merchant category code chosen by the merchant (ISO 18245 MCC).
    /// @param displayNameHash keccak256 of the display name, which is kept off-chain.
    struct Merchant {
        address owner;
        address payout;
        address did;
        uint16 feeBps;
        KybStatus status;
        uint16 category;
        bytes32 displayNameHash;
    }

    /// @notice Emitted when a merchant registers; its status starts as Pending.
    /// @param merchantId The new merchant's id (1, 2, …).
    /// @param owner The registering wallet.
    /// @param payout The payout wallet.
    /// @param did The merchant's did:ethr identity address.
    /// @param category The ISO 18245 merchant category code.
    /// @param displayNameHash keccak256 of the display name.
    event MerchantRegistered(
        uint256 indexed merchantId,
        address indexed owner,
        address payout,
        address did,
        uint16 category,
        bytes32 displayNameHash
    );

    /// @notice Emitted when the owner changes the payout wallet; the merchant returns to Pending.
    /// @param merchantId The merchant.
    /// @param previousPayout The old payout wallet.
    /// @param newPayout The new payout wallet.
    event MerchantPayoutChanged(uint256 indexed merchantId, address previousPayout, address newPayout);

    /// @notice Emitted when the compliance role changes a merchant's KYB status.
    /// @param merchantId The merchant.
    /// @param previousStatus The old status.
    /// @param newStatus The new status.
    /// @param reasonHash Hash of the off-chain reason.
    event MerchantKybStatusChanged(
        uint256 indexed merchantId,
        KybStatus previousStatus,
        KybStatus newStatus,
        bytes32 reasonHash
    );

    /// @notice Emitted when the compliance role changes a merchant's fee rule.
    /// @param merchantId The merchant.
    /// @param previousFeeBps The old fee in basis points.
    /// @param newFeeBps The new fee in basis points.
    event MerchantFeeChanged(uint256 indexed merchantId, uint16 previousFeeBps, uint16 newFeeBps);

    /// @notice No merchant has this id.
    /// @param merchantId The id that was given.
    error MerchantUnknown(uint256 merchantId);
    /// @notice The caller is not the merchant's owner.
    /// @param merchantId The merchant.
    /// @param caller The caller.
    error MerchantNotOwner(uint256 merchantId, address caller);
    /// @notice An address argument is zero.
    /// @param field The name of the argument ("payout" or "did"; "admin" or "complianceOfficer" in the constructor).
    error MerchantZeroAddress(string field);
    /// @notice The fee is above the registry's cap.
    /// @param feeBps The fee that was given.
    /// @param maxFeeBps The cap.
    error MerchantFeeTooHigh(uint16 feeBps, uint16 maxFeeBps);
    /// @notice The status cannot be set (None is not a status one can set).
    /// @param status The status that was given.
    error MerchantInvalidStatus(KybStatus status);
    /// @notice The category is not a four-digit ISO 18245 merchant category code (0 to 9999).
    /// @param category The category that was given.
    error MerchantInvalidCategory(uint16 category);
    /// @notice The display-name hash is zero.
    error MerchantZeroDisplayNameHash();

    /// @notice Registers the caller as a merchant with status Pending. Returns the new id.
    /// @param payout Wallet that will receive payments (not zero).
    /// @param did The merchant's did:ethr identity address (not zero).
    /// @param category ISO 18245 merchant category code (0 to 9999).
    /// @param displayNameHash keccak256 of the display name (not zero).
    /// @return merchantId The new merchant's id (1, 2, …).
    function register(
        address payout,
        address did,
        uint16 category,
        bytes32 displayNameHash
    ) external returns (uint256 merchantId);

    /// @notice Changes the payout wallet. Only the owner. The merchant returns to Pending for a new KYB review.
    /// @param merchantId The merchant.
    /// @param payout The new payout wallet (not zero).
    function setPayout(uint256 merchantId, address payout) external;

    /// @notice Sets the KYB status. Only the compliance role.
    /// @param merchantId The merchant.
    /// @param status The new status (Pending, Approved or Suspended).
    /// @param reasonHash Hash of the off-chain reason.
    function setKybStatus(uint256 merchantId, KybStatus status, bytes32 reasonHash) external;

    /// @notice Sets the merchant's fee in basis points. Only the compliance role.
    /// @param merchantId The merchant.
    /// @param feeBps The new fee in basis points (at most the registry's cap).
    function setFee(uint256 merchantId, uint16 feeBps) external;

    /// @notice The merchant record. Reverts with MerchantUnknown for an unknown id.
    /// @param merchantId The merchant to look up.
    /// @return The merchant record.
    function merchantOf(uint256 merchantId) external view returns (Merchant memory);

    /// @notice Number of merchants registered so far (ids run from 1 to this number).
    /// @return The number of merchants.
    function merchantCount() external view returns (uint256);

    /// @notice What a payment needs, read from one storage slot: the payout wallet, the fee in basis points and the
    /// KYB status. Returns all zero (status None) for an unknown id instead of reverting.
    /// @param merchantId The merchant to look up.
    /// @return payout The payout wallet.
    /// @return feeBps The merchant's fee in basis points.
    /// @return status The KYB status.
    function paymentTermsOf(uint256 merchantId) external view returns (address payout, uint16 feeBps, KybStatus status);
}
