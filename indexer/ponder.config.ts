// Ponder configuration: chains, contracts, start blocks and the database, all from the environment and address books.
import { createConfig } from "ponder";
import { type AddressBook, readAbi, readAddressBook } from "../deploy/address-book.ts";
import {
  auditAnchorEvents,
  bridgeReceiverEvents,
  bridgeSenderEvents,
  checkEvents,
  didRegistryEvents,
  kycRegistryEvents,
  merchantRegistryEvents,
  remittanceEvents,
  tokenEvents,
} from "./lib/abis.ts";
import { LOCAL_CHAIN_IDS, readIndexerEnv } from "./lib/env.ts";

const env = readIndexerEnv();
const books = env.CHAIN_ID.map((chainId) => readAddressBook(chainId, env.addressBookDir));

/** Ponder's name of a chain; the chain id is part of it so names never collide. */
export const chainName = (chainId: number) => `chain${chainId}`;

type ContractKey =
  | "Remittance"
  | "KycRegistry"
  | "MerchantRegistry"
  | "AuditAnchor"
  | "DIDRegistry";
type BridgeKey = "CcipRemittanceSender" | "CcipRemittanceReceiver";

function perChain(contract: ContractKey) {
  return Object.fromEntries(
    books.map((book) => {
      const entry = book.contracts[contract];
      return [
        chainName(book.chainId),
        { address: entry.address, startBlock: entry.deploymentBlock },
      ];
    }),
  );
}

/** The bridge contract on every chain whose address book has one (none: the contract has no chain to index). */
function perBridgeChain(contract: BridgeKey) {
  return Object.fromEntries(
    books.flatMap((book) => {
      const entry = book.contracts[contract];
      return entry === undefined
        ? []
        : [
            [
              chainName(book.chainId),
              { address: entry.address, startBlock: entry.deploymentBlock },
            ],
          ];
    }),
  );
}

/** Like eventsOf, for the chains that have the bridge. */
function bridgeEventsOf<const events extends Parameters<typeof checkEvents>[2]>(
  contract: BridgeKey,
  expected: events,
) {
  for (const book of books) {
    if (book.contracts[contract] === undefined) continue;
    checkEvents(
      `${contract}@${book.chainId}`,
      readAbi(book, contract, env.addressBookDir),
      expected,
    );
  }
  return expected;
}

function tokensPerChain() {
  return Object.fromEntries(
    books.map((book) => [
      chainName(book.chainId),
      {
        address: Object.values(book.tokens).map((token) => token.address),
        startBlock: firstBlock(book),
      },
    ]),
  );
}

/** Tokens are indexed from the earliest deployment in the book (a token on a testnet predates it). */
function firstBlock(book: AddressBook): number {
  const token = book.contracts.TestStablecoin?.deploymentBlock;
  const blocks = Object.values(book.contracts).flatMap((entry) =>
    entry === undefined ? [] : [entry.deploymentBlock],
  );
  return token ?? Math.min(...blocks);
}

/** Every chain's address book must declare the events the handlers expect, with the same signature. */
function eventsOf<const events extends Parameters<typeof checkEvents>[2]>(
  contract: ContractKey,
  expected: events,
) {
  for (const book of books)
    checkEvents(
      `${contract}@${book.chainId}`,
      readAbi(book, contract, env.addressBookDir),
      expected,
    );
  return expected;
}

function rpcOf(chainId: number): string | string[] {
  const url = env.rpcUrls.get(chainId) as string;
  // Ponder budgets requests per URL (starting near 20/s). A local chain has no such limit, so the same URL is given
  // several times to open parallel budgets; a hosted RPC keeps one URL unless INDEXER_RPC_FANOUT says otherwise.
  const fanout = env.INDEXER_RPC_FANOUT ?? (LOCAL_CHAIN_IDS.has(chainId) ? 16 : 1);
  return fanout === 1 ? url : Array.from({ length: fanout }, () => url);
}

export default createConfig({
  database:
    env.DATABASE_URL === undefined
      ? { kind: "pglite", directory: env.PGLITE_DIR ?? ".ponder/pglite" }
      : { kind: "postgres", connectionString: env.DATABASE_URL },
  ordering: "multichain",
  chains: Object.fromEntries(
    env.CHAIN_ID.map((chainId) => [
      chainName(chainId),
      {
        id: chainId,
        rpc: rpcOf(chainId),
        pollingInterval: LOCAL_CHAIN_IDS.has(chainId) ? 200 : 1_000,
        ethGetLogsBlockRange:
          env.INDEXER_GETLOGS_BLOCK_RANGE ?? (LOCAL_CHAIN_IDS.has(chainId) ? 10_000 : undefined),
      },
    ]),
  ),
  contracts: {
    Remittance: { abi: eventsOf("Remittance", remittanceEvents), chain: perChain("Remittance") },
    KycRegistry: {
      abi: eventsOf("KycRegistry", kycRegistryEvents),
      chain: perChain("KycRegistry"),
    },
    MerchantRegistry: {
      abi: eventsOf("MerchantRegistry", merchantRegistryEvents),
      chain: perChain("MerchantRegistry"),
    },
    AuditAnchor: {
      abi: eventsOf("AuditAnchor", auditAnchorEvents),
      chain: perChain("AuditAnchor"),
    },
    DIDRegistry: {
      abi: eventsOf("DIDRegistry", didRegistryEvents),
      chain: perChain("DIDRegistry"),
    },
    CcipRemittanceSender: {
      abi: bridgeEventsOf("CcipRemittanceSender", bridgeSenderEvents),
      chain: perBridgeChain("CcipRemittanceSender"),
    },
    CcipRemittanceReceiver: {
      abi: bridgeEventsOf("CcipRemittanceReceiver", bridgeReceiverEvents),
      chain: perBridgeChain("CcipRemittanceReceiver"),
    },
    Token: { abi: tokenEvents, chain: tokensPerChain() },
  },
});
