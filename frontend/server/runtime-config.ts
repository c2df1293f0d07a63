// Vite plugin serving the app's runtime configuration (/config.json) and same-origin proxies to the chain, the
// compliance API and the indexer, so one production build serves any deployment.
import type { Plugin, ProxyOptions } from "vite";
import { readAddressBook } from "../../deploy/address-book.ts";

/** Everything the server side reads from the environment, with defaults that run the local demo. */
export interface ServerSettings {
  chainId: number;
  chainName: string;
  rpcUrl: string;
  complianceApiUrl: string;
  indexerUrl: string;
  explorerUrl: string | null;
  walletConnectProjectId: string | null;
  addressBookDir: string | undefined;
}

/** Reads the settings from `env` (the process environment by default). Throws on a malformed number or URL. */
export function readServerSettings(env: NodeJS.ProcessEnv = process.env): ServerSettings {
  const chainId = Number(env.CHAIN_ID ?? "31337");
  if (!Number.isSafeInteger(chainId) || chainId <= 0) {
    throw new Error(`CHAIN_ID must be a positive integer, got ${env.CHAIN_ID}`);
  }
  return {
    chainId,
    chainName: env.CHAIN_NAME ?? (chainId === 31337 ? "CLXEND local" : `Chain ${chainId}`),
    rpcUrl: url("RPC_URL", env.RPC_URL ?? "http://127.0.0.1:18545"),
    complianceApiUrl: url("COMPLIANCE_API_URL", env.COMPLIANCE_API_URL ?? "http://127.0.0.1:18080"),
    indexerUrl: url("INDEXER_URL", env.INDEXER_URL ?? "http://127.0.0.1:18069"),
    explorerUrl: env.EXPLORER_URL ? url("EXPLORER_URL", env.EXPLORER_URL) : null,
    walletConnectProjectId: env.WALLETCONNECT_PROJECT_ID?.trim() || null,
    addressBookDir: env.ADDRESS_BOOK_DIR,
  };
}

function url(name: string, value: string): string {
  try {
    return new URL(value).toString().replace(/\/$/, "");
  } catch {
    throw new Error(`${name} must be an absolute URL, got ${value}`);
  }
}

/**
 * The body of /config.json: where the browser finds the chain and the services (same-origin proxy paths) and the
 * address book of the configured chain, read fresh on every request so a redeploy needs no rebuild.
 */
export function buildRuntimeConfig(settings: ServerSettings): unknown {
  const book = readAddressBook(settings.chainId, settings.addressBookDir);
  return {
    chain: {
      id: settings.chainId,
      name: settings.chainName,
      rpcUrl: "/rpc",
      walletRpcUrl: settings.rpcUrl,
      explorerUrl: settings.explorerUrl,
    },
    complianceApiUrl: "/api/compliance",
    indexerUrl: "/api/indexer",
    walletConnectProjectId: settings.walletConnectProjectId,
    addressBook: book,
  };
}

/** Proxy table shared by `vite dev` and `vite preview`. */
export function proxies(settings: ServerSettings): Record<string, ProxyOptions> {
  const strip = (prefix: string) => (path: string) => path.slice(prefix.length) || "/";
  return {
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
          message: `No usable address book for chain ${settings.chainId}: ${(error as Error).message}`,
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
