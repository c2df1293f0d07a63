// GraphiQL for GET /graphql that works offline: GraphQL Yoga's GraphiQL build (the @graphql-yoga/render-graphiql
// package, which bundles React, GraphiQL, its explorer plugin, Monaco, fonts and icons) served by the indexer itself.
// Ponder's own page loads React and GraphiQL from a CDN, so it stays blank without internet access.
import {
  css,
  editorWorkerService,
  favicon,
  graphqlWorker,
  js,
  jsonWorker,
} from "@graphql-yoga/render-graphiql/graphiql";
import { Hono } from "hono";
import { compress } from "hono/compress";

/** The files the page loads, by name under graphql/assets/; the favicon ships as a data URL. */
const ASSETS: Record<string, { type: string; body: string | Uint8Array<ArrayBuffer> }> = {
  "graphiql.js": { type: "text/javascript; charset=utf-8", body: js },
  "graphiql.css": { type: "text/css; charset=utf-8", body: css },
  "editorWorkerService.worker.js": {
    type: "text/javascript; charset=utf-8",
    body: editorWorkerService,
  },
  "json.worker.js": { type: "text/javascript; charset=utf-8", body: jsonWorker },
  "graphql.worker.js": { type: "text/javascript; charset=utf-8", body: graphqlWorker },
  "favicon.ico": {
    type: "image/x-icon",
    body: new Uint8Array(Buffer.from(favicon.slice(favicon.indexOf(",") + 1), "base64")),
  },
};

/** The query the editor opens with: the latest remittances, which any indexed chain answers. */
export const DEFAULT_QUERY = `# The indexer's tables; every key starts with chainId.
# Ctrl-Enter runs the query; the book icon opens the schema.
{
  remittances(orderBy: "sentOrder", orderDirection: "desc", limit: 5) {
    totalCount
    items { chainId id kind status sender recipient amount sentTx }
  }
}
`;

/** Options of Yoga's GraphiQL: queries go to this server's /graphql as POST (GET /graphql is this page). */
const GRAPHIQL_OPTIONS = {
  endpoint: "/graphql",
  method: "POST",
  title: "CLXEND indexer",
  query: DEFAULT_QUERY,
};

// Monaco starts its language workers from getWorkerUrl; they are served next to the page like every other asset.
const PAGE = `<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8" />
    <title>CLXEND indexer · GraphiQL</title>
    <link rel="icon" href="graphql/assets/favicon.ico" />
    <link rel="stylesheet" href="graphql/assets/graphiql.css" />
  </head>
  <body id="body" class="no-focus-outline">
    <noscript>GraphiQL needs JavaScript.</noscript>
    <div id="root"></div>
    <script>
      self.MonacoEnvironment = {
        globalAPI: false,
        getWorkerUrl: (_moduleId, label) =>
          new URL("graphql/assets/" + label + ".worker.js", document.baseURI).href,
      };
    </script>
    <script src="graphql/assets/graphiql.js"></script>
    <script>
      YogaGraphiQL.renderYogaGraphiQL(document.getElementById("root"), ${JSON.stringify(GRAPHIQL_OPTIONS)});
    </script>
  </body>
</html>
`;

/** GET /graphql (the page) and GET /graphql/assets/<file>; register before Ponder's graphql() middleware. */
export const graphiql = new Hono();

graphiql.get("/graphql", (c) => c.html(PAGE));

graphiql.get("/graphql/assets/:file", compress(), (c, next) => {
  const asset = ASSETS[c.req.param("file")];
  if (asset === undefined) return next();
  return c.body(asset.body, 200, {
    "content-type": asset.type,
    "cache-control": "public, max-age=86400",
  });
});
