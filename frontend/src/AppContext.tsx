// React context holding what every screen needs: the runtime config, the service clients, the chains of the
// deployment with the one the app is showing (the active network, which the header's network picker changes) and
// that chain's stablecoin.
import { createContext, type ReactNode, useCallback, useContext, useMemo, useState } from "react";
import { type ComplianceClient, complianceClient } from "./api/compliance.ts";
import { type IndexerClient, indexerClient } from "./api/indexer.ts";
import {
  type Network,
  networksOf,
  type RuntimeConfig,
  type StablecoinInfo,
} from "./config/runtime.ts";

export interface AppServices {
  /** The runtime config seen from the active network: `chain` and `addressBook` are the active network's. */
  config: RuntimeConfig;
  /** Id of the active network. */
  chainId: number;
  /** The stablecoin of the active network. */
  token: StablecoinInfo;
  /** Every chain of the deployment, the home chain first. */
  networks: Network[];
  /**
   * The home chain, the first of the deployment: identity verification and the staff console work there (staff sign
   * in for it, the audit trail is anchored on it). Transfers start on any chain (the service screens and co-signs on
   * each, and writes KYC attestations to each).
   */
  home: Network;
  /** The network the app is showing and acting on. */
  network: Network;
  /** Shows another network of the deployment (an unknown id is ignored). */
  selectNetwork: (chainId: number) => void;
  /** The network with this chain id, if the deployment has it. */
  networkOf: (chainId: number) => Network | undefined;
  compliance: ComplianceClient;
  indexer: IndexerClient;
}

const AppContext = createContext<AppServices | null>(null);
/** Session storage key of the active network, so a reload stays on the chain the tab was showing. */
const ACTIVE_NETWORK_KEY = "clxend.network";

function storedNetwork(networks: Network[]): number | undefined {
  if (typeof sessionStorage === "undefined") return undefined;
  const stored = Number(sessionStorage.getItem(ACTIVE_NETWORK_KEY));
  return networks.some((network) => network.id === stored) ? stored : undefined;
}

export function AppProvider(props: { config: RuntimeConfig; children: ReactNode }) {
  const { config } = props;
  const networks = useMemo(() => networksOf(config), [config]);
  const [activeId, setActiveId] = useState(() => storedNetwork(networks) ?? config.chain.id);
  const selectNetwork = useCallback(
    (chainId: number) => {
      if (!networks.some((network) => network.id === chainId)) return;
      setActiveId(chainId);
      if (typeof sessionStorage !== "undefined")
        sessionStorage.setItem(ACTIVE_NETWORK_KEY, String(chainId));
    },
    [networks],
  );
  const clients = useMemo(
    () => ({
      compliance: complianceClient(config.complianceApiUrl),
      indexer: indexerClient(config.indexerUrl),
    }),
    [config],
  );
  const value = useMemo<AppServices>(() => {
    const [home] = networks;
    if (home === undefined) throw new Error("The deployment has no chain");
    const network = networks.find((item) => item.id === activeId) ?? home;
    return {
      config: { ...config, chain: network.chain, addressBook: network.addressBook },
      chainId: network.id,
      token: network.token,
      networks,
      home,
      network,
      selectNetwork,
      networkOf: (chainId) => networks.find((item) => item.id === chainId),
      ...clients,
    };
  }, [config, networks, activeId, selectNetwork, clients]);
  return <AppContext.Provider value={value}>{props.children}</AppContext.Provider>;
}

/** The app's services; only usable below AppProvider. */
export function useApp(): AppServices {
  const value = useContext(AppContext);
  if (value === null) throw new Error("useApp must be used inside AppProvider");
  return value;
}
