// The server side of the runtime config: settings from the environment, /config.json built from an address book.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { buildRuntimeConfig, proxies, readServerSettings } from "./runtime-config.ts";

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function addressBookDir(chainIds: number[] = [31337]): string {
  const dir = mkdtempSync(join(tmpdir(), "clxend-frontend-"));
  dirs.push(dir);
  const entry = (n: number) => ({
    address: `0x${n.toString(16).padStart(40, "0")}`,
    deploymentBlock: 3,
    abi: "abi/X.json",
  });
  for (const chainId of chainIds) {
    const base = chainId === 31337 ? 0 : 0x100;
    writeFileSync(
      join(dir, `${chainId}.json`),
      JSON.stringify({
        chainId,
        name: `local-${chainId}`,
        contracts: {
          Remittance: entry(base + 1),
          KycRegistry: entry(base + 2),
          MerchantRegistry: entry(base + 3),
          AuditAnchor: entry(base + 4),
          DIDRegistry: entry(base + 5),
          ...(chainIds.length > 1
            ? { CcipRemittanceSender: entry(base + 7), CcipRemittanceReceiver: entry(base + 8) }
            : {}),
        },
        ...(chainIds.length > 1
          ? {
              ccip: {
                chainSelector: `10000${chainId}`,
                router: entry(base + 9).address,
                linkToken: null,
              },
            }
          : {}),
        tokens: { tUSD: { address: entry(base + 6).address, decimals: 6 } },
      }),
    );
  }
  return dir;
}

describe("readServerSettings", () => {
  it("defaults to the local demo stack", () => {
    const settings = readServerSettings({});

    expect(settings).toMatchObject({
      chainId: 31337,
      rpcUrl: "http://127.0.0.1:18545",
      complianceApiUrl: "http://127.0.0.1:18080",
      indexerUrl: "http://127.0.0.1:18069",
      walletConnectProjectId: null,
    });
  });

  it("rejects a malformed chain id or URL", () => {
    expect(() => readServerSettings({ CHAIN_ID: "abc" })).toThrow(
      "CHAIN_ID must be a positive integer, got abc",
    );
    expect(() => readServerSettings({ RPC_URL: "not a url" })).toThrow(
      "RPC_URL must be an absolute URL",
    );
  });
});

describe("buildRuntimeConfig", () => {
  it("serves same-origin service paths and the address book of the chain", () => {
    const settings = readServerSettings({
      ADDRESS_BOOK_DIR: addressBookDir(),
      WALLETCONNECT_PROJECT_ID: "abc123",
    });

    const config = buildRuntimeConfig(settings) as Record<string, unknown>;

    expect(config).toMatchObject({
      chain: { id: 31337, rpcUrl: "/rpc", walletRpcUrl: "http://127.0.0.1:18545" },
      complianceApiUrl: "/api/compliance",
      indexerUrl: "/api/indexer",
      walletConnectProjectId: "abc123",
      addressBook: { chainId: 31337, tokens: { tUSD: { decimals: 6 } } },
    });
  });

  it("fails when the chain has no address book", () => {
    const settings = readServerSettings({ ADDRESS_BOOK_DIR: addressBookDir(), CHAIN_ID: "5" });
    expect(() => buildRuntimeConfig(settings)).toThrow(/has the chain been deployed/);
  });
});

describe("several chains (CHAIN_IDS, as npm start -- --chains 2 sets it)", () => {
  const env = {
    CHAIN_ID: "31337",
    CHAIN_IDS: "31337,31338",
    RPC_URL: "http://127.0.0.1:18545",
    RPC_URL_31337: "http://127.0.0.1:18545",
    RPC_URL_31338: "http://127.0.0.1:18546",
  };

  it("serves every chain with its own RPC proxy path and address book, the home chain first", () => {
    const settings = readServerSettings({
      ...env,
      ADDRESS_BOOK_DIR: addressBookDir([31337, 31338]),
    });

    const config = buildRuntimeConfig(settings) as {
      chain: { id: number };
      chains: {
        chain: Record<string, unknown>;
        addressBook: { chainId: number; contracts: object };
      }[];
    };

    expect(config.chain.id).toBe(31337);
    expect(config.chains.map((entry) => entry.chain)).toEqual([
      {
        id: 31337,
        name: "CLXEND local",
        rpcUrl: "/rpc",
        walletRpcUrl: "http://127.0.0.1:18545",
        explorerUrl: null,
      },
      {
        id: 31338,
        name: "CLXEND local 2",
        rpcUrl: "/rpc/31338",
        walletRpcUrl: "http://127.0.0.1:18546",
        explorerUrl: null,
      },
    ]);
    expect(config.chains[1]?.addressBook.contracts).toHaveProperty("CcipRemittanceReceiver");
  });

  it("proxies /rpc/<id> to that chain, ahead of /rpc, and never by a longer id's prefix", () => {
    const table = proxies(readServerSettings(env));
    const keys = Object.keys(table);
    const match = (url: string) =>
      keys.find((key) => (key.startsWith("^") ? new RegExp(key).test(url) : url.startsWith(key)));

    expect(table[match("/rpc/31338") ?? ""]?.target).toBe("http://127.0.0.1:18546");
    expect(table[match("/rpc") ?? ""]?.target).toBe("http://127.0.0.1:18545");
    expect(table[match("/rpc/313380") ?? ""]?.target).toBe("http://127.0.0.1:18545");
    const rewrite = table[match("/rpc/31338") ?? ""]?.rewrite;
    expect(rewrite?.("/rpc/31338")).toBe("/");
  });

  it("rejects a chain without its RPC URL, and a list without the home chain", () => {
    expect(() => readServerSettings({ ...env, RPC_URL_31338: undefined })).toThrow(
      "RPC_URL_31338 must be set for chain 31338 of CHAIN_IDS",
    );
    expect(() => readServerSettings({ ...env, CHAIN_IDS: "31338" })).toThrow(
      "CHAIN_IDS (31338) must include CHAIN_ID 31337, the home chain",
    );
  });
});
