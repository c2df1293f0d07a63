// pino logger factory: JSON by default, pretty when LOG_PRETTY is set; redacts anything that could be a secret.
import { pino, type Logger } from "pino";

/** Paths that never reach a log line even if a caller passes them by mistake. */
const REDACT = [
  "privateKey",
  "*.privateKey",
  "password",
  "*.password",
  "authorization",
  "req.headers.authorization",
  "signature",
  "*.signature",
  "token",
  "*.token",
];

/** Creates the service logger. */
export function createLogger(options: { level: string; pretty: boolean }): Logger {
  return pino({
    level: options.level,
    base: { service: "compliance-api" },
    redact: { paths: REDACT, censor: "[redacted]" },
    ...(options.pretty
      ? { transport: { target: "pino-pretty", options: { colorize: true } } }
      : {}),
  });
}

export type { Logger };
