// The service's error tree: every failure is one of these, turned into an HTTP response in src/http/errors.ts.

/** Extra machine-readable facts about an error, shown to the caller (never secrets or personal data). */
export type ErrorDetails = Record<string, unknown>;

/** Base of every error the service raises on purpose. `message` is a sentence a person can act on. */
export class ComplianceError extends Error {
  /** Stable machine-readable code, e.g. `DECISION_NOT_FOUND`. */
  readonly code: string;
  /** HTTP status the error maps to. */
  readonly status: number;
  /** Whether retrying the same request later can succeed. */
  readonly retryable: boolean;
  readonly details: ErrorDetails | undefined;

  constructor(
    code: string,
    message: string,
    options: { status: number; retryable?: boolean; details?: ErrorDetails; cause?: unknown },
  ) {
    super(message, { cause: options.cause });
    this.name = new.target.name;
    this.code = code;
    this.status = options.status;
    this.retryable = options.retryable ?? false;
    this.details = options.details;
  }
}

/** The request is malformed (schema, JSON, parameter). Retrying unchanged cannot help. */
export class InvalidRequestError extends ComplianceError {
  constructor(code: string, message: string, details?: ErrorDetails) {
    super(code, message, { status: 400, details });
  }
}

/** The request is well-formed but cannot be acted on in the current state (e.g. missing Travel-Rule data). */
export class UnprocessableError extends ComplianceError {
  constructor(code: string, message: string, details?: ErrorDetails) {
    super(code, message, { status: 422, details });
  }
}

/** No or invalid staff session. */
export class UnauthenticatedError extends ComplianceError {
  constructor(
    message = "Sign in with Ethereum first and send the session token as a Bearer token.",
  ) {
    super("UNAUTHENTICATED", message, { status: 401 });
  }
}

/** Signed in, but the role or the four-eyes rules forbid the action. */
export class ForbiddenError extends ComplianceError {
  constructor(code: string, message: string, details?: ErrorDetails) {
    super(code, message, { status: 403, details });
  }
}

/** The named resource does not exist. */
export class NotFoundError extends ComplianceError {
  constructor(code: string, message: string, details?: ErrorDetails) {
    super(code, message, { status: 404, details });
  }
}

/** The resource is in a state that does not allow the action (already co-signed, already decided). */
export class ConflictError extends ComplianceError {
  constructor(code: string, message: string, details?: ErrorDetails) {
    super(code, message, { status: 409, details });
  }
}

/** Too many requests from one wallet or IP address. */
export class RateLimitedError extends ComplianceError {
  constructor(scope: "ip" | "wallet", retryAfterSeconds: number) {
    super(
      "RATE_LIMITED",
      `Too many requests from this ${scope}; retry in ${retryAfterSeconds} s.`,
      {
        status: 429,
        retryable: true,
        details: { scope, retryAfterSeconds },
      },
    );
  }
}

/** A dependency (chain RPC, face service, indexer, database) failed; retrying later may succeed. */
export class UpstreamError extends ComplianceError {
  constructor(
    code: string,
    message: string,
    options: { cause?: unknown; details?: ErrorDetails } = {},
  ) {
    super(code, message, { status: 503, retryable: true, ...options });
  }
}

/** A configuration problem found at start-up; the service refuses to start. */
export class ConfigError extends ComplianceError {
  constructor(message: string, details?: ErrorDetails) {
    super("CONFIG_INVALID", message, { status: 500, details });
  }
}
