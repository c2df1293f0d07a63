// The /docs page works offline: the HTML and every script, stylesheet and CSS url() it needs are served by the
// service itself (Swagger UI from the swagger-ui-dist package), and nothing points at another host.
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { type DefaultTreeAdapterMap, parse } from "parse5";
import { startService } from "./helpers.ts";

type Service = Awaited<ReturnType<typeof startService>>;
type Node = DefaultTreeAdapterMap["node"];
let s: Service;

/** Origin the page is pretended to be served from; any reference resolving elsewhere is another host. */
const ORIGIN = "http://face-service.test";

before(async () => {
  s = await startService({ FACE_OCR_ENGINE: "none" });
});
after(() => s.close());

/** Every element of the parsed document, depth first. */
function* elements(node: Node): Generator<DefaultTreeAdapterMap["element"]> {
  if ("tagName" in node) yield node;
  const children =
    "content" in node ? node.content.childNodes : "childNodes" in node ? node.childNodes : [];
  for (const child of children) yield* elements(child);
}

const attribute = (el: DefaultTreeAdapterMap["element"], name: string) =>
  el.attrs.find((a) => a.name === name)?.value;

const textOf = (el: DefaultTreeAdapterMap["element"]) =>
  el.childNodes.map((n) => ("value" in n ? n.value : "")).join("");

/** Fetches a reference of the page in process and checks it resolves to this service. */
const local = (reference: string) => {
  const url = new URL(reference, `${ORIGIN}/docs`);
  assert.equal(url.origin, ORIGIN, `${reference} points at another host`);
  return s.app.request(url.pathname + url.search);
};

describe("GET /docs", () => {
  it("references only scripts and stylesheets of this service, each of which it serves", async () => {
    const res = await s.app.request("/docs");
    assert.equal(res.status, 200);
    assert.match(res.headers.get("content-type") ?? "", /^text\/html/);
    const all = [...elements(parse(await res.text()))];
    const references = all.flatMap((el) =>
      ["src", "href", "srcset", "poster", "data"].flatMap((name) => attribute(el, name) ?? []),
    );
    const scripts = all.filter((el) => el.tagName === "script" && attribute(el, "src"));
    const styles = all.filter(
      (el) => el.tagName === "link" && attribute(el, "rel") === "stylesheet",
    );

    assert.ok(scripts.length > 0 && styles.length > 0, "the page loads a script and a stylesheet");
    for (const reference of references) {
      assert.doesNotMatch(reference, /^(?:[a-z][a-z0-9+.-]*:)?\/\//i, `${reference} is absolute`);
      const asset = await local(reference);
      assert.equal(asset.status, 200, reference);
      assert.ok((await asset.arrayBuffer()).byteLength > 10_000, `${reference} has content`);
    }
    for (const el of scripts) {
      const asset = await local(attribute(el, "src") ?? "");
      assert.match(asset.headers.get("content-type") ?? "", /javascript/);
    }
  });

  it("serves stylesheets whose url()s are inline data or local", async () => {
    const all = [...elements(parse(await (await s.app.request("/docs")).text()))];
    const styles = all.filter(
      (el) => el.tagName === "link" && attribute(el, "rel") === "stylesheet",
    );

    for (const el of styles) {
      const css = await (await local(attribute(el, "href") ?? "")).text();
      const urls = [...css.matchAll(/url\(\s*["']?([^"')]+)["']?\s*\)/g)].map((m) => m[1] ?? "");
      const imports = [...css.matchAll(/@import\s+["']([^"']+)["']/g)].map((m) => m[1] ?? "");
      for (const url of [...urls, ...imports].filter((u) => !u.startsWith("data:"))) {
        assert.equal((await local(url)).status, 200, url);
      }
    }
  });

  it("starts Swagger UI on /openapi.json with no URL to another host in its inline script", async () => {
    const all = [...elements(parse(await (await s.app.request("/docs")).text()))];
    const inline = all
      .filter((el) => el.tagName === "script" && !attribute(el, "src"))
      .map(textOf)
      .join("\n");

    assert.match(inline, /SwaggerUIBundle\(/);
    assert.match(inline, /url: '\/openapi\.json'/);
    assert.match(inline, /validatorUrl: 'none'/);
    assert.doesNotMatch(inline, /(?:https?:)?\/\/[a-z0-9.-]+\.[a-z]{2,}/i);
    assert.equal((await s.app.request("/openapi.json")).status, 200);
  });

  it("serves no other file of the package than the page needs", async () => {
    const res = await s.app.request("/docs/assets/swagger-ui-dist/package.json");

    assert.equal(res.status, 404);
  });
});
