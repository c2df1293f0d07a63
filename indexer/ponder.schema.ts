// Tables the indexer builds from contract events. Every primary key starts with the chain id.
import { index, onchainTable, primaryKey, relations } from "ponder";

/** One wallet on one chain: KYC state, DID owner and remittance counters. */
export const account = onchainTable(
  "account",
  (t) => ({
    chainId: t.integer().notNull(),
    address: t.hex().notNull(),
    /** KYC level of the stored attestation: 0 none (or revoked), 1 basic, 2 full. Expiry is not applied. */
    kycLevel: t.integer().notNull(),
    kycExpiresAt: t.bigint().notNull(),
    kycProvider: t.hex(),
    kycEvidenceHash: t.hex(),
    /** Owner of did:ethr:<chainId>:<address>; the address itself until changed. */
    didOwner: t.hex().notNull(),
    /** Block of the last DID registry change of this identity (the registry's `changed`), 0 if none. */
    didChangedBlock: t.bigint().notNull(),
    /** Remittances sent from this wallet on this chain: local ones and cross-chain ones sent from this chain. */
    remittancesSent: t.integer().notNull(),
    /**
     * Remittances credited to this wallet on this chain: local direct sends and merchant payments, escrows it claimed,
     * cross-chain remittances delivered to it here (on arrival, or when a failed delivery was retried) and
     * cross-chain escrows it claimed here. Not counted: escrows still open, failed deliveries, refunds.
     */
    remittancesReceived: t.integer().notNull(),
  }),
  (table) => ({ pk: primaryKey({ columns: [table.chainId, table.address] }) }),
);

/** Token balance of one wallet, rebuilt from Transfer events of every allow-listed token. */
export const balance = onchainTable(
  "balance",
  (t) => ({
    chainId: t.integer().notNull(),
    token: t.hex().notNull(),
    address: t.hex().notNull(),
    balance: t.bigint().notNull(),
    updatedBlock: t.bigint().notNull(),
  }),
  (table) => ({
    pk: primaryKey({ columns: [table.chainId, table.token, table.address] }),
    addressIdx: index().on(table.chainId, table.address),
  }),
);

/** Every token Transfer. */
export const transfer = onchainTable(
  "transfer",
  (t) => ({
    chainId: t.integer().notNull(),
    id: t.text().notNull(),
    token: t.hex().notNull(),
    from: t.hex().notNull(),
    to: t.hex().notNull(),
    value: t.bigint().notNull(),
    blockNumber: t.bigint().notNull(),
    timestamp: t.bigint().notNull(),
    txHash: t.hex().notNull(),
  }),
  (table) => ({
    pk: primaryKey({ columns: [table.chainId, table.id] }),
    fromIdx: index().on(table.chainId, table.from),
    toIdx: index().on(table.chainId, table.to),
    /** Transfers of one transaction (a wallet or explorer looking up what it just sent). */
    txIdx: index().on(table.txHash),
  }),
);

/** One remittance (direct send, merchant payment or escrow) and the block, time and transaction of each status. */
export const remittance = onchainTable(
  "remittance",
  (t) => ({
    chainId: t.integer().notNull(),
    id: t.hex().notNull(),
    contract: t.hex().notNull(),
    kind: t.text().$type<"direct" | "escrow" | "merchant">().notNull(),
    status: t.text().$type<"sent" | "claimed" | "refunded">().notNull(),
    sender: t.hex().notNull(),
    /** Credited wallet of a direct send or merchant payment; null for an escrow (see claimer). */
    recipient: t.hex(),
    claimHash: t.hex(),
    token: t.hex(),
    amount: t.bigint().notNull(),
    fee: t.bigint(),
    expiresAt: t.bigint(),
    merchantId: t.bigint(),
    /** Sort key of the send: block number * 100000 + log index. Cursor pagination uses it. */
    sentOrder: t.bigint().notNull(),
    sentBlock: t.bigint().notNull(),
    sentTimestamp: t.bigint().notNull(),
    sentTx: t.hex().notNull(),
    claimer: t.hex(),
    claimedBlock: t.bigint(),
    claimedTimestamp: t.bigint(),
    claimedTx: t.hex(),
    refundedBlock: t.bigint(),
    refundedTimestamp: t.bigint(),
    refundedTx: t.hex(),
  }),
  (table) => ({
    pk: primaryKey({ columns: [table.chainId, table.id] }),
    senderIdx: index().on(table.chainId, table.sender, table.sentOrder),
    recipientIdx: index().on(table.chainId, table.recipient, table.sentOrder),
    claimerIdx: index().on(table.chainId, table.claimer, table.sentOrder),
  }),
);

/** Remittance settings of one chain's Remittance contract (fee, treasury, pause, escrow bounds). */
export const remittanceSettings = onchainTable("remittance_settings", (t) => ({
  chainId: t.integer().primaryKey(),
  contract: t.hex().notNull(),
  feeBps: t.integer().notNull(),
  treasury: t.hex().notNull(),
  paused: t.boolean().notNull(),
  minEscrowDuration: t.bigint().notNull(),
  maxEscrowDuration: t.bigint().notNull(),
}));

