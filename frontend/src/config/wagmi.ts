// The wagmi configuration built from the runtime config: one chain from the address book, the injected (EIP-1193)
// connector, and WalletConnect v2 only when a project id is configured.
import { http, createConfig, type Config } from "wagmi";
import { injected, walletConnect } from "wagmi/connectors";
import { type Chain, defineChain } from "viem";
import { absoluteUrl, type RuntimeConfig } from "./runtime.ts";

/** The viem chain described by the runtime config. */
export function chainOf(config: RuntimeConfig): Chain {
  const { id, name, walletRpcUrl, explorerUrl } = config.chain;
  return defineChain({
    id,
    name,
    nativeCurrency: { name: "Ether", symbol: "ETH", decimals: 18 },
    rpcUrls: { default: { http: [walletRpcUrl] } },
    blockExplorers: explorerUrl ? { default: { name: "Explorer", url: explorerUrl } } : undefined,
    testnet: id === 31337,
  });
}

/** Creates the wagmi config. Reads go through the app's own RPC proxy; writes go through the wallet. */
export function createWagmiConfig(config: RuntimeConfig): Config {
  const chain = chainOf(config);
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
  return createConfig({
    chains: [chain],
    connectors,
    transports: { [chain.id]: http(absoluteUrl(config.chain.rpcUrl)) },
    pollingInterval: 1_000,
  });
}
