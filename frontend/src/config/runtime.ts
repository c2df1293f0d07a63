// The runtime configuration the app loads from /config.json at start-up (chains, service URLs, address books),
// validated with zod so a broken deployment fails with one clear sentence instead of odd errors later.
import { type Address, getAddress, isAddress } from "viem";
import { z } from "zod";

const address = z
  .string()
  .refine((value) => isAddress(value, { strict: false }), "must be a 20-byte hex address")
  .transform((value): Address => getAddress(value));

const contract = z.object({ address, deploymentBlock: z.number().int().nonnegative() });

const chainSchema = z.object({
  id: z.number().int().positive(),
  name: z.string().min(1),
  rpcUrl: z.string().min(1),
  walletRpcUrl: z.string().url(),
  explorerUrl: z.string().url().nullable(),
});

const addressBookSchema = z.object({
  chainId: z.number().int().positive(),
  name: z.string(),
  contracts: z.object({
    Remittance: contract,
    KycRegistry: contract,
    MerchantRegistry: contract,
    AuditAnchor: contract,
    DIDRegistry: contract,
    TestStablecoin: contract.optional(),
    /** The CCIP bridge halves, on chains deployed with the bridge. */
    CcipRemittanceSender: contract.optional(),
    CcipRemittanceReceiver: contract.optional(),
  }),
  ccip: z
    .object({
      chainSelector: z.string().regex(/^\d+$/, "must be a decimal CCIP chain selector"),
      router: address,
      linkToken: address.nullable(),
    })
    .optional(),
  tokens: z.record(z.string(), z.object({ address, decimals: z.number().int().min(0).max(36) })),
});

export const runtimeConfigSchema = z
  .object({
    /**
     * The home chain, the first of the deployment: where identity verification and the staff console work (it
     * screens and co-signs sends on every chain, so sends start on any).
     */
    chain: chainSchema,
    complianceApiUrl: z.string().min(1),
    indexerUrl: z.string().min(1),
    walletConnectProjectId: z.string().min(1).nullable(),
    addressBook: addressBookSchema,
    /** Every chain of the deployment, the home chain first; absent on a single-chain server. */
    chains: z.array(z.object({ chain: chainSchema, addressBook: addressBookSchema })).optional(),
  })
  .refine(
    (config) => config.chains === undefined || config.chains[0]?.chain.id === config.chain.id,
    { message: "chains must list the home chain first", path: ["chains"] },
  );

export type RuntimeConfig = z.infer<typeof runtimeConfigSchema>;

/** The stablecoin the app moves: USDC where the address book lists it, else the first token (tUSD locally). */
export interface StablecoinInfo {
  symbol: string;
  address: Address;
  decimals: number;
}

/** One chain of the deployment with everything the app reads or writes there. */
export interface Network {
  id: number;
  chain: RuntimeConfig["chain"];
  addressBook: RuntimeConfig["addressBook"];
  token: StablecoinInfo;
}

export function stablecoinOf(config: Pick<RuntimeConfig, "addressBook">): StablecoinInfo {
  const entries = Object.entries(config.addressBook.tokens);
  const chosen = entries.find(([symbol]) => symbol === "USDC") ?? entries[0];
  if (chosen === undefined) throw new Error("The address book lists no token to send");
  const [symbol, token] = chosen;
  return { symbol, address: token.address, decimals: token.decimals };
}

/** Every chain of the deployment, the home chain first (only it when the server lists no others). */
export function networksOf(config: RuntimeConfig): Network[] {
  const entries = config.chains ?? [{ chain: config.chain, addressBook: config.addressBook }];
  return entries.map((entry) => ({
    id: entry.chain.id,
    chain: entry.chain,
    addressBook: entry.addressBook,
    token: stablecoinOf(entry),
  }));
}

/** Makes a same-origin path such as "/rpc" absolute (libraries like ethers need absolute URLs). */
export function absoluteUrl(url: string): string {
  return new URL(url, window.location.origin).toString().replace(/\/$/, "");
}

/** Fetches and validates /config.json. Errors carry a sentence the operator can act on. */
export async function loadRuntimeConfig(fetcher: typeof fetch = fetch): Promise<RuntimeConfig> {
  let response: Response;
  try {
    response = await fetcher("/config.json", { cache: "no-store" });
  } catch {
    throw new Error("The app server cannot be reached. Check your connection and reload the page.");
  }
  const body: unknown = await response.json().catch(() => null);
  if (!response.ok) {
    const message =
      body && typeof body === "object" && "message" in body ? String(body.message) : "";
    throw new Error(
      `The app is not connected to a deployment yet (${message || response.status}). ` +
        "Start the stack with `npm start`, then reload.",
    );
  }
  const parsed = runtimeConfigSchema.safeParse(body);
  if (!parsed.success) {
    const problems = parsed.error.issues.map(
      (issue) => `${issue.path.join(".")}: ${issue.message}`,
    );
    throw new Error(`The app's configuration is invalid (${problems.join("; ")}).`);
  }
  return parsed.data;
}
