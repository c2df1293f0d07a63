// Integration test of the retention purge on both databases: a subject whose last activity is older than its
// country's retention loses its personal data (records deleted, key destroyed) while the audit chain stays valid;
// a subject still within its retention keeps everything.
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { sql } from "drizzle-orm";
import { accounts, startTestChain, type TestChain } from "../helpers/chain.ts";
import { createTestDatabase, startService, type TestService } from "../helpers/service.ts";

const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
/** Six years ago: past the US retention (5 years), within Mexico's (10 years). */
const BACKDATE = sql`now() - interval '6 years'`;

const KINDS = (process.env.TEST_DB_KINDS ?? "postgres,pglite").split(",") as (
  | "postgres"
  | "pglite"
)[];

describe("retention purge", () => {
  let chain: TestChain;
  before(async () => {
    chain = await startTestChain();
    for (const who of [accounts.alice, accounts.bob, accounts.carol])
      await chain.attest(who.address);
  });
  after(async () => {
    await chain?.stop();
  });

  for (const kind of KINDS) {
    describe(`on ${kind}`, () => {
      let svc: TestService;
      let dropDb: (() => Promise<void>) | undefined;
      let admin: string;
      let auditor: string;

      before(async () => {
        let databaseUrl: string | undefined;
        if (kind === "postgres") {
          const db = await createTestDatabase();
          databaseUrl = db.url;
          dropDb = db.drop;
        }
        svc = await startService({ chain, ...(databaseUrl ? { databaseUrl } : {}) });
        admin = await svc.signIn(accounts.admin);
        auditor = await svc.signIn(accounts.treasury);
      });
      after(async () => {
        await svc?.close();
        await dropDb?.();
      });

      /** Screens a transfer with a memo, which stores the memo encrypted under the sender's data key. */
      const screenWithMemo = async (sender: string, country: string, memo: string) => {
        const res = await svc.call("POST", "/v1/screen", {
          sender,
          recipient: accounts.bob.address,
          token: chain.contracts.TestStablecoin,
          amount: "20000000",
          originatorCountry: country,
          memo,
        });
        assert.equal(res.status, 200, JSON.stringify(res.body));
        return res.body.decisionId as string;
      };
      const exportOf = (address: string) =>
        svc.call("GET", `/v1/gdpr/subjects/${address}`, undefined, bearer(admin));
      const rowsOf = async (address: string) => {
        const r = (await svc.services.database.db.execute(
          sql`select (select count(*)::int from personal_records where subject = ${address.toLowerCase()}) as records,
                     (select wrapped_key is null from subjects where address = ${address.toLowerCase()}) as key_destroyed`,
        )) as unknown as { rows: { records: number; key_destroyed: boolean }[] };
        return r.rows[0];
      };

      it("erases the personal data of a subject past its country's retention and keeps one within it", async () => {
        const expiredDecision = await screenWithMemo(accounts.alice.address, "US", "rent for May");
        await screenWithMemo(accounts.carol.address, "MX", "school fees");
        const [memoRecord] = (
          await svc.services.vault.read(svc.services.database.db, accounts.alice.address)
        ).records;
        assert.ok(memoRecord);
        await svc.services.database.db.execute(
          sql`update subjects set last_activity_at = ${BACKDATE}
              where address in (${accounts.alice.address.toLowerCase()}, ${accounts.carol.address.toLowerCase()})`,
        );

        const purge = await svc.call("POST", "/v1/admin/retention/purge", undefined, bearer(admin));
        const expired = await exportOf(accounts.alice.address);
        const kept = await exportOf(accounts.carol.address);
        const decision = await svc.call("GET", `/v1/decisions/${expiredDecision}`);
        const verify = await svc.call("GET", "/v1/audit/verify", undefined, bearer(auditor));
        const entries = await svc.call(
          "GET",
          "/v1/audit/entries?limit=500",
          undefined,
          bearer(auditor),
        );

        assert.equal(purge.status, 200, JSON.stringify(purge.body));
        assert.deepEqual(purge.body, { subjectsPurged: 1, recordsDeleted: 1 });
        assert.equal(expired.body.erased, true);
        assert.deepEqual(expired.body.records, []);
        assert.deepEqual(await rowsOf(accounts.alice.address), { records: 0, key_destroyed: true });
        assert.equal(
          await svc.services.vault.readRecord(svc.services.database.db, memoRecord.id),
          null,
        );
        assert.equal(decision.status, 200);
        assert.equal(kept.body.erased, false);
        assert.deepEqual(
          kept.body.records.map((r: { kind: string; data: { memo: string } }) => [
            r.kind,
            r.data.memo,
          ]),
          [["memo", "school fees"]],
        );
        assert.deepEqual(await rowsOf(accounts.carol.address), {
          records: 1,
          key_destroyed: false,
        });
        assert.equal(verify.body.valid, true, JSON.stringify(verify.body));
        const erasures = entries.body.entries.filter(
          (e: { kind: string }) => e.kind === "subject.erased",
        );
        assert.deepEqual(
          erasures.map((e: { actor: string; data: unknown }) => [e.actor, e.data]),
          [
            [
              "system",
              {
                subject: accounts.alice.address.toLowerCase(),
                reason: "retention",
                recordsDeleted: 1,
              },
            ],
          ],
        );
      });

      it("purges nothing on a second run", async () => {
        const again = await svc.call("POST", "/v1/admin/retention/purge", undefined, bearer(admin));

        assert.deepEqual(again.body, { subjectsPurged: 0, recordsDeleted: 0 });
      });
    });
  }
});
