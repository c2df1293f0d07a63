// Integration tests on both databases (a fresh PostgreSQL database and embedded PGlite) against a real local chain:
// review queue with four-eyes rules, encrypted Travel-Rule data and GDPR erasure, audit tampering, anchoring,
// sanctions reload and rate limits.
import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { writeFileSync } from "node:fs";
import path from "node:path";
import { after, before, describe, it } from "node:test";
import { sql } from "drizzle-orm";
import type { Hex } from "viem";
import { auditAnchorAbi } from "../../src/chain/abis.ts";
import { accounts, startTestChain, type TestChain } from "../helpers/chain.ts";
import { createTestDatabase, startService, type TestService } from "../helpers/service.ts";
import { samplePayload } from "../helpers/fixtures.ts";

const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

/** A fresh chain per suite: each database's audit log anchors to its own AuditAnchor. */
async function chainWithKyc(): Promise<TestChain> {
  const c = await startTestChain();
  await c.attest(accounts.alice.address, 2);
  await c.attest(accounts.bob.address, 2);
  await c.attest(accounts.carol.address, 1);
  return c;
}

const KINDS = (process.env.TEST_DB_KINDS ?? "postgres,pglite").split(",") as (
  | "postgres"
  | "pglite"
)[];
for (const kind of KINDS) {
  describe(`on ${kind}`, () => {
    let chain: TestChain;
    let svc: TestService;
    let dropDb: (() => Promise<void>) | undefined;
    let admin: string;
    let officer1: string;
    let officer2: string;
    let carolOfficer: string;
    let auditor: string;

    before(async () => {
      chain = await chainWithKyc();
      let databaseUrl: string | undefined;
      if (kind === "postgres") {
        const db = await createTestDatabase();
        databaseUrl = db.url;
        dropDb = db.drop;
      }
      svc = await startService({
        chain,
        ...(databaseUrl ? { databaseUrl } : {}),
        env: { RISK_HIGH_THRESHOLD: "60" },
      });
      [admin, officer1, officer2, carolOfficer, auditor] = await Promise.all([
        svc.signIn(accounts.admin),
        svc.signIn(accounts.officer1),
        svc.signIn(accounts.officer2),
        svc.signIn(accounts.carol),
        svc.signIn(accounts.treasury),
      ]);
    });
    after(async () => {
      await svc?.close();
      await dropDb?.();
      await chain?.stop();
    });

    const token = () => chain.contracts.TestStablecoin;

    it("sends a high-risk transfer to review and lets it through only after two different officers approve", async () => {
      const screen = await svc.call("POST", "/v1/screen", {
        sender: accounts.carol.address,
        recipient: accounts.bob.address,
        token: token(),
        amount: "1500000000",
        originatorCountry: "US",
        beneficiaryCountry: "NG",
        travelRule: {
          ...samplePayload,
          originator: { ...samplePayload.originator, accountNumber: [accounts.carol.address] },
          beneficiary: { ...samplePayload.beneficiary, accountNumber: [accounts.bob.address] },
        },
      });
      assert.equal(screen.status, 200, JSON.stringify(screen.body));
      assert.equal(screen.body.outcome, "review");
      assert.deepEqual(
        screen.body.reasons.map((r: { code: string }) => r.code),
        ["AMOUNT_OVER_LEVEL_LIMIT", "NEW_RECIPIENT"],
      );
      const caseId = screen.body.caseId as string;
      const early = await svc.call("POST", "/v1/cosign", { decisionId: screen.body.decisionId });
      assert.equal(early.body.error.code, "DECISION_IN_REVIEW");

      const own = await svc.call(
        "POST",
        `/v1/cases/${caseId}/decision`,
        { action: "approve", reason: "known customer" },
        bearer(carolOfficer),
      );
      const byAuditor = await svc.call(
        "POST",
        `/v1/cases/${caseId}/decision`,
        { action: "approve", reason: "looks fine" },
        bearer(auditor),
      );
      const first = await svc.call(
        "POST",
        `/v1/cases/${caseId}/decision`,
        { action: "approve", reason: "salary payment" },
        bearer(officer1),
      );
      const twice = await svc.call(
        "POST",
        `/v1/cases/${caseId}/decision`,
        { action: "approve", reason: "again" },
        bearer(officer1),
      );
      const stillWaiting = await svc.call("POST", "/v1/cosign", {
        decisionId: screen.body.decisionId,
      });
      const second = await svc.call(
        "POST",
        `/v1/cases/${caseId}/decision`,
        { action: "approve", reason: "payslip checked" },
        bearer(officer2),
      );
      const cosign = await svc.call("POST", "/v1/cosign", { decisionId: screen.body.decisionId });

      assert.equal(own.body.error.code, "FOUR_EYES_OWN_SUBMISSION");
      assert.equal(byAuditor.body.error.code, "ROLE_REQUIRED");
      assert.equal(first.body.status, "awaiting_second_approval");
      assert.equal(twice.body.error.code, "FOUR_EYES_SAME_OFFICER");
      assert.equal(stillWaiting.body.error.code, "DECISION_IN_REVIEW");
      assert.equal(second.body.status, "approved");
      assert.equal(second.body.actions.length, 2);
      assert.equal(cosign.status, 200, JSON.stringify(cosign.body));
      assert.equal(cosign.body.approval.travelRuleHash, screen.body.travelRuleHash);
    });

    it("refuses a transfer over the Travel-Rule threshold without IVMS101 data, with a 422 that says why", async () => {
      const res = await svc.call("POST", "/v1/screen", {
        sender: accounts.alice.address,
        recipient: accounts.bob.address,
        token: token(),
        amount: "5000000",
        originatorCountry: "FR",
      });

      assert.equal(res.status, 422);
      assert.equal(res.body.error.code, "TRAVEL_RULE_DATA_REQUIRED");
      assert.equal(res.body.error.details.jurisdiction, "EU");
    });

    it("keeps Travel-Rule data encrypted at rest; GDPR erasure makes it unreadable and leaves the audit chain valid", async () => {
      const payload = {
        ...samplePayload,
        originator: { ...samplePayload.originator, accountNumber: [accounts.alice.address] },
        beneficiary: { ...samplePayload.beneficiary, accountNumber: [accounts.bob.address] },
      };
      const screen = await svc.call("POST", "/v1/screen", {
        sender: accounts.alice.address,
        recipient: accounts.bob.address,
        token: token(),
        amount: "5000000",
        originatorCountry: "DE",
        memo: "school fees",
        travelRule: payload,
      });
      assert.equal(screen.status, 200, JSON.stringify(screen.body));
      const db = svc.services.database.db;
      const raw = await db.execute(sql`select ciphertext from personal_records`);
      const rows = (raw as unknown as { rows: { ciphertext: string }[] }).rows;
      assert.ok(rows.length >= 2);
      assert.ok(
        rows.every(
          (r) => !Buffer.from(r.ciphertext, "base64").toString("latin1").includes("Okafor"),
        ),
      );

      const exported = await svc.call(
        "GET",
        `/v1/gdpr/subjects/${accounts.alice.address}`,
        undefined,
        bearer(admin),
      );
      assert.equal(exported.status, 200);
      const kinds = exported.body.records.map((r: { kind: string }) => r.kind).sort();
      assert.deepEqual(kinds, ["memo", "travel_rule"]);
      const tr = exported.body.records.find((r: { kind: string }) => r.kind === "travel_rule");
      assert.equal(
        tr.data.ivms101.originator.originatorPersons[0].naturalPerson.name.nameIdentifier[0]
          .primaryIdentifier,
        "Okafor",
      );

      const erased = await svc.call(
        "DELETE",
        `/v1/gdpr/subjects/${accounts.alice.address}`,
        undefined,
        bearer(admin),
      );
      const afterErase = await svc.call(
        "GET",
        `/v1/gdpr/subjects/${accounts.alice.address}`,
        undefined,
        bearer(admin),
      );
      const verify = await svc.call("GET", "/v1/audit/verify", undefined, bearer(auditor));

      assert.equal(erased.body.recordsDeleted, 2);
      assert.equal(afterErase.body.erased, true);
      assert.deepEqual(afterErase.body.records, []);
      assert.equal(afterErase.body.decisions.length > 0, true);
      assert.equal(verify.body.valid, true, JSON.stringify(verify.body));
    });

    it("anchors the audit head on-chain and verifies against the anchor", async () => {
      const anchored = await svc.call("POST", "/v1/admin/audit/anchor", undefined, bearer(admin));
      assert.equal(anchored.status, 200, JSON.stringify(anchored.body));
      assert.equal(anchored.body.anchored, true);
      const latest = await chain.publicClient.readContract({
        address: chain.contracts.AuditAnchor,
        abi: auditAnchorAbi,
        functionName: "latest",
      });

      const verify = await svc.call("GET", "/v1/audit/verify", undefined, bearer(auditor));

      assert.equal(Number(latest.sequence), anchored.body.seq);
      assert.equal(latest.headHash, anchored.body.hash as Hex);
      assert.equal(verify.body.anchor.matches, true);
      assert.equal(verify.body.valid, true, JSON.stringify(verify.body));
    });

    it("refuses changes to sealed audit rows, and verification fails at a row tampered with behind its back", async () => {
      const db = svc.services.database.db;
      await svc.services.sealer.flush();
      const appendOnly = (err: Error & { cause?: Error }) =>
        /append-only/.test(`${err.message} ${err.cause?.message}`);
      await assert.rejects(
        db.execute(sql`update audit_log set actor = 'mallory' where seq = 2`),
        appendOnly,
      );
      await assert.rejects(db.execute(sql`delete from audit_log where seq = 2`), appendOnly);

      await db.execute(sql`alter table audit_log disable trigger audit_log_append_only`);
      await db.execute(
        sql`update audit_log set data = jsonb_set(data, '{score}', '0') where seq = 3`,
      );
      await db.execute(sql`alter table audit_log enable trigger audit_log_append_only`);
      const verify = await svc.call("GET", "/v1/audit/verify", undefined, bearer(auditor));

      assert.equal(verify.body.valid, false);
      assert.equal(verify.body.failure.seq, 3);
      assert.equal(verify.body.failure.reason, "content does not match its hash");
      assert.equal(verify.body.checked, 2);
    });

    it("reloads the sanctions lists without a restart and screens against the new version", async () => {
      const before = await svc.call("GET", "/v1/sanctions/version");
      writeFileSync(path.join(svc.extraListDir, "extra.txt"), `${accounts.bob.address}\n`);

      const byOfficer = await svc.call(
        "POST",
        "/v1/admin/sanctions/reload",
        undefined,
        bearer(officer1),
      );
      const reload = await svc.call("POST", "/v1/admin/sanctions/reload", undefined, bearer(admin));
      const screen = await svc.call("POST", "/v1/screen", {
        sender: accounts.carol.address,
        recipient: accounts.bob.address,
        token: token(),
        amount: "1000000",
      });

      assert.equal(byOfficer.status, 403);
      assert.notEqual(reload.body.version, before.body.version);
      assert.equal(screen.body.outcome, "reject");
      assert.equal(screen.body.sanctionsListVersion, reload.body.version);
      assert.ok(
        screen.body.reasons.some((r: { code: string }) => r.code === "SANCTIONED_RECIPIENT"),
      );
      writeFileSync(path.join(svc.extraListDir, "extra.txt"), "\n");
      await svc.services.reloadSanctions("test");
    });
  });
}

