// The local CLXEND stack as a library: starts anvil with persisted state, deploys with Ignition, seeds the demo
// world, starts every part that has a `start` script and waits for their /health. With two chains, each gets the
// CCIP bridge and the simulator, lanes join them both ways and the local CCIP relayer carries messages between them.
// Used by `npm start` and the smoke test.
import { existsSync, mkdirSync, readdirSync, rmSync } from "node:fs";
import { homedir } from "node:os";
import { dirname, join, resolve } from "node:path";
import type { HardhatRuntimeEnvironment } from "hardhat/types/hre";
import { mnemonicToAccount } from "viem/accounts";
import type { AddressBook } from "../../deploy/address-book.ts";
import { DeploymentMismatchError, deployClxend } from "../../deploy/deploy.ts";
import {
  DEV_MNEMONIC,
  SECOND_CHAIN_DEPLOYER_INDEX,
  demoAccounts,
} from "../../deploy/demo-accounts.ts";
import { configureLanes } from "../../deploy/lanes.ts";
import { readParameters } from "../../deploy/parameters.ts";
import { seedDemoWorld } from "../../deploy/seed.ts";
import { type RunningAnvil, startAnvil } from "./anvil.ts";
import { DamagedChainStateError, backUpChainState, prepareStateFile } from "./chain-state.ts";
import { type ChainDataLocation, resetChainData } from "./chain-data-reset.ts";
import { type ChildExit, ManagedChild } from "./child-process.ts";
import { checkDatabase } from "./database-check.ts";
import { reconcileIndexedChains } from "./indexed-chains.ts";
import {
  PARTS,
  type PartDefinition,
  type PartName,
  type StackPorts,
  environmentOf,
  hasStartScript,
  urlOf,
} from "./parts.ts";
import { isPortFree } from "./ports.ts";
import { REPO_ROOT } from "./paths.ts";
import { LOCK_ENTRIES, type ReleaseLock, lockStateFolder } from "./state-lock.ts";

export { StateFolderLockedError } from "./state-lock.ts";
import type { StackReporter } from "./ui.ts";

export const LOCAL_CHAIN_ID = 31337;
/** The second chain of `--chains 2`. */
export const SECOND_CHAIN_ID = 31338;
const BLOCK_TIME_SECONDS = 1;
/** Lane token and rate limit of the local lanes (each direction): 50,000 tUSD per day. */
const LANE_TOKEN = "tUSD";
const LANE_RATE_LIMIT = 50_000n * 10n ** 6n;
const LANE_WINDOW_SECONDS = 86_400;

export interface StackOptions {
  /** Everything kept between runs (chain state, Ignition journal, part data, logs). */
  stateDir: string;
  /** Where deployments/31337.json and abi/ are written. */
  addressBookDir: string;
  /** Wipe stateDir first. */
  fresh: boolean;
  /** PostgreSQL URL for the indexer and the compliance API (embedded PGlite when omitted). */
  databaseUrl?: string;
  ports: StackPorts;
  /** 1 (default): one chain, as always. 2: a second chain (31338) joined to the first over the CCIP bridge. */
  chains?: 1 | 2;
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
  /** The second chain of `--chains 2`. */
  chain2: RunningAnvil | undefined;
  /** The local CCIP relayer of `--chains 2`. */
  relayer: RunningPart | undefined;
  readonly parts: RunningPart[] = [];
  #stopped = false;
  #failureListeners: ((failure: ChildFailure) => void)[] = [];
  /** Chains with a good state worth backing up when the stack stops (deployed and seeded). */
  #backups: { chain: RunningAnvil; stateFile: string }[] = [];
  /** Releases the state folder's lock; called once everything has stopped. */
  #releaseLock: ReleaseLock | undefined;

  /** Keeps the state folder's lock until stopAll() has stopped everything. */
  holdLock(release: ReleaseLock): void {
    this.#releaseLock = release;
    if (this.#stopped) {
      void this.#release();
      this.assertRunning();
    }
  }