/** Tokens the Remittance contract accepts (or used to). */
export const allowedToken = onchainTable(
  "allowed_token",
  (t) => ({
    chainId: t.integer().notNull(),
    token: t.hex().notNull(),
    allowed: t.boolean().notNull(),
    changedBlock: t.bigint().notNull(),
  }),
  (table) => ({ pk: primaryKey({ columns: [table.chainId, table.token] }) }),
);

/** Every KYC attestation and revocation, in order. The current state is on `account`. */
export const kycAttestation = onchainTable(
  "kyc_attestation",
  (t) => ({
    chainId: t.integer().notNull(),
    id: t.text().notNull(),
    subject: t.hex().notNull(),
    kind: t.text().$type<"attested" | "revoked">().notNull(),
    level: t.integer().notNull(),
    expiresAt: t.bigint().notNull(),
    evidenceHash: t.hex(),
    reasonHash: t.hex(),
    provider: t.hex().notNull(),
    blockNumber: t.bigint().notNull(),
    timestamp: t.bigint().notNull(),
    txHash: t.hex().notNull(),
  }),
  (table) => ({
    pk: primaryKey({ columns: [table.chainId, table.id] }),
    subjectIdx: index().on(table.chainId, table.subject),
  }),
);

/** A did:ethr delegate; valid while `validTo` is in the future (revocation sets it to the revoking block's time). */
export const didDelegate = onchainTable(
  "did_delegate",
  (t) => ({
    chainId: t.integer().notNull(),
    identity: t.hex().notNull(),
    delegateType: t.hex().notNull(),
    delegate: t.hex().notNull(),
    validTo: t.bigint().notNull(),
    changedBlock: t.bigint().notNull(),
  }),
  (table) => ({
    pk: primaryKey({
      columns: [table.chainId, table.identity, table.delegateType, table.delegate],
    }),
  }),
);

/** A did:ethr attribute (name, value); valid while `validTo` is in the future. Keyed by the value's hash. */
export const didAttribute = onchainTable(
  "did_attribute",
  (t) => ({
    chainId: t.integer().notNull(),
    identity: t.hex().notNull(),
    name: t.hex().notNull(),
    valueHash: t.hex().notNull(),
    value: t.hex().notNull(),
    validTo: t.bigint().notNull(),
    changedBlock: t.bigint().notNull(),
  }),
  (table) => ({
    pk: primaryKey({ columns: [table.chainId, table.identity, table.name, table.valueHash] }),
  }),
);

/** A merchant and its KYB status. */
export const merchant = onchainTable(
  "merchant",
  (t) => ({
    chainId: t.integer().notNull(),
    merchantId: t.bigint().notNull(),
    owner: t.hex().notNull(),
    payout: t.hex().notNull(),
    did: t.hex().notNull(),
    category: t.integer().notNull(),
    displayNameHash: t.hex().notNull(),
    feeBps: t.integer().notNull(),
    kybStatus: t.text().$type<"none" | "pending" | "approved" | "suspended">().notNull(),
    registeredBlock: t.bigint().notNull(),
    updatedBlock: t.bigint().notNull(),
  }),
  (table) => ({ pk: primaryKey({ columns: [table.chainId, table.merchantId] }) }),
);

/** An audit-log head anchored on-chain. */
export const auditAnchor = onchainTable(
  "audit_anchor",
  (t) => ({
    chainId: t.integer().notNull(),
    sequence: t.bigint().notNull(),
    headHash: t.hex().notNull(),
    anchorer: t.hex().notNull(),
    blockNumber: t.bigint().notNull(),
    timestamp: t.bigint().notNull(),
    txHash: t.hex().notNull(),
  }),
  (table) => ({ pk: primaryKey({ columns: [table.chainId, table.sequence] }) }),
);

/**
 * Sent volume, fees and count per chain, token and UTC day (day = unix days since 1970-01-01): local remittances and
 * cross-chain remittances sent from this chain (amount in source token units, protocol fee; the CCIP fee is not in
 * `fees`). A cross-chain remittance counts on its source chain only, on the day it was sent.
 */
export const dailyVolume = onchainTable(
  "daily_volume",
  (t) => ({
    chainId: t.integer().notNull(),
    token: t.hex().notNull(),
    day: t.integer().notNull(),
    volume: t.bigint().notNull(),
    fees: t.bigint().notNull(),
    count: t.integer().notNull(),
  }),
  (table) => ({ pk: primaryKey({ columns: [table.chainId, table.token, table.day] }) }),
);

/** Who moved value to or from whom (1 hop): remittances and direct token transfers, both directions. */
export const counterparty = onchainTable(
  "counterparty",
  (t) => ({
    chainId: t.integer().notNull(),
    account: t.hex().notNull(),
    counterparty: t.hex().notNull(),
    remittanceCount: t.integer().notNull(),
    remittanceVolume: t.bigint().notNull(),
    transferCount: t.integer().notNull(),
    transferVolume: t.bigint().notNull(),
    firstBlock: t.bigint().notNull(),
    lastBlock: t.bigint().notNull(),
  }),
  (table) => ({ pk: primaryKey({ columns: [table.chainId, table.account, table.counterparty] }) }),
);

