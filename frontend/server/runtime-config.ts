// Vite plugin serving the app's runtime configuration (/config.json) and same-origin proxies to the chains, the
// compliance API and the indexer, so one production build serves any deployment (one chain or several).
import type { Plugin, ProxyOptions } from "vite";
import { readAddressBook } from "../../deploy/address-book.ts";

/** One chain the app serves: its id, the name shown to people, its JSON-RPC and block explorer. */
export interface ServedChain {
  chainId: number;
  name: string;
  rpcUrl: string;
  explorerUrl: string | null;
}

/** Everything the server side reads from the environment, with defaults that run the local demo. */
export interface ServerSettings {
  /** The home chain, the first: where verification and the staff console work (sends start on any chain). */
  chainId: number;
  chainName: string;
  rpcUrl: string;
  explorerUrl: string | null;
  /** Every chain the app serves, the home chain first (one unless CHAIN_IDS lists more). */
  chains: ServedChain[];
  complianceApiUrl: string;
  indexerUrl: string;
  walletConnectProjectId: string | null;
  addressBookDir: string | undefined;
}

/** The name people see for `chainId` when CHAIN_NAME(_<id>) does not set one. */
function defaultChainName(chainId: number): string {
  if (chainId === 31337) return "CLXEND local";
  if (chainId === 31338) return "CLXEND local 2";
  return `Chain ${chainId}`;
}

function chainIdFrom(name: string, value: string): number {
  const chainId = Number(value);
  if (!/^\d+$/.test(value.trim()) || !Number.isSafeInteger(chainId) || chainId <= 0) {
    throw new Error(`${name} must be a positive integer, got ${value}`);
  }
  return chainId;
}

/**
 * Reads the settings from `env` (the process environment by default). Throws on a malformed number or URL.
 * CHAIN_ID is the home chain; CHAIN_IDS (comma-separated, as `npm start -- --chains 2` sets it) adds the other chains,
 * each with RPC_URL_<id> and optionally CHAIN_NAME_<id> and EXPLORER_URL_<id>.
 */
export function readServerSettings(env: NodeJS.ProcessEnv = process.env): ServerSettings {
  const chainId = chainIdFrom("CHAIN_ID", env.CHAIN_ID ?? "31337");
  const listed = (env.CHAIN_IDS ?? "")
    .split(",")
    .map((item) => item.trim())
    .filter((item) => item !== "")
    .map((item) => chainIdFrom("CHAIN_IDS", item));
  if (listed.length > 0 && !listed.includes(chainId)) {
    throw new Error(
      `CHAIN_IDS (${env.CHAIN_IDS}) must include CHAIN_ID ${chainId}, the home chain`,
    );
  }
  const others = [...new Set(listed)].filter((id) => id !== chainId);
  const home: ServedChain = {
    chainId,
    name: env.CHAIN_NAME ?? env[`CHAIN_NAME_${chainId}`] ?? defaultChainName(chainId),
    rpcUrl: url("RPC_URL", env.RPC_URL ?? env[`RPC_URL_${chainId}`] ?? "http://127.0.0.1:18545"),
    explorerUrl: optionalUrl("EXPLORER_URL", env.EXPLORER_URL ?? env[`EXPLORER_URL_${chainId}`]),
  };
  const chains = [
    home,
    ...others.map((id): ServedChain => {
      const rpcUrl = env[`RPC_URL_${id}`];
      if (!rpcUrl) throw new Error(`RPC_URL_${id} must be set for chain ${id} of CHAIN_IDS`);
      return {
        chainId: id,
        name: env[`CHAIN_NAME_${id}`] ?? defaultChainName(id),
        rpcUrl: url(`RPC_URL_${id}`, rpcUrl),
        explorerUrl: optionalUrl(`EXPLORER_URL_${id}`, env[`EXPLORER_URL_${id}`]),
      };
    }),
  ];
  return {
    chainId,
    chainName: home.name,
    rpcUrl: home.rpcUrl,
    explorerUrl: home.explorerUrl,
    chains,
    complianceApiUrl: url("COMPLIANCE_API_URL", env.COMPLIANCE_API_URL ?? "http://127.0.0.1:18080"),
    indexerUrl: url("INDEXER_URL", env.INDEXER_URL ?? "http://127.0.0.1:18069"),
    walletConnectProjectId: env.WALLETCONNECT_PROJECT_ID?.trim() || null,
    addressBookDir: env.ADDRESS_BOOK_DIR,
  };
}