  async #release(): Promise<void> {
    const release = this.#releaseLock;
    this.#releaseLock = undefined;
    await release?.();
  }

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

  /** Takes a chain that has just started; one that starts after stopAll() is stopped at once. */
  adoptChain(index: number, chain: RunningAnvil): void {
    if (index === 0) this.chain = chain;
    else this.chain2 = chain;
    if (this.#stopped) {
      void chain.child.stop();
      this.assertRunning();
    }
  }

  /** Backs the chain's state up now and again when the stack stops (see chain-state.ts). */
  async keepBackedUp(chain: RunningAnvil, stateFile: string): Promise<void> {
    await backUpChainState(chain.rpcUrl, stateFile);
    this.#backups.push({ chain, stateFile });
  }

  /**
   * Stops the parts (all at once), backs up the chains' state, then stops the chains, which write their state on
   * the way out; each stop waits until the child's whole process group has exited.
   */
  async stopAll(): Promise<void> {
    this.#stopped = true;
    await Promise.all(this.parts.map((part) => part.child.stop()));
    await this.relayer?.child.stop();
    await Promise.all(
      this.#backups
        .filter(({ chain }) => chain.child.running)
        .map(({ chain, stateFile }) => backUpChainState(chain.rpcUrl, stateFile).catch(() => {})),
    );
    await Promise.all([this.chain?.child.stop(), this.chain2?.child.stop()]);
    await this.#release();
  }
}

/** One chain of a running stack. */
export interface StackChain {
  chainId: number;
  rpcUrl: string;
  book: AddressBook;
  merchantId: bigint;
}

export interface StackInfo {
  rpcUrl: string;
  chainId: number;
  book: AddressBook;
  merchantId: bigint;
  /** Every chain, the first being the one above; two with `--chains 2`. */
  chains: StackChain[];
  /** URL of the CCIP relayer's /health, with `--chains 2`. */
  relayerUrl?: string;
  parts: RunningPart[];
  skipped: PartDefinition[];
}

/** How one local chain of the stack is started and deployed. */
export interface ChainSpec {
  chainId: number;
  /** Hardhat network and deploy/parameters file. */
  network: "local" | "local2";
  port: number;
  /** Folder under the state folder with the chain's state.json. */
  stateFolder: string;
  /** Ignition journal folder under <state>/ignition. */
  journalFolder: string;
  logName: string;
  bridge: boolean;
  /**
   * Deployer of the second chain: another account than the first chain's, so no contract address exists on both
   * chains (the simulator's router moves the tokens of a send to the remote receiver's address on the source chain,
   * and calls it if that address holds a contract there).
   */
  defaultSender?: string;
}

/** The chains of a stack with these options, first chain first. */
export function chainSpecsOf(options: Pick<StackOptions, "chains" | "ports">): ChainSpec[] {
  const two = options.chains === 2;
  const first: ChainSpec = {
    chainId: LOCAL_CHAIN_ID,
    network: "local",
    port: options.ports.chain,
    stateFolder: "chain",
    journalFolder: `chain-${LOCAL_CHAIN_ID}`,
    logName: "chain",
    bridge: two,
  };
  if (!two) return [first];
  const deployer = mnemonicToAccount(DEV_MNEMONIC, { addressIndex: SECOND_CHAIN_DEPLOYER_INDEX });
  return [
    first,
    {
      chainId: SECOND_CHAIN_ID,
      network: "local2",
      port: options.ports.chain2,
      stateFolder: `chain-${SECOND_CHAIN_ID}`,
      journalFolder: `chain-${SECOND_CHAIN_ID}`,
      logName: `chain-${SECOND_CHAIN_ID}`,
      bridge: true,
      defaultSender: deployer.address,
    },
  ];
}

