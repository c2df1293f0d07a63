// Resets what the indexer and the compliance API stored about local chains that start again from block 0 (`--fresh`,
// changed contracts, a lost chain state), before those parts start: otherwise the indexer serves, and Ponder's sync
// cache replays, blocks and events of a chain that no longer exists, and the compliance API keeps decisions, nonce
// counters, KYC records and audit anchors that point at its transactions. On PGlite the two parts' folders are
// deleted; on PostgreSQL, in one transaction, the indexer's schema is dropped, Ponder's `ponder_sync` rows of those
// chain ids (and only those) are deleted, and the compliance API's tables are dropped with its migration records, so
// it migrates an empty database as a new PGlite folder would.
import { existsSync, rmSync } from "node:fs";
import { getTableName, is } from "drizzle-orm";
import { readMigrationFiles } from "drizzle-orm/migrator";
import { PgTable } from "drizzle-orm/pg-core";
import pg from "pg";
import { MIGRATIONS_DIR } from "../../compliance-api/src/db/client.ts";
import * as complianceSchema from "../../compliance-api/src/db/schema.ts";
import { compliancePgliteDir, indexerPgliteDir } from "./parts.ts";

/** The indexer's default schema (indexer/lib/env.ts); the stack passes DATABASE_SCHEMA on when it is set. */
export const DEFAULT_INDEXER_SCHEMA = "clxend_indexer";
/** What the indexer accepts as DATABASE_SCHEMA (indexer/lib/env.ts), so it can go into SQL as an identifier. */
const SCHEMA_NAME = /^[a-z_][a-z0-9_]{0,62}$/;
/** Ponder's schema for its sync cache (ponder/src/sync-store/schema.ts), shared by every Ponder app in a database. */
const PONDER_SYNC = "ponder_sync";
/** The compliance API's trigger function that keeps audit_log append-only (compliance-api/drizzle/0001_*.sql). */
const AUDIT_GUARD_FUNCTION = "audit_log_guard";
/** Where drizzle's migrator records applied migrations (its defaults, which the compliance API uses). */
const MIGRATIONS_TABLE = 'drizzle."__drizzle_migrations"';

/** Where the indexer and the compliance API of a stack keep their data. */
export interface ChainDataLocation {
  stateDir: string;
  /** PostgreSQL URL of both parts; PGlite folders in the state folder only when omitted. */
  databaseUrl?: string;
  /** DATABASE_SCHEMA of the indexer on PostgreSQL; the indexer's default when omitted. */
  indexerSchema?: string;
}

export interface ChainDataResetInput extends ChainDataLocation {
  /** The chains that start again from block 0. */
  chainIds: readonly number[];
  /** Why, in a few words for the sentence: "--fresh", "its contracts changed". */
  reason: string;
  /** Told, in one sentence, what was reset and why; not called when there was nothing to reset. */
  warn: (message: string) => void;
}

/**
 * Resets the indexer's and the compliance API's data about `chainIds` (see the file comment) and says what it reset
 * in one sentence. Returns the parts of that sentence, empty when nothing was stored.
 */
export async function resetChainData(input: ChainDataResetInput): Promise<string[]> {
  const done: string[] = [];
  for (const [what, dir] of [
    ["the indexer's", indexerPgliteDir(input.stateDir)],
    ["the compliance API's", compliancePgliteDir(input.stateDir)],
  ] as const) {
    if (!existsSync(dir)) continue;
    rmSync(dir, { recursive: true, force: true });
    done.push(`deleted ${what} PGlite database ${dir}`);
  }
  if (input.databaseUrl !== undefined) {
    done.push(
      ...(await resetPostgres(
        input.databaseUrl,
        input.indexerSchema ?? DEFAULT_INDEXER_SCHEMA,
        input.chainIds,
      )),
    );
  }
  if (done.length > 0) {
    const several = input.chainIds.length > 1;
    const chains = `chain${several ? "s" : ""} ${input.chainIds.join(" and ")}`;
    input.warn(
      `Reset what the indexer and the compliance API stored about ${chains} (${input.reason}; ${several ? "they start" : "it starts"} again from block 0): ${done.join("; ")}`,
    );
  }
  return done;
}

