// The runtime configuration the app loads from /config.json at start-up (chain, service URLs, address book),
// validated with zod so a broken deployment fails with one clear sentence instead of odd errors later.
import { type Address, getAddress, isAddress } from "viem";
import { z } from "zod";

const address = z
  .string()
  .refine((value) => isAddress(value, { strict: false }), "must be a 20-byte hex address")
  .transform((value): Address => getAddress(value));

const contract = z.object({ address, deploymentBlock: z.number().int().nonnegative() });

export const runtimeConfigSchema = z.object({
  chain: z.object({
    id: z.number().int().positive(),
    name: z.string().min(1),
    rpcUrl: z.string().min(1),
    walletRpcUrl: z.string().url(),
    explorerUrl: z.string().url().nullable(),
  }),
  complianceApiUrl: z.string().min(1),
  indexerUrl: z.string().min(1),
  walletConnectProjectId: z.string().min(1).nullable(),
  addressBook: z.object({
    chainId: z.number().int().positive(),
    name: z.string(),
    contracts: z.object({
      Remittance: contract,
      KycRegistry: contract,
      MerchantRegistry: contract,
      AuditAnchor: contract,
      DIDRegistry: contract,
      TestStablecoin: contract.optional(),
    }),
    tokens: z.record(z.string(), z.object({ address, decimals: z.number().int().min(0).max(36) })),
  }),
});

export type RuntimeConfig = z.infer<typeof runtimeConfigSchema>;

/** The stablecoin the app moves: USDC where the address book lists it, else the first token (tUSD locally). */
export interface StablecoinInfo {
  symbol: string;
  address: Address;
  decimals: number;
}

export function stablecoinOf(config: RuntimeConfig): StablecoinInfo {
  const entries = Object.entries(config.addressBook.tokens);
  const chosen = entries.find(([symbol]) => symbol === "USDC") ?? entries[0];
  if (chosen === undefined) throw new Error("The address book lists no token to send");
  const [symbol, token] = chosen;
  return { symbol, address: token.address, decimals: token.decimals };
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
