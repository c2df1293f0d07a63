// Tests of the indexed-chains record: switching between `--chains 1` and `--chains 2` on the same state is noticed
// before the indexer starts, said in one sentence, and the index is reset (the PGlite folder deleted, or the
// PostgreSQL schema dropped), instead of Ponder refusing the old index three times. The PostgreSQL case needs the
// server at 127.0.0.1:5432 that the project's tests use.
import assert from "node:assert/strict";
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, describe, it } from "node:test";
import pg from "pg";
import { reconcileIndexedChains } from "./indexed-chains.ts";
import { indexerPgliteDir } from "./parts.ts";

const POSTGRES = "postgres://postgres@127.0.0.1:5432";
const folders: string[] = [];

after(() => {
  for (const folder of folders) rmSync(folder, { recursive: true, force: true });
});

function stateFolder(): string {
  const folder = mkdtempSync(join(tmpdir(), "clxend-indexed-chains-test-"));
  folders.push(folder);
  return folder;
}

/** A PGlite folder with something in it, as the indexer leaves it. */
function fillPglite(stateDir: string): string {
  const dir = indexerPgliteDir(stateDir);
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, "PG_VERSION"), "17\n");
  return dir;
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

describe("reconcileIndexedChains", () => {
  it("resets the PGlite index and says so when the chains change (31337 → 31337,31338)", async () => {
    const stateDir = stateFolder();
    const pglite = fillPglite(stateDir);
    const warnings: string[] = [];
    const warn = (message: string) => warnings.push(message);

    const first = await reconcileIndexedChains({ stateDir, chainIds: [31337], warn });
    const kept = existsSync(pglite);
    const second = await reconcileIndexedChains({ stateDir, chainIds: [31338, 31337], warn });

    assert.equal(first, false);
    assert.ok(kept, "the first run has nothing to compare with and keeps the index");
    assert.equal(second, true);
    assert.equal(existsSync(pglite), false);
    assert.deepEqual(warnings, [
      "The indexed chains changed (31337 → 31337,31338): re-indexing from scratch",
    ]);
  });

  it("keeps the index while the chains stay the same, and notices the way back (31337,31338 → 31337)", async () => {
    const stateDir = stateFolder();
    const warnings: string[] = [];
    const warn = (message: string) => warnings.push(message);
    await reconcileIndexedChains({ stateDir, chainIds: [31337, 31338], warn });
    const pglite = fillPglite(stateDir);

    await reconcileIndexedChains({ stateDir, chainIds: [31337, 31338], warn });
    const kept = existsSync(pglite);
    await reconcileIndexedChains({ stateDir, chainIds: [31337], warn });

    assert.ok(kept);
    assert.equal(existsSync(pglite), false);
    assert.deepEqual(warnings, [
      "The indexed chains changed (31337,31338 → 31337): re-indexing from scratch",
    ]);
  });

  it("drops the indexer's schema on PostgreSQL when the chains change, and leaves PGlite alone", async () => {
    const database = `clxend_indexed_chains_test_${process.pid}`;
    await sql(`${POSTGRES}/postgres`, `CREATE DATABASE ${database}`);
    try {
      const url = `${POSTGRES}/${database}`;
      const stateDir = stateFolder();
      const pglite = fillPglite(stateDir);
      const warnings: string[] = [];
      const warn = (message: string) => warnings.push(message);
      await reconcileIndexedChains({ stateDir, chainIds: [31337], databaseUrl: url, warn });
      await sql(url, "CREATE SCHEMA clxend_indexer; CREATE TABLE clxend_indexer.account (id int)");

      await reconcileIndexedChains({ stateDir, chainIds: [31337, 31338], databaseUrl: url, warn });
      const schemas = await sql<{ schema_name: string }>(
        url,
        "SELECT schema_name FROM information_schema.schemata WHERE schema_name = 'clxend_indexer'",
      );

      assert.deepEqual(schemas, []);
      assert.ok(existsSync(pglite), "the PGlite index is another index");
      assert.equal(warnings.length, 1);
    } finally {
      await sql(`${POSTGRES}/postgres`, `DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
    }
  });
});
