// viem clients for a chain reached by JSON-RPC URL, signing locally with a given account (demo keys, test keys).
import {
  type Account,
  type Chain,
  type Hash,
  type PublicClient,
  type WalletClient,
  type Transport,
  createPublicClient,
  createWalletClient,
  defineChain,
  http,
} from "viem";

/** A viem chain definition for `chainId` served at `rpcUrl`. */
export function chainAt(chainId: number, rpcUrl: string): Chain {
  return defineChain({
    id: chainId,
    name: chainId === 31337 ? "CLXEND local" : `Chain ${chainId}`,
    nativeCurrency: { name: "Ether", symbol: "ETH", decimals: 18 },
    rpcUrls: { default: { http: [rpcUrl] } },
  });
}

export interface ChainClients {
  chain: Chain;
  publicClient: PublicClient<Transport, Chain>;
  /** A wallet client that signs with `account` locally and sends raw transactions. */
  walletFor(account: Account): WalletClient<Transport, Chain, Account>;
  /** Waits for `hash` and throws if the transaction reverted. */
  confirm(hash: Hash): Promise<bigint>;
}

/** Clients polling every 250 ms (the local chain makes a block per second). */
export function chainClients(chainId: number, rpcUrl: string): ChainClients {
  const chain = chainAt(chainId, rpcUrl);
  const transport = http(rpcUrl);
  const publicClient = createPublicClient({ chain, transport, pollingInterval: 250 });
  return {
    chain,
    publicClient,
    walletFor: (account) => createWalletClient({ account, chain, transport, pollingInterval: 250 }),
    confirm: async (hash) => {
      const receipt = await publicClient.waitForTransactionReceipt({ hash, timeout: 60_000 });
      if (receipt.status !== "success") throw new Error(`Transaction ${hash} reverted`);
      return receipt.blockNumber;
    },
  };
}
