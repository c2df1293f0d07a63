// Renders a component inside the app's providers for component tests, with the app's real service clients and only
// the network faked: `node` (a FakeChain) answers JSON-RPC through wagmi's custom EIP-1193 transport, `wallet` (a
// FakeWallet) is the browser wallet, `services` (FakeServices) answers fetch; a call nothing answers fails loudly.
// Without a wallet, wagmi's mock connector stands for a wallet that only reports `connected` (connection tests).
// A multi-chain config (twoChainConfig) gets one node per chain (`nodes`).
import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { render } from "@testing-library/react";
import type { ReactNode } from "react";
import { MemoryRouter } from "react-router";
import { act } from "react";
import { type Address, type Chain, type EIP1193RequestFn, custom, defineChain } from "viem";
import { type Config, type Connector, createConfig, WagmiProvider } from "wagmi";
import { connect } from "wagmi/actions";
import { injected, mock } from "wagmi/connectors";
import { AppProvider } from "../src/AppContext.tsx";
import { networksOf, type RuntimeConfig } from "../src/config/runtime.ts";
import type { FakeChain } from "./fake-chain.ts";
import { FakeServices } from "./fake-services.ts";
import type { FakeWallet } from "./fake-wallet.ts";

export const ALICE: Address = "0x9965507D1a55bcC2695C58ba16FB37d819B0A4dc";
export const BOB: Address = "0x976EA74026E726554dB657fA54763abd0C3a0aa9";
const at = (n: number): Address => `0x${n.toString(16).padStart(40, "0")}`;

export const testConfig: RuntimeConfig = {
  chain: {
    id: 31337,
    name: "CLXEND local",
    rpcUrl: "/rpc",
    walletRpcUrl: "http://127.0.0.1:18545",
    explorerUrl: null,
  },
  complianceApiUrl: "/api/compliance",
  indexerUrl: "/api/indexer",
  walletConnectProjectId: null,
  addressBook: {
    chainId: 31337,
    name: "local",
    contracts: {
      Remittance: { address: at(0x1001), deploymentBlock: 1 },
      KycRegistry: { address: at(0x1002), deploymentBlock: 1 },
      MerchantRegistry: { address: at(0x1003), deploymentBlock: 1 },
      AuditAnchor: { address: at(0x1004), deploymentBlock: 1 },
      DIDRegistry: { address: at(0x1005), deploymentBlock: 1 },
    },
    tokens: { tUSD: { address: at(0x2001), decimals: 6 } },
  },
};

/** A deployment of two chains joined by the CCIP bridge: the home chain 31337 (bridge sender) and 31338 (receiver). */
export const twoChainConfig: RuntimeConfig = (() => {
  const home = {
    chain: testConfig.chain,
    addressBook: {
      ...testConfig.addressBook,
      contracts: {
        ...testConfig.addressBook.contracts,
        CcipRemittanceSender: { address: at(0x1101), deploymentBlock: 1 },
        CcipRemittanceReceiver: { address: at(0x1102), deploymentBlock: 1 },
      },
      ccip: { chainSelector: "1000031337", router: at(0x1103), linkToken: null },
    },
  };
  const second = {
    chain: {
      id: 31338,
      name: "CLXEND local 2",
      rpcUrl: "/rpc/31338",
      walletRpcUrl: "http://127.0.0.1:18546",
      explorerUrl: null,
    },
    addressBook: {
      chainId: 31338,
      name: "local2",
      contracts: {
        Remittance: { address: at(0x2101), deploymentBlock: 1 },
        KycRegistry: { address: at(0x2102), deploymentBlock: 1 },
        MerchantRegistry: { address: at(0x2103), deploymentBlock: 1 },
        AuditAnchor: { address: at(0x2104), deploymentBlock: 1 },
        DIDRegistry: { address: at(0x2105), deploymentBlock: 1 },
        CcipRemittanceSender: { address: at(0x2201), deploymentBlock: 1 },
        CcipRemittanceReceiver: { address: at(0x2202), deploymentBlock: 1 },
      },
      ccip: { chainSelector: "1000031338", router: at(0x2203), linkToken: null },
      tokens: { tUSD: { address: at(0x3001), decimals: 6 } },
    },
  };
  return { ...testConfig, addressBook: home.addressBook, chains: [home, second] };
})();

export function renderWithApp(
  ui: ReactNode,
  options: {
    connected?: Address | null;
    config?: RuntimeConfig;
    /** Config the app sees when it must differ from the wallet's (wrong-network tests). */
    appConfig?: RuntimeConfig;
    route?: string;
    /** The node every read goes to. */
    node?: FakeChain;
    /** One node per chain of a multi-chain config (matched by chain id; `node` stands for the home chain). */
    nodes?: FakeChain[];
    /** The browser wallet (replaces the mock connector). */
    wallet?: FakeWallet;
    /** The compliance API and the indexer behind the app's real clients; none answers by default. */
    services?: FakeServices;
  } = {},
) {
  const config = options.config ?? testConfig;
  const chains = networksOf(config).map((network) =>
    defineChain({
      id: network.id,
      name: network.chain.name,
      nativeCurrency: { name: "Ether", symbol: "ETH", decimals: 18 },
      rpcUrls: { default: { http: [network.chain.walletRpcUrl] } },
    }),
  ) as unknown as [Chain, ...Chain[]];
  const nodes = [...(options.node ? [options.node] : []), ...(options.nodes ?? [])];
  const requestOn = (chainId: number) =>
    (async ({ method, params }: { method: string; params?: unknown }) => {
      const node = nodes.find((item) => item.chainId === chainId) ?? options.node;
      if (node) return node.request(method, (params ?? []) as unknown[]);
      if (method === "eth_chainId") return `0x${chainId.toString(16)}`;
      throw new Error(`No answer for ${method} in this test: pass a FakeChain as node`);
    }) as EIP1193RequestFn;
  const connected = options.connected === undefined ? ALICE : options.connected;
  const wallet = options.wallet;
  const connectors = wallet
    ? [
        injected({
          target: { id: "fakeWallet", name: "Test wallet", provider: wallet.provider as never },
        }),
      ]
    : connected
      ? [mock({ accounts: [connected], features: { reconnect: true } })]
      : [];
  const wagmiConfig = createConfig({
    chains,
    connectors,
    transports: Object.fromEntries(
      chains.map((chain) => [chain.id, custom({ request: requestOn(chain.id) })]),
    ),
    pollingInterval: 50,
  });
  (options.services ?? new FakeServices()).install();
  const queryClient = new QueryClient({
    defaultOptions: { queries: { retry: false }, mutations: { retry: false } },
  });
  return {
    wagmiConfig,
    ...render(
      <WagmiProvider config={wagmiConfig} reconnectOnMount={Boolean(connected)}>
        <QueryClientProvider client={queryClient}>
          <AppProvider config={options.appConfig ?? config}>
            <MemoryRouter initialEntries={[options.route ?? "/"]}>{ui}</MemoryRouter>
          </AppProvider>
        </QueryClientProvider>
      </WagmiProvider>,
    ),
  };
}

/** The mock connector of a config made by renderWithApp. */
export function firstConnector(config: Config): Connector {
  const [connector] = config.connectors;
  if (!connector) throw new Error("renderWithApp was called with connected: null");
  return connector;
}

/** Connects the first connector of `config` (the FakeWallet's) as a user clicking "Connect" would. */
export async function connectWallet(config: Config): Promise<void> {
  await act(async () => {
    await connect(config, { connector: firstConnector(config) });
  });
}
