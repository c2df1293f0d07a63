// The HTTP API's answers to bad requests, against a real indexer (supervisor + Ponder on PostgreSQL, a local anvil):
// strict chain ids (400, or 404 naming the indexed chains), SQL over HTTP errors as 400 JSON without hanging, JSON
// 404/405 errors with Allow and no internals, and a GraphiQL page that loads nothing from another host.
import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { type DefaultTreeAdapterMap, parse } from "parse5";
import { DEFAULT_QUERY } from "../src/api/graphiql.ts";
import { TestChain, writeTestAddressBook } from "./support/chain.ts";
import { createPostgresDatabase, IndexerProcess } from "./support/indexer.ts";

type Element = DefaultTreeAdapterMap["element"];
type ErrorBody = { error: { code: string; message: string; details?: unknown } };

const ACCOUNT = "0x70997970c51812dc3a010c7d01b50e0d17dc79c8";
/** Deadline of SQL-over-HTTP answers in this test (the default is 5 s). */
const SQL_TIMEOUT_MS = 2_000;

/** Every element of a parsed document, depth first. */
function* elements(node: DefaultTreeAdapterMap["node"]): Generator<Element> {
  if ("tagName" in node) yield node;
  const children =
    "content" in node ? node.content.childNodes : "childNodes" in node ? node.childNodes : [];
  for (const child of children) yield* elements(child);
}

const attribute = (element: Element, name: string) =>
  element.attrs.find((a) => a.name === name)?.value;

