// `npm start`: runs the whole CLXEND demo locally (chain, contracts, demo world, every part that exists) until Ctrl-C
// (or SIGTERM, SIGHUP, SIGQUIT) or until a part dies. Options: see USAGE in options.ts.
import { resolve } from "node:path";
import { defaultAddressBookDir } from "../../deploy/address-book.ts";
import { demoAccounts } from "../../deploy/demo-accounts.ts";
import type { ManagedChild } from "./child-process.ts";
import { USAGE, parseStartOptions } from "./options.ts";
import { ignoreOutputErrors, onStopSignal } from "./shutdown.ts";
import type { ChildFailure } from "./stack.ts";
import { type StackInfo, StackProcesses, PartFailedError, startStack } from "./stack.ts";
import { bold, consoleReporter, demoAccountsText, green, red, table } from "./ui.ts";

/** Where the address books go: $ADDRESS_BOOK_DIR (as for every part), else the repository's deployments/. */
const ADDRESS_BOOK_DIR = resolve(defaultAddressBookDir());

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
    process.stdout.write(`\nAddress book: ${resolve(ADDRESS_BOOK_DIR, `${chain.chainId}.json`)}\n`);
    process.stdout.write(`Demo merchant id: ${chain.merchantId}\n`);
  }
}

async function main(): Promise<number> {
  ignoreOutputErrors();
  let options: ReturnType<typeof parseStartOptions>;
  try {
    options = parseStartOptions(process.argv.slice(2));
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
      onStopSignal(() => resolveFinished({ reason: "signal" }));
      processes.onFailure((failure) => resolveFinished({ reason: "failure", failure }));
    },
  );
  const started = startStack(
    {
      stateDir: options.stateDir,
      addressBookDir: ADDRESS_BOOK_DIR,
      fresh: options.fresh,
      databaseUrl: options.databaseUrl,
      ports: options.ports,
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
