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

/** Reads deploy/parameters/<network>.json. */
export function readParameters(network: string): DeploymentParameters {
  const path = join(PARAMETERS_DIR, `${network}.json`);
  return JSON.parse(readFileSync(path, "utf8")) as DeploymentParameters;
}

/** Role holders still set to the zero address (the committed testnet files ship that way on purpose). */
export function unsetRoleHolders(parameters: DeploymentParameters): string[] {
  const global = parameters.$global ?? {};
  return ROLE_PARAMETERS.filter((name) => {
    const value = global[name];
    return typeof value !== "string" || value.toLowerCase() === ZERO_ADDRESS;
  });
}
