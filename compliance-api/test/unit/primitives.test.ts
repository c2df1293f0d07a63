// Unit tests of the building blocks: envelope encryption, audit entry hashes, four-eyes rules, configuration.
import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { describe, it } from "node:test";
import { entryHash, GENESIS_HASH } from "../../src/audit/log.ts";
import { assertCosignable } from "../../src/compliance/cosign.ts";
import { loadConfig } from "../../src/config.ts";
import { KeyWrapper, open, seal } from "../../src/privacy/encryption.ts";
import { retentionJurisdiction } from "../../src/privacy/vault.ts";
import { approvalsNeeded, assertMayDecide } from "../../src/staff/review.ts";

describe("envelope encryption", () => {
  it("round-trips and fails with another key or another context", () => {
    const key = randomBytes(32);
    const sealed = seal(key, Buffer.from("Ada Okafor"), "0xabc:memo");

    assert.equal(open(key, sealed, "0xabc:memo").toString(), "Ada Okafor");
    assert.throws(() => open(randomBytes(32), sealed, "0xabc:memo"));
    assert.throws(() => open(key, sealed, "0xdef:memo"));
  });

  it("wraps subject keys with the master key", () => {
    const wrapper = new KeyWrapper(randomBytes(32));
    const { key, wrapped } = wrapper.newSubjectKey("0xabc");

    assert.deepEqual(wrapper.unwrap("0xabc", wrapped), key);
    assert.throws(() => new KeyWrapper(randomBytes(32)).unwrap("0xabc", wrapped));
  });
});

describe("entryHash", () => {
  const entry = {
    seq: 1,
    at: "2026-01-01T00:00:00.000Z",
    kind: "decision.screened",
    actor: "0xabc",
    data: { b: 1, a: "x" },
  };

  it("depends on the previous hash and on every field, not on key order", () => {
    const h = entryHash(GENESIS_HASH, entry);

    assert.equal(h, entryHash(GENESIS_HASH, { ...entry, data: { a: "x", b: 1 } }));
    assert.notEqual(h, entryHash(`0x${"01".repeat(32)}`, entry));
    assert.notEqual(h, entryHash(GENESIS_HASH, { ...entry, data: { a: "x", b: 2 } }));
    assert.notEqual(h, entryHash(GENESIS_HASH, { ...entry, seq: 2 }));
  });
});

describe("four-eyes rules", () => {
  const c = { submittedBy: "0xaaa", concerns: ["0xaaa", "0xbbb"] };

  it("forbid deciding a case one submitted, one that concerns oneself, or acting twice", () => {
    assert.throws(() => assertMayDecide(c, "0xAAA", []), { code: "FOUR_EYES_OWN_SUBMISSION" });
    assert.throws(() => assertMayDecide(c, "0xbbb", []), { code: "FOUR_EYES_CONCERNS_SELF" });
    assert.throws(() => assertMayDecide(c, "0xccc", ["0xccc"]), { code: "FOUR_EYES_SAME_OFFICER" });
    assert.doesNotThrow(() => assertMayDecide(c, "0xccc", ["0xddd"]));
  });

  it("need two approvals for a high-risk case", () => {
    assert.equal(approvalsNeeded({ highRisk: true }), 2);
    assert.equal(approvalsNeeded({ highRisk: false }), 1);
  });
});

describe("assertCosignable", () => {
  const row = (status: string, approvedAt: Date | null) =>
    ({ status, approvedAt, reasons: [] }) as never;

  it("allows only a fresh approved decision", () => {
    assert.doesNotThrow(() => assertCosignable(row("approved", new Date()), 60_000));
    assert.throws(() => assertCosignable(row("approved", new Date(Date.now() - 61_000)), 60_000), {
      code: "DECISION_EXPIRED",
    });
    assert.throws(() => assertCosignable(row("in_review", null), 60_000), {
      code: "DECISION_IN_REVIEW",
    });
    assert.throws(() => assertCosignable(row("rejected", null), 60_000), {
      code: "DECISION_REJECTED",
    });
    assert.throws(() => assertCosignable(row("cosigned", new Date()), 60_000), {
      code: "DECISION_ALREADY_COSIGNED",
    });
  });
});