/** Starts the stack into `processes`; see the file comment. Rejects (leaving cleanup to the caller) on failure. */
export async function startStack(
  options: StackOptions,
  processes: StackProcesses,
): Promise<StackInfo> {
  const { reporter } = options;
  const stateDir = resolve(options.stateDir);
  // First of all: a second stack on this state folder must not touch it (its chains, journal, databases, logs).
  processes.holdLock(
    await lockStateFolder(stateDir, (error) =>
      (reporter.warn ?? reporter.note)(`The lock of ${stateDir} was lost: ${error.message}`),
    ),
  );
  const selected = PARTS.filter(
    (part) => options.parts === "all" || options.parts.includes(part.name),
  );
  const startable = selected.filter(hasStartScript);
  const skipped = selected.filter((part) => !hasStartScript(part));
  await checkPorts(options, startable);
  if (options.databaseUrl !== undefined) {
    // Before anything starts: a bad URL would otherwise show only once the parts using it fail, much later. Checked
    // even when those parts are skipped, as their data there is reset when a chain starts again from block 0.
    await checkDatabase(options.databaseUrl);
  }
  const location = chainDataLocationOf(options, stateDir);
  if (options.fresh) {
    wipeState(stateDir, reporter);
    removeAddressBooks(options.addressBookDir, reporter);
    // The PGlite folders went with the state folder; a PostgreSQL database still holds the old chains' data.
    await resetChainData({
      ...location,
      chainIds: [LOCAL_CHAIN_ID, SECOND_CHAIN_ID],
      reason: "--fresh",
      warn: reporter.warn ?? reporter.note,
    });
  }
  mkdirSync(join(stateDir, "logs"), { recursive: true });
  if (startable.some((part) => part.name === "indexer")) {
    await reconcileIndexedChains({
      stateDir,
      chainIds: chainSpecsOf(options).map((spec) => spec.chainId),
      ...(options.databaseUrl === undefined ? {} : { databaseUrl: options.databaseUrl }),
      ...(location.indexerSchema === undefined ? {} : { schema: location.indexerSchema }),
      warn: reporter.warn ?? reporter.note,
    });
  }

  const { default: hre } = await import("hardhat");
  reporter.step("Compiling contracts");
  await hre.tasks.getTask("build").run({ quiet: true, noTests: true });

  const specs = chainSpecsOf(options);
  const chains: StackChain[] = [];
  const anvils: RunningAnvil[] = [];
  for (const [index, spec] of specs.entries()) {
    processes.assertRunning();
    const running = await startAndDeploy(hre, options, stateDir, spec, (chain) =>
      processes.adoptChain(index, chain),
    );
    processes.watch(running.chain.child);
    anvils.push(running.chain);
    chains.push({
      chainId: spec.chainId,
      rpcUrl: running.chain.rpcUrl,
      book: running.book,
      merchantId: 0n,
    });
  }

  for (const chain of chains) {
    processes.assertRunning();
    reporter.step(`Seeding the demo world${chains.length > 1 ? ` on chain ${chain.chainId}` : ""}`);
    const { merchantId } = await seedDemoWorld({
      book: chain.book,
      rpcUrl: chain.rpcUrl,
      artifacts: hre.artifacts,
      aliceServiceEndpoint: `${urlOf(options.ports.frontend)}/pay/${demoAccounts().alice.account.address}`,
      onProgress: reporter.note,
    });
    chain.merchantId = merchantId;
  }
  const [first, second] = chains;
  if (first === undefined) throw new Error("The stack has no chain");
  if (second !== undefined) {
    processes.assertRunning();
    reporter.step(
      `Joining chains ${first.chainId} and ${second.chainId} with CCIP lanes both ways`,
    );
    await configureLanes(first, second, {
      admin: demoAccounts().admin.account,
      tokenSymbol: LANE_TOKEN,
      rateLimitAmount: LANE_RATE_LIMIT,
      rateLimitWindow: LANE_WINDOW_SECONDS,
      onProgress: reporter.note,
    });
  }
  // Deployed and seeded: a state worth keeping should the state file be cut off later.
  for (const [index, spec] of specs.entries()) {
    const anvil = anvils[index];
    if (anvil !== undefined) await processes.keepBackedUp(anvil, stateFileOf(spec, stateDir));
  }
  if (second !== undefined) {
    processes.relayer = startRelayer(options, stateDir, chains);
    processes.watch(processes.relayer.child);
  }
  const book = first.book;
  const merchantId = first.merchantId;

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
        rpcUrl: first.rpcUrl,
        chains,
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
  const relayer = processes.relayer;
  await waitUntilHealthy(
    relayer === undefined ? processes.parts : [relayer, ...processes.parts],
    options,
  );

  return {
    rpcUrl: first.rpcUrl,
    chainId: book.chainId,
    book,
    merchantId,
    chains,
    ...(relayer === undefined ? {} : { relayerUrl: relayer.url }),
    parts: processes.parts,
    skipped,
  };
}

/** Where the indexer and the compliance API of a stack with these options keep their data. */
function chainDataLocationOf(options: StackOptions, stateDir: string): ChainDataLocation {
  return {
    stateDir,
    ...(options.databaseUrl === undefined ? {} : { databaseUrl: options.databaseUrl }),
    ...(process.env.DATABASE_SCHEMA === undefined
      ? {}
      : { indexerSchema: process.env.DATABASE_SCHEMA }),
  };
}

