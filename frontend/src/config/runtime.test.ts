// Loading /config.json: a valid config, a server that has no deployment yet, and an invalid body.
import { describe, expect, it } from "vitest";
import { testConfig, twoChainConfig } from "../../test/render.tsx";
import { loadRuntimeConfig, networksOf, stablecoinOf } from "./runtime.ts";

const respond = (status: number, body: unknown) =>
  (() =>
    Promise.resolve(new Response(JSON.stringify(body), { status }))) as unknown as typeof fetch;

describe("loadRuntimeConfig", () => {
  it("returns the validated config with checksummed addresses", async () => {
    const body = structuredClone(testConfig);
    body.addressBook.tokens.tUSD = {
      address: "0x5fbdb2315678afecb367f032d93f642f64180aa3",
      decimals: 6,
    };

    const config = await loadRuntimeConfig(respond(200, body));

    expect(config.addressBook.tokens.tUSD?.address).toBe(
      "0x5FbDB2315678afecb367f032d93F642f64180aa3",
    );
  });

  it("tells the operator to start the stack when nothing is deployed", async () => {
    await expect(
      loadRuntimeConfig(respond(503, { error: "not_deployed", message: "no book" })),
    ).rejects.toThrow(
      "The app is not connected to a deployment yet (no book). Start the stack with `npm start`, then reload.",
    );
  });

  it("lists what is wrong with an invalid config", async () => {
    const body = { ...testConfig, chain: { ...testConfig.chain, id: -1 } };
    await expect(loadRuntimeConfig(respond(200, body))).rejects.toThrow(/chain\.id/);
  });

  it("says when the server cannot be reached", async () => {
    const failing = (() =>
      Promise.reject(new TypeError("fetch failed"))) as unknown as typeof fetch;
    await expect(loadRuntimeConfig(failing)).rejects.toThrow(/cannot be reached/);
  });
});

describe("stablecoinOf", () => {
  it("prefers USDC and falls back to the first token", () => {
    expect(stablecoinOf(testConfig).symbol).toBe("tUSD");
    const withUsdc = structuredClone(testConfig);
    withUsdc.addressBook.tokens.USDC = {
      address: "0x0000000000000000000000000000000000003001",
      decimals: 6,
    };
    expect(stablecoinOf(withUsdc).symbol).toBe("USDC");
  });
});

describe("networksOf", () => {
  it("is the home chain alone on a single-chain server", () => {
    expect(networksOf(testConfig).map((network) => network.id)).toEqual([31337]);
  });

  it("lists every chain with its address book and stablecoin, the home chain first", async () => {
    const config = await loadRuntimeConfig(respond(200, twoChainConfig));

    const networks = networksOf(config);

    expect(
      networks.map((network) => [network.id, network.chain.rpcUrl, network.token.symbol]),
    ).toEqual([
      [31337, "/rpc", "tUSD"],
      [31338, "/rpc/31338", "tUSD"],
    ]);
    expect(networks[1]?.addressBook.contracts.CcipRemittanceReceiver?.address).toBe(
      "0x0000000000000000000000000000000000002202",
    );
  });

  it("refuses a chain list that does not start with the home chain", async () => {
    const body = { ...twoChainConfig, chains: [...(twoChainConfig.chains ?? [])].reverse() };

    await expect(loadRuntimeConfig(respond(200, body))).rejects.toThrow(
      "chains: chains must list the home chain first",
    );
  });
});