describe("HTTP API errors and GraphiQL", { timeout: 300_000 }, () => {
  const work = mkdtempSync(join(tmpdir(), "clxend-indexer-api-"));
  let chain: TestChain;
  let indexer: IndexerProcess;
  let dropDatabase: () => Promise<void> = async () => {};

  /** A request to the indexer; the body parsed as JSON when it is JSON. */
  async function request(path: string, init: RequestInit = {}) {
    const response = await fetch(`${indexer.url}${path}`, {
      ...init,
      signal: AbortSignal.timeout(30_000),
    });
    const text = await response.text();
    const json = response.headers.get("content-type")?.includes("application/json");
    return {
      status: response.status,
      headers: response.headers,
      text,
      body: json ? JSON.parse(text) : text,
    };
  }

  /** SQL over HTTP as @ponder/client sends it. */
  const sqlPath = (statement: string) =>
    `/sql/db?sql=${encodeURIComponent(JSON.stringify({ json: { sql: statement, params: [] } }))}`;

  /** Asserts a JSON error with `status` and `code`, and no stack trace or source path in it. */
  function assertError(
    answer: Awaited<ReturnType<typeof request>>,
    status: number,
    code: string,
  ): ErrorBody["error"] {
    assert.equal(answer.status, status, answer.text);
    assert.match(answer.headers.get("content-type") ?? "", /^application\/json/, answer.text);
    const { error } = answer.body as ErrorBody;
    assert.equal(error.code, code, answer.text);
    assert.doesNotMatch(answer.text, /\bat .+:\d+:\d+|\.ts\b|node_modules/);
    return error;
  }

  before(async () => {
    chain = await TestChain.start();
    const deployment = await chain.deploy();
    writeTestAddressBook(join(work, "deployments"), deployment);
    const database = await createPostgresDatabase("clxend_indexer_api");
    dropDatabase = database.drop;
    indexer = await IndexerProcess.create({
      rpcUrl: chain.url,
      addressBookDir: join(work, "deployments"),
      database: { kind: "postgres", url: database.url, name: database.name },
      logFile: join(work, "indexer.log"),
      extraEnv: { INDEXER_SQL_TIMEOUT_MS: String(SQL_TIMEOUT_MS) },
    });
    indexer.start();
    await indexer.waitForBlock(await chain.head());
  });

  after(async () => {
    await indexer?.stop();
    await chain?.stop();
    await dropDatabase();
    rmSync(work, { recursive: true, force: true });
  });

  describe("chainId parameters", () => {
    it("answers 400 for a chain id above 2^31-1 (was a 500)", async () => {
      const error = assertError(
        await request(`/api/accounts/2147483648/${ACCOUNT}`),
        400,
        "invalid_request",
      );

      assert.equal(error.message, "Invalid chainId: must be at most 2147483647.");
    });

    it("answers 400 for 1e5 and 0x7a69 (were read as numbers)", async () => {
      for (const chainId of ["1e5", "0x7a69"]) {
        const error = assertError(
          await request(`/api/accounts/${chainId}/${ACCOUNT}`),
          400,
          "invalid_request",
        );
        assert.match(error.message, /^Invalid chainId: must be a whole number in decimal digits/);
      }
      assertError(await request("/api/stats/volume?chainId=1e5"), 400, "invalid_request");
      assertError(
        await request(`/api/remittances/0x7a69/${"0x".padEnd(66, "1")}`),
        400,
        "invalid_request",
      );
    });

    it("answers 404 naming the indexed chains for a chain id that is not indexed", async () => {
      const account = assertError(
        await request(`/api/accounts/5/${ACCOUNT}`),
        404,
        "chain_not_indexed",
      );
      const volume = assertError(
        await request("/api/stats/volume?chainId=5"),
        404,
        "chain_not_indexed",
      );

      assert.equal(
        account.message,
        "Chain 5 is not indexed here; this indexer indexes chain 31337.",
      );
      assert.deepEqual(volume.details, { chainId: 5, indexedChainIds: [31337] });
      assert.equal((await request(`/api/accounts/31337/${ACCOUNT}`)).status, 200);
    });
  });

  describe("SQL over HTTP", () => {
    it("answers a valid query", async () => {
      const answer = await request(sqlPath("select count(*) as n from remittance"));

      assert.equal(answer.status, 200, answer.text);
      assert.deepEqual((answer.body as { rows: unknown[] }).rows, [{ n: "0" }]);
    });

    it("answers 400 JSON for a missing or malformed sql parameter", async () => {
      const missing = assertError(await request("/sql/db"), 400, "invalid_request");
      const notJson = assertError(await request("/sql/db?sql=select%201"), 400, "invalid_request");
      const twice = assertError(
        await request(`${sqlPath("select 1")}&sql=x`),
        400,
        "invalid_request",
      );

      assert.match(missing.message, /^Invalid sql: is required/);
      assert.match(notJson.message, /^Invalid sql: must be JSON/);
      assert.equal(twice.message, "Invalid sql: is given 2 times; give it once.");
    });

    it("answers 400 JSON with Ponder's reason for a write, two statements or an unknown column", async () => {
      for (const statement of [
        "delete from account",
        "select 1; select 2",
        "select nothing_like_this from account",
      ]) {
        const error = assertError(await request(sqlPath(statement)), 400, "invalid_sql");
        assert.match(error.message, /^The query was refused: \S/, statement);
      }
    });

    it("checks live queries (/sql/live) the same way", async () => {
      const live = (statement: string) => sqlPath(statement).replace("/sql/db", "/sql/live");

      assertError(await request("/sql/live?sql=select"), 400, "invalid_request");
      // Ponder opens live queries a little after /health reports ready (503 sql_unavailable until then); its checks
      // of the statement come after that.
      let write = await request(live("delete from account"));
      for (let tries = 0; write.status === 503 && tries < 120; tries += 1) {
        assertError(write, 503, "sql_unavailable");
        await new Promise((resolve) => setTimeout(resolve, 500));
        write = await request(live("delete from account"));
      }
      assertError(write, 400, "invalid_sql");
    });

    it("answers a query failing at run time (select 1/0) within the deadline instead of hanging", async () => {
      const error = assertError(await request(sqlPath("select 1/0 as x")), 400, "sql_timeout");

      assert.deepEqual(error.details, { timeoutMs: SQL_TIMEOUT_MS });
      assert.match(error.message, /division by zero, which Ponder retries/);
    });
  });

  describe("routes and methods", () => {
    it("answers 404 JSON for an unknown route", async () => {
      for (const path of [
        "/nothing",
        "/api/nothing",
        "/sql/nothing",
        `/api/accounts/31337/${ACCOUNT}/x`,
      ]) {
        const error = assertError(await request(path), 404, "not_found");
        assert.match(error.message, /^No route \//, path);
      }
    });

    it("answers 405 JSON with Allow for another method on a known route", async () => {
      const cases = [
        { path: `/api/accounts/31337/${ACCOUNT}`, method: "POST", allow: "GET, HEAD, OPTIONS" },
        { path: "/api/stats/volume", method: "DELETE", allow: "GET, HEAD, OPTIONS" },
        { path: "/graphql", method: "PUT", allow: "GET, HEAD, POST, OPTIONS" },
        { path: "/sql/db", method: "POST", allow: "GET, HEAD, OPTIONS" },
        { path: "/ready", method: "POST", allow: "GET, HEAD, OPTIONS" },
        { path: "/health", method: "POST", allow: "GET, HEAD" },
      ];
      for (const { path, method, allow } of cases) {
        const answer = await request(path, { method });
        const error = assertError(answer, 405, "method_not_allowed");
        const methods = allow.split(", ");
        assert.equal(
          error.message,
          `${method} is not allowed on ${path}; use ${methods.slice(0, -1).join(", ")} or ${methods.at(-1)}.`,
        );
        assert.equal(answer.headers.get("allow"), allow, `${method} ${path}`);
      }
    });

    it("answers 400 JSON for a query parameter a route does not take", async () => {
      const error = assertError(
        await request("/api/stats/volume?chainid=31337"),
        400,
        "invalid_request",
      );

      assert.equal(
        error.message,
        "Invalid chainid: is not a parameter of this route (it takes chainId, token, from, to).",
      );
    });
  });

  describe("GraphiQL", () => {
    it("loads every script, stylesheet and worker from the indexer itself", async () => {
      const page = await request("/graphql", { headers: { accept: "text/html" } });
      assert.equal(page.status, 200);
      assert.match(page.headers.get("content-type") ?? "", /^text\/html/);
      const origin = new URL(indexer.url).origin;
      const all = [...elements(parse(page.text))];
      const references = all.flatMap((element) =>
        ["src", "href", "srcset", "poster", "data"].flatMap(
          (name) => attribute(element, name) ?? [],
        ),
      );
      const inline = all
        .filter(
          (element) => element.tagName === "script" && attribute(element, "src") === undefined,
        )
        .map((element) =>
          element.childNodes.map((node) => ("value" in node ? node.value : "")).join(""),
        )
        .join("\n");
      const workers = ["editorWorkerService", "json", "graphql"].map(
        (label) => `graphql/assets/${label}.worker.js`,
      );

      assert.ok(
        references.some((reference) => reference.endsWith(".js")),
        "the page loads a script",
      );
      assert.ok(
        references.some((reference) => reference.endsWith(".css")),
        "the page loads a stylesheet",
      );
      assert.doesNotMatch(
        inline,
        /(?:https?:)?\/\/[a-z0-9.-]+\.[a-z]{2,}/i,
        "no host in the inline scripts",
      );
      assert.match(inline, /graphql\/assets\/" \+ label \+ "\.worker\.js/);
      for (const reference of [...references, ...workers]) {
        const url = new URL(reference, `${indexer.url}/graphql`);
        assert.equal(url.origin, origin, `${reference} points at another host`);
        const asset = await fetch(url, { signal: AbortSignal.timeout(30_000) });
        assert.equal(asset.status, 200, reference);
        assert.ok((await asset.arrayBuffer()).byteLength > 1_000, `${reference} has content`);
      }
    });

    it("serves a stylesheet whose fonts and images are inline data", async () => {
      const css = await (await fetch(`${indexer.url}/graphql/assets/graphiql.css`)).text();
      const urls = [...css.matchAll(/url\(\s*["']?([^"')]+)["']?\s*\)/g)].map((m) => m[1] ?? "");
      const imports = [...css.matchAll(/@import\s+(?:url\()?["']?([^"')\s;]+)/g)].map(
        (m) => m[1] ?? "",
      );

      assert.ok(urls.length > 0);
      assert.deepEqual(
        [...urls, ...imports].filter((url) => !url.startsWith("data:")),
        [],
      );
    });

    it("still answers GraphQL queries sent with POST, the page's example query among them", async () => {
      const data = await indexer.graphql<{ accounts: { totalCount: number } }>(
        "{ accounts { totalCount } }",
      );
      const example = await indexer.graphql<{ remittances: { totalCount: number } }>(DEFAULT_QUERY);

      assert.equal(typeof data.accounts.totalCount, "number");
      assert.equal(example.remittances.totalCount, 0);
    });

    it("answers 404 for a file the page does not use", async () => {
      assertError(await request("/graphql/assets/package.json"), 404, "not_found");
    });
  });
});
