// Quote and screen: gathers the facts of a proposed transfer, applies sanctions, KYC and risk rules, records the decision.
import { randomUUID } from "node:crypto";
import { and, eq, inArray, sql } from "drizzle-orm";
import { type Address, getAddress, keccak256, stringToBytes } from "viem";
import type { DecisionResponse, QuoteRequest, Reason, ScreenRequest } from "../api/schemas.ts";
import { appendAudit } from "../audit/log.ts";
import type { Chain } from "../chain/chain.ts";
import type { Config } from "../config.ts";
import type { Db } from "../db/client.ts";
import {
  cases,
  decisions,
  flaggedAddresses,
  sanctionsListVersions,
  sarDrafts,
} from "../db/schema.ts";
import { InvalidRequestError, UnprocessableError } from "../errors.ts";
import type { SubjectVault } from "../privacy/vault.ts";
import { resolveBridgeRoute } from "./crosschain.ts";
import type { ExposureSource } from "./exposure.ts";
import { decide, evaluateRisk, limitsFor, type SenderHistory } from "./risk.ts";
import type { SanctionsLists } from "./sanctions.ts";
import {
  assertTravelRuleMatches,
  saltTravelRule,
  travelRuleHash,
  travelRuleRequirement,
  ZERO_HASH,
} from "./travel-rule.ts";

const MAX_AMOUNT = (1n << 128n) - 1n;
const BPS = 10_000n;

/** The transfer after validation against the chain: addresses checksummed, fee computed, USD value known. */
export interface ResolvedTransfer {
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
  chain: Chain;
  sanctions: SanctionsLists;
  exposure: ExposureSource;
  vault: SubjectVault;
  onWrite: () => void;
}

