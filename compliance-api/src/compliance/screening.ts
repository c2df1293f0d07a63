// Quote and screen: gathers the facts of a proposed transfer, applies sanctions, KYC and risk rules, records the decision.
import { randomUUID } from "node:crypto";
import {
  type Address,
  formatUnits,
  getAddress,
  type Hex,
  keccak256,
  stringToBytes,
  zeroAddress,
} from "viem";
import type { DecisionResponse, QuoteRequest, Reason, ScreenRequest } from "../api/schemas.ts";
import type { Chain, Chains, KnownToken } from "../chain/chain.ts";
import type { Config } from "../config.ts";
import type { Db } from "../db/client.ts";
import { type decisions, sanctionsListVersions } from "../db/schema.ts";
import { type RunStatement, runInTransaction, statement } from "../db/statements.ts";
import { InvalidRequestError, UnprocessableError } from "../errors.ts";
import type { SubjectVault } from "../privacy/vault.ts";
import type { ApprovedDecisions, CosignRow } from "./cosign.ts";
import { resolveBridgeRoute } from "./crosschain.ts";
import type { ExposureSource } from "./exposure.ts";
import { decide, evaluateRisk, limitsFor, type SenderHistory } from "./risk.ts";
import type { SanctionsLists, SanctionsSnapshot } from "./sanctions.ts";
import {
  assertTravelRuleMatches,
  saltTravelRule,
  travelRuleHash,
  travelRuleRequirement,
  ZERO_HASH,
} from "./travel-rule.ts";

const MAX_AMOUNT = (1n << 128n) - 1n;
const BPS = 10_000n;

/**
 * The sender's transfers of the last 7 days that count as volume, summed: an approved decision while it can still be
 * co-signed (younger than $5, DECISION_TTL in ms), a co-signed one unless it was found unsent after its deadline
 * (`executed = false`, see ApprovalExecutions). $4 is the recipient or null.
 */
const HISTORY = statement(
  "screen_history",
  `select
     (count(*) filter (where created_at > now() - interval '24 hours'))::int as count24h,
     coalesce(sum(amount_usd_cents) filter (where created_at > now() - interval '24 hours'), 0)::text as sum24h,
     count(*)::int as count7d,
     coalesce(sum(amount_usd_cents), 0)::text as sum7d,
     (count(*) filter (where created_at > now() - interval '24 hours'
        and amount_usd_cents >= $2 and amount_usd_cents < $3))::int as near24h,
     ($4::text is not null and exists (select 1 from decisions k
        where k.sender = $1 and k.recipient = $4::text and k.status = 'cosigned'
          and k.executed is not false)) as known_recipient
   from decisions
   where sender = $1 and created_at > now() - interval '7 days'
     and ((status = 'approved' and approved_at > now() - $5::int * interval '1 millisecond')
       or (status = 'cosigned' and executed is not false))`,
);
interface HistoryRow {
  count24h: number;
  sum24h: string;
  count7d: number;
  sum7d: string;
  near24h: number;
  known_recipient: boolean;
}

/** Which of the given addresses ($1, lower case) are on the internal watch list. */
const FLAGGED = statement(
  "screen_flagged",
  "select address from flagged_addresses where address = any($1::text[])",
);

/**
 * One statement records a decision with its audit entry and, by outcome, its review case ($26 not null) or its
 * SAR draft and watch-list entry ($29 not null): atomic without a transaction, one round trip.
 */
const RECORD_DECISION = statement(
  "screen_record_decision",
  `with d as (
     insert into decisions (id, chain_id, sender, recipient, claim_hash, token, amount, amount_usd_cents, fee,
       memo_hash, travel_rule_hash, travel_rule_record_id, destination_chain_id, merchant_id, sender_country,
       recipient_country, outcome, status, score, reasons, list_version, sender_kyc_level, recipient_kyc_level,
       approved_at, created_at)
     values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19,
       $20::text::jsonb, $21, $22, $23, $24::text::timestamptz, $25::text::timestamptz)
     returning id),
   c as (
     insert into cases (id, decision_id, status, high_risk, submitted_by, concerns)
     select $26::uuid, d.id, 'open', $27::boolean, $3, $28::text::jsonb from d where $26::uuid is not null),
   s as (
     insert into sar_drafts (decision_id, subject, score, status, narrative)
     select d.id, $3, $19, 'draft', $29::text from d where $29::text is not null),
   f as (
     insert into flagged_addresses (address, reason, flagged_by)
     select $3, $30::text, 'system' from d where $29::text is not null
     on conflict do nothing),
   a as (
     insert into audit_log (at, kind, actor, data)
     select $31::text, 'decision.screened', $3, $32::text::jsonb from d)
   select id from d`,
);

