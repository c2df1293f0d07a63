// Fresh wallets the flows need on top of the seeded demo world, made anew on every run so that a re-used stack gives
// the same conditions: a newcomer with gas and no KYC (KYC pass), a KYC'd recipient alice has never paid (the
// four-eyes flow: a new recipient in a high-risk corridor), and a KYC'd, funded sender whose wallet batches calls
// (the one-prompt send). Written with the demo admin and KYC-provider keys, as an operator would.
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import {
  type Address,
  type Hash,
  type Hex,
  keccak256,
  parseAbi,
  parseEther,
  stringToHex,
} from "viem";
import { generatePrivateKey, privateKeyToAccount } from "viem/accounts";
import { chainClients } from "../../../deploy/clients.ts";
import { demoAccounts } from "../../../deploy/demo-accounts.ts";
import { REPO_ROOT } from "./browser.ts";
import type { E2eStack } from "./stack.ts";

export interface FreshWallet {
  key: Hex;
  address: Address;
}

export interface E2eWorld {
  /** Has 1 ETH, no KYC: passes KYC in the browser. */
  newcomer: FreshWallet;
  /** KYC level 2, never paid by anyone. */
  newRecipient: FreshWallet;
  /** KYC level 2, 1 ETH and 1,000 tUSD; its test wallet batches calls through `batchAccount`. */
  batchSender: FreshWallet;
  /** TestBatchAccount, the ERC-7821 executor the batch sender's wallet delegates to (EIP-7702). */
  batchAccount: Address;
}

const kycAbi = parseAbi([
  "function attest(address subject, uint8 level, uint64 expiresAt, bytes32 evidenceHash)",
]);
const mintAbi = parseAbi(["function mint(address to, uint256 amount)"]);
const YEAR_SECONDS = 365n * 86_400n;

function freshWallet(): FreshWallet {
  const key = generatePrivateKey();
  return { key, address: privateKeyToAccount(key).address };
}

const ARTIFACT = join(
  REPO_ROOT,
  "artifacts",
  "contracts",
  "test",
  "TestBatchAccount.sol",
  "TestBatchAccount.json",
);

/**
 * The compiled TestBatchAccount. The stack compiles every contract before it deploys, but another Hardhat build in
 * the same working tree may have pruned the artifact since, so a missing one is built again.
 */
async function batchAccountArtifact(): Promise<{ abi: readonly unknown[]; bytecode: Hex }> {
  if (!existsSync(ARTIFACT)) {
    const { default: hre } = await import("hardhat");
    await hre.tasks.getTask("build").run({ quiet: true, noTests: true });
  }
  return JSON.parse(readFileSync(ARTIFACT, "utf8")) as { abi: readonly unknown[]; bytecode: Hex };
}

/** Creates and funds the fresh wallets; resolves once every transaction is mined. */
export async function prepareWorld(stack: E2eStack): Promise<E2eWorld> {
  const demo = demoAccounts();
  const clients = chainClients(stack.chainId, stack.rpcUrl);
  const admin = clients.walletFor(demo.admin.account);
  const provider = clients.walletFor(demo.kycProvider.account);
  const token = stack.book.contracts.TestStablecoin?.address;
  if (!token) throw new Error("The e2e world needs TestStablecoin (a local deployment)");
  const world = {
    newcomer: freshWallet(),
    newRecipient: freshWallet(),
    batchSender: freshWallet(),
  };
  const sent: Hash[] = [];

  const artifact = await batchAccountArtifact();
  const deployment = await admin.deployContract({
    abi: artifact.abi,
    bytecode: artifact.bytecode,
  });
  for (const wallet of [world.newcomer, world.batchSender]) {
    sent.push(await admin.sendTransaction({ to: wallet.address, value: parseEther("1") }));
  }
  sent.push(
    await admin.writeContract({
      address: token,
      abi: mintAbi,
      functionName: "mint",
      args: [world.batchSender.address, 1_000_000_000n],
    }),
  );
  const expiresAt = BigInt(Math.floor(Date.now() / 1000)) + YEAR_SECONDS;
  for (const wallet of [world.newRecipient, world.batchSender]) {
    sent.push(
      await provider.writeContract({
        address: stack.book.contracts.KycRegistry.address,
        abi: kycAbi,
        functionName: "attest",
        args: [
          wallet.address,
          2,
          expiresAt,
          keccak256(stringToHex(`clxend-e2e:${wallet.address}`)),
        ],
      }),
    );
  }

  const receipt = await clients.publicClient.waitForTransactionReceipt({
    hash: deployment,
    timeout: 60_000,
  });
  await Promise.all(sent.map((hash) => clients.confirm(hash)));
  if (!receipt.contractAddress) throw new Error("TestBatchAccount was not deployed");
  return { ...world, batchAccount: receipt.contractAddress };
}
