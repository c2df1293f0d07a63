// Entry point: loads the configuration, builds the services and serves the HTTP API until SIGINT/SIGTERM.
import { createApp } from "./app.ts";
import { loadConfig } from "./config.ts";
import type { ComplianceError } from "./errors.ts";
import { listen } from "./http/listen.ts";
import { createLogger } from "./logger.ts";
import { createServices } from "./services.ts";

async function main(): Promise<void> {
  let config: ReturnType<typeof loadConfig>;
  try {
    config = loadConfig();
  } catch (err) {
    createLogger({ level: "error", pretty: false }).fatal(
      { code: (err as ComplianceError).code, problems: (err as ComplianceError).details },
      (err as Error).message,
    );
    process.exit(1);
  }
  const log = createLogger(config.log);
  const services = await createServices(config, log);
  services.startJobs();
  const app = createApp(services);
  const server = listen(app.fetch, { hostname: config.host, port: config.port }, (info) => {
    log.info(
      {
        url: `http://${config.host}:${info.port}`,
        docs: `http://${config.host}:${info.port}/docs`,
        database: services.database.kind,
        rateLimitStore: services.rateLimits.store,
        exposure: services.exposure.name,
      },
      "Compliance API listening",
    );
  });
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, "Stopping");
    server.close(() => {
      services.close().then(
        () => process.exit(0),
        () => process.exit(1),
      );
    });
    setTimeout(() => process.exit(1), 10_000).unref();
  };
  process.on("SIGINT", () => stop("SIGINT"));
  process.on("SIGTERM", () => stop("SIGTERM"));
}

main().catch((err: unknown) => {
  createLogger({ level: "error", pretty: false }).fatal({ err }, "Compliance API failed to start");
  process.exit(1);
});
