// Unit tests of each risk rule and of the score → outcome mapping.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { loadConfig } from "../../src/config.ts";
import {
  amountOverLevelLimit,
  decide,
  evaluateRisk,
  exposureFlagged,
  exposureSanctioned,
  highRiskCorridor,
  newRecipient,
  type RiskFacts,
  structuring,
  velocityCount24h,
  velocityCount7d,
  velocitySum24h,
  velocitySum7d,
} from "../../src/compliance/risk.ts";

const settings = loadConfig({}).risk;
const facts = (
  over: Partial<RiskFacts> = {},
  history: Partial<RiskFacts["history"]> = {},
): RiskFacts => ({
  amountUsd: 100,
  senderLevel: 1,
  recipient: "0x0000000000000000000000000000000000000002",
  originatorCountry: "US",
  beneficiaryCountry: "NG",
  exposure: { sanctioned: [], flagged: [] },
  ...over,
  history: {
    count24h: 0,
    sum24hUsd: 0,
    count7d: 0,
    sum7dUsd: 0,
    nearThresholdCount24h: 0,
    knownRecipient: true,
    ...history,
  },
});

describe("risk rules", () => {
  it("amountOverLevelLimit fires above the level's per-transfer limit only", () => {
    assert.equal(amountOverLevelLimit(facts({ amountUsd: 1_000 }), settings), null);
    const r = amountOverLevelLimit(facts({ amountUsd: 1_000.01 }), settings);
    assert.equal(r?.code, "AMOUNT_OVER_LEVEL_LIMIT");
    assert.equal(r?.weight, settings.weights.amountOverLevelLimit);
    assert.equal(
      amountOverLevelLimit(facts({ amountUsd: 1_000.01, senderLevel: 2 }), settings),
      null,
    );
  });

  it("velocityCount24h fires when this transfer would exceed the 24 h count", () => {
    assert.equal(
      velocityCount24h(facts({}, { count24h: settings.velocityMaxCount24h - 1 }), settings),
      null,
    );
    assert.equal(
      velocityCount24h(facts({}, { count24h: settings.velocityMaxCount24h }), settings)?.code,
      "VELOCITY_COUNT_24H",
    );
  });

  it("velocityCount7d fires when this transfer would exceed the 7-day count", () => {
    assert.equal(
      velocityCount7d(facts({}, { count7d: settings.velocityMaxCount7d - 1 }), settings),
      null,
    );
    assert.equal(
      velocityCount7d(facts({}, { count7d: settings.velocityMaxCount7d }), settings)?.code,
      "VELOCITY_COUNT_7D",
    );
  });

  it("velocitySum24h and velocitySum7d compare history plus this amount with the level's limits", () => {
    assert.equal(velocitySum24h(facts({ amountUsd: 100 }, { sum24hUsd: 2_900 }), settings), null);
    assert.equal(
      velocitySum24h(facts({ amountUsd: 100 }, { sum24hUsd: 2_901 }), settings)?.code,
      "VELOCITY_SUM_24H",
    );
    assert.equal(velocitySum7d(facts({ amountUsd: 100 }, { sum7dUsd: 9_900 }), settings), null);
    assert.equal(
      velocitySum7d(facts({ amountUsd: 100 }, { sum7dUsd: 9_901 }), settings)?.code,
      "VELOCITY_SUM_7D",
    );
  });

  it("structuring fires for the third transfer in a day just under the threshold", () => {
    assert.equal(
      structuring(facts({ amountUsd: 950 }, { nearThresholdCount24h: 1 }), settings),
      null,
    );
    assert.equal(
      structuring(facts({ amountUsd: 950 }, { nearThresholdCount24h: 2 }), settings)?.code,
      "STRUCTURING",
    );
    assert.equal(
      structuring(facts({ amountUsd: 1_000 }, { nearThresholdCount24h: 5 }), settings),
      null,
    );
    assert.equal(
      structuring(facts({ amountUsd: 800 }, { nearThresholdCount24h: 5 }), settings),
      null,
    );
  });

  it("newRecipient fires for a first payment to a wallet, not for escrow sends", () => {
    assert.equal(newRecipient(facts({}, { knownRecipient: true }), settings), null);
    assert.equal(
      newRecipient(facts({}, { knownRecipient: false }), settings)?.code,
      "NEW_RECIPIENT",
    );
    assert.equal(
      newRecipient(facts({ recipient: null }, { knownRecipient: false }), settings),
      null,
    );
  });

  it("highRiskCorridor fires when either country is on the high-risk list", () => {
    assert.equal(highRiskCorridor(facts(), settings), null);
    const r = highRiskCorridor(facts({ beneficiaryCountry: "IR" }), settings);
    assert.equal(r?.code, "HIGH_RISK_CORRIDOR");
    assert.deepEqual(r?.details, { countries: ["IR"] });
  });

  it("exposure rules fire for sanctioned and for flagged counterparties", () => {
    assert.equal(exposureSanctioned(facts(), settings), null);
    assert.equal(
      exposureSanctioned(facts({ exposure: { sanctioned: ["0x1"], flagged: [] } }), settings)?.code,
      "EXPOSURE_SANCTIONED",
    );
    assert.equal(
      exposureFlagged(facts({ exposure: { sanctioned: [], flagged: ["0x2"] } }), settings)?.code,
      "EXPOSURE_FLAGGED",
    );
  });

  it("a rule whose weight is configured to 0 is switched off", () => {
    const off = { ...settings, weights: { ...settings.weights, newRecipient: 0 } };

    assert.equal(newRecipient(facts({}, { knownRecipient: false }), off), null);
  });
});

describe("decide", () => {
  const t = { reviewThreshold: 40, rejectThreshold: 90 };
  const r = (weight: number, blocking = false) => ({ code: "X", weight, blocking, message: "x" });

  it("approves below the review threshold, reviews in the middle band, rejects at 90 with a SAR", () => {
    assert.deepEqual(decide([r(39)], t), { score: 39, outcome: "approve", draftSar: false });
    assert.deepEqual(decide([r(20), r(20)], t), { score: 40, outcome: "review", draftSar: false });
    assert.deepEqual(decide([r(60), r(30)], t), { score: 90, outcome: "reject", draftSar: true });
  });

  it("caps the score at 100 and rejects on any blocking reason whatever the score", () => {
    assert.equal(decide([r(80), r(80)], t).score, 100);
    assert.deepEqual(decide([r(0, true)], t), { score: 0, outcome: "reject", draftSar: false });
  });

  it("evaluateRisk lists every reason that fired", () => {
    const reasons = evaluateRisk(
      facts({ amountUsd: 5_000, beneficiaryCountry: "KP" }, { knownRecipient: false }),
      settings,
    );

    assert.deepEqual(
      reasons.map((x) => x.code),
      ["AMOUNT_OVER_LEVEL_LIMIT", "VELOCITY_SUM_24H", "NEW_RECIPIENT", "HIGH_RISK_CORRIDOR"],
    );
  });
});
