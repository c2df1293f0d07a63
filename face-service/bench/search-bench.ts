// 1:N search benchmark used by bench/face.ts (and the data of bench/face-search-sweep.ts): fills the service's
// template matrix with random unit vectors (stand-ins for face templates) and measures search latency, CPU time per
// query and recall@1 against a float32 brute-force search, for probes as similar to their template as real photos.
import { cpus, loadavg } from "node:os";
import { exactSearch, MetricKind } from "usearch";
import { type SearchSettings, TemplateMatrix } from "../src/templates/matrix.ts";

/** Deterministic pseudo-random numbers (mulberry32), so every run uses the same vectors. */
export function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Fills `out` with standard normal samples (Box–Muller). */
function gaussian(rand: () => number, out: Float32Array): void {
  for (let i = 0; i < out.length; i += 2) {
    const r = Math.sqrt(-2 * Math.log(rand() || 1e-12));
    const theta = 2 * Math.PI * rand();
    out[i] = r * Math.cos(theta);
    if (i + 1 < out.length) out[i + 1] = r * Math.sin(theta);
  }
}

const dot = (a: Float32Array, b: Float32Array) => {
  let sum = 0;
  for (let i = 0; i < a.length; i++) sum += (a[i] ?? 0) * (b[i] ?? 0);
  return sum;
};

/** `count` random unit vectors of `dimensions`, one row after another. */
export function randomTemplates(count: number, dimensions: number, seed = 42): Float32Array {
  const data = new Float32Array(count * dimensions);
  gaussian(random(seed), data);
  for (let row = 0; row < count; row++) {
    const v = data.subarray(row * dimensions, (row + 1) * dimensions);
    const norm = Math.sqrt(dot(v, v)) || 1;
    for (let d = 0; d < dimensions; d++) v[d] = (v[d] ?? 0) / norm;
  }
  return data;
}

/** Search probes: each a stored template turned by a random direction to an exact cosine with it. */
export interface Probes {
  readonly vectors: Float32Array;
  /** Row of the template each probe was made from. */
  readonly origins: Uint32Array;
  /** Cosine of each probe with its template. */
  readonly cosines: Float32Array;
}

/** Lowest and highest cosine of a probe with its template, drawn uniformly (real same-person pairs: 0.49–0.90). */
export const PROBE_COSINE = { low: 0.5, high: 0.9 } as const;

/**
 * `count` probes of `templates`: a random template t, a random unit direction u orthogonal to it, and
 * p = c·t + √(1 − c²)·u with c uniform in PROBE_COSINE, so cos(p, t) = c exactly. The photos of
 * ../shared/data/faces give same-person cosines from 0.49 to 0.90 (bench/results/face-eval.json).
 */
export function makeProbes(templates: Float32Array, dimensions: number, count: number, seed = 7) {
  const rand = random(seed);
  const rows = templates.length / dimensions;
  const vectors = new Float32Array(count * dimensions);
  const origins = new Uint32Array(count);
  const cosines = new Float32Array(count);
  const direction = new Float32Array(dimensions);
  for (let q = 0; q < count; q++) {
    const origin = Math.floor(rand() * rows);
    const t = templates.subarray(origin * dimensions, (origin + 1) * dimensions);
    gaussian(rand, direction);
    const along = dot(direction, t);
    for (let d = 0; d < dimensions; d++) direction[d] = (direction[d] ?? 0) - along * (t[d] ?? 0);
    const norm = Math.sqrt(dot(direction, direction));
    const c = PROBE_COSINE.low + (PROBE_COSINE.high - PROBE_COSINE.low) * rand();
    const s = Math.sqrt(1 - c * c) / norm;
    for (let d = 0; d < dimensions; d++)
      vectors[q * dimensions + d] = c * (t[d] ?? 0) + s * (direction[d] ?? 0);
    origins[q] = origin;
    cosines[q] = c;
  }
  return { vectors, origins, cosines } satisfies Probes;
}

