// Top-level Ignition module for local chains with a bridge (`npm start -- --chains 2`): the ClxendLocal contracts,
// Chainlink's CCIPLocalSimulator (its router and LINK token stand in for CCIP's) and the bridge sender and receiver.
import { buildModule } from "@nomicfoundation/hardhat-ignition/modules";
import { deployBridge } from "./bridge.ts";
import ClxendLocalModule from "./ClxendLocal.ts";

export default buildModule("ClxendLocalBridge", (m) => {
  const local = m.useModule(ClxendLocalModule);
  const ccipLocalSimulator = m.contract("CCIPLocalSimulator");
  // configuration() returns (chainSelector, sourceRouter, destinationRouter, wrappedNative, linkToken, …).
  const router = m.staticCall(ccipLocalSimulator, "configuration", [], 1, { id: "router" });
  const linkToken = m.staticCall(ccipLocalSimulator, "configuration", [], 4, { id: "linkToken" });
  const bridge = deployBridge(m, router, linkToken);
  return { ...local, ccipLocalSimulator, ...bridge };
});
