// The indexer's HTTP API: GraphQL (with an offline GraphiQL page), SQL over HTTP, the REST routes and the reorg state,
// behind a guard that refuses to serve once the deep-reorg watchdog has found the indexed data stale. Every error is
// JSON: 404 for an unknown route, 405 with Allow for a known route and another method.
import { db } from "ponder:api";
import schema from "ponder:schema";
import { graphql } from "ponder";
import { Hono } from "hono";
import { readIndexerEnv } from "../../lib/env.ts";
import { createLogger } from "../../lib/logger.ts";
import { ApiError, errorHandler } from "./errors.ts";
import { graphiql } from "./graphiql.ts";
import { allowedMethods } from "./methods.ts";
import { rest } from "./rest.ts";
import { sqlOverHttp } from "./sql.ts";
import { startWatchdog, watchdogState } from "./watchdog.ts";

const env = readIndexerEnv();
const logger = createLogger("indexer-api", { level: env.LOG_LEVEL, pretty: env.LOG_PRETTY });
startWatchdog({
  logger: logger.child({ component: "watchdog" }),
  rpcUrls: env.rpcUrls,
  intervalMs: env.INDEXER_REORG_CHECK_MS,
  markerPath: env.INDEXER_REINDEX_MARKER,
  exitOnDeepReorg: env.INDEXER_REINDEX_MARKER !== undefined,
});

const app = new Hono();

app.get("/api/reorg", (c) => c.json(watchdogState, watchdogState.status === "ok" ? 200 : 503));

app.use("*", async (_c, next) => {
  if (watchdogState.status !== "ok") {
    throw new ApiError(
      503,
      "stale_index",
      "A chain reorganisation deeper than the indexer's finality window made the indexed data stale; re-indexing.",
      watchdogState.deepReorg,
    );
  }
  await next();
});

app.route("/", graphiql);
app.post("/graphql", graphql({ db, schema }));
if (env.DATABASE_URL !== undefined) {
  app.get("/sql/*", sqlOverHttp({ db, schema, timeoutMs: env.INDEXER_SQL_TIMEOUT_MS }));
} else {
  // On PGlite, Ponder flushes updates through session temporary tables named like the real tables, and /sql runs
  // unqualified names on that same session, so it can read an empty temporary table. Refuse rather than mislead.
  app.get("/sql/*", () => {
    throw new ApiError(
      501,
      "sql_unavailable_on_pglite",
      "SQL over HTTP is served only with PostgreSQL (set DATABASE_URL); on the embedded PGlite database use /graphql or the REST API.",
    );
  });
}
app.route("/api", rest);
// Ponder's own routes (/health, /ready, /status, /metrics) answer before this app; everything else ends here.
app.all("*", (c) => {
  const allowed = allowedMethods(app.routes, c.req.path);
  if (allowed.length === 0 || allowed.includes(c.req.method)) {
    throw new ApiError(
      404,
      "not_found",
      `No route ${c.req.path}; see the indexer README for the API.`,
    );
  }
  throw new ApiError(
    405,
    "method_not_allowed",
    `${c.req.method} is not allowed on ${c.req.path}; use ${allowed.slice(0, -1).join(", ")} or ${allowed.at(-1)}.`,
    { allowed },
    { Allow: allowed.join(", ") },
  );
});
app.onError(errorHandler(logger));

export default app;
