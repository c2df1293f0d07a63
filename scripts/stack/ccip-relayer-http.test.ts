// Tests of the CCIP relayer's HTTP API (ccip-relayer-http.ts): GET /health answers the relayer's status, and every
// other request gets the compliance API's error shape: 405 with an Allow header for /health with another method,
// 404 NOT_FOUND for any other path, both JSON with a code, an actionable message and `retryable`.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import pino from "pino";
import { type RelayerErrorBody, relayerApp } from "./ccip-relayer-http.ts";

const health = { status: "ok", lanes: ["31337→31338", "31338→31337"], relayed: 2, refused: 0 };
const app = relayerApp(() => health, pino({ level: "silent" }));

const errorOf = async (res: Response) => {
  assert.match(res.headers.get("content-type") ?? "", /^application\/json/);
  const body = (await res.json()) as RelayerErrorBody;
  assert.deepEqual(Object.keys(body), ["error"]);
  assert.match(body.error.code, /^[A-Z]+(_[A-Z]+)*$/);
  assert.equal(typeof body.error.retryable, "boolean");
  return body.error;
};

describe("the CCIP relayer's HTTP API", () => {
  it("answers GET /health (and HEAD) with the relayer's status", async () => {
    const res = await app.request("/health?verbose=1");
    const head = await app.request("/health", { method: "HEAD" });

    assert.equal(res.status, 200);
    assert.deepEqual(await res.json(), health);
    assert.equal(head.status, 200);
  });

  it("answers /health with another method 405 METHOD_NOT_ALLOWED and Allow: GET, HEAD", async () => {
    for (const method of ["POST", "PUT", "DELETE", "OPTIONS"]) {
      const res = await app.request("/health", { method });

      assert.equal(res.status, 405, method);
      assert.equal(res.headers.get("allow"), "GET, HEAD", method);
      assert.deepEqual(await errorOf(res), {
        code: "METHOD_NOT_ALLOWED",
        message: `/health does not take ${method}; use GET or HEAD.`,
        retryable: false,
        details: { allowed: ["GET", "HEAD"] },
      });
    }
  });

  it("answers an unknown path 404 NOT_FOUND JSON, whatever the method", async () => {
    for (const [method, path] of [
      ["GET", "/"],
      ["GET", "/favicon.ico"],
      ["POST", "/relay"],
      ["GET", "/health/extra"],
    ] as const) {
      const res = await app.request(path, { method });

      assert.equal(res.status, 404, `${method} ${path}`);
      assert.equal(res.headers.get("allow"), null);
      assert.deepEqual(await errorOf(res), {
        code: "NOT_FOUND",
        message: `No route ${path}; the relayer serves only GET /health.`,
        retryable: false,
      });
    }
  });

  it("answers 500 INTERNAL_ERROR without the failure's text when the status cannot be read", async () => {
    const failing = relayerApp(
      () => {
        throw new TypeError("Cannot read properties of undefined at /work/main/secret.ts:12");
      },
      pino({ level: "silent" }),
    );

    const res = await failing.request("/health");

    assert.equal(res.status, 500);
    const error = await errorOf(res);
    assert.equal(error.code, "INTERNAL_ERROR");
    assert.doesNotMatch(JSON.stringify(error), /secret|Cannot read/);
  });
});
