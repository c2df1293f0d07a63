// Benchmark (`npm run bench:indexer`): cold backfill of at least 50,000 events on PGlite and PostgreSQL, and realtime
// latency (transaction mined -> visible through GraphQL) over 200+ transfers with 1-second blocks. Writes
// bench/results/indexer.json. Not part of `npm test`; no thresholds are asserted here.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import { join } from "node:path";
import { encodeFunctionData, type Hex } from "viem";
import { ActivityGenerator } from "../test/support/activity.ts";
import { artifact, ROOT, TestChain, writeTestAddressBook } from "../test/support/chain.ts";
import { createPostgresDatabase, IndexerProcess } from "../test/support/indexer.ts";
import { expectedState } from "../test/support/verify.ts";

const TARGET_EVENTS = Number(process.env.BENCH_EVENTS ?? 50_000);
const TRANSFERS = Number(process.env.BENCH_TRANSFERS ?? 220);
const log = (msg: string, fields: Record<string, unknown> = {}) =>
  console.log(JSON.stringify({ msg, ...fields }));

/** Ponder's own log lines give the backfill's start and end; the process start-up is reported apart. */
function backfillSeconds(logFile: string): { backfill: number; fetch: number | null } {
  const lines = readFileSync(logFile, "utf8")
    .split("\n")
    .filter((line) => line.startsWith("{"));
  const at = (text: string) =>
    lines
      .map((line) => JSON.parse(line) as { msg: string; time: number; duration?: number })
      .find((entry) => entry.msg.startsWith(text));
  const started = at("Started backfill indexing");
  const completed = at("Completed backfill indexing across all chains");
  const fetched = at("Finished fetching backfill JSON-RPC data");
  if (started === undefined || completed === undefined)
    throw new Error(`No backfill lines in ${logFile}`);
  return {
    backfill: (completed.time - started.time) / 1000,
    fetch: fetched?.duration === undefined ? null : fetched.duration / 1000,
  };
}

const percentile = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] as number;
};

async function realtimeLatency(
  chain: TestChain,
  indexer: IndexerProcess,
  token: Hex,
  users: Hex[],
) {
  await chain.rpc("evm_setAutomine", [false]);
  await chain.rpc("evm_setIntervalMining", [1]);
  const abi = artifact("TestStablecoin").abi;
  const pending = new Map<Hex, { sentAt: number; minedAt?: number }>();
  const latencies: number[] = [];
  let sent = 0;
  const sender = setInterval(() => {
    if (sent >= TRANSFERS) return;
    const from = users[sent % users.length] as Hex;
    const to = users[(sent + 1) % users.length] as Hex;
    sent++;
    const data = encodeFunctionData({ abi, functionName: "transfer", args: [to, BigInt(sent)] });
    void chain
      .rpc<Hex>("eth_sendTransaction", [{ from, to: token, data, gas: "0x30000" }])
      .then((hash) => pending.set(hash, { sentAt: Date.now() }));
  }, 300);
  const deadline = Date.now() + TRANSFERS * 300 + 60_000;
  while ((sent < TRANSFERS || pending.size > 0) && Date.now() < deadline) {
    const waiting = [...pending].filter(([, tx]) => tx.minedAt === undefined).map(([hash]) => hash);
    const receipts = await chain.batch<{ status: Hex } | null>(
      waiting.map((hash) => ({ method: "eth_getTransactionReceipt", params: [hash] })),
    );
    const now = Date.now();
    waiting.forEach((hash, i) => {
      if (receipts[i] != null) (pending.get(hash) as { minedAt?: number }).minedAt = now;
    });
    const mined = [...pending].filter(([, tx]) => tx.minedAt !== undefined).map(([hash]) => hash);
    if (mined.length > 0) {
      const data = await indexer.graphql<{ transfers: { items: { txHash: Hex }[] } }>(
        `query ($hashes: [String!]) { transfers(where: { txHash_in: $hashes }, limit: 1000) { items { txHash } } }`,
        { hashes: mined },
      );
      const seenAt = Date.now();
      for (const { txHash } of data.transfers.items) {
        const tx = pending.get(txHash);
        if (tx?.minedAt === undefined) continue;
        latencies.push(seenAt - tx.minedAt);
        pending.delete(txHash);
      }
    }
    await new Promise((done) => setTimeout(done, 20));
  }
  clearInterval(sender);
  await chain.rpc("evm_setIntervalMining", [0]);
  await chain.rpc("evm_setAutomine", [true]);
  return {
    transfers: latencies.length,
    lost: TRANSFERS - latencies.length,
    blockTimeSeconds: 1,
    p50Ms: percentile(latencies, 50),
    p95Ms: percentile(latencies, 95),
    maxMs: Math.max(...latencies),
    note: "mined = first receipt seen (polled every ~20 ms); visible = GraphQL transfer row through the public port",
  };
}