function optionalUrl(name: string, value: string | undefined): string | null {
  return value ? url(name, value) : null;
}

function url(name: string, value: string): string {
  try {
    return new URL(value).toString().replace(/\/$/, "");
  } catch {
    throw new Error(`${name} must be an absolute URL, got ${value}`);
  }
}

/** Same-origin path of a chain's JSON-RPC proxy: /rpc for the home chain, /rpc/<id> for every chain. */
export function rpcPathOf(settings: ServerSettings, chainId: number): string {
  return chainId === settings.chainId ? "/rpc" : `/rpc/${chainId}`;
}

/**
 * The body of /config.json: where the browser finds the chains and the services (same-origin proxy paths) and the
 * address book of every chain, read fresh on every request so a redeploy needs no rebuild. `chain` and
 * `addressBook` are the home chain's; `chains` lists every chain, the home chain first.
 */
export function buildRuntimeConfig(settings: ServerSettings): unknown {
  const chains = settings.chains.map((chain) => ({
    chain: {
      id: chain.chainId,
      name: chain.name,
      rpcUrl: rpcPathOf(settings, chain.chainId),
      walletRpcUrl: chain.rpcUrl,
      explorerUrl: chain.explorerUrl,
    },
    addressBook: readAddressBook(chain.chainId, settings.addressBookDir),
  }));
  const [home] = chains;
  if (home === undefined) throw new Error("No chain is configured");
  return {
    chain: home.chain,
    complianceApiUrl: "/api/compliance",
    indexerUrl: "/api/indexer",
    walletConnectProjectId: settings.walletConnectProjectId,
    addressBook: home.addressBook,
    chains,
  };
}

/**
 * Proxy table shared by `vite dev` and `vite preview`. Vite takes the first matching entry, so the /rpc/<id> entries
 * (anchored patterns, so that /rpc/3133 never catches /rpc/31337) come before /rpc, which is their prefix.
 */
export function proxies(settings: ServerSettings): Record<string, ProxyOptions> {
  const strip = (prefix: string) => (path: string) => path.slice(prefix.length) || "/";
  const table: Record<string, ProxyOptions> = {};
  for (const chain of settings.chains) {
    const prefix = `/rpc/${chain.chainId}`;
    table[`^${prefix}(?=/|\\?|$)`] = {
      target: chain.rpcUrl,
      changeOrigin: true,
      rewrite: strip(prefix),
    };
  }
  return {
    ...table,
    "/rpc": { target: settings.rpcUrl, changeOrigin: true, rewrite: strip("/rpc") },
    "/api/compliance": {
      target: settings.complianceApiUrl,
      changeOrigin: true,
      rewrite: strip("/api/compliance"),
    },
    "/api/indexer": {
      target: settings.indexerUrl,
      changeOrigin: true,
      rewrite: strip("/api/indexer"),
    },
  };
}

/** Serves GET /config.json and GET /health in both the dev server and the preview server. */
export function runtimeConfigPlugin(settings: ServerSettings): Plugin {
  const handler = (
    request: { url?: string },
    response: {
      statusCode: number;
      setHeader(name: string, value: string): void;
      end(body: string): void;
    },
    next: () => void,
  ) => {
    const path = request.url?.split("?")[0];
    if (path === "/health") {
      response.setHeader("content-type", "application/json");
      response.statusCode = 200;
      response.end(JSON.stringify({ status: "ok" }));
      return;
    }
    if (path !== "/config.json") return next();
    response.setHeader("content-type", "application/json");
    response.setHeader("cache-control", "no-store");
    try {
      response.statusCode = 200;
      response.end(JSON.stringify(buildRuntimeConfig(settings)));
    } catch (error) {
      response.statusCode = 503;
      response.end(
        JSON.stringify({
          error: "not_deployed",
          message: `No usable address book for chain ${settings.chains.map((chain) => chain.chainId).join(", ")}: ${(error as Error).message}`,
        }),
      );
    }
  };
  return {
    name: "clxend-runtime-config",
    configureServer(server) {
      server.middlewares.use(handler);
    },
    configurePreviewServer(server) {
      server.middlewares.use(handler);
    },
  };
}
