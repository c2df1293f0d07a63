// Wires the service together from a configuration: models, encrypted template store, MRZ reader, metrics and the
// HTTP app. Used by server.ts, the tests and the benchmark.
import type { Config } from "./config.ts";
import { createMrzReader } from "./documents/ocr.ts";
import { createApp } from "./http/app.ts";
import type { Logger } from "./logger.ts";
import { Metrics } from "./metrics.ts";
import { createEngine } from "./runtime.ts";
import { FaceService } from "./service.ts";
import { TemplateStore } from "./templates/store.ts";

/** A ready service and its HTTP app. */
export interface Assembled {
  service: FaceService;
  app: ReturnType<typeof createApp>;
}

/**
 * Loads the models, the template store and the MRZ reader named in `config` and builds the app. If any part fails to
 * load, the OCR worker is stopped again before the error propagates. `service.close()` releases the worker.
 */
export async function assemble(config: Config, logger: Logger): Promise<Assembled> {
  const started = performance.now();
  const [engine, store, mrzReader] = await Promise.allSettled([
    createEngine(config),
    TemplateStore.open(config.templates.dir, config.templates.key),
    createMrzReader(config.ocr, logger),
  ]);
  if (
    engine.status === "rejected" ||
    store.status === "rejected" ||
    mrzReader.status === "rejected"
  ) {
    if (mrzReader.status === "fulfilled") await mrzReader.value.close();
    throw [engine, store, mrzReader].find((r) => r.status === "rejected")?.reason;
  }
  const metrics = new Metrics();
  metrics.templates.set(store.value.size);
  const service = new FaceService(config, engine.value, store.value, mrzReader.value, metrics);
  logger.info(
    {
      enrolledSubjects: store.value.size,
      onnxThreads: config.models.threads,
      ocr: config.ocr.engine,
      durationMs: Math.round(performance.now() - started),
    },
    "Loaded models and templates",
  );
  return { service, app: createApp(service, logger) };
}
