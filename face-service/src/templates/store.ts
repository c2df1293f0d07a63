// The 1:N template store: one encrypted file per enrolled subject on disk, and an in-memory HNSW index (usearch)
// over the decrypted templates, rebuilt from the files at start. The index is never written to disk, so no
// plaintext template is stored; deleting a subject removes it from the index and deletes its file.
import { mkdir, readdir, readFile, rename, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { Index, MetricKind, ScalarKind } from "usearch";
import { z } from "zod";
import { SubjectNotFoundError } from "../errors.ts";
import { TemplateCipher } from "./cipher.ts";

const FILE_SUFFIX = ".tpl";

const RecordSchema = z.object({
  subject: z.string(),
  embedding: z.string(),
  enrolledAt: z.string(),
});

/** One search hit. */
export interface SearchHit {
  readonly subject: string;
  readonly similarity: number;
}

/** Settings of the HNSW index. */
export interface IndexSettings {
  readonly dimensions: number;
  readonly connectivity: number;
  readonly expansionAdd: number;
  readonly expansionSearch: number;
  /** Storage precision of the vectors inside the index. */
  readonly quantization: "f32" | "f16" | "i8";
}

/** Index settings used by the service and measured by bench/face.ts (results in bench/results/face.json). */
export const DEFAULT_INDEX: IndexSettings = {
  dimensions: 512,
  connectivity: 32,
  expansionAdd: 128,
  expansionSearch: 128,
  quantization: "i8",
};

const SCALARS = { f32: ScalarKind.F32, f16: ScalarKind.F16, i8: ScalarKind.I8 } as const;

/** Builds an empty usearch index with cosine distance. */
export function createIndex(settings: IndexSettings): Index {
  return new Index({
    dimensions: settings.dimensions,
    metric: MetricKind.Cos,
    quantization: SCALARS[settings.quantization],
    connectivity: settings.connectivity,
    expansion_add: settings.expansionAdd,
    expansion_search: settings.expansionSearch,
    multi: false,
  });
}

const toBase64 = (v: Float32Array) =>
  Buffer.from(v.buffer, v.byteOffset, v.byteLength).toString("base64");
const fromBase64 = (s: string) => {
  const bytes = Buffer.from(s, "base64");
  return new Float32Array(
    bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength),
  );
};

/** Enrolled templates: encrypted files plus the search index. */
export class TemplateStore {
  private readonly keys = new Map<string, bigint>();
  private readonly subjects = new Map<bigint, string>();
  private nextKey = 1n;

  private constructor(
    private readonly dir: string,
    private readonly cipher: TemplateCipher,
    private readonly index: Index,
    private readonly settings: IndexSettings,
  ) {}

  /** Opens the store in `dir` (created if missing), decrypting every record into the index. */
  static async open(
    dir: string,
    key: Buffer,
    settings: IndexSettings = DEFAULT_INDEX,
  ): Promise<TemplateStore> {
    await mkdir(dir, { recursive: true });
    const store = new TemplateStore(dir, new TemplateCipher(key), createIndex(settings), settings);
    for (const file of (await readdir(dir)).filter((f) => f.endsWith(FILE_SUFFIX))) {
      const storageId = file.slice(0, -FILE_SUFFIX.length);
      const record = RecordSchema.parse(
        JSON.parse(store.cipher.open(storageId, await readFile(join(dir, file))).toString("utf8")),
      );
      store.addToIndex(record.subject, fromBase64(record.embedding));
    }
    return store;
  }

  /** Number of enrolled subjects. */
  get size(): number {
    return this.keys.size;
  }

  /** Path of a subject's encrypted record. */
  pathOf(subject: string): string {
    return join(this.dir, `${this.cipher.storageId(subject)}${FILE_SUFFIX}`);
  }

  /** Stores `embedding` as the template of `subject`, replacing an earlier one. Returns whether it replaced one. */
  async enroll(subject: string, embedding: Float32Array): Promise<{ replaced: boolean }> {
    if (embedding.length !== this.settings.dimensions) {
      throw new Error(
        `Template has ${embedding.length} dimensions, expected ${this.settings.dimensions}`,
      );
    }
    const storageId = this.cipher.storageId(subject);
    const record = {
      subject,
      embedding: toBase64(embedding),
      enrolledAt: new Date().toISOString(),
    };
    const sealed = this.cipher.seal(storageId, Buffer.from(JSON.stringify(record), "utf8"));
    const path = this.pathOf(subject);
    const temporary = `${path}.${process.pid}.tmp`;
    await writeFile(temporary, sealed, { mode: 0o600 });
    await rename(temporary, path);
    const replaced = this.removeFromIndex(subject);
    this.addToIndex(subject, embedding);
    return { replaced };
  }

  /** The `k` enrolled subjects closest to `embedding`, most similar first. */
  search(embedding: Float32Array, k: number): SearchHit[] {
    if (this.keys.size === 0) return [];
    const matches = this.index.search(embedding, Math.min(k, this.keys.size), 1);
    const hits: SearchHit[] = [];
    matches.keys.forEach((key: bigint, i: number) => {
      const subject = this.subjects.get(key);
      if (subject !== undefined)
        hits.push({ subject, similarity: 1 - (matches.distances[i] ?? 1) });
    });
    return hits;
  }

  /** Deletes a subject's template from the index and from disk; throws SubjectNotFoundError when absent. */
  async delete(subject: string): Promise<void> {
    if (!this.keys.has(subject)) throw new SubjectNotFoundError();
    await rm(this.pathOf(subject), { force: true });
    this.removeFromIndex(subject);
  }

  private addToIndex(subject: string, embedding: Float32Array): void {
    const key = this.nextKey++;
    this.index.add(key, embedding);
    this.keys.set(subject, key);
    this.subjects.set(key, subject);
  }

  private removeFromIndex(subject: string): boolean {
    const key = this.keys.get(subject);
    if (key === undefined) return false;
    this.index.remove(key);
    this.keys.delete(subject);
    this.subjects.delete(key);
    return true;
  }
}
