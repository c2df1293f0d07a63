// Benchmark (`npm run bench:indexer`): cold backfill of at least 50,000 events on PGlite and PostgreSQL, and realtime
// latency (transaction mined -> visible through GraphQL) over 200+ transfers with 1-second blocks. Writes
// bench/results/indexer.json with wall time, the CPU time of Ponder, anvil and PostgreSQL, Ponder's RPC and store
// counters, and the load average (the machine is shared). Not part of `npm test`; no thresholds are asserted here.
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import { join } from "node:path";
import { encodeFunctionData, type Hex } from "viem";
import { ActivityGenerator } from "../test/support/activity.ts";
import { artifact, ROOT, TestChain, writeTestAddressBook } from "../test/support/chain.ts";
import { createPostgresDatabase, IndexerProcess } from "../test/support/indexer.ts";
import { cpuSeconds, ponderPid, postgresBackends, totalCpuSeconds } from "../test/support/proc.ts";
import { expectedState } from "../test/support/verify.ts";

const TARGET_EVENTS = Number(process.env.BENCH_EVENTS ?? 50_000);
const TRANSFERS = Number(process.env.BENCH_TRANSFERS ?? 220);
const log = (msg: string, fields: Record<string, unknown> = {}) =>
  console.log(JSON.stringify({ msg, ...fields }));
const sleep = (ms: number) => new Promise((done) => setTimeout(done, ms));
const round = (value: number, digits = 2) => Number(value.toFixed(digits));
const load1m = () => round(os.loadavg()[0] as number);

type LogLine = { msg: string; time: number; duration?: number };

function logLines(logFile: string): LogLine[] {
  if (!existsSync(logFile)) return [];
  return readFileSync(logFile, "utf8")
    .split("\n")
    .filter((line) => line.startsWith("{"))
    .map((line) => JSON.parse(line) as LogLine);
}

async function waitForLine(logFile: string, prefix: string, timeoutMs: number): Promise<LogLine> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const line = logLines(logFile).find((entry) => entry.msg.startsWith(prefix));
    if (line !== undefined) return line;
    if (Date.now() > deadline) throw new Error(`No "${prefix}" line in ${logFile}`);
    await sleep(20);
  }
}

/** CPU seconds of the processes one run involves, at one instant. */
function cpuSnapshot(ponder: number | null, anvil: number, database: string | null) {
  return {
    ponder: ponder === null ? 0 : (cpuSeconds(ponder) ?? 0),
    anvil: cpuSeconds(anvil) ?? 0,
    // Backends of Ponder's pools; one that closed during the run takes its CPU time with it (rare: pools persist).
    postgres: database === null ? 0 : totalCpuSeconds(postgresBackends(database)),
  };
}

function cpuBetween(before: ReturnType<typeof cpuSnapshot>, after: ReturnType<typeof cpuSnapshot>) {
  return {
    ponder: round(after.ponder - before.ponder),
    anvil: round(after.anvil - before.anvil),
    postgres: round(after.postgres - before.postgres),
  };
}

/** Ponder's counters that explain a backfill: RPC requests by method and store operations of the handlers. */
async function ponderCounters(indexer: IndexerProcess) {
  const text = await (await fetch(`${indexer.url}/metrics`)).text();
  const rpcRequests: Record<string, number> = {};
  let storeOperations = 0;
  for (const line of text.split("\n")) {
    const rpc = line.match(/^ponder_rpc_request_duration_count\{method="([^"]+)".*\} (\d+)/);
    if (rpc !== null) rpcRequests[rpc[1] as string] = Number(rpc[2]);
    const store = line.match(/^ponder_indexing_store_queries_total\{.*\} (\d+)/);
    if (store !== null) storeOperations += Number(store[1]);
  }
  return { rpcRequests, storeOperations };
}

