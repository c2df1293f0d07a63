// pino loggers of the indexer's own code (supervisor, API, deep-reorg watchdog): JSON lines by default, pretty output
// when LOG_PRETTY is set. Ponder's own lines use the same level and format (see scripts/start.ts).
import pino, { type Logger } from "pino";

/** Creates a logger whose lines carry `service` (the supervisor, the API or the watchdog). */
export function createLogger(service: string, options: { level: string; pretty: boolean }): Logger {
  return pino({
    level: options.level,
    base: { service },
    ...(options.pretty
      ? { transport: { target: "pino-pretty", options: { colorize: true } } }
      : {}),
  });
}

export type { Logger };
