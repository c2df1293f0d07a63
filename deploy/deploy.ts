// Deploys CLXEND with Hardhat Ignition (journal in a folder of our choosing, so re-runs are no-ops) and writes the
// chain's address book and ABIs. Used by the deploy CLI, the local stack, the smoke test and the fork tests.
import { existsSync, readFileSync } from "node:fs";
import {
  HardhatArtifactResolver,
  errorDeploymentResultToExceptionMessage,
} from "@nomicfoundation/hardhat-ignition/helpers";
import {
  type DeployConfig,
  type DeploymentParameters,
  DeploymentResultType,
  deploy,
  listTransactions,
} from "@nomicfoundation/ignition-core";
import type { HardhatRuntimeEnvironment } from "hardhat/types/hre";
import type { NetworkConnection } from "hardhat/types/network";
import { type Address, type Hash, erc20Abi, getAddress, parseAbi, zeroAddress } from "viem";
import {
  type AddressBook,
  type CcipSettings,
  type ContractEntry,
  type ContractName,
  addressBookPath,
  parseAddressBook,
  writeAddressBook,
} from "./address-book.ts";
import { ARTIFACT_NAMES, abiFileOf, writeAbis } from "./abi.ts";
import ClxendModule from "./modules/Clxend.ts";
import ClxendBridgeModule from "./modules/ClxendBridge.ts";
import ClxendLocalModule from "./modules/ClxendLocal.ts";
import ClxendLocalBridgeModule from "./modules/ClxendLocalBridge.ts";
import { hasCcipParameters } from "./parameters.ts";

/** What the address book records of a deployed bridge, read back from the sender contract. */
const BRIDGE_SETTINGS_ABI = parseAbi([
  "function router() view returns (address)",
  "function localChainSelector() view returns (uint64)",
  "function linkToken() view returns (address)",
]);

/** `local`: TestStablecoin + core with tUSD allowed (local chains). `public`: core with `allowedTokens`. */
export type ModuleKind = "local" | "public";

export interface DeployClxendOptions {
  hre: HardhatRuntimeEnvironment;
  connection: NetworkConnection;
  /** Name recorded in the address book ("local", "sepolia", …). */
  networkName: string;
  kind: ModuleKind;
  /** Ignition parameters, usually the content of deploy/parameters/<network>.json. */
  parameters: DeploymentParameters;
  /** Ignition deployment folder (journal + artifacts). Keeping it makes a re-run change nothing. */
  journalDir: string;
  /** Folder receiving <chainId>.json and abi/. */
  addressBookDir: string;
  /** Confirmations Ignition waits for; 1 on local chains. */
  requiredConfirmations?: number;
  /**
   * Also deploy the CCIP bridge (sender and receiver; on local chains Chainlink's simulator for a router). Default:
   * on public networks whose parameters name a CCIP router and selector; never on local chains unless asked.
   */
  bridge?: boolean;
  /** Account that sends the deployment transactions (default: the first account of the connection). */
  defaultSender?: string;
  /** Progress lines for a person (not logs). */
  onProgress?: (message: string) => void;
}

export interface DeployClxendResult {
  book: AddressBook;
  addressBookPath: string;
  /** Transactions this run sent (0 when everything was already deployed). */
  transactionsSent: number;
}

/** Ignition refused to continue the existing deployment (the modules or contracts changed since it ran). */
export class DeploymentMismatchError extends Error {
  override name = "DeploymentMismatchError";
}

/** Deploys (or confirms the existing deployment of) every CLXEND contract and writes the address book. */
export async function deployClxend(options: DeployClxendOptions): Promise<DeployClxendResult> {
  const { hre, connection, journalDir } = options;
  const progress = options.onProgress ?? (() => {});
  const provider = connection.provider;
  const chainId = Number(await provider.request({ method: "eth_chainId" }));
  const accounts = (await provider.request({ method: "eth_accounts" })) as string[];
  const artifactResolver = new HardhatArtifactResolver(hre.artifacts);
  const before = await countTransactions(journalDir, artifactResolver);
  const config: Partial<DeployConfig> = {};
  if (options.requiredConfirmations !== undefined) {
    config.requiredConfirmations = options.requiredConfirmations;
  }

  const bridge =
    options.bridge ?? (options.kind === "public" && hasCcipParameters(options.parameters));
  progress(
    `Deploying CLXEND${bridge ? " with the CCIP bridge" : ""} to chain ${chainId} with Ignition (journal: ${journalDir})`,
  );
  const result = await deploy({
    config,
    artifactResolver,
    provider,
    deploymentDir: journalDir,
    ignitionModule: moduleOf(options.kind, bridge),
    deploymentParameters: options.parameters,
    accounts,
    ...(options.defaultSender === undefined ? {} : { defaultSender: options.defaultSender }),
  });
  if (result.type === DeploymentResultType.RECONCILIATION_ERROR) {
    throw new DeploymentMismatchError(errorDeploymentResultToExceptionMessage(result));
  }
  if (result.type !== DeploymentResultType.SUCCESSFUL_DEPLOYMENT) {
    throw new Error(errorDeploymentResultToExceptionMessage(result));
  }
  const transactionsSent = (await countTransactions(journalDir, artifactResolver)) - before;

  const deployed = new Map<ContractName, Address>();
  for (const contract of Object.values(result.contracts)) {
    const name = contractNameOf(contract.contractName);
    if (name !== undefined) deployed.set(name, getAddress(contract.address));
  }
  const blocks = await deploymentBlocks(options, chainId, deployed, artifactResolver);
  const contracts: Partial<Record<ContractName, ContractEntry>> = {};
  for (const [name, address] of deployed) {
    contracts[name] = { address, deploymentBlock: blocks.get(name) ?? 0, abi: abiFileOf(name) };
  }

  await writeAbis(hre.artifacts, options.addressBookDir);
  const book = parseAddressBook(
    {
      chainId,
      name: options.networkName,
      contracts,
      ...(bridge ? { ccip: await ccipSettingsOf(options, deployed) } : {}),
      tokens: await tokensOf(options, deployed),
    },
    addressBookPath(chainId, options.addressBookDir),
  );
  const path = writeAddressBook(book, options.addressBookDir);
  progress(
    transactionsSent === 0
      ? `Already deployed on chain ${chainId}: nothing sent; address book ${path}`
      : `Deployed with ${transactionsSent} transactions; address book ${path}`,
  );
  return { book, addressBookPath: path, transactionsSent };
}