/** The transfer after validation against the chain: addresses checksummed, fee computed, USD value known. */
export interface ResolvedTransfer {
  /** The source chain: where the sender sends, whose contracts, KYC registry and fee apply. */
  chain: Chain;
  sender: Address;
  recipient: Address | null;
  claimHash: `0x${string}` | null;
  token: Address;
  amount: bigint;
  fee: bigint;
  feeBps: number;
  amountUsd: number;
  merchantId: bigint | null;
  destinationChainId: number;
  originatorCountry: string | null;
  beneficiaryCountry: string | null;
}

export interface ScreeningDeps {
  config: Config;
  db: Db;
  run: RunStatement;
  chains: Chains;
  sanctions: SanctionsLists;
  exposure: ExposureSource;
  vault: SubjectVault;
  /** Where approved decisions go for the co-signature that usually follows. */
  approved?: ApprovedDecisions;
  onWrite: () => void;
}

/** Maps a stored decision row to the API shape. */
export function decisionView(
  row: typeof decisions.$inferSelect,
  caseId: string | null,
): DecisionResponse {
  return {
    decisionId: row.id,
    sourceChainId: row.chainId,
    outcome: row.outcome,
    status: row.status,
    score: row.score,
    reasons: row.reasons as Reason[],
    sanctionsListVersion: row.listVersion,
    fee: row.fee,
    travelRuleHash: row.travelRuleHash,
    memoHash: row.memoHash,
    caseId,
    createdAt: row.createdAt.toISOString(),
  };
}

export class ScreeningService {
  /** Sanctions-list versions stored (or being stored), so a screen writes the version row only once. */
  readonly #persistedVersions = new Map<string, Promise<void>>();

  constructor(private readonly d: ScreeningDeps) {}

  /** Stores the version row of `snapshot` once; decisions name the version they were screened against. */
  #persistVersion(snapshot: SanctionsSnapshot): Promise<void> {
    let done = this.#persistedVersions.get(snapshot.version);
    if (!done) {
      done = this.d.db
        .insert(sanctionsListVersions)
        .values({
          id: snapshot.version,
          snapshotDate: snapshot.snapshotDate,
          addressCount: snapshot.addresses.size,
          sources: snapshot.sources,
        })
        .onConflictDoNothing()
        .then(() => undefined);
      this.#persistedVersions.set(snapshot.version, done);
      done.catch(() => this.#persistedVersions.delete(snapshot.version));
    }
    return done;
  }

  /**
   * Validates the transfer's shape and reads what its source chain says about token, merchant, fee and the sender's
   * balance.
   */
  async resolve(req: QuoteRequest): Promise<ResolvedTransfer> {
    const chain = this.d.chains.get(req.sourceChainId);
    const amount = BigInt(req.amount);
    if (amount > MAX_AMOUNT)
      throw new InvalidRequestError("AMOUNT_TOO_LARGE", "amount must be at most 2^128 - 1.");
    const destinationChainId = req.destinationChainId ?? chain.chainId;
    const sender = getAddress(req.sender);
    const { recipient, claimHash } = checkShape(req, sender, chain, destinationChainId);
    const token = chain.token(req.token);
    // Read while the rest is checked; awaited (and its failure reported) only once the fee is known.
    const balance = chain.balanceOf(token.address, sender);
    balance.catch(() => {});
    const terms = await termsOf(req, chain, sender, recipient, token, amount, destinationChainId);
    const fee = (amount * BigInt(terms.feeBps)) / BPS;
    await assertBalance(chain, token, sender, amount, fee, balance);
    return {
      chain,
      sender,
      recipient: terms.recipient,
      claimHash,
      token: token.address,
      amount,
      fee,
      feeBps: terms.feeBps,
      amountUsd: Number(amount) / 10 ** token.decimals,
      merchantId: terms.merchantId,
      destinationChainId,
      originatorCountry: req.originatorCountry ?? null,
      beneficiaryCountry: req.beneficiaryCountry ?? null,
    };
  }

