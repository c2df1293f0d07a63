// `npm start`: runs the whole CLXEND demo locally (chain, contracts, demo world, every part that exists) until Ctrl-C
// or until a part dies. Options: --fresh, --database-url <postgres://…>, --state-dir <dir>, --health-timeout <s>,
// --chains 2 (a second chain joined to the first over the CCIP bridge and the local relayer).
import { resolve } from "node:path";
import { parseArgs } from "node:util";
import { demoAccounts } from "../../deploy/demo-accounts.ts";
import type { ChildFailure } from "./stack.ts";
import { type StackInfo, StackProcesses, PartFailedError, startStack } from "./stack.ts";
import { DEFAULT_PORTS, PARTS } from "./parts.ts";
import { DEFAULT_ADDRESS_BOOK_DIR, DEFAULT_STATE_DIR } from "./paths.ts";
import { bold, consoleReporter, demoAccountsText, green, red, table } from "./ui.ts";
import type { ManagedChild } from "./child-process.ts";

const USAGE = `Usage: npm start [-- --fresh] [-- --chains 2] [-- --database-url postgres://user@host/db]

  --fresh                 wipe the local state (.clxend/) first: new chain, new deployment
  --database-url <url>    run the indexer and the compliance API on PostgreSQL instead of embedded PGlite
  --state-dir <dir>       keep the state somewhere else than .clxend/
  --chains <1|2>          2: a second chain (31338, port 18546) joined to the first over CCIP lanes both ways,
                          with the local CCIP relayer carrying messages between them (default 1)
  --skip <parts>          comma-separated parts not to start (face-service, indexer, compliance-api, frontend)
  --health-timeout <s>    seconds to wait for each part's /health (default 240)`;

function parseOptions() {
  const { values } = parseArgs({
    options: {
      fresh: { type: "boolean", default: false },
      "database-url": { type: "string" },
      "state-dir": { type: "string", default: DEFAULT_STATE_DIR },
      "health-timeout": { type: "string", default: "240" },
      skip: { type: "string", default: "" },
      chains: { type: "string", default: "1" },
      help: { type: "boolean", short: "h", default: false },
    },
  });
  const databaseUrl = values["database-url"];
  if (databaseUrl !== undefined && !/^postgres(ql)?:\/\/.+/.test(databaseUrl)) {
    throw new UsageError("--database-url must be a postgres:// or postgresql:// URL");
  }
  const healthTimeout = Number(values["health-timeout"]);
  if (!Number.isFinite(healthTimeout) || healthTimeout <= 0) {
    throw new UsageError("--health-timeout must be a positive number of seconds");
  }
  if (values.chains !== "1" && values.chains !== "2") {
    throw new UsageError("--chains must be 1 or 2");
  }
  const chains: 1 | 2 = values.chains === "2" ? 2 : 1;
  const skip = values.skip.split(",").filter((name) => name !== "");
  const unknown = skip.filter((name) => !PARTS.some((part) => part.name === name));
  if (unknown.length > 0) throw new UsageError(`--skip: unknown part ${unknown.join(", ")}`);
  const parts = PARTS.map((part) => part.name).filter((name) => !skip.includes(name));
  return { ...values, databaseUrl, parts, chains, healthTimeoutMs: healthTimeout * 1000 };
}

class UsageError extends Error {}

function printLastLines(child: ManagedChild): void {
  const lines = child.lastLines(30);
  process.stdout.write(
    `\n${red(bold(`Last lines of ${child.name}`))} (full log: ${child.logFile})\n`,
  );
  process.stdout.write(`${lines.length === 0 ? "(no output)" : lines.join("\n")}\n`);
}

