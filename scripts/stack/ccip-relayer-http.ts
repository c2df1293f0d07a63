// The CCIP relayer's HTTP API (Hono): GET /health with what it carried so far, and errors in the compliance API's
// shape, `{ error: { code, message, retryable, details? } }`: 404 NOT_FOUND for an unknown path, 405
// METHOD_NOT_ALLOWED with an Allow header for /health with another method, 500 INTERNAL_ERROR without a stack.
import { Hono } from "hono";
import type { Logger } from "pino";

/** Body of every error response of the relayer. */
export interface RelayerErrorBody {
  error: { code: string; message: string; retryable: boolean; details?: Record<string, unknown> };
}

const errorBody = (
  code: string,
  message: string,
  retryable: boolean,
  details?: Record<string, unknown>,
): RelayerErrorBody => ({
  error: { code, message, retryable, ...(details ? { details } : {}) },
});

/** The methods GET /health answers (Hono answers HEAD with the GET route, without its body). */
const HEALTH_METHODS = ["GET", "HEAD"];

/**
 * The relayer's app; `health` gives the body of `GET /health` (status, lanes, counters) at the time of the request.
 *
 * @example serve({ fetch: relayerApp(() => ({ status: "ok", ...status }), logger).fetch, port: 18100 })
 */
export function relayerApp(health: () => Record<string, unknown>, logger: Logger): Hono {
  const app = new Hono();

  app.get("/health", (c) => c.json(health(), 200));
  app.all("/health", (c) => {
    c.header("Allow", HEALTH_METHODS.join(", "));
    return c.json(
      errorBody(
        "METHOD_NOT_ALLOWED",
        `/health does not take ${c.req.method}; use ${HEALTH_METHODS.join(" or ")}.`,
        false,
        { allowed: HEALTH_METHODS },
      ),
      405,
    );
  });
  app.notFound((c) =>
    c.json(
      errorBody("NOT_FOUND", `No route ${c.req.path}; the relayer serves only GET /health.`, false),
      404,
    ),
  );
  app.onError((error, c) => {
    logger.error(
      { err: error, method: c.req.method, path: c.req.path },
      "Failed to answer request",
    );
    return c.json(
      errorBody(
        "INTERNAL_ERROR",
        "The relayer failed to answer; try again, and read its log if it persists.",
        true,
      ),
      500,
    );
  });
  return app;
}
