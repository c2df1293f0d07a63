// Test chain: starts anvil on a free port, deploys the CLXEND contracts from Hardhat artifacts with viem, writes an
// address book for the indexer, and offers fast JSON-RPC batches for generating activity. anvil runs as a child of
// the stack's kind (scripts/stack/child-process.ts): the stack's watchdog stops it if the test process dies.
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import net from "node:net";
import { devNull } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import {
  type Abi,
  type Address,
  createPublicClient,
  createWalletClient,
  type Hex,
  http,
  type PublicClient,
  type WalletClient,
} from "viem";
import { privateKeyToAccount } from "viem/accounts";
import { foundry } from "viem/chains";
import { writeAddressBook } from "../../../deploy/address-book.ts";
import { ManagedChild } from "../../../scripts/stack/child-process.ts";

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "../../..");

/** anvil's first default key (the deployer, holding every admin role) and a fixed compliance-signer key. */
export const DEPLOYER_KEY =
  "0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80" as const;
export const SIGNER_KEY =
  "0x1111111111111111111111111111111111111111111111111111111111111111" as const;

type Artifact = { abi: Abi; bytecode: Hex };
const ARTIFACTS: Record<string, string> = {
  Remittance: "contracts/Remittance.sol/Remittance.json",
  KycRegistry: "contracts/KycRegistry.sol/KycRegistry.json",
  MerchantRegistry: "contracts/MerchantRegistry.sol/MerchantRegistry.json",
  AuditAnchor: "contracts/AuditAnchor.sol/AuditAnchor.json",
  DIDRegistry: "contracts/external/EthereumDIDRegistry.sol/EthereumDIDRegistry.json",
  TestStablecoin: "contracts/TestStablecoin.sol/TestStablecoin.json",
};

export function artifact(name: keyof typeof ARTIFACTS): Artifact {
  return JSON.parse(
    readFileSync(join(ROOT, "artifacts", ARTIFACTS[name] as string), "utf8"),
  ) as Artifact;
}

export async function freePort(): Promise<number> {
  return new Promise((done, reject) => {
    const server = net.createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => done(port));
    });
  });
}

export type Deployment = {
  Remittance: Address;
  KycRegistry: Address;
  MerchantRegistry: Address;
  AuditAnchor: Address;
  DIDRegistry: Address;
  TestStablecoin: Address;
  blocks: Record<string, number>;
};

export class TestChain {
  readonly url: string;
  readonly public: PublicClient;
  readonly deployer: WalletClient;
  private requestId = 0;

  private constructor(
    readonly process: ManagedChild,
    readonly port: number,
  ) {
    this.url = `http://127.0.0.1:${port}`;
    this.public = createPublicClient({ chain: foundry, transport: http(this.url) }) as PublicClient;
    this.deployer = createWalletClient({
      chain: foundry,
      account: privateKeyToAccount(DEPLOYER_KEY),
      transport: http(this.url),
    });
  }

  /**
   * Starts anvil (chain 31337) with every address unlocked, so tests send as any wallet without keys. Its output
   * goes to `logFile` (nowhere by default).
   */
  static async start(logFile = devNull): Promise<TestChain> {
    const port = await freePort();
    // The platform binary itself, so that stopping it leaves no wrapper or orphan behind.
    const child = new ManagedChild({
      name: "anvil",
      command: join(ROOT, "node_modules/@foundry-rs/anvil-linux-amd64/bin/anvil"),
      args: ["--port", String(port), "--auto-impersonate", "--gas-limit", "300000000", "--silent"],
      cwd: ROOT,
      env: process.env,
      logFile,
      stopGraceMs: 5_000,
    });
    const chain = new TestChain(child, port);
    for (let i = 0; i < 100; i++) {
      try {
        await chain.rpc("eth_chainId", []);
        return chain;
      } catch {
        await new Promise((done) => setTimeout(done, 100));
      }
    }
    await child.stop();
    throw new Error("anvil did not start");
  }

  /** Stops anvil (it keeps no state, so nothing is lost if it has to be killed). */
  async stop(): Promise<void> {
    await this.process.stop();
  }

