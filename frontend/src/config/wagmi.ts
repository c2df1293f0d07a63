// The wagmi configuration built from the runtime config: every chain of the deployment (reads through the app's
// RPC proxy of each), the injected (EIP-1193) connector, and WalletConnect v2 only when a project id is configured.
import { http, createConfig, type Config, type Transport } from "wagmi";
import { injected, walletConnect } from "wagmi/connectors";
import { type Chain, defineChain } from "viem";
import { absoluteUrl, type Network, networksOf, type RuntimeConfig } from "./runtime.ts";

/** The viem chain of one network (its wallet RPC is what a wallet adds when it does not know the chain). */
export function chainOf(network: Pick<Network, "chain">): Chain {
  const { id, name, walletRpcUrl, explorerUrl } = network.chain;
  return defineChain({
    id,
    name,
    nativeCurrency: { name: "Ether", symbol: "ETH", decimals: 18 },
    rpcUrls: { default: { http: [walletRpcUrl] } },
    blockExplorers: explorerUrl ? { default: { name: "Explorer", url: explorerUrl } } : undefined,
    testnet: id === 31337 || id === 31338,
  });
}

/** Creates the wagmi config. Reads go through the app's own RPC proxies; writes go through the wallet. */
export function createWagmiConfig(config: RuntimeConfig): Config {
  const networks = networksOf(config);
  const chains = networks.map(chainOf) as [Chain, ...Chain[]];
  const connectors = [injected({ shimDisconnect: true })];
  if (config.walletConnectProjectId) {
    connectors.push(
      walletConnect({
        projectId: config.walletConnectProjectId,
        showQrModal: true,
        metadata: {
          name: "CLXEND",
          description: "Send money across borders from your own wallet",
          url: window.location.origin,
          icons: [],
        },
      }) as unknown as ReturnType<typeof injected>,
    );
  }
  const transports: Record<number, Transport> = {};
  for (const network of networks) transports[network.id] = http(absoluteUrl(network.chain.rpcUrl));
  return createConfig({ chains, connectors, transports, pollingInterval: 1_000 });
}
