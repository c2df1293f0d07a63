// Integration tests of the sanctions sources: lists served over HTTP (plain and sdn_advanced.xml), the admin reload
// endpoint recording the new version (version table, audit entry, later decisions), and the automatic reload when a
// local list file changes.
import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import { tmpdir } from "node:os";
import path from "node:path";
import { after, before, describe, it } from "node:test";
import { fileURLToPath } from "node:url";
import { sql } from "drizzle-orm";
import { accounts, freePort, startTestChain, type TestChain } from "../helpers/chain.ts";
import { REAL_SANCTIONS_DIR, startService, type TestService } from "../helpers/service.ts";

const FIXTURE_XML = readFileSync(
  path.join(
    path.dirname(fileURLToPath(import.meta.url)),
    "..",
    "fixtures",
    "sdn_advanced.sample.xml",
  ),
  "utf8",
);
/** On the fixture's list (Digital Currency Address - ETH). */
const XML_LISTED = "0xAaAaAaAaAaAaAaAaAaAaAaAaAaAaAaAaAaAaAaA1";
const WATCH_WAIT_MS = 30_000;

const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

/** A local HTTP server publishing lists; `files` can be changed (or `failing` set) between requests. */
async function listServer() {
  const files: Record<string, string> = {};
  const state = { failing: false };
  /** Paths that answer only with this Authorization header. */
  const authorization: Record<string, string> = {};
  const server: Server = createServer((req, res) => {
    const body = files[req.url ?? ""];
    const needed = authorization[req.url ?? ""];
    if (needed !== undefined && req.headers.authorization !== needed) {
      res.statusCode = 401;
      res.end();
      return;
    }
    if (state.failing || body === undefined) {
      res.statusCode = state.failing ? 500 : 404;
      res.end();
      return;
    }
    res.setHeader("content-type", "text/plain");
    res.end(body);
  });
  const port = await freePort();
  await new Promise<void>((resolve) => server.listen(port, "127.0.0.1", resolve));
  return {
    files,
    authorization,
    state,
    port,
    url: (name: string) => `http://127.0.0.1:${port}${name}`,
    server,
  };
}

const sqlRows = async <T>(svc: TestService, query: ReturnType<typeof sql>) =>
  ((await svc.services.database.db.execute(query)) as unknown as { rows: T[] }).rows;

