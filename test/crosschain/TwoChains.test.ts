// Two real local chains (two anvil nodes with different chain ids), each with the CCIP simulator, joined by the local
// relayer (scripts/stack/ccip-relayer.ts): a remittance sent on one is credited on the other, with the same message
// id on both sides.
import assert from "node:assert/strict";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import hre from "hardhat";
import {
  type Abi,
  type Account,
  type Address,
  type Chain,
  createPublicClient,
  createWalletClient,
  defineChain,
  getAddress,
  type Hex,
  http,
  keccak256,
  maxUint256,
  type PublicClient,
  parseEventLogs,
  stringToHex,
  type Transport,
  type WalletClient,
  zeroAddress,
  zeroHash,
} from "viem";
import { mnemonicToAccount, privateKeyToAccount } from "viem/accounts";
import { type RunningAnvil, startAnvil } from "../../scripts/stack/anvil.ts";
import { freePort } from "../../scripts/stack/ports.ts";
import { APPROVAL_TYPES, COMPLIANCE_SIGNER_KEY, USD } from "../contracts/fixture.ts";
import { DESTINATION_SELECTOR, FEE_BPS, idOf, SOURCE_SELECTOR } from "./fixture.ts";
import { relayPending } from "../../scripts/stack/ccip-relayer.ts";

const ANVIL_MNEMONIC = "test test test test test test test test test test test junk";
const SOURCE_CHAIN_ID = 31_337;
const DESTINATION_CHAIN_ID = 31_338;

interface LocalChain {
  anvil: RunningAnvil;
  client: PublicClient;
  /** Deploys and administers; on the destination it also owns the token the relayer mints. */
  admin: WalletClient<Transport, Chain, Account>;
  deploy(name: string, args: readonly unknown[]): Promise<Address>;
  write(
    address: Address,
    abi: Abi,
    functionName: string,
    args: readonly unknown[],
    from?: Account,
  ): Promise<Hex>;
}

/** Starts anvil with `chainId` on a free port; `adminIndex` picks the deployer, so contract addresses differ per chain. */
async function startChain(
  chainId: number,
  adminIndex: number,
  logDir: string,
): Promise<LocalChain> {
  const anvil = await startAnvil({
    port: await freePort(),
    chainId,
    logFile: join(logDir, `anvil-${chainId}.log`),
    name: `chain ${chainId}`,
  });
  const chain = defineChain({
    id: chainId,
    name: `local ${chainId}`,
    nativeCurrency: { name: "Ether", symbol: "ETH", decimals: 18 },
    rpcUrls: { default: { http: [anvil.rpcUrl] } },
  });
  const client = createPublicClient({ chain, transport: http(anvil.rpcUrl) });
  const admin = createWalletClient({
    chain,
    transport: http(anvil.rpcUrl),
    account: mnemonicToAccount(ANVIL_MNEMONIC, { addressIndex: adminIndex }),
  });
  async function deploy(name: string, args: readonly unknown[]): Promise<Address> {
    const artifact = await hre.artifacts.readArtifact(name);
    const hash = await admin.deployContract({
      abi: artifact.abi as Abi,
      bytecode: artifact.bytecode as Hex,
      args,
    });
    const receipt = await client.waitForTransactionReceipt({ hash });
    if (!receipt.contractAddress) throw new Error(`${name} was not deployed`);
    return receipt.contractAddress;
  }
  async function write(
    address: Address,
    abi: Abi,
    functionName: string,
    args: readonly unknown[],
    from: Account = admin.account,
  ): Promise<Hex> {
    const hash = await admin.writeContract({
      address,
      abi,
      functionName,
      args,
      account: from,
      chain,
    });
    const receipt = await client.waitForTransactionReceipt({ hash });
    if (receipt.status !== "success") throw new Error(`${functionName} reverted`);
    return hash;
  }
  return { anvil, client: client as PublicClient, admin, deploy, write };
}

async function abiOf(name: string): Promise<Abi> {
  return (await hre.artifacts.readArtifact(name)).abi as Abi;
}

