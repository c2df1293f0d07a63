// The local CLXEND stack as a library: starts anvil with persisted state, deploys with Ignition, seeds the demo
// world, starts every part that has a `start` script and waits for their /health. Used by `npm start` and the
// smoke test.
import { existsSync, mkdirSync, rmSync } from "node:fs";
import { homedir } from "node:os";
import { join, resolve } from "node:path";
import type { HardhatRuntimeEnvironment } from "hardhat/types/hre";
import type { AddressBook } from "../../deploy/address-book.ts";
import { DeploymentMismatchError, deployClxend } from "../../deploy/deploy.ts";
import { demoAccounts } from "../../deploy/demo-accounts.ts";
import { readParameters } from "../../deploy/parameters.ts";
import { seedDemoWorld } from "../../deploy/seed.ts";
import { type RunningAnvil, startAnvil } from "./anvil.ts";
import { type ChildExit, ManagedChild } from "./child-process.ts";
import {
  PARTS,
  type PartDefinition,
  type PartName,
  environmentOf,
  hasStartScript,
  urlOf,
} from "./parts.ts";
import { isPortFree } from "./ports.ts";
import { REPO_ROOT } from "./paths.ts";
import type { StackReporter } from "./ui.ts";

export const LOCAL_CHAIN_ID = 31337;
const BLOCK_TIME_SECONDS = 1;

export interface StackOptions {
  /** Everything kept between runs (chain state, Ignition journal, part data, logs). */
  stateDir: string;
  /** Where deployments/31337.json and abi/ are written. */
  addressBookDir: string;
  /** Wipe stateDir first. */
  fresh: boolean;
  /** PostgreSQL URL for the indexer and the compliance API (embedded PGlite when omitted). */
  databaseUrl?: string;
  ports: Record<PartName | "chain", number>;
  /** Which parts to start: all that have a `start` script, or only these. */
  parts: "all" | readonly PartName[];
  healthTimeoutMs: number;
  reporter: StackReporter;
}

export interface RunningPart {
  definition: PartDefinition;
  url: string;
  child: ManagedChild;
}

/** A child that exited while the stack was supposed to be running. */
export interface ChildFailure {
  child: ManagedChild;
  exit: ChildExit;
}

/** Processes of a stack; owned by the caller so it can stop them at any moment, even during start-up. */
export class StackProcesses {
  chain: RunningAnvil | undefined;
  readonly parts: RunningPart[] = [];
  #stopped = false;
  #failureListeners: ((failure: ChildFailure) => void)[] = [];

  /** Calls `listener` once for the first child that exits without being asked to. */
  onFailure(listener: (failure: ChildFailure) => void): void {
    this.#failureListeners.push(listener);
  }

