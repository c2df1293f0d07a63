// Fixture of test/child-processes.test.ts: starts anvil and an indexer (supervisor + Ponder on PGlite) the way the
// tests do, prints their process ids as one JSON line once Ponder runs, then waits until it is killed.
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { TestChain, writeTestAddressBook } from "./chain.ts";
import { IndexerProcess } from "./indexer.ts";
import { ponderPid } from "./proc.ts";

const work = mkdtempSync(join(tmpdir(), "clxend-indexer-children-"));
const chain = await TestChain.start();
writeTestAddressBook(join(work, "deployments"), await chain.deploy());
const indexer = await IndexerProcess.create({
  rpcUrl: chain.url,
  addressBookDir: join(work, "deployments"),
  database: { kind: "pglite", dir: join(work, "pglite") },
  logFile: join(work, "indexer.log"),
});
indexer.start();
let ponder = ponderPid(indexer.options.port);
while (ponder === null) {
  await new Promise((done) => setTimeout(done, 100));
  ponder = ponderPid(indexer.options.port);
}
process.stdout.write(
  `${JSON.stringify({ work, anvil: chain.process.pid, supervisor: indexer.child?.pid, ponder })}\n`,
);
setInterval(() => {}, 60_000);
