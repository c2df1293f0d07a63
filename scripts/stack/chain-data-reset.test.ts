// Tests of resetting what the indexer and the compliance API stored about a chain that starts again from block 0:
// the PGlite folders are deleted; on PostgreSQL (the server at 127.0.0.1:5432 that the project's tests use, in a
// database of its own) the indexer's schema is dropped, Ponder's sync rows of that chain id and no other are deleted,
// and the compliance API's tables go so that it migrates an empty database again; each reset is said in one sentence.
// The last cases run a stack (chain only) twice, its saved chain state lost or its Ignition journal changed between.
import assert from "node:assert/strict";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, describe, it } from "node:test";
import pg from "pg";
import { openDatabase } from "../../compliance-api/src/db/client.ts";
import { resetChainData } from "./chain-data-reset.ts";
import { DEFAULT_PORTS, compliancePgliteDir, indexerPgliteDir } from "./parts.ts";
import { freePort } from "./ports.ts";
import { StackProcesses, startStack } from "./stack.ts";
import { silentReporter } from "./ui.ts";

const POSTGRES = "postgres://postgres@127.0.0.1:5432";
const OTHER_CHAIN_ID = 11_155_111;
const folders: string[] = [];

after(() => {
  for (const folder of folders) rmSync(folder, { recursive: true, force: true });
});

function stateFolder(): string {
  const folder = mkdtempSync(join(tmpdir(), "clxend-chain-data-reset-test-"));
  folders.push(folder);
  return folder;
}

/** PGlite folders with something in them, as the parts leave them. */
function fillPglite(stateDir: string): string[] {
  const dirs = [indexerPgliteDir(stateDir), compliancePgliteDir(stateDir)];
  for (const dir of dirs) {
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, "PG_VERSION"), "17\n");
  }
  return dirs;
}

async function sql<T extends pg.QueryResultRow>(url: string, text: string): Promise<T[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<T>(text)).rows;
  } finally {
    await client.end();
  }
}

/** Ponder's sync cache as far as the reset sees it: tables with a chain_id, and factories keyed in jsonb. */
const PONDER_SYNC_TABLES = `
  CREATE SCHEMA ponder_sync;
  CREATE TABLE ponder_sync.blocks (chain_id bigint NOT NULL, number bigint NOT NULL);
  CREATE TABLE ponder_sync.rpc_request_results (chain_id bigint NOT NULL, request_hash text NOT NULL);
  CREATE TABLE ponder_sync.factories (id integer, factory jsonb NOT NULL);
  INSERT INTO ponder_sync.blocks VALUES (31337, 1), (31337, 2), (${OTHER_CHAIN_ID}, 1);
  INSERT INTO ponder_sync.rpc_request_results VALUES (31337, 'a'), (${OTHER_CHAIN_ID}, 'a');
  INSERT INTO ponder_sync.factories VALUES (1, '{"chainId": 31337}'), (2, '{"chainId": ${OTHER_CHAIN_ID}}');
`;

