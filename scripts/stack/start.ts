// `npm start`: runs the whole CLXEND demo locally (chain, contracts, demo world, every part that exists) until Ctrl-C
// (or SIGTERM, SIGHUP, SIGQUIT), until the npm that runs it is gone, or until a part dies. Options: see USAGE in
// options.ts. Only light modules are imported up front: the stop signals are handled before the heavy ones (Hardhat,
// viem, the deploy code) load, so a Ctrl-C at any moment of start-up stops the stack with "Stopping…" / "Stopped.".
import { resolve } from "node:path";
import type { ManagedChild } from "./child-process.ts";
import { USAGE, parseStartOptions } from "./options.ts";
import { DEMO_STAFF } from "./parts.ts";
import { onOrphaned } from "./parent-watch.ts";
import { ignoreOutputErrors, onStopSignal } from "./shutdown.ts";
import type { ChildFailure, StackInfo, StackProcesses } from "./stack.ts";

type Ui = typeof import("./ui.ts");
type Stack = typeof import("./stack.ts");

function printLastLines({ bold, red }: Ui, child: ManagedChild): void {
  const lines = child.lastLines(30);
  process.stdout.write(
    `\n${red(bold(`Last lines of ${child.name}`))} (full log: ${child.logFile})\n`,
  );
  process.stdout.write(`${lines.length === 0 ? "(no output)" : lines.join("\n")}\n`);
}

async function printReady(ui: Ui, info: StackInfo, addressBookDir: string): Promise<void> {
  const { bold, demoAccountsText, green, table } = ui;
  const { demoAccounts } = await import("../../deploy/demo-accounts.ts");
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
  const frontend = info.parts.find((part) => part.definition.name === "frontend");
  process.stdout.write(
    `Staff console${frontend === undefined ? "" : ` (${frontend.url}/staff)`}: ${DEMO_STAFF.admins.join(", ")} is the admin; ${DEMO_STAFF.officers.join(" and ")} are the compliance officers, who decide the cases in review (a high-risk case needs both)\n`,
  );
  process.stdout.write(
    `\n${green(bold("CLXEND is running."))} Press Ctrl-C to stop.\n\n${table(rows)}\n`,
  );
  for (const chain of info.chains) {
    process.stdout.write(`\nAddress book: ${resolve(addressBookDir, `${chain.chainId}.json`)}\n`);
    process.stdout.write(`Demo merchant id: ${chain.merchantId}\n`);
  }
}

async function main(): Promise<number> {
  ignoreOutputErrors();
  let requestStop = () => {};
  const stopRequested = new Promise<void>((resolveStop) => {
    requestStop = resolveStop;
  });
  onStopSignal(() => requestStop());
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
  process.stdout.write(`Starting CLXEND (state in ${resolve(options.stateDir)})\n`);
  onOrphaned(() => {
    process.stdout.write(
      "\nThe process that ran this stack (npm start) is gone: stopping the stack.\n",
    );
    requestStop();
  });

  const loaded = await Promise.race([
    Promise.all([import("./stack.ts"), import("./ui.ts")]),
    stopRequested.then(() => undefined),
  ]);
  if (loaded === undefined) {
    process.stdout.write("\nStopping…\nStopped.\n");
    return 0;
  }
  const [stack, ui] = loaded;
  const processes = new stack.StackProcesses();
  const exitCode = await run(stack, ui, options, processes, stopRequested);
  if (exitCode === "refused") return 1;
  process.stdout.write("\nStopping…\n");
  await processes.stopAll();
  process.stdout.write("Stopped.\n");
  return exitCode;
}

/**
 * Starts the stack and waits until it must stop; returns the exit code, or "refused" when another stack holds the
 * state folder (nothing was started, nothing is to stop).
 */
async function run(
  stack: Stack,
  ui: Ui,
  options: ReturnType<typeof parseStartOptions>,
  processes: StackProcesses,
  stopRequested: Promise<void>,
): Promise<number | "refused"> {
  const { red } = ui;
  const finished = new Promise<{ reason: "signal" } | { reason: "failure"; failure: ChildFailure }>(
    (resolveFinished) => {
      void stopRequested.then(() => resolveFinished({ reason: "signal" }));
      processes.onFailure((failure) => resolveFinished({ reason: "failure", failure }));
    },
  );
  const started = stack.startStack(
    {
      stateDir: options.stateDir,
      addressBookDir: options.addressBookDir,
      fresh: options.fresh,
      databaseUrl: options.databaseUrl,
      ports: options.ports,
      parts: options.parts,
      chains: options.chains,
      healthTimeoutMs: options.healthTimeoutMs,
      reporter: ui.consoleReporter(),
    },
    processes,
  );

  const outcome = await Promise.race([
    started.then((info) => ({ reason: "started" as const, info })),
    finished,
  ]).catch((error: unknown) => ({ reason: "error" as const, error }));

  if (outcome.reason === "started") {
    await printReady(ui, outcome.info, options.addressBookDir);
    const end = await finished;
    if (end.reason === "failure") {
      process.stdout.write(
        `\n${red(`${end.failure.child.name} stopped unexpectedly (${describe(end.failure)})`)}\n`,
      );
      printLastLines(ui, end.failure.child);
      return 1;
    }
  } else if (outcome.reason === "failure") {
    process.stdout.write(`\n${red(`${outcome.failure.child.name} stopped while starting`)}\n`);
    printLastLines(ui, outcome.failure.child);
    return 1;
  } else if (outcome.reason === "error") {
    const { error } = outcome;
    if (error instanceof stack.StateFolderLockedError) {
      process.stderr.write(`\n${red(error.message)}\n`);
      return "refused";
    }
    process.stdout.write(
      `\n${red(`Could not start the stack: ${error instanceof Error ? error.message : String(error)}`)}\n`,
    );
    if (error instanceof stack.PartFailedError) printLastLines(ui, error.child);
    return 1;
  }
  return 0;
}

function describe({ exit }: ChildFailure): string {
  return exit.signal !== null ? `signal ${exit.signal}` : `exit code ${exit.code}`;
}

process.exitCode = await main();
// Hardhat keeps handles open (its HRE); everything we started is stopped, so leave now.
process.exit();