/**
 * One cross-chain remittance over the CCIP bridge, keyed by its CCIP message id (the only key not led by a chain id:
 * the row joins two chains). The source chain fills the send, the destination chain the delivery and settlement;
 * either may be indexed first. Status: sent (not on the destination yet), delivered, escrowed, failed (the tokens
 * wait in the receiver for a retry or a refund), claimed (escrow), refunded (failed delivery or expired escrow).
 */
export const crossChainRemittance = onchainTable(
  "cross_chain_remittance",
  (t) => ({
    messageId: t.hex().primaryKey(),
    /** Remittance id on the source chain (the bridge sender's nonce as bytes32). */
    remittanceId: t.hex().notNull(),
    status: t
      .text()
      .$type<"sent" | "delivered" | "escrowed" | "failed" | "claimed" | "refunded">()
      .notNull(),
    sender: t.hex().notNull(),
    /** Wallet credited on the destination chain; null for an escrow (see claimer). */
    recipient: t.hex(),
    claimHash: t.hex(),
    expiresAt: t.bigint(),
    sourceChainId: t.integer(),
    sourceChainSelector: t.bigint().notNull(),
    sourceContract: t.hex(),
    sourceToken: t.hex(),
    /** Base units sent (source token units; fee excluded). */
    amount: t.bigint(),
    fee: t.bigint(),
    ccipFeeToken: t.hex(),
    ccipFee: t.bigint(),
    sentOrder: t.bigint(),
    sentBlock: t.bigint(),
    sentTimestamp: t.bigint(),
    sentTx: t.hex(),
    destinationChainId: t.integer(),
    destinationChainSelector: t.bigint(),
    destinationContract: t.hex(),
    destinationToken: t.hex(),
    /** Base units held or credited on the destination chain (destination token units). */
    deliveredAmount: t.bigint(),
    /** Sort key of the arrival on the destination chain: block number * 100000 + log index. */
    receivedOrder: t.bigint(),
    receivedBlock: t.bigint(),
    receivedTimestamp: t.bigint(),
    /** Transaction in which the message arrived (the CCIP delivery). */
    receivedTx: t.hex(),
    /** Transaction that credited the recipient or opened the escrow (the arrival, or a later retry). */
    deliveredTx: t.hex(),
    failedTx: t.hex(),
    /** Revert data of the failed delivery. */
    failureReason: t.hex(),
    retries: t.integer().notNull(),
    claimer: t.hex(),
    settledBlock: t.bigint(),
    settledTimestamp: t.bigint(),
    /** Claim, escrow refund or failed-delivery refund. */
    settledTx: t.hex(),
  }),
  (table) => ({
    sourceSenderIdx: index().on(table.sourceChainId, table.sender, table.sentOrder),
    destinationRecipientIdx: index().on(
      table.destinationChainId,
      table.recipient,
      table.receivedOrder,
    ),
    destinationClaimerIdx: index().on(table.destinationChainId, table.claimer, table.receivedOrder),
    remittanceIdx: index().on(table.sourceChainId, table.remittanceId),
  }),
);

/** A lane of a bridge contract: outbound on the sender (this chain → remote), inbound on the receiver. */
export const bridgeLane = onchainTable(
  "bridge_lane",
  (t) => ({
    chainId: t.integer().notNull(),
    direction: t.text().$type<"outbound" | "inbound">().notNull(),
    remoteChainSelector: t.bigint().notNull(),
    contract: t.hex().notNull(),
    sourceChainSelector: t.bigint().notNull(),
    destinationChainSelector: t.bigint().notNull(),
    remoteChainId: t.integer().notNull(),
    remoteBridge: t.hex().notNull(),
    token: t.hex().notNull(),
    rateLimitAmount: t.bigint().notNull(),
    rateLimitWindow: t.integer().notNull(),
    paused: t.boolean().notNull(),
    /** False once LaneRemoved; the row keeps the chain id for older remittances. */
    active: t.boolean().notNull(),
    changedBlock: t.bigint().notNull(),
  }),
  (table) => ({
    pk: primaryKey({ columns: [table.chainId, table.direction, table.remoteChainSelector] }),
  }),
);

/** Hash of every block that carried an indexed event: the deep-reorg watchdog compares these with the chain. */
export const indexedBlock = onchainTable(
  "indexed_block",
  (t) => ({
    chainId: t.integer().notNull(),
    number: t.bigint().notNull(),
    hash: t.hex().notNull(),
  }),
  (table) => ({ pk: primaryKey({ columns: [table.chainId, table.number] }) }),
);

export const accountRelations = relations(account, ({ many }) => ({
  balances: many(balance),
}));

export const balanceRelations = relations(balance, ({ one }) => ({
  account: one(account, {
    fields: [balance.chainId, balance.address],
    references: [account.chainId, account.address],
  }),
}));
