// Unit tests of the Travel-Rule thresholds, the IVMS101 schema and the canonical payload hash.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { TravelRulePayload } from "../../src/api/ivms101.ts";
import {
  assertTravelRuleMatches,
  saltTravelRule,
  travelRuleHash,
  travelRuleRequirement,
} from "../../src/compliance/travel-rule.ts";
import { RECIPIENT, SENDER, samplePayload } from "../helpers/fixtures.ts";

const thresholds = { default: 1_000, EU: 0 };

describe("travelRuleRequirement", () => {
  it("needs data from USD 1,000 by default", () => {
    assert.equal(
      travelRuleRequirement(999.99, { originator: "US", beneficiary: "NG" }, thresholds).required,
      false,
    );
    assert.equal(
      travelRuleRequirement(1_000, { originator: "US", beneficiary: "NG" }, thresholds).required,
      true,
    );
  });

  it("needs data for every amount when either side is in the EU (threshold 0)", () => {
    const r = travelRuleRequirement(1, { originator: "DE", beneficiary: "NG" }, thresholds);

    assert.deepEqual(r, { required: true, jurisdiction: "EU", thresholdUsd: 0 });
  });

  it("uses a country's own threshold when configured", () => {
    assert.equal(
      travelRuleRequirement(
        200,
        { originator: "SG", beneficiary: "US" },
        { ...thresholds, SG: 150 },
      ).required,
      true,
    );
  });
});

describe("IVMS101 payload", () => {
  it("accepts the sample and refuses unknown fields and bad country codes", () => {
    assert.ok(TravelRulePayload.safeParse(samplePayload).success);
    const extra = { ...samplePayload, originator: { ...samplePayload.originator, nickname: "x" } };
    assert.equal(TravelRulePayload.safeParse(extra).success, false);
    const badCountry = structuredClone(samplePayload) as any;
    badCountry.originator.originatorPersons[0].naturalPerson.geographicAddress[0].country =
      "Germany";
    assert.equal(TravelRulePayload.safeParse(badCountry).success, false);
  });

  it("must name the transfer's sender and recipient wallets", () => {
    const payload = TravelRulePayload.parse(samplePayload);

    assert.doesNotThrow(() =>
      assertTravelRuleMatches(payload, { sender: SENDER, recipient: RECIPIENT.toLowerCase() }),
    );
    assert.throws(() => assertTravelRuleMatches(payload, { sender: RECIPIENT, recipient: null }), {
      code: "TRAVEL_RULE_MISMATCH",
    });
  });
});

describe("travelRuleHash", () => {
  it("is the same for the same content in any key order, and differs with the salt", () => {
    const payload = TravelRulePayload.parse(samplePayload);
    const salted = saltTravelRule(payload);
    const reordered = JSON.parse(
      JSON.stringify({
        salt: salted.salt,
        ivms101: { beneficiary: payload.beneficiary, originator: payload.originator },
      }),
    );

    assert.equal(travelRuleHash(salted), travelRuleHash(reordered));
    assert.notEqual(travelRuleHash(salted), travelRuleHash(saltTravelRule(payload)));
    assert.match(travelRuleHash(salted), /^0x[0-9a-f]{64}$/);
  });
});
