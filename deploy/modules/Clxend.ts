// Top-level Ignition module for public networks: every CLXEND contract, with the real token addresses (testnet USDC)
// from the `allowedTokens` parameter. Deploy it with `npm run deploy:<network>` (see deploy/README.md).
import { buildModule } from "@nomicfoundation/hardhat-ignition/modules";
import { deployCore } from "./core.ts";

export default buildModule("Clxend", (m) => {
  return deployCore(m, m.getParameter<string[]>("allowedTokens"));
});
