// Seeds the demo world on a local chain that holds a CLXEND deployment: alice funded and KYC'd with a DID service
// endpoint, bob KYC'd, one approved merchant. Idempotent: each step runs only if the chain does not show it yet.
import type { ArtifactManager } from "hardhat/types/artifacts";
import {
  type Address,
  type Hash,
  keccak256,
  parseEther,
  parseUnits,
  stringToHex,
  toHex,
} from "viem";
import type { AddressBook } from "./address-book.ts";
import { chainClients } from "./clients.ts";
import { type DemoAccount, demoAccounts } from "./demo-accounts.ts";

/** Alice is topped up to this many tUSD whenever she has less than SEED_FLOOR_TUSD. */
export const SEED_BALANCE_TUSD = 10_000n;
export const SEED_FLOOR_TUSD = 1_000n;
/** ethr-did service attribute that the seed gives alice. */
export const ALICE_SERVICE_ATTRIBUTE = "did/svc/ClxendPay";
export const DEMO_MERCHANT_NAME = "CLXEND Demo Corner Shop";
/** ISO 18245 merchant category 5411: grocery stores, supermarkets. */
export const DEMO_MERCHANT_CATEGORY = 5411;

const KYC_FULL = 2;
const KYB_APPROVED = 2;
const YEAR_SECONDS = 365n * 24n * 60n * 60n;

export interface SeedOptions {
  book: AddressBook;
  rpcUrl: string;
  artifacts: ArtifactManager;
  /** Value of alice's service endpoint (defaults to the demo frontend). */
  aliceServiceEndpoint?: string;
  onProgress?: (message: string) => void;
}

export interface SeedResult {
  merchantId: bigint;
  /** Transactions sent by this run (0 when the world was already seeded). */
  transactionsSent: number;
}

/** Brings the demo world to its seeded state; see the file comment. */
export async function seedDemoWorld(options: SeedOptions): Promise<SeedResult> {
  const progress = options.onProgress ?? (() => {});
  const { book } = options;
  const demo = demoAccounts();
  const clients = chainClients(book.chainId, options.rpcUrl);
  const { publicClient } = clients;
  const abis = await loadAbis(options.artifacts);
  const token = book.contracts.TestStablecoin?.address;
  if (token === undefined)
    throw new Error("The demo seed needs TestStablecoin (a local deployment)");
  await checkRoles(options, abis, demo);

  const sent: Hash[] = [];
  const send = async (
    from: DemoAccount,
    request: Parameters<ReturnType<typeof clients.walletFor>["writeContract"]>[0],
  ) => {
    sent.push(await clients.walletFor(from.account).writeContract(request));
  };

  const floor = parseUnits(SEED_FLOOR_TUSD.toString(), 6);
  const aliceBalance = await publicClient.readContract({
    address: token,
    abi: abis.token,
    functionName: "balanceOf",
    args: [demo.alice.account.address],
  });
  if (aliceBalance < floor) {
    progress("Minting tUSD to alice");
    const target = parseUnits(SEED_BALANCE_TUSD.toString(), 6);
    await send(demo.admin, {
      address: token,
      abi: abis.token,
      functionName: "mint",
      args: [demo.alice.account.address, target - aliceBalance],
    });
  }
  await ensureGas(options.rpcUrl, clients, [demo.alice, demo.bob, demo.merchant]);

  const now = BigInt(Math.floor(Date.now() / 1000));
  for (const person of [demo.alice, demo.bob]) {
    const level = await publicClient.readContract({
      address: book.contracts.KycRegistry.address,
      abi: abis.kyc,
      functionName: "validLevel",
      args: [person.account.address],
    });
    if (level !== 0) continue;
    progress(`Attesting KYC of ${person.role}`);
    await send(demo.kycProvider, {
      address: book.contracts.KycRegistry.address,
      abi: abis.kyc,
      functionName: "attest",
      args: [
        person.account.address,
        KYC_FULL,
        now + YEAR_SECONDS,
        keccak256(stringToHex(`clxend-demo-seed:${person.role}`)),
      ],
    });
  }

  const didChanged = await publicClient.readContract({
    address: book.contracts.DIDRegistry.address,
    abi: abis.did,
    functionName: "changed",
    args: [demo.alice.account.address],
  });
  if (didChanged === 0n) {
    progress("Adding alice's DID service endpoint");
    const endpoint =
      options.aliceServiceEndpoint ?? `http://127.0.0.1:18173/pay/${demo.alice.account.address}`;
    await send(demo.alice, {
      address: book.contracts.DIDRegistry.address,
      abi: abis.did,
      functionName: "setAttribute",
      args: [
        demo.alice.account.address,
        stringToHex(ALICE_SERVICE_ATTRIBUTE, { size: 32 }),
        toHex(endpoint),
        10n * YEAR_SECONDS,
      ],
    });
  }

  let merchantId = await findDemoMerchant(options, abis, demo.merchant.account.address);
  if (merchantId === undefined) {
    progress("Registering the demo merchant");
    const hash = await clients.walletFor(demo.merchant.account).writeContract({
      address: book.contracts.MerchantRegistry.address,
      abi: abis.merchant,
      functionName: "register",
      args: [
        demo.merchant.account.address,
        demo.merchant.account.address,
        DEMO_MERCHANT_CATEGORY,
        keccak256(stringToHex(DEMO_MERCHANT_NAME)),
      ],
    });
    sent.push(hash);
    await clients.confirm(hash);
    merchantId = await findDemoMerchant(options, abis, demo.merchant.account.address);
    if (merchantId === undefined)
      throw new Error("The demo merchant did not appear after registering");
  }
  const merchant = await publicClient.readContract({
    address: book.contracts.MerchantRegistry.address,
    abi: abis.merchant,
    functionName: "merchantOf",
    args: [merchantId],
  });
  if (merchant.status !== KYB_APPROVED) {
    progress("Approving the demo merchant (KYB)");
    await send(demo.kycProvider, {
      address: book.contracts.MerchantRegistry.address,
      abi: abis.merchant,
      functionName: "setKybStatus",
      args: [merchantId, KYB_APPROVED, keccak256(stringToHex("clxend-demo-seed:kyb"))],
    });
  }

  for (const hash of sent) await clients.confirm(hash);
  progress(
    sent.length === 0
      ? "Demo world already seeded"
      : `Seeded the demo world (${sent.length} transactions)`,
  );
  return { merchantId, transactionsSent: sent.length };
}

