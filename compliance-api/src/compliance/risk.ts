// Explainable risk rules: each rule looks at the facts of one transfer and returns a reason with its weight.
import type { Reason } from "../api/schemas.ts";
import type { Config, RiskWeights } from "../config.ts";

/** Limits in USD of one KYC level. */
export interface LevelLimits {
  perTransferUsd: number;
  dailyUsd: number;
  weeklyUsd: number;
}

/** The sender's history of approved transfers, from the decisions table. */
export interface SenderHistory {
  count24h: number;
  sum24hUsd: number;
  count7d: number;
  sum7dUsd: number;
  /** Transfers in the last 24 h whose amount lay in the band just under the structuring threshold. */
  nearThresholdCount24h: number;
  /** Whether the sender has paid this recipient before (approved decisions or on-chain history). */
  knownRecipient: boolean;
}

/** Everything the rules look at. */
export interface RiskFacts {
  amountUsd: number;
  senderLevel: number;
  /** Null for escrow sends, where the recipient is not known yet. */
  recipient: string | null;
  history: SenderHistory;
  originatorCountry: string | null;
  beneficiaryCountry: string | null;
  exposure: { sanctioned: string[]; flagged: string[] };
}

export interface RiskSettings {
  weights: RiskWeights;
  levelLimits: Record<string, LevelLimits>;
  highRiskJurisdictions: ReadonlySet<string>;
  velocityMaxCount24h: number;
  velocityMaxCount7d: number;
  structuringThresholdUsd: number;
  structuringBand: number;
  structuringMinCount: number;
}

export function riskSettings(config: Config): RiskSettings {
  return config.risk;
}

type Rule = (facts: RiskFacts, s: RiskSettings) => Reason | null;

const usd = (n: number) => `USD ${n.toLocaleString("en-US", { maximumFractionDigits: 2 })}`;
/** A non-blocking reason; a rule whose weight is configured to 0 is switched off. */
const reason = (
  code: string,
  weight: number,
  message: string,
  details?: Record<string, unknown>,
): Reason | null =>
  weight > 0 ? { code, weight, blocking: false, message, ...(details ? { details } : {}) } : null;

/** Limits of the sender's level (level 0 has none: the KYC check rejects first). */
export function limitsFor(level: number, s: RiskSettings): LevelLimits | null {
  return s.levelLimits[String(level)] ?? null;
}

export const amountOverLevelLimit: Rule = (f, s) => {
  const limits = limitsFor(f.senderLevel, s);
  if (!limits || f.amountUsd <= limits.perTransferUsd) return null;
  return reason(
    "AMOUNT_OVER_LEVEL_LIMIT",
    s.weights.amountOverLevelLimit,
    `The amount (${usd(f.amountUsd)}) is above the ${usd(limits.perTransferUsd)} per-transfer limit of KYC level ${f.senderLevel}.`,
    { amountUsd: f.amountUsd, limitUsd: limits.perTransferUsd, level: f.senderLevel },
  );
};

export const velocityCount24h: Rule = (f, s) =>
  f.history.count24h + 1 > s.velocityMaxCount24h
    ? reason(
        "VELOCITY_COUNT_24H",
        s.weights.velocityCount24h,
        `This would be transfer ${f.history.count24h + 1} in 24 hours (more than ${s.velocityMaxCount24h}).`,
        { count: f.history.count24h + 1, max: s.velocityMaxCount24h },
      )
    : null;

export const velocityCount7d: Rule = (f, s) =>
  f.history.count7d + 1 > s.velocityMaxCount7d
    ? reason(
        "VELOCITY_COUNT_7D",
        s.weights.velocityCount7d,
        `This would be transfer ${f.history.count7d + 1} in 7 days (more than ${s.velocityMaxCount7d}).`,
        { count: f.history.count7d + 1, max: s.velocityMaxCount7d },
      )
    : null;

export const velocitySum24h: Rule = (f, s) => {
  const limits = limitsFor(f.senderLevel, s);
  const total = f.history.sum24hUsd + f.amountUsd;
  if (!limits || total <= limits.dailyUsd) return null;
  return reason(
    "VELOCITY_SUM_24H",
    s.weights.velocitySum24h,
    `Transfers in 24 hours would total ${usd(total)}, above the daily limit of ${usd(limits.dailyUsd)}.`,
    { totalUsd: total, limitUsd: limits.dailyUsd },
  );
};

