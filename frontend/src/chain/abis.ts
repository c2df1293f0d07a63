// Typed ABIs (viem human-readable form) of the parts of the frozen CLXEND interfaces and the CCIP bridge the app
// calls, plus the custom errors so reverts decode into names the app can explain. Addresses come from the address
// book.
import { erc20Abi, parseAbi } from "viem";

const remittanceErrors = [
  "error RemittanceSenderMismatch(address sender, address caller)",
  "error RemittanceApprovalExpired(uint256 deadline, uint256 nowTimestamp)",
  "error RemittanceNonceUsed(uint256 nonce)",
  "error RemittanceUnauthorizedSigner(address signer)",
  "error RemittanceInvalidSignature(address signer)",
  "error RemittanceWrongDestinationChain(uint256 destinationChainId, uint256 thisChainId)",
  "error RemittanceTokenNotAllowed(address token)",
  "error RemittanceZeroAmount()",
  "error RemittanceFeeMismatch(uint256 expectedFee, uint256 approvedFee)",
  "error RemittanceFeeTooHigh(uint16 feeBps, uint16 maxFeeBps)",
  "error RemittanceKycRequired(address account)",
  "error RemittanceInvalidApproval(string field)",
  "error RemittanceAmountNotReceived(uint256 expected, uint256 received)",
  "error RemittanceEscrowExpiryOutOfBounds(uint64 expiresAt, uint64 earliest, uint64 latest)",
  "error RemittanceEscrowNotOpen(bytes32 id)",
  "error RemittanceEscrowExpired(bytes32 id, uint64 expiresAt)",
  "error RemittanceEscrowNotExpired(bytes32 id, uint64 expiresAt)",
  "error RemittanceInvalidClaim(bytes32 id, address claimer)",
  "error RemittanceNotEscrowSender(bytes32 id, address caller)",
  "error RemittanceMerchantNotPayable(uint256 merchantId)",
  "error EnforcedPause()",
  "error ExpectedPause()",
  "error AccessControlUnauthorizedAccount(address account, bytes32 neededRole)",
  "error ERC20InsufficientBalance(address sender, uint256 balance, uint256 needed)",
  "error ERC20InsufficientAllowance(address spender, uint256 allowance, uint256 needed)",
] as const;

const approvalTuple =
  "(address sender, address recipient, bytes32 claimHash, address token, uint256 amount, uint256 fee, bytes32 memoHash, bytes32 travelRuleHash, uint256 destinationChainId, uint256 nonce, uint256 deadline)";
const coSignatureTuple = "(address signer, bytes signature)";
const permitTuple = "(uint256 value, uint256 deadline, uint8 v, bytes32 r, bytes32 s)";
const termsTuple =
  "(address sender, address token, uint256 amount, bytes32 claimHash, uint64 expiresAt)";

export const remittanceAbi = parseAbi([
  `function send(${approvalTuple} approval, ${coSignatureTuple} coSignature) returns (bytes32 id)`,
  `function sendWithPermit(${approvalTuple} approval, ${coSignatureTuple} coSignature, ${permitTuple} permit) returns (bytes32 id)`,
  `function sendToEscrow(${approvalTuple} approval, uint64 expiresAt, ${coSignatureTuple} coSignature) returns (bytes32 id)`,
  `function sendToEscrowWithPermit(${approvalTuple} approval, uint64 expiresAt, ${coSignatureTuple} coSignature, ${permitTuple} permit) returns (bytes32 id)`,
  `function payMerchant(uint256 merchantId, ${approvalTuple} approval, ${coSignatureTuple} coSignature) returns (bytes32 id)`,
  `function payMerchantWithPermit(uint256 merchantId, ${approvalTuple} approval, ${coSignatureTuple} coSignature, ${permitTuple} permit) returns (bytes32 id)`,
  `function claim(bytes32 id, ${termsTuple} terms, bytes claimSignature)`,
  `function refund(bytes32 id, ${termsTuple} terms)`,
  "function pause()",
  "function unpause()",
  "function paused() view returns (bool)",
  "function hasRole(bytes32 role, address account) view returns (bool)",
  "function isEscrowOpen(bytes32 id) view returns (bool)",
  "function quoteFee(uint256 amount) view returns (uint256)",
  "function feeBps() view returns (uint16)",
  "function escrowDurationBounds() view returns (uint64 minDuration, uint64 maxDuration)",
  "event RemittanceSent(bytes32 indexed id, address sender, address recipient, uint256 amount)",
  "event RemittanceDetails(bytes32 indexed id, address token, uint256 fee, bytes32 claimHash, uint64 expiresAt)",
  "event RemittanceClaimed(bytes32 indexed id, address indexed claimer, uint256 amount)",
  "event RemittanceRefunded(bytes32 indexed id, address indexed sender, uint256 amount)",
  ...remittanceErrors,
]);