/** Rows of the float32 brute-force nearest template of each probe (the ground truth of recall@1). */
export function bruteForceTop1(templates: Float32Array, probes: Probes, dimensions: number) {
  return Uint32Array.from(
    exactSearch(templates, probes.vectors, dimensions, 1, MetricKind.Cos, cpus().length).keys,
    Number,
  );
}

const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))] ?? 0;
const ms = (v: number) => Math.round(v * 1000) / 1000;
const cpuMs = (since: NodeJS.CpuUsage) => {
  const used = process.cpuUsage(since);
  return (used.user + used.system) / 1000;
};

/** Latency, CPU time and recall of one way of searching, over every probe. */
export interface SearchMeasure {
  searchMs: { p50: number; p95: number; max: number };
  cpuMsPerQuery: number;
  recallAt1: number;
  /** Recall@1 of the hardest probes (cosine below 0.6 with their template). */
  recallAt1BelowCosine06: number;
  loadAverage: number[];
}

/** Runs `search` (returning the best row) for every probe; the first 20 probes also warm up. */
export function measureSearch(
  probes: Probes,
  truth: Uint32Array,
  dimensions: number,
  search: (probe: Float32Array) => number | undefined,
): SearchMeasure {
  const count = truth.length;
  const probe = (q: number) => probes.vectors.subarray(q * dimensions, (q + 1) * dimensions);
  for (let q = 0; q < Math.min(20, count); q++) search(probe(q));
  const times: number[] = [];
  let hits = 0;
  let hard = 0;
  let hardHits = 0;
  const cpu = process.cpuUsage();
  for (let q = 0; q < count; q++) {
    const t0 = performance.now();
    const best = search(probe(q));
    times.push(performance.now() - t0);
    const hit = best === truth[q];
    if (hit) hits++;
    if ((probes.cosines[q] ?? 1) < 0.6) {
      hard++;
      if (hit) hardHits++;
    }
  }
  const cpuPerQuery = cpuMs(cpu) / count;
  times.sort((a, b) => a - b);
  return {
    searchMs: {
      p50: ms(percentile(times, 0.5)),
      p95: ms(percentile(times, 0.95)),
      max: ms(times.at(-1) ?? 0),
    },
    cpuMsPerQuery: ms(cpuPerQuery),
    recallAt1: hits / count,
    recallAt1BelowCosine06: hard === 0 ? 1 : hardHits / hard,
    loadAverage: loadavg().map((v) => Math.round(v * 100) / 100),
  };
}

/** Result of one search benchmark run of the service's matrix. */
export interface SearchBenchResult extends SearchMeasure {
  templates: number;
  queries: number;
  queryKind: string;
  settings: SearchSettings;
  topK: number;
  build: { seconds: number; cpuSeconds: number };
}

/**
 * Loads `count` random unit templates into the service's TemplateMatrix and searches it with `queries` probes
 * (top `topK`, as /face/search does), against float32 brute force.
 */
export function runSearchBench(
  count: number,
  queries: number,
  settings: SearchSettings,
  topK: number,
): SearchBenchResult {
  const dims = settings.dimensions;
  const templates = randomTemplates(count, dims);
  const probes = makeProbes(templates, dims, queries);
  const truth = bruteForceTop1(templates, probes, dims);

  const started = performance.now();
  const cpu = process.cpuUsage();
  const matrix = new TemplateMatrix(settings, count);
  for (let row = 0; row < count; row++)
    matrix.append(templates.subarray(row * dims, (row + 1) * dims));
  const build = {
    seconds: Math.round((performance.now() - started) / 10) / 100,
    cpuSeconds: Math.round(cpuMs(cpu) / 10) / 100,
  };

  const measured = measureSearch(probes, truth, dims, (p) => matrix.nearest(p, topK)[0]?.row);
  return {
    templates: count,
    queries,
    queryKind: `random unit template turned to a cosine uniform in ${PROBE_COSINE.low}–${PROBE_COSINE.high} with it`,
    settings,
    topK,
    build,
    ...measured,
  };
}
