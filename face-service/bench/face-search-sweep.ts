// The recall / latency trade-off behind the service's 1:N search, run with
// `npm exec -w @clxend/face-service -- tsx bench/face-search-sweep.ts`. On the data of search-bench.ts (100,000
// random unit templates, probes at cosine 0.5–0.9 to theirs) it measures the service's exact int8 scan and usearch
// HNSW indexes (FACE_SWEEP_HNSW="i8:32:128,f16:32:128", as quantisation:connectivity:expansion_add) at several
// expansion_search values (FACE_SWEEP_EF). Each HNSW index is built once and reloaded from a temporary file for
// each expansion_search. Writes bench/results/face-search-sweep.json.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { cpus, loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { Index, MetricKind, ScalarKind } from "usearch";
import { repoRoot } from "../src/dataset.ts";
import { DEFAULT_SEARCH, TemplateMatrix } from "../src/templates/matrix.ts";
import {
  bruteForceTop1,
  makeProbes,
  measureSearch,
  PROBE_COSINE,
  randomTemplates,
} from "./search-bench.ts";

const TEMPLATES = Number(process.env.FACE_BENCH_TEMPLATES ?? 100_000);
const QUERIES = Number(process.env.FACE_BENCH_QUERIES ?? 1000);
const HNSW = (process.env.FACE_SWEEP_HNSW ?? "i8:32:128").split(",").filter(Boolean);
const EF = (process.env.FACE_SWEEP_EF ?? "64,128,256,512").split(",").map(Number);
const SCALARS = { i8: ScalarKind.I8, f16: ScalarKind.F16, f32: ScalarKind.F32 } as const;
const TOP_K = 5;

const dims = DEFAULT_SEARCH.dimensions;
const templates = randomTemplates(TEMPLATES, dims);
const probes = makeProbes(templates, dims, QUERIES);
const truth = bruteForceTop1(templates, probes, dims);
const round = (v: number) => Math.round(v * 100) / 100;
const cpuSeconds = (since: NodeJS.CpuUsage) => {
  const used = process.cpuUsage(since);
  return round((used.user + used.system) / 1e6);
};

const rows: Record<string, unknown>[] = [];
const matrix = new TemplateMatrix(DEFAULT_SEARCH, TEMPLATES);
for (let row = 0; row < TEMPLATES; row++)
  matrix.append(templates.subarray(row * dims, (row + 1) * dims));
rows.push({
  method: "exact int8 scan + float32 re-scoring (service)",
  settings: DEFAULT_SEARCH,
  ...measureSearch(probes, truth, dims, (p) => matrix.nearest(p, TOP_K)[0]?.row),
});
console.log(JSON.stringify(rows.at(-1)));

const dir = mkdtempSync(join(tmpdir(), "face-sweep-"));
const keys = BigUint64Array.from({ length: TEMPLATES }, (_, i) => BigInt(i));
for (const spec of HNSW) {
  const [scalar = "i8", connectivity = "32", expansionAdd = "128"] = spec.split(":");
  const make = (expansionSearch: number) =>
    new Index({
      dimensions: dims,
      metric: MetricKind.Cos,
      quantization: SCALARS[scalar as keyof typeof SCALARS],
      connectivity: Number(connectivity),
      expansion_add: Number(expansionAdd),
      expansion_search: expansionSearch,
      multi: false,
    });
  const index = make(EF[0] ?? 64);
  const started = performance.now();
  const cpu = process.cpuUsage();
  index.add(keys, templates, cpus().length);
  const build = {
    seconds: round((performance.now() - started) / 1000),
    cpuSeconds: cpuSeconds(cpu),
    threads: cpus().length,
    loadAverage: loadavg().map(round),
  };
  const file = join(dir, `${spec.replaceAll(":", "-")}.usearch`);
  index.save(file);
  for (const expansionSearch of EF) {
    const reloaded = make(expansionSearch);
    reloaded.load(file);
    rows.push({
      method: "usearch HNSW",
      settings: {
        quantization: scalar,
        connectivity: Number(connectivity),
        expansionAdd: Number(expansionAdd),
        expansionSearch,
      },
      build,
      ...measureSearch(probes, truth, dims, (p) => {
        const key = reloaded.search(p, TOP_K, 1).keys[0];
        return key === undefined ? undefined : Number(key);
      }),
    });
    console.log(JSON.stringify(rows.at(-1)));
  }
}
rmSync(dir, { recursive: true, force: true });

const outDir = join(repoRoot, "bench", "results");
mkdirSync(outDir, { recursive: true });
writeFileSync(
  join(outDir, "face-search-sweep.json"),
  `${JSON.stringify(
    {
      generatedAt: new Date().toISOString(),
      machine: {
        cpus: cpus().length,
        cpuModel: cpus()[0]?.model,
        note: "shared 2-core machine; compare CPU time per query",
      },
      templates: TEMPLATES,
      queries: QUERIES,
      topK: TOP_K,
      queryKind: `random unit template turned to a cosine uniform in ${PROBE_COSINE.low}–${PROBE_COSINE.high} with it`,
      rows,
    },
    null,
    2,
  )}\n`,
);
