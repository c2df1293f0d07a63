// Test of `npm start -- --fresh --database-url …` on a real PostgreSQL (the server at 127.0.0.1:5432 that the
// project's tests use, in a database of its own): a stack runs, a transfer and a compliance decision are made on its
// chain, and a chain id of another network has rows in Ponder's sync cache; after a fresh start the indexer holds
// only the new chain's blocks and events, Ponder's cache of the local chain was rebuilt from the new chain, the
// compliance API's decisions are gone, the other chain's cache rows are still there, and the stack said what it reset
// (before the indexer started: the indexer did not have to repair an old index itself).
import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import pg from "pg";
import { type Hex, erc20Abi, parseUnits } from "viem";
import { generatePrivateKey, privateKeyToAccount } from "viem/accounts";
import { readAddressBook } from "../../deploy/address-book.ts";
import { chainClients } from "../../deploy/clients.ts";
import { demoAccounts } from "../../deploy/demo-accounts.ts";
import { DEFAULT_PORTS } from "./parts.ts";
import {
  type Cli,
  cleanUp,
  freePortOffset,
  spawnStart,
  waitForOutput,
} from "./start-cli-harness.ts";

const POSTGRES = "postgres://postgres@127.0.0.1:5432";
const DATABASE = `clxend_fresh_reset_test_${process.pid}`;
const DATABASE_URL = `${POSTGRES}/${DATABASE}`;
const SCHEMA = "clxend_indexer";
/** Sepolia: a chain another Ponder app in the same database might index; its cache rows must survive. */
const OTHER_CHAIN_ID = 11_155_111;
const LOCAL_CHAIN_ID = 31337;
const INDEXER_WAIT_MS = 180_000;

const folder = mkdtempSync(join(tmpdir(), "clxend-fresh-reset-test-"));
const stateDir = join(folder, "state");
const addressBookDir = join(folder, "deployments");
const clis: Cli[] = [];

async function sql<T extends pg.QueryResultRow>(
  url: string,
  text: string,
  values: unknown[] = [],
): Promise<T[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<T>(text, values)).rows;
  } finally {
    await client.end();
  }
}

