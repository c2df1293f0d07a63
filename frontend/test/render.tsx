// Renders a component inside the app's providers for component tests: a runtime config, wagmi with the mock
// connector and a custom EIP-1193 transport answering from `chain`, and service clients the test provides.
import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { render } from "@testing-library/react";
import type { ReactNode } from "react";
import { MemoryRouter } from "react-router";
import { type Address, type EIP1193RequestFn, custom, defineChain } from "viem";
import { type Config, type Connector, createConfig, WagmiProvider } from "wagmi";
import { mock } from "wagmi/connectors";
import { AppProvider } from "../src/AppContext.tsx";
import type { ComplianceClient } from "../src/api/compliance.ts";
import type { IndexerClient } from "../src/api/indexer.ts";
import type { RuntimeConfig } from "../src/config/runtime.ts";

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

/** Answers JSON-RPC requests of the test; unhandled methods fail like an unreachable node would. */
export type ChainStub = (method: string, params: unknown) => unknown;

export function renderWithApp(
  ui: ReactNode,
  options: {
    chain?: ChainStub;
    compliance?: Partial<ComplianceClient>;
    indexer?: Partial<IndexerClient>;
    connected?: Address | null;
    config?: RuntimeConfig;
    /** Config the app sees when it must differ from the wallet's (wrong-network tests). */
    appConfig?: RuntimeConfig;
    route?: string;
  } = {},
) {
  const config = options.config ?? testConfig;
  const chain = defineChain({
    id: config.chain.id,
    name: config.chain.name,
    nativeCurrency: { name: "Ether", symbol: "ETH", decimals: 18 },
    rpcUrls: { default: { http: [config.chain.walletRpcUrl] } },
  });
  const request = (async ({ method, params }: { method: string; params?: unknown }) => {
    if (method === "eth_chainId") return `0x${config.chain.id.toString(16)}`;
    if (options.chain) return options.chain(method, params);
    throw new Error(`No answer for ${method} in this test`);
  }) as EIP1193RequestFn;
  const connected = options.connected === undefined ? ALICE : options.connected;
  const wagmiConfig = createConfig({
    chains: [chain],
    connectors: connected ? [mock({ accounts: [connected], features: { reconnect: true } })] : [],
    transports: { [chain.id]: custom({ request }) },
  });
  const queryClient = new QueryClient({
    defaultOptions: { queries: { retry: false }, mutations: { retry: false } },
  });
  const missing = (name: string) => () =>
    Promise.reject(new Error(`${name} not stubbed in this test`));
  const compliance = new Proxy(options.compliance ?? {}, {
    get: (target, key: string) => (target as Record<string, unknown>)[key] ?? missing(key),
  }) as ComplianceClient;
  const indexer = new Proxy(options.indexer ?? {}, {
    get: (target, key: string) => (target as Record<string, unknown>)[key] ?? missing(key),
  }) as IndexerClient;
  return {
    wagmiConfig,
    ...render(
      <WagmiProvider config={wagmiConfig} reconnectOnMount={Boolean(connected)}>
        <QueryClientProvider client={queryClient}>
          <AppProvider
            config={options.appConfig ?? config}
            compliance={compliance}
            indexer={indexer}
          >
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
