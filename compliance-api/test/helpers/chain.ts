// Test chain: starts anvil on a free port, deploys the CLXEND contracts from artifacts/ and writes an address book.
import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import { existsSync, mkdtempSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import {
  type Abi,
  type Address,
  createPublicClient,
  createTestClient,
  createWalletClient,
  type Hex,
  http,
  type PrivateKeyAccount,
  type PublicClient,
} from "viem";
import { privateKeyToAccount } from "viem/accounts";
import { foundry } from "viem/chains";
import { REPO_ROOT } from "../../src/config.ts";

/** anvil's first ten development keys (public knowledge; local test chain only). */
export const DEV_KEYS: Hex[] = [
  "0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80",
  "0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d",
  "0x5de4111afa1a4b94908f83103eb1f1706367c2e68ca870fc3fb9a804cdab365a",
  "0x7c852118294e51e653712a81e05800f419141751be58f605c371e15141b007a6",
  "0x47e179ec197488593b187f80a00eb0da91f1b9d0b13f8733639f19c30a34926a",
  "0x8b3a350cf5c34c9194ca85829a2df0ec3153be0318b5e2d3348e872092edffba",
  "0x92db14e403b83dfe3df233f83dfa3a0d7096f21ca9b0d6d6b8d88b2b4ec1564e",
  "0x4bbbf85ce3377467afe5d46f804f221813b2bb87f24d81f60f1fcdf7cf1a6116",
  "0xdbda1821b80551c9d65939329250298aa3472ba22feea921c0cf5d620ea67b97",
  "0x2a871d0798f97d79848a013d4936a73bf4cc922c825d33c1cf7073dff6d409c6",
];

export const accounts = {
  admin: privateKeyToAccount(DEV_KEYS[0] as Hex),
  cosigner: privateKeyToAccount(DEV_KEYS[1] as Hex),
  kycProvider: privateKeyToAccount(DEV_KEYS[2] as Hex),
  anchorer: privateKeyToAccount(DEV_KEYS[3] as Hex),
  treasury: privateKeyToAccount(DEV_KEYS[4] as Hex),
  alice: privateKeyToAccount(DEV_KEYS[5] as Hex),
  bob: privateKeyToAccount(DEV_KEYS[6] as Hex),
  carol: privateKeyToAccount(DEV_KEYS[7] as Hex),
  officer1: privateKeyToAccount(DEV_KEYS[8] as Hex),
  officer2: privateKeyToAccount(DEV_KEYS[9] as Hex),
};

export const FEE_BPS = 50;
/** What startTestChain mints to alice, bob, carol and the two officers: 1,000,000 tUSD (6 decimals). */
export const FUNDED_BALANCE = 1_000_000_000_000n;

/** A free TCP port on 127.0.0.1. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.listen(0, "127.0.0.1", () => {
      const port = (srv.address() as { port: number }).port;
      srv.close(() => resolve(port));
    });
    srv.on("error", reject);
  });
}

interface Artifact {
  abi: Abi;
  bytecode: Hex;
}

/** A compiled contract from artifacts/ (runs `hardhat build` first when it is missing). */
export function artifact(name: string, folder = `contracts/${name}.sol`): Artifact {
  const file = path.join(REPO_ROOT, "artifacts", folder, `${name}.json`);
  if (!existsSync(file)) {
    execFileSync(
      process.execPath,
      [path.join(REPO_ROOT, "node_modules", "hardhat", "dist", "src", "cli.js"), "build"],
      {
        cwd: REPO_ROOT,
        stdio: "ignore",
      },
    );
  }
  return JSON.parse(readFileSync(file, "utf8")) as Artifact;
}

export interface TestChain {
  rpcUrl: string;
  chainId: number;
  addressBookDir: string;
  publicClient: PublicClient;
  contracts: Record<
    | "Remittance"
    | "KycRegistry"
    | "MerchantRegistry"
    | "AuditAnchor"
    | "DIDRegistry"
    | "TestStablecoin",
    Address
  >;
  abis: Record<
    "Remittance" | "KycRegistry" | "MerchantRegistry" | "AuditAnchor" | "TestStablecoin",
    Abi
  >;
  /** Writes with `account` and waits for the receipt; returns the receipt status. */
  write(
    account: PrivateKeyAccount,
    address: Address,
    abi: Abi,
    functionName: string,
    args: unknown[],
  ): Promise<Hex>;
  /** Attests `subject` at `level` for a year with the KYC-provider key. */
  attest(subject: Address, level?: number): Promise<void>;
  /** Mints test dollars to `to` (6 decimals). */
  mint(to: Address, amount: bigint): Promise<void>;
  /**
   * Registers a merchant owned by `owner` paying out to `payout`, then sets its KYB status (1 Pending, 2 Approved,
   * 3 Suspended) and fee with the registry's compliance role (the KYC-provider key here). Returns its id.
   */
  registerMerchant(
    owner: PrivateKeyAccount,
    payout: Address,
    options?: { status?: number; feeBps?: number },
  ): Promise<bigint>;
  /** Sets the ETH balance of `address` (for gas of a fresh wallet). */
  setEthBalance(address: Address, wei: bigint): Promise<void>;
  /** Moves the chain's clock forward. */
  increaseTime(seconds: number): Promise<void>;
  stop(): Promise<void>;
}

async function waitForRpc(url: string): Promise<void> {
  const deadline = Date.now() + 60_000;
  for (;;) {
    try {
      const res = await fetch(url, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ jsonrpc: "2.0", id: 1, method: "eth_chainId", params: [] }),
      });
      if (res.ok) return;
    } catch {
      // not up yet
    }
    if (Date.now() > deadline) throw new Error(`anvil did not answer at ${url}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/**
 * Starts anvil, deploys KycRegistry, MerchantRegistry, AuditAnchor, DIDRegistry, TestStablecoin and Remittance, and
 * funds the test wallets that send (FUNDED_BALANCE each).
 */
export async function startTestChain(
  options: {
    /** EVM chain id of the new chain (anvil --chain-id); 31337 unless given. */
    chainId?: number;
    /** Write the address book into this folder (beside other chains' books) instead of a new one. */
    addressBookDir?: string;
    /**
     * Transactions the deployer sends before deploying, so that no contract has the same address as on another test
     * chain (as the stack deploys its second chain from another account).
     */
    nonceOffset?: number;
  } = {},
): Promise<TestChain> {
  const chainId = options.chainId ?? 31337;
  const port = await freePort();
  const bin = path.join(
    REPO_ROOT,
    "node_modules",
    "@foundry-rs",
    "anvil-linux-amd64",
    "bin",
    "anvil",
  );
  const child: ChildProcess = spawn(
    bin,
    ["--host", "127.0.0.1", "--port", String(port), "--chain-id", String(chainId), "--silent"],
    { stdio: "ignore" },
  );
  const rpcUrl = `http://127.0.0.1:${port}`;
  await waitForRpc(rpcUrl);
  const chain = { ...foundry, id: chainId, rpcUrls: { default: { http: [rpcUrl] } } };
  const publicClient = createPublicClient({ chain, transport: http(rpcUrl) }) as PublicClient;
  const testClient = createTestClient({ chain, mode: "anvil", transport: http(rpcUrl) });

  const deploy = async (a: Artifact, args: unknown[]): Promise<Address> => {
    const wallet = createWalletClient({ account: accounts.admin, chain, transport: http(rpcUrl) });
    const hash = await wallet.deployContract({ abi: a.abi, bytecode: a.bytecode, args });
    const receipt = await publicClient.waitForTransactionReceipt({ hash });
    if (!receipt.contractAddress) throw new Error("deployment failed");
    return receipt.contractAddress;
  };
  const write: TestChain["write"] = async (account, address, abi, functionName, args) => {
    const wallet = createWalletClient({ account, chain, transport: http(rpcUrl) });
    const { request } = await publicClient.simulateContract({
      account,
      address,
      abi,
      functionName,
      args,
    });
    const hash = await wallet.writeContract(request);
    await publicClient.waitForTransactionReceipt({ hash });
    return hash;
  };

  const a = {
    KycRegistry: artifact("KycRegistry"),
    MerchantRegistry: artifact("MerchantRegistry"),
    AuditAnchor: artifact("AuditAnchor"),
    TestStablecoin: artifact("TestStablecoin"),
    Remittance: artifact("Remittance"),
    DIDRegistry: artifact("EthereumDIDRegistry", "contracts/external/EthereumDIDRegistry.sol"),
  };
  const admin = accounts.admin.address;
  const adminWallet = createWalletClient({
    account: accounts.admin,
    chain,
    transport: http(rpcUrl),
  });
  for (let i = 0; i < (options.nonceOffset ?? 0); i++) {
    await publicClient.waitForTransactionReceipt({
      hash: await adminWallet.sendTransaction({ to: admin, value: 0n }),
    });
  }
  const blockBefore = await publicClient.getBlockNumber();
  const KycRegistry = await deploy(a.KycRegistry, [admin, accounts.kycProvider.address]);
  const MerchantRegistry = await deploy(a.MerchantRegistry, [admin, accounts.kycProvider.address]);
  const AuditAnchor = await deploy(a.AuditAnchor, [admin, accounts.anchorer.address]);
  const DIDRegistry = await deploy(a.DIDRegistry, []);
  const TestStablecoin = await deploy(a.TestStablecoin, [admin]);
  const Remittance = await deploy(a.Remittance, [
    admin,
    accounts.cosigner.address,
    admin,
    accounts.treasury.address,
    FEE_BPS,
    KycRegistry,
    MerchantRegistry,
    [TestStablecoin],
  ]);
  const contracts = {
    Remittance,
    KycRegistry,
    MerchantRegistry,
    AuditAnchor,
    DIDRegistry,
    TestStablecoin,
  };

  // Every named test wallet that sends holds a million test dollars, as screening checks the sender's balance.
  for (const who of [
    accounts.alice,
    accounts.bob,
    accounts.carol,
    accounts.officer1,
    accounts.officer2,
  ]) {
    await write(accounts.admin, TestStablecoin, a.TestStablecoin.abi, "mint", [
      who.address,
      FUNDED_BALANCE,
    ]);
  }

  const ownBookDir = options.addressBookDir === undefined;
  const addressBookDir =
    options.addressBookDir ?? mkdtempSync(path.join(tmpdir(), "clxend-ca-book-"));
  mkdirSync(path.join(addressBookDir, "abi"), { recursive: true });
  const entry = (name: keyof typeof contracts, art: Artifact) => {
    writeFileSync(path.join(addressBookDir, "abi", `${name}.json`), JSON.stringify(art.abi));
    return {
      address: contracts[name],
      deploymentBlock: Number(blockBefore),
      abi: `abi/${name}.json`,
    };
  };
  writeFileSync(
    path.join(addressBookDir, `${chainId}.json`),
    JSON.stringify({
      chainId,
      name: "local",
      contracts: {
        Remittance: entry("Remittance", a.Remittance),
        KycRegistry: entry("KycRegistry", a.KycRegistry),
        MerchantRegistry: entry("MerchantRegistry", a.MerchantRegistry),
        AuditAnchor: entry("AuditAnchor", a.AuditAnchor),
        DIDRegistry: entry("DIDRegistry", a.DIDRegistry),
        TestStablecoin: entry("TestStablecoin", a.TestStablecoin),
      },
      tokens: { tUSD: { address: TestStablecoin, decimals: 6 } },
    }),
  );

  return {
    rpcUrl,
    chainId,
    addressBookDir,
    publicClient,
    contracts,
    abis: {
      Remittance: a.Remittance.abi,
      KycRegistry: a.KycRegistry.abi,
      MerchantRegistry: a.MerchantRegistry.abi,
      AuditAnchor: a.AuditAnchor.abi,
      TestStablecoin: a.TestStablecoin.abi,
    },
    write,
    async attest(subject, level = 2) {
      const expiresAt = BigInt(Math.floor(Date.now() / 1000) + 365 * 86_400);
      await write(accounts.kycProvider, KycRegistry, a.KycRegistry.abi, "attest", [
        subject,
        level,
        expiresAt,
        `0x${"11".repeat(32)}`,
      ]);
    },
    async mint(to, amount) {
      await write(accounts.admin, TestStablecoin, a.TestStablecoin.abi, "mint", [to, amount]);
    },
    async registerMerchant(owner, payout, options = {}) {
      const abi = a.MerchantRegistry.abi;
      await write(owner, MerchantRegistry, abi, "register", [
        payout,
        owner.address,
        5411,
        `0x${"22".repeat(32)}`,
      ]);
      const id = (await publicClient.readContract({
        address: MerchantRegistry,
        abi,
        functionName: "merchantCount",
      })) as bigint;
      const status = options.status ?? 2;
      if (status !== 1)
        await write(accounts.kycProvider, MerchantRegistry, abi, "setKybStatus", [
          id,
          status,
          `0x${"33".repeat(32)}`,
        ]);
      if (options.feeBps !== undefined)
        await write(accounts.kycProvider, MerchantRegistry, abi, "setFee", [id, options.feeBps]);
      return id;
    },
    async setEthBalance(address, wei) {
      await testClient.setBalance({ address, value: wei });
    },
    async increaseTime(seconds) {
      await testClient.increaseTime({ seconds });
      await testClient.mine({ blocks: 1 });
    },
    async stop() {
      child.kill("SIGTERM");
      if (ownBookDir) rmSync(addressBookDir, { recursive: true, force: true });
    },
  };
}