function printReady(info: StackInfo): void {
  const rows = [["part", "URL", "notes"]];
  for (const chain of info.chains) {
    const bridge =
      chain.book.ccip === undefined ? "" : `, CCIP selector ${chain.book.ccip.chainSelector}`;
    rows.push([
      info.chains.length > 1 ? `chain ${chain.chainId} (anvil)` : "chain (anvil)",
      chain.rpcUrl,
      `JSON-RPC, chain id ${chain.chainId}${bridge}`,
    ]);
  }
  if (info.relayerUrl !== undefined) {
    rows.push(["ccip-relayer", info.relayerUrl, "carries CCIP messages between the chains"]);
  }
  for (const part of info.parts) rows.push([part.definition.name, part.url, part.definition.title]);
  for (const part of info.skipped) rows.push([part.name, "-", "not built yet (no start script)"]);
  process.stdout.write(`\n${demoAccountsText(Object.values(demoAccounts()))}\n`);
  process.stdout.write(
    `\n${green(bold("CLXEND is running."))} Press Ctrl-C to stop.\n\n${table(rows)}\n`,
  );
  for (const chain of info.chains) {
    process.stdout.write(
      `\nAddress book: ${resolve(DEFAULT_ADDRESS_BOOK_DIR, `${chain.chainId}.json`)}\n`,
    );
    process.stdout.write(`Demo merchant id: ${chain.merchantId}\n`);
  }
}

async function main(): Promise<number> {
  let options: ReturnType<typeof parseOptions>;
  try {
    options = parseOptions();
  } catch (error) {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n\n${USAGE}\n`);
    return 2;
  }
  if (options.help) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }

  const processes = new StackProcesses();
  const finished = new Promise<{ reason: "signal" } | { reason: "failure"; failure: ChildFailure }>(
    (resolveFinished) => {
      // Handlers stay installed: one Ctrl-C reaches this process more than once (from the terminal and relayed by
      // npm and tsx), and a repeat must not kill it halfway through stopping the parts.
      process.on("SIGINT", () => resolveFinished({ reason: "signal" }));
      process.on("SIGTERM", () => resolveFinished({ reason: "signal" }));
      processes.onFailure((failure) => resolveFinished({ reason: "failure", failure }));
    },
  );
  const started = startStack(
    {
      stateDir: options["state-dir"],
      addressBookDir: DEFAULT_ADDRESS_BOOK_DIR,
      fresh: options.fresh,
      databaseUrl: options.databaseUrl,
      ports: DEFAULT_PORTS,
      parts: options.parts,
      chains: options.chains,
      healthTimeoutMs: options.healthTimeoutMs,
      reporter: consoleReporter(),
    },
    processes,
  );

  let exitCode = 0;
  const outcome = await Promise.race([
    started.then((info) => ({ reason: "started" as const, info })),
    finished,
  ]).catch((error: unknown) => ({ reason: "error" as const, error }));

  if (outcome.reason === "started") {
    printReady(outcome.info);
    const end = await finished;
    if (end.reason === "failure") {
      process.stdout.write(
        `\n${red(`${end.failure.child.name} stopped unexpectedly (${describe(end.failure)})`)}\n`,
      );
      printLastLines(end.failure.child);
      exitCode = 1;
    }
  } else if (outcome.reason === "failure") {
    process.stdout.write(`\n${red(`${outcome.failure.child.name} stopped while starting`)}\n`);
    printLastLines(outcome.failure.child);
    exitCode = 1;
  } else if (outcome.reason === "error") {
    const { error } = outcome;
    process.stdout.write(
      `\n${red(`Could not start the stack: ${error instanceof Error ? error.message : String(error)}`)}\n`,
    );
    if (error instanceof PartFailedError) printLastLines(error.child);
    exitCode = 1;
  }

  process.stdout.write("\nStopping…\n");
  await processes.stopAll();
  process.stdout.write("Stopped.\n");
  return exitCode;
}

function describe({ exit }: ChildFailure): string {
  return exit.signal !== null ? `signal ${exit.signal}` : `exit code ${exit.code}`;
}

process.exitCode = await main();
// Hardhat keeps handles open (its HRE); everything we started is stopped, so leave now.
process.exit();
