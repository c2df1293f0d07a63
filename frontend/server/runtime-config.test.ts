// The server side of the runtime config: settings from the environment, /config.json built from an address book.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { buildRuntimeConfig, readServerSettings } from "./runtime-config.ts";

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function addressBookDir(): string {
  const dir = mkdtempSync(join(tmpdir(), "clxend-frontend-"));
  dirs.push(dir);
  const entry = (n: number) => ({
    address: `0x${n.toString(16).padStart(40, "0")}`,
    deploymentBlock: 3,
    abi: "abi/X.json",
  });
  writeFileSync(
    join(dir, "31337.json"),
    JSON.stringify({
      chainId: 31337,
      name: "local",
      contracts: {
        Remittance: entry(1),
        KycRegistry: entry(2),
        MerchantRegistry: entry(3),
        AuditAnchor: entry(4),
        DIDRegistry: entry(5),
      },
      tokens: { tUSD: { address: `0x${"6".padStart(40, "0")}`, decimals: 6 } },
    }),
  );
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
