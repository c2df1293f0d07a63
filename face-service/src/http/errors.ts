// The one place where errors become HTTP responses: FaceServiceError subclasses keep their status and code,
// framework errors (415 from the media-type gate, 413 from the body limit) are translated, anything else is a
// generic 500. Responses never carry stack traces; unexpected errors are logged with theirs. A request that fails its
// schema gets one sentence per problem, naming the field ("Field `image` is required (…)").
import type { Context } from "hono";
import { HTTPException } from "hono/http-exception";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import type { z } from "zod";
import {
  FaceServiceError,
  ImageTooLargeError,
  InternalError,
  InvalidRequestError,
  UnsupportedImageError,
} from "../errors.ts";
import type { Logger } from "../logger.ts";

const SEND_AS = "send application/json (images as base64) or multipart/form-data (images as files)";

/** A 400 from the framework's body parsers, said in terms of the content type the client sent. */
function malformedBody(contentType: string): InvalidRequestError {
  if (contentType.startsWith("multipart/")) {
    return new InvalidRequestError(
      "The multipart/form-data body could not be parsed; check that the Content-Type boundary matches the body's parts",
    );
  }
  if (contentType.includes("json"))
    return new InvalidRequestError("The request body is not valid JSON");
  return new InvalidRequestError(`The request body could not be read; ${SEND_AS}`);
}

/** Maps any thrown value to a FaceServiceError; `contentType` is the request's, for parser errors. */
export function toServiceError(error: unknown, contentType = ""): FaceServiceError {
  if (error instanceof FaceServiceError) return error;
  if (error instanceof HTTPException) {
    if (error.status === 415) {
      return new UnsupportedImageError(
        `The Content-Type ${contentType.slice(0, 100) || "(none)"} is not accepted; ${SEND_AS}`,
        { contentType: contentType.slice(0, 100) },
      );
    }
    if (error.status === 413)
      return new ImageTooLargeError("The request body is larger than the service accepts");
    if (error.status === 400) return malformedBody(contentType.toLowerCase());
    if (error.status < 500)
      return new InvalidRequestError(error.message || "The request is malformed");
  }
  if (error instanceof SyntaxError)
    return new InvalidRequestError("The request body is not valid JSON");
  return new InternalError(error);
}

/** The JSON body of an error response. */
export function errorBody(error: FaceServiceError) {
  return {
    error: {
      code: error.code,
      message: error.message,
      retryable: error.retryable,
      ...(error.details ? { details: error.details } : {}),
    },
  };
}

/** Hono onError handler. */
export function handleError(logger: Logger) {
  return (error: unknown, c: Context) => {
    const serviceError = toServiceError(error, c.req.header("content-type"));
    if (serviceError instanceof InternalError) {
      logger.error(
        { err: error, route: c.req.routePath, method: c.req.method },
        "Failed to handle request",
      );
    }
    return c.json(errorBody(serviceError), serviceError.status as ContentfulStatusCode);
  };
}

/** What @hono/zod-openapi hands the validation hook. */
export interface ValidationResult {
  success: boolean;
  error?: z.ZodError;
  /** The parsed input (body fields, path parameters) before validation. */
  data?: unknown;
  /** Which part of the request was validated: json, form, param, query. */
  target?: string;
}

const SUBJECT_OF: Record<string, string> = { param: "Path parameter", query: "Query parameter" };

/** `frames[0]`, `a.embedding`: a field path as a client writes it. */
const fieldName = (path: readonly PropertyKey[]) =>
  path
    .map((p, i) => (typeof p === "number" ? `[${p}]` : i === 0 ? String(p) : `.${String(p)}`))
    .join("");

/**
 * One sentence for one schema problem. The schemas' messages are predicates ("is required (…)", "must be …") that
 * follow the field's name; a message of zod's own (capitalised) follows a colon.
 */
function sentence(issue: z.ZodError["issues"][number], target: string | undefined): string {
  if (issue.path.length === 0) {
    return issue.code === "invalid_type"
      ? 'The request body must be a JSON object of fields, e.g. {"image": "<base64>"}'
      : issue.message;
  }
  const subject = `${SUBJECT_OF[target ?? ""] ?? "Field"} \`${fieldName(issue.path)}\``;
  return /^[A-Z]/.test(issue.message)
    ? `${subject}: ${issue.message}`
    : `${subject} ${issue.message}`;
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value);

/** The top-level field names the client sent, when a required one is missing (a misspelt name, most often). */
function receivedFields(result: ValidationResult): string[] | undefined {
  const { data, error } = result;
  if (!isRecord(data) || (result.target !== "json" && result.target !== "form")) return undefined;
  const missing = error?.issues.some(
    (i) => i.path.length === 1 && data[String(i.path[0])] === undefined,
  );
  return missing
    ? Object.keys(data)
        .slice(0, 20)
        .map((k) => k.slice(0, 64))
    : undefined;
}

const listFields = (names: string[]) =>
  names.length === 0
    ? "the request has no fields"
    : `the request has the field${names.length > 1 ? "s" : ""} ${names.map((n) => `\`${n}\``).join(", ")}`;

/**
 * Validation hook for @hono/zod-openapi: a failed schema becomes an InvalidRequestError whose message has one
 * sentence per problem, naming the field, and (when a required field is missing) the fields the request did have.
 */
export function validationHook(result: ValidationResult): void {
  if (result.success || !result.error) return;
  const issues = result.error.issues.map((i) => ({
    path: fieldName(i.path),
    message: sentence(i, result.target),
  }));
  const received = receivedFields(result);
  const sentences = [...new Set(issues.map((i) => i.message))];
  if (received) sentences.push(listFields(received));
  const message = sentences
    .map((text, i) => (i === 0 ? text : text.charAt(0).toLowerCase() + text.slice(1)))
    .join("; ");
  throw new InvalidRequestError(message, {
    issues,
    ...(received ? { receivedFields: received } : {}),
  });
}
