// AES-256-GCM envelope encryption: a master key from configuration wraps one data key per subject.
import { createCipheriv, createDecipheriv, randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import type { Logger } from "pino";
import type { Config } from "../config.ts";

const IV_BYTES = 12;
const TAG_BYTES = 16;

/** Encrypts `plaintext` with `key`; `aad` binds the ciphertext to its context. Returns base64(iv|tag|ciphertext). */
export function seal(key: Buffer, plaintext: Buffer, aad: string): string {
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv("aes-256-gcm", key, iv);
  cipher.setAAD(Buffer.from(aad));
  const body = Buffer.concat([cipher.update(plaintext), cipher.final()]);
  return Buffer.concat([iv, cipher.getAuthTag(), body]).toString("base64");
}

/** Reverses `seal`; throws if the key, the context or the ciphertext is wrong. */
export function open(key: Buffer, sealed: string, aad: string): Buffer {
  const raw = Buffer.from(sealed, "base64");
  const decipher = createDecipheriv("aes-256-gcm", key, raw.subarray(0, IV_BYTES));
  decipher.setAAD(Buffer.from(aad));
  decipher.setAuthTag(raw.subarray(IV_BYTES, IV_BYTES + TAG_BYTES));
  return Buffer.concat([decipher.update(raw.subarray(IV_BYTES + TAG_BYTES)), decipher.final()]);
}

/** Wraps and unwraps subject data keys with the master key. */
export class KeyWrapper {
  constructor(private readonly masterKey: Buffer) {
    if (masterKey.length !== 32) throw new Error("master key must be 32 bytes");
  }

  /** A fresh data key for `subject`, and its wrapped form to store. */
  newSubjectKey(subject: string): { key: Buffer; wrapped: string } {
    const key = randomBytes(32);
    return { key, wrapped: seal(this.masterKey, key, `subject-key:${subject}`) };
  }

  unwrap(subject: string, wrapped: string): Buffer {
    return open(this.masterKey, wrapped, `subject-key:${subject}`);
  }
}

/**
 * The master key: DATA_ENCRYPTION_KEY, or outside production a key generated once into DEV_KEY_FILE so that
 * the local stack keeps reading its own data across restarts.
 */
export function masterKeyFrom(config: Config, log: Logger): Buffer {
  if (config.dataKey.hex) return Buffer.from(config.dataKey.hex, "hex");
  const file = config.dataKey.devKeyFile;
  if (!existsSync(file)) {
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, randomBytes(32).toString("hex"), { mode: 0o600 });
    log.warn(
      { file },
      "Generated a development data-encryption key; set DATA_ENCRYPTION_KEY in production",
    );
  }
  return Buffer.from(readFileSync(file, "utf8").trim(), "hex");
}