export const velocitySum7d: Rule = (f, s) => {
  const limits = limitsFor(f.senderLevel, s);
  const total = f.history.sum7dUsd + f.amountUsd;
  if (!limits || total <= limits.weeklyUsd) return null;
  return reason(
    "VELOCITY_SUM_7D",
    s.weights.velocitySum7d,
    `Transfers in 7 days would total ${usd(total)}, above the weekly limit of ${usd(limits.weeklyUsd)}.`,
    { totalUsd: total, limitUsd: limits.weeklyUsd },
  );
};

/** Whether `amountUsd` lies in the band just under the structuring threshold. */
export function isNearThreshold(amountUsd: number, s: RiskSettings): boolean {
  return (
    amountUsd >= s.structuringThresholdUsd * s.structuringBand &&
    amountUsd < s.structuringThresholdUsd
  );
}

export const structuring: Rule = (f, s) => {
  if (!isNearThreshold(f.amountUsd, s)) return null;
  const count = f.history.nearThresholdCount24h + 1;
  if (count < s.structuringMinCount) return null;
  return reason(
    "STRUCTURING",
    s.weights.structuring,
    `This is transfer ${count} in 24 hours just under the ${usd(s.structuringThresholdUsd)} threshold.`,
    { count, thresholdUsd: s.structuringThresholdUsd, band: s.structuringBand },
  );
};

export const newRecipient: Rule = (f, s) =>
  f.recipient !== null && !f.history.knownRecipient
    ? reason(
        "NEW_RECIPIENT",
        s.weights.newRecipient,
        "The sender has not paid this recipient before.",
      )
    : null;

export const highRiskCorridor: Rule = (f, s) => {
  const risky = [f.originatorCountry, f.beneficiaryCountry].filter(
    (c): c is string => c !== null && s.highRiskJurisdictions.has(c),
  );
  if (risky.length === 0) return null;
  return reason(
    "HIGH_RISK_CORRIDOR",
    s.weights.highRiskCorridor,
    `The corridor involves a high-risk jurisdiction (${[...new Set(risky)].join(", ")}).`,
    { countries: [...new Set(risky)] },
  );
};

export const exposureSanctioned: Rule = (f, s) =>
  f.exposure.sanctioned.length > 0
    ? reason(
        "EXPOSURE_SANCTIONED",
        s.weights.exposureSanctioned,
        "The sender or recipient has transacted with a sanctioned address.",
        { counterparties: f.exposure.sanctioned.slice(0, 10) },
      )
    : null;

export const exposureFlagged: Rule = (f, s) =>
  f.exposure.flagged.length > 0
    ? reason(
        "EXPOSURE_FLAGGED",
        s.weights.exposureFlagged,
        "The sender or recipient has transacted with an address on the internal watch list.",
        { counterparties: f.exposure.flagged.slice(0, 10) },
      )
    : null;

/** Every risk rule, in the order their reasons are listed. */
export const RISK_RULES: readonly Rule[] = [
  amountOverLevelLimit,
  velocityCount24h,
  velocityCount7d,
  velocitySum24h,
  velocitySum7d,
  structuring,
  newRecipient,
  highRiskCorridor,
  exposureSanctioned,
  exposureFlagged,
];

/** Runs every rule; returns the reasons that fired. */
export function evaluateRisk(facts: RiskFacts, settings: RiskSettings): Reason[] {
  return RISK_RULES.map((rule) => rule(facts, settings)).filter((r): r is Reason => r !== null);
}

/** Thresholds that turn a score into an outcome. */
export interface OutcomeThresholds {
  reviewThreshold: number;
  rejectThreshold: number;
}

/**
 * Combines reasons into a score (sum of weights, capped at 100) and an outcome: any blocking reason or a score
 * at or above the reject threshold rejects; a score at or above the review threshold goes to manual review.
 */
export function decide(reasons: Reason[], t: OutcomeThresholds) {
  const score = Math.min(
    100,
    reasons.reduce((sum, r) => sum + r.weight, 0),
  );
  const blocked = reasons.some((r) => r.blocking);
  const outcome =
    blocked || score >= t.rejectThreshold
      ? "reject"
      : score >= t.reviewThreshold
        ? "review"
        : "approve";
  return { score, outcome, draftSar: score >= t.rejectThreshold } as const;
}