/** Errors of the CCIP bridge's lane table, shared by the sender and the receiver. */
const laneErrors = [
  "error BridgeLaneNotAllowed(uint64 remoteChainSelector)",
  "error BridgeLanePaused(uint64 remoteChainSelector)",
  "error BridgeRateLimitExceeded(uint64 remoteChainSelector, uint256 requested, uint256 available, uint64 windowEndsAt)",
  "error BridgeTokenNotOnLane(uint64 remoteChainSelector, address token, address laneToken)",
  "error BridgeKycRequired(address account)",
  "error BridgeZeroAddress()",
] as const;

const laneTuple =
  "(address remoteBridge, uint64 remoteChainId, bool paused, address token, uint32 rateLimitWindow, uint64 windowStart, uint128 rateLimitAmount, uint128 usedInWindow)";

/** The source half of the CCIP bridge (CcipRemittanceSender): cross-chain sends, their CCIP fee and the lanes. */
export const bridgeSenderAbi = parseAbi([
  `function send(${approvalTuple} approval, ${coSignatureTuple} coSignature, address ccipFeeToken) payable returns (bytes32 id, bytes32 messageId)`,
  `function sendWithPermit(${approvalTuple} approval, ${coSignatureTuple} coSignature, ${permitTuple} permit, address ccipFeeToken) payable returns (bytes32 id, bytes32 messageId)`,
  `function sendToEscrow(${approvalTuple} approval, uint64 expiresAt, ${coSignatureTuple} coSignature, address ccipFeeToken) payable returns (bytes32 id, bytes32 messageId)`,
  `function sendToEscrowWithPermit(${approvalTuple} approval, uint64 expiresAt, ${coSignatureTuple} coSignature, ${permitTuple} permit, address ccipFeeToken) payable returns (bytes32 id, bytes32 messageId)`,
  `function quoteCcipFee(${approvalTuple} approval, uint64 expiresAt, address ccipFeeToken) view returns (uint256)`,
  "function remoteChainSelectorOf(uint256 chainId) view returns (uint64)",
  `function laneOf(uint64 remoteChainSelector) view returns (${laneTuple})`,
  "event CrossChainRemittanceSent(bytes32 indexed id, bytes32 indexed messageId, uint64 indexed destinationChainSelector, address sender, address recipient, uint256 amount)",
  "error BridgeSenderMismatch(address sender, address caller)",
  "error BridgeApprovalExpired(uint256 deadline, uint256 nowTimestamp)",
  "error BridgeNonceUsed(uint256 nonce)",
  "error BridgeUnauthorizedSigner(address signer)",
  "error BridgeInvalidSignature(address signer)",
  "error BridgeUnknownDestinationChain(uint256 destinationChainId)",
  "error BridgeZeroAmount()",
  "error BridgeFeeMismatch(uint256 expectedFee, uint256 approvedFee)",
  "error BridgeInvalidApproval(string field)",
  "error BridgeAmountNotReceived(uint256 expected, uint256 received)",
  "error BridgeEscrowExpiryOutOfBounds(uint64 expiresAt, uint64 earliest, uint64 latest)",
  "error BridgeInsufficientNativeFee(uint256 required, uint256 provided)",
  ...laneErrors,
  "error EnforcedPause()",
  "error ERC20InsufficientBalance(address sender, uint256 balance, uint256 needed)",
  "error ERC20InsufficientAllowance(address spender, uint256 allowance, uint256 needed)",
]);

