// Runs the core flows (KYC attestation, direct send, escrow send + claim, refund after expiry) on a forked chain.
// With FORK_URL set it forks that chain, deploys CLXEND there and uses the chain's real USDC (from
// deploy/parameters/<network>.json, or FORK_TOKEN). Without it, it deploys and seeds a local anvil, checks that a
// second deployment changes nothing, then forks that node, so the fork machinery is exercised on every run.
import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import type { DeploymentParameters } from "@nomicfoundation/ignition-core";
import hre from "hardhat";
import {
  type Address,
  type Hex,
  encodeAbiParameters,
  getAddress,
  keccak256,
  parseEther,
  parseUnits,
  toHex,
} from "viem";
import { generatePrivateKey, privateKeyToAccount } from "viem/accounts";
import type { AddressBook } from "../../deploy/address-book.ts";
import { chainClients } from "../../deploy/clients.ts";
import { deployClxend } from "../../deploy/deploy.ts";
import { demoAccounts } from "../../deploy/demo-accounts.ts";
import { readParameters } from "../../deploy/parameters.ts";
import { seedDemoWorld } from "../../deploy/seed.ts";
import { type RunningAnvil, startAnvil, waitForRpc } from "../../scripts/stack/anvil.ts";
import { freePort } from "../../scripts/stack/ports.ts";
import {
  type RemittanceContext,
  balancesOf,
  chainTime,
  claimEscrow,
  coSignLocally,
  newClaimKey,
  refundEscrow,
  sendDirectWithPermit,
  sendToEscrowWithPermit,
} from "../../scripts/stack/remittance-client.ts";

/** Public networks whose parameters name the real USDC to use when FORK_URL points at them. */
const NETWORK_OF_CHAIN: Record<number, string> = {
  11155111: "sepolia",
  80002: "amoy",
  84532: "baseSepolia",
  97: "bscTestnet",
};

const demo = demoAccounts();
const workDir = mkdtempSync(join(tmpdir(), "clxend-fork-"));
const anvils: RunningAnvil[] = [];
let context: RemittanceContext;
let book: AddressBook;
let mode = "";

async function rpc(url: string, method: string, params: unknown[]): Promise<unknown> {
  const response = await fetch(url, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ jsonrpc: "2.0", id: 1, method, params }),
  });
  const body = (await response.json()) as { result?: unknown; error?: { message: string } };
  if (body.error !== undefined) throw new Error(`${method}: ${body.error.message}`);
  return body.result;
}

async function deployTo(
  rpcUrl: string,
  chainId: number,
  kind: "local" | "public",
  parameters: DeploymentParameters,
) {
  const connection = await hre.network.create({
    network: "local",
    override: { url: rpcUrl, chainId },
  });
  try {
    return await deployClxend({
      hre,
      connection,
      networkName: kind === "local" ? "local" : `fork-${chainId}`,
      kind,
      parameters,
      journalDir: join(workDir, "ignition", `chain-${chainId}`),
      addressBookDir: join(workDir, "deployments"),
      requiredConfirmations: 1,
    });
  } finally {
    await connection.close();
  }
}

/** Local mode: deploy + seed a base anvil, redeploy (must send nothing), then fork it. */
async function prepareLocalFork(): Promise<{ rpcUrl: string; token: Address }> {
  const base = await startAnvil({
    port: await freePort(),
    logFile: join(workDir, "base.log"),
    name: "base",
  });
  anvils.push(base);
  const first = await deployTo(base.rpcUrl, base.chainId, "local", readParameters("local"));
  await seedDemoWorld({ book: first.book, rpcUrl: base.rpcUrl, artifacts: hre.artifacts });
  const again = await deployTo(base.rpcUrl, base.chainId, "local", readParameters("local"));
  assert.equal(again.transactionsSent, 0, "a second deployment on the same chain sends nothing");
  assert.deepEqual(again.book, first.book, "and leaves the address book as it was");
  book = first.book;

  const fork = await startAnvil({
    port: await freePort(),
    forkUrl: base.rpcUrl,
    logFile: join(workDir, "fork.log"),
    name: "fork",
  });
  anvils.push(fork);
  const token = book.contracts.TestStablecoin?.address;
  assert.ok(token, "the local deployment has TestStablecoin");
  mode = `local node fork: forked the anvil at ${base.rpcUrl} (deployed + seeded) into ${fork.rpcUrl}`;
  return { rpcUrl: fork.rpcUrl, token };
}

