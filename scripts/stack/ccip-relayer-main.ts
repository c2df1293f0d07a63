// The local CCIP relayer as a stack part: reads both address books, relays every cross-chain send between the two
// local chains (ccip-relayer.ts), logs with pino and serves GET /health with what it carried so far
// (ccip-relayer-http.ts).
import { serve } from "@hono/node-server";
import pino from "pino";
import { z } from "zod";
import { readAddressBook } from "../../deploy/address-book.ts";
import { chainClients } from "../../deploy/clients.ts";
import { privateKeyToAccount } from "viem/accounts";
import { relayerApp } from "./ccip-relayer-http.ts";
import { lanesBetween, type RelayChain, type RelayerStatus, runRelayer } from "./ccip-relayer.ts";

const hexKey = z.string().regex(/^0x[0-9a-fA-F]{64}$/, "must be a 0x-prefixed 32-byte hex key");
const envSchema = z.object({
  CCIP_RELAYER_CHAINS: z
    .string()
    .regex(/^\d+,\d+$/, "must be two chain ids, comma-separated (31337,31338)")
    .transform((value) => value.split(",").map(Number) as [number, number]),
  CCIP_RELAYER_PORT: z.coerce.number().int().min(0).max(65_535),
  /** Owner of the lane token on both chains (mints what arrives) and payer of the delivery transactions. */
  CCIP_RELAYER_PRIVATE_KEY: hexKey,
  CCIP_RELAYER_INTERVAL_MS: z.coerce.number().int().min(50).default(500),
  ADDRESS_BOOK_DIR: z.string().min(1),
  LOG_LEVEL: z.string().default("info"),
});

function readEnv() {
  const parsed = envSchema.safeParse(process.env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`);
    throw new Error(`Invalid relayer environment: ${problems.join("; ")}`);
  }
  const rpcUrls = parsed.data.CCIP_RELAYER_CHAINS.map((chainId) => {
    const url = process.env[`RPC_URL_${chainId}`];
    if (url === undefined) throw new Error(`Invalid relayer environment: set RPC_URL_${chainId}`);
    return url;
  });
  return { ...parsed.data, rpcUrls };
}

const env = readEnv();
const logger = pino({ name: "ccip-relayer", level: env.LOG_LEVEL });
const account = privateKeyToAccount(env.CCIP_RELAYER_PRIVATE_KEY as `0x${string}`);
const chains: RelayChain[] = env.CCIP_RELAYER_CHAINS.map((chainId, index) => {
  const clients = chainClients(chainId, env.rpcUrls[index] as string);
  return {
    book: readAddressBook(chainId, env.ADDRESS_BOOK_DIR),
    client: clients.publicClient,
    wallet: clients.walletFor(account),
    tokenSymbol: "tUSD",
  };
});
const status: RelayerStatus = { relayed: 0, refused: 0, scannedBlocks: {}, lastError: null };
const lanes = lanesBetween(chains[0] as RelayChain, chains[1] as RelayChain).map((lane, index) => {
  const [from, to] = index === 0 ? chains : [...chains].reverse();
  const book = from?.book;
  return {
    lane,
    name: `${from?.book.chainId}→${to?.book.chainId}`,
    fromBlock: BigInt(book?.contracts.CcipRemittanceSender?.deploymentBlock ?? 0),
  };
});

const app = relayerApp(
  () => ({ status: "ok", lanes: lanes.map((l) => l.name), ...status }),
  logger,
);
const server = serve({ fetch: app.fetch, hostname: "127.0.0.1", port: env.CCIP_RELAYER_PORT }, () =>
  logger.info(
    { port: env.CCIP_RELAYER_PORT, lanes: lanes.map((l) => l.name) },
    "Relaying between the local chains",
  ),
);

const controller = new AbortController();
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.on(signal, () => {
    logger.info({ signal }, "Stopping");
    controller.abort();
    server.close();
  });
}
await runRelayer({
  lanes,
  intervalMs: env.CCIP_RELAYER_INTERVAL_MS,
  logger,
  signal: controller.signal,
  status,
});
process.exit(0);
