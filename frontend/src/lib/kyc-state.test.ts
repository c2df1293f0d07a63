// Classification of KYC attestations: none, expired, valid and expiring soon.
import { describe, expect, it } from "vitest";
import { kycStateOf, REVERIFY_WITHIN_DAYS } from "./hooks.ts";

const NOW = 1_800_000_000;
const DAY = 86_400;

describe("kycStateOf", () => {
  it("reports no attestation at level 0", () => {
    expect(kycStateOf({ level: 0, expiresAt: 0n }, NOW)).toEqual({ status: "none" });
  });

  it("reports an attestation past its expiry as expired", () => {
    expect(kycStateOf({ level: 2, expiresAt: BigInt(NOW - 1) }, NOW)).toMatchObject({
      status: "expired",
      level: 2,
    });
  });

  it("asks for re-verification within the window before expiry", () => {
    const soon = kycStateOf({ level: 1, expiresAt: BigInt(NOW + 10 * DAY) }, NOW);
    const later = kycStateOf(
      { level: 1, expiresAt: BigInt(NOW + (REVERIFY_WITHIN_DAYS + 5) * DAY) },
      NOW,
    );

    expect(soon).toMatchObject({ status: "valid", expiringSoon: true, daysLeft: 10 });
    expect(later).toMatchObject({ status: "valid", expiringSoon: false });
  });
});
