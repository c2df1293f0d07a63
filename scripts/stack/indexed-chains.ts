// Which chains the indexer's data in a state folder was built from, recorded in `<state>/indexed-chains.json` per
// database (the PGlite folder, or a PostgreSQL database and schema). Ponder refuses to resume an index built for
// another set of chains ("Schema … was previously used by a different Ponder app") and the indexer's supervisor
// only wipes it after three such crashes; the stack instead notices the change before the indexer starts, says so,
// and resets the index the documented way: it deletes PGLITE_DIR, or drops DATABASE_SCHEMA on PostgreSQL.
import { existsSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import pg from "pg";
import { z } from "zod";
import { indexerPgliteDir } from "./parts.ts";

const RECORD_FILE = "indexed-chains.json";
/** The indexer's default schema (indexer/lib/env.ts); the stack passes DATABASE_SCHEMA on when it is set. */
const DEFAULT_SCHEMA = "clxend_indexer";
/** What the indexer accepts as DATABASE_SCHEMA (indexer/lib/env.ts), so it can go into SQL as an identifier. */
const SCHEMA_NAME = /^[a-z_][a-z0-9_]{0,62}$/;

const recordSchema = z.record(z.string());

export interface IndexedChainsInput {
  stateDir: string;
  /** The chain ids the indexer will index now. */
  chainIds: readonly number[];
  /** PostgreSQL URL of the indexer; its PGlite folder in the state folder when omitted. */
  databaseUrl?: string;
  /** DATABASE_SCHEMA of the indexer on PostgreSQL; the indexer's default when omitted. */
  schema?: string;
  /** Told, in one sentence, when the index is reset. */
  warn: (message: string) => void;
}

/**
 * Compares the chains the indexer will index with those its data was built from; when they differ, warns and
 * resets the index so the indexer starts from scratch. Records the chains either way. Returns whether it reset.
 */
export async function reconcileIndexedChains(input: IndexedChainsInput): Promise<boolean> {
  const schema = input.schema ?? DEFAULT_SCHEMA;
  const key = storeKey(input.databaseUrl, schema);
  const record = readRecord(input.stateDir);
  const now = [...new Set(input.chainIds)].sort((a, b) => a - b).join(",");
  const before = record[key];
  let reset = false;
  if (before !== undefined && before !== now) {
    input.warn(`The indexed chains changed (${before} → ${now}): re-indexing from scratch`);
    await resetIndex(input.stateDir, input.databaseUrl, schema);
    reset = true;
  }
  record[key] = now;
  writeRecord(input.stateDir, record);
  return reset;
}

/** Which index a record entry is about: "pglite", or the PostgreSQL server, database and schema (no credentials). */
function storeKey(databaseUrl: string | undefined, schema: string): string {
  if (databaseUrl === undefined) return "pglite";
  const url = new URL(databaseUrl);
  return `postgres://${url.host}${url.pathname} schema ${schema}`;
}

function readRecord(stateDir: string): Record<string, string> {
  const file = join(stateDir, RECORD_FILE);
  if (!existsSync(file)) return {};
  try {
    return recordSchema.parse(JSON.parse(readFileSync(file, "utf8")));
  } catch {
    return {}; // A damaged record only means the next change goes unnoticed, as before the record existed.
  }
}

function writeRecord(stateDir: string, record: Record<string, string>): void {
  const file = join(stateDir, RECORD_FILE);
  writeFileSync(`${file}.tmp`, `${JSON.stringify(record, null, 2)}\n`);
  renameSync(`${file}.tmp`, file);
}

async function resetIndex(
  stateDir: string,
  databaseUrl: string | undefined,
  schema: string,
): Promise<void> {
  if (databaseUrl === undefined) {
    rmSync(indexerPgliteDir(stateDir), { recursive: true, force: true });
    return;
  }
  if (!SCHEMA_NAME.test(schema)) return; // The indexer refuses such a schema name itself.
  const client = new pg.Client({ connectionString: databaseUrl });
  client.on("error", () => {});
  await client.connect();
  try {
    await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
  } finally {
    await client.end();
  }
}