describe("rate limits", () => {
  let chain: TestChain;
  before(async () => {
    chain = await chainWithKyc();
  });
  after(async () => {
    await chain?.stop();
  });
  for (const store of ["memory", "redis"] as const) {
    it(`answer 429 with Retry-After past the per-wallet limit (${store} store)`, async () => {
      const svc = await startService({
        chain,
        env: {
          RATE_LIMIT_WALLET_PER_MINUTE: "2",
          RATE_LIMIT_KEY_PREFIX: `test-${randomBytes(4).toString("hex")}`,
          ...(store === "redis" ? { REDIS_URL: "redis://127.0.0.1:6379" } : {}),
        },
      });
      try {
        const body = {
          sender: accounts.alice.address,
          recipient: accounts.bob.address,
          token: chain.contracts.TestStablecoin,
          amount: "1000",
        };
        const statuses: number[] = [];
        for (let i = 0; i < 3; i++)
          statuses.push((await svc.call("POST", "/v1/quote", body)).status);
        const res = await svc.app.request("/v1/quote", {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: JSON.stringify(body),
        });

        assert.deepEqual(statuses, [200, 200, 429]);
        assert.equal(res.status, 429);
        assert.ok(Number(res.headers.get("retry-after")) >= 1);
        assert.equal(svc.services.rateLimits.store, store);
      } finally {
        await svc.close();
      }
    });
  }
});
