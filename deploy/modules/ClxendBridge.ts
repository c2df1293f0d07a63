// Top-level Ignition module for public networks with Chainlink CCIP: every CLXEND contract (the Clxend module) plus
// the bridge sender and receiver on the chain's CCIP router (`ccipRouter`), selector (`ccipChainSelector`) and LINK
// token (`ccipLinkToken`) from deploy/parameters/<network>.json.
import { buildModule } from "@nomicfoundation/hardhat-ignition/modules";
import { deployBridge } from "./bridge.ts";
import ClxendModule from "./Clxend.ts";

export default buildModule("ClxendBridge", (m) => {
  const core = m.useModule(ClxendModule);
  const bridge = deployBridge(
    m,
    m.getParameter<string>("ccipRouter"),
    m.getParameter<string>("ccipLinkToken"),
  );
  return { ...core, ...bridge };
});