  /** The sender's approved transfers in the last 24 h and 7 days, and whether they paid this recipient before. */
  async history(t: ResolvedTransfer): Promise<SenderHistory> {
    const s = this.d.config.risk;
    const lo = Math.round(s.structuringThresholdUsd * s.structuringBand * 100);
    const hi = Math.round(s.structuringThresholdUsd * 100);
    const [row] = await this.d.run<HistoryRow>(HISTORY, [
      t.sender.toLowerCase(),
      lo,
      hi,
      t.recipient?.toLowerCase() ?? null,
      this.d.config.decisionTtlMs,
    ]);
    return {
      count24h: row?.count24h ?? 0,
      sum24hUsd: Number(row?.sum24h ?? 0) / 100,
      count7d: row?.count7d ?? 0,
      sum7dUsd: Number(row?.sum7d ?? 0) / 100,
      nearThresholdCount24h: row?.near24h ?? 0,
      knownRecipient: row?.known_recipient === true,
    };
  }

  /** Fee, KYC level, limits left and whether Travel-Rule data will be needed. */
  async quote(req: QuoteRequest) {
    const t = await this.resolve(req);
    const [[level], history] = await Promise.all([
      t.chain.kycLevels(t.sender, null),
      this.history(t),
    ]);
    const limits = limitsFor(level, this.d.config.risk);
    const tr = travelRuleRequirement(
      t.amountUsd,
      { originator: t.originatorCountry, beneficiary: t.beneficiaryCountry },
      this.d.config.travelRuleThresholdsUsd,
    );
    return {
      chainId: t.chain.chainId,
      token: t.token,
      amount: t.amount.toString(),
      fee: t.fee.toString(),
      feeBps: t.feeBps,
      total: (t.amount + t.fee).toString(),
      amountUsd: t.amountUsd,
      senderKycLevel: level,
      limits,
      remaining: limits
        ? {
            dailyUsd: Math.max(0, limits.dailyUsd - history.sum24hUsd),
            weeklyUsd: Math.max(0, limits.weeklyUsd - history.sum7dUsd),
          }
        : null,
      travelRule: {
        required: tr.required,
        thresholdUsd: tr.thresholdUsd,
        jurisdiction: tr.jurisdiction,
      },
    };
  }

