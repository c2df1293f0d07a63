// `npm run bench:face`: detect+embed latency and CPU time on a ~640 px single-face photo (with the ONNX runs it takes),
// /face/compare and /face/liveness through the HTTP app (in process), and 1:N search p95, CPU time and recall@1 over
// 100,000 stored templates (random unit vectors; see search-bench.ts). Each measure carries the load average at its
// end, as the machine is shared. Writes bench/results/face.json at the repository root.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { cpus, loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import sharp from "sharp";
import { assemble } from "../src/bootstrap.ts";
import { loadConfig } from "../src/config.ts";
import { faceDataDir, repoRoot } from "../src/dataset.ts";
import { decodeImage } from "../src/image/decode.ts";
import { createLogger } from "../src/logger.ts";
import { DEFAULT_SEARCH } from "../src/templates/matrix.ts";
import { OnnxModel } from "../src/vision/models.ts";
import { runSearchBench } from "./search-bench.ts";

const ITERATIONS = Number(process.env.FACE_BENCH_ITERATIONS ?? 40);
const TEMPLATES = Number(process.env.FACE_BENCH_TEMPLATES ?? 100_000);
const QUERIES = Number(process.env.FACE_BENCH_QUERIES ?? 1000);

const templateDir = mkdtempSync(join(tmpdir(), "face-bench-"));
const config = loadConfig({ ...process.env, FACE_TEMPLATE_DIR: templateDir });
const { app, service } = await assemble(config, createLogger("silent", false));

const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))] ?? 0;
const round = (v: number) => Math.round(v * 100) / 100;

/** Counts ONNX Runtime session runs (every model run goes through OnnxModel.run), to report them per call. */
let onnxRuns = 0;
const modelRun = OnnxModel.prototype.run;
OnnxModel.prototype.run = function (this: OnnxModel, data: Float32Array, shape: readonly number[]) {
  onnxRuns++;
  return modelRun.call(this, data, shape);
};

/** Wall-clock percentiles, process CPU time per call and ONNX runs per call of `run`. */
async function measure(run: () => Promise<unknown>, iterations = ITERATIONS) {
  for (let i = 0; i < 3; i++) await run();
  const times: number[] = [];
  const runsBefore = onnxRuns;
  const cpu = process.cpuUsage();
  for (let i = 0; i < iterations; i++) {
    const t0 = performance.now();
    await run();
    times.push(performance.now() - t0);
  }
  const used = process.cpuUsage(cpu);
  times.sort((a, b) => a - b);
  return {
    iterations,
    p50: round(percentile(times, 0.5)),
    p95: round(percentile(times, 0.95)),
    max: round(times.at(-1) ?? 0),
    cpuMsPerCall: round((used.user + used.system) / 1000 / iterations),
    onnxRunsPerCall: (onnxRuns - runsBefore) / iterations,
    loadAverage: loadavg().map(round),
  };
}

const resize = (file: string) =>
  sharp(readFileSync(join(faceDataDir(), file)))
    .resize({ width: 640 })
    .jpeg({ quality: 90 })
    .toBuffer();
const portrait = await resize("rose_leslie/rose-1.jpg");
const other = await resize("rose_leslie/rose-2.jpg");
const { width, height } = await sharp(portrait).metadata();
const decoded = await decodeImage(portrait, config.images);

const form = (fields: Record<string, Buffer>) => {
  const body = new FormData();
  for (const [name, bytes] of Object.entries(fields))
    body.append(name, new Blob([new Uint8Array(bytes)], { type: "image/jpeg" }));
  return body;
};

const loadBefore = loadavg();
const detectEmbed = await measure(() => service.engine.analyse(decoded));
const decodeDetectEmbed = await measure(async () =>
  service.engine.analyse(await decodeImage(portrait, config.images)),
);
const compare = await measure(async () =>
  app.request("/face/compare", { method: "POST", body: form({ a: portrait, b: other }) }),
);
const liveness = await measure(async () =>
  app.request("/face/liveness", { method: "POST", body: form({ image: portrait }) }),
);
const search = runSearchBench(TEMPLATES, QUERIES, DEFAULT_SEARCH, config.templates.searchTopK);

const result = {
  generatedAt: new Date().toISOString(),
  machine: {
    cpus: cpus().length,
    cpuModel: cpus()[0]?.model,
    loadAverageBefore: loadBefore.map(round),
    loadAverageAfter: loadavg().map(round),
    note:
      "shared 2-core machine; other work ran at the same time, so wall-clock latencies are upper " +
      "bounds and CPU time per call is the comparable figure",
  },
  onnxThreadsPerRun: config.models.threads,
  photo: { file: "rose_leslie/rose-1.jpg resized", width, height },
  latencyMs: {
    detectEmbed,
    decodeDetectEmbed,
    compareTwoImagesHttp: compare,
    livenessHttp: liveness,
  },
  search,
  targets: { detectEmbedP50Ms: 60, searchP95Ms: 5, recallAt1: 0.99 },
};
const outDir = join(repoRoot, "bench", "results");
mkdirSync(outDir, { recursive: true });
writeFileSync(join(outDir, "face.json"), `${JSON.stringify(result, null, 2)}\n`);
rmSync(templateDir, { recursive: true, force: true });
console.log(
  JSON.stringify(
    { latencyMs: result.latencyMs, search: { ...search }, machine: result.machine },
    null,
    2,
  ),
);