/** FORK_URL mode: fork the public chain, deploy with the demo accounts as role holders, use its USDC. */
async function preparePublicFork(forkUrl: string): Promise<{ rpcUrl: string; token: Address }> {
  const chainId = await waitForRpc(forkUrl, 30_000);
  const fork = await startAnvil({
    port: await freePort(),
    forkUrl,
    logFile: join(workDir, "fork.log"),
  });
  anvils.push(fork);
  const network = NETWORK_OF_CHAIN[chainId];
  const configured =
    network === undefined ? [] : (readParameters(network).$global?.allowedTokens as string[]);
  const tokenSource = process.env.FORK_TOKEN ?? configured[0];
  assert.ok(
    tokenSource,
    `No token for chain ${chainId}: set FORK_TOKEN or add it to deploy/parameters`,
  );
  const token = getAddress(tokenSource);
  const roles = readParameters("local").$global ?? {};
  const deployed = await deployTo(fork.rpcUrl, chainId, "public", {
    $global: { ...roles, allowedTokens: [token] },
  });
  book = deployed.book;
  await attest(fork.rpcUrl, [demo.alice.account.address, demo.bob.account.address]);
  await fundWithToken(fork.rpcUrl, token, demo.alice.account.address, parseUnits("1000", 6));
  mode = `public chain fork: forked chain ${chainId} from FORK_URL, real token ${token}`;
  return { rpcUrl: fork.rpcUrl, token };
}

async function attest(rpcUrl: string, subjects: Address[]): Promise<void> {
  const clients = chainClients(book.chainId, rpcUrl);
  const abi = (await hre.artifacts.readArtifact("KycRegistry")).abi;
  const { timestamp } = await clients.publicClient.getBlock({ blockTag: "latest" });
  const expiresAt = timestamp + 365n * 86_400n;
  for (const subject of subjects) {
    const hash = await clients.walletFor(demo.kycProvider.account).writeContract({
      address: book.contracts.KycRegistry.address,
      abi,
      functionName: "attest",
      args: [subject, 2, expiresAt, keccak256(toHex(`fork-test:${subject}`))],
    });
    await clients.confirm(hash);
  }
}

/** Writes `amount` into the holder's balance slot of a standard ERC-20 mapping, finding the slot by probing. */
async function fundWithToken(
  rpcUrl: string,
  token: Address,
  holder: Address,
  amount: bigint,
): Promise<void> {
  const clients = chainClients(book.chainId, rpcUrl);
  const abi = (await hre.artifacts.readArtifact("TestStablecoin")).abi;
  for (let slot = 0n; slot < 64n; slot++) {
    const key = keccak256(
      encodeAbiParameters([{ type: "address" }, { type: "uint256" }], [holder, slot]),
    );
    const previous = (await rpc(rpcUrl, "eth_getStorageAt", [token, key, "latest"])) as Hex;
    await rpc(rpcUrl, "anvil_setStorageAt", [token, key, toHex(amount, { size: 32 })]);
    const balance = await clients.publicClient.readContract({
      address: token,
      abi,
      functionName: "balanceOf",
      args: [holder],
    });
    if (balance === amount) return;
    await rpc(rpcUrl, "anvil_setStorageAt", [token, key, previous]);
  }
  throw new Error(`Could not find the balance slot of token ${token}`);
}

