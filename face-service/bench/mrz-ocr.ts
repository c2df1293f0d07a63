// `npm run bench:face-ocr`: accuracy and latency of MRZ OCR (tesseract.js, the configured traineddata) on rendered
// ICAO 9303 specimen documents (TD3 passport page, TD1 card) under photo-like alterations, and on photos without
// MRZ (the labelled face photos and a passport page without MRZ). Each reading is classed as exact, wrong but
// passing every check digit (the dangerous case), refused by its check digits, or no MRZ found. Latency is wall
// clock and process CPU time per read. Writes bench/results/face-ocr.json at the repository root.
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { cpus, loadavg } from "node:os";
import { join } from "node:path";
import { loadConfig } from "../src/config.ts";
import { faceDataDir, listPhotos, repoRoot } from "../src/dataset.ts";
import { checksOut } from "../src/documents/mrz.ts";
import { TesseractMrzReader } from "../src/documents/tesseract.ts";
import { NoMrzError } from "../src/errors.ts";
import { decodeImage } from "../src/image/decode.ts";
import { createLogger } from "../src/logger.ts";
import { alter, type PhotoAlteration, renderIdCard, renderPassport } from "../test/documents.ts";
import { TD1_SPECIMEN, TD3_SPECIMEN } from "../test/specimens.ts";

const REPEATS = Number(process.env.FACE_OCR_BENCH_REPEATS ?? 3);
const ALTERATIONS: [string, PhotoAlteration][] = [
  ["clean render", {}],
  ["scaled to 50 %", { scale: 0.5 }],
  ["scaled to 35 %", { scale: 0.35 }],
  ["JPEG quality 40", { jpegQuality: 40 }],
  ["50 % and JPEG quality 30", { scale: 0.5, jpegQuality: 30 }],
  ["Gaussian blur σ 1", { blur: 1 }],
  ["Gaussian blur σ 1.5", { blur: 1.5 }],
  ["brightness × 0.6", { brightness: 0.6 }],
  ["on a table (15 % margin), 70 %", { margin: 0.15, scale: 0.7 }],
  ["rotated 1°", { rotate: 1 }],
  ["rotated 2°", { rotate: 2 }],
];

type Outcome = "exact" | "wrong_but_valid" | "check_digits_failed" | "no_mrz";

const config = loadConfig({ ...process.env, NODE_ENV: "test" });
const round = (v: number) => Math.round(v * 10) / 10;
const percentile = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return round(sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))] ?? 0);
};
const cpuMs = () => {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
};

const loadBefore = loadavg();
const rssBefore = process.memoryUsage().rss;
const startWall = performance.now();
const startCpu = cpuMs();
const reader = await TesseractMrzReader.start(config.ocr, createLogger("silent", false));
const startup = {
  wallMs: round(performance.now() - startWall),
  cpuMs: round(cpuMs() - startCpu),
  rssMiB: round((process.memoryUsage().rss - rssBefore) / 2 ** 20),
};

/** Reads one image REPEATS times; the outcome is the same every time (no learning across images). */
async function measure(bytes: Buffer, expected: readonly string[] | null) {
  const image = await decodeImage(bytes, config.images);
  const wall: number[] = [];
  const cpu: number[] = [];
  let outcome: Outcome = "no_mrz";
  for (let i = 0; i < REPEATS; i++) {
    const t0 = performance.now();
    const c0 = cpuMs();
    try {
      const lines = await reader.read(image);
      outcome =
        expected && lines.join("\n") === expected.join("\n")
          ? "exact"
          : checksOut(lines)
            ? "wrong_but_valid"
            : "check_digits_failed";
    } catch (error) {
      if (!(error instanceof NoMrzError)) throw error;
      outcome = "no_mrz";
    }
    wall.push(performance.now() - t0);
    cpu.push(cpuMs() - c0);
  }
  return {
    width: image.width,
    height: image.height,
    outcome,
    wallMsP50: percentile(wall, 0.5),
    cpuMsP50: percentile(cpu, 0.5),
  };
}

const portrait = readFileSync(join(faceDataDir(), "obama", "obama-1.jpg"));
const documents = [
  {
    format: "TD3",
    expected: TD3_SPECIMEN,
    png: await renderPassport({ mrz: TD3_SPECIMEN, portrait }),
  },
  { format: "TD1", expected: TD1_SPECIMEN, png: await renderIdCard({ mrz: TD1_SPECIMEN }) },
];
const specimens = [];
for (const doc of documents) {
  for (const [name, alteration] of ALTERATIONS) {
    const row = await measure(await alter(doc.png, alteration), doc.expected);
    specimens.push({ format: doc.format, alteration: name, ...row });
    console.log(doc.format, name, row.outcome, `${row.wallMsP50} ms`);
  }
}
const withoutMrz = [
  { name: "passport page without MRZ", bytes: await renderPassport({ portrait }) },
];
for (const photo of listPhotos())
  withoutMrz.push({ name: photo.file, bytes: readFileSync(photo.path) });
const noMrz = [];
for (const { name, bytes } of withoutMrz)
  noMrz.push({ image: name, ...(await measure(bytes, null)) });
await reader.close();

const count = (rows: { outcome: Outcome }[], outcome: Outcome) =>
  rows.filter((r) => r.outcome === outcome).length;
const exact = specimens.filter((r) => r.outcome === "exact");
const result = {
  generatedAt: new Date().toISOString(),
  machine: {
    cpus: cpus().length,
    cpuModel: cpus()[0]?.model,
    loadAverageBefore: loadBefore.map(round),
    loadAverageAfter: loadavg().map(round),
    note:
      "shared 2-core machine; other work ran at the same time, so wall-clock latencies are upper bounds " +
      "and CPU time per read (the whole process, worker thread included) is the comparable figure",
  },
  engine: {
    name: "tesseract.js 7.0.0 (Tesseract compiled to WebAssembly)",
    mode: config.ocr.mode,
    trainedData: config.ocr.trainedData.slice(config.ocr.trainedData.indexOf("node_modules")),
  },
  startup,
  repeatsPerImage: REPEATS,
  summary: {
    specimenImages: specimens.length,
    exact: exact.length,
    wrongButValid: count(specimens, "wrong_but_valid"),
    checkDigitsFailed: count(specimens, "check_digits_failed"),
    noMrzFound: count(specimens, "no_mrz"),
    exactRate: Math.round((1000 * exact.length) / specimens.length) / 1000,
    imagesWithoutMrz: noMrz.length,
    falseMrzOnImagesWithoutMrz: noMrz.filter((r) => r.outcome !== "no_mrz").length,
    exactReadWallMs: {
      p50: percentile(
        exact.map((r) => r.wallMsP50),
        0.5,
      ),
      p95: percentile(
        exact.map((r) => r.wallMsP50),
        0.95,
      ),
    },
    exactReadCpuMs: {
      p50: percentile(
        exact.map((r) => r.cpuMsP50),
        0.5,
      ),
      p95: percentile(
        exact.map((r) => r.cpuMsP50),
        0.95,
      ),
    },
    noMrzWallMsP50: percentile(
      noMrz.map((r) => r.wallMsP50),
      0.5,
    ),
    noMrzCpuMsP50: percentile(
      noMrz.map((r) => r.cpuMsP50),
      0.5,
    ),
  },
  specimens,
  noMrz,
};
const outDir = join(repoRoot, "bench", "results");
mkdirSync(outDir, { recursive: true });
writeFileSync(join(outDir, "face-ocr.json"), `${JSON.stringify(result, null, 2)}\n`);
console.log(JSON.stringify({ startup, summary: result.summary, machine: result.machine }, null, 2));