/** Polls `probe` until it returns true; fails after INDEXER_WAIT_MS with `what`. */
async function waitUntil(what: string, probe: () => Promise<boolean>): Promise<void> {
  const deadline = Date.now() + INDEXER_WAIT_MS;
  while (!(await probe().catch(() => false))) {
    if (Date.now() > deadline) assert.fail(`Gave up waiting: ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}

/** Starts the stack with the indexer and the compliance API on the test database; resolves once it runs. */
async function startStackCli(offset: number, extra: string[] = []): Promise<Cli> {
  const args = ["--database-url", DATABASE_URL, "--skip", "face-service,frontend"];
  args.push("--port-offset", String(offset), ...extra);
  const cli = spawnStart(stateDir, args, { ADDRESS_BOOK_DIR: addressBookDir });
  clis.push(cli);
  await waitForOutput(cli, "CLXEND is running.");
  return cli;
}

async function stop(cli: Cli): Promise<void> {
  cli.child.kill("SIGINT");
  assert.deepEqual(await cli.exited, { code: 0, signal: null }, cli.output());
}

/** Sends 1 tUSD from alice to a new address on the running chain; returns the transaction hash. */
async function sendTransfer(rpcUrl: string): Promise<Hex> {
  const { publicClient, walletFor } = chainClients(LOCAL_CHAIN_ID, rpcUrl);
  const token = readAddressBook(LOCAL_CHAIN_ID, addressBookDir).contracts.TestStablecoin?.address;
  assert.ok(token !== undefined, "the address book has no TestStablecoin");
  const recipient = privateKeyToAccount(generatePrivateKey()).address;
  const hash = await walletFor(demoAccounts().alice.account).writeContract({
    address: token,
    abi: erc20Abi,
    functionName: "transfer",
    args: [recipient, parseUnits("1", 6)],
  });
  await publicClient.waitForTransactionReceipt({ hash });
  return hash;
}

/** Screens alice → bob at the compliance API (a decision it stores); returns the decision id. */
async function screen(complianceUrl: string): Promise<string> {
  const demo = demoAccounts();
  const token = readAddressBook(LOCAL_CHAIN_ID, addressBookDir).contracts.TestStablecoin?.address;
  const response = await fetch(`${complianceUrl}/v1/screen`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({
      sender: demo.alice.account.address,
      recipient: demo.bob.account.address,
      token,
      amount: parseUnits("2", 6).toString(),
    }),
  });
  const body = (await response.json()) as { decisionId?: string };
  assert.equal(response.status, 200, JSON.stringify(body));
  assert.ok(typeof body.decisionId === "string");
  return body.decisionId;
}

/** Rows of another chain in Ponder's sync cache, as another Ponder app sharing the database leaves them. */
async function insertOtherChainRows(): Promise<void> {
  await sql(
    DATABASE_URL,
    `INSERT INTO ponder_sync.blocks (chain_id, number, timestamp, hash, parent_hash, logs_bloom, miner, gas_used,
       gas_limit, state_root, receipts_root, transactions_root, size, difficulty, extra_data)
     VALUES ($1, 7, 1700000000, $2, $2, '0x', $3, 0, 30000000, $2, $2, $2, 0, 0, '0x')`,
    [OTHER_CHAIN_ID, `0x${"ab".repeat(32)}`, `0x${"00".repeat(20)}`],
  );
  await sql(
    DATABASE_URL,
    "INSERT INTO ponder_sync.rpc_request_results (request_hash, chain_id, block_number, result) VALUES ('other', $1, 7, '0x1')",
    [OTHER_CHAIN_ID],
  );
}

async function otherChainRows(): Promise<number> {
  const rows = await sql<{ count: string }>(
    DATABASE_URL,
    "SELECT (SELECT count(*) FROM ponder_sync.blocks WHERE chain_id = $1) + (SELECT count(*) FROM ponder_sync.rpc_request_results WHERE chain_id = $1) AS count",
    [OTHER_CHAIN_ID],
  );
  return Number(rows[0]?.count);
}

async function cachedBlockHashes(): Promise<string[]> {
  const rows = await sql<{ hash: string }>(
    DATABASE_URL,
    "SELECT hash FROM ponder_sync.blocks WHERE chain_id = $1 ORDER BY number",
    [LOCAL_CHAIN_ID],
  );
  return rows.map((row) => row.hash);
}

before(async () => {
  await sql(`${POSTGRES}/postgres`, `CREATE DATABASE ${DATABASE}`);
});

after(async () => {
  for (const cli of clis) await cleanUp(cli, true);
  rmSync(folder, { recursive: true, force: true });
  await sql(`${POSTGRES}/postgres`, `DROP DATABASE IF EXISTS ${DATABASE} WITH (FORCE)`);
});

describe("npm start -- --fresh --database-url", { skip: process.platform !== "linux" }, () => {
  it("resets the indexer, Ponder's cache of the local chains and the compliance API, and keeps other chains' cache rows", async () => {
    const offset = await freePortOffset();
    const rpcUrl = `http://127.0.0.1:${DEFAULT_PORTS.chain + offset}`;
    const first = await startStackCli(offset);
    const oldTransfer = await sendTransfer(rpcUrl);
    const oldDecision = await screen(
      `http://127.0.0.1:${DEFAULT_PORTS["compliance-api"] + offset}`,
    );
    await waitUntil("the indexer indexes the transfer", async () => {
      const rows = await sql(DATABASE_URL, `SELECT 1 FROM ${SCHEMA}.transfer WHERE tx_hash = $1`, [
        oldTransfer,
      ]);
      return rows.length === 1;
    });
    // Ponder caches a block once it is final (30 blocks, half a minute at one block per second).
    await waitUntil("Ponder caches the transfer's log", async () => {
      const rows = await sql(
        DATABASE_URL,
        "SELECT 1 FROM ponder_sync.logs WHERE chain_id = $1 AND transaction_hash = $2",
        [LOCAL_CHAIN_ID, oldTransfer],
      );
      return rows.length === 1;
    });
    await insertOtherChainRows();
    const oldBlocks = await cachedBlockHashes();
    await stop(first);

    const second = await startStackCli(offset, ["--fresh"]);
    const { publicClient } = chainClients(LOCAL_CHAIN_ID, rpcUrl);
    const indexerUrl = `http://127.0.0.1:${DEFAULT_PORTS.indexer + offset}`;
    await waitUntil("the indexer reports ok with indexed blocks", async () => {
      const health = (await (await fetch(`${indexerUrl}/health`)).json()) as { status?: string };
      const rows = await sql(
        DATABASE_URL,
        `SELECT 1 FROM ${SCHEMA}.indexed_block WHERE chain_id = $1 LIMIT 1`,
        [LOCAL_CHAIN_ID],
      );
      return health.status === "ok" && rows.length === 1;
    });
    const indexedBlocks = await sql<{ number: string; hash: string }>(
      DATABASE_URL,
      `SELECT number, hash FROM ${SCHEMA}.indexed_block WHERE chain_id = $1`,
      [LOCAL_CHAIN_ID],
    );
    const mismatched: string[] = [];
    for (const row of indexedBlocks) {
      const block = await publicClient.getBlock({ blockNumber: BigInt(row.number) });
      if (block.hash !== row.hash) mismatched.push(row.number);
    }
    const oldTransferRows = await sql(
      DATABASE_URL,
      `SELECT 1 FROM ${SCHEMA}.transfer WHERE tx_hash = $1`,
      [oldTransfer],
    );
    const newBlocks = await cachedBlockHashes();
    const oldTransferLogs = await sql(
      DATABASE_URL,
      "SELECT 1 FROM ponder_sync.logs WHERE chain_id = $1 AND transaction_hash = $2",
      [LOCAL_CHAIN_ID, oldTransfer],
    );
    const decisions = await sql(DATABASE_URL, "SELECT id FROM decisions WHERE id = $1", [
      oldDecision,
    ]);
    const otherRows = await otherChainRows();
    await stop(second);
    // Left with the old index, the indexer's supervisor repairs it itself, after Ponder failed on it or the watchdog
    // found the old chain's blocks gone; the index is right only then, and it serves the old chain until then.
    const repairs = readFileSync(join(stateDir, "logs", "indexer.log"), "utf8")
      .split("\n")
      .filter((line) =>
        /Ponder exited; restarting it|re-indexing from the deployment blocks/.test(line),
      );

    assert.ok(oldBlocks.length > 0, "the first stack's Ponder cached blocks of the local chain");
    assert.deepEqual(repairs, [], "the indexer had to repair an index of the old chain");
    assert.ok(indexedBlocks.length > 0);
    assert.deepEqual(mismatched, [], "indexed blocks that are not the new chain's");
    assert.deepEqual(oldTransferRows, [], "the old chain's transfer is still indexed");
    assert.deepEqual(
      newBlocks.filter((hash) => oldBlocks.includes(hash)),
      [],
      "Ponder's cache still holds blocks of the old chain",
    );
    assert.deepEqual(oldTransferLogs, [], "Ponder's cache still holds the old chain's transfer");
    assert.deepEqual(decisions, [], "the compliance API kept a decision of the old chain");
    assert.equal(otherRows, 2, "rows of another chain in Ponder's cache were deleted");
    assert.match(
      second.output(),
      new RegExp(
        `Reset what the indexer and the compliance API stored about chains 31337 and 31338 \\(--fresh; they start again from block 0\\): dropped the indexer's schema ${SCHEMA}; deleted [\\d,]+ rows of chain 31337 and 31338 from Ponder's sync cache \\(ponder_sync; other chains' rows kept\\); dropped the compliance API's \\d+ tables`,
      ),
    );
  });
});
