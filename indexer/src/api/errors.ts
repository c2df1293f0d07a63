// The API's error type and the one place that turns errors into JSON responses (no stack traces leave the server).
import type { Context } from "hono";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import type { ZodError } from "zod";
import type { Logger } from "../../lib/logger.ts";

/** An error a caller can act on: HTTP status, machine-readable code, a sentence, optional details and headers. */
export class ApiError extends Error {
  override name = "ApiError";
  constructor(
    readonly status: ContentfulStatusCode,
    readonly code: string,
    message: string,
    readonly details?: unknown,
    /** Response headers the status needs, such as `Allow` on a 405. */
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }
}

/** A 400 listing every invalid parameter of a request. */
export function invalidRequest(error: ZodError): ApiError {
  const details = error.issues.map((issue) => ({
    parameter: issue.path.join("."),
    problem: issue.message,
  }));
  const first = details[0];
  return new ApiError(
    400,
    "invalid_request",
    first === undefined
      ? "The request is invalid."
      : `Invalid ${first.parameter}: ${first.problem}.`,
    details,
  );
}

/** Hono error handler: ApiError as is, anything else logged and answered as a 500 without internals. */
export function errorHandler(logger: Logger) {
  return (error: Error, c: Context) => {
    if (error instanceof ApiError) {
      return c.json(
        { error: { code: error.code, message: error.message, details: error.details } },
        error.status,
        error.headers,
      );
    }
    logger.error({ method: c.req.method, path: c.req.path, err: error }, "Failed to serve request");
    return c.json(
      { error: { code: "internal_error", message: "The indexer failed to answer; try again." } },
      500,
    );
  };
}
