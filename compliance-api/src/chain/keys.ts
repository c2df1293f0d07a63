// Loads the service's signing keys (co-signer, KYC provider, anchorer) from an encrypted keystore or the env.
import { readFile } from "node:fs/promises";
import { decryptKeystoreJson } from "ethers";
import type { Logger } from "pino";
import { signRecoverable } from "tiny-secp256k1";
import { bytesToHex, type Hex, hexToBytes, type PrivateKeyAccount } from "viem";
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

/**
 * A viem account whose `sign({ hash })` (the co-signature) runs libsecp256k1 compiled to WebAssembly
 * (tiny-secp256k1) instead of viem's JavaScript curve: about three times faster, and the same RFC 6979
 * deterministic, low-s signature byte for byte. Messages and transactions are still signed by viem.
 */
export function accountFromKey(privateKey: Hex): PrivateKeyAccount {
  const account = privateKeyToAccount(privateKey);
  const secret = hexToBytes(privateKey);
  return {
    ...account,
    async sign({ hash }) {
      const { signature, recoveryId } = signRecoverable(hexToBytes(hash), secret);
      return `${bytesToHex(signature)}${recoveryId === 0 ? "1b" : "1c"}` as Hex;
    },
  };
}

/** Loads one key; the key itself never leaves this function except inside the account. */
export async function loadKey(source: KeySource): Promise<PrivateKeyAccount | null> {
  if (source.kind === "none") return null;
  if (source.kind === "privateKey") return accountFromKey(source.privateKey);
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
    return accountFromKey(decrypted.privateKey as Hex);
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
      account = accountFromKey(demo[DEMO_ROLE[role]].privateKey);
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
