// Entry point of the face service (`npm start -w @clxend/face-service`): reads the configuration, loads the
// models, templates and OCR worker, and serves the HTTP API until SIGINT / SIGTERM (then stops the worker).
import { assemble } from "./bootstrap.ts";
import { loadConfig } from "./config.ts";
import { listen } from "./http/listen.ts";
import { createLogger } from "./logger.ts";

const config = loadConfig();
const logger = createLogger(config.log.level, config.log.pretty);
const { app, service } = await assemble(config, logger);

const server = listen(app.fetch, { hostname: config.host, port: config.port }, (info) => {
  logger.info({ host: info.address, port: info.port, env: config.env }, "Started face service");
});

const stop = (signal: string) => {
  logger.info({ signal }, "Stopping face service");
  server.close(() => {
    void service.close().finally(() => process.exit(0));
  });
  setTimeout(() => process.exit(0), 5000).unref();
};
process.on("SIGINT", () => stop("SIGINT"));
process.on("SIGTERM", () => stop("SIGTERM"));
