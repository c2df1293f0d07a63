// Event ABIs the indexer handles, as typed constants, and a check that an address book's ABI declares them unchanged.
import { type Abi, type AbiEvent, parseAbi, toEventSignature } from "viem";

/** Events of Remittance (IRemittance plus OpenZeppelin Pausable). */
export const remittanceEvents = parseAbi([
  "event RemittanceSent(bytes32 indexed id, address sender, address recipient, uint256 amount)",
  "event RemittanceDetails(bytes32 indexed id, address token, uint256 fee, bytes32 claimHash, uint64 expiresAt)",
  "event MerchantPaid(bytes32 indexed id, uint256 indexed merchantId)",
  "event RemittanceClaimed(bytes32 indexed id, address indexed claimer, uint256 amount)",
  "event RemittanceRefunded(bytes32 indexed id, address indexed sender, uint256 amount)",
  "event FeeChanged(uint16 previousFeeBps, uint16 newFeeBps)",
  "event TreasuryChanged(address previousTreasury, address newTreasury)",
  "event TokenAllowanceChanged(address indexed token, bool allowed)",
  "event EscrowDurationBoundsChanged(uint64 minDuration, uint64 maxDuration)",
  "event Paused(address account)",
  "event Unpaused(address account)",
]);

/** Events of KycRegistry. */
export const kycRegistryEvents = parseAbi([
  "event KycAttested(address indexed subject, uint8 level, uint64 expiresAt, bytes32 evidenceHash, address indexed provider)",
  "event KycRevoked(address indexed subject, bytes32 reasonHash, address indexed provider)",
]);

/** Events of MerchantRegistry (KybStatus is a uint8 on the wire). */
export const merchantRegistryEvents = parseAbi([
  "event MerchantRegistered(uint256 indexed merchantId, address indexed owner, address payout, address did, uint16 category, bytes32 displayNameHash)",
  "event MerchantPayoutChanged(uint256 indexed merchantId, address previousPayout, address newPayout)",
  "event MerchantKybStatusChanged(uint256 indexed merchantId, uint8 previousStatus, uint8 newStatus, bytes32 reasonHash)",
  "event MerchantFeeChanged(uint256 indexed merchantId, uint16 previousFeeBps, uint16 newFeeBps)",
]);

/** Events of AuditAnchor. */
export const auditAnchorEvents = parseAbi([
  "event AuditAnchored(uint64 indexed sequence, bytes32 headHash, address indexed anchorer)",
]);

/** Events of the unmodified EthereumDIDRegistry (ERC-1056). */
export const didRegistryEvents = parseAbi([
  "event DIDOwnerChanged(address indexed identity, address owner, uint256 previousChange)",
  "event DIDDelegateChanged(address indexed identity, bytes32 delegateType, address delegate, uint256 validTo, uint256 previousChange)",
  "event DIDAttributeChanged(address indexed identity, bytes32 name, bytes value, uint256 validTo, uint256 previousChange)",
]);

/** Lane administration events, the same on the bridge sender and receiver (ICcipLaneTable). */
const laneEvents = [
  "event LaneSet(uint64 indexed sourceChainSelector, uint64 indexed destinationChainSelector, uint256 remoteChainId, address remoteBridge, address token, uint128 rateLimitAmount, uint32 rateLimitWindow)",
  "event LaneRemoved(uint64 indexed sourceChainSelector, uint64 indexed destinationChainSelector)",
  "event LanePaused(uint64 indexed sourceChainSelector, uint64 indexed destinationChainSelector, address account)",
  "event LaneUnpaused(uint64 indexed sourceChainSelector, uint64 indexed destinationChainSelector, address account)",
] as const;

/** Events of CcipRemittanceSender (ICcipRemittanceSender plus the lane table). */
export const bridgeSenderEvents = parseAbi([
  "event CrossChainRemittanceSent(bytes32 indexed id, bytes32 indexed messageId, uint64 indexed destinationChainSelector, address sender, address recipient, uint256 amount)",
  "event CrossChainRemittanceDetails(bytes32 indexed id, address token, uint256 fee, bytes32 claimHash, uint64 expiresAt, address ccipFeeToken, uint256 ccipFee)",
  ...laneEvents,
]);

/** Events of CcipRemittanceReceiver (ICcipRemittanceReceiver plus the lane table). */
export const bridgeReceiverEvents = parseAbi([
  "struct InboundTransfer { bytes32 remittanceId; uint64 sourceChainSelector; address sender; address recipient; bytes32 claimHash; uint64 expiresAt; address token; uint256 amount; }",
  "event CrossChainRemittanceReceived(bytes32 indexed messageId, uint64 indexed sourceChainSelector, bytes32 indexed remittanceId, address sender, address recipient, address token, uint256 amount)",
  "event CrossChainEscrowOpened(bytes32 indexed messageId, uint64 indexed sourceChainSelector, bytes32 indexed remittanceId, address sender, bytes32 claimHash, address token, uint256 amount, uint64 expiresAt)",
  "event CrossChainDeliveryFailed(bytes32 indexed messageId, uint64 indexed sourceChainSelector, bytes32 indexed remittanceId, InboundTransfer transfer, bytes reason)",
  "event FailedDeliveryRetried(bytes32 indexed messageId, address caller)",
  "event FailedDeliveryRefunded(bytes32 indexed messageId, address indexed sender, address token, uint256 amount)",
  "event CrossChainEscrowClaimed(bytes32 indexed id, address indexed claimer, uint256 amount)",
  "event CrossChainEscrowRefunded(bytes32 indexed id, address indexed sender, uint256 amount)",
  ...laneEvents,
]);

/** The ERC-20 Transfer event of every allow-listed token. */
export const tokenEvents = parseAbi([
  "event Transfer(address indexed from, address indexed to, uint256 value)",
]);

/** KYB statuses in the order of IMerchantRegistry.KybStatus. */
export const KYB_STATUSES = ["none", "pending", "approved", "suspended"] as const;

/**
 * Checks that `bookAbi` (from the address book) declares every event of `expected` with the same signature and
 * indexed fields, and returns `expected` so handlers stay typed. Throws naming the first missing event.
 */
export function checkEvents<const events extends readonly AbiEvent[]>(
  contract: string,
  bookAbi: readonly unknown[],
  expected: events,
): events {
  const declared = new Set(
    (bookAbi as Abi)
      .filter((item): item is AbiEvent => item.type === "event")
      .map((event) => indexedSignature(event)),
  );
  for (const event of expected) {
    if (!declared.has(indexedSignature(event))) {
      throw new Error(
        `The address book ABI of ${contract} lacks event ${toEventSignature(event)} (or its indexed fields differ)`,
      );
    }
  }
  return expected;
}

function indexedSignature(event: AbiEvent): string {
  const indexed = event.inputs.map((input) => (input.indexed ? "i" : "-")).join("");
  // Enum parameters appear as uint8 in compiled ABIs, so the canonical signature is comparable.
  return `${toEventSignature(event)}#${indexed}`;
}
