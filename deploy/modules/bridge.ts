// Shared body of the CCIP bridge modules: CcipRemittanceSender and CcipRemittanceReceiver wired to this chain's
// KycRegistry, CCIP router, chain selector and LINK token.
import type { ArgumentType, IgnitionModuleBuilder } from "@nomicfoundation/ignition-core";
import KycRegistryModule from "./KycRegistry.ts";

/**
 * Deploys the bridge sender and receiver inside the module being built by `m`. `router` and `linkToken` are
 * addresses or futures (the local simulator's); the chain selector and the role holders are parameters
 * (`ccipChainSelector`, `admin`, `complianceSigner`, `pauser`, `treasury`, `feeBps`, usually under `$global`).
 * Lanes are not set here: they join two deployments (see deploy/lanes.ts).
 */
export function deployBridge(
  m: IgnitionModuleBuilder,
  router: ArgumentType,
  linkToken: ArgumentType,
) {
  const { kycRegistry } = m.useModule(KycRegistryModule);
  const chainSelector = m.getParameter<bigint>("ccipChainSelector");

  const ccipRemittanceSender = m.contract("CcipRemittanceSender", [
    m.getParameter<string>("admin"),
    m.getParameter<string>("complianceSigner"),
    m.getParameter<string>("pauser"),
    m.getParameter<string>("treasury"),
    m.getParameter<number>("feeBps"),
    kycRegistry,
    router,
    linkToken,
    chainSelector,
  ]);
  const ccipRemittanceReceiver = m.contract("CcipRemittanceReceiver", [
    m.getParameter<string>("admin"),
    m.getParameter<string>("pauser"),
    kycRegistry,
    router,
    chainSelector,
  ]);

  return { ccipRemittanceSender, ccipRemittanceReceiver };
}
