// Integration tests of what must hold under concurrent requests, on PostgreSQL and PGlite: co-signatures get distinct
// nonces in sequence (reserved in blocks; two instances on one database never share one), a co-signature that loses a
// race leaves no gap, a decision the screening instance still holds in memory is not co-signed twice, concurrent audit
// appends seal into one valid chain, and a rejection writes its SAR draft and watch-list entry with the decision.
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { sql } from "drizzle-orm";
import { verifyChain } from "../../src/audit/log.ts";
import { accounts, startTestChain, type TestChain } from "../helpers/chain.ts";
import { createTestDatabase, startService, type TestService } from "../helpers/service.ts";

const SANCTIONED = "0x01e2919679362dFBC9ee1644Ba9C6da6D6245BB1"; // first line of the real ofac-sdn-ETH.txt snapshot
/** Small blocks, so that the tests cross several block boundaries. */
const NONCE_BLOCK_SIZE = "4";

const KINDS = (process.env.TEST_DB_KINDS ?? "postgres,pglite").split(",") as (
  | "postgres"
  | "pglite"
)[];

describe("under concurrent requests", () => {
  let chain: TestChain;

  before(async () => {
    chain = await startTestChain();
    await chain.attest(accounts.alice.address, 2);
    await chain.attest(accounts.bob.address, 2);
  });
  after(async () => {
    await chain?.stop();
  });

  const transfer = (i: number) => ({
    sender: i % 2 === 0 ? accounts.alice.address : accounts.bob.address,
    recipient: i % 2 === 0 ? accounts.bob.address : accounts.alice.address,
    token: chain.contracts.TestStablecoin,
    amount: "1000000",
    originatorCountry: "US",
    beneficiaryCountry: "NG",
  });

  /** Screens `n` approvable transfers concurrently and returns their decision ids. */
  const screenMany = async (svc: TestService, n: number): Promise<string[]> => {
    const screens = await Promise.all(
      Array.from({ length: n }, (_, i) => svc.call("POST", "/v1/screen", transfer(i))),
    );
    for (const s of screens) {
      assert.equal(s.status, 200, JSON.stringify(s.body));
      assert.equal(s.body.outcome, "approve", JSON.stringify(s.body.reasons));
    }
    return screens.map((s) => s.body.decisionId as string);
  };

  const nonceOf = (res: Awaited<ReturnType<TestService["call"]>> | undefined): bigint => {
    assert.equal(res?.status, 200, JSON.stringify(res?.body));
    return BigInt(res?.body.approval.nonce);
  };

  for (const kind of KINDS) {
    describe(`on ${kind}`, () => {
      let svc: TestService;
      let databaseUrl: string | undefined;
      let dropDb: (() => Promise<void>) | undefined;

      before(async () => {
        if (kind === "postgres") {
          const db = await createTestDatabase();
          databaseUrl = db.url;
          dropDb = db.drop;
        }
        svc = await startService({
          chain,
          ...(databaseUrl ? { databaseUrl } : {}),
          env: { NONCE_BLOCK_SIZE },
        });
      });
      after(async () => {
        await svc?.close();
        await dropDb?.();
      });

      it("hands concurrent co-signatures distinct nonces without gaps", async () => {
        const ids = await screenMany(svc, 14);

        const cosigned = await Promise.all(
          ids.map((decisionId) => svc.call("POST", "/v1/cosign", { decisionId })),
        );

        const nonces = cosigned.map(nonceOf).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
        const first = nonces[0] as bigint;
        assert.deepEqual(
          nonces,
          nonces.map((_, i) => first + BigInt(i)),
        );
      });

      it("co-signs a decision once when asked concurrently, and reuses the nonces the losers held", async () => {
        const [raced, next] = await screenMany(svc, 2);

        const answers = await Promise.all(
          Array.from({ length: 5 }, () => svc.call("POST", "/v1/cosign", { decisionId: raced })),
        );
        const following = await svc.call("POST", "/v1/cosign", { decisionId: next });

        const won = answers.filter((a) => a.status === 200);
        assert.equal(won.length, 1, JSON.stringify(answers.map((a) => a.body)));
        for (const a of answers.filter((x) => x.status !== 200)) {
          assert.equal(a.status, 409);
          assert.equal(a.body.error.code, "DECISION_ALREADY_COSIGNED");
        }
        assert.equal(nonceOf(following), nonceOf(won[0]) + 1n);
        const rows = (await svc.services.database.db.execute(
          sql`select count(*)::int as n from audit_log where kind = 'decision.cosigned' and data->>'decisionId' = ${raced}`,
        )) as unknown as { rows: { n: number }[] };
        assert.equal(rows.rows[0]?.n, 1);
      });

      it("records a rejection with its SAR draft, the sender on the watch list and one audit entry", async () => {
        const screen = await svc.call("POST", "/v1/screen", {
          ...transfer(0),
          recipient: SANCTIONED,
        });
        assert.equal(screen.body.outcome, "reject", JSON.stringify(screen.body));
        const db = svc.services.database.db;
        const id = screen.body.decisionId as string;

        const sar = (await db.execute(
          sql`select subject, score, status from sar_drafts where decision_id = ${id}`,
        )) as unknown as { rows: { subject: string; score: number; status: string }[] };
        const flag = (await db.execute(
          sql`select reason, flagged_by from flagged_addresses where address = ${accounts.alice.address.toLowerCase()}`,
        )) as unknown as { rows: { reason: string; flagged_by: string }[] };
        const audit = (await db.execute(
          sql`select data from audit_log where kind = 'decision.screened' and data->>'decisionId' = ${id}`,
        )) as unknown as { rows: { data: { sarDrafted: boolean; listVersion: string } }[] };

        assert.deepEqual(sar.rows, [
          { subject: accounts.alice.address.toLowerCase(), score: 100, status: "draft" },
        ]);
        assert.equal(flag.rows[0]?.reason, `SAR draft for decision ${id}`);
        assert.equal(flag.rows[0]?.flagged_by, "system");
        assert.equal(audit.rows.length, 1);
        assert.equal(audit.rows[0]?.data.sarDrafted, true);
        assert.equal(audit.rows[0]?.data.listVersion, svc.services.sanctions.current.version);
        await db.execute(
          sql`delete from flagged_addresses where address = ${accounts.alice.address.toLowerCase()}`,
        );
      });

      if (kind === "postgres") {
        it("keeps nonces of two instances on one database apart, and their audit appends in one valid chain", async () => {
          const other = await startService({
            chain,
            databaseUrl: databaseUrl as string,
            env: { NONCE_BLOCK_SIZE },
          });
          try {
            const ids = await screenMany(svc, 12);
            const more = await screenMany(other, 12);

            const cosigned = await Promise.all(
              [...ids, ...more].map((decisionId, i) =>
                (i % 2 === 0 ? svc : other).call("POST", "/v1/cosign", { decisionId }),
              ),
            );
            await Promise.all([svc.services.sealer.flush(), other.services.sealer.flush()]);
            const check = await verifyChain(svc.services.database.db);
            const total = (await svc.services.database.db.execute(
              sql`select count(*)::int as n from audit_log`,
            )) as unknown as { rows: { n: number }[] };

            const nonces = cosigned.map(nonceOf);
            assert.equal(new Set(nonces).size, nonces.length);
            assert.equal(check.valid, true, JSON.stringify(check.failure));
            assert.equal(check.unsealed, 0);
            assert.equal(check.checked, total.rows[0]?.n);
          } finally {
            await other.close();
          }
        });
      }

      if (kind === "postgres") {
        it("refuses a second co-signature by the instance that screened, after another instance co-signed", async () => {
          const other = await startService({
            chain,
            databaseUrl: databaseUrl as string,
            env: { NONCE_BLOCK_SIZE },
          });
          try {
            const [decisionId] = await screenMany(svc, 1);

            const elsewhere = await other.call("POST", "/v1/cosign", { decisionId });
            const here = await svc.call("POST", "/v1/cosign", { decisionId });

            assert.equal(elsewhere.status, 200, JSON.stringify(elsewhere.body));
            assert.equal(here.status, 409, JSON.stringify(here.body));
            assert.equal(here.body.error.code, "DECISION_ALREADY_COSIGNED");
          } finally {
            await other.close();
          }
        });
      }

      it("seals concurrent audit appends into one chain that verifies", async () => {
        const ids = await screenMany(svc, 10);
        await Promise.all(ids.map((decisionId) => svc.call("POST", "/v1/cosign", { decisionId })));
        await svc.services.sealer.flush();

        const check = await verifyChain(svc.services.database.db);
        const total = (await svc.services.database.db.execute(
          sql`select count(*)::int as n from audit_log`,
        )) as unknown as { rows: { n: number }[] };

        assert.equal(check.valid, true, JSON.stringify(check.failure));
        assert.equal(check.unsealed, 0);
        assert.equal(check.checked, total.rows[0]?.n);
      });
    });
  }
});
