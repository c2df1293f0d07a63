// Typed ABIs of the contract functions and events this service uses, taken from contracts/interfaces (frozen).
import { parseAbi } from "viem";

export const remittanceAbi = parseAbi([
  "function isNonceUsed(uint256 nonce) view returns (bool)",
  "function isTokenAllowed(address token) view returns (bool)",
  "function feeBps() view returns (uint16)",
  "function hasRole(bytes32 role, address account) view returns (bool)",
  "event RemittanceSent(bytes32 indexed id, address sender, address recipient, uint256 amount)",
]);

export const kycRegistryAbi = parseAbi([
  "function validLevel(address subject) view returns (uint8)",
  "function validLevels(address first, address second) view returns (uint8, uint8)",
  "function attest(address subject, uint8 level, uint64 expiresAt, bytes32 evidenceHash)",
  "function hasRole(bytes32 role, address account) view returns (bool)",
  "error KycZeroSubject()",
  "error KycInvalidLevel(uint8 level)",
  "error KycExpiryNotInFuture(uint64 expiresAt, uint64 nowTimestamp)",
  "error KycZeroEvidenceHash()",
  "error AccessControlUnauthorizedAccount(address account, bytes32 neededRole)",
]);

export const merchantRegistryAbi = parseAbi([
  "function paymentTermsOf(uint256 merchantId) view returns (address payout, uint16 feeBps, uint8 status)",
]);

export const auditAnchorAbi = parseAbi([
  "struct Anchor { uint64 sequence; uint64 anchoredAt; bytes32 headHash; }",
  "function anchor(uint64 sequence, bytes32 headHash)",
  "function latest() view returns (Anchor)",
  "error AuditAnchorSequenceNotIncreasing(uint64 sequence, uint64 latestSequence)",
  "error AuditAnchorZeroHash()",
  "error AccessControlUnauthorizedAccount(address account, bytes32 neededRole)",
]);

/** The Chainalysis sanctions oracle interface. */
export const sanctionsOracleAbi = parseAbi([
  "function isSanctioned(address addr) view returns (bool)",
]);

/** EIP-712 types of the Remittance approval (IRemittance.Approval). */
export const APPROVAL_TYPES = {
  Approval: [
    { name: "sender", type: "address" },
    { name: "recipient", type: "address" },
    { name: "claimHash", type: "bytes32" },
    { name: "token", type: "address" },
    { name: "amount", type: "uint256" },
    { name: "fee", type: "uint256" },
    { name: "memoHash", type: "bytes32" },
    { name: "travelRuleHash", type: "bytes32" },
    { name: "destinationChainId", type: "uint256" },
    { name: "nonce", type: "uint256" },
    { name: "deadline", type: "uint256" },
  ],
} as const;

/** Name and version of the Remittance EIP-712 domain. */
export const REMITTANCE_DOMAIN = { name: "CLXEND Remittance", version: "1" } as const;

/** Merchant KYB status values (IMerchantRegistry.KybStatus). */
export const KYB_APPROVED = 2;
