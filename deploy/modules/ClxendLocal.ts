// Top-level Ignition module for local chains: TestStablecoin (tUSD) plus every CLXEND contract, with tUSD as the
// only allowed token. Used by `npm start`, the smoke test and the fork tests.
import { buildModule } from "@nomicfoundation/hardhat-ignition/modules";
import TestStablecoinModule from "./TestStablecoin.ts";
import { deployCore } from "./core.ts";

export default buildModule("ClxendLocal", (m) => {
  const { testStablecoin } = m.useModule(TestStablecoinModule);
  return { ...deployCore(m, [testStablecoin]), testStablecoin };
});
