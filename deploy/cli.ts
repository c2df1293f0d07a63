// Command line for deployments: `npm run deploy:<network>` (or `npx tsx deploy/cli.ts <network> [--seed] [--bridge]`).
// Compiles, deploys with Ignition using deploy/parameters/<network>.json and writes deployments/<chainId>.json.
import { join } from "node:path";
import { parseArgs } from "node:util";
import { DEFAULT_ADDRESS_BOOK_DIR, DEFAULT_STATE_DIR, REPO_ROOT } from "../scripts/stack/paths.ts";
import { deployClxend } from "./deploy.ts";
import { readParameters, unsetRoleHolders } from "./parameters.ts";
import { seedDemoWorld } from "./seed.ts";

async function main(): Promise<void> {
  const { positionals, values } = parseArgs({
    allowPositionals: true,
    options: {
      seed: { type: "boolean", default: false },
      bridge: { type: "boolean" },
      "address-book-dir": { type: "string", default: DEFAULT_ADDRESS_BOOK_DIR },
      "journal-dir": { type: "string" },
    },
  });
  const network = positionals[0];
  if (network === undefined) {
    throw new Error(
      "Usage: tsx deploy/cli.ts <local|local2|sepolia|amoy|baseSepolia|bscTestnet> [--seed] [--bridge]",
    );
  }
  const isLocal = network === "local" || network === "local2";
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
      ...(values.bridge === undefined ? {} : { bridge: values.bridge }),
      onProgress: (message) => process.stdout.write(`${message}\n`),
    });
    if (values.seed) {
      const rpcUrl =
        network === "local2"
          ? (process.env.LOCAL2_RPC_URL ?? "http://127.0.0.1:18546")
          : (process.env.LOCAL_RPC_URL ?? "http://127.0.0.1:18545");
      await seedDemoWorld({ book, rpcUrl, artifacts: hre.artifacts, onProgress: console.log });
    }
  } finally {
    await connection.close();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(
    `Deployment failed: ${error instanceof Error ? error.message : String(error)}\n`,
  );
  process.exitCode = 1;
});