  watch(child: ManagedChild): void {
    void child.exited.then((exit) => {
      if (this.#stopped || child.stopping) return;
      for (const listener of this.#failureListeners.splice(0)) listener({ child, exit });
    });
  }

  get stopped(): boolean {
    return this.#stopped;
  }

  /** Throws once stopAll() has been called, so a start-up in progress starts nothing more. */
  assertRunning(): void {
    if (this.#stopped) throw new Error("The stack was stopped while starting");
  }

  /** Stops the parts (all at once), then the chain, which dumps its state on the way out. */
  async stopAll(): Promise<void> {
    this.#stopped = true;
    await Promise.all(this.parts.map((part) => part.child.stop()));
    await this.chain?.child.stop();
  }
}

export interface StackInfo {
  rpcUrl: string;
  chainId: number;
  book: AddressBook;
  merchantId: bigint;
  parts: RunningPart[];
  skipped: PartDefinition[];
}

/** Starts the stack into `processes`; see the file comment. Rejects (leaving cleanup to the caller) on failure. */
export async function startStack(
  options: StackOptions,
  processes: StackProcesses,
): Promise<StackInfo> {
  const { reporter } = options;
  const stateDir = resolve(options.stateDir);
  if (options.fresh) wipeState(stateDir, reporter);
  mkdirSync(join(stateDir, "logs"), { recursive: true });

  const selected = PARTS.filter(
    (part) => options.parts === "all" || options.parts.includes(part.name),
  );
  const startable = selected.filter(hasStartScript);
  const skipped = selected.filter((part) => !hasStartScript(part));
  await checkPorts(options, startable);

  const { default: hre } = await import("hardhat");
  reporter.step("Compiling contracts");
  await hre.tasks.getTask("build").run({ quiet: true, noTests: true });

  reporter.step(
    `Starting the local chain (anvil, chain id ${LOCAL_CHAIN_ID}, ${BLOCK_TIME_SECONDS}s blocks)`,
  );
  processes.assertRunning();
  processes.chain = await startChain(options, stateDir);
  let book: AddressBook;
  try {
    book = await deploy(hre, options, stateDir, processes.chain);
  } catch (error) {
    if (!(error instanceof DeploymentMismatchError)) throw error;
    reporter.note(
      "The contracts changed since the last run: starting the local chain from scratch",
    );
    await processes.chain.child.stop();
    rmSync(join(stateDir, "chain"), { recursive: true, force: true });
    rmSync(join(stateDir, "ignition"), { recursive: true, force: true });
    processes.chain = await startChain(options, stateDir);
    book = await deploy(hre, options, stateDir, processes.chain);
  }
  processes.watch(processes.chain.child);

  processes.assertRunning();
  reporter.step("Seeding the demo world");
  const { merchantId } = await seedDemoWorld({
    book,
    rpcUrl: processes.chain.rpcUrl,
    artifacts: hre.artifacts,
    aliceServiceEndpoint: `${urlOf(options.ports.frontend)}/pay/${demoAccounts().alice.account.address}`,
    onProgress: reporter.note,
  });

  for (const part of skipped)
    reporter.note(`Skipping ${part.name}: its workspace has no start script yet`);
  for (const part of startable) {
    processes.assertRunning();
    reporter.step(`Starting ${part.name}`);
    const child = new ManagedChild({
      name: part.name,
      command: "npm",
      args: ["run", "start", "--workspace", part.workspace],
      cwd: REPO_ROOT,
      env: environmentOf({
        part,
        chainId: book.chainId,
        rpcUrl: processes.chain.rpcUrl,
        addressBookDir: resolve(options.addressBookDir),
        stateDir,
        ports: options.ports,
        databaseUrl: options.databaseUrl,
        demo: demoAccounts(),
      }),
      logFile: join(stateDir, "logs", `${part.name}.log`),
    });
    processes.parts.push({ definition: part, url: urlOf(options.ports[part.name]), child });
    processes.watch(child);
  }
  await waitUntilHealthy(processes.parts, options);

  return {
    rpcUrl: processes.chain.rpcUrl,
    chainId: book.chainId,
    book,
    merchantId,
    parts: processes.parts,
    skipped,
  };
}

function wipeState(stateDir: string, reporter: StackReporter): void {
  const protectedDirs = [resolve("/"), homedir(), REPO_ROOT];
  if (protectedDirs.some((dir) => dir === stateDir || dir.startsWith(`${stateDir}/`))) {
    throw new Error(`Refusing to wipe ${stateDir}: it is not a CLXEND state folder`);
  }
  reporter.step(`Wiping ${stateDir}`);
  rmSync(stateDir, { recursive: true, force: true });
}

async function checkPorts(options: StackOptions, parts: PartDefinition[]): Promise<void> {
  const wanted: [string, number][] = [
    ["chain", options.ports.chain],
    ...parts.map((part): [string, number] => [part.name, options.ports[part.name]]),
  ];
  const busy: string[] = [];
  for (const [name, port] of wanted) if (!(await isPortFree(port))) busy.push(`${port} (${name})`);
  if (busy.length > 0) {
    throw new Error(
      `Port ${busy.join(", ")} already in use. Is another CLXEND stack running? Stop it, or pick other ports.`,
    );
  }
}

async function startChain(options: StackOptions, stateDir: string): Promise<RunningAnvil> {
  const chainDir = join(stateDir, "chain");
  const stateFile = join(chainDir, "state.json");
  const journalDir = join(stateDir, "ignition");
  if (!existsSync(stateFile) && existsSync(journalDir)) {
    // The chain state is gone, so the Ignition journal describes a chain that no longer exists.
    rmSync(journalDir, { recursive: true, force: true });
  }
  mkdirSync(chainDir, { recursive: true });
  return await startAnvil({
    port: options.ports.chain,
    chainId: LOCAL_CHAIN_ID,
    blockTime: BLOCK_TIME_SECONDS,
    stateFile,
    logFile: join(stateDir, "logs", "chain.log"),
  });
}

async function deploy(
  hre: HardhatRuntimeEnvironment,
  options: StackOptions,
  stateDir: string,
  chain: RunningAnvil,
): Promise<AddressBook> {
  options.reporter.step("Deploying the contracts (Hardhat Ignition)");
  const connection = await hre.network.create({
    network: "local",
    override: { url: chain.rpcUrl },
  });
  try {
    const { book } = await deployClxend({
      hre,
      connection,
      networkName: "local",
      kind: "local",
      parameters: readParameters("local"),
      journalDir: join(stateDir, "ignition", `chain-${LOCAL_CHAIN_ID}`),
      addressBookDir: options.addressBookDir,
      requiredConfirmations: 1,
      onProgress: options.reporter.note,
    });
    return book;
  } finally {
    await connection.close();
  }
}

/** Polls every part's health URL until all answer 200; rejects on timeout or when a part exits. */
async function waitUntilHealthy(parts: RunningPart[], options: StackOptions): Promise<void> {
  const started = Date.now();
  const pending = new Set(parts);
  while (pending.size > 0) {
    for (const part of [...pending]) {
      if (!part.child.running) {
        throw new PartFailedError(part.child, `${part.definition.name} exited while starting`);
      }
      if (await isHealthy(`${part.url}${part.definition.healthPath}`)) {
        pending.delete(part);
        options.reporter.healthy(part.definition.name, (Date.now() - started) / 1000);
      }
    }
    if (pending.size === 0) break;
    const seconds = Math.round((Date.now() - started) / 1000);
    if (Date.now() - started > options.healthTimeoutMs) {
      const [first] = pending;
      if (first !== undefined) {
        throw new PartFailedError(
          first.child,
          `${first.definition.name} was not healthy after ${seconds}s`,
        );
      }
    }
    options.reporter.waiting([...pending].map((part) => ({ name: part.definition.name, seconds })));
    await new Promise((resolve) => setTimeout(resolve, 1_000));
  }
}

async function isHealthy(url: string): Promise<boolean> {
  try {
    const response = await fetch(url, { signal: AbortSignal.timeout(2_000) });
    await response.body?.cancel();
    return response.ok;
  } catch {
    return false;
  }
}

/** A part failed to start; carries the child so its last log lines can be shown. */
export class PartFailedError extends Error {
  override name = "PartFailedError";
  constructor(
    readonly child: ManagedChild,
    message: string,
  ) {
    super(message);
  }
}
