// One fetch wrapper for the app's services: JSON in and out, and every failure turned into an ApiError whose
// message is a sentence the user can act on (the services' own messages are written that way).

/** A service call failed. `retryable` says whether trying again later can help. */
export class ApiError extends Error {
  override name = "ApiError";
  constructor(
    message: string,
    readonly status: number,
    readonly code: string,
    readonly retryable: boolean,
    readonly details?: unknown,
  ) {
    super(message);
  }
}

/** Reads the `{ error: { code, message } }` (compliance API) or `{ error, message }` (indexer) error shapes. */
function errorFrom(status: number, body: unknown, service: string): ApiError {
  const retryable = status >= 500 || status === 429;
  if (body && typeof body === "object" && "error" in body) {
    const error = (body as { error: unknown; message?: unknown }).error;
    if (error && typeof error === "object" && "message" in error) {
      const e = error as {
        code?: unknown;
        message: unknown;
        retryable?: unknown;
        details?: unknown;
      };
      return new ApiError(
        String(e.message),
        status,
        String(e.code ?? "error"),
        typeof e.retryable === "boolean" ? e.retryable : retryable,
        e.details,
      );
    }
    const message = (body as { message?: unknown }).message;
    if (typeof message === "string") return new ApiError(message, status, String(error), retryable);
  }
  if (status === 502 || status === 503 || status === 504) {
    return new ApiError(
      `The ${service} is not available right now. Try again in a minute.`,
      status,
      "unavailable",
      true,
    );
  }
  return new ApiError(
    `The ${service} answered with an unexpected error (${status}). Try again.`,
    status,
    "unexpected",
    retryable,
  );
}

export interface RequestOptions {
  method?: "GET" | "POST" | "PUT" | "DELETE";
  body?: unknown;
  token?: string | null;
  signal?: AbortSignal;
}

/** Calls `base + path` and returns the parsed JSON body; throws ApiError on any failure. */
export async function requestJson<T>(
  service: string,
  base: string,
  path: string,
  options: RequestOptions = {},
): Promise<T> {
  const headers: Record<string, string> = { accept: "application/json" };
  if (options.body !== undefined) headers["content-type"] = "application/json";
  if (options.token) headers.authorization = `Bearer ${options.token}`;
  let response: Response;
  try {
    response = await fetch(`${base}${path}`, {
      method: options.method ?? (options.body === undefined ? "GET" : "POST"),
      headers,
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
      signal: options.signal,
    });
  } catch (error) {
    if ((error as Error).name === "AbortError") throw error;
    throw new ApiError(
      `The ${service} cannot be reached. Check your connection and try again.`,
      0,
      "network",
      true,
    );
  }
  const body: unknown = await response.json().catch(() => null);
  if (!response.ok) throw errorFrom(response.status, body, service);
  return body as T;
}
