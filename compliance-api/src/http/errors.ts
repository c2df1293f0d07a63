// The one place where errors become HTTP responses: a machine-readable code and an actionable sentence, no stacks.
import type { Context } from "hono";
import { HTTPException } from "hono/http-exception";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import type { Logger } from "pino";
import type { ZodError } from "zod";
import { ComplianceError, InvalidRequestError } from "../errors.ts";

/** Body of every error response. */
export interface ErrorBody {
  error: { code: string; message: string; retryable: boolean; details?: Record<string, unknown> };
}

/** How the message names each part of a request that hono validates. */
const TARGET_NAMES: Record<string, string> = {
  json: "body",
  param: "path",
  query: "query string",
  header: "headers",
};

/**
 * Turns a zod validation failure of one request part into a 400 that lists each problem with the field it concerns
 * (`details.issues[].path`, e.g. `amount`; `in` names the part). The message names the first problem.
 */
export function validationError(target: string, error: ZodError): InvalidRequestError {
  const part = TARGET_NAMES[target] ?? target;
  const issues = error.issues.slice(0, 20).map((i) => ({
    in: part,
    path: i.path.map(String).join("."),
    message: i.message,
  }));
  const first = issues[0];
  // Our own messages read on from the field's name ("amount must be …"); zod's own ones are sentences.
  const summary = !first
    ? `invalid ${part}`
    : first.path === ""
      ? first.message
      : /^must /.test(first.message)
        ? `${first.path} ${first.message}`
        : `${first.path}: ${first.message}`;
  const more =
    issues.length > 1
      ? ` (and ${issues.length - 1} more problem${issues.length > 2 ? "s" : ""})`
      : "";
  return new InvalidRequestError(
    "INVALID_REQUEST",
    `The request ${part} is invalid: ${summary}${more}.`,
    { issues },
  );
}

const HTTP_CODES: Record<number, [string, string]> = {
  400: [
    "INVALID_REQUEST",
    "The request is malformed; send JSON that matches the OpenAPI document at /openapi.json.",
  ],
  401: ["UNAUTHENTICATED", "Sign in first."],
  404: ["NOT_FOUND", "No such route; see /docs for the API."],
  405: ["METHOD_NOT_ALLOWED", "This route does not accept this method; see /docs."],
  413: ["PAYLOAD_TOO_LARGE", "The request body is too large."],
  415: ["UNSUPPORTED_MEDIA_TYPE", "Send the body as application/json."],
};

/** Maps any thrown value to a response; unexpected errors are logged with their stack and answered with a 500. */
export function errorResponse(err: unknown, c: Context, log: Logger): Response {
  let e: ComplianceError;
  if (err instanceof ComplianceError) {
    e = err;
  } else if (err instanceof HTTPException && err.status < 500) {
    const [code, fallback] = HTTP_CODES[err.status] ?? [
      "INVALID_REQUEST",
      "The request was refused.",
    ];
    const message = /malformed json/i.test(err.message)
      ? "The request body is not valid JSON."
      : /content-type/i.test(err.message)
        ? "Send the body as application/json with a Content-Type: application/json header."
        : fallback;
    e = new ComplianceError(
      code === "INVALID_REQUEST" && /json/i.test(message) ? "INVALID_JSON" : code,
      message,
      {
        status: err.status,
      },
    );
  } else {
    e = new ComplianceError(
      "INTERNAL_ERROR",
      "The service failed unexpectedly; the error was logged. Try again later.",
      {
        status: 500,
        retryable: true,
      },
    );
  }
  if (e.status >= 500) {
    log.error(
      {
        err: err instanceof ComplianceError && err.cause ? err.cause : err,
        code: e.code,
        path: c.req.path,
      },
      "Request failed",
    );
  }
  const body: ErrorBody = {
    error: {
      code: e.code,
      message: e.message,
      retryable: e.retryable,
      ...(e.details ? { details: e.details } : {}),
    },
  };
  if (e.status === 429 && typeof e.details?.retryAfterSeconds === "number") {
    c.header("Retry-After", String(e.details.retryAfterSeconds));
  }
  return c.json(body, e.status as ContentfulStatusCode);
}