  /** Screens a transfer and records the decision (and a case or SAR draft) with its audit entry, atomically. */
  async screen(req: ScreenRequest): Promise<DecisionResponse> {
    const { config, sanctions } = this.d;
    const t = await this.resolve(req);
    const { chain } = t;
    const tr = travelRuleRequirement(
      t.amountUsd,
      { originator: t.originatorCountry, beneficiary: t.beneficiaryCountry },
      config.travelRuleThresholdsUsd,
    );
    if (tr.required && !req.travelRule) {
      throw new UnprocessableError(
        "TRAVEL_RULE_DATA_REQUIRED",
        `Transfers of USD ${tr.thresholdUsd} or more (${tr.jurisdiction}) need travelRule originator and beneficiary data.`,
        { thresholdUsd: tr.thresholdUsd, jurisdiction: tr.jurisdiction },
      );
    }
    if (req.travelRule)
      assertTravelRuleMatches(req.travelRule, {
        sender: t.sender,
        recipient: t.recipient?.toLowerCase() ?? null,
      });
    const salted = req.travelRule ? saltTravelRule(req.travelRule) : null;
    const trHash = salted ? travelRuleHash(salted) : ZERO_HASH;
    const memoHash = req.memo ? keccak256(stringToBytes(req.memo)) : ZERO_HASH;
    const snapshot = sanctions.current;

    const parties = [t.sender, ...(t.recipient ? [t.recipient] : [])];
    // As the contracts check: a direct send (local or over the bridge) needs the recipient's KYC in this chain's
    // KycRegistry; a merchant's payout wallet is vetted by the merchant's KYB status instead (resolve() refused a
    // merchant that is not Approved), and an escrow's claimer is checked when claiming.
    const checkRecipientKyc = t.recipient !== null && t.merchantId === null;
    const [[senderLevel, recipientLevel], history, counterparties, oracleHits] = await Promise.all([
      chain.kycLevels(t.sender, checkRecipientKyc ? t.recipient : null),
      this.history(t),
      Promise.all(parties.map((p) => this.d.exposure.counterparties(p))),
      chain.oracleSanctioned(parties),
    ]);
    const hop = [...new Set(counterparties.flat())].filter(
      (c) => !parties.some((p) => p.toLowerCase() === c),
    );
    if (t.recipient && counterparties[0]?.includes(t.recipient.toLowerCase()))
      history.knownRecipient = true;
    const flagged =
      hop.length === 0
        ? []
        : (await this.d.run<{ address: string }>(FLAGGED, [hop])).map((r) => r.address);

    const reasons: Reason[] = [];
    const block = (
      code: string,
      weight: number,
      message: string,
      details?: Record<string, unknown>,
    ) => reasons.push({ code, weight, blocking: true, message, ...(details ? { details } : {}) });
    if (sanctions.isSanctioned(t.sender))
      block("SANCTIONED_SENDER", 100, "The sender is on a sanctions list.", {
        listVersion: snapshot.version,
      });
    if (t.recipient && sanctions.isSanctioned(t.recipient)) {
      block("SANCTIONED_RECIPIENT", 100, "The recipient is on a sanctions list.", {
        listVersion: snapshot.version,
      });
    }
    if (oracleHits.length > 0)
      block("SANCTIONS_ORACLE", 100, "The on-chain sanctions oracle flags a party.", {
        addresses: oracleHits,
      });
    if (senderLevel === 0)
      block(
        "KYC_SENDER_MISSING",
        0,
        "The sender has no KYC attestation in force; complete KYC first.",
      );
    if (checkRecipientKyc && recipientLevel === 0) {
      block(
        "KYC_RECIPIENT_MISSING",
        0,
        "The recipient has no KYC attestation in force; they must complete KYC.",
      );
    }
    reasons.push(
      ...evaluateRisk(
        {
          amountUsd: t.amountUsd,
          senderLevel,
          recipient: t.recipient,
          history,
          originatorCountry: t.originatorCountry,
          beneficiaryCountry: t.beneficiaryCountry,
          exposure: { sanctioned: hop.filter((c) => sanctions.isSanctioned(c)), flagged },
        },
        config.risk,
      ),
    );
    const { score, outcome, draftSar } = decide(reasons, config.risk);
    const status =
      outcome === "approve" ? "approved" : outcome === "review" ? "in_review" : "rejected";
    const id = randomUUID();
    const now = new Date();

    const caseId = outcome === "review" ? randomUUID() : null;
    const record: DecisionRecord = {
      id,
      chainId: chain.chainId,
      t,
      memoHash,
      travelRuleHash: trHash,
      outcome,
      status,
      score,
      reasons,
      listVersion: snapshot.version,
      senderLevel,
      recipientLevel,
      now,
      caseId,
      highRisk: score >= config.risk.highRiskThreshold,
      concerns: parties.map((p) => p.toLowerCase()),
      sarNarrative: draftSar ? sarNarrative(t, reasons, score, snapshot.version) : null,
    };

    await this.#persistVersion(snapshot);
    if (salted || req.memo) {
      // Personal data goes encrypted into the vault, in the same transaction as the decision.
      await this.d.db.transaction(async (tx) => {
        await this.d.vault.touch(tx, t.sender, t.originatorCountry);
        const travelRuleRecordId = salted
          ? await this.d.vault.store(tx, t.sender, "travel_rule", salted)
          : null;
        if (req.memo)
          await this.d.vault.store(tx, t.sender, "memo", { decisionId: id, memo: req.memo });
        await runInTransaction(tx, RECORD_DECISION, recordValues(record, travelRuleRecordId));
      });
    } else {
      await this.d.run(RECORD_DECISION, recordValues(record, null));
    }
    if (outcome === "approve") this.d.approved?.remember(id, cosignRow(record));
    this.d.onWrite();
    return {
      decisionId: id,
      sourceChainId: chain.chainId,
      outcome,
      status,
      score,
      reasons,
      sanctionsListVersion: snapshot.version,
      fee: t.fee.toString(),
      travelRuleHash: trHash,
      memoHash,
      caseId,
      createdAt: now.toISOString(),
    };
  }
}

/** Checks how the request names the recipient (direct, escrow or merchant); a 400 for a combination the contracts refuse. */
function checkShape(
  req: QuoteRequest,
  sender: Address,
  chain: Chain,
  destinationChainId: number,
): { recipient: Address | null; claimHash: Hex | null } {
  const recipient = req.recipient ? getAddress(req.recipient) : null;
  const claimHash = (req.claimHash?.toLowerCase() as Hex | undefined) ?? null;
  if (recipient && claimHash) {
    throw new InvalidRequestError(
      "RECIPIENT_AND_CLAIM_HASH",
      "Give either recipient (direct send) or claimHash (escrow send), not both.",
    );
  }
  if (req.merchantId && claimHash) {
    throw new InvalidRequestError(
      "MERCHANT_ESCROW",
      "A merchant payment cannot go to escrow; drop claimHash.",
    );
  }
  if (!recipient && !claimHash && !req.merchantId) {
    throw new InvalidRequestError(
      "RECIPIENT_REQUIRED",
      "Give recipient, claimHash (escrow) or merchantId.",
    );
  }
  if (claimHash === ZERO_HASH)
    throw new InvalidRequestError("CLAIM_HASH_ZERO", "claimHash must not be zero.");
  if (req.merchantId && destinationChainId !== chain.chainId) {
    throw new InvalidRequestError(
      "MERCHANT_CROSS_CHAIN",
      "A merchant payment cannot cross chains; pay the merchant on its own chain (omit destinationChainId).",
    );
  }
  if (recipient) assertRecipient(recipient, sender, chain, destinationChainId);
  return { recipient, claimHash };
}

