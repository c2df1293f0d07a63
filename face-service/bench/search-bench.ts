// 1:N search benchmark used by bench/face.ts: fills a usearch index with random unit vectors (stand-ins for face
// templates) and measures search latency and recall@1 against brute force.
import { exactSearch, MetricKind } from "usearch";
import { createIndex, type IndexSettings } from "../src/templates/store.ts";

/** Deterministic pseudo-random numbers (mulberry32), so every run uses the same vectors. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Fills `out` with a standard normal sample (Box–Muller). */
function gaussian(rand: () => number, out: Float32Array, offset: number, count: number): void {
  for (let i = 0; i < count; i += 2) {
    const r = Math.sqrt(-2 * Math.log(rand() || 1e-12));
    const theta = 2 * Math.PI * rand();
    out[offset + i] = r * Math.cos(theta);
    if (i + 1 < count) out[offset + i + 1] = r * Math.sin(theta);
  }
}

function normaliseRows(matrix: Float32Array, dimensions: number): void {
  for (let row = 0; row < matrix.length / dimensions; row++) {
    let sum = 0;
    for (let d = 0; d < dimensions; d++) sum += (matrix[row * dimensions + d] ?? 0) ** 2;
    const norm = Math.sqrt(sum) || 1;
    for (let d = 0; d < dimensions; d++)
      matrix[row * dimensions + d] = (matrix[row * dimensions + d] ?? 0) / norm;
  }
}

const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))] ?? 0;

/** Result of one search benchmark run. */
export interface SearchBenchResult {
  templates: number;
  queries: number;
  queryKind: string;
  index: IndexSettings;
  buildSeconds: number;
  searchMs: { p50: number; p95: number; max: number };
  recallAt1: number;
}

/**
 * Builds an index of `count` random unit templates and searches it with `queries` probes. Probes are stored
 * templates plus noise (cosine ≈ 0.7 to their origin, like a new photo of an enrolled person).
 */
export function runSearchBench(
  count: number,
  queries: number,
  settings: IndexSettings,
): SearchBenchResult {
  const dims = settings.dimensions;
  const rand = random(42);
  const data = new Float32Array(count * dims);
  gaussian(rand, data, 0, data.length);
  normaliseRows(data, dims);
  const index = createIndex(settings);
  const keys = new BigUint64Array(count);
  for (let i = 0; i < count; i++) keys[i] = BigInt(i);
  const started = performance.now();
  index.add(keys, data, 2);
  const buildSeconds = (performance.now() - started) / 1000;

  const probes = new Float32Array(queries * dims);
  gaussian(rand, probes, 0, probes.length);
  normaliseRows(probes, dims);
  for (let q = 0; q < queries; q++) {
    const origin = Math.floor(rand() * count);
    for (let d = 0; d < dims; d++) {
      probes[q * dims + d] =
        0.7 * (data[origin * dims + d] ?? 0) + 0.714 * (probes[q * dims + d] ?? 0);
    }
  }
  normaliseRows(probes, dims);

  const exact = exactSearch(data, probes, dims, 1, MetricKind.Cos, 2);
  const truth = exact.keys;
  const times: number[] = [];
  let hits = 0;
  for (let q = 0; q < queries; q++) {
    const probe = probes.subarray(q * dims, (q + 1) * dims);
    const t0 = performance.now();
    const result = index.search(probe, 1, 1);
    times.push(performance.now() - t0);
    if (result.keys[0] === truth[q]) hits++;
  }
  times.sort((a, b) => a - b);
  const ms = (v: number) => Math.round(v * 1000) / 1000;
  return {
    templates: count,
    queries,
    queryKind: "stored random unit template + noise (cosine about 0.7 to its origin)",
    index: settings,
    buildSeconds: Math.round(buildSeconds * 10) / 10,
    searchMs: {
      p50: ms(percentile(times, 0.5)),
      p95: ms(percentile(times, 0.95)),
      max: ms(times.at(-1) ?? 0),
    },
    recallAt1: hits / queries,
  };
}
