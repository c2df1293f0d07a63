// Unit tests of the sanctions-list loaders: plain lists, OFAC sdn_advanced.xml, versions and reload.
import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, it } from "node:test";
import { fileURLToPath } from "node:url";
import {
  loadSanctions,
  parseOfacAdvancedXml,
  parseTextList,
  SanctionsLists,
} from "../../src/compliance/sanctions.ts";
import { REAL_SANCTIONS_DIR } from "../helpers/service.ts";

const FIXTURE = path.join(
  path.dirname(fileURLToPath(import.meta.url)),
  "..",
  "fixtures",
  "sdn_advanced.sample.xml",
);

describe("parseTextList", () => {
  it("keeps EVM addresses lower-cased and counts other lines as ignored", () => {
    const parsed = parseTextList(
      "# comment\n0xAbC0000000000000000000000000000000000001\n\nTXyzTron\r\n",
    );

    assert.deepEqual(parsed.addresses, ["0xabc0000000000000000000000000000000000001"]);
    assert.equal(parsed.ignored, 1);
  });
});

describe("parseOfacAdvancedXml", () => {
  it("collects only digital-currency features that are EVM addresses, and the date of issue", async () => {
    const parsed = parseOfacAdvancedXml(await readFile(FIXTURE, "utf8"));

    assert.deepEqual(parsed.addresses.sort(), [
      "0xaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa1",
      "0xcccccccccccccccccccccccccccccccccccccc02",
    ]);
    assert.equal(parsed.ignored, 2);
    assert.equal(parsed.snapshotDate, "2025-03-14");
  });

  it("refuses a document that is not an sdn_advanced.xml", () => {
    assert.throws(() => parseOfacAdvancedXml("<Other/>"), /no <Sanctions>/);
  });
});

describe("loadSanctions", () => {
  it("loads the real OFAC snapshot with its date and finds a listed ETH address case-insensitively", async () => {
    const lists = await SanctionsLists.open([REAL_SANCTIONS_DIR]);

    assert.equal(lists.current.snapshotDate, "2024-09-27");
    assert.ok(lists.current.addresses.size >= 150);
    assert.ok(lists.isSanctioned("0x01E2919679362DFBC9EE1644BA9C6DA6D6245BB1"));
    assert.ok(!lists.isSanctioned("0x0000000000000000000000000000000000000001"));
  });

  it("gives the same version for the same files and a new version after a change, swapped by reload", async () => {
    const dir = mkdtempSync(path.join(tmpdir(), "ca-sanctions-"));
    try {
      writeFileSync(path.join(dir, "a.txt"), "0x1111111111111111111111111111111111111111\n");
      writeFileSync(path.join(dir, "sdn_advanced.xml"), await readFile(FIXTURE, "utf8"));
      const first = await loadSanctions([dir]);
      const same = await loadSanctions([dir]);
      const lists = await SanctionsLists.open([dir]);
      assert.equal(first.version, same.version);
      assert.equal(first.snapshotDate, "2025-03-14");
      assert.equal(first.addresses.size, 3);

      writeFileSync(path.join(dir, "a.txt"), "0x2222222222222222222222222222222222222222\n");
      const { previous, current } = await lists.reload();

      assert.equal(previous.version, first.version);
      assert.notEqual(current.version, first.version);
      assert.ok(lists.isSanctioned("0x2222222222222222222222222222222222222222"));
      assert.ok(!lists.isSanctioned("0x1111111111111111111111111111111111111111"));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("keeps the previous version when a reload fails", async () => {
    const dir = mkdtempSync(path.join(tmpdir(), "ca-sanctions-"));
    writeFileSync(path.join(dir, "a.txt"), "0x1111111111111111111111111111111111111111\n");
    const lists = await SanctionsLists.open([dir]);
    const version = lists.current.version;
    rmSync(dir, { recursive: true, force: true });

    await assert.rejects(lists.reload(), { code: "SANCTIONS_RELOAD_FAILED" });
    assert.equal(lists.current.version, version);
  });
});
