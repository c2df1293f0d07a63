// Correctness of the indexer against the chain: random activity, every row through every query surface on PGlite
// and PostgreSQL, then after a shallow reorg, after SIGKILL mid-backfill, and after a reorg deeper than finality.
import assert from "node:assert/strict";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import pg from "pg";
import { ActivityGenerator } from "./support/activity.ts";
import { type Deployment, TestChain, writeTestAddressBook } from "./support/chain.ts";
import { createPostgresDatabase, IndexerProcess } from "./support/indexer.ts";
import {
  compareSurfaces,
  type Expected,
  expectedState,
  type Report,
  totalMismatches,
} from "./support/verify.ts";

const REMITTANCES = Number(process.env.INDEXER_TEST_REMITTANCES ?? 2_000);
const SEED = Number(process.env.INDEXER_TEST_SEED ?? 20_251_203);
const sleep = (ms: number) => new Promise((done) => setTimeout(done, ms));
const log = (msg: string, fields: Record<string, unknown> = {}) =>
  process.stderr.write(`${JSON.stringify({ msg, ...fields })}\n`);

describe("indexer against a local chain", { timeout: 900_000 }, () => {
  const work = mkdtempSync(join(tmpdir(), "clxend-indexer-test-"));
  const books = join(work, "deployments");
  const cleanups: (() => Promise<void>)[] = [];
  let chain: TestChain;
  let deployment: Deployment;
  let expected: Expected;
  let deepSnapshot: string;
  let pglite: IndexerProcess;
  let postgres: IndexerProcess;

  async function postgresIndexer(name: string): Promise<IndexerProcess> {
    const database = await createPostgresDatabase(`clxend_indexer_${name}`);
    cleanups.push(database.drop);
    const indexer = await IndexerProcess.create({
      rpcUrl: chain.url,
      addressBookDir: books,
      database: { kind: "postgres", url: database.url, name: database.name },
      logFile: join(work, `${name}.log`),
    });
    cleanups.unshift(() => indexer.stop());
    return indexer;
  }

  async function pgliteIndexer(name: string): Promise<IndexerProcess> {
    const indexer = await IndexerProcess.create({
      rpcUrl: chain.url,
      addressBookDir: books,
      database: { kind: "pglite", dir: join(work, `${name}-pglite`) },
      logFile: join(work, `${name}.log`),
    });
    cleanups.unshift(() => indexer.stop());
    return indexer;
  }

  async function assertMatches(
    indexer: IndexerProcess,
    sql: boolean,
    label: string,
  ): Promise<Report> {
    const started = Date.now();
    const report = await compareSurfaces(indexer, expected, { sql });
    log("Compared every row with the chain", {
      label,
      mismatches: report,
      durationMs: Date.now() - started,
    });
    assert.equal(totalMismatches(report), 0, `${label}: ${JSON.stringify(report)}`);
    return report;
  }

  before(async () => {
    chain = await TestChain.start();
    deployment = await chain.deploy();
    writeTestAddressBook(books, deployment);
    const started = Date.now();
    const generator = new ActivityGenerator(chain, deployment, SEED);
    await generator.run(REMITTANCES);
    deepSnapshot = await chain.rpc<string>("evm_snapshot", []);
    // Past Ponder's 30-block finality, so the first run is a backfill and a deep reorg can go below it.
    await chain.mine(40);
    expected = await expectedState(chain, deployment);
    log("Generated activity", {
      remittances: expected.remittanceCount,
      transactions: generator.transactions,
      events: expected.logCount,
      head: Number(await chain.head()),
      durationMs: Date.now() - started,
    });
    assert.ok(expected.remittanceCount >= REMITTANCES);
    const statuses = [...expected.tables.remittance.rows.values()].map(
      (row) => `${row.kind}:${row.status}`,
    );
    for (const kind of [
      "direct:sent",
      "merchant:sent",
      "escrow:sent",
      "escrow:claimed",
      "escrow:refunded",
    ]) {
      assert.ok(statuses.includes(kind), `the activity has no ${kind} remittance`);
    }
  });

  after(async () => {
    for (const cleanup of cleanups) await cleanup().catch(() => {});
    await chain?.stop();
    if (process.env.INDEXER_TEST_KEEP === undefined) rmSync(work, { recursive: true, force: true });
  });

  it("matches the chain through GraphQL and REST on PGlite, and refuses SQL there", async () => {
    pglite = await pgliteIndexer("pglite");
    pglite.start();
    const ms = await pglite.waitForBlock(await chain.head());
    log("Indexed to head", { database: "pglite", durationMs: ms });

    await assertMatches(pglite, false, "PGlite");
    const refused = await fetch(`${pglite.url}/sql/db?sql=x`);
    assert.equal(refused.status, 501);
  });

  it("matches the chain through GraphQL, SQL and REST on PostgreSQL", async () => {
    postgres = await postgresIndexer("postgres");
    postgres.start();
    const ms = await postgres.waitForBlock(await chain.head());
    log("Indexed to head", { database: "postgres", durationMs: ms });

    await assertMatches(postgres, true, "PostgreSQL");
  });

  it("rejects invalid REST parameters with a 400 naming the parameter", async () => {
    const bad = await postgres.get<{ error: { code: string; message: string } }>(
      "/api/accounts/31337/0x1234/remittances?limit=500",
    );
    const cursor = await postgres.get<{ error: { code: string; message: string } }>(
      `/api/accounts/31337/${deployment.Remittance}/remittances?cursor=!!`,
    );
    const missing = await postgres.get<{ error: { code: string } }>(
      `/api/remittances/31337/0x${"ab".repeat(32)}`,
    );

    assert.equal(bad.status, 400);
    assert.equal(bad.body.error.code, "invalid_request");
    assert.match(bad.body.error.message, /address/);
    assert.equal(cursor.status, 400);
    assert.match(cursor.body.error.message, /cursor/);
    assert.equal(missing.status, 404);
    assert.equal(missing.body.error.code, "remittance_not_found");
  });

  it("stays correct on both databases after a reorg within finality", async () => {
    const snapshot = await chain.rpc<string>("evm_snapshot", []);
    await new ActivityGenerator(chain, deployment, SEED + 1, 12, 5_000_000n).run(100, 50);
    await Promise.all([
      pglite.waitForBlock(await chain.head()),
      postgres.waitForBlock(await chain.head()),
    ]);
    const orphaned = await chain.head();

    await chain.rpc("evm_revert", [snapshot]);
    await new ActivityGenerator(chain, deployment, SEED + 2, 12, 6_000_000n).run(200, 50);
    await chain.mine(2);
    log("Reorganised the chain", {
      orphanedHead: Number(orphaned),
      newHead: Number(await chain.head()),
    });
    assert.ok((await chain.head()) > orphaned);
    await Promise.all([
      pglite.waitForBlock(await chain.head()),
      postgres.waitForBlock(await chain.head()),
    ]);
    expected = await expectedState(chain, deployment);

    await assertMatches(pglite, false, "PGlite after reorg");
    await assertMatches(postgres, true, "PostgreSQL after reorg");
  });

  for (const kind of ["pglite", "postgres"] as const) {
    it(`recovers from SIGKILL mid-backfill on ${kind} without indexing anything twice`, async () => {
      const indexer =
        kind === "pglite"
          ? await pgliteIndexer("killed-pglite")
          : await postgresIndexer("killed_postgres");
      expected = await expectedState(chain, deployment);
      const head = Number(await chain.head());
      const finalized = head - 30;
      indexer.start();
      // Kill while Ponder is backfilling: after it announced the backfill and, ideally, its first progress line.
      const logText = () =>
        existsSync(indexer.options.logFile) ? readFileSync(indexer.options.logFile, "utf8") : "";
      const deadline = Date.now() + 180_000;
      while (!logText().includes("Started backfill indexing") && Date.now() < deadline)
        await sleep(20);
      const backfillStarted = Date.now();
      while (
        !logText().includes("Updated backfill indexing progress") &&
        Date.now() - backfillStarted < 1_500
      )
        await sleep(20);
      await indexer.kill();
      const midBackfill = !logText().includes("Completed backfill indexing");
      log("Killed the indexer", { database: kind, finalizedBlock: finalized, head, midBackfill });
      assert.ok(
        midBackfill,
        "the backfill finished before the kill; the test did not exercise a mid-backfill crash",
      );

      indexer.start();
      await indexer.waitForBlock(await chain.head());

      await assertMatches(indexer, kind === "postgres", `${kind} after SIGKILL`);
      await indexer.stop();
    });
  }

  it("detects a reorg deeper than finality, refuses to serve, and re-indexes", async () => {
    // Factories in Ponder's sync cache of this chain and of another one: the re-index deletes this chain's only.
    // (The app's config has no factory, so the rows are put here, shaped as Ponder stores them.)
    const factoryOf = (chainId: number) =>
      JSON.stringify({
        type: "log",
        chainId,
        address: "0x00000000000000000000000000000000000000f1",
        eventSelector: `0x${"ab".repeat(32)}`,
        childAddressLocation: "topic1",
        fromBlock: 0,
        toBlock: null,
      });
    const sync = async <row extends pg.QueryResultRow>(query: string, values: unknown[] = []) => {
      const database = postgres.options.database;
      if (database.kind !== "postgres") throw new Error("the postgres indexer has no database URL");
      const client = new pg.Client({ connectionString: database.url });
      await client.connect();
      try {
        return (await client.query<row>(query, values)).rows;
      } finally {
        await client.end();
      }
    };
    await sync("INSERT INTO ponder_sync.factories (factory) VALUES ($1::jsonb), ($2::jsonb)", [
      factoryOf(31337),
      factoryOf(99_999),
    ]);
    await chain.rpc("evm_revert", [deepSnapshot]);
    await new ActivityGenerator(chain, deployment, SEED + 3, 12, 7_000_000n).run(150, 50);
    await chain.mine(80);
    const head = await chain.head();
    log("Replaced the chain below the finalized block", { newHead: Number(head) });

    const seen = new Set<string>();
    let refusedWhileStale = false;
    const deadline = Date.now() + 300_000;
    for (;;) {
      const [a, b] = await Promise.all([
        pglite.get<{ status: string; reorg: { reindexes: number } }>("/health"),
        postgres.get<{ status: string; reorg: { reindexes: number } }>("/health"),
      ]);
      for (const [name, health] of [
        ["pglite", a],
        ["postgres", b],
      ] as const) {
        seen.add(`${name}:${health.body.status}`);
        if (health.body.status === "stale" || health.body.status === "reindexing") {
          const graphql = await fetch(`${(name === "pglite" ? pglite : postgres).url}/graphql`, {
            method: "POST",
            headers: { "content-type": "application/json" },
            body: '{"query":"{ accounts { totalCount } }"}',
          });
          if (graphql.status === 503) refusedWhileStale = true;
        }
      }
      if (
        a.body.reorg.reindexes >= 1 &&
        b.body.reorg.reindexes >= 1 &&
        a.body.status === "ok" &&
        b.body.status === "ok"
      )
        break;
      assert.ok(
        Date.now() < deadline,
        `no recovery from the deep reorg; health states seen: ${[...seen]}`,
      );
      await new Promise((done) => setTimeout(done, 250));
    }
    log("Recovered from the deep reorg", { healthStates: [...seen] });
    await Promise.all([pglite.waitForBlock(head), postgres.waitForBlock(head)]);
    expected = await expectedState(chain, deployment);

    assert.ok(refusedWhileStale, "the API kept serving stale data");
    const factoryChains = await sync<{ chain: string }>(
      "SELECT factory->>'chainId' AS chain FROM ponder_sync.factories ORDER BY 1",
    );
    assert.deepEqual(
      factoryChains.map((row) => row.chain),
      ["99999"],
    );
    await assertMatches(pglite, false, "PGlite after deep reorg");
    await assertMatches(postgres, true, "PostgreSQL after deep reorg");
  });
});