const inboundTuple =
  "(bytes32 remittanceId, uint64 sourceChainSelector, address sender, address recipient, bytes32 claimHash, uint64 expiresAt, address token, uint256 amount)";

/** The destination half of the CCIP bridge (CcipRemittanceReceiver): escrows, failed deliveries and their errors. */
export const bridgeReceiverAbi = parseAbi([
  `function claim(bytes32 id, ${termsTuple} terms, bytes claimSignature)`,
  `function refundEscrow(bytes32 id, ${termsTuple} terms)`,
  `function retryFailedDelivery(bytes32 messageId, ${inboundTuple} transfer)`,
  `function refundFailedDelivery(bytes32 messageId, ${inboundTuple} transfer)`,
  "function isEscrowOpen(bytes32 id) view returns (bool)",
  "function isDeliveryFailed(bytes32 messageId) view returns (bool)",
  "event CrossChainRemittanceReceived(bytes32 indexed messageId, uint64 indexed sourceChainSelector, bytes32 indexed remittanceId, address sender, address recipient, address token, uint256 amount)",
  "event CrossChainEscrowOpened(bytes32 indexed messageId, uint64 indexed sourceChainSelector, bytes32 indexed remittanceId, address sender, bytes32 claimHash, address token, uint256 amount, uint64 expiresAt)",
  "event CrossChainEscrowClaimed(bytes32 indexed id, address indexed claimer, uint256 amount)",
  "error BridgeNoFailedDelivery(bytes32 messageId)",
  "error BridgeNotRemittanceSender(bytes32 messageId, address caller)",
  "error BridgeEscrowNotOpen(bytes32 id)",
  "error BridgeEscrowExpired(bytes32 id, uint64 expiresAt)",
  "error BridgeEscrowNotExpired(bytes32 id, uint64 expiresAt)",
  "error BridgeInvalidClaim(bytes32 id, address claimer)",
  "error BridgeNotEscrowSender(bytes32 id, address caller)",
  ...laneErrors,
  "error ERC20InsufficientBalance(address sender, uint256 balance, uint256 needed)",
  "error ERC20InvalidReceiver(address receiver)",
]);

export const kycRegistryAbi = parseAbi([
  "struct Attestation { uint8 level; uint64 expiresAt; address provider; }",
  "function attestationOf(address subject) view returns (Attestation)",
  "function validLevel(address subject) view returns (uint8)",
  "error KycNotAttested(address subject)",
]);

export const merchantRegistryAbi = parseAbi([
  "struct Merchant { address owner; address payout; address did; uint16 feeBps; uint8 status; uint16 category; bytes32 displayNameHash; }",
  "function merchantOf(uint256 merchantId) view returns (Merchant)",
  "function merchantCount() view returns (uint256)",
  "error MerchantUnknown(uint256 merchantId)",
]);

export const auditAnchorAbi = parseAbi([
  "struct Anchor { uint64 sequence; uint64 anchoredAt; bytes32 headHash; }",
  "function latest() view returns (Anchor)",
]);

/** The subset of ethr-did-registry's EthereumDIDRegistry the app writes to. */
export const didRegistryAbi = parseAbi([
  "function setAttribute(address identity, bytes32 name, bytes value, uint256 validity)",
  "function identityOwner(address identity) view returns (address)",
]);

/** ERC-20 plus the EIP-2612 / EIP-5267 reads a permit needs. */
export const permitTokenAbi = [
  ...erc20Abi,
  ...parseAbi([
    "function nonces(address owner) view returns (uint256)",
    "function eip712Domain() view returns (bytes1 fields, string name, string version, uint256 chainId, address verifyingContract, bytes32 salt, uint256[] extensions)",
  ]),
] as const;

/** Merchant KYB status, in the order of IMerchantRegistry.KybStatus. */
export const KYB_STATUS = ["None", "Pending", "Approved", "Suspended"] as const;