describe("configuration", () => {
  it("has defaults that run the local demo", () => {
    const config = loadConfig({});

    assert.equal(config.port, 18080);
    assert.equal(config.chain.chainId, 31337);
    assert.equal(config.database.url, undefined);
    assert.deepEqual(config.travelRuleThresholdsUsd, { default: 1_000, EU: 0 });
    assert.equal(config.retentionYears.KE, 7);
  });

  it("names every invalid variable", () => {
    assert.throws(
      () =>
        loadConfig({
          COMPLIANCE_API_PORT: "99999",
          COSIGNER_PRIVATE_KEY: "0x12",
          RETENTION_YEARS: "EU=five",
        }),
      (err: Error) =>
        /COMPLIANCE_API_PORT/.test(err.message) &&
        /COSIGNER_PRIVATE_KEY/.test(err.message) &&
        /RETENTION_YEARS/.test(err.message),
    );
  });

  it("serves the chains of CHAIN_IDS, the first by default, each with its RPC_URL_<chainId>", () => {
    const config = loadConfig({
      CHAIN_ID: "31337",
      CHAIN_IDS: "31337, 31338",
      RPC_URL: "http://127.0.0.1:18545",
      RPC_URL_31338: "http://127.0.0.1:18546",
      SANCTIONS_ORACLE_ADDRESS_31338: "0x40C57923924B5c5c5455c48D93317139ADDaC8fb",
    });

    assert.deepEqual(
      config.chains.map((c) => [c.chainId, c.rpcUrl, c.sanctionsOracle]),
      [
        [31337, "http://127.0.0.1:18545", undefined],
        [31338, "http://127.0.0.1:18546", "0x40C57923924B5c5c5455c48D93317139ADDaC8fb"],
      ],
    );
    assert.equal(config.chain.chainId, 31337);
    assert.deepEqual(
      loadConfig({}).chains.map((c) => c.chainId),
      [31337],
    );
  });

  it("names a chain of CHAIN_IDS without an RPC URL, and a CHAIN_ID outside CHAIN_IDS", () => {
    assert.throws(
      () => loadConfig({ CHAIN_IDS: "31337,31338,1", RPC_URL_1: "not a url" }),
      (err: Error) =>
        /RPC_URL_31338: is required/.test(err.message) &&
        /RPC_URL_1: must be a URL/.test(err.message),
    );
    assert.throws(
      () => loadConfig({ CHAIN_ID: "1", CHAIN_IDS: "31337" }),
      /CHAIN_ID 1 is not in CHAIN_IDS/,
    );
    assert.throws(() => loadConfig({ CHAIN_IDS: "31337,31337" }), /CHAIN_IDS/);
  });

  it("refuses high-risk jurisdictions that are not ISO 3166-1 codes", () => {
    assert.deepEqual(
      [...loadConfig({ HIGH_RISK_JURISDICTIONS: "kp,ir" }).risk.highRiskJurisdictions],
      ["KP", "IR"],
    );
    assert.throws(
      () => loadConfig({ HIGH_RISK_JURISDICTIONS: "KP,ZZ" }),
      /HIGH_RISK_JURISDICTIONS/,
    );
  });

  it("requires a data-encryption key in production", () => {
    assert.throws(() => loadConfig({ NODE_ENV: "production" }), /DATA_ENCRYPTION_KEY/);
  });

  it("maps countries to retention jurisdictions", () => {
    const years = loadConfig({}).retentionYears;

    assert.equal(retentionJurisdiction("FR", years), "EU");
    assert.equal(retentionJurisdiction("KE", years), "KE");
    assert.equal(retentionJurisdiction("JP", years), "default");
  });
});