async function loadAbis(artifacts: ArtifactManager) {
  return {
    token: (await artifacts.readArtifact("TestStablecoin")).abi,
    kyc: (await artifacts.readArtifact("KycRegistry")).abi,
    did: (await artifacts.readArtifact("EthereumDIDRegistry")).abi,
    merchant: (await artifacts.readArtifact("MerchantRegistry")).abi,
    remittance: (await artifacts.readArtifact("Remittance")).abi,
    anchor: (await artifacts.readArtifact("AuditAnchor")).abi,
  };
}

type Abis = Awaited<ReturnType<typeof loadAbis>>;

/** Fails with a clear message when deploy/parameters/local.json and the demo accounts disagree. */
async function checkRoles(
  options: SeedOptions,
  abis: Abis,
  demo: ReturnType<typeof demoAccounts>,
): Promise<void> {
  const { publicClient } = chainClients(options.book.chainId, options.rpcUrl);
  const { contracts } = options.book;
  // hasRole is the same AccessControl function on every contract, so one ABI serves all four.
  const checks: { contract: Address; role: string; holder: DemoAccount }[] = [
    {
      contract: contracts.Remittance.address,
      role: "COMPLIANCE_SIGNER_ROLE",
      holder: demo.compliance,
    },
    {
      contract: contracts.KycRegistry.address,
      role: "KYC_PROVIDER_ROLE",
      holder: demo.kycProvider,
    },
    {
      contract: contracts.MerchantRegistry.address,
      role: "COMPLIANCE_ROLE",
      holder: demo.kycProvider,
    },
    { contract: contracts.AuditAnchor.address, role: "ANCHOR_ROLE", holder: demo.anchorer },
  ];
  for (const check of checks) {
    const roleId = keccak256(stringToHex(check.role));
    const held = await publicClient.readContract({
      address: check.contract,
      abi: abis.kyc,
      functionName: "hasRole",
      args: [roleId, check.holder.account.address],
    });
    if (!held) {
      throw new Error(
        `Demo account ${check.holder.role} does not hold ${check.role}; deploy/parameters/local.json and deploy/demo-accounts.ts disagree`,
      );
    }
  }
}

async function findDemoMerchant(
  options: SeedOptions,
  abis: Abis,
  owner: Address,
): Promise<bigint | undefined> {
  const { publicClient } = chainClients(options.book.chainId, options.rpcUrl);
  const registry = options.book.contracts.MerchantRegistry.address;
  const count = await publicClient.readContract({
    address: registry,
    abi: abis.merchant,
    functionName: "merchantCount",
  });
  for (let id = 1n; id <= count; id++) {
    const merchant = await publicClient.readContract({
      address: registry,
      abi: abis.merchant,
      functionName: "merchantOf",
      args: [id],
    });
    if (merchant.owner === owner) return id;
  }
  return undefined;
}

/** Gives each account at least 1 ETH for gas (anvil's dev accounts start with 10,000, so this rarely acts). */
async function ensureGas(
  rpcUrl: string,
  clients: ReturnType<typeof chainClients>,
  accounts: DemoAccount[],
): Promise<void> {
  for (const { account } of accounts) {
    const balance = await clients.publicClient.getBalance({ address: account.address });
    if (balance >= parseEther("1")) continue;
    await fetch(rpcUrl, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({
        jsonrpc: "2.0",
        id: 1,
        method: "anvil_setBalance",
        params: [account.address, toHex(parseEther("100"))],
      }),
    });
  }
}
