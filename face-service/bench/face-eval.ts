// `npm run eval:face`: evaluates the face models on the labelled photos — every pair's similarity, lowest
// same-person and highest different-person scores, true-accept rate at the service threshold, 1:N top-1, faces per
// photo in multi/, passive liveness, and robustness to rescaling, JPEG, brightness, crops and blur. Writes
// bench/results/face-eval.json at the repository root.
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import sharp from "sharp";
import { loadConfig } from "../src/config.ts";
import { listPhotos, repoRoot } from "../src/dataset.ts";
import { decodeImage } from "../src/image/decode.ts";
import { createEngine } from "../src/runtime.ts";
import { cosine } from "../src/vision/embedder.ts";
import type { Analysis } from "../src/vision/engine.ts";

const config = loadConfig();
const engine = await createEngine(config);
const limits = { ...config.images, maxBytes: 64 * 1024 * 1024 };
const threshold = config.thresholds.match;
const round = (v: number) => Math.round(v * 10_000) / 10_000;
const analyse = async (bytes: Uint8Array): Promise<Analysis> =>
  engine.analyse(await decodeImage(bytes, limits));

const photos = listPhotos();
const singles = photos.filter((p) => p.person !== "multi");

// Single-face photos: one embedding each.
const embedded: {
  name: string;
  person: string;
  bytes: Buffer;
  embedding: Float32Array;
  liveness: number;
}[] = [];
for (const photo of singles) {
  const bytes = readFileSync(photo.path);
  const image = await decodeImage(bytes, limits);
  const analysis = await engine.analyse(image);
  const face = analysis.faces[0];
  if (analysis.faces.length !== 1 || !face)
    throw new Error(`${photo.file}: expected one usable face`);
  const liveness = await engine.liveness(image, face.box);
  embedded.push({
    name: `${photo.person}/${photo.file}`,
    person: photo.person,
    bytes,
    embedding: face.embedding,
    liveness,
  });
}

// Every pair.
const pairs: { a: string; b: string; samePerson: boolean; similarity: number }[] = [];
embedded.forEach((a, i) => {
  for (const b of embedded.slice(i + 1)) {
    pairs.push({
      a: a.name,
      b: b.name,
      samePerson: a.person === b.person,
      similarity: round(cosine(a.embedding, b.embedding)),
    });
  }
});
const same = pairs
  .filter((p) => p.samePerson)
  .map((p) => p.similarity)
  .sort((x, y) => x - y);
const different = pairs
  .filter((p) => !p.samePerson)
  .map((p) => p.similarity)
  .sort((x, y) => x - y);
const median = (v: number[]) => v[Math.floor(v.length / 2)] ?? Number.NaN;

// 1:N: each photo searched against all the others.
let mated = 0;
let top1Correct = 0;
let unmated = 0;
let unmatedRejected = 0;
for (const probe of embedded) {
  const gallery = embedded.filter((g) => g !== probe);
  const best = gallery
    .map((g) => ({ person: g.person, similarity: cosine(probe.embedding, g.embedding) }))
    .sort((x, y) => y.similarity - x.similarity)[0];
  if (!best) continue;
  if (gallery.some((g) => g.person === probe.person)) {
    mated++;
    if (best.person === probe.person && best.similarity >= threshold) top1Correct++;
  } else {
    unmated++;
    if (best.similarity < threshold) unmatedRejected++;
  }
}

// multi/: exactly two usable faces each.
const multi = [];
for (const photo of photos.filter((p) => p.person === "multi")) {
  const analysis = await analyse(readFileSync(photo.path));
  multi.push({
    file: photo.file,
    faces: analysis.faces.length,
    rejected: analysis.rejected.map((r) => r.reason),
    exactlyTwo: analysis.faces.length === 2,
  });
}

