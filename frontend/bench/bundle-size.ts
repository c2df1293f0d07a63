// Benchmark of the production build's size: builds the app, then measures what the first page load fetches
// (the entry script, its modulepreloads and the stylesheets named in index.html), raw and gzip, and every chunk.
// Writes bench/results/frontend.json at the repository root.
import { mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";
import { build } from "vite";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const dist = join(root, "dist");
const resultFile = join(root, "..", "bench", "results", "frontend.json");

interface Sized {
  file: string;
  raw: number;
  gzip: number;
}

function sizeOf(file: string): Sized {
  const bytes = readFileSync(join(dist, file));
  return { file, raw: bytes.length, gzip: gzipSync(bytes, { level: 9 }).length };
}

function sum(files: Sized[]) {
  return files.reduce((total, f) => ({ raw: total.raw + f.raw, gzip: total.gzip + f.gzip }), {
    raw: 0,
    gzip: 0,
  });
}

const started = performance.now();
await build({ root, logLevel: "warn" });
const buildSeconds = (performance.now() - started) / 1000;

const html = readFileSync(join(dist, "index.html"), "utf8");
const referenced = (pattern: RegExp) =>
  [...html.matchAll(pattern)].map((m) => (m[1] ?? "").replace(/^\//, ""));
const initialJs = [
  ...referenced(/<script[^>]+type="module"[^>]+src="([^"]+)"/g),
  ...referenced(/<link[^>]+rel="modulepreload"[^>]+href="([^"]+)"/g),
].map(sizeOf);
const initialCss = referenced(/<link[^>]+rel="stylesheet"[^>]+href="([^"]+)"/g).map(sizeOf);
const assets = readdirSync(join(dist, "assets"))
  .filter((name) => statSync(join(dist, "assets", name)).isFile())
  .map((name) => sizeOf(`assets/${name}`));
const allJs = assets.filter((a) => a.file.endsWith(".js"));

const result = {
  benchmark: "frontend bundle size",
  measuredAt: new Date().toISOString(),
  tool: "vite build (production), gzip level 9",
  buildSeconds: Number(buildSeconds.toFixed(1)),
  initial: {
    js: { ...sum(initialJs), files: initialJs },
    css: { ...sum(initialCss), files: initialCss },
  },
  total: {
    js: { ...sum(allJs), chunks: allJs.length },
    css: sum(assets.filter((a) => a.file.endsWith(".css"))),
  },
  largestChunks: [...allJs].sort((a, b) => b.raw - a.raw).slice(0, 8),
};
mkdirSync(dirname(resultFile), { recursive: true });
writeFileSync(resultFile, `${JSON.stringify(result, null, 2)}\n`);
process.stdout.write(
  `Initial JS ${(result.initial.js.raw / 1024).toFixed(1)} KiB (gzip ${(result.initial.js.gzip / 1024).toFixed(1)} KiB), ` +
    `CSS ${(result.initial.css.raw / 1024).toFixed(1)} KiB (gzip ${(result.initial.css.gzip / 1024).toFixed(1)} KiB); ` +
    `written to ${resultFile}\n`,
);
