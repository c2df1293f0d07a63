// The 1:N template store: one encrypted file per enrolled subject on disk, and an in-memory search matrix
// (templates/matrix.ts) over the decrypted templates, rebuilt from the files at start. The matrix is never written to
// disk, so no plaintext template is stored; deleting a subject removes it from the matrix and deletes its file.
import { mkdir, readdir, readFile, rename, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { z } from "zod";
import { SubjectNotFoundError } from "../errors.ts";
import { TemplateCipher } from "./cipher.ts";
import { DEFAULT_SEARCH, type SearchSettings, TemplateMatrix } from "./matrix.ts";

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

const toBase64 = (v: Float32Array) =>
  Buffer.from(v.buffer, v.byteOffset, v.byteLength).toString("base64");
const fromBase64 = (s: string) => {
  const bytes = Buffer.from(s, "base64");
  return new Float32Array(
    bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength),
  );
};

/** Enrolled templates: encrypted files plus the search matrix. */
export class TemplateStore {
  /** Matrix row of each enrolled subject, and the subject of each row. */
  private readonly rows = new Map<string, number>();
  private readonly owners: string[] = [];

  private constructor(
    private readonly dir: string,
    private readonly cipher: TemplateCipher,
    private readonly matrix: TemplateMatrix,
  ) {}

  /** Opens the store in `dir` (created if missing), decrypting every record into the search matrix. */
  static async open(
    dir: string,
    key: Buffer,
    settings: SearchSettings = DEFAULT_SEARCH,
  ): Promise<TemplateStore> {
    await mkdir(dir, { recursive: true });
    const files = (await readdir(dir)).filter((f) => f.endsWith(FILE_SUFFIX));
    const matrix = new TemplateMatrix(settings, Math.max(1024, files.length));
    const store = new TemplateStore(dir, new TemplateCipher(key), matrix);
    for (const file of files) {
      const storageId = file.slice(0, -FILE_SUFFIX.length);
      const record = RecordSchema.parse(
        JSON.parse(store.cipher.open(storageId, await readFile(join(dir, file))).toString("utf8")),
      );
      const embedding = fromBase64(record.embedding);
      if (embedding.length !== settings.dimensions) {
        throw new Error(
          `Template file ${file} holds ${embedding.length} dimensions, the index expects ${settings.dimensions}`,
        );
      }
      store.put(record.subject, embedding);
    }
    return store;
  }

  /** Number of enrolled subjects. */
  get size(): number {
    return this.rows.size;
  }

  /** Path of a subject's encrypted record. */
  pathOf(subject: string): string {
    return join(this.dir, `${this.cipher.storageId(subject)}${FILE_SUFFIX}`);
  }

  /** Stores `embedding` as the template of `subject`, replacing an earlier one. Returns whether it replaced one. */
  async enroll(subject: string, embedding: Float32Array): Promise<{ replaced: boolean }> {
    const { dimensions } = this.matrix.settings;
    if (embedding.length !== dimensions) {
      throw new Error(`Template has ${embedding.length} dimensions, expected ${dimensions}`);
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
    return { replaced: this.put(subject, embedding) };
  }

  /** The `k` enrolled subjects closest to `embedding` (exact cosine similarity), most similar first. */
  search(embedding: Float32Array, k: number): SearchHit[] {
    return this.matrix.nearest(embedding, k).map((hit) => ({
      subject: this.owners[hit.row] ?? "",
      similarity: hit.similarity,
    }));
  }

  /** Deletes a subject's template from the matrix and from disk; throws SubjectNotFoundError when absent. */
  async delete(subject: string): Promise<void> {
    const row = this.rows.get(subject);
    if (row === undefined) throw new SubjectNotFoundError();
    await rm(this.pathOf(subject), { force: true });
    this.rows.delete(subject);
    const moved = this.matrix.remove(row);
    const last = this.owners.pop();
    if (moved !== undefined && last !== undefined) {
      this.owners[row] = last;
      this.rows.set(last, row);
    }
  }

  /** Puts `subject`'s template into the matrix; returns whether it replaced an earlier one. */
  private put(subject: string, embedding: Float32Array): boolean {
    const row = this.rows.get(subject);
    if (row !== undefined) {
      this.matrix.replace(row, embedding);
      return true;
    }
    this.rows.set(subject, this.matrix.append(embedding));
    this.owners.push(subject);
    return false;
  }
}
