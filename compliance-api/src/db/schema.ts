// Database tables (drizzle-orm). Migrations in ../../drizzle/ are generated from this file with drizzle-kit.
import { sql } from "drizzle-orm";
import {
  bigint,
  bigserial,
  boolean,
  index,
  integer,
  jsonb,
  numeric,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from "drizzle-orm/pg-core";

const createdAt = () =>
  timestamp("created_at", { withTimezone: true, mode: "date" }).notNull().defaultNow();
const ts = (name: string) => timestamp(name, { withTimezone: true, mode: "date" });

/** One loaded set of sanctions lists; decisions point at the version they were screened against. */
export const sanctionsListVersions = pgTable("sanctions_list_versions", {
  id: text("id").primaryKey(),
  snapshotDate: text("snapshot_date"),
  addressCount: integer("address_count").notNull(),
  sources: jsonb("sources").notNull(),
  loadedAt: ts("loaded_at").notNull().defaultNow(),
});

/** A data subject (wallet). `wrappedKey` is its data key wrapped with the master key; null once erased. */
export const subjects = pgTable("subjects", {
  address: text("address").primaryKey(),
  country: text("country"),
  wrappedKey: text("wrapped_key"),
  createdAt: createdAt(),
  lastActivityAt: ts("last_activity_at").notNull().defaultNow(),
  erasedAt: ts("erased_at"),
});

/** Personal data, encrypted with the subject's data key (AES-256-GCM). */
export const personalRecords = pgTable(
  "personal_records",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    subject: text("subject")
      .notNull()
      .references(() => subjects.address),
    kind: text("kind").notNull(),
    ciphertext: text("ciphertext").notNull(),
    createdAt: createdAt(),
  },
  (t) => [index("personal_records_subject_idx").on(t.subject)],
);

/** Screening decisions and, once co-signed, the approval handed out for them. */
export const decisions = pgTable(
  "decisions",
  {
    id: uuid("id").primaryKey(),
    chainId: integer("chain_id").notNull(),
    sender: text("sender").notNull(),
    recipient: text("recipient"),
    claimHash: text("claim_hash"),
    token: text("token").notNull(),
    amount: numeric("amount", { precision: 78, scale: 0 }).notNull(),
    amountUsdCents: bigint("amount_usd_cents", { mode: "number" }).notNull(),
    fee: numeric("fee", { precision: 78, scale: 0 }).notNull(),
    memoHash: text("memo_hash").notNull(),
    travelRuleHash: text("travel_rule_hash").notNull(),
    travelRuleRecordId: uuid("travel_rule_record_id"),
    destinationChainId: integer("destination_chain_id").notNull(),
    merchantId: numeric("merchant_id", { precision: 78, scale: 0 }),
    senderCountry: text("sender_country"),
    recipientCountry: text("recipient_country"),
    outcome: text("outcome", { enum: ["approve", "review", "reject"] }).notNull(),
    status: text("status", { enum: ["approved", "in_review", "rejected", "cosigned"] }).notNull(),
    score: integer("score").notNull(),
    reasons: jsonb("reasons").notNull(),
    listVersion: text("list_version").notNull(),
    senderKycLevel: integer("sender_kyc_level").notNull(),
    recipientKycLevel: integer("recipient_kyc_level"),
    nonce: numeric("nonce", { precision: 78, scale: 0 }),
    deadline: bigint("deadline", { mode: "number" }),
    signer: text("signer"),
    approvedAt: ts("approved_at"),
    cosignedAt: ts("cosigned_at"),
    /**
     * Whether the co-signed approval was sent on-chain (its nonce is used): null until checked after its deadline
     * (ApprovalExecutions), then true or false for good. An approval that lapsed unsent no longer counts as volume.
     */
    executed: boolean("executed"),
    createdAt: createdAt(),
  },
  (t) => [
    index("decisions_sender_created_idx").on(t.sender, t.createdAt),
    index("decisions_unchecked_idx")
      .on(t.chainId, t.deadline)
      .where(sql`${t.status} = 'cosigned' and ${t.executed} is null`),
    index("decisions_sender_recipient_idx").on(t.sender, t.recipient),
    uniqueIndex("decisions_nonce_idx").on(t.chainId, t.nonce),
  ],
);

/** Manual-review cases opened for decisions in the middle risk band. */
export const cases = pgTable(
  "cases",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    decisionId: uuid("decision_id")
      .notNull()
      .references(() => decisions.id),
    status: text("status", {
      enum: ["open", "awaiting_second_approval", "approved", "rejected"],
    }).notNull(),
    highRisk: boolean("high_risk").notNull(),
    submittedBy: text("submitted_by").notNull(),
    concerns: jsonb("concerns").$type<string[]>().notNull(),
    decidedAt: ts("decided_at"),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex("cases_decision_idx").on(t.decisionId),
    index("cases_status_idx").on(t.status),
  ],
);

/** Each officer's action on a case (one per officer and case). */
export const caseActions = pgTable(
  "case_actions",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    caseId: uuid("case_id")
      .notNull()
      .references(() => cases.id),
    officer: text("officer").notNull(),
    action: text("action", { enum: ["approve", "reject"] }).notNull(),
    reason: text("reason").notNull(),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex("case_actions_officer_idx").on(t.caseId, t.officer)],
);

