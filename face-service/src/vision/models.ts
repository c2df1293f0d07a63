// Loads the ONNX models the service runs (detector, landmarks, embedding, liveness, eye state) with
// ONNX Runtime on the CPU, and runs one float tensor through a model.
import * as ort from "onnxruntime-node";

/** Paths of the model files; every one is configurable so an operator can swap in a compatible model. */
export interface ModelPaths {
  readonly detector: string;
  readonly landmarks: string;
  readonly embedding: string;
  readonly liveness: string;
  readonly eyeState: string;
}

/**
 * Session options for `threads` intra-op threads. Worker threads do not spin-wait between operators: on a shared
 * machine spinning doubled the CPU time of a run with 2 threads without making it faster (README, Benchmark).
 */
export function sessionOptions(threads: number): ort.InferenceSession.SessionOptions {
  return {
    intraOpNumThreads: threads,
    interOpNumThreads: 1,
    graphOptimizationLevel: "all",
    executionProviders: ["cpu"],
    extra: { session: { intra_op: { allow_spinning: "0" } } },
  };
}

/** One loaded model: runs a single input tensor and returns every output by name. */
export class OnnxModel {
  private constructor(
    readonly name: string,
    private readonly session: ort.InferenceSession,
  ) {}

  /** Loads a model file; `threads` is ONNX Runtime's intra-op thread count for one run. */
  static async load(name: string, path: string, threads: number): Promise<OnnxModel> {
    const session = await ort.InferenceSession.create(path, sessionOptions(threads));
    return new OnnxModel(name, session);
  }

  /** The model's declared input shape (dimensions that are not fixed are -1). */
  get inputShape(): number[] {
    const meta = this.session.inputMetadata[0];
    if (!meta?.isTensor) return [];
    return meta.shape.map((d) => (typeof d === "number" ? d : -1));
  }

  /** Runs `data` shaped as `shape` through the model's first input. */
  async run(data: Float32Array, shape: readonly number[]): Promise<Record<string, Float32Array>> {
    const input = new ort.Tensor("float32", data, shape);
    const inputName = this.session.inputNames[0] ?? "input";
    const outputs = await this.session.run({ [inputName]: input });
    const result: Record<string, Float32Array> = {};
    for (const [key, tensor] of Object.entries(outputs)) {
      result[key] = tensor.data as Float32Array;
    }
    return result;
  }

  /** The first output of a run. */
  async runFirst(data: Float32Array, shape: readonly number[]): Promise<Float32Array> {
    const outputs = await this.run(data, shape);
    const first = outputs[this.session.outputNames[0] ?? ""];
    if (!first) throw new Error(`Model ${this.name} returned no output`);
    return first;
  }

  /** Frees the native session. */
  async release(): Promise<void> {
    await this.session.release();
  }
}

/** Every model the face engine needs, loaded. */
export interface ModelSet {
  readonly detector: OnnxModel;
  readonly landmarks: OnnxModel;
  readonly embedding: OnnxModel;
  readonly liveness: OnnxModel;
  readonly eyeState: OnnxModel;
}

/** Loads all models from their paths. */
export async function loadModels(paths: ModelPaths, threads: number): Promise<ModelSet> {
  const [detector, landmarks, embedding, liveness, eyeState] = await Promise.all([
    OnnxModel.load("detector", paths.detector, threads),
    OnnxModel.load("landmarks", paths.landmarks, threads),
    OnnxModel.load("embedding", paths.embedding, threads),
    OnnxModel.load("liveness", paths.liveness, threads),
    OnnxModel.load("eyeState", paths.eyeState, threads),
  ]);
  return { detector, landmarks, embedding, liveness, eyeState };
}

/** Numerically stable softmax. */
export function softmax(logits: ArrayLike<number>): number[] {
  const values = Array.from(logits);
  const max = Math.max(...values);
  const exps = values.map((v) => Math.exp(v - max));
  const total = exps.reduce((a, b) => a + b, 0);
  return exps.map((v) => v / total);
}
