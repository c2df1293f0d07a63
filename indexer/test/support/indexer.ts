// Runs the indexer the way the stack does (`npm start` of this workspace: supervisor + ponder start) for tests and
// the benchmark, on a chosen database, and waits for it to reach the chain head. The supervisor and Ponder run as a
// child of the stack's kind (scripts/stack/child-process.ts): one process group, which the stack's watchdog stops if
// the test process dies.
import { join, resolve } from "node:path";
import pg from "pg";
import { ManagedChild } from "../../../scripts/stack/child-process.ts";
import { freePort, ROOT } from "./chain.ts";

export const INDEXER_DIR = resolve(ROOT, "indexer");
export const POSTGRES_URL =
  process.env.TEST_POSTGRES_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";

export type DatabaseChoice =
  | { kind: "pglite"; dir: string }
  | { kind: "postgres"; url: string; name: string };

/** Creates a uniquely named PostgreSQL database; `drop` removes it. */
export async function createPostgresDatabase(
  prefix: string,
): Promise<{ url: string; name: string; drop: () => Promise<void> }> {
  const name = `${prefix}_${process.pid}_${Date.now().toString(36)}`;
  const admin = new pg.Client({ connectionString: POSTGRES_URL });
  await admin.connect();
  await admin.query(`CREATE DATABASE "${name}"`);
  await admin.end();
  const url = new URL(POSTGRES_URL);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    name,
    drop: async () => {
      const client = new pg.Client({ connectionString: POSTGRES_URL });
      await client.connect();
      await client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      await client.end();
    },
  };
}

/** How long stop() waits for the supervisor to stop Ponder after SIGTERM (it gives Ponder 8 s). */
const STOP_GRACE_MS = 10_000;

export class IndexerProcess {
  child: ManagedChild | undefined;
  readonly url: string;

  constructor(
    readonly options: {
      port: number;
      rpcUrl: string;
      addressBookDir: string;
      database: DatabaseChoice;
      logFile: string;
      schema?: string;
      extraEnv?: Record<string, string>;
    },
  ) {
    this.url = `http://127.0.0.1:${options.port}`;
  }

  static async create(options: Omit<IndexerProcess["options"], "port">): Promise<IndexerProcess> {
    return new IndexerProcess({ ...options, port: await freePort() });
  }

  start(): void {
    const { database } = this.options;
    const env: Record<string, string> = {
      ...(process.env as Record<string, string>),
      CHAIN_ID: "31337",
      RPC_URL: this.options.rpcUrl,
      ADDRESS_BOOK_DIR: this.options.addressBookDir,
      INDEXER_PORT: String(this.options.port),
      DATABASE_SCHEMA: this.options.schema ?? "clxend_indexer",
      INDEXER_REORG_CHECK_MS: "1000",
      DATA_DIR: `${this.options.logFile}.state`,
      ...this.options.extraEnv,
    };
    delete env.DATABASE_URL;
    if (database.kind === "pglite") env.PGLITE_DIR = database.dir;
    else env.DATABASE_URL = database.url;
    // The supervisor and Ponder form one process group that stop() and kill() end together.
    this.child = new ManagedChild({
      name: "indexer",
      command: join(ROOT, "node_modules/.bin/tsx"),
      args: ["scripts/start.ts"],
      cwd: INDEXER_DIR,
      env,
      logFile: this.options.logFile,
      stopGraceMs: STOP_GRACE_MS,
    });
  }

  /** SIGKILL to the supervisor and Ponder at once, as a crash or OOM kill would; resolves once both are gone. */
  async kill(): Promise<void> {
    const child = this.child;
    this.child = undefined;
    if (child?.pid === undefined) return;
    try {
      process.kill(-child.pid, "SIGKILL");
    } catch {
      // The group is already gone.
    }
    // Waits until every member has gone and tells the watchdog to forget the group.
    await child.stop(0);
  }

  /** SIGTERM to the supervisor, which stops Ponder; whatever is left of the group after the grace period is killed. */
  async stop(): Promise<void> {
    const child = this.child;
    if (child?.pid === undefined) return;
    process.kill(child.pid, "SIGTERM");
    await Promise.race([child.exited, new Promise((done) => setTimeout(done, STOP_GRACE_MS))]);
    await this.kill();
  }

  async get<body = unknown>(path: string): Promise<{ status: number; body: body }> {
    const response = await fetch(`${this.url}${path}`, { signal: AbortSignal.timeout(30_000) });
    const text = await response.text();
    try {
      return { status: response.status, body: JSON.parse(text) as body };
    } catch {
      return { status: response.status, body: text as body };
    }
  }

  async graphql<data = Record<string, unknown>>(
    query: string,
    variables: Record<string, unknown> = {},
  ): Promise<data> {
    const response = await fetch(`${this.url}/graphql`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ query, variables }),
      signal: AbortSignal.timeout(30_000),
    });
    const body = (await response.json()) as { data?: data; errors?: { message: string }[] };
    if (body.errors !== undefined)
      throw new Error(`GraphQL error: ${body.errors.map((e) => e.message).join("; ")}`);
    return body.data as data;
  }

  /** SQL over HTTP the way @ponder/client sends it. */
  async sql<row = Record<string, unknown>>(statement: string): Promise<row[]> {
    const query = encodeURIComponent(JSON.stringify({ json: { sql: statement, params: [] } }));
    const response = await fetch(`${this.url}/sql/db?sql=${query}`, {
      signal: AbortSignal.timeout(30_000),
    });
    if (response.status !== 200)
      throw new Error(`SQL over HTTP answered ${response.status}: ${await response.text()}`);
    const body = (await response.json()) as { rows: row[] };
    return body.rows;
  }

  /** The latest block Ponder has indexed, or -1 while it is not serving. */
  async indexedBlock(): Promise<number> {
    try {
      const { status, body } = await this.get<{
        chains?: Record<string, { block: { number: number } }> | null;
      }>("/health");
      if (status !== 200 || body.chains == null) return -1;
      return body.chains.chain31337?.block.number ?? -1;
    } catch {
      return -1;
    }
  }

  /** Waits until the indexer has processed `block` (and /ready says the backfill is over). */
  async waitForBlock(block: bigint, timeoutMs = 240_000): Promise<number> {
    const started = Date.now();
    while (Date.now() - started < timeoutMs) {
      if (this.child === undefined || !this.child.running)
        throw new Error(`Indexer exited; see ${this.options.logFile}`);
      const indexed = await this.indexedBlock();
      if (indexed >= Number(block)) {
        const health = await this.get<{ ready: boolean }>("/health");
        if (health.body.ready) return Date.now() - started;
      }
      await new Promise((done) => setTimeout(done, 250));
    }
    throw new Error(
      `Indexer did not reach block ${block} within ${timeoutMs} ms; see ${this.options.logFile}`,
    );
  }
}
