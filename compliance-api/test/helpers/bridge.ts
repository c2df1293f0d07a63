// Test bridge: deploys Chainlink's CCIP simulator and a CcipRemittanceSender with one lane on a test chain, and adds
// them to that chain's address book, as the stack's ClxendLocalBridge module does.
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { type Abi, type Address, createWalletClient, type Hex, http, zeroAddress } from "viem";
import { foundry } from "viem/chains";
import { REPO_ROOT } from "../../src/config.ts";
import { accounts, type TestChain } from "./chain.ts";

/** A compiled contract from artifacts/ by its path there. */
export function artifactAt(file: string): { abi: Abi; bytecode: Hex } {
  return JSON.parse(readFileSync(path.join(REPO_ROOT, "artifacts", file), "utf8"));
}

export const bridgeSenderArtifact = () =>
  artifactAt("contracts/bridge/CcipRemittanceSender.sol/CcipRemittanceSender.json");

export interface BridgeOptions {
  /** CCIP selector of this chain. */
  localSelector: bigint;
  /** The lane's remote chain: EVM chain id, CCIP selector and the receiver there. */
  remoteChainId: number;
  remoteSelector: bigint;
  remoteReceiver: Address;
  feeBps: number;
}

/**
 * Deploys the simulator and the bridge sender on `chain` (co-signer, KYC registry and tUSD of that chain), sets one
 * lane (tUSD, 1,000 tUSD a day), and writes `CcipRemittanceSender` and `ccip` into the chain's address book.
 */
export async function deployBridgeSender(chain: TestChain, o: BridgeOptions): Promise<Address> {
  const wallet = createWalletClient({
    account: accounts.admin,
    chain: { ...foundry, id: chain.chainId, rpcUrls: { default: { http: [chain.rpcUrl] } } },
    transport: http(chain.rpcUrl),
  });
  const deploy = async (a: { abi: Abi; bytecode: Hex }, args: unknown[]) => {
    const hash = await wallet.deployContract({ abi: a.abi, bytecode: a.bytecode, args });
    const receipt = await chain.publicClient.waitForTransactionReceipt({ hash });
    return receipt.contractAddress as Address;
  };
  const simulatorArtifact = artifactAt(
    "@chainlink/local/src/ccip/CCIPLocalSimulator.sol/CCIPLocalSimulator.json",
  );
  const simulator = await deploy(simulatorArtifact, []);
  const [, router] = (await chain.publicClient.readContract({
    address: simulator,
    abi: simulatorArtifact.abi,
    functionName: "configuration",
  })) as [bigint, Address];
  const senderArtifact = bridgeSenderArtifact();
  const sender = await deploy(senderArtifact, [
    accounts.admin.address,
    accounts.cosigner.address,
    accounts.admin.address,
    accounts.treasury.address,
    o.feeBps,
    chain.contracts.KycRegistry,
    router,
    zeroAddress,
    o.localSelector,
  ]);
  await chain.write(accounts.admin, sender, senderArtifact.abi, "setLane", [
    {
      remoteChainSelector: o.remoteSelector,
      remoteChainId: BigInt(o.remoteChainId),
      remoteBridge: o.remoteReceiver,
      token: chain.contracts.TestStablecoin,
      rateLimitAmount: 1_000_000_000n,
      rateLimitWindow: 86_400,
    },
  ]);
  const bookPath = path.join(chain.addressBookDir, `${chain.chainId}.json`);
  const book = JSON.parse(readFileSync(bookPath, "utf8"));
  writeFileSync(path.join(chain.addressBookDir, "abi", "CcipRemittanceSender.json"), "[]");
  book.contracts.CcipRemittanceSender = {
    address: sender,
    deploymentBlock: 0,
    abi: "abi/CcipRemittanceSender.json",
  };
  book.ccip = { chainSelector: o.localSelector.toString(), router, linkToken: null };
  writeFileSync(bookPath, JSON.stringify(book));
  return sender;
}
