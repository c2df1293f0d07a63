// The /docs page: Swagger UI (@hono/swagger-ui) whose script and stylesheet this service serves itself from the
// swagger-ui-dist package in node_modules, so the page works without internet access (no CDN).
import { createRequire } from "node:module";
import path from "node:path";
import { serveStatic } from "@hono/node-server/serve-static";
import { swaggerUI } from "@hono/swagger-ui";
import { Hono } from "hono";

/** Where the page's files are served; @hono/swagger-ui appends `/swagger-ui-dist/<file>`. */
export const DOCS_ASSETS_BASE = "/docs/assets";
const ASSETS_PATH = `${DOCS_ASSETS_BASE}/swagger-ui-dist`;
/** The only files of swagger-ui-dist the page loads, and so the only ones served. */
const ASSET_FILES = ["swagger-ui.css", "swagger-ui-bundle.js"] as const;

const distDir = path.dirname(
  createRequire(import.meta.url).resolve("swagger-ui-dist/package.json"),
);

/** GET /docs, the page showing the OpenAPI document at `specUrl`, and GET of its two assets; mount at the root. */
export function docsRoutes(specUrl: string, title: string): Hono {
  const app = new Hono();
  const assets = serveStatic({
    root: distDir,
    rewriteRequestPath: (p) => p.slice(ASSETS_PATH.length),
    onFound: (_path, c) => {
      c.header("cache-control", "public, max-age=86400");
    },
  });
  for (const file of ASSET_FILES) app.get(`${ASSETS_PATH}/${file}`, assets);
  // validatorUrl "none": Swagger UI would otherwise send the document to an online validator for its badge.
  app.get(
    "/docs",
    swaggerUI({ url: specUrl, baseUrl: DOCS_ASSETS_BASE, title, validatorUrl: "none" }),
  );
  return app;
}
