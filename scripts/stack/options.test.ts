// Tests of `npm start`'s command line: the usage text shows commands that work as written (one "--", then every
// option), each option is documented in the README's Quick start, and bad command lines get a sentence that says
// what to type instead.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, it } from "node:test";
import { OPTIONS, USAGE, UsageError, parseStartOptions } from "./options.ts";
import { DEFAULT_PORTS } from "./parts.ts";
import { DEFAULT_ADDRESS_BOOK_DIR, DEFAULT_STATE_DIR, REPO_ROOT } from "./paths.ts";

/** The lines of `text` that show an `npm start` command. */
function commandLines(text: string): string[] {
  return text.split("\n").filter((line) => /npm start\b/.test(line));
}

/** The README section from "## Quick start" to the next "## " heading. */
function quickStart(): string {
  const readme = readFileSync(join(REPO_ROOT, "README.md"), "utf8");
  const start = readme.indexOf("## Quick start");
  assert.notEqual(start, -1, "README.md has a Quick start section");
  const end = readme.indexOf("\n## ", start + 1);
  return readme.slice(start, end === -1 ? undefined : end);
}

describe("npm start's usage text", () => {
  it('shows every command with a single "--" before all the options', () => {
    const lines = commandLines(USAGE);

    assert.ok(lines.length >= 2);
    for (const line of lines) assert.equal(line.match(/(^|\s)--(\s|$)/g)?.length, 1, line);
  });

  it("shows an example that parses as written", () => {
    const example = commandLines(USAGE).find((line) => !line.includes("["));
    assert.ok(example !== undefined);

    const args = example.trim().split(/\s+/).slice(3);
    const options = parseStartOptions(args);

    assert.equal(options.fresh, true);
    assert.equal(options.chains, 2);
    assert.ok(!options.parts.includes("face-service"));
    assert.ok(options.parts.includes("indexer"));
  });

  it("names every option", () => {
    for (const name of Object.keys(OPTIONS)) assert.ok(USAGE.includes(`--${name}`), name);
  });
});

describe("the README's Quick start", () => {
  it("documents every option of npm start", () => {
    const section = quickStart();

    for (const name of Object.keys(OPTIONS).filter((option) => option !== "help")) {
      assert.ok(section.includes(`--${name}`), `--${name} is not in the Quick start`);
    }
  });

  it('shows npm start commands with a single "--"', () => {
    for (const line of commandLines(quickStart())) {
      assert.ok((line.match(/(^|\s)--(\s|$)/g)?.length ?? 0) <= 1, line);
    }
  });
});

describe("parseStartOptions", () => {
  it('says where the one "--" goes when a second one follows (npm passes it on)', () => {
    assert.throws(
      () => parseStartOptions(["--skip", "frontend", "--", "--chains", "2"]),
      (error: Error) => {
        assert.ok(error instanceof UsageError);
        assert.equal(
          error.message,
          'Put one "--" before all the options, not one before each: npm start -- --skip frontend --chains 2',
        );
        return true;
      },
    );
  });

  it("moves every port by --port-offset", () => {
    const { ports } = parseStartOptions(["--port-offset", "1000"]);

    for (const [name, port] of Object.entries(DEFAULT_PORTS)) {
      assert.equal(ports[name as keyof typeof ports], port + 1000, name);
    }
  });

  it("refuses a --port-offset that leads past port 65535", () => {
    assert.throws(
      () => parseStartOptions(["--port-offset", "50000"]),
      /--port-offset must be a whole number from 0 to 46989/,
    );
  });

  it("refuses an unknown part in --skip, naming it", () => {
    assert.throws(() => parseStartOptions(["--skip", "frontend,wallet"]), /unknown part wallet/);
  });

  it("writes the address books of a state folder other than .clxend/ into that folder", () => {
    const env = {};

    const other = parseStartOptions(["--state-dir", "/tmp/clxend-b"], env);
    const standard = parseStartOptions(["--state-dir", DEFAULT_STATE_DIR], env);

    assert.equal(other.addressBookDir, "/tmp/clxend-b/deployments");
    assert.equal(standard.addressBookDir, DEFAULT_ADDRESS_BOOK_DIR);
  });

  it("writes the address books to $ADDRESS_BOOK_DIR when it is set, whatever the state folder", () => {
    const env = { ADDRESS_BOOK_DIR: "/tmp/books" };

    const { addressBookDir } = parseStartOptions(["--state-dir", "/tmp/clxend-b"], env);

    assert.equal(addressBookDir, "/tmp/books");
  });
});
