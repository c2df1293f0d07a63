// `npm start -w @clxend/frontend`: builds the app when the build is missing or older than its sources, then
// serves it with `vite preview` (runtime /config.json, proxies) on FRONTEND_PORT and prints the URL.
import { existsSync, readdirSync, statSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { build, preview } from "vite";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");

/** Newest modification time (ms) of the files under `path`. */
function newest(path: string): number {
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return readdirSync(path).reduce(
    (latest, name) => Math.max(latest, newest(join(path, name))),
    stat.mtimeMs,
  );
}

const builtAt = existsSync(join(root, "dist", "index.html"))
  ? statSync(join(root, "dist", "index.html")).mtimeMs
  : 0;
const sources = ["src", "public", "index.html", "vite.config.ts", "package.json"].map((name) =>
  join(root, name),
);
const sourcesAt = Math.max(...sources.filter((path) => existsSync(path)).map(newest));
if (builtAt < sourcesAt || process.env.FRONTEND_REBUILD === "1") {
  process.stdout.write("Building the frontend (production build)…\n");
  await build({ root, logLevel: "warn" });
}
const server = await preview({ root });
const url = server.resolvedUrls?.local[0] ?? `http://127.0.0.1:${server.config.preview.port}/`;
process.stdout.write(`CLXEND frontend: ${url}\n`);