/** Suspicious Activity Report drafts, written for decisions at or above the reject threshold. */
export const sarDrafts = pgTable("sar_drafts", {
  id: uuid("id").primaryKey().defaultRandom(),
  decisionId: uuid("decision_id")
    .notNull()
    .unique()
    .references(() => decisions.id),
  subject: text("subject").notNull(),
  score: integer("score").notNull(),
  narrative: text("narrative").notNull(),
  status: text("status", { enum: ["draft", "filed", "dismissed"] }).notNull(),
  createdAt: createdAt(),
});

/** Next approval nonce per chain and Remittance contract (nonces go out in sequence). */
export const nonceCounters = pgTable(
  "nonce_counters",
  {
    chainId: integer("chain_id").notNull(),
    contract: text("contract").notNull(),
    nextNonce: bigint("next_nonce", { mode: "bigint" }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.chainId, t.contract] })],
);

/**
 * Append-only audit log. Rows are written unsealed (seq and hashes null) in the same transaction as the action
 * they record; the sealer then gives them consecutive sequence numbers and chains their hashes.
 */
export const auditLog = pgTable(
  "audit_log",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    seq: bigint("seq", { mode: "number" }),
    at: text("at").notNull(),
    kind: text("kind").notNull(),
    actor: text("actor").notNull(),
    data: jsonb("data").notNull(),
    prevHash: text("prev_hash"),
    hash: text("hash"),
  },
  (t) => [
    uniqueIndex("audit_log_seq_idx").on(t.seq),
    index("audit_log_unsealed_idx")
      .on(t.id)
      .where(sql`${t.seq} is null`),
  ],
);

/** The head of the audit hash chain (a single row with id 1), locked while sealing. */
export const auditHead = pgTable("audit_head", {
  id: integer("id").primaryKey(),
  seq: bigint("seq", { mode: "number" }).notNull(),
  hash: text("hash").notNull(),
});

/** Heads anchored on-chain with AuditAnchor.anchor. */
export const auditAnchors = pgTable("audit_anchors", {
  seq: bigint("seq", { mode: "number" }).primaryKey(),
  headHash: text("head_hash").notNull(),
  chainId: integer("chain_id").notNull(),
  txHash: text("tx_hash").notNull(),
  anchoredAt: createdAt(),
});

/** SIWE nonces handed to staff (single use). */
export const staffNonces = pgTable("staff_nonces", {
  nonce: text("nonce").primaryKey(),
  expiresAt: ts("expires_at").notNull(),
  usedAt: ts("used_at"),
});

/** Staff sessions; only the SHA-256 of the bearer token is stored. */
export const staffSessions = pgTable("staff_sessions", {
  tokenHash: text("token_hash").primaryKey(),
  address: text("address").notNull(),
  expiresAt: ts("expires_at").notNull(),
  createdAt: createdAt(),
});

/**
 * KYC attestations this service issued (one per verification that passed), to be written to the KycRegistry of every
 * chain served; `kyc_attestation_chains` says which chains hold it. The id is the verification id of the API.
 */
export const kycAttestations = pgTable(
  "kyc_attestations",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    subject: text("subject").notNull(),
    level: integer("level").notNull(),
    expiresAt: ts("expires_at").notNull(),
    evidenceHash: text("evidence_hash").notNull(),
    provider: text("provider").notNull(),
    /**
     * The first chain's transaction of an attestation issued before per-chain records existed (migration 0003 copies
     * it into kyc_attestation_chains at start-up, see KycAttestations.adoptFirstChainRows); null for newer rows.
     */
    txHash: text("tx_hash"),
    createdAt: createdAt(),
  },
  (t) => [
    index("kyc_attestations_subject_idx").on(t.subject),
    index("kyc_attestations_expiry_idx").on(t.expiresAt),
  ],
);

/**
 * Where one attestation stands on one chain's KycRegistry. `status`: `pending` (no transaction yet), `sent` (a signed
 * transaction `tx_hash` went out and is not confirmed; its hash is stored before it is broadcast, so a retry checks it
 * before sending another), `confirmed` (its receipt succeeded) or `failed` (the last attempt put nothing on the chain;
 * `error_code`/`error_message` say why). `claimed_until` is the lease of the attempt in progress, null between attempts.
 */
export const kycAttestationChains = pgTable(
  "kyc_attestation_chains",
  {
    attestationId: uuid("attestation_id")
      .notNull()
      .references(() => kycAttestations.id),
    chainId: integer("chain_id").notNull(),
    status: text("status").notNull(),
    txHash: text("tx_hash"),
    errorCode: text("error_code"),
    errorMessage: text("error_message"),
    attempts: integer("attempts").notNull().default(0),
    claimedUntil: ts("claimed_until"),
    updatedAt: ts("updated_at").notNull().defaultNow(),
    confirmedAt: ts("confirmed_at"),
  },
  (t) => [primaryKey({ columns: [t.attestationId, t.chainId] })],
);

/** Wallet signatures already used for a KYC request (replay protection). */
export const kycRequestSignatures = pgTable("kyc_request_signatures", {
  signatureHash: text("signature_hash").primaryKey(),
  createdAt: createdAt(),
});

/** Internal watch list: addresses flagged by staff or by a SAR, counted as exposure. */
export const flaggedAddresses = pgTable("flagged_addresses", {
  address: text("address").primaryKey(),
  reason: text("reason").notNull(),
  flaggedBy: text("flagged_by").notNull(),
  createdAt: createdAt(),
});
