// Loads the service's signing keys (co-signer, KYC provider, anchorer) from an encrypted keystore or the env.
import { readFile } from "node:fs/promises";
import { decryptKeystoreJson } from "ethers";
import type { Logger } from "pino";
import type { Hex, PrivateKeyAccount } from "viem";
import { privateKeyToAccount } from "viem/accounts";
import { demoAccounts } from "../../../deploy/demo-accounts.ts";
import type { Config, KeySource } from "../config.ts";
import { ConfigError } from "../errors.ts";

export type KeyRole = "cosigner" | "kycProvider" | "anchorer";

/** Which demo account plays each role on the local chain (deploy/demo-accounts.ts). */
const DEMO_ROLE = {
  cosigner: "compliance",
  kycProvider: "kycProvider",
  anchorer: "anchorer",
} as const;

/** Loads one key; the key itself never leaves this function except inside the viem account. */
export async function loadKey(source: KeySource): Promise<PrivateKeyAccount | null> {
  if (source.kind === "none") return null;
  if (source.kind === "privateKey") return privateKeyToAccount(source.privateKey);
  let json: string;
  try {
    json = await readFile(source.file, "utf8");
  } catch (cause) {
    throw new ConfigError(`Cannot read the keystore file ${source.file}.`, {
      cause: String(cause),
    });
  }
  try {
    const decrypted = await decryptKeystoreJson(json, source.password);
    return privateKeyToAccount(decrypted.privateKey as Hex);
  } catch {
    throw new ConfigError(
      `Cannot decrypt the keystore ${source.file}: wrong password or not a keystore.`,
    );
  }
}

export type Signers = Record<KeyRole, PrivateKeyAccount | null>;

/**
 * Loads every configured key. On the local chain (31337) a role without a key falls back to the well-known
 * development key that the local deployment grants that role, with a loud warning.
 */
export async function loadSigners(config: Config, log: Logger): Promise<Signers> {
  const out = {} as Signers;
  let demo: ReturnType<typeof demoAccounts> | undefined;
  for (const role of ["cosigner", "kycProvider", "anchorer"] as const) {
    let account = await loadKey(config.keys[role]);
    if (!account && config.chain.chainId === 31337 && config.env !== "production") {
      demo ??= demoAccounts();
      account = privateKeyToAccount(demo[DEMO_ROLE[role]].privateKey);
      log.warn(
        { role, address: account.address },
        "Using a publicly known development key for the local chain; configure a real key elsewhere",
      );
    }
    if (account) log.info({ role, address: account.address }, "Loaded signing key");
    out[role] = account;
  }
  return out;
}
