// The service's pino logger: JSON lines by default, pretty output when LOG_PRETTY is set. Log objects carry ids,
// counts, scores and durations only — never images, embeddings, MRZ text or subject names.
import pino, { type Logger } from "pino";

/** Creates the root logger. */
export function createLogger(level: string, pretty: boolean): Logger {
  return pino({
    name: "face-service",
    level,
    ...(pretty ? { transport: { target: "pino-pretty", options: { colorize: true } } } : {}),
  });
}

export type { Logger };
