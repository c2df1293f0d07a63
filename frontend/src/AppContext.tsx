// React context holding what every screen needs: the runtime config, the service clients and the stablecoin.
import { createContext, type ReactNode, useContext, useMemo } from "react";
import { type ComplianceClient, complianceClient } from "./api/compliance.ts";
import { type IndexerClient, indexerClient } from "./api/indexer.ts";
import { type RuntimeConfig, type StablecoinInfo, stablecoinOf } from "./config/runtime.ts";

export interface AppServices {
  config: RuntimeConfig;
  chainId: number;
  token: StablecoinInfo;
  compliance: ComplianceClient;
  indexer: IndexerClient;
}

const AppContext = createContext<AppServices | null>(null);

export function AppProvider(props: { config: RuntimeConfig; children: ReactNode }) {
  const { config } = props;
  const value = useMemo<AppServices>(
    () => ({
      config,
      chainId: config.chain.id,
      token: stablecoinOf(config),
      compliance: complianceClient(config.complianceApiUrl),
      indexer: indexerClient(config.indexerUrl),
    }),
    [config],
  );
  return <AppContext.Provider value={value}>{props.children}</AppContext.Provider>;
}

/** The app's services; only usable below AppProvider. */
export function useApp(): AppServices {
  const value = useContext(AppContext);
  if (value === null) throw new Error("useApp must be used inside AppProvider");
  return value;
}
