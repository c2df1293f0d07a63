// CORS for the CORS_ORIGINS allow-list: a listed origin's preflight gets 204 with the path's methods and the headers
// it may send, its requests Access-Control-Allow-Origin; any other origin, and every origin by default, gets no CORS
// headers and its preflight the usual 405; a preflight of an unknown path stays 404. A bad origin stops start-up.
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { loadConfig } from "../../src/config.ts";
import { ConfigError } from "../../src/errors.ts";
import { startService, type TestService } from "../helpers/service.ts";

const APP_ORIGIN = "https://app.example.com";
const OTHER_ORIGIN = "https://evil.example.net";

/** A browser's preflight of a JSON POST with a session token. */
const preflight = (svc: TestService, path: string, origin: string, method = "POST") =>
  svc.app.request(path, {
    method: "OPTIONS",
    headers: {
      origin,
      "access-control-request-method": method,
      "access-control-request-headers": "content-type, authorization",
    },
  });

describe("when CORS_ORIGINS lists an origin", () => {
  let svc: TestService;
  before(async () => {
    svc = await startService({ env: { CORS_ORIGINS: `${APP_ORIGIN}, http://localhost:5173` } });
  });
  after(() => svc?.close());

  it("answers its preflight 204 with the origin, the path's methods and the allowed request headers", async () => {
    const res = await preflight(svc, "/v1/quote", APP_ORIGIN);

    assert.equal(res.status, 204);
    assert.equal(res.headers.get("access-control-allow-origin"), APP_ORIGIN);
    assert.equal(res.headers.get("access-control-allow-methods"), "POST");
    assert.equal(res.headers.get("access-control-allow-headers"), "Authorization,Content-Type");
    assert.equal(res.headers.get("access-control-max-age"), "600");
    assert.equal(res.headers.get("access-control-allow-credentials"), null);
    assert.match(res.headers.get("vary") ?? "", /Origin/);
  });

  it("names GET and HEAD for a read-only path", async () => {
    const res = await preflight(svc, "/health", "http://localhost:5173", "GET");

    assert.equal(res.status, 204);
    assert.equal(res.headers.get("access-control-allow-methods"), "GET,HEAD");
  });

  it("lets its requests read the answer, errors and their Retry-After and Allow headers included", async () => {
    const ok = await svc.app.request("/v1/sanctions/version", { headers: { origin: APP_ORIGIN } });
    const wrong = await svc.app.request("/v1/quote", { headers: { origin: APP_ORIGIN } });

    assert.equal(ok.status, 200);
    assert.equal(ok.headers.get("access-control-allow-origin"), APP_ORIGIN);
    assert.equal(wrong.status, 405);
    assert.equal(wrong.headers.get("access-control-allow-origin"), APP_ORIGIN);
    assert.equal(
      wrong.headers.get("access-control-expose-headers"),
      "Retry-After,Allow,Content-Disposition",
    );
  });

  it("gives another origin no CORS headers, and its preflight the usual 405", async () => {
    const res = await preflight(svc, "/v1/quote", OTHER_ORIGIN);
    const get = await svc.app.request("/v1/sanctions/version", {
      headers: { origin: OTHER_ORIGIN },
    });

    assert.equal(res.status, 405);
    assert.equal(res.headers.get("access-control-allow-origin"), null);
    assert.equal(
      ((await res.json()) as { error: { code: string } }).error.code,
      "METHOD_NOT_ALLOWED",
    );
    assert.equal(get.status, 200);
    assert.equal(get.headers.get("access-control-allow-origin"), null);
  });

  it("answers a preflight of a path no route serves 404 NOT_FOUND", async () => {
    const res = await preflight(svc, "/v1/nothing-here", APP_ORIGIN);

    assert.equal(res.status, 404);
    assert.equal(((await res.json()) as { error: { code: string } }).error.code, "NOT_FOUND");
  });
});

describe("when CORS_ORIGINS is not set", () => {
  let svc: TestService;
  before(async () => {
    svc = await startService();
  });
  after(() => svc?.close());

  it("answers every origin's preflight 405 with Allow and no CORS headers", async () => {
    const res = await preflight(svc, "/v1/quote", APP_ORIGIN);

    assert.equal(res.status, 405);
    assert.equal(res.headers.get("allow"), "POST");
    assert.equal(res.headers.get("access-control-allow-origin"), null);
  });
});

describe("when CORS_ORIGINS holds something that is not an origin", () => {
  it("refuses to start, naming the variable and the expected form", () => {
    for (const value of ["https://app.example.com/", "*", "app.example.com", "ftp://x.example"]) {
      assert.throws(
        () => loadConfig({ NODE_ENV: "test", CORS_ORIGINS: value }),
        (e: unknown) =>
          e instanceof ConfigError &&
          /CORS_ORIGINS\.0: must be an http\(s\) origin without path or trailing slash/.test(
            e.message,
          ),
        value,
      );
    }
  });
});