  async rpc<result = unknown>(method: string, params: unknown[]): Promise<result> {
    const [result] = await this.batch<result>([{ method, params }]);
    return result as result;
  }

  /** Sends many JSON-RPC requests in one HTTP request; throws on the first error. */
  async batch<result = unknown>(calls: { method: string; params: unknown[] }[]): Promise<result[]> {
    if (calls.length === 0) return [];
    const body = calls.map((call) => ({ jsonrpc: "2.0", id: ++this.requestId, ...call }));
    const response = await fetch(this.url, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(body),
    });
    const replies = (await response.json()) as {
      id: number;
      result?: result;
      error?: { message: string };
    }[];
    const byId = new Map(replies.map((reply) => [reply.id, reply]));
    return body.map((request) => {
      const reply = byId.get(request.id);
      if (reply?.error !== undefined)
        throw new Error(`${request.method} failed: ${reply.error.message}`);
      return reply?.result as result;
    });
  }

  async mine(blocks = 1): Promise<void> {
    await this.rpc("anvil_mine", [`0x${blocks.toString(16)}`]);
  }

  async head(): Promise<bigint> {
    return BigInt(await this.rpc<Hex>("eth_blockNumber", []));
  }

  /** Deploys every contract (automine on) and returns addresses and deployment blocks. */
  async deploy(): Promise<Deployment> {
    const admin = this.deployer.account?.address as Address;
    const signer = privateKeyToAccount(SIGNER_KEY).address;
    const blocks: Record<string, number> = {};
    const deploy = async (name: string, args: unknown[]): Promise<Address> => {
      const { abi, bytecode } = artifact(name);
      const hash = await this.deployer.deployContract({
        abi,
        bytecode,
        args,
        account: privateKeyToAccount(DEPLOYER_KEY),
        chain: foundry,
      });
      const receipt = await this.public.waitForTransactionReceipt({ hash, pollingInterval: 50 });
      blocks[name] = Number(receipt.blockNumber);
      return receipt.contractAddress as Address;
    };
    const TestStablecoin = await deploy("TestStablecoin", [admin]);
    const DIDRegistry = await deploy("DIDRegistry", []);
    const KycRegistry = await deploy("KycRegistry", [admin, admin]);
    const MerchantRegistry = await deploy("MerchantRegistry", [admin, admin]);
    const AuditAnchor = await deploy("AuditAnchor", [admin, admin]);
    const treasury = "0x000000000000000000000000000000000000fee5";
    const Remittance = await deploy("Remittance", [
      admin,
      signer,
      admin,
      treasury,
      50,
      KycRegistry,
      MerchantRegistry,
      [TestStablecoin],
    ]);
    return {
      Remittance,
      KycRegistry,
      MerchantRegistry,
      AuditAnchor,
      DIDRegistry,
      TestStablecoin,
      blocks,
    };
  }
}

/** Writes deployments/31337.json and the ABIs into `dir`, the way the deploy scripts do. */
export function writeTestAddressBook(dir: string, deployment: Deployment): void {
  mkdirSync(join(dir, "abi"), { recursive: true });
  const names = [
    "Remittance",
    "KycRegistry",
    "MerchantRegistry",
    "AuditAnchor",
    "DIDRegistry",
    "TestStablecoin",
  ] as const;
  for (const name of names) {
    writeFileSync(join(dir, "abi", `${name}.json`), JSON.stringify(artifact(name).abi));
  }
  const entry = (name: (typeof names)[number]) => ({
    address: deployment[name],
    deploymentBlock: deployment.blocks[name] as number,
    abi: `abi/${name}.json`,
  });
  writeAddressBook(
    {
      chainId: 31337,
      name: "local",
      contracts: {
        Remittance: entry("Remittance"),
        KycRegistry: entry("KycRegistry"),
        MerchantRegistry: entry("MerchantRegistry"),
        AuditAnchor: entry("AuditAnchor"),
        DIDRegistry: entry("DIDRegistry"),
        TestStablecoin: entry("TestStablecoin"),
      },
      tokens: { tUSD: { address: deployment.TestStablecoin, decimals: 6 } },
    },
    dir,
  );
}
