// The in-memory 1:N search over enrolled templates: every template is kept as an int8 code (for a fast exact scan
// with usearch's SIMD `exactSearch`, by inner product) and as float32 (to score the scan's best candidates exactly).
// Rows are dense, so a removal moves the last row into the gap.
import { exactSearch, MetricKind } from "usearch";

/** Settings of the 1:N search; measured by bench/face.ts and bench/face-search-sweep.ts. */
export interface SearchSettings {
  readonly dimensions: number;
  /** Candidates the int8 scan hands on to exact float32 scoring (at least the k asked for). */
  readonly candidates: number;
  /** Threads of the int8 scan. */
  readonly threads: number;
}

/** Search settings of the service (bench/results/face.json). */
export const DEFAULT_SEARCH: SearchSettings = { dimensions: 512, candidates: 32, threads: 1 };

/** One hit: the row of a template and its exact cosine similarity to the query. */
export interface RowHit {
  readonly row: number;
  readonly similarity: number;
}

/**
 * Largest component magnitude that keeps its own int8 code after scaling to unit length; larger ones saturate at
 * ±127. The face embeddings of ../shared/data/faces reach 0.175 and random 512-d unit vectors about 0.2.
 */
export const CODE_FULL_SCALE = 0.35;

/**
 * Writes the int8 code of `vector` into `out`: the vector scaled to unit length, then to 127 / CODE_FULL_SCALE per
 * unit, rounded and clamped. Every code has the same scale, so the scan can rank by inner product and rank as cosine
 * would, whatever the length of the vector (2.0 against 2.4 ms of CPU per query over 100,000 codes, README).
 */
export function quantise(vector: Float32Array, out: Int8Array): void {
  let sum = 0;
  for (const v of vector) sum += v * v;
  const scale = sum > 0 ? 127 / CODE_FULL_SCALE / Math.sqrt(sum) : 0;
  for (let i = 0; i < vector.length; i++) {
    const code = Math.round((vector[i] ?? 0) * scale);
    out[i] = code > 127 ? 127 : code < -127 ? -127 : code;
  }
}

/** Cosine similarity of row `row` of `matrix` (rows of `vector.length` values) with `vector`. */
function rowCosine(matrix: Float32Array, row: number, vector: Float32Array): number {
  const offset = row * vector.length;
  let dot = 0;
  let nm = 0;
  let nv = 0;
  for (let i = 0; i < vector.length; i++) {
    const m = matrix[offset + i] ?? 0;
    const v = vector[i] ?? 0;
    dot += m * v;
    nm += m * m;
    nv += v * v;
  }
  return nm === 0 || nv === 0 ? 0 : dot / Math.sqrt(nm * nv);
}

/** Dense rows of templates with an exact nearest-neighbour search. */
export class TemplateMatrix {
  private codes: Int8Array;
  private vectors: Float32Array;
  private rows = 0;
  private readonly queryCode: Int8Array;

  constructor(
    readonly settings: SearchSettings,
    capacity = 1024,
  ) {
    this.codes = new Int8Array(capacity * settings.dimensions);
    this.vectors = new Float32Array(capacity * settings.dimensions);
    this.queryCode = new Int8Array(settings.dimensions);
  }

  /** Number of rows. */
  get size(): number {
    return this.rows;
  }

  /** Appends a template and returns its row. */
  append(vector: Float32Array): number {
    this.checkDimensions(vector);
    if ((this.rows + 1) * this.settings.dimensions > this.codes.length) this.grow();
    this.write(this.rows, vector);
    return this.rows++;
  }

  /** Overwrites the template in `row`. */
  replace(row: number, vector: Float32Array): void {
    this.checkDimensions(vector);
    this.write(row, vector);
  }

  /**
   * Removes `row` by moving the last row into it. Returns the former index of the moved row (the caller re-points
   * its owner to `row`), or undefined when `row` was the last one.
   */
  remove(row: number): number | undefined {
    const last = this.rows - 1;
    const d = this.settings.dimensions;
    this.rows = last;
    if (row === last) return undefined;
    this.codes.copyWithin(row * d, last * d, (last + 1) * d);
    this.vectors.copyWithin(row * d, last * d, (last + 1) * d);
    return last;
  }

  /** The `k` rows most similar to `query` (cosine, best first). */
  nearest(query: Float32Array, k: number): RowHit[] {
    this.checkDimensions(query);
    const wanted = Math.min(this.rows, Math.max(k, this.settings.candidates));
    if (wanted === 0 || k <= 0) return [];
    quantise(query, this.queryCode);
    // exactSearch reads from the start of each array's buffer, so both views must begin at offset 0 (they do).
    const scan = exactSearch(
      this.codes.subarray(0, this.rows * this.settings.dimensions),
      this.queryCode,
      this.settings.dimensions,
      wanted,
      MetricKind.IP,
      this.settings.threads,
    );
    const hits: RowHit[] = [];
    for (const key of scan.keys) {
      const row = Number(key);
      hits.push({ row, similarity: rowCosine(this.vectors, row, query) });
    }
    return hits.sort((a, b) => b.similarity - a.similarity).slice(0, k);
  }

  private write(row: number, vector: Float32Array): void {
    const d = this.settings.dimensions;
    this.vectors.set(vector, row * d);
    quantise(vector, this.codes.subarray(row * d, (row + 1) * d));
  }

  private grow(): void {
    const codes = new Int8Array(this.codes.length * 2);
    codes.set(this.codes);
    this.codes = codes;
    const vectors = new Float32Array(this.vectors.length * 2);
    vectors.set(this.vectors);
    this.vectors = vectors;
  }

  private checkDimensions(vector: Float32Array): void {
    if (vector.length !== this.settings.dimensions) {
      throw new Error(
        `Template has ${vector.length} dimensions, expected ${this.settings.dimensions}`,
      );
    }
  }
}
