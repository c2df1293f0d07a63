// The indexer's configuration: environment variables, validated once, with defaults that run the local demo.
import { resolve } from "node:path";
import { z } from "zod";
import { defaultAddressBookDir } from "../../deploy/address-book.ts";

/** Chain ids treated as local development chains (anvil, Hardhat): no RPC budget to respect. */
export const LOCAL_CHAIN_IDS = new Set([31337, 31338, 1337]);

const chainIdList = z
  .string()
  .regex(/^\d+(,\d+)*$/, "must be a chain id or a comma-separated list of chain ids")
  .transform((value) => [...new Set(value.split(",").map(Number))]);

const envSchema = z.object({
  ADDRESS_BOOK_DIR: z.string().min(1).optional(),
  CHAIN_ID: chainIdList.default("31337"),
  RPC_URL: z.string().url().optional(),
  DATABASE_URL: z.string().url().optional(),
  DATABASE_SCHEMA: z
    .string()
    .regex(/^[a-z_][a-z0-9_]{0,62}$/, "must be a lower-case SQL identifier")
    .default("clxend_indexer"),
  PGLITE_DIR: z.string().min(1).optional(),
  INDEXER_PORT: z.coerce.number().int().min(0).max(65_535).default(18_069),
  INDEXER_HOST: z.string().min(1).default("127.0.0.1"),
  /** Ponder's private port behind the supervisor; a free port when unset. */
  PONDER_PORT: z.coerce.number().int().min(1).max(65_535).optional(),
  DATA_DIR: z.string().min(1).optional(),
  /** Set by the supervisor for the Ponder process: where the watchdog writes the re-index marker. */
  INDEXER_REINDEX_MARKER: z.string().min(1).optional(),
  INDEXER_RPC_FANOUT: z.coerce.number().int().min(1).max(64).optional(),
  INDEXER_GETLOGS_BLOCK_RANGE: z.coerce.number().int().min(1).optional(),
  INDEXER_REORG_CHECK_MS: z.coerce.number().int().min(100).default(5_000),
  /** Deadline of a SQL-over-HTTP answer; below Ponder's retries of a failing query (about a minute). */
  INDEXER_SQL_TIMEOUT_MS: z.coerce.number().int().min(100).max(60_000).default(5_000),
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
  LOG_PRETTY: z
    .enum(["true", "false", "1", "0", ""], { message: "must be true or false" })
    .default("false")
    .transform((value) => value === "true" || value === "1"),
});

export type IndexerEnv = z.infer<typeof envSchema> & {
  rpcUrls: Map<number, string>;
  addressBookDir: string;
};

/**
 * Reads the indexer's environment. `RPC_URL_<chainId>` names the RPC of each chain; `RPC_URL` is the fallback
 * (and the only one needed for a single chain). Throws one message listing every problem.
 */
export function readIndexerEnv(env: NodeJS.ProcessEnv = process.env): IndexerEnv {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map(
      (issue) => `${issue.path.join(".")}: ${issue.message}`,
    );
    throw new Error(`Invalid indexer environment: ${problems.join("; ")}`);
  }
  const rpcUrls = new Map<number, string>();
  for (const chainId of parsed.data.CHAIN_ID) {
    const url = env[`RPC_URL_${chainId}`] ?? parsed.data.RPC_URL ?? defaultRpcUrl(chainId);
    if (url === undefined) {
      throw new Error(
        `Invalid indexer environment: set RPC_URL_${chainId} (or RPC_URL) for chain ${chainId}`,
      );
    }
    rpcUrls.set(chainId, url);
  }
  const addressBookDir = resolve(parsed.data.ADDRESS_BOOK_DIR ?? defaultAddressBookDir());
  return { ...parsed.data, rpcUrls, addressBookDir };
}

/** The local stack's chains: 31337 on 18545, and 31338 (`npm start -- --chains 2`) on 18546. */
function defaultRpcUrl(chainId: number): string | undefined {
  if (chainId === 31337) return "http://127.0.0.1:18545";
  return chainId === 31338 ? "http://127.0.0.1:18546" : undefined;
}
