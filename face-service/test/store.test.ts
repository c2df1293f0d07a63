// The encrypted template store on its own: a reopened store finds every template under its own subject, search
// reports exact cosine similarities, removals and re-enrolments keep every other subject findable, and a record of
// the wrong dimension stops the opening with an error naming the file.
import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, describe, it } from "node:test";
import { SubjectNotFoundError } from "../src/errors.ts";
import { DEFAULT_SEARCH, quantise } from "../src/templates/matrix.ts";
import { TemplateStore } from "../src/templates/store.ts";
import { cosine } from "../src/vision/embedder.ts";

const KEY = Buffer.alloc(32, 7);
const dirs: string[] = [];
const freshDir = () => {
  const dir = mkdtempSync(join(tmpdir(), "face-store-"));
  dirs.push(dir);
  return dir;
};
after(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

/** A deterministic unit vector per index (a sine pattern with a distinct frequency and phase). */
const template = (i: number, dimensions: number) => {
  const v = Float32Array.from({ length: dimensions }, (_, d) =>
    Math.sin((i + 1) * (d + 1) * 0.37 + i),
  );
  const norm = Math.hypot(...v);
  return v.map((x) => x / norm);
};

describe("TemplateStore.open", () => {
  it("indexes every stored template under its own subject", async () => {
    const dir = freshDir();
    const first = await TemplateStore.open(dir, KEY);
    for (let i = 0; i < 300; i++)
      await first.enroll(`subject-${i}`, template(i, DEFAULT_SEARCH.dimensions));

    const reopened = await TemplateStore.open(dir, KEY);

    assert.equal(reopened.size, 300);
    for (let i = 0; i < 300; i++) {
      const [best] = reopened.search(template(i, DEFAULT_SEARCH.dimensions), 1);
      assert.equal(best?.subject, `subject-${i}`);
      assert.ok((best?.similarity ?? 0) > 0.99, `similarity ${best?.similarity}`);
    }
  });

  it("refuses a template of another dimension, naming its file", async () => {
    const dir = freshDir();
    const small = { ...DEFAULT_SEARCH, dimensions: 8 };
    const store = await TemplateStore.open(dir, KEY, small);
    await store.enroll("subject-a", template(1, 8));
    const file = store.pathOf("subject-a").split("/").at(-1) ?? "";

    await assert.rejects(TemplateStore.open(dir, KEY, { ...DEFAULT_SEARCH, dimensions: 16 }), {
      message: `Template file ${file} holds 8 dimensions, the index expects 16`,
    });
  });
});

describe("TemplateStore.search", () => {
  const D = DEFAULT_SEARCH.dimensions;

  it("reports the exact cosine similarity of each hit", async () => {
    const store = await TemplateStore.open(freshDir(), KEY);
    for (let i = 0; i < 50; i++) await store.enroll(`subject-${i}`, template(i, D));
    const query = template(3, D).map((v, d) => v + 0.02 * Math.cos(d));

    const hits = store.search(query, 5);

    assert.equal(hits.length, 5);
    for (const hit of hits) {
      const i = Number(hit.subject.slice("subject-".length));
      assert.ok(Math.abs(hit.similarity - cosine(query, template(i, D))) < 1e-6, hit.subject);
    }
    assert.deepEqual(
      hits.map((h) => h.similarity),
      hits.map((h) => h.similarity).sort((a, b) => b - a),
    );
  });

  it("finds the same subjects with the same similarities for a query of any length", async () => {
    const store = await TemplateStore.open(freshDir(), KEY);
    for (let i = 0; i < 50; i++) await store.enroll(`subject-${i}`, template(i, D));
    const query = template(8, D).map((v, d) => v + 0.05 * Math.sin(3 * d));

    const unit = store.search(query, 5);
    const long = store.search(
      query.map((v) => v * 1000),
      5,
    );

    assert.deepEqual(
      long.map((h) => h.subject),
      unit.map((h) => h.subject),
    );
    assert.equal(long[0]?.subject, "subject-8");
    for (const [i, hit] of long.entries())
      assert.ok(Math.abs(hit.similarity - (unit[i]?.similarity ?? 0)) < 1e-6);
  });

  it("keeps every other subject findable after deletions and re-enrolments", async () => {
    const store = await TemplateStore.open(freshDir(), KEY);
    for (let i = 0; i < 20; i++) await store.enroll(`subject-${i}`, template(i, D));

    await store.delete("subject-0");
    await store.delete("subject-19");
    await store.delete("subject-7");
    assert.deepEqual(await store.enroll("subject-3", template(100, D)), { replaced: true });

    assert.equal(store.size, 17);
    for (let i = 1; i < 19; i++) {
      if (i === 7) continue;
      const [best] = store.search(template(i === 3 ? 100 : i, D), 1);
      assert.equal(best?.subject, `subject-${i}`);
      assert.ok((best?.similarity ?? 0) > 0.9999);
    }
    for (const gone of [0, 7, 19]) {
      const hits = store.search(template(gone, D), 20);
      assert.equal(hits.length, 17);
      assert.ok(hits.every((h) => h.subject !== `subject-${gone}`));
    }
    await assert.rejects(store.delete("subject-7"), SubjectNotFoundError);
  });
});

describe("quantise", () => {
  it("saturates a component beyond the full scale at ±127 instead of wrapping", () => {
    const vector = new Float32Array(DEFAULT_SEARCH.dimensions).fill(0.01);
    vector[0] = 1;
    vector[1] = -1;
    const code = new Int8Array(vector.length);

    quantise(vector, code);

    assert.equal(code[0], 127);
    assert.equal(code[1], -127);
    assert.ok((code[2] ?? 0) > 0);
  });
});
