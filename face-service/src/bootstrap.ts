// Wires the service together from a configuration: models, encrypted template store, MRZ reader, metrics and the
// HTTP app. Used by server.ts, the tests and the benchmark.
import type { Config } from "./config.ts";
import { UnavailableMrzReader } from "./documents/ocr.ts";
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

/** Loads the models and the template store named in `config` and builds the app. */
export async function assemble(config: Config, logger: Logger): Promise<Assembled> {
  const started = performance.now();
  const [engine, store] = await Promise.all([
    createEngine(config),
    TemplateStore.open(config.templates.dir, config.templates.key),
  ]);
  const metrics = new Metrics();
  metrics.templates.set(store.size);
  const service = new FaceService(config, engine, store, new UnavailableMrzReader(), metrics);
  logger.info(
    {
      enrolledSubjects: store.size,
      onnxThreads: config.models.threads,
      durationMs: Math.round(performance.now() - started),
    },
    "Loaded models and templates",
  );
  return { service, app: createApp(service, logger) };
}