/**
 * Who is paid and at what fee: a merchant's payout wallet and fee (the merchant must be Approved), the bridge's fee
 * for another chain (its lane must take the transfer), else the Remittance fee; the token must be allowed there.
 */
async function termsOf(
  req: QuoteRequest,
  chain: Chain,
  sender: Address,
  recipient: Address | null,
  token: KnownToken,
  amount: bigint,
  destinationChainId: number,
): Promise<{ recipient: Address | null; merchantId: bigint | null; feeBps: number }> {
  if (destinationChainId !== chain.chainId) {
    const route = await resolveBridgeRoute(chain, destinationChainId, token.address, amount);
    return { recipient, merchantId: null, feeBps: route.feeBps };
  }
  if (!(await chain.isTokenAllowed(token.address))) {
    throw new UnprocessableError(
      "TOKEN_NOT_ALLOWED",
      `Sends in ${token.symbol} are not accepted by the contract.`,
    );
  }
  if (!req.merchantId) return { recipient, merchantId: null, feeBps: await chain.feeBps() };
  const merchantId = BigInt(req.merchantId);
  const terms = await chain.merchantTerms(merchantId);
  if (recipient && recipient !== terms.payout) {
    throw new InvalidRequestError(
      "MERCHANT_PAYOUT_MISMATCH",
      `recipient must be the merchant's payout wallet ${terms.payout}.`,
    );
  }
  assertRecipient(
    terms.payout,
    sender,
    chain,
    chain.chainId,
    `merchant ${merchantId}'s payout wallet`,
  );
  return { recipient: terms.payout, merchantId, feeBps: terms.feeBps };
}

/**
 * Refuses (422 INSUFFICIENT_BALANCE) a transfer whose amount + fee the sender does not hold: the chain would refuse
 * to move it anyway. The balance comes from a short cache; before refusing it is read again, so that a wallet funded
 * a moment ago is not turned away. A balance that was enough is not re-read (the chain still has the last word).
 */
async function assertBalance(
  chain: Chain,
  token: KnownToken,
  sender: Address,
  amount: bigint,
  fee: bigint,
  cached: Promise<bigint>,
): Promise<void> {
  const needed = amount + fee;
  if ((await cached) >= needed) return;
  const balance = await chain.balanceOf(token.address, sender, true);
  if (balance >= needed) return;
  const units = (n: bigint) => `${groupDigits(formatUnits(n, token.decimals))} ${token.symbol}`;
  throw new UnprocessableError(
    "INSUFFICIENT_BALANCE",
    `The sender ${sender} holds ${units(balance)}; the transfer needs amount + fee = ${units(amount)} + ${units(fee)} = ${units(needed)}. Send less or top up the wallet first.`,
    {
      balance: balance.toString(),
      amount: amount.toString(),
      fee: fee.toString(),
      required: needed.toString(),
      token: token.address,
    },
  );
}

/** "10000.5" → "10,000.5": thousands separators without going through a float. */
function groupDigits(decimal: string): string {
  const [whole = "0", fraction] = decimal.split(".");
  const grouped = whole.replace(/\B(?=(\d{3})+(?!\d))/g, ",");
  return fraction ? `${grouped}.${fraction}` : grouped;
}

/**
 * Refuses a recipient the contracts would refuse (400): the zero address, the sender itself and, for a send on this
 * chain, the Remittance contract. `what` names the recipient in the message (the request's `recipient`, or a
 * merchant's payout wallet).
 */
