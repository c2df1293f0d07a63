// The stack the end-to-end tests run against: `npm start`'s own stack library (anvil, deploy, demo seed, every
// part) on free ports with throw-away state, or an already running stack when E2E_BASE_URL is set.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { readAddressBook, type AddressBook } from "../../../deploy/address-book.ts";
import { demoAccounts } from "../../../deploy/demo-accounts.ts";
import { freePort } from "../../../scripts/stack/ports.ts";
import { StackProcesses, startStack } from "../../../scripts/stack/stack.ts";
import type { PartName } from "../../../scripts/stack/parts.ts";

export interface E2eStack {
  appUrl: string;
  rpcUrl: string;
  chainId: number;
  book: AddressBook;
  addressBookDir: string;
  /** Parts that are running (the frontend always; others as far as they exist). */
  parts: PartName[];
  stop(): Promise<void>;
}

/** Starts (or attaches to) the stack. The frontend is served from a fresh production build. */
export async function startE2eStack(log: (line: string) => void): Promise<E2eStack> {
  if (process.env.E2E_BASE_URL) {
    const chainId = Number(process.env.CHAIN_ID ?? "31337");
    return {
      appUrl: process.env.E2E_BASE_URL.replace(/\/$/, ""),
      rpcUrl: process.env.RPC_URL ?? "http://127.0.0.1:18545",
      chainId,
      book: readAddressBook(chainId),
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
  };
  // A second staff officer for the four-eyes rule on high-risk cases; the stack passes the environment through.
  // A heavier corridor weight so one flagged corridor sends a transfer to review (65) and a new recipient on top
  // makes it high-risk (75, above the high-risk threshold of 70), which needs two officers.
  process.env.RISK_WEIGHTS = JSON.stringify({ highRiskCorridor: 65 });
  process.env.STAFF_OFFICERS = [
    demoAccounts().kycProvider.account.address,
    demoAccounts().anchorer.account.address,
  ].join(",");
  const processes = new StackProcesses();
  try {
    const info = await startStack(
      {
        stateDir,
        addressBookDir,
        fresh: false,
        ports,
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
