// Supervisor the stack starts (`npm start -w @clxend/indexer`): runs `ponder start` on an internal port, serves
// /health with the reorg state, proxies every other request to Ponder, restarts Ponder after a crash, and after a
// reorg deeper than Ponder's finality wipes the index and re-indexes, refusing to serve until the backfill is done.
import { type ChildProcess, spawn } from "node:child_process";
import { existsSync, readFileSync, rmSync } from "node:fs";
import http from "node:http";
import net from "node:net";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import pg from "pg";
import { readIndexerEnv } from "../lib/env.ts";
import { createLogger } from "../lib/logger.ts";

const INDEXER_DIR = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const env = readIndexerEnv();
const logger = createLogger("indexer-supervisor", { level: env.LOG_LEVEL, pretty: env.LOG_PRETTY });
const pgliteDir = resolve(INDEXER_DIR, env.PGLITE_DIR ?? ".ponder/pglite");
const stateDir = resolve(env.DATA_DIR ?? join(INDEXER_DIR, ".ponder"));
const markerPath = join(stateDir, `reindex-required-${env.DATABASE_SCHEMA}.json`);
// ponder's exports hide package.json; its entry point is <package>/dist/esm/index.js.
const ponderBin = join(dirname(fileURLToPath(import.meta.resolve("ponder"))), "bin/ponder.js");

type State = "starting" | "running" | "restarting" | "reindexing" | "stopping";
const supervisor = {
  state: "starting" as State,
  child: undefined as ChildProcess | undefined,
  ponderPort: 0,
  restarts: 0,
  reindexes: 0,
  lastDeepReorg: null as unknown,
  crashTimes: [] as number[],
};

async function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = net.createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolvePort(port));
    });
  });
}

/**
 * A larger young generation for Ponder: a backfill allocates short-lived objects at a high rate (decoded logs, rows,
 * SQL parameters), and with V8's default 16 MiB semi-space the scavenger ran often enough to take a good part of the
 * backfill's CPU time; at 64 MiB it takes about 40 % less (see README, Benchmark).
 */
const PONDER_NODE_FLAGS = ["--max-semi-space-size=64"];

function startPonder(): void {
  const args = [
    ...PONDER_NODE_FLAGS,
    ponderBin,
    "start",
    "--schema",
    env.DATABASE_SCHEMA,
    "--port",
    String(supervisor.ponderPort),
  ];
  // Ponder logs with the same level and format as the supervisor (it has no "fatal" level).
  args.push(
    "--log-format",
    env.LOG_PRETTY ? "pretty" : "json",
    "--log-level",
    env.LOG_LEVEL === "fatal" ? "error" : env.LOG_LEVEL,
  );
  const child = spawn(process.execPath, args, {
    cwd: INDEXER_DIR,
    env: { ...process.env, INDEXER_REINDEX_MARKER: markerPath, PONDER_TELEMETRY_DISABLED: "true" },
    stdio: ["ignore", "inherit", "inherit"],
  });
  supervisor.child = child;
  logger.info(
    { pid: child.pid, port: supervisor.ponderPort, schema: env.DATABASE_SCHEMA },
    "Started Ponder",
  );
  child.once("exit", (code, signal) => void onPonderExit(code, signal));
}