function assertRecipient(
  recipient: Address,
  sender: Address,
  chain: Chain,
  destinationChainId: number,
  what = "recipient",
): void {
  if (recipient === zeroAddress) {
    throw new InvalidRequestError(
      "RECIPIENT_ZERO_ADDRESS",
      `The ${what} is the zero address, which cannot receive a transfer; for an escrow send omit recipient and give claimHash.`,
      { recipient },
    );
  }
  if (recipient === sender) {
    throw new InvalidRequestError(
      "RECIPIENT_IS_SENDER",
      `The ${what} is the sender's own wallet; send to another wallet.`,
      { recipient },
    );
  }
  if (destinationChainId === chain.chainId && recipient === getAddress(chain.remittance)) {
    throw new InvalidRequestError(
      "RECIPIENT_IS_CONTRACT",
      `The ${what} is the Remittance contract, which cannot be paid; send to a wallet.`,
      { recipient },
    );
  }
}

/** Everything RECORD_DECISION writes. */
interface DecisionRecord {
  id: string;
  chainId: number;
  t: ResolvedTransfer;
  memoHash: string;
  travelRuleHash: string;
  outcome: DecisionResponse["outcome"];
  status: DecisionResponse["status"];
  score: number;
  reasons: Reason[];
  listVersion: string;
  senderLevel: number;
  recipientLevel: number | null;
  now: Date;
  /** The review case to open, if any. */
  caseId: string | null;
  highRisk: boolean;
  concerns: string[];
  /** The SAR draft to write (and the sender to put on the watch list), if any. */
  sarNarrative: string | null;
}

/** The recorded decision as co-signing reads it. */
function cosignRow(r: DecisionRecord): CosignRow {
  const { t } = r;
  return {
    status: r.status,
    approved_at: r.now,
    reasons: r.reasons,
    chain_id: r.chainId,
    sender: t.sender.toLowerCase(),
    recipient: t.recipient?.toLowerCase() ?? null,
    claim_hash: t.claimHash,
    token: t.token.toLowerCase(),
    amount: t.amount.toString(),
    fee: t.fee.toString(),
    memo_hash: r.memoHash,
    travel_rule_hash: r.travelRuleHash,
    destination_chain_id: t.destinationChainId,
  };
}

/** The parameters $1 … $32 of RECORD_DECISION. */
function recordValues(r: DecisionRecord, travelRuleRecordId: string | null): unknown[] {
  const { t } = r;
  const sender = t.sender.toLowerCase();
  const recipient = t.recipient?.toLowerCase() ?? null;
  const token = t.token.toLowerCase();
  return [
    r.id,
    r.chainId,
    sender,
    recipient,
    t.claimHash,
    token,
    t.amount.toString(),
    Math.min(Math.round(t.amountUsd * 100), Number.MAX_SAFE_INTEGER),
    t.fee.toString(),
    r.memoHash,
    r.travelRuleHash,
    travelRuleRecordId,
    t.destinationChainId,
    t.merchantId?.toString() ?? null,
    t.originatorCountry,
    t.beneficiaryCountry,
    r.outcome,
    r.status,
    r.score,
    JSON.stringify(r.reasons),
    r.listVersion,
    r.senderLevel,
    r.recipientLevel,
    r.outcome === "approve" ? r.now.toISOString() : null,
    r.now.toISOString(),
    r.caseId,
    r.highRisk,
    JSON.stringify(r.concerns),
    r.sarNarrative,
    `SAR draft for decision ${r.id}`,
    new Date().toISOString(),
    JSON.stringify({
      decisionId: r.id,
      outcome: r.outcome,
      score: r.score,
      reasons: r.reasons.map((x) => ({ code: x.code, weight: x.weight })),
      listVersion: r.listVersion,
      recipient,
      claimHash: t.claimHash,
      token,
      amount: t.amount.toString(),
      fee: t.fee.toString(),
      travelRuleHash: r.travelRuleHash,
      memoHash: r.memoHash,
      caseId: r.caseId,
      sarDrafted: r.sarNarrative !== null,
    }),
  ];
}

/** A first draft of the SAR narrative, from the decision's reasons (an officer completes it). */
function sarNarrative(
  t: ResolvedTransfer,
  reasons: Reason[],
  score: number,
  listVersion: string,
): string {
  const lines = reasons.map((r) => `- ${r.code} (weight ${r.weight}): ${r.message}`);
  return [
    `Automated screening scored a proposed transfer ${score}/100 and rejected it.`,
    `Sender ${t.sender}; ${t.recipient ? `recipient ${t.recipient}` : `escrow claim hash ${t.claimHash}`}; amount ${t.amount} base units of ${t.token} (about USD ${t.amountUsd.toFixed(2)}) on chain ${t.destinationChainId}.`,
    `Sanctions list version ${listVersion}.`,
    "Reasons:",
    ...lines,
  ].join("\n");
}
