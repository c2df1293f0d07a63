// Starts the face service's HTTP server with keep-alive and header timeouts set on purpose, not Node's defaults.
import type { ServerOptions } from "node:http";
import type { AddressInfo } from "node:net";
import { serve } from "@hono/node-server";

/**
 * Timeouts of the HTTP server. A client that reuses an idle keep-alive socket the server has just closed gets
 * ECONNRESET/EPIPE, and a POST is not retried by default. Node's default `keepAliveTimeout` (5 s) is close to the
 * idle timeouts of clients (undici: 4 s, or the server's advertised `Keep-Alive: timeout` minus 1–2 s) and of
 * proxies (60 s for AWS ALB and nginx's upstream keepalive), so the server keeps idle sockets for 65 s (and Node
 * adds `keepAliveTimeoutBuffer` before it really closes them), longer than those clients do. The margin matters here:
 * while ONNX inference blocks the event loop, the keep-alive timer fires late and the socket is closed only when
 * the loop is free again, possibly just after a client sent its next request on it; the compliance API's client
 * (compliance-api/src/kyc/face-service.ts) closes idle sockets after 10 s, far from 65 s.
 * `headersTimeout` stays above `keepAliveTimeout`, the usual rule for Node servers behind a proxy; it still bounds a
 * client that sends its headers slowly (Node's default is 60 s).
 */
export const SERVER_TIMEOUTS = {
  keepAliveTimeout: 65_000,
  keepAliveTimeoutBuffer: 1_000,
  headersTimeout: 66_000,
} as const satisfies ServerOptions;

/** Serves `fetch` on `hostname:port` with {@link SERVER_TIMEOUTS}; `onListening` gets the bound address. */
export function listen(
  fetch: Parameters<typeof serve>[0]["fetch"],
  address: { hostname: string; port: number },
  onListening?: (info: AddressInfo) => void,
) {
  return serve({ fetch, ...address, serverOptions: SERVER_TIMEOUTS }, onListening);
}
