// Builds the face engine from the configuration: loads the models and applies the thresholds.
import type { Config } from "./config.ts";
import { FaceEngine } from "./vision/engine.ts";
import { loadModels } from "./vision/models.ts";

/** Loads the models named in `config` and returns an engine using its thresholds. */
export async function createEngine(config: Config): Promise<FaceEngine> {
  const models = await loadModels(
    {
      detector: config.models.detector,
      landmarks: config.models.landmarks,
      embedding: config.models.embedding,
      liveness: config.models.liveness,
      eyeState: config.models.eyeState,
    },
    config.models.threads,
  );
  return new FaceEngine(models, {
    minDetectionScore: config.thresholds.minDetectionScore,
    minFaceSize: config.thresholds.minFaceSize,
    minSharpness: config.thresholds.minSharpness,
    minEyesOpen: config.thresholds.minEyesOpen,
  });
}
