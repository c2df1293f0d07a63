// Which HTTP methods a path answers to, from the app's own route table plus Ponder's built-in routes, so that a known
// path asked with another method gets 405 with an Allow header instead of 404.
import { PatternRouter } from "hono/router/pattern-router";

/** Routes Ponder's server serves itself, before the app (GET only). */
const PONDER_ROUTES = ["/health", "/ready", "/status", "/metrics"];

/** Hono's name for a middleware or handler that matches every method (app.use, app.all). */
const ANY_METHOD = "ALL";

/**
 * The methods that `path` answers to, in a stable order: those of every route whose pattern matches, HEAD wherever
 * GET is (Hono answers HEAD with the GET handler) and OPTIONS (the CORS preflight Ponder answers on every path).
 * Empty when no route matches the path.
 */
export function allowedMethods(
  routes: readonly { method: string; path: string }[],
  path: string,
): string[] {
  const router = new PatternRouter<string>();
  for (const route of routes) {
    if (route.method !== ANY_METHOD) router.add(ANY_METHOD, route.path, route.method);
  }
  for (const ponderPath of PONDER_ROUTES) router.add(ANY_METHOD, ponderPath, "GET");
  const methods = new Set(router.match("GET", path)[0].map(([method]) => method));
  if (methods.size === 0) return [];
  if (methods.has("GET")) methods.add("HEAD");
  methods.add("OPTIONS");
  const order = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"];
  return [...methods].sort((a, b) => order.indexOf(a) - order.indexOf(b));
}
