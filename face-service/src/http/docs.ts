// The /docs page: Swagger UI rendered by @hono/swagger-ui, with its script and stylesheet served by this service
// from the swagger-ui-dist package in node_modules, so the page loads without internet (no CDN).
import { createRequire } from "node:module";
import { dirname } from "node:path";
import { serveStatic } from "@hono/node-server/serve-static";
import { swaggerUI } from "@hono/swagger-ui";
import { Hono } from "hono";

/** Where the Swagger UI files are served; @hono/swagger-ui appends `/swagger-ui-dist/<file>`. */
export const DOCS_ASSETS_BASE = "/docs/assets";
const ASSETS_PATH = `${DOCS_ASSETS_BASE}/swagger-ui-dist`;

/** The files of swagger-ui-dist the page loads; nothing else of the package is served. */
const ASSET_FILES = ["swagger-ui.css", "swagger-ui-bundle.js"] as const;

const distDir = dirname(createRequire(import.meta.url).resolve("swagger-ui-dist/package.json"));

/** GET /docs (the page) and its assets, to mount at the root; `specUrl` is the OpenAPI document the page shows. */
export function docsRoutes(specUrl: string, title: string): Hono {
  const app = new Hono();
  const assets = serveStatic({
    root: distDir,
    rewriteRequestPath: (path) => path.slice(ASSETS_PATH.length),
    onFound: (_path, c) => {
      c.header("cache-control", "public, max-age=86400");
    },
  });
  for (const file of ASSET_FILES) app.get(`${ASSETS_PATH}/${file}`, assets);
  // validatorUrl "none": Swagger UI would otherwise send the document to an online validator.
  app.get(
    "/docs",
    swaggerUI({ url: specUrl, baseUrl: DOCS_ASSETS_BASE, title, validatorUrl: "none" }),
  );
  return app;
}
