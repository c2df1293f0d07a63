// Tests of the up-front `--database-url` check: a database that does not exist or a port nobody listens on stops the
// stack before anything starts, with one sentence that says what to do (no stack trace, no password). Needs the
// PostgreSQL at 127.0.0.1:5432 that the project's tests use.
import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, describe, it } from "node:test";
import { checkDatabase } from "./database-check.ts";
import { DEFAULT_PORTS } from "./parts.ts";
import { freePort } from "./ports.ts";
import { StackProcesses, startStack } from "./stack.ts";
import { silentReporter } from "./ui.ts";

const POSTGRES = "postgres://postgres@127.0.0.1:5432";
const stateDir = mkdtempSync(join(tmpdir(), "clxend-database-check-test-"));

after(() => rmSync(stateDir, { recursive: true, force: true }));

/** Starts a stack with the indexer (a part that uses the database) on `databaseUrl`; returns what it started. */
async function startWith(
  databaseUrl: string,
): Promise<{ error: unknown; processes: StackProcesses }> {
  const processes = new StackProcesses();
  const ports = { ...DEFAULT_PORTS };
  for (const name of Object.keys(ports) as (keyof typeof ports)[]) ports[name] = await freePort();
  try {
    await startStack(
      {
        stateDir,
        addressBookDir: join(stateDir, "deployments"),
        fresh: false,
        databaseUrl,
        ports,
        parts: ["indexer"],
        healthTimeoutMs: 60_000,
        reporter: silentReporter(),
      },
      processes,
    );
    return { error: undefined, processes };
  } catch (error) {
    return { error, processes };
  } finally {
    await processes.stopAll();
  }
}

describe("npm start -- --database-url", () => {
  it("stops before anything starts when the database does not exist, saying how to create it", async () => {
    const database = `clxend_missing_${process.pid}`;

    const { error, processes } = await startWith(`${POSTGRES}/${database}`);

    assert.ok(error instanceof Error);
    assert.equal(
      error.message,
      `--database-url: database "${database}" does not exist on 127.0.0.1:5432; create it with \`createdb -h 127.0.0.1 -p 5432 -U postgres ${database}\` or name an existing database in the URL`,
    );
    assert.equal(processes.chain, undefined);
    assert.deepEqual(processes.parts, []);
  });

  it("stops before anything starts when nothing listens on the port, naming host and port", async () => {
    const port = await freePort();

    const { error, processes } = await startWith(
      `postgres://postgres:secret@127.0.0.1:${port}/clxend`,
    );

    assert.ok(error instanceof Error);
    assert.match(
      error.message,
      new RegExp(
        `^--database-url: cannot connect to 127\\.0\\.0\\.1:${port}: connection refused; `,
      ),
    );
    assert.doesNotMatch(error.message, /secret/);
    assert.equal(processes.chain, undefined);
  });

  it("accepts a database that exists", async () => {
    await checkDatabase(`${POSTGRES}/postgres`);
  });
});
