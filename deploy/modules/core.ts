// Shared body of the top-level Ignition modules: the registries, the DID registry and Remittance wired to them.
import type { ArgumentType, IgnitionModuleBuilder } from "@nomicfoundation/ignition-core";
import AuditAnchorModule from "./AuditAnchor.ts";
import DIDRegistryModule from "./DIDRegistry.ts";
import KycRegistryModule from "./KycRegistry.ts";
import MerchantRegistryModule from "./MerchantRegistry.ts";

/**
 * Deploys every CLXEND contract except the token inside the module being built by `m`. Remittance accepts
 * `allowedTokens` (addresses or contract futures) from the start. Role holders and the fee are parameters
 * (usually under `$global` in deploy/parameters/<network>.json).
 */
export function deployCore(m: IgnitionModuleBuilder, allowedTokens: ArgumentType) {
  const { kycRegistry } = m.useModule(KycRegistryModule);
  const { merchantRegistry } = m.useModule(MerchantRegistryModule);
  const { auditAnchor } = m.useModule(AuditAnchorModule);
  const { didRegistry } = m.useModule(DIDRegistryModule);

  const remittance = m.contract("Remittance", [
    m.getParameter<string>("admin"),
    m.getParameter<string>("complianceSigner"),
    m.getParameter<string>("pauser"),
    m.getParameter<string>("treasury"),
    m.getParameter<number>("feeBps"),
    kycRegistry,
    merchantRegistry,
    allowedTokens,
  ]);

  return { remittance, kycRegistry, merchantRegistry, auditAnchor, didRegistry };
}