/** Maps a stored decision row to the API shape. */
export function decisionView(
  row: typeof decisions.$inferSelect,
  caseId: string | null,
): DecisionResponse {
  return {
    decisionId: row.id,
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
  /** Sanctions-list versions already stored, so a screen writes the version row only once. */
  readonly #persistedVersions = new Set<string>();

  constructor(private readonly d: ScreeningDeps) {}

  /** Validates the transfer's shape and reads what the chain says about token, merchant and fee. */
  async resolve(req: QuoteRequest): Promise<ResolvedTransfer> {
    const amount = BigInt(req.amount);
    if (amount > MAX_AMOUNT)
      throw new InvalidRequestError("AMOUNT_TOO_LARGE", "amount must be at most 2^128 - 1.");
    const chainId = this.d.chain.chainId;
    const destinationChainId = req.destinationChainId ?? chainId;
    let recipient = req.recipient ? getAddress(req.recipient) : null;
    const claimHash = (req.claimHash?.toLowerCase() as `0x${string}` | undefined) ?? null;
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
    const sender = getAddress(req.sender);
    if (recipient && recipient === sender) {
      throw new InvalidRequestError(
        "RECIPIENT_IS_SENDER",
        "The recipient must differ from the sender.",
      );
    }
    const token = this.d.chain.token(req.token);
    if (req.merchantId && destinationChainId !== chainId) {
      throw new InvalidRequestError(
        "MERCHANT_CROSS_CHAIN",
        "A merchant payment cannot cross chains; pay the merchant on its own chain (omit destinationChainId).",
      );
    }
    const route =
      destinationChainId === chainId
        ? null
        : await resolveBridgeRoute(this.d.chain, destinationChainId, token.address, amount);
    let feeBps: number;
    let merchantId: bigint | null = null;
    if (req.merchantId) {
      merchantId = BigInt(req.merchantId);
      const terms = await this.d.chain.merchantTerms(merchantId);
      if (recipient && recipient !== terms.payout) {
        throw new InvalidRequestError(
          "MERCHANT_PAYOUT_MISMATCH",
          `recipient must be the merchant's payout wallet ${terms.payout}.`,
        );
      }
      recipient = terms.payout;
      feeBps = terms.feeBps;
    } else {
      feeBps = route === null ? await this.d.chain.feeBps() : route.feeBps;
    }
    if (route === null && !(await this.d.chain.isTokenAllowed(token.address))) {
      throw new UnprocessableError(
        "TOKEN_NOT_ALLOWED",
        `Sends in ${token.symbol} are not accepted by the contract.`,
      );
    }
    return {
      sender,
      recipient,
      claimHash,
      token: token.address,
      amount,
      fee: (amount * BigInt(feeBps)) / BPS,
      feeBps,
      amountUsd: Number(amount) / 10 ** token.decimals,
      merchantId,
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
    const sender = t.sender.toLowerCase();
    const day = sql`${decisions.createdAt} > now() - interval '24 hours'`;
    const [row] = await this.d.db
      .select({
        count24h: sql<number>`(count(*) filter (where ${day}))::int`,
        sum24h: sql<string>`coalesce(sum(${decisions.amountUsdCents}) filter (where ${day}), 0)::text`,
        count7d: sql<number>`count(*)::int`,
        sum7d: sql<string>`coalesce(sum(${decisions.amountUsdCents}), 0)::text`,
        knownRecipient: t.recipient
          ? sql<boolean>`exists (select 1 from ${decisions} k where k.sender = ${sender} and k.recipient = ${t.recipient.toLowerCase()} and k.status = 'cosigned')`
          : sql<boolean>`false`,
        near24h: sql<number>`(count(*) filter (where ${day} and ${decisions.amountUsdCents} >= ${lo} and ${decisions.amountUsdCents} < ${hi}))::int`,
      })
      .from(decisions)
      .where(
        and(
          eq(decisions.sender, sender),
          inArray(decisions.status, ["approved", "cosigned"]),
          sql`${decisions.createdAt} > now() - interval '7 days'`,
        ),
      );
    return {
      count24h: row?.count24h ?? 0,
      sum24hUsd: Number(row?.sum24h ?? 0) / 100,
      count7d: row?.count7d ?? 0,
      sum7dUsd: Number(row?.sum7d ?? 0) / 100,
      nearThresholdCount24h: row?.near24h ?? 0,
      knownRecipient: row?.knownRecipient === true,
    };
  }

  /** Fee, KYC level, limits left and whether Travel-Rule data will be needed. */
  async quote(req: QuoteRequest) {
    const t = await this.resolve(req);
    const [[level], history] = await Promise.all([
      this.d.chain.kycLevels(t.sender, null),
      this.history(t),
    ]);
    const limits = limitsFor(level, this.d.config.risk);
    const tr = travelRuleRequirement(
      t.amountUsd,
      { originator: t.originatorCountry, beneficiary: t.beneficiaryCountry },
      this.d.config.travelRuleThresholdsUsd,
    );
    return {
      chainId: this.d.chain.chainId,
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
    const { config, chain, sanctions } = this.d;
    const t = await this.resolve(req);
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
    // A cross-chain send checks both parties in this chain's KycRegistry too, as a local send does.
    const checkRecipientKyc = t.recipient !== null;
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
        : (
            await this.d.db
              .select({ a: flaggedAddresses.address })
              .from(flaggedAddresses)
              .where(inArray(flaggedAddresses.address, hop))
          ).map((r) => r.a);

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

    const caseId = await this.d.db.transaction(async (tx) => {
      if (!this.#persistedVersions.has(snapshot.version)) {
        await tx
          .insert(sanctionsListVersions)
          .values({
            id: snapshot.version,
            snapshotDate: snapshot.snapshotDate,
            addressCount: snapshot.addresses.size,
            sources: snapshot.sources,
          })
          .onConflictDoNothing();
      }
      let travelRuleRecordId: string | null = null;
      if (salted || req.memo) {
        await this.d.vault.touch(tx, t.sender, t.originatorCountry);
        if (salted)
          travelRuleRecordId = await this.d.vault.store(tx, t.sender, "travel_rule", salted);
        if (req.memo)
          await this.d.vault.store(tx, t.sender, "memo", { decisionId: id, memo: req.memo });
      }
      await tx.insert(decisions).values({
        id,
        chainId: chain.chainId,
        sender: t.sender.toLowerCase(),
        recipient: t.recipient?.toLowerCase() ?? null,
        claimHash: t.claimHash,
        token: t.token.toLowerCase(),
        amount: t.amount.toString(),
        amountUsdCents: Math.min(Math.round(t.amountUsd * 100), Number.MAX_SAFE_INTEGER),
        fee: t.fee.toString(),
        memoHash,
        travelRuleHash: trHash,
        travelRuleRecordId,
        destinationChainId: t.destinationChainId,
        merchantId: t.merchantId?.toString() ?? null,
        senderCountry: t.originatorCountry,
        recipientCountry: t.beneficiaryCountry,
        outcome,
        status,
        score,
        reasons,
        listVersion: snapshot.version,
        senderKycLevel: senderLevel,
        recipientKycLevel: recipientLevel,
        approvedAt: outcome === "approve" ? now : null,
        createdAt: now,
      });
      let newCaseId: string | null = null;
      if (outcome === "review") {
        const [c] = await tx
          .insert(cases)
          .values({
            decisionId: id,
            status: "open",
            highRisk: score >= config.risk.highRiskThreshold,
            submittedBy: t.sender.toLowerCase(),
            concerns: parties.map((p) => p.toLowerCase()),
          })
          .returning({ id: cases.id });
        newCaseId = c?.id ?? null;
      }
      if (draftSar) {
        await tx.insert(sarDrafts).values({
          decisionId: id,
          subject: t.sender.toLowerCase(),
          score,
          status: "draft",
          narrative: sarNarrative(t, reasons, score, snapshot.version),
        });
        await tx
          .insert(flaggedAddresses)
          .values({
            address: t.sender.toLowerCase(),
            reason: `SAR draft for decision ${id}`,
            flaggedBy: "system",
          })
          .onConflictDoNothing();
      }
      await appendAudit(tx, {
        kind: "decision.screened",
        actor: t.sender.toLowerCase(),
        data: {
          decisionId: id,
          outcome,
          score,
          reasons: reasons.map((r) => ({ code: r.code, weight: r.weight })),
          listVersion: snapshot.version,
          recipient: t.recipient?.toLowerCase() ?? null,
          claimHash: t.claimHash,
          token: t.token.toLowerCase(),
          amount: t.amount.toString(),
          fee: t.fee.toString(),
          travelRuleHash: trHash,
          memoHash,
          caseId: newCaseId,
          sarDrafted: draftSar,
        },
      });
      return newCaseId;
    });
    this.#persistedVersions.add(snapshot.version);
    this.d.onWrite();
    return {
      decisionId: id,
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