/** Cold backfill from the log lines Ponder writes at its start and end, with the CPU time spent in between. */
async function backfill(
  indexer: IndexerProcess,
  chain: TestChain,
  database: string | null,
  events: number,
) {
  const { logFile } = indexer.options;
  const launched = Date.now();
  indexer.start();
  const started = await waitForLine(logFile, "Started backfill indexing", 300_000);
  const pid = ponderPid(indexer.options.port);
  const before = cpuSnapshot(pid, chain.process.pid as number, database);
  const loadBefore = load1m();
  const completed = await waitForLine(
    logFile,
    "Completed backfill indexing across all chains",
    900_000,
  );
  const cpu = cpuBetween(before, cpuSnapshot(pid, chain.process.pid as number, database));
  const loadAfter = load1m();
  await indexer.waitForBlock(await chain.head(), 900_000);
  const seconds = (completed.time - started.time) / 1000;
  const fetched = logLines(logFile).find((entry) =>
    entry.msg.startsWith("Finished fetching backfill JSON-RPC data"),
  );
  return {
    events,
    seconds,
    eventsPerSecond: Math.round(events / seconds),
    cpuSeconds: cpu,
    /** Events per CPU second of the Ponder process: the rate if it had a core to itself and never waited. */
    eventsPerPonderCpuSecond: cpu.ponder > 0 ? Math.round(events / cpu.ponder) : null,
    loadAverage1m: { start: loadBefore, end: loadAfter },
    rpcFetchSeconds: fetched?.duration === undefined ? null : round(fetched.duration / 1000, 3),
    batches: logLines(logFile).filter((entry) => entry.msg === "Indexed block range").length,
    ...(await ponderCounters(indexer)),
    processStartToHeadSeconds: (Date.now() - launched) / 1000,
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
  const pid = ponderPid(indexer.options.port);
  const cpuBefore = pid === null ? null : cpuSeconds(pid);
  const started = Date.now();
  const loadBefore = load1m();
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
    await sleep(20);
  }
  clearInterval(sender);
  const cpuAfter = pid === null ? null : cpuSeconds(pid);
  const seconds = (Date.now() - started) / 1000;
  await chain.rpc("evm_setIntervalMining", [0]);
  await chain.rpc("evm_setAutomine", [true]);
  return {
    transfers: latencies.length,
    lost: TRANSFERS - latencies.length,
    blockTimeSeconds: 1,
    p50Ms: percentile(latencies, 50),
    p95Ms: percentile(latencies, 95),
    maxMs: Math.max(...latencies),
    ponderCpuPerSecond:
      cpuBefore === null || cpuAfter === null ? null : round((cpuAfter - cpuBefore) / seconds, 3),
    loadAverage1m: { start: loadBefore, end: load1m() },
    note: "mined = first receipt seen (polled every ~20 ms); visible = GraphQL transfer row through the public port",
  };
}

const work = mkdtempSync(join(os.tmpdir(), "clxend-indexer-bench-"));
const books = join(work, "deployments");
const loadAtStart = os.loadavg();
const chain = await TestChain.start();
const cleanups: (() => Promise<void>)[] = [];
try {
  const deployment = await chain.deploy();
  writeTestAddressBook(books, deployment);
  const started = Date.now();
  const generator = new ActivityGenerator(chain, deployment, 424_242, 200);
  // About 4.6 handled events per remittance (sent, details, two transfers, sometimes a merchant payment or a claim).
  await generator.run(Math.ceil(TARGET_EVENTS / 4.4), 500);
  await chain.mine(40);
  const expected = await expectedState(chain, deployment);
  const handledEvents = expected.handledEvents;
  const head = Number(await chain.head());
  log("Generated the chain", {
    remittances: expected.remittanceCount,
    events: handledEvents,
    head,
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
    const measured = await backfill(
      indexer,
      chain,
      database.kind === "postgres" ? database.name : null,
      handledEvents,
    );
    log("Backfilled", { database: kind, ...measured });
    // The realtime transfers are undone afterwards, so that both databases backfill the same chain.
    const beforeRealtime = await chain.rpc<Hex>("evm_snapshot", []);
    const realtime = await realtimeLatency(
      chain,
      indexer,
      deployment.TestStablecoin,
      generator.users.slice(0, 50) as Hex[],
    );
    log("Measured realtime latency", { database: kind, ...realtime });
    results[kind] = { backfill: measured, realtime };
    await indexer.stop();
    await chain.rpc("evm_revert", [beforeRealtime]);
  }
  const report = {
    generatedAt: new Date().toISOString(),
    machine: {
      cpus: os.cpus().length,
      cpuModel: os.cpus()[0]?.model,
      memoryGiB: Math.round(os.totalmem() / 2 ** 30),
      loadAverageAtStart: loadAtStart.map((value) => round(value)),
      loadAverageAtEnd: os.loadavg().map((value) => round(value)),
    },
    ponder: JSON.parse(readFileSync(join(ROOT, "node_modules/ponder/package.json"), "utf8"))
      .version,
    chain: {
      events: handledEvents,
      remittances: expected.remittanceCount,
      blocks: head,
      transactionsPerBlock: 500,
      rpcFanout: Number(process.env.INDEXER_RPC_FANOUT ?? 16),
      ethGetLogsBlockRange: Number(process.env.INDEXER_GETLOGS_BLOCK_RANGE ?? 10_000),
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