describe("resetChainData", () => {
  it("deletes the indexer's and the compliance API's PGlite folders and says why", async () => {
    const stateDir = stateFolder();
    const dirs = fillPglite(stateDir);
    const warnings: string[] = [];

    await resetChainData({
      stateDir,
      chainIds: [31337],
      reason: "its contracts changed",
      warn: (message) => warnings.push(message),
    });

    assert.deepEqual(
      dirs.filter((dir) => existsSync(dir)),
      [],
    );
    assert.deepEqual(warnings, [
      `Reset what the indexer and the compliance API stored about chain 31337 (its contracts changed; it starts again from block 0): deleted the indexer's PGlite database ${dirs[0]}; deleted the compliance API's PGlite database ${dirs[1]}`,
    ]);
  });

  it("says nothing when nothing was stored", async () => {
    const warnings: string[] = [];

    const done = await resetChainData({
      stateDir: stateFolder(),
      chainIds: [31337],
      reason: "--fresh",
      warn: (message) => warnings.push(message),
    });

    assert.deepEqual(done, []);
    assert.deepEqual(warnings, []);
  });

  it("on PostgreSQL drops the indexer's schema and the compliance API's tables and deletes only that chain's sync rows", async () => {
    const database = `clxend_chain_data_reset_test_${process.pid}`;
    await sql(`${POSTGRES}/postgres`, `CREATE DATABASE ${database}`);
    try {
      const url = `${POSTGRES}/${database}`;
      const compliance = await openDatabase({ url, pgliteDir: "memory://" });
      await compliance.close();
      await sql(url, "CREATE SCHEMA clxend_indexer; CREATE TABLE clxend_indexer.transfer (id int)");
      await sql(url, "INSERT INTO nonce_counters VALUES (31337, '0x01', 7)");
      await sql(url, PONDER_SYNC_TABLES);
      const warnings: string[] = [];

      await resetChainData({
        stateDir: stateFolder(),
        databaseUrl: url,
        chainIds: [31337],
        reason: "its contracts changed",
        warn: (message) => warnings.push(message),
      });
      const schemas = await sql<{ schema_name: string }>(
        url,
        "SELECT schema_name FROM information_schema.schemata WHERE schema_name = 'clxend_indexer'",
      );
      const complianceTables = await sql(
        url,
        "SELECT tablename FROM pg_tables WHERE schemaname = 'public'",
      );
      const left = await sql<{ chain: string }>(
        url,
        `SELECT chain_id::text AS chain FROM ponder_sync.blocks
         UNION ALL SELECT chain_id::text FROM ponder_sync.rpc_request_results
         UNION ALL SELECT factory->>'chainId' FROM ponder_sync.factories`,
      );
      const again = await openDatabase({ url, pgliteDir: "memory://" });
      const counters = await sql(url, "SELECT * FROM nonce_counters");
      const head = await sql<{ seq: string }>(url, "SELECT seq::text FROM audit_head");
      await again.close();

      assert.deepEqual(schemas, []);
      assert.deepEqual(complianceTables, []);
      assert.deepEqual(
        left.map((row) => Number(row.chain)),
        [OTHER_CHAIN_ID, OTHER_CHAIN_ID, OTHER_CHAIN_ID],
      );
      assert.deepEqual(counters, [], "the compliance API migrated an empty database again");
      assert.deepEqual(head, [{ seq: "0" }]);
      assert.equal(warnings.length, 1);
      assert.match(
        warnings[0] ?? "",
        /^Reset what the indexer and the compliance API stored about chain 31337 \(its contracts changed; it starts again from block 0\): dropped the indexer's schema clxend_indexer; deleted 4 rows of chain 31337 from Ponder's sync cache \(ponder_sync; other chains' rows kept\); dropped the compliance API's \d+ tables /,
      );
    } finally {
      await sql(`${POSTGRES}/postgres`, `DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
    }
  });
});

/** A stack of the chain only on `stateDir` and ports of its own: `start()` starts, deploys, seeds and stops it. */
async function chainOnlyStack(stateDir: string) {
  const ports = { ...DEFAULT_PORTS };
  for (const name of Object.keys(ports) as (keyof typeof ports)[]) ports[name] = await freePort();
  const warnings: string[] = [];
  const start = async () => {
    const processes = new StackProcesses();
    try {
      await startStack(
        {
          stateDir,
          addressBookDir: join(stateDir, "deployments"),
          fresh: false,
          ports,
          parts: [],
          healthTimeoutMs: 60_000,
          reporter: { ...silentReporter(), warn: (message) => warnings.push(message) },
        },
        processes,
      );
    } finally {
      await processes.stopAll();
    }
  };
  return { start, warnings };
}

describe("npm start on a deployed chain that starts again from block 0", () => {
  it("resets the parts' data about it when the chain's saved state is gone, and says so", async () => {
    const stateDir = stateFolder();
    const stack = await chainOnlyStack(stateDir);
    await stack.start();
    const dirs = fillPglite(stateDir);
    rmSync(join(stateDir, "chain"), { recursive: true, force: true });

    await stack.start();

    assert.deepEqual(
      dirs.filter((dir) => existsSync(dir)),
      [],
    );
    assert.deepEqual(stack.warnings, [
      `Reset what the indexer and the compliance API stored about chain 31337 (its saved state is gone; it starts again from block 0): deleted the indexer's PGlite database ${dirs[0]}; deleted the compliance API's PGlite database ${dirs[1]}`,
    ]);
  });

  it("resets the parts' data about it when Ignition finds the contracts changed, and says so", async () => {
    const stateDir = stateFolder();
    const stack = await chainOnlyStack(stateDir);
    await stack.start();
    const dirs = fillPglite(stateDir);
    // As if the module now deployed AuditAnchor with another anchorer: Ignition refuses to continue the journal.
    const journal = join(stateDir, "ignition", "chain-31337", "journal.jsonl");
    const lines = readFileSync(journal, "utf8").split("\n");
    const index = lines.findIndex((line) => line.includes('"futureId":"AuditAnchor#AuditAnchor"'));
    const entry = JSON.parse(lines[index] ?? "") as { constructorArgs: string[] };
    entry.constructorArgs[1] = `0x${"11".repeat(20)}`;
    lines[index] = JSON.stringify(entry);
    writeFileSync(journal, lines.join("\n"));

    await stack.start();

    assert.deepEqual(
      dirs.filter((dir) => existsSync(dir)),
      [],
    );
    assert.deepEqual(stack.warnings, [
      `Reset what the indexer and the compliance API stored about chain 31337 (its contracts changed; it starts again from block 0): deleted the indexer's PGlite database ${dirs[0]}; deleted the compliance API's PGlite database ${dirs[1]}`,
    ]);
  });
});
