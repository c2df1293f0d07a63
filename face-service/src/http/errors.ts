// The one place where errors become HTTP responses: FaceServiceError subclasses keep their status and code,
// framework errors (415 from the media-type gate, 413 from the body limit) are translated, anything else is a
// generic 500. Responses never carry stack traces; unexpected errors are logged with theirs.
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

/** Maps any thrown value to a FaceServiceError. */
export function toServiceError(error: unknown): FaceServiceError {
  if (error instanceof FaceServiceError) return error;
  if (error instanceof HTTPException) {
    if (error.status === 415) {
      return new UnsupportedImageError(
        "Send application/json (base64 images) or multipart/form-data (files)",
      );
    }
    if (error.status === 413)
      return new ImageTooLargeError("The request body is larger than the service accepts");
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
    const serviceError = toServiceError(error);
    if (serviceError instanceof InternalError) {
      logger.error(
        { err: error, route: c.req.routePath, method: c.req.method },
        "Failed to handle request",
      );
    }
    return c.json(errorBody(serviceError), serviceError.status as ContentfulStatusCode);
  };
}

/** Validation hook for @hono/zod-openapi: a failed schema becomes an InvalidRequestError listing the problems. */
export function validationHook(result: { success: boolean; error?: z.ZodError }): void {
  if (!result.success && result.error) {
    throw new InvalidRequestError("The request does not match the schema", {
      issues: result.error.issues.map((i) => ({ path: i.path.join("."), message: i.message })),
    });
  }
}
