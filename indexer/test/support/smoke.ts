// Manual smoke run: chain + activity + indexer, printing timings. Not part of the test suite.
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ActivityGenerator } from "./activity.ts";
import { TestChain, writeTestAddressBook } from "./chain.ts";
import { IndexerProcess } from "./indexer.ts";

const work = mkdtempSync(join(tmpdir(), "clxend-indexer-smoke-"));
const chain = await TestChain.start();
const deployment = await chain.deploy();
writeTestAddressBook(join(work, "deployments"), deployment);
let t = Date.now();
const generator = new ActivityGenerator(chain, deployment, 7);
await generator.run(Number(process.argv[2] ?? 300));
console.log({
  work,
  rpc: chain.url,
  generated: generator.remittances,
  txs: generator.transactions,
  ms: Date.now() - t,
});
const indexer = await IndexerProcess.create({
  rpcUrl: chain.url,
  addressBookDir: join(work, "deployments"),
  database: { kind: "pglite", dir: join(work, "pglite") },
  logFile: join(work, "indexer.log"),
});
indexer.start();
t = Date.now();
await indexer.waitForBlock(await chain.head());
console.log({ indexedMs: Date.now() - t, url: indexer.url });
console.log(JSON.stringify((await indexer.get("/health")).body));
console.log(
  JSON.stringify(
    await indexer.graphql(
      "{ remittances(limit: 2) { totalCount items { id status amount } } accounts(limit:1){ items { address kycLevel } } }",
    ),
  ),
);
console.log(JSON.stringify(await indexer.sql("select count(*) from remittance")));
console.log(JSON.stringify(await indexer.sql("select count(*) from balance")));
if (process.argv[3] !== "keep") {
  await indexer.stop();
  await chain.stop();
}
