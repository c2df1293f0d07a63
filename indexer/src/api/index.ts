// The indexer's HTTP API: GraphQL, SQL over HTTP, the REST routes and the reorg state, behind a guard that refuses
// to serve once the deep-reorg watchdog has found the indexed data stale.
import { db } from "ponder:api";
import schema from "ponder:schema";
import { client, graphql } from "ponder";
import { Hono } from "hono";
import { readIndexerEnv } from "../../lib/env.ts";
import { ApiError, errorResponse } from "./errors.ts";
import { rest } from "./rest.ts";
import { startWatchdog, watchdogState } from "./watchdog.ts";

const env = readIndexerEnv();
startWatchdog({
  rpcUrls: env.rpcUrls,
  intervalMs: env.INDEXER_REORG_CHECK_MS,
  markerPath: process.env.INDEXER_REINDEX_MARKER,
  exitOnDeepReorg: process.env.INDEXER_REINDEX_MARKER !== undefined,
});

const app = new Hono();

app.get("/api/reorg", (c) => c.json(watchdogState, watchdogState.status === "ok" ? 200 : 503));

app.use("*", async (c, next) => {
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

app.use("/graphql", graphql({ db, schema }));
app.use("/sql/*", client({ db, schema }));
app.route("/api", rest);
app.notFound(() => {
  throw new ApiError(404, "not_found", "No such route; see the indexer README for the API.");
});
app.onError(errorResponse);

export default app;
