// Travel Rule: per-jurisdiction thresholds and the canonical hash of the IVMS101 payload that the approval signs.
import { randomBytes } from "node:crypto";
import { keccak256, stringToBytes } from "viem";
import { canonicalJson } from "../canonical.ts";
import type { TravelRulePayload } from "../api/ivms101.ts";
import { EU_COUNTRIES } from "../config.ts";
import { UnprocessableError } from "../errors.ts";

export const ZERO_HASH = `0x${"00".repeat(32)}` as const;

/** Maps a country to the jurisdiction whose threshold applies (EU/EEA members share "EU"). */
export function jurisdictionOf(country: string | null, thresholds: Record<string, number>): string {
  if (!country) return "default";
  if (country in thresholds) return country;
  if (EU_COUNTRIES.has(country) && "EU" in thresholds) return "EU";
  return "default";
}

/**
 * The threshold that applies to a transfer: the lower of the originator's and the beneficiary's jurisdictions
 * (a transfer that one side must document is documented).
 */
export function travelRuleRequirement(
  amountUsd: number,
  countries: { originator: string | null; beneficiary: string | null },
  thresholds: Record<string, number>,
) {
  const candidates = [countries.originator, countries.beneficiary].map((c) => {
    const jurisdiction = jurisdictionOf(c, thresholds);
    return { jurisdiction, thresholdUsd: thresholds[jurisdiction] ?? thresholds.default ?? 1_000 };
  });
  const strictest = candidates.reduce((a, b) => (b.thresholdUsd < a.thresholdUsd ? b : a));
  return { required: amountUsd >= strictest.thresholdUsd, ...strictest };
}

/** The payload stored and hashed: the IVMS101 data plus a random salt, so the on-chain hash cannot be guessed. */
export interface SaltedTravelRule {
  ivms101: TravelRulePayload;
  salt: `0x${string}`;
}

/** Adds a fresh 32-byte salt. */
export function saltTravelRule(ivms101: TravelRulePayload): SaltedTravelRule {
  return { ivms101, salt: `0x${randomBytes(32).toString("hex")}` };
}

/** keccak256 of the RFC 8785 (JCS) canonical JSON of the salted payload: the approval's travelRuleHash. */
export function travelRuleHash(payload: SaltedTravelRule): `0x${string}` {
  return keccak256(stringToBytes(canonicalJson(payload)));
}

/** Checks that the payload names the transfer's own wallets; throws a 422 that says what to fix. */
export function assertTravelRuleMatches(
  payload: TravelRulePayload,
  transfer: { sender: string; recipient: string | null },
): void {
  const lower = (xs: string[] | undefined) => (xs ?? []).map((x) => x.toLowerCase());
  if (!lower(payload.originator.accountNumber).includes(transfer.sender.toLowerCase())) {
    throw new UnprocessableError(
      "TRAVEL_RULE_MISMATCH",
      "travelRule.originator.accountNumber must contain the sender's wallet address.",
    );
  }
  const beneficiaryAccounts = lower(payload.beneficiary.accountNumber);
  if (
    transfer.recipient &&
    beneficiaryAccounts.length > 0 &&
    !beneficiaryAccounts.includes(transfer.recipient)
  ) {
    throw new UnprocessableError(
      "TRAVEL_RULE_MISMATCH",
      "travelRule.beneficiary.accountNumber must contain the recipient's wallet address.",
    );
  }
}
