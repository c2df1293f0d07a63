// The API document: /openapi.json is a valid OpenAPI 3.1 document (checked against the official schema) that lists
// every route the app serves, and /docs serves the reference page built from it.
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { Validator } from "@seriousme/openapi-schema-validator";
import { startService, type TestService } from "../helpers/service.ts";

/** Routes that serve the document itself rather than the API. */
const DOCUMENT_ROUTES = new Set(["GET /openapi.json", "GET /docs"]);

describe("API document", () => {
  let svc: TestService;

  before(async () => {
    svc = await startService();
  });
  after(async () => {
    await svc?.close();
  });

  it("is a valid OpenAPI 3.1 document whose references all resolve", async () => {
    const doc = await svc.call("GET", "/openapi.json");
    const validator = new Validator();

    const result = await validator.validate(doc.body);

    assert.equal(doc.status, 200);
    assert.match(doc.body.openapi, /^3\.1\.\d+$/);
    assert.equal(validator.version, "3.1");
    assert.deepEqual(result, { valid: true });
    assert.doesNotThrow(() => validator.resolveRefs());
  });

  it("lists every route the app serves, with its method", async () => {
    const doc = await svc.call("GET", "/openapi.json");
    const documented = new Set(
      Object.entries(doc.body.paths as Record<string, Record<string, unknown>>).flatMap(
        ([route, methods]) => Object.keys(methods).map((m) => `${m.toUpperCase()} ${route}`),
      ),
    );
    const served = new Set(
      svc.app.routes
        .filter((r) => r.method !== "ALL")
        .map((r) => `${r.method} ${r.path.replace(/:(\w+)/g, "{$1}")}`)
        .filter((r) => !DOCUMENT_ROUTES.has(r)),
    );

    assert.ok(served.size >= 25, `only ${served.size} routes found`);
    assert.deepEqual(
      [...served].filter((r) => !documented.has(r)),
      [],
    );
    assert.deepEqual(
      [...documented].filter((r) => !served.has(r)),
      [],
    );
  });

  it("gives every operation a response schema and every staff route the bearer scheme", async () => {
    const doc = await svc.call("GET", "/openapi.json");
    const operations = Object.entries(
      doc.body.paths as Record<string, Record<string, { responses: object; security?: object[] }>>,
    ).flatMap(([route, methods]) => Object.entries(methods).map(([m, op]) => ({ route, m, op })));
    const staffRoutes = /^\/v1\/(cases|flags|sars|audit|admin|gdpr|auth\/me|kyc\/attestations)/;

    for (const { route, m, op } of operations) {
      assert.ok(
        Object.keys(op.responses).some((code) => code.startsWith("2")),
        `${m} ${route}`,
      );
      if (staffRoutes.test(route))
        assert.deepEqual(op.security, [{ bearerAuth: [] }], `${m} ${route} has no bearer security`);
    }
    assert.equal(doc.body.components.securitySchemes.bearerAuth.scheme, "bearer");
  });

  it("serves the docs page that loads /openapi.json", async () => {
    const res = await svc.app.request("/docs");
    const html = await res.text();

    assert.equal(res.status, 200);
    assert.match(res.headers.get("content-type") ?? "", /text\/html/);
    assert.ok(html.includes("/openapi.json"), "the docs page does not reference /openapi.json");
  });
});