/** Resets the parts' data about a chain of this state folder that starts again from block 0 (chain-data-reset.ts). */
async function resetDataOf(
  spec: ChainSpec,
  options: StackOptions,
  stateDir: string,
  reason: string,
): Promise<void> {
  await resetChainData({
    ...chainDataLocationOf(options, stateDir),
    chainIds: [spec.chainId],
    reason,
    warn: options.reporter.warn ?? options.reporter.note,
  });
}

/**
 * Starts one chain and deploys to it; starts it from scratch when Ignition refuses the changed contracts. Either
 * way a chain that starts again from block 0 (changed contracts, or a deployed chain whose state file is gone) first
 * has the parts' data about its old self reset.
 */
async function startAndDeploy(
  hre: HardhatRuntimeEnvironment,
  options: StackOptions,
  stateDir: string,
  spec: ChainSpec,
  started: (chain: RunningAnvil) => void,
): Promise<{ chain: RunningAnvil; book: AddressBook }> {
  options.reporter.step(
    `Starting the local chain (anvil, chain id ${spec.chainId}, ${BLOCK_TIME_SECONDS}s blocks)`,
  );
  const journalDir = join(stateDir, "ignition", spec.journalFolder);
  if (!existsSync(stateFileOf(spec, stateDir)) && existsSync(journalDir)) {
    await resetDataOf(spec, options, stateDir, "its saved state is gone");
  }
  let chain = await startChain(spec, stateDir, options.reporter);
  started(chain);
  let book: AddressBook;
  try {
    book = await deploy(hre, options, stateDir, spec, chain);
  } catch (error) {
    if (!(error instanceof DeploymentMismatchError)) throw error;
    options.reporter.note(
      `The contracts changed since the last run: starting chain ${spec.chainId} from scratch`,
    );
    await chain.child.stop();
    rmSync(join(stateDir, spec.stateFolder), { recursive: true, force: true });
    rmSync(journalDir, { recursive: true, force: true });
    await resetDataOf(spec, options, stateDir, "its contracts changed");
    chain = await startChain(spec, stateDir, options.reporter);
    started(chain);
    book = await deploy(hre, options, stateDir, spec, chain);
  }
  return { chain, book };
}

/** Starts the local CCIP relayer (ccip-relayer-main.ts) between the two chains, as a part with a /health. */
function startRelayer(options: StackOptions, stateDir: string, chains: StackChain[]): RunningPart {
  const port = options.ports["ccip-relayer"];
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    NODE_ENV: "development",
    ADDRESS_BOOK_DIR: resolve(options.addressBookDir),
    CCIP_RELAYER_CHAINS: chains.map((chain) => chain.chainId).join(","),
    CCIP_RELAYER_PORT: String(port),
    CCIP_RELAYER_PRIVATE_KEY: demoAccounts().admin.privateKey,
  };
  for (const chain of chains) env[`RPC_URL_${chain.chainId}`] = chain.rpcUrl;
  options.reporter.step("Starting the CCIP relayer");
  const child = new ManagedChild({
    name: "ccip-relayer",
    command: process.execPath,
    args: ["--import", "tsx", join(REPO_ROOT, "scripts", "stack", "ccip-relayer-main.ts")],
    cwd: REPO_ROOT,
    env,
    logFile: join(stateDir, "logs", "ccip-relayer.log"),
  });
  return { definition: RELAYER_PART, url: urlOf(port), child };
}

/** The relayer as the URL table and the health wait see it (it is no npm workspace, so not in PARTS). */
const RELAYER_PART: PartDefinition = {
  name: "ccip-relayer",
  workspace: ".",
  title: "CCIP relayer (local simulator)",
  portVariable: "CCIP_RELAYER_PORT",
  urlVariable: "CCIP_RELAYER_URL",
  healthPath: "/health",
  usesDatabase: false,
};

function wipeState(stateDir: string, reporter: StackReporter): void {
  const protectedDirs = [resolve("/"), homedir(), REPO_ROOT];
  if (protectedDirs.some((dir) => dir === stateDir || dir.startsWith(`${stateDir}/`))) {
    throw new Error(`Refusing to wipe ${stateDir}: it is not a CLXEND state folder`);
  }
  reporter.step(
    `Wiping ${stateDir} (--fresh): the chains and their deployments, the parts' data (the indexer's and the compliance API's PGlite databases, face templates) and the logs`,
  );
  // Everything but the lock this stack holds.
  for (const entry of readdirSync(stateDir)) {
    if (!(LOCK_ENTRIES as readonly string[]).includes(entry)) {
      rmSync(join(stateDir, entry), { recursive: true, force: true });
    }
  }
}

