// The API document: /openapi.json is a valid OpenAPI 3.1 document (checked against the official schema) that lists
// every route the app serves, and /docs serves the reference page built from it with every file it loads, from this
// service only (no CDN: the docs must work offline).
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { Validator } from "@seriousme/openapi-schema-validator";
import { type DefaultTreeAdapterMap, parse } from "parse5";
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

  it("documents every error code as UPPER_SNAKE_CASE", async () => {
    const doc = await svc.call("GET", "/openapi.json");
    const code = doc.body.components.schemas.Error.properties.error.properties.code;

    assert.equal(code.pattern, "^[A-Z][A-Z0-9]*(_[A-Z0-9]+)*$");
    assert.match(code.example, new RegExp(code.pattern));
    assert.match(doc.body.info.description, /405 `METHOD_NOT_ALLOWED`/);
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
        .filter((r) => !DOCUMENT_ROUTES.has(r) && !r.startsWith("GET /docs/")),
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

  it("serves the docs page and every file it loads itself, from no other host", async () => {
    const res = await svc.app.request("http://api.test/docs");
    const html = await res.text();
    const urls: { tag: string; url: string }[] = [];
    const walk = (node: DefaultTreeAdapterMap["node"]) => {
      if ("attrs" in node) {
        for (const attr of node.attrs) {
          if (["src", "href", "srcset", "data", "poster"].includes(attr.name))
            urls.push({ tag: node.tagName, url: attr.value });
        }
      }
      if ("childNodes" in node) for (const child of node.childNodes) walk(child);
      if ("content" in node) walk(node.content);
    };
    walk(parse(html));
    const inline = html.match(/<script>([\s\S]*?)<\/script>/)?.[1] ?? "";

    assert.equal(res.status, 200);
    assert.match(res.headers.get("content-type") ?? "", /text\/html/);
    assert.deepEqual(urls.map((u) => u.tag).sort(), ["link", "script"]);
    assert.match(inline, /url: '\/openapi\.json'/);
    assert.match(inline, /validatorUrl: 'none'/, "Swagger UI would call its online validator");
    for (const { url } of urls) {
      const resolved = new URL(url, "http://api.test/docs");
      assert.equal(resolved.origin, "http://api.test", `${url} is loaded from another host`);
      assert.ok(!/^([a-z]+:)?\/\//i.test(url), `${url} is an absolute URL`);

      const asset = await svc.app.request(resolved.toString());
      const body = await asset.arrayBuffer();

      assert.equal(asset.status, 200, url);
      assert.match(
        asset.headers.get("content-type") ?? "",
        url.endsWith(".css") ? /text\/css/ : /javascript/,
        url,
      );
      assert.ok(body.byteLength > 10_000, `${url} is only ${body.byteLength} bytes`);
    }
  });

  it("serves no other file of the docs package", async () => {
    const res = await svc.app.request("/docs/assets/swagger-ui-dist/package.json");

    assert.equal(res.status, 404);
  });
});