describe("sanctions lists from URLs and the admin reload", () => {
  let chain: TestChain;
  let svc: TestService;
  let lists: Awaited<ReturnType<typeof listServer>>;
  let admin: string;

  before(async () => {
    lists = await listServer();
    lists.files["/plain.txt"] = `# served list\n${accounts.carol.address}\n`;
    lists.files["/sdn_advanced.xml"] = FIXTURE_XML;
    chain = await startTestChain();
    for (const who of [accounts.alice, accounts.bob, accounts.carol])
      await chain.attest(who.address);
    svc = await startService({
      chain,
      env: { SANCTIONS_SOURCES: `${lists.url("/plain.txt")},${lists.url("/sdn_advanced.xml")}` },
    });
    admin = await svc.signIn(accounts.admin);
  });
  after(async () => {
    await svc?.close();
    await chain?.stop();
    lists?.server.close();
  });

  const screen = (recipient: string) =>
    svc.call("POST", "/v1/screen", {
      sender: accounts.alice.address,
      recipient,
      token: chain.contracts.TestStablecoin,
      amount: "1000000",
    });
  const codes = (body: { reasons: { code: string }[] }) => body.reasons.map((r) => r.code);

  it("loads a plain list and an sdn_advanced.xml from URLs and screens against both", async () => {
    const version = await svc.call("GET", "/v1/sanctions/version");
    const plain = await screen(accounts.carol.address);
    const xml = await screen(XML_LISTED);

    assert.deepEqual(
      version.body.sources.map((s: { source: string; format: string; addressCount: number }) => [
        s.source,
        s.format,
        s.addressCount,
      ]),
      [
        [lists.url("/plain.txt"), "text", 1],
        [lists.url("/sdn_advanced.xml"), "ofac-xml", 2],
      ],
    );
    assert.equal(version.body.snapshotDate, "2025-03-14");
    assert.equal(plain.body.outcome, "reject");
    assert.ok(codes(plain.body).includes("SANCTIONED_RECIPIENT"));
    assert.equal(plain.body.sanctionsListVersion, version.body.version);
    assert.ok(codes(xml.body).includes("SANCTIONED_RECIPIENT"));
  });

  it("names sources without server folders, URL credentials or query secrets", async () => {
    lists.files["/private.txt?token=abc123"] = `${accounts.bob.address}\n`;
    lists.authorization["/private.txt?token=abc123"] =
      `Basic ${Buffer.from("ofac:s3cret").toString("base64")}`;
    const secretUrl = `http://ofac:s3cret@127.0.0.1:${lists.port}/private.txt?token=abc123#x`;
    const other = await startService({
      env: { SANCTIONS_SOURCES: `${secretUrl},${REAL_SANCTIONS_DIR}` },
    });
    try {
      await other.services.reloadSanctions("test");
      const version = await other.call("GET", "/v1/sanctions/version");
      const stored = await sqlRows<{ sources: unknown }>(
        other,
        sql`select sources from sanctions_list_versions`,
      );
      const text = JSON.stringify([version.body, stored]);

      assert.equal(version.status, 200);
      assert.equal(stored.length, 1);
      const names = version.body.sources.map((s: { source: string }) => s.source);
      assert.equal(names[0], lists.url("/private.txt"));
      assert.ok(names.includes("ofac-sdn-ETH.txt"), names.join(", "));
      assert.ok(
        names.slice(1).every((n: string) => !n.includes("/")),
        names.join(", "),
      );
      assert.ok(!text.includes(REAL_SANCTIONS_DIR), "a server folder is exposed");
      assert.ok(!/s3cret|abc123|ofac:/.test(text), "a credential or query secret is exposed");
      assert.ok(other.services.sanctions.isSanctioned(accounts.bob.address));
    } finally {
      await other.close();
    }
  });

  it("records the new version when an admin reloads, and later decisions use it", async () => {
    const before = await svc.call("GET", "/v1/sanctions/version");
    lists.files["/plain.txt"] = `${accounts.bob.address}\n`;

    const reload = await svc.call("POST", "/v1/admin/sanctions/reload", undefined, bearer(admin));
    const stored = await sqlRows<{ id: string; address_count: number }>(
      svc,
      sql`select id, address_count from sanctions_list_versions where id = ${reload.body.version}`,
    );
    const toBob = await screen(accounts.bob.address);
    const toCarol = await screen(accounts.carol.address);
    await svc.services.sealer.flush();
    const entries = await svc.call("GET", "/v1/audit/entries?limit=500", undefined, bearer(admin));

    assert.equal(reload.status, 200, JSON.stringify(reload.body));
    assert.notEqual(reload.body.version, before.body.version);
    assert.deepEqual(stored, [{ id: reload.body.version, address_count: 3 }]);
    const reloaded = entries.body.entries.filter(
      (e: { kind: string }) => e.kind === "sanctions.reloaded",
    );
    assert.deepEqual(
      reloaded.map((e: { actor: string; data: Record<string, unknown> }) => [
        e.actor,
        e.data.previousVersion,
        e.data.version,
      ]),
      [[accounts.admin.address.toLowerCase(), before.body.version, reload.body.version]],
    );
    assert.ok(codes(toBob.body).includes("SANCTIONED_RECIPIENT"));
    assert.equal(toBob.body.sanctionsListVersion, reload.body.version);
    assert.ok(!codes(toCarol.body).includes("SANCTIONED_RECIPIENT"));
  });

  it("keeps the previous version when a URL fails during a reload", async () => {
    const before = await svc.call("GET", "/v1/sanctions/version");
    lists.state.failing = true;

    const reload = await svc.call("POST", "/v1/admin/sanctions/reload", undefined, bearer(admin));
    const after = await svc.call("GET", "/v1/sanctions/version");
    lists.state.failing = false;

    assert.equal(reload.status, 503);
    assert.equal(reload.body.error.code, "SANCTIONS_RELOAD_FAILED");
    assert.equal(after.body.version, before.body.version);
  });
});

describe("automatic sanctions reload", () => {
  let svc: TestService;
  let dir: string;
  let listFile: string;

  before(async () => {
    dir = mkdtempSync(path.join(tmpdir(), "clxend-ca-watch-"));
    listFile = path.join(dir, "watched.txt");
    writeFileSync(listFile, `${accounts.carol.address}\n`);
    svc = await startService({
      env: {
        SANCTIONS_SOURCES: listFile,
        SANCTIONS_WATCH: "true",
        JOBS_ENABLED: "true",
        AUDIT_ANCHOR_INTERVAL_SECONDS: "0",
        RETENTION_PURGE_INTERVAL_SECONDS: "0",
      },
    });
    svc.services.startJobs();
  });
  after(async () => {
    await svc?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it("re-reads a list file after it changes and records the reload in the audit log", async () => {
    const before = await svc.call("GET", "/v1/sanctions/version");

    writeFileSync(listFile, `${accounts.bob.address}\n`);
    const deadline = Date.now() + WATCH_WAIT_MS;
    let now = before;
    while (now.body.version === before.body.version && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 200));
      now = await svc.call("GET", "/v1/sanctions/version");
    }
    await svc.services.sealer.flush();
    const audit = await sqlRows<{ actor: string; version: string }>(
      svc,
      sql`select actor, data->>'version' as version from audit_log where kind = 'sanctions.reloaded' order by seq`,
    );

    assert.notEqual(now.body.version, before.body.version, "no reload after the file changed");
    assert.ok(svc.services.sanctions.isSanctioned(accounts.bob.address));
    assert.ok(!svc.services.sanctions.isSanctioned(accounts.carol.address));
    assert.ok(audit.length > 0, "no sanctions.reloaded audit entry");
    assert.ok(audit.every((e) => e.actor === "system"));
    assert.equal(audit.at(-1)?.version, now.body.version);
  });
});
