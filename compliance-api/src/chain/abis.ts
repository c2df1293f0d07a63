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

/** What the service reads of the CCIP bridge sender (contracts/bridge/interfaces/ICcipRemittanceSender.sol). */
export const ccipRemittanceSenderAbi = parseAbi([
  "struct Lane { address remoteBridge; uint64 remoteChainId; bool paused; address token; uint32 rateLimitWindow; uint64 windowStart; uint128 rateLimitAmount; uint128 usedInWindow; }",
  "function remoteChainSelectorOf(uint256 chainId) view returns (uint64)",
  "function remoteChainSelectors() view returns (uint64[])",
  "function laneOf(uint64 remoteChainSelector) view returns (Lane)",
  "function availableInWindow(uint64 remoteChainSelector) view returns (uint256 available, uint64 windowEndsAt)",
  "function feeBps() view returns (uint16)",
  "function isNonceUsed(uint256 nonce) view returns (bool)",
]);

export { APPROVAL_TYPES, BRIDGE_DOMAIN, REMITTANCE_DOMAIN } from "../../../deploy/eip712.ts";

/** Merchant KYB status values (IMerchantRegistry.KybStatus). */
export const KYB_APPROVED = 2;
