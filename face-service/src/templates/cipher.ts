// Encryption of face templates at rest: AES-256-GCM with keys derived (HKDF-SHA256) from the configured template
// key, and an HMAC of the subject id as the file name so that stored names reveal no subject.
import { createCipheriv, createDecipheriv, createHmac, hkdfSync, randomBytes } from "node:crypto";

const VERSION = 1;
const IV_BYTES = 12;
const TAG_BYTES = 16;

/** Seals and opens template records; one instance per configured key. */
export class TemplateCipher {
  private readonly encryptionKey: Buffer;
  private readonly namingKey: Buffer;

  constructor(masterKey: Buffer) {
    if (masterKey.length !== 32) throw new Error("The template key must be 32 bytes");
    this.encryptionKey = Buffer.from(
      hkdfSync("sha256", masterKey, Buffer.alloc(0), "clxend face templates v1", 32),
    );
    this.namingKey = Buffer.from(
      hkdfSync("sha256", masterKey, Buffer.alloc(0), "clxend face template names v1", 32),
    );
  }

  /** Storage id of a subject: an HMAC, so the id cannot be read back from the file name. */
  storageId(subject: string): string {
    return createHmac("sha256", this.namingKey).update(subject, "utf8").digest("hex");
  }

  /** Encrypts `plaintext`, binding it to `storageId` (version | iv | tag | ciphertext). */
  seal(storageId: string, plaintext: Buffer): Buffer {
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv("aes-256-gcm", this.encryptionKey, iv);
    cipher.setAAD(Buffer.from(storageId, "utf8"));
    const ciphertext = Buffer.concat([cipher.update(plaintext), cipher.final()]);
    return Buffer.concat([Buffer.from([VERSION]), iv, cipher.getAuthTag(), ciphertext]);
  }

  /** Decrypts a sealed record; throws when the key, the storage id or the bytes do not match. */
  open(storageId: string, sealed: Buffer): Buffer {
    if (sealed.length < 1 + IV_BYTES + TAG_BYTES || sealed[0] !== VERSION) {
      throw new Error("Not a template record of a known version");
    }
    const iv = sealed.subarray(1, 1 + IV_BYTES);
    const tag = sealed.subarray(1 + IV_BYTES, 1 + IV_BYTES + TAG_BYTES);
    const decipher = createDecipheriv("aes-256-gcm", this.encryptionKey, iv);
    decipher.setAAD(Buffer.from(storageId, "utf8"));
    decipher.setAuthTag(tag);
    return Buffer.concat([
      decipher.update(sealed.subarray(1 + IV_BYTES + TAG_BYTES)),
      decipher.final(),
    ]);
  }
}
