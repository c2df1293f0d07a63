// Reads the Ignition parameters of a network (deploy/parameters/<network>.json) and checks that every role holder is
// set: the committed testnet files leave them at the zero address on purpose, for the operator to fill in.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { DeploymentParameters } from "@nomicfoundation/ignition-core";

const PARAMETERS_DIR = join(import.meta.dirname, "parameters");

const ZERO_ADDRESS = "0x0000000000000000000000000000000000000000";
const ROLE_PARAMETERS = [
  "admin",
  "complianceSigner",
  "kycProvider",
  "merchantComplianceOfficer",
  "anchorer",
  "pauser",
  "treasury",
];

/**
 * Reads deploy/parameters/<network>.json. As in Ignition's own parameter files, a string of digits ending in `n`
 * ("16015286601757825753n") is a bigint: CCIP chain selectors do not fit a JSON number.
 */
export function readParameters(network: string): DeploymentParameters {
  const path = join(PARAMETERS_DIR, `${network}.json`);
  return JSON.parse(readFileSync(path, "utf8"), (_key, value: unknown) =>
    typeof value === "string" && /^\d+n$/.test(value) ? BigInt(value.slice(0, -1)) : value,
  ) as DeploymentParameters;
}

/** Whether the parameters configure Chainlink CCIP (a router and this chain's selector), so the bridge is deployed. */
export function hasCcipParameters(parameters: DeploymentParameters): boolean {
  const global = parameters.$global ?? {};
  return typeof global.ccipRouter === "string" && typeof global.ccipChainSelector === "bigint";
}

/** Role holders still set to the zero address (the committed testnet files ship that way on purpose). */
export function unsetRoleHolders(parameters: DeploymentParameters): string[] {
  const global = parameters.$global ?? {};
  return ROLE_PARAMETERS.filter((name) => {
    const value = global[name];
    return typeof value !== "string" || value.toLowerCase() === ZERO_ADDRESS;
  });
}
