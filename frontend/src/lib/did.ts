// Resolves did:ethr DIDs against the deployment's EthereumDIDRegistry with ethr-did-resolver (loaded on demand:
// it brings ethers), and encodes DID service endpoints as registry attributes.
import { type Address, type Hex, stringToHex } from "viem";
import type { DIDResolutionResult } from "did-resolver";

type Resolver = InstanceType<typeof import("did-resolver").Resolver>;
const resolvers = new Map<string, Promise<Resolver>>();

/**
 * One resolver (and so one ethers provider) per chain, RPC URL and registry for the page's lifetime: a provider
 * keeps retrying its network detection until the node answers, so making one per resolution would pile them up.
 */
function resolverFor(chainId: number, rpcUrl: string, registry: Address): Promise<Resolver> {
  const key = `${chainId}|${rpcUrl}|${registry.toLowerCase()}`;
  let resolver = resolvers.get(key);
  if (!resolver) {
    resolver = Promise.all([import("did-resolver"), import("ethr-did-resolver")]).then(
      ([{ Resolver }, { getResolver }]) =>
        new Resolver(getResolver({ networks: [{ chainId, rpcUrl, registry }] })),
    );
    resolvers.set(key, resolver);
  }
  return resolver;
}

/** Resolves `did` on the chain `chainId` through `rpcUrl` (absolute) and the registry at `registry`. */
export async function resolveDid(
  did: string,
  chainId: number,
  rpcUrl: string,
  registry: Address,
): Promise<DIDResolutionResult> {
  const resolver = await resolverFor(chainId, rpcUrl, registry);
  return resolver.resolve(did);
}

/** The registry attribute name of a service endpoint of `type`, e.g. did/svc/MessagingService (32 bytes). */
export function serviceAttributeName(type: string): Hex {
  return stringToHex(`did/svc/${type}`, { size: 32 });
}

/** Service types the app offers; the registry accepts any name that fits in 32 bytes. */
export const SERVICE_TYPES = ["LinkedDomains", "MessagingService", "DIDCommMessaging"] as const;