describe("two local chains joined by the CCIP relayer", { timeout: 180_000 }, () => {
  const chains: LocalChain[] = [];

  before(async () => {
    const logDir = mkdtempSync(join(tmpdir(), "clxend-crosschain-"));
    chains.push(
      await startChain(SOURCE_CHAIN_ID, 0, logDir),
      await startChain(DESTINATION_CHAIN_ID, 1, logDir),
    );
  });

  after(async () => {
    await Promise.all(chains.map((chain) => chain.anvil.child.stop()));
  });

  it("credits bob on the destination chain for alice's send on the source chain, once", async () => {
    const [source, destination] = chains;
    assert.ok(source && destination);
    const alice = mnemonicToAccount(ANVIL_MNEMONIC, { addressIndex: 5 });
    const bob = mnemonicToAccount(ANVIL_MNEMONIC, { addressIndex: 6 });
    const signer = privateKeyToAccount(COMPLIANCE_SIGNER_KEY);
    const [senderAbi, receiverAbi, tokenAbi, kycAbi, simulatorAbi] = await Promise.all(
      [
        "CcipRemittanceSender",
        "CcipRemittanceReceiver",
        "TestStablecoin",
        "KycRegistry",
        "CCIPLocalSimulator",
      ].map(abiOf),
    );
    assert.ok(senderAbi && receiverAbi && tokenAbi && kycAbi && simulatorAbi);

    // Source chain: simulator, token, KYC registry, bridge sender.
    const sourceAdmin = source.admin.account.address;
    const sourceSimulator = await source.deploy("CCIPLocalSimulator", []);
    const [, sourceRouter] = (await source.client.readContract({
      address: sourceSimulator,
      abi: simulatorAbi,
      functionName: "configuration",
    })) as readonly [bigint, Address];
    const sourceToken = await source.deploy("TestStablecoin", [sourceAdmin]);
    const sourceKyc = await source.deploy("KycRegistry", [sourceAdmin, sourceAdmin]);
    const sender = await source.deploy("CcipRemittanceSender", [
      sourceAdmin,
      signer.address,
      sourceAdmin,
      sourceAdmin,
      FEE_BPS,
      sourceKyc,
      sourceRouter,
      zeroAddress,
      SOURCE_SELECTOR,
    ]);
    // Destination chain: simulator, token (minted by the relayer), KYC registry, bridge receiver.
    const destinationAdmin = destination.admin.account.address;
    const destinationSimulator = await destination.deploy("CCIPLocalSimulator", []);
    const [, destinationRouter] = (await destination.client.readContract({
      address: destinationSimulator,
      abi: simulatorAbi,
      functionName: "configuration",
    })) as readonly [bigint, Address];
    const destinationToken = await destination.deploy("TestStablecoin", [destinationAdmin]);
    const destinationKyc = await destination.deploy("KycRegistry", [
      destinationAdmin,
      destinationAdmin,
    ]);
    const receiver = await destination.deploy("CcipRemittanceReceiver", [
      destinationAdmin,
      destinationAdmin,
      destinationKyc,
      destinationRouter,
      DESTINATION_SELECTOR,
    ]);
    const lane = { rateLimitAmount: 10_000n * USD, rateLimitWindow: 86_400 };
    await source.write(sender, senderAbi, "setLane", [
      {
        remoteChainSelector: DESTINATION_SELECTOR,
        remoteChainId: BigInt(DESTINATION_CHAIN_ID),
        remoteBridge: receiver,
        token: sourceToken,
        ...lane,
      },
    ]);
    await destination.write(receiver, receiverAbi, "setLane", [
      {
        remoteChainSelector: SOURCE_SELECTOR,
        remoteChainId: BigInt(SOURCE_CHAIN_ID),
        remoteBridge: sender,
        token: destinationToken,
        ...lane,
      },
    ]);
    const block = await source.client.getBlock();
    for (const wallet of [alice.address, bob.address]) {
      await source.write(sourceKyc, kycAbi, "attest", [
        wallet,
        2,
        block.timestamp + 86_400n,
        keccak256("0x01"),
      ]);
    }
    await source.write(sourceToken, tokenAbi, "mint", [alice.address, 1_000n * USD]);
    await source.write(sourceToken, tokenAbi, "approve", [sender, maxUint256], alice);
    const approval = {
      sender: alice.address,
      recipient: bob.address,
      claimHash: zeroHash,
      token: sourceToken,
      amount: 250n * USD,
      fee: (250n * USD * BigInt(FEE_BPS)) / 10_000n,
      memoHash: keccak256(stringToHex("family support")),
      travelRuleHash: zeroHash,
      destinationChainId: BigInt(DESTINATION_CHAIN_ID),
      nonce: 7n,
      deadline: block.timestamp + 3_600n,
    };
    const signature = await signer.signTypedData({
      domain: {
        name: "CLXEND Bridge",
        version: "1",
        chainId: SOURCE_CHAIN_ID,
        verifyingContract: sender,
      },
      types: APPROVAL_TYPES,
      primaryType: "Approval",
      message: approval,
    });
    const fromBlock = await source.client.getBlockNumber();

    const sendHash = await source.write(
      sender,
      senderAbi,
      "send",
      [approval, { signer: signer.address, signature }, zeroAddress],
      alice,
    );
    const relayLane = {
      source: { client: source.client, sender, chainSelector: SOURCE_SELECTOR },
      destination: {
        client: destination.client,
        wallet: destination.admin,
        chainSelector: DESTINATION_SELECTOR,
        router: destinationRouter,
        receiver,
        token: destinationToken,
        gasLimit: 300_000n,
      },
    };
    const relayed = await relayPending(relayLane, fromBlock);
    const again = await relayPending(relayLane, fromBlock);

    const [message] = relayed;
    assert.ok(message?.destinationTransaction);
    assert.equal(relayed.length, 1);
    assert.equal(message.sourceTransaction, sendHash);
    assert.equal(message.remittanceId, idOf(7n));
    const receipt = await destination.client.getTransactionReceipt({
      hash: message.destinationTransaction,
    });
    const [received] = parseEventLogs({
      abi: receiverAbi,
      logs: receipt.logs,
      eventName: "CrossChainRemittanceReceived",
    });
    assert.ok(received);
    assert.deepEqual(received.args, {
      messageId: message.messageId,
      sourceChainSelector: SOURCE_SELECTOR,
      remittanceId: idOf(7n),
      sender: alice.address,
      recipient: bob.address,
      token: getAddress(destinationToken),
      amount: 250n * USD,
    });
    const bobBalance = await destination.client.readContract({
      address: destinationToken,
      abi: tokenAbi,
      functionName: "balanceOf",
      args: [bob.address],
    });
    assert.equal(bobBalance, 250n * USD);
    assert.deepEqual(again, []);
  });
});