async function onPonderExit(code: number | null, signal: NodeJS.Signals | null): Promise<void> {
  supervisor.child = undefined;
  if (supervisor.state === "stopping") return;
  if (existsSync(markerPath)) {
    supervisor.lastDeepReorg = JSON.parse(readFileSync(markerPath, "utf8"));
    supervisor.state = "reindexing";
    supervisor.reindexes += 1;
    logger.error(
      { reorg: supervisor.lastDeepReorg, reindexes: supervisor.reindexes },
      "Ponder stopped after a reorg deeper than its finality; re-indexing from the deployment blocks",
    );
    await wipeIndex();
    rmSync(markerPath, { force: true });
    startPonder();
    return;
  }
  const now = Date.now();
  supervisor.crashTimes = [...supervisor.crashTimes.filter((time) => now - time < 180_000), now];
  if (supervisor.crashTimes.length > 6) {
    logger.fatal(
      { code, signal, exitsInThreeMinutes: supervisor.crashTimes.length },
      "Gave up: Ponder kept exiting, even on a fresh index",
    );
    process.exit(1);
  }
  if (supervisor.crashTimes.length === 3) {
    // The index is a cache of the chain: when Ponder cannot resume from it (for example after an unrecoverable
    // reorg it reported itself), rebuilding it is always safe.
    supervisor.state = "reindexing";
    supervisor.reindexes += 1;
    logger.error(
      { code, signal, reindexes: supervisor.reindexes },
      "Ponder failed to resume three times; re-indexing from the deployment blocks",
    );
    await wipeIndex();
    startPonder();
    return;
  }
  supervisor.restarts += 1;
  if (supervisor.state !== "reindexing") supervisor.state = "restarting";
  logger.error({ code, signal, restarts: supervisor.restarts }, "Ponder exited; restarting it");
  setTimeout(startPonder, 1_000);
}

/**
 * Drops everything indexed for this app: the PGlite folder, or the app schema and Ponder's RPC cache of its chains
 * (every ponder_sync row of those chains, factories included).
 */
async function wipeIndex(): Promise<void> {
  const started = Date.now();
  if (env.DATABASE_URL === undefined) {
    rmSync(pgliteDir, { recursive: true, force: true });
    logger.info({ directory: pgliteDir, durationMs: Date.now() - started }, "Wiped the index");
    return;
  }
  const client = new pg.Client({ connectionString: env.DATABASE_URL });
  await client.connect();
  try {
    await client.query(`DROP SCHEMA IF EXISTS "${env.DATABASE_SCHEMA}" CASCADE`);
    const tables = await client.query<{ table_name: string }>(
      "SELECT table_name FROM information_schema.columns WHERE table_schema = 'ponder_sync' AND column_name = 'chain_id'",
    );
    for (const { table_name } of tables.rows) {
      await client.query(`DELETE FROM ponder_sync."${table_name}" WHERE chain_id = ANY($1)`, [
        env.CHAIN_ID,
      ]);
    }
    // Ponder's own bookkeeping of apps that used this schema.
    await client
      .query("DELETE FROM ponder_sync.intervals WHERE chain_id = ANY($1)", [env.CHAIN_ID])
      .catch(() => {});
    // Factories (their addresses went with factory_addresses above) name their chain in the factory JSON, as the
    // stack's chain-data reset (scripts/stack/chain-data-reset.ts) deletes them.
    const factories = await client.query(
      "SELECT 1 FROM information_schema.columns WHERE table_schema = 'ponder_sync' AND table_name = 'factories' AND column_name = 'factory'",
    );
    if (factories.rowCount !== 0) {
      await client.query(
        "DELETE FROM ponder_sync.factories WHERE (factory->>'chainId')::bigint = ANY($1::bigint[])",
        [env.CHAIN_ID],
      );
    }
  } finally {
    await client.end();
  }
  logger.info(
    { schema: env.DATABASE_SCHEMA, chains: env.CHAIN_ID, durationMs: Date.now() - started },
    "Wiped the index",
  );
}

async function ponderGet(path: string): Promise<{ status: number; body: unknown } | null> {
  try {
    const response = await fetch(`http://127.0.0.1:${supervisor.ponderPort}${path}`, {
      signal: AbortSignal.timeout(2_000),
    });
    const text = await response.text();
    let body: unknown = text;
    try {
      body = JSON.parse(text);
    } catch {}
    return { status: response.status, body };
  } catch {
    return null;
  }
}