// Robustness: each single-face photo altered, compared with its original embedding.
const variants: Record<string, (bytes: Buffer) => Promise<Buffer>> = {
  "rescale-0.5": async (b) =>
    sharp(b)
      .resize({ width: Math.round(((await sharp(b).metadata()).width ?? 2) / 2) })
      .png()
      .toBuffer(),
  "rescale-0.35": async (b) =>
    sharp(b)
      .resize({ width: Math.round(((await sharp(b).metadata()).width ?? 2) * 0.35) })
      .png()
      .toBuffer(),
  "jpeg-q30": (b) => sharp(b).flatten({ background: "#fff" }).jpeg({ quality: 30 }).toBuffer(),
  "jpeg-q10": (b) => sharp(b).flatten({ background: "#fff" }).jpeg({ quality: 10 }).toBuffer(),
  "brightness-0.6": (b) => sharp(b).modulate({ brightness: 0.6 }).png().toBuffer(),
  "brightness-1.4": (b) => sharp(b).modulate({ brightness: 1.4 }).png().toBuffer(),
  "crop-centre-80%": async (b) => {
    const { width = 0, height = 0 } = await sharp(b).metadata();
    const w = Math.round(width * 0.8);
    const h = Math.round(height * 0.8);
    return sharp(b)
      .extract({
        left: Math.round((width - w) / 2),
        top: Math.round((height - h) / 2),
        width: w,
        height: h,
      })
      .png()
      .toBuffer();
  },
  mirror: (b) => sharp(b).flop().png().toBuffer(),
  "blur-sigma-4": (b) => sharp(b).blur(4).png().toBuffer(),
};
const robustness: Record<string, unknown> = {};
for (const [name, alter] of Object.entries(variants)) {
  const rows = [];
  for (const item of embedded) {
    const analysis = await analyse(await alter(item.bytes));
    const face = analysis.faces[0];
    const similarity = face ? round(cosine(item.embedding, face.embedding)) : null;
    rows.push({
      photo: item.name,
      faces: analysis.faces.length,
      rejected: analysis.rejected.map((r) => r.reason),
      similarity,
    });
  }
  const sims = rows.map((r) => r.similarity).filter((s): s is number => s !== null);
  robustness[name] = {
    usableFaceRate: round(sims.length / rows.length),
    stillMatchesRate: round(sims.filter((s) => s >= threshold).length / rows.length),
    minSimilarity: sims.length ? Math.min(...sims) : null,
    meanSimilarity: sims.length ? round(sims.reduce((a, b) => a + b, 0) / sims.length) : null,
    rows,
  };
}

// Passive liveness on the (real, live-captured) photos, and on a synthetic recapture: the photo shrunk onto a
// grey card with a white border, a crude stand-in for holding up a printed photo. NOTE: not real attack data.
const recaptured = [];
for (const item of embedded) {
  const { width = 0, height = 0 } = await sharp(item.bytes).metadata();
  const inner = await sharp(item.bytes)
    .resize({ width: Math.round(width / 2) })
    .extend({ top: 12, bottom: 12, left: 12, right: 12, background: "#ffffff" })
    .png()
    .toBuffer();
  const card = await sharp({ create: { width, height, channels: 3, background: "#777777" } })
    .composite([{ input: inner, gravity: "centre" }])
    .jpeg({ quality: 85 })
    .toBuffer();
  const image = await decodeImage(card, limits);
  const face = (await engine.analyse(image)).faces[0];
  recaptured.push({
    photo: item.name,
    liveness: face ? round(await engine.liveness(image, face.box)) : null,
  });
}
const live = embedded.map((e) => e.liveness).sort((a, b) => a - b);

const result = {
  generatedAt: new Date().toISOString(),
  models: config.models,
  threshold,
  livenessThreshold: config.thresholds.liveness,
  photos: singles.length,
  verification: {
    samePersonPairs: same.length,
    differentPersonPairs: different.length,
    lowestSamePerson: same[0],
    highestDifferentPerson: different.at(-1),
    medianDifferentPerson: median(different),
    medianSamePerson: median(same),
    trueAcceptRate: round(same.filter((s) => s >= threshold).length / same.length),
    falseAcceptRate: round(different.filter((s) => s >= threshold).length / different.length),
    pairs,
  },
  identification: {
    matedProbes: mated,
    top1Accuracy: round(top1Correct / mated),
    unmatedProbes: unmated,
    unmatedCorrectlyRejected: unmatedRejected,
  },
  multi,
  liveness: {
    livePhotos: live.length,
    min: round(live[0] ?? 0),
    median: round(median(live)),
    passRate: round(live.filter((s) => s >= config.thresholds.liveness).length / live.length),
    syntheticRecapture: {
      note: "photo shrunk onto a grey card with a white border; a crude stand-in, not real attack data",
      rejectedRate: round(
        recaptured.filter((r) => r.liveness === null || r.liveness < config.thresholds.liveness)
          .length / recaptured.length,
      ),
      rows: recaptured,
    },
  },
  robustness,
};
const outDir = join(repoRoot, "bench", "results");
mkdirSync(outDir, { recursive: true });
writeFileSync(join(outDir, "face-eval.json"), `${JSON.stringify(result, null, 2)}\n`);
const { pairs: _pairs, ...summary } = result.verification;
console.log(
  JSON.stringify(
    {
      verification: summary,
      identification: result.identification,
      multi,
      liveness: {
        ...result.liveness,
        syntheticRecapture: result.liveness.syntheticRecapture.rejectedRate,
      },
    },
    null,
    2,
  ),
);
for (const [name, r] of Object.entries(robustness)) {
  const { rows: _rows, ...rest } = r as { rows: unknown };
  console.log(name, JSON.stringify(rest));
}
