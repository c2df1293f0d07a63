// The stack the end-to-end tests run against: `npm start -- --chains 2`'s own stack library (two anvil chains joined
// by the CCIP bridge, deploy, demo seed on both, every part and the local CCIP relayer) on free ports with throw-away
// state, or an already running stack when E2E_BASE_URL is set. Every flow runs on this one stack: the single-chain
// flows on the home chain, the cross-chain flow across both. E2E_CHAINS=1 starts a single-chain stack instead (the
// cross-chain flow is then skipped).
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { readAddressBook, type AddressBook } from "../../../deploy/address-book.ts";
import { demoAccounts } from "../../../deploy/demo-accounts.ts";
import { freePort } from "../../../scripts/stack/ports.ts";
import { StackProcesses, startStack } from "../../../scripts/stack/stack.ts";
import type { PartName } from "../../../scripts/stack/parts.ts";

/** One chain of the e2e stack. */
export interface E2eChain {
  chainId: number;
  rpcUrl: string;
  book: AddressBook;
}

export interface E2eStack {
  appUrl: string;
  /** The home chain (the compliance API signs for it): its RPC, id and address book. */
  rpcUrl: string;
  chainId: number;
  book: AddressBook;
  /** Every chain, the home chain first (two). */
  chains: E2eChain[];
  addressBookDir: string;
  /** Parts that are running (the frontend always; others as far as they exist). */
  parts: PartName[];
  stop(): Promise<void>;
}

/**
 * Risk settings and staff of the e2e compliance API (the stack passes the environment on to every part). The bands
 * are pinned so the flows land where they must: a flagged corridor alone scores 65 (review, one officer), a
 * flagged corridor and a new recipient 75 (review and high risk, ≥ RISK_HIGH_THRESHOLD and < the reject
 * threshold 90: two different officers). Two officers: the KYC provider's and the anchorer's demo wallets.
 */
function configureCompliance(): void {
  const demo = demoAccounts();
  process.env.RISK_WEIGHTS = JSON.stringify({ highRiskCorridor: 65, newRecipient: 10 });
  process.env.HIGH_RISK_JURISDICTIONS = "KP,IR,MM";
  process.env.RISK_REVIEW_THRESHOLD = "40";
  process.env.RISK_HIGH_THRESHOLD = "70";
  process.env.RISK_REJECT_THRESHOLD = "90";
  process.env.STAFF_OFFICERS = [
    demo.kycProvider.account.address,
    demo.anchorer.account.address,
  ].join(",");
}

/** Starts (or attaches to) the stack. The frontend is served from a fresh production build. */
export async function startE2eStack(log: (line: string) => void): Promise<E2eStack> {
  if (process.env.E2E_BASE_URL) {
    const chainId = Number(process.env.CHAIN_ID ?? "31337");
    const rpcUrl = process.env.RPC_URL ?? "http://127.0.0.1:18545";
    const ids = (process.env.CHAIN_IDS ?? String(chainId)).split(",").map(Number);
    const chains = ids.map((id) => ({
      chainId: id,
      rpcUrl: id === chainId ? rpcUrl : (process.env[`RPC_URL_${id}`] ?? ""),
      book: readAddressBook(id),
    }));
    return {
      appUrl: process.env.E2E_BASE_URL.replace(/\/$/, ""),
      rpcUrl,
      chainId,
      book: readAddressBook(chainId),
      chains,
      addressBookDir: process.env.ADDRESS_BOOK_DIR ?? "deployments",
      parts: ["face-service", "indexer", "compliance-api", "frontend"],
      stop: async () => {},
    };
  }
  const stateDir = mkdtempSync(join(tmpdir(), "clxend-e2e-state-"));
  const addressBookDir = join(stateDir, "deployments");
  const ports = {
    chain: await freePort(),
    indexer: await freePort(),
    "compliance-api": await freePort(),
    "face-service": await freePort(),
    frontend: await freePort(),
    chain2: await freePort(),
    "ccip-relayer": await freePort(),
  };
  configureCompliance();
  const processes = new StackProcesses();
  try {
    const info = await startStack(
      {
        stateDir,
        addressBookDir,
        fresh: false,
        ports,
        chains: process.env.E2E_CHAINS === "1" ? 1 : 2,
        parts: "all",
        healthTimeoutMs: 300_000,
        reporter: {
          step: (message) => log(`[stack] ${message}`),
          note: (message) => log(`[stack]   ${message}`),
          waiting: () => {},
          healthy: (name, seconds) => log(`[stack]   ${name} healthy after ${seconds.toFixed(1)}s`),
        },
      },
      processes,
    );
    const frontend = info.parts.find((part) => part.definition.name === "frontend");
    if (!frontend) throw new Error("The frontend did not start");
    return {
      appUrl: frontend.url.replace("127.0.0.1", "localhost"),
      rpcUrl: info.rpcUrl,
      chainId: info.chainId,
      book: info.book,
      chains: info.chains.map(({ chainId, rpcUrl, book }) => ({ chainId, rpcUrl, book })),
      addressBookDir,
      parts: info.parts.map((part) => part.definition.name),
      stop: async () => {
        await processes.stopAll();
        rmSync(stateDir, { recursive: true, force: true });
      },
    };
  } catch (error) {
    await processes.stopAll();
    throw error;
  }
}