describe("core flows on a fork", () => {
  before(async () => {
    const forkUrl = process.env.FORK_URL;
    const { rpcUrl, token } = forkUrl ? await preparePublicFork(forkUrl) : await prepareLocalFork();
    process.stdout.write(`\n  Fork test mode: ${mode}\n\n`);
    context = {
      clients: chainClients(book.chainId, rpcUrl),
      remittance: book.contracts.Remittance.address,
      token,
      abis: {
        remittance: (await hre.artifacts.readArtifact("Remittance")).abi,
        token: (await hre.artifacts.readArtifact("TestStablecoin")).abi,
      },
    };
  });

  after(async () => {
    for (const anvil of anvils.reverse()) await anvil.child.stop();
    rmSync(workDir, { recursive: true, force: true });
  });

  const alice = demo.alice.account;
  const bob = demo.bob.account;
  const carol = privateKeyToAccount(generatePrivateKey());

  it("attests KYC for a new wallet", async () => {
    await rpc(context.clients.chain.rpcUrls.default.http[0] ?? "", "anvil_setBalance", [
      carol.address,
      toHex(parseEther("10")),
    ]);

    await attest(context.clients.chain.rpcUrls.default.http[0] ?? "", [carol.address]);

    const level = await context.clients.publicClient.readContract({
      address: book.contracts.KycRegistry.address,
      abi: (await hre.artifacts.readArtifact("KycRegistry")).abi,
      functionName: "validLevel",
      args: [carol.address],
    });
    assert.equal(level, 2);
  });

  it("sends directly with a permit: the recipient gets the amount, the treasury the fee", async () => {
    const amount = parseUnits("12.5", 6);
    const people = [alice.address, bob.address, demo.treasury.account.address];
    const before = await balancesOf(context, people);
    const coSigned = await coSignLocally(context, demo.compliance.account, {
      sender: alice.address,
      recipient: bob.address,
      amount,
    });

    await sendDirectWithPermit(context, alice, coSigned);

    const after = await balancesOf(context, people);
    assert.deepEqual(
      after.map((balance, index) => balance - (before[index] ?? 0n)),
      [-(amount + coSigned.approval.fee), amount, coSigned.approval.fee],
    );
  });

  it("escrows to a claim hash and lets the KYC'd holder of the secret claim", async () => {
    const amount = parseUnits("20", 6);
    const claimKey = newClaimKey();
    const coSigned = await coSignLocally(context, demo.compliance.account, {
      sender: alice.address,
      claimHash: claimKey.claimHash,
      amount,
    });
    const expiresAt = (await chainTime(context)) + 2n * 3600n;
    const { id } = await sendToEscrowWithPermit(context, alice, coSigned, expiresAt);
    const [carolBefore] = await balancesOf(context, [carol.address]);

    await claimEscrow(context, carol, claimKey.account, id, {
      sender: alice.address,
      token: context.token,
      amount,
      claimHash: claimKey.claimHash,
      expiresAt,
    });

    const [carolAfter] = await balancesOf(context, [carol.address]);
    assert.equal((carolAfter ?? 0n) - (carolBefore ?? 0n), amount);
  });

  it("refunds an unclaimed escrow to the sender after it expired, and no claim is possible then", async () => {
    const amount = parseUnits("7", 6);
    const claimKey = newClaimKey();
    const coSigned = await coSignLocally(context, demo.compliance.account, {
      sender: alice.address,
      claimHash: claimKey.claimHash,
      amount,
    });
    const expiresAt = (await chainTime(context)) + 3600n + 60n;
    const { id } = await sendToEscrowWithPermit(context, alice, coSigned, expiresAt);
    const terms = {
      sender: alice.address,
      token: context.token,
      amount,
      claimHash: claimKey.claimHash,
      expiresAt,
    };
    const [aliceBefore] = await balancesOf(context, [alice.address]);
    const rpcUrl = context.clients.chain.rpcUrls.default.http[0] ?? "";
    await rpc(rpcUrl, "evm_increaseTime", [3600 + 120]);
    await rpc(rpcUrl, "evm_mine", []);

    await assert.rejects(
      claimEscrow(context, carol, claimKey.account, id, terms),
      /RemittanceEscrowExpired/,
    );
    await refundEscrow(context, alice, id, terms);

    const [aliceAfter] = await balancesOf(context, [alice.address]);
    assert.equal((aliceAfter ?? 0n) - (aliceBefore ?? 0n), amount);
  });
});