async function health(): Promise<{ status: number; body: Record<string, unknown> }> {
  const [ready, status, reorg] = await Promise.all([
    ponderGet("/ready"),
    ponderGet("/status"),
    ponderGet("/api/reorg"),
  ]);
  const isReady = ready?.status === 200;
  if (supervisor.state === "reindexing" && isReady) supervisor.state = "running";
  if ((supervisor.state === "starting" || supervisor.state === "restarting") && ready !== null)
    supervisor.state = "running";
  const deepReorg = reorg?.status === 503;
  const overall = deepReorg
    ? "stale"
    : supervisor.state === "reindexing"
      ? "reindexing"
      : ready === null
        ? "down"
        : isReady
          ? "ok"
          : "syncing";
  const body = {
    status: overall,
    ready: isReady,
    indexer: {
      state: supervisor.state,
      pid: supervisor.child?.pid ?? null,
      restarts: supervisor.restarts,
    },
    chains: status?.body ?? null,
    reorg: {
      deepReorgDetected: deepReorg,
      current: deepReorg ? ((reorg?.body as { deepReorg?: unknown }).deepReorg ?? null) : null,
      reindexes: supervisor.reindexes,
      lastDeepReorg: supervisor.lastDeepReorg,
      watchdog: reorg?.body ?? null,
    },
  };
  return { status: overall === "ok" || overall === "syncing" ? 200 : 503, body };
}

function refuse(
  response: http.ServerResponse,
  status: number,
  code: string,
  message: string,
  headers: Record<string, string> = {},
): void {
  response.writeHead(status, { "content-type": "application/json", ...headers });
  response.end(JSON.stringify({ error: { code, message } }));
}

function proxy(request: http.IncomingMessage, response: http.ServerResponse): void {
  if (request.url === "/health" || request.url?.startsWith("/health?")) {
    if (request.method !== "GET" && request.method !== "HEAD") {
      refuse(
        response,
        405,
        "method_not_allowed",
        `${request.method} is not allowed on /health; use GET or HEAD.`,
        { allow: "GET, HEAD" },
      );
      return;
    }
    void health().then(({ status, body }) => {
      response.writeHead(status, { "content-type": "application/json" });
      response.end(JSON.stringify(body));
    });
    return;
  }
  if (supervisor.state === "reindexing" && request.url !== "/metrics") {
    refuse(
      response,
      503,
      "reindexing",
      "The indexer is re-indexing after a deep chain reorganisation; try again later.",
    );
    return;
  }
  const upstream = http.request(
    {
      host: "127.0.0.1",
      port: supervisor.ponderPort,
      path: request.url,
      method: request.method,
      headers: request.headers,
    },
    (reply) => {
      response.writeHead(reply.statusCode ?? 502, reply.headers);
      reply.pipe(response);
    },
  );
  upstream.on("error", () =>
    refuse(response, 503, "indexer_unavailable", "The indexer is starting or restarting."),
  );
  request.pipe(upstream);
}

function shutdown(signal: NodeJS.Signals): void {
  supervisor.state = "stopping";
  logger.info({ signal }, "Received a stop signal; stopping Ponder");
  const child = supervisor.child;
  if (child === undefined) process.exit(0);
  child.once("exit", () => process.exit(0));
  child.kill("SIGTERM");
  setTimeout(() => child.kill("SIGKILL"), 8_000).unref();
}

async function main(): Promise<void> {
  supervisor.ponderPort = env.PONDER_PORT ?? (await freePort());
  const server = http.createServer(proxy);
  server.keepAliveTimeout = 5_000;
  await new Promise<void>((done) => server.listen(env.INDEXER_PORT, env.INDEXER_HOST, done));
  logger.info(
    { host: env.INDEXER_HOST, port: env.INDEXER_PORT, chains: env.CHAIN_ID },
    "Started serving the indexer API",
  );
  if (existsSync(markerPath)) {
    supervisor.state = "reindexing";
    logger.error(
      { marker: markerPath },
      "Found the re-index marker of a deep reorg; re-indexing from the deployment blocks",
    );
    await wipeIndex();
    rmSync(markerPath, { force: true });
  }
  startPonder();
  process.on("SIGTERM", shutdown);
  process.on("SIGINT", shutdown);
}

await main();