/** The PostgreSQL part of resetChainData, in one transaction: all of it happens, or none. */
async function resetPostgres(
  url: string,
  indexerSchema: string,
  chainIds: readonly number[],
): Promise<string[]> {
  const client = new pg.Client({ connectionString: url });
  client.on("error", () => {});
  await client.connect();
  try {
    await client.query("BEGIN");
    const done = [
      ...(await dropIndexerSchema(client, indexerSchema)),
      ...(await deletePonderSyncRows(client, chainIds)),
      ...(await dropComplianceTables(client)),
    ];
    await client.query("COMMIT");
    return done;
  } catch (error) {
    await client.query("ROLLBACK").catch(() => {});
    throw error;
  } finally {
    await client.end().catch(() => {});
  }
}

async function dropIndexerSchema(client: pg.Client, schema: string): Promise<string[]> {
  if (!SCHEMA_NAME.test(schema)) return []; // The indexer refuses such a schema name itself.
  const found = await client.query(
    "SELECT 1 FROM information_schema.schemata WHERE schema_name = $1",
    [schema],
  );
  if (found.rowCount === 0) return [];
  await client.query(`DROP SCHEMA "${schema}" CASCADE`);
  return [`dropped the indexer's schema ${schema}`];
}

/**
 * Deletes the chains' rows from every table of Ponder's sync cache that has a chain_id (blocks, transactions,
 * receipts, logs, traces, RPC results, synced intervals, factory addresses) and the factories of those chains;
 * other chains' rows stay.
 */
async function deletePonderSyncRows(
  client: pg.Client,
  chainIds: readonly number[],
): Promise<string[]> {
  const tables = await client.query<{ table_name: string }>(
    "SELECT table_name FROM information_schema.columns WHERE table_schema = $1 AND column_name = 'chain_id' ORDER BY table_name",
    [PONDER_SYNC],
  );
  let rows = 0;
  for (const { table_name } of tables.rows) {
    const deleted = await client.query(
      `DELETE FROM ${PONDER_SYNC}."${table_name}" WHERE chain_id = ANY($1::bigint[])`,
      [chainIds],
    );
    rows += deleted.rowCount ?? 0;
  }
  const factories = await client.query(
    "SELECT 1 FROM information_schema.columns WHERE table_schema = $1 AND table_name = 'factories' AND column_name = 'factory'",
    [PONDER_SYNC],
  );
  if (factories.rowCount !== 0) {
    const deleted = await client.query(
      `DELETE FROM ${PONDER_SYNC}.factories WHERE (factory->>'chainId')::bigint = ANY($1::bigint[])`,
      [chainIds],
    );
    rows += deleted.rowCount ?? 0;
  }
  if (rows === 0) return [];
  return [
    `deleted ${rows.toLocaleString("en")} rows of chain ${chainIds.join(" and ")} from Ponder's sync cache (${PONDER_SYNC}; other chains' rows kept)`,
  ];
}

/**
 * Drops the compliance API's tables (those of compliance-api/src/db/schema.ts, in the schema its unqualified names
 * resolve to), its audit guard function and its rows in drizzle's migrations table, so that it migrates from scratch.
 */
async function dropComplianceTables(client: pg.Client): Promise<string[]> {
  const names = Object.values(complianceSchema)
    .filter((value) => is(value, PgTable))
    .map((table) => getTableName(table));
  const found = await client.query<{ tablename: string }>(
    "SELECT tablename FROM pg_tables WHERE schemaname = current_schema() AND tablename = ANY($1) ORDER BY tablename",
    [names],
  );
  const migrated = await client.query<{ exists: boolean }>(
    "SELECT to_regclass($1) IS NOT NULL AS exists",
    [MIGRATIONS_TABLE],
  );
  if (found.rowCount === 0 && migrated.rows[0]?.exists !== true) return [];
  const tables = found.rows.map((row) => `"${row.tablename}"`);
  if (tables.length > 0) await client.query(`DROP TABLE ${tables.join(", ")} CASCADE`);
  await client.query(`DROP FUNCTION IF EXISTS ${AUDIT_GUARD_FUNCTION}()`);
  if (migrated.rows[0]?.exists === true) {
    const hashes = readMigrationFiles({ migrationsFolder: MIGRATIONS_DIR }).map(
      (migration) => migration.hash,
    );
    await client.query(`DELETE FROM ${MIGRATIONS_TABLE} WHERE hash = ANY($1)`, [hashes]);
  }
  if (tables.length === 0) return [];
  return [
    `dropped the compliance API's ${tables.length} tables (decisions, nonce counters, cases, KYC and audit records) and its migration records`,
  ];
}
