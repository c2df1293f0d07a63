// The per-IP rate limit over real sockets (the IP is the socket's peer): every /v1 request counts whatever the
// wallet, another client address has its own budget, and /health is not limited; on the memory and the Redis store.
import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { request } from "node:http";
import type { AddressInfo } from "node:net";
import { describe, it } from "node:test";
import { serve } from "@hono/node-server";
import { accounts } from "../helpers/chain.ts";
import { startService } from "../helpers/service.ts";

const IP_LIMIT = 3;

/** What the checks read of an answer (error bodies; other bodies are not looked at). */
interface ErrorBody {
  error: { code: string; details: { scope: string } };
}

/** One HTTP request from `localAddress` (a loopback address of its own, so the service sees another peer). */
function call(
  port: number,
  method: string,
  route: string,
  localAddress: string,
  body?: unknown,
): Promise<{ status: number; retryAfter: string | undefined; body: ErrorBody }> {
  return new Promise((resolve, reject) => {
    const payload = body === undefined ? undefined : JSON.stringify(body);
    const req = request(
      {
        host: "127.0.0.1",
        port,
        method,
        path: route,
        localAddress,
        headers: payload ? { "content-type": "application/json" } : {},
      },
      (res) => {
        let text = "";
        res.on("data", (chunk) => {
          text += chunk;
        });
        res.on("end", () =>
          resolve({
            status: res.statusCode ?? 0,
            retryAfter: res.headers["retry-after"] as string | undefined,
            body: JSON.parse(text) as ErrorBody,
          }),
        );
      },
    );
    req.on("error", reject);
    req.end(payload);
  });
}

describe("per-IP rate limit", () => {
  for (const store of ["memory", "redis"] as const) {
    it(`answers 429 past the per-IP limit whatever the wallet, per client address (${store} store)`, async () => {
      const svc = await startService({
        env: {
          RATE_LIMIT_IP_PER_MINUTE: String(IP_LIMIT),
          RATE_LIMIT_KEY_PREFIX: `test-${randomBytes(4).toString("hex")}`,
          ...(store === "redis" ? { REDIS_URL: "redis://127.0.0.1:6379" } : {}),
        },
      });
      const server = serve({ fetch: svc.app.fetch, hostname: "127.0.0.1", port: 0 });
      await new Promise<void>((resolve) => server.once("listening", resolve));
      const port = (server.address() as AddressInfo).port;
      try {
        const statuses: number[] = [];
        for (let i = 0; i < IP_LIMIT; i++)
          statuses.push((await call(port, "GET", "/v1/sanctions/version", "127.0.0.1")).status);
        const otherWallet = await call(port, "POST", "/v1/auth/nonce", "127.0.0.1", {
          address: accounts.officer2.address,
        });
        const otherPeer = await call(port, "GET", "/v1/sanctions/version", "127.0.0.2");
        const health = await call(port, "GET", "/health", "127.0.0.1");

        assert.deepEqual(statuses, [200, 200, 200]);
        assert.equal(otherWallet.status, 429);
        assert.equal(otherWallet.body.error.code, "RATE_LIMITED");
        assert.equal(otherWallet.body.error.details.scope, "ip");
        assert.ok(Number(otherWallet.retryAfter) >= 1);
        assert.equal(otherPeer.status, 200);
        assert.notEqual(health.status, 429);
        assert.equal(svc.services.rateLimits.store, store);
      } finally {
        await new Promise((resolve) => server.close(resolve));
        await svc.close();
      }
    });
  }
});
