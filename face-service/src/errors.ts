// The service's error tree: one base class with a machine-readable code, an HTTP status and whether retrying can
// help; every failure the service reports is one of these, turned into an HTTP response in http/errors.ts only.

/** Every code an error response can carry (lower snake case, stable across releases). */
export const ERROR_CODES = [
  "invalid_request",
  "not_found",
  "method_not_allowed",
  "image_too_large",
  "unsupported_image",
  "corrupt_image",
  "no_face",
  "multiple_faces",
  "invalid_mrz",
  "no_mrz",
  "subject_not_found",
  "not_available",
  "not_ready",
  "internal_error",
] as const;

/** A machine-readable error code. */
export type ErrorCode = (typeof ERROR_CODES)[number];

const count = (n: number) => n.toLocaleString("en-US");
const mebibytes = (bytes: number) => {
  const mib = bytes / 1024 / 1024;
  return `${Number.isInteger(mib) ? mib : mib.toFixed(1)} MiB`;
};

/** Base of every error the service reports to a client. */
export class FaceServiceError extends Error {
  /** Machine-readable code, stable across releases. */
  readonly code: ErrorCode;
  /** HTTP status the error maps to. */
  readonly status: number;
  /** Whether the same request may succeed later. */
  readonly retryable: boolean;
  /** Extra facts a client can act on (never images, embeddings or personal data). */
  readonly details: Record<string, unknown> | undefined;

  constructor(
    code: ErrorCode,
    status: number,
    message: string,
    options: { retryable?: boolean; details?: Record<string, unknown>; cause?: unknown } = {},
  ) {
    super(message, { cause: options.cause });
    this.name = new.target.name;
    this.code = code;
    this.status = status;
    this.retryable = options.retryable ?? false;
    this.details = options.details;
  }
}

/** The request is malformed: missing field, bad base64, wrong shape. */
export class InvalidRequestError extends FaceServiceError {
  constructor(message: string, details?: Record<string, unknown>) {
    super("invalid_request", 400, message, { details });
  }
}

/** No route answers this method and path. */
export class RouteNotFoundError extends FaceServiceError {
  constructor(method: string, path: string) {
    super(
      "not_found",
      404,
      `No route ${method} ${path}; the API is listed at /docs and /openapi.json`,
    );
  }
}

/** A route serves this path, but not with this method; `allowed` are the methods it does serve (the Allow header). */
export class MethodNotAllowedError extends FaceServiceError {
  constructor(method: string, path: string, allowed: string[]) {
    super(
      "method_not_allowed",
      405,
      `${path} does not take ${method}; use ${allowed.join(" or ")} (the API is listed at /docs)`,
      { details: { allowed } },
    );
  }
}

/** The upload is not an image in a supported format. */
export class UnsupportedImageError extends FaceServiceError {
  constructor(message: string, details?: Record<string, unknown>) {
    super("unsupported_image", 415, message, { details });
  }
}

/** The upload is larger than the configured byte or pixel limit. */
export class ImageTooLargeError extends FaceServiceError {
  constructor(message: string, details?: Record<string, unknown>) {
    super("image_too_large", 413, message, { details });
  }

  /** The image in `field` has more bytes than `maxBytes`. */
  static bytes(field: string, bytes: number, maxBytes: number): ImageTooLargeError {
    return new ImageTooLargeError(
      `Field \`${field}\` is ${count(bytes)} bytes; at most ${count(maxBytes)} bytes (${mebibytes(maxBytes)}) are accepted — compress it or scale it down`,
      { field, bytes, maxBytes },
    );
  }

  /** The image in `field` is `width`×`height`, more pixels than `maxPixels` (read from its header, not decoded). */
  static pixels(field: string, width: number, height: number, maxPixels: number) {
    const side = Math.floor(Math.sqrt(maxPixels));
    return new ImageTooLargeError(
      `Field \`${field}\` is ${width}×${height} pixels; at most ${count(maxPixels)} pixels (e.g. ${side}×${side}) are accepted — scale it down`,
      { field, width, height, pixels: width * height, maxPixels },
    );
  }
}

/** The upload is a JPEG, PNG or WebP by its signature or header, but its data is damaged and cannot be decoded. */
export class CorruptImageError extends FaceServiceError {
  constructor(message: string, details?: Record<string, unknown>) {
    super("corrupt_image", 422, message, { details });
  }
}

/** The image holds no usable face (none found, or every face failed the quality checks). */
export class NoFaceError extends FaceServiceError {
  constructor(message: string, details?: Record<string, unknown>) {
    super("no_face", 422, message, { details });
  }
}

/** The operation needs exactly one face and the image holds several. */
export class MultipleFacesError extends FaceServiceError {
  constructor(count: number) {
    super("multiple_faces", 422, `Expected one face, found ${count}; send an image of one person`, {
      details: { faces: count },
    });
  }
}

/** The machine-readable zone could not be parsed or one of its check digits is wrong. */
export class InvalidMrzError extends FaceServiceError {
  constructor(message: string, details?: Record<string, unknown>) {
    super("invalid_mrz", 422, message, { details });
  }
}

/** The document image shows no machine-readable zone the OCR engine could read. */
export class NoMrzError extends FaceServiceError {
  constructor(message: string) {
    super("no_mrz", 422, message);
  }
}

/** No enrolled subject has this id. */
export class SubjectNotFoundError extends FaceServiceError {
  constructor() {
    super("subject_not_found", 404, "No templates are enrolled for this subject");
  }
}

/** A feature this deployment does not provide (for example OCR of a document image). */
export class NotAvailableError extends FaceServiceError {
  constructor(message: string) {
    super("not_available", 501, message);
  }
}

/** The service is still loading its models or index. */
export class NotReadyError extends FaceServiceError {
  constructor() {
    super("not_ready", 503, "The service is starting; try again in a few seconds", {
      retryable: true,
    });
  }
}

/** An unexpected failure inside the service; the message shown to clients is generic. */
export class InternalError extends FaceServiceError {
  constructor(cause: unknown) {
    super("internal_error", 500, "The service failed to process the request", {
      retryable: true,
      cause,
    });
  }
}