/**
 * Deletes the address books of the local chains (--fresh): both chains are gone with the state, and a chain this
 * start does not run (31338 without --chains 2) would otherwise leave a book of a chain that no longer exists.
 */
function removeAddressBooks(addressBookDir: string, reporter: StackReporter): void {
  for (const chainId of [LOCAL_CHAIN_ID, SECOND_CHAIN_ID]) {
    const file = join(addressBookDir, `${chainId}.json`);
    if (!existsSync(file)) continue;
    rmSync(file);
    reporter.note(`Deleted ${file}: chain ${chainId} was wiped with the state`);
  }
}

async function checkPorts(options: StackOptions, parts: PartDefinition[]): Promise<void> {
  const wanted: [string, number][] = [
    ["chain", options.ports.chain],
    ...(options.chains === 2
      ? ([
          [`chain ${SECOND_CHAIN_ID}`, options.ports.chain2],
          ["ccip-relayer", options.ports["ccip-relayer"]],
        ] as [string, number][])
      : []),
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

/** The file anvil loads the chain's state from at start and writes it to at exit. */
export function stateFileOf(spec: ChainSpec, stateDir: string): string {
  return join(stateDir, spec.stateFolder, "state.json");
}

/**
 * Starts one chain of the stack on its saved state: a damaged state file is replaced by its backup (with a
 * warning) or, without one, refused with what to do. Exported for the tests, which stop it as Ctrl-C does.
 */
export async function startChain(
  spec: ChainSpec,
  stateDir: string,
  reporter: StackReporter,
): Promise<RunningAnvil> {
  const stateFile = stateFileOf(spec, stateDir);
  const journalDir = join(stateDir, "ignition", spec.journalFolder);
  if (!existsSync(stateFile) && existsSync(journalDir)) {
    // The chain state is gone, so the Ignition journal describes a chain that no longer exists.
    rmSync(journalDir, { recursive: true, force: true });
  }
  mkdirSync(dirname(stateFile), { recursive: true });
  checkSavedState(spec, stateFile, stateDir, reporter);
  return await startAnvil({
    port: spec.port,
    chainId: spec.chainId,
    blockTime: BLOCK_TIME_SECONDS,
    stateFile,
    logFile: join(stateDir, "logs", `${spec.logName}.log`),
    name: spec.logName,
  });
}

function checkSavedState(
  spec: ChainSpec,
  stateFile: string,
  stateDir: string,
  reporter: StackReporter,
): void {
  try {
    const check = prepareStateFile(stateFile);
    if (check.kind === "restored") {
      (reporter.warn ?? reporter.note)(
        `The saved state of chain ${spec.chainId}, ${stateFile}, ${check.problem}: restored its backup of ${check.backupSavedAt.toLocaleString()}; anything done on the chain after that is lost.`,
      );
    }
  } catch (error) {
    if (!(error instanceof DamagedChainStateError)) throw error;
    throw new Error(
      `The saved state of chain ${spec.chainId}, ${stateFile}, ${error.problem} and there is no backup to restore. Run \`npm start -- --fresh\` to start over: it wipes ${stateDir}, that is the chain (every transaction), its deployment and what the indexer, the compliance API and the face service stored (decisions, KYC records); the contracts are deployed and the demo world is seeded again.`,
    );
  }
}

async function deploy(
  hre: HardhatRuntimeEnvironment,
  options: StackOptions,
  stateDir: string,
  spec: ChainSpec,
  chain: RunningAnvil,
): Promise<AddressBook> {
  options.reporter.step(
    `Deploying the contracts${spec.bridge ? " and the CCIP bridge" : ""} (Hardhat Ignition)`,
  );
  const connection = await hre.network.create({
    network: spec.network,
    override: { url: chain.rpcUrl },
  });
  try {
    const { book } = await deployClxend({
      hre,
      connection,
      networkName: spec.network,
      kind: "local",
      parameters: readParameters(spec.network),
      journalDir: join(stateDir, "ignition", spec.journalFolder),
      addressBookDir: options.addressBookDir,
      requiredConfirmations: 1,
      bridge: spec.bridge,
      ...(spec.defaultSender === undefined ? {} : { defaultSender: spec.defaultSender }),
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
