// Command line for deployments: `npm run deploy:<network>` (or `npx tsx deploy/cli.ts <network> [--seed]`). Compiles,
// deploys with Ignition using deploy/parameters/<network>.json and writes deployments/<chainId>.json.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { parseArgs } from "node:util";
import type { DeploymentParameters } from "@nomicfoundation/ignition-core";
import { DEFAULT_ADDRESS_BOOK_DIR, DEFAULT_STATE_DIR, REPO_ROOT } from "../scripts/stack/paths.ts";
import { deployClxend } from "./deploy.ts";
import { seedDemoWorld } from "./seed.ts";

const ZERO_ADDRESS = "0x0000000000000000000000000000000000000000";
const ROLE_PARAMETERS = [
  "admin",
  "complianceSigner",
  "kycProvider",
  "merchantComplianceOfficer",
  "anchorer",
  "pauser",
  "treasury",
];

/** Reads deploy/parameters/<network>.json. */
export function readParameters(network: string): DeploymentParameters {
  const path = join(REPO_ROOT, "deploy", "parameters", `${network}.json`);
  return JSON.parse(readFileSync(path, "utf8")) as DeploymentParameters;
}

/** Role holders still set to the zero address (the committed testnet files ship that way on purpose). */
export function unsetRoleHolders(parameters: DeploymentParameters): string[] {
  const global = parameters.$global ?? {};
  return ROLE_PARAMETERS.filter((name) => {
    const value = global[name];
    return typeof value !== "string" || value.toLowerCase() === ZERO_ADDRESS;
  });
}

async function main(): Promise<void> {
  const { positionals, values } = parseArgs({
    allowPositionals: true,
    options: {
      seed: { type: "boolean", default: false },
      "address-book-dir": { type: "string", default: DEFAULT_ADDRESS_BOOK_DIR },
      "journal-dir": { type: "string" },
    },
  });
  const network = positionals[0];
  if (network === undefined) {
    throw new Error(
      "Usage: tsx deploy/cli.ts <local|sepolia|amoy|baseSepolia|bscTestnet> [--seed]",
    );
  }
  const isLocal = network === "local";
  const parameters = readParameters(network);
  const unset = unsetRoleHolders(parameters);
  if (unset.length > 0) {
    throw new Error(
      `Set these role holders in deploy/parameters/${network}.json before deploying: ${unset.join(", ")}`,
    );
  }
  if (values.seed && !isLocal)
    throw new Error("--seed is for the local chain only (it uses the demo keys)");

  const { default: hre } = await import("hardhat");
  await hre.tasks.getTask("build").run({ quiet: true, noTests: true });
  const connection = await hre.network.create(network);
  try {
    const chainId = Number(await connection.provider.request({ method: "eth_chainId" }));
    const journalDir =
      values["journal-dir"] ??
      (isLocal
        ? join(DEFAULT_STATE_DIR, "ignition", `chain-${chainId}`)
        : join(REPO_ROOT, "deployments", "ignition", network));
    const { book } = await deployClxend({
      hre,
      connection,
      networkName: network,
      kind: isLocal ? "local" : "public",
      parameters,
      journalDir,
      addressBookDir: values["address-book-dir"],
      requiredConfirmations: isLocal ? 1 : undefined,
      onProgress: (message) => process.stdout.write(`${message}\n`),
    });
    if (values.seed) {
      const rpcUrl = process.env.LOCAL_RPC_URL ?? "http://127.0.0.1:18545";
      await seedDemoWorld({ book, rpcUrl, artifacts: hre.artifacts, onProgress: console.log });
    }
  } finally {
    await connection.close();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  main().catch((error: unknown) => {
    process.stderr.write(
      `Deployment failed: ${error instanceof Error ? error.message : String(error)}\n`,
    );
    process.exitCode = 1;
  });
}
