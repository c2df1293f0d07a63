// The face service's configuration: every setting read from environment variables, validated with zod at start-up,
// with defaults that run the local demo. .env.example documents each variable.
import { createRequire } from "node:module";
import { dirname, isAbsolute, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { z } from "zod";

const serviceRoot = resolve(dirname(fileURLToPath(import.meta.url)), "..");

/**
 * Template key used only when FACE_TEMPLATE_KEY is unset outside production, so the local demo runs without setup.
 * It is public: a deployment with NODE_ENV=production refuses to start with it.
 */
export const DEMO_TEMPLATE_KEY = "6c6f63616c2d64656d6f2d6f6e6c792d6e6f742d612d7365637265742d6b6579";

/** The English traineddata with the legacy engine's components, from the npm package @tesseract.js-data/eng. */
const defaultTrainedData = () =>
  join(
    dirname(createRequire(import.meta.url).resolve("@tesseract.js-data/eng/package.json")),
    "4.0.0",
    "eng.traineddata.gz",
  );

const number = (fallback: number) => z.coerce.number().finite().default(fallback);
const probability = (fallback: number) => z.coerce.number().min(-1).max(1).default(fallback);
const flag = (fallback: boolean) =>
  z
    .enum(["true", "false", "1", "0"])
    .default(fallback ? "true" : "false")
    .transform((v) => v === "true" || v === "1");

const EnvSchema = z.object({
  NODE_ENV: z.enum(["development", "test", "production"]).default("development"),
  FACE_SERVICE_HOST: z.string().min(1).default("127.0.0.1"),
  FACE_SERVICE_PORT: z.coerce.number().int().min(0).max(65535).default(18090),
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
  LOG_PRETTY: flag(false),
  FACE_MODEL_DIR: z.string().default(join(serviceRoot, "models")),
  FACE_MODEL_DETECTOR: z.string().default("fr_detect.onnx"),
  FACE_MODEL_LANDMARKS: z.string().default("fr_landmark.onnx"),
  FACE_MODEL_EMBEDDING: z.string().default("fr_feature.onnx"),
  FACE_MODEL_LIVENESS: z.string().default("fr_liveness.onnx"),
  FACE_MODEL_EYE_STATE: z.string().default("fr_eye.onnx"),
  FACE_ONNX_THREADS: z.coerce.number().int().min(1).max(64).default(2),
  FACE_MATCH_THRESHOLD: probability(0.35),
  FACE_LIVENESS_THRESHOLD: z.coerce.number().min(0).max(1).default(0.8),
  FACE_MIN_DETECTION_SCORE: z.coerce.number().min(0).max(1).default(0.7),
  FACE_MIN_FACE_SIZE: number(40),
  FACE_MIN_SHARPNESS: number(60),
  FACE_MIN_EYES_OPEN: z.coerce.number().min(0).max(1).default(0.1),
  FACE_MAX_IMAGE_BYTES: z.coerce
    .number()
    .int()
    .positive()
    .default(8 * 1024 * 1024),
  FACE_MAX_IMAGE_PIXELS: z.coerce.number().int().positive().default(40_000_000),
  FACE_WORKING_SIDE: z.coerce.number().int().min(160).default(1600),
  FACE_MAX_FRAMES: z.coerce.number().int().min(2).max(30).default(10),
  FACE_TEMPLATE_DIR: z.string().default(join(serviceRoot, "data", "templates")),
  FACE_TEMPLATE_KEY: z
    .string()
    .regex(/^[0-9a-fA-F]{64}$/, "must be 64 hex characters (32 bytes)")
    .optional(),
  FACE_SEARCH_TOP_K: z.coerce.number().int().min(1).max(100).default(5),
  FACE_ALLOW_SPECIMEN_DOCUMENTS: z.enum(["true", "false", "1", "0"]).optional(),
  FACE_HEAD_TURN_MIN_RANGE: z.coerce.number().min(0).max(2).default(0.2),
  FACE_OCR_ENGINE: z.enum(["tesseract", "none"]).default("tesseract"),
  FACE_OCR_TRAINEDDATA: z.string().min(1).optional(),
  FACE_OCR_MODE: z.enum(["legacy", "lstm"]).default("legacy"),
});

/** The validated configuration. */
export interface Config {
  readonly env: "development" | "test" | "production";
  readonly host: string;
  readonly port: number;
  readonly log: { readonly level: string; readonly pretty: boolean };
  readonly models: {
    readonly detector: string;
    readonly landmarks: string;
    readonly embedding: string;
    readonly liveness: string;
    readonly eyeState: string;
    readonly threads: number;
  };
  readonly thresholds: {
    readonly match: number;
    readonly liveness: number;
    readonly minDetectionScore: number;
    readonly minFaceSize: number;
    readonly minSharpness: number;
    readonly minEyesOpen: number;
  };
  readonly images: {
    readonly maxBytes: number;
    readonly maxPixels: number;
    readonly workingSide: number;
  };
  readonly maxFrames: number;
  /** Smallest range of the head-turn measure over a frame sequence that counts as a head turn. */
  readonly headTurnMinRange: number;
  /** Whether KYC accepts ICAO specimen documents (state UTO); off in production unless set. */
  readonly allowSpecimenDocuments: boolean;
  readonly templates: { readonly dir: string; readonly key: Buffer; readonly searchTopK: number };
  /** OCR of the MRZ on document images: the engine ("none" answers 501), its traineddata file and engine mode. */
  readonly ocr: {
    readonly engine: "tesseract" | "none";
    readonly trainedData: string;
    readonly mode: "legacy" | "lstm";
  };
}

/**
 * Reads and validates the configuration from `env`; throws with every problem listed when it is invalid. Relative
 * folders are taken relative to face-service/.
 */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = EnvSchema.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ");
    throw new Error(`Invalid face-service configuration: ${problems}`);
  }
  const e = parsed.data;
  if (
    e.NODE_ENV === "production" &&
    (!e.FACE_TEMPLATE_KEY || e.FACE_TEMPLATE_KEY === DEMO_TEMPLATE_KEY)
  ) {
    throw new Error(
      "Invalid face-service configuration: FACE_TEMPLATE_KEY must be set to a secret key in production",
    );
  }
  const modelDir = resolve(serviceRoot, e.FACE_MODEL_DIR);
  const model = (file: string) => (isAbsolute(file) ? file : join(modelDir, file));
  return {
    env: e.NODE_ENV,
    host: e.FACE_SERVICE_HOST,
    port: e.FACE_SERVICE_PORT,
    log: { level: e.LOG_LEVEL, pretty: e.LOG_PRETTY },
    models: {
      detector: model(e.FACE_MODEL_DETECTOR),
      landmarks: model(e.FACE_MODEL_LANDMARKS),
      embedding: model(e.FACE_MODEL_EMBEDDING),
      liveness: model(e.FACE_MODEL_LIVENESS),
      eyeState: model(e.FACE_MODEL_EYE_STATE),
      threads: e.FACE_ONNX_THREADS,
    },
    thresholds: {
      match: e.FACE_MATCH_THRESHOLD,
      liveness: e.FACE_LIVENESS_THRESHOLD,
      minDetectionScore: e.FACE_MIN_DETECTION_SCORE,
      minFaceSize: e.FACE_MIN_FACE_SIZE,
      minSharpness: e.FACE_MIN_SHARPNESS,
      minEyesOpen: e.FACE_MIN_EYES_OPEN,
    },
    images: {
      maxBytes: e.FACE_MAX_IMAGE_BYTES,
      maxPixels: e.FACE_MAX_IMAGE_PIXELS,
      workingSide: e.FACE_WORKING_SIDE,
    },
    maxFrames: e.FACE_MAX_FRAMES,
    headTurnMinRange: e.FACE_HEAD_TURN_MIN_RANGE,
    allowSpecimenDocuments:
      e.FACE_ALLOW_SPECIMEN_DOCUMENTS === undefined
        ? e.NODE_ENV !== "production"
        : e.FACE_ALLOW_SPECIMEN_DOCUMENTS === "true" || e.FACE_ALLOW_SPECIMEN_DOCUMENTS === "1",
    templates: {
      dir: resolve(serviceRoot, e.FACE_TEMPLATE_DIR),
      key: Buffer.from(e.FACE_TEMPLATE_KEY ?? DEMO_TEMPLATE_KEY, "hex"),
      searchTopK: e.FACE_SEARCH_TOP_K,
    },
    ocr: {
      engine: e.FACE_OCR_ENGINE,
      trainedData: e.FACE_OCR_TRAINEDDATA
        ? resolve(serviceRoot, e.FACE_OCR_TRAINEDDATA)
        : defaultTrainedData(),
      mode: e.FACE_OCR_MODE,
    },
  };
}