const work = mkdtempSync(join(os.tmpdir(), "clxend-indexer-bench-"));
const books = join(work, "deployments");
const chain = await TestChain.start();
const cleanups: (() => Promise<void>)[] = [];
try {
  const deployment = await chain.deploy();
  writeTestAddressBook(books, deployment);
  let started = Date.now();
  const generator = new ActivityGenerator(chain, deployment, 424_242, 200);
  // About 4.6 handled events per remittance (sent, details, two transfers, sometimes a merchant payment or a claim).
  await generator.run(Math.ceil(TARGET_EVENTS / 4.4), 500);
  await chain.mine(40);
  const expected = await expectedState(chain, deployment);
  const handledEvents = expected.handledEvents;
  log("Generated the chain", {
    remittances: expected.remittanceCount,
    events: handledEvents,
    head: Number(await chain.head()),
    seconds: (Date.now() - started) / 1000,
  });

  const results: Record<string, unknown> = {};
  for (const kind of ["postgres", "pglite"] as const) {
    let database: ConstructorParameters<typeof IndexerProcess>[0]["database"];
    if (kind === "postgres") {
      const db = await createPostgresDatabase("clxend_indexer_bench");
      cleanups.push(db.drop);
      database = { kind, url: db.url, name: db.name };
    } else database = { kind, dir: join(work, "pglite") };
    const indexer = await IndexerProcess.create({
      rpcUrl: chain.url,
      addressBookDir: books,
      database,
      logFile: join(work, `${kind}.log`),
    });
    cleanups.unshift(() => indexer.stop());
    started = Date.now();
    indexer.start();
    await indexer.waitForBlock(await chain.head(), 900_000);
    const toHeadSeconds = (Date.now() - started) / 1000;
    const { backfill, fetch } = backfillSeconds(indexer.options.logFile);
    results[kind] = {
      backfill: {
        events: handledEvents,
        seconds: backfill,
        eventsPerSecond: Math.round(handledEvents / backfill),
        rpcFetchSeconds: fetch,
        processStartToHeadSeconds: toHeadSeconds,
      },
    };
    log("Backfilled", { database: kind, ...(results[kind] as object) });
    (results[kind] as Record<string, unknown>).realtime = await realtimeLatency(
      chain,
      indexer,
      deployment.TestStablecoin,
      generator.users.slice(0, 50) as Hex[],
    );
    log("Measured realtime latency", {
      database: kind,
      ...((results[kind] as Record<string, unknown>).realtime as object),
    });
    await indexer.stop();
  }
  const report = {
    generatedAt: new Date().toISOString(),
    machine: {
      cpus: os.cpus().length,
      cpuModel: os.cpus()[0]?.model,
      memoryGiB: Math.round(os.totalmem() / 2 ** 30),
      loadAverage: os.loadavg(),
    },
    ponder: JSON.parse(readFileSync(join(ROOT, "node_modules/ponder/package.json"), "utf8"))
      .version,
    chain: {
      events: handledEvents,
      remittances: expected.remittanceCount,
      rpcFanout: 16,
      ethGetLogsBlockRange: 10_000,
    },
    ...results,
  };
  mkdirSync(join(ROOT, "bench/results"), { recursive: true });
  writeFileSync(join(ROOT, "bench/results/indexer.json"), `${JSON.stringify(report, null, 2)}\n`);
  log("Wrote bench/results/indexer.json", report);
} finally {
  for (const cleanup of cleanups) await cleanup().catch(() => {});
  await chain.stop();
  if (process.env.BENCH_KEEP === undefined) rmSync(work, { recursive: true, force: true });
}