/** The top-level module: local (with tUSD) or public, each with or without the bridge. */
function moduleOf(kind: ModuleKind, bridge: boolean) {
  if (kind === "local") return bridge ? ClxendLocalBridgeModule : ClxendLocalModule;
  return bridge ? ClxendBridgeModule : ClxendModule;
}

/** The chain's CCIP router, selector and LINK token, as the deployed bridge sender holds them. */
async function ccipSettingsOf(
  options: DeployClxendOptions,
  deployed: Map<ContractName, Address>,
): Promise<CcipSettings> {
  const address = deployed.get("CcipRemittanceSender");
  if (address === undefined) throw new Error("The bridge module deployed no CcipRemittanceSender");
  const publicClient = await options.connection.viem.getPublicClient();
  const read = <name extends "router" | "localChainSelector" | "linkToken">(functionName: name) =>
    publicClient.readContract({ address, abi: BRIDGE_SETTINGS_ABI, functionName });
  const [router, chainSelector, linkToken] = await Promise.all([
    read("router"),
    read("localChainSelector"),
    read("linkToken"),
  ]);
  return {
    chainSelector: chainSelector.toString(),
    router: getAddress(router),
    linkToken: linkToken === zeroAddress ? null : getAddress(linkToken),
  };
}

function contractNameOf(artifactName: string): ContractName | undefined {
  const entry = Object.entries(ARTIFACT_NAMES).find(([, artifact]) => artifact === artifactName);
  return entry?.[0] as ContractName | undefined;
}

async function countTransactions(
  journalDir: string,
  resolver: HardhatArtifactResolver,
): Promise<number> {
  if (!existsSync(journalDir)) return 0;
  try {
    return (await listTransactions(journalDir, resolver)).length;
  } catch {
    return 0;
  }
}

/**
 * The block in which each contract was deployed: from the previous address book when the address is unchanged,
 * else from the receipt of the deployment transaction recorded in the Ignition journal.
 */
async function deploymentBlocks(
  options: DeployClxendOptions,
  chainId: number,
  deployed: Map<ContractName, Address>,
  resolver: HardhatArtifactResolver,
): Promise<Map<ContractName, number>> {
  const previous = readPreviousBook(chainId, options.addressBookDir);
  const blocks = new Map<ContractName, number>();
  const publicClient = await options.connection.viem.getPublicClient();
  const transactions = await listTransactions(options.journalDir, resolver);

  for (const [name, address] of deployed) {
    const known = previous?.contracts[name];
    if (known !== undefined && known.address === address) {
      blocks.set(name, known.deploymentBlock);
      continue;
    }
    const transaction = transactions.find(
      (tx) => tx.address !== undefined && getAddress(tx.address) === address,
    );
    if (transaction === undefined) {
      throw new Error(`No deployment transaction of ${name} (${address}) in the Ignition journal`);
    }
    const receipt = await publicClient.getTransactionReceipt({ hash: transaction.txHash as Hash });
    blocks.set(name, Number(receipt.blockNumber));
  }
  return blocks;
}

function readPreviousBook(chainId: number, dir: string): AddressBook | undefined {
  const path = addressBookPath(chainId, dir);
  if (!existsSync(path)) return undefined;
  try {
    return parseAddressBook(JSON.parse(readFileSync(path, "utf8")), path);
  } catch {
    return undefined;
  }
}

/** The allowed tokens with their on-chain symbol and decimals. */
async function tokensOf(
  options: DeployClxendOptions,
  deployed: Map<ContractName, Address>,
): Promise<AddressBook["tokens"]> {
  const testStablecoin = deployed.get("TestStablecoin");
  const addresses: Address[] =
    options.kind === "local" && testStablecoin !== undefined
      ? [testStablecoin]
      : allowedTokensOf(options.parameters);
  const publicClient = await options.connection.viem.getPublicClient();
  const tokens: AddressBook["tokens"] = {};
  for (const address of addresses) {
    const [symbol, decimals] = await Promise.all([
      publicClient.readContract({ address, abi: erc20Abi, functionName: "symbol" }),
      publicClient.readContract({ address, abi: erc20Abi, functionName: "decimals" }),
    ]);
    tokens[symbol] = { address, decimals };
  }
  return tokens;
}

function allowedTokensOf(parameters: DeploymentParameters): Address[] {
  const value = parameters.Clxend?.allowedTokens ?? parameters.$global?.allowedTokens ?? [];
  if (!Array.isArray(value))
    throw new Error("Parameter allowedTokens must be an array of addresses");
  return value.map((token) => getAddress(String(token)));
}
