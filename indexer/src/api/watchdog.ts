// Deep-reorg watchdog: compares block hashes the indexer stored with the chain's and raises the alarm on a mismatch
// that Ponder's own reorg handling cannot have fixed (deeper than its finality window, or persisting).
import { mkdirSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";
import { db } from "ponder:api";
import { indexedBlock } from "ponder:schema";
import { and, desc, eq, gt } from "ponder";
import { createPublicClient, type Hex, http, type PublicClient } from "viem";
import type { Logger } from "../../lib/logger.ts";

/** Blocks Ponder treats as final on chains it has no table for; mismatches below head minus this are deep reorgs. */
export const FINALITY_BLOCKS = 30n;
/** A mismatch inside the finality window is reported once it outlives this many checks (Ponder failed to fix it). */
const PERSISTENT_CHECKS = 3;
/** Recent stored blocks compared on every check, plus as many older ones in a rolling sweep. */
const RECENT_BLOCKS = 16;

export type DeepReorg = {
  chainId: number;
  blockNumber: string;
  storedHash: Hex;
  chainHash: Hex | null;
  headBlock: string;
  detectedAt: string;
};

export type WatchdogState = {
  status: "ok" | "deep_reorg";
  lastCheckAt: string | null;
  lastError: string | null;
  checkedBlocks: number;
  deepReorg: DeepReorg | null;
};

export const watchdogState: WatchdogState = {
  status: "ok",
  lastCheckAt: null,
  lastError: null,
  checkedBlocks: 0,
  deepReorg: null,
};

type ChainWatch = {
  chainId: number;
  client: PublicClient;
  sweepFrom: bigint;
  suspects: Map<bigint, number>;
};

/**
 * Starts checking every `intervalMs`. On a deep reorg it logs an error, records it for /health, writes `markerPath`
 * (read by the supervisor, which wipes the index and re-indexes) and, if `exitOnDeepReorg`, ends the process.
 */
export function startWatchdog(options: {
  rpcUrls: Map<number, string>;
  intervalMs: number;
  markerPath: string | undefined;
  exitOnDeepReorg: boolean;
  logger: Logger;
}): void {
  const chains: ChainWatch[] = [...options.rpcUrls].map(([chainId, url]) => ({
    chainId,
    client: createPublicClient({
      transport: http(url, { retryCount: 1, timeout: 5_000 }),
    }) as PublicClient,
    sweepFrom: -1n,
    suspects: new Map(),
  }));
  const tick = async () => {
    if (watchdogState.status === "deep_reorg") return;
    try {
      let checked = 0;
      for (const chain of chains) {
        const reorg = await checkChain(chain);
        checked += reorg.checked;
        if (reorg.found !== null) {
          raise(reorg.found, options);
          return;
        }
      }
      watchdogState.checkedBlocks += checked;
      watchdogState.lastCheckAt = new Date().toISOString();
      watchdogState.lastError = null;
    } catch (error) {
      const message =
        error instanceof Error ? (error.message.split("\n")[0] ?? error.message) : String(error);
      // Once per distinct failure, not on every tick while the chain or the database is away.
      if (message !== watchdogState.lastError) {
        options.logger.warn(
          { error: message },
          "Failed to compare stored block hashes with the chain",
        );
      }
      watchdogState.lastError = message;
    } finally {
      if (watchdogState.status === "ok") setTimeout(tick, options.intervalMs).unref();
    }
  };
  setTimeout(tick, Math.min(options.intervalMs, 1_000)).unref();
}

async function checkChain(
  chain: ChainWatch,
): Promise<{ checked: number; found: DeepReorg | null }> {
  const head = await chain.client.getBlockNumber({ cacheTime: 0 });
  const recent = await db
    .select()
    .from(indexedBlock)
    .where(eq(indexedBlock.chainId, chain.chainId))
    .orderBy(desc(indexedBlock.number))
    .limit(RECENT_BLOCKS);
  const sweep = await db
    .select()
    .from(indexedBlock)
    .where(and(eq(indexedBlock.chainId, chain.chainId), gt(indexedBlock.number, chain.sweepFrom)))
    .orderBy(indexedBlock.number)
    .limit(RECENT_BLOCKS);
  const last = sweep.at(-1);
  chain.sweepFrom = sweep.length < RECENT_BLOCKS || last === undefined ? -1n : last.number;

  const rows = new Map([...recent, ...sweep].map((row) => [row.number, row]));
  const seen = new Set<bigint>();
  for (const row of rows.values()) {
    const block =
      row.number > head ? null : await chain.client.getBlock({ blockNumber: row.number });
    const chainHash = block?.hash ?? null;
    if (chainHash === row.hash) continue;
    const deep = row.number + FINALITY_BLOCKS <= head;
    const times = (chain.suspects.get(row.number) ?? 0) + 1;
    chain.suspects.set(row.number, times);
    seen.add(row.number);
    if (deep || times >= PERSISTENT_CHECKS) {
      return {
        checked: rows.size,
        found: {
          chainId: chain.chainId,
          blockNumber: row.number.toString(),
          storedHash: row.hash,
          chainHash,
          headBlock: head.toString(),
          detectedAt: new Date().toISOString(),
        },
      };
    }
  }
  for (const number of chain.suspects.keys()) if (!seen.has(number)) chain.suspects.delete(number);
  return { checked: rows.size, found: null };
}

function raise(
  reorg: DeepReorg,
  options: { markerPath: string | undefined; exitOnDeepReorg: boolean; logger: Logger },
): void {
  watchdogState.status = "deep_reorg";
  watchdogState.deepReorg = reorg;
  options.logger.fatal(
    reorg,
    "Detected a reorg deeper than the indexer's finality window; the indexed data is stale and no longer served",
  );
  if (options.markerPath !== undefined) {
    mkdirSync(dirname(options.markerPath), { recursive: true });
    writeFileSync(options.markerPath, `${JSON.stringify(reorg)}\n`);
  }
  // The supervisor sees the marker, wipes the index and starts a fresh backfill.
  if (options.exitOnDeepReorg) setTimeout(() => process.kill(process.pid, "SIGTERM"), 500).unref();
}
