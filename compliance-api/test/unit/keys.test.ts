// Unit tests of signing-key loading: raw keys and encrypted JSON keystores (never logged, wrong password refused).
import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, it } from "node:test";
import { encryptKeystoreJson } from "ethers";
import { privateKeyToAccount } from "viem/accounts";
import { loadKey } from "../../src/chain/keys.ts";
import { DEV_KEYS } from "../helpers/chain.ts";

describe("loadKey", () => {
  const key = DEV_KEYS[4] as `0x${string}`;
  const address = privateKeyToAccount(key).address;

  it("loads a raw private key and nothing when none is configured", async () => {
    assert.equal((await loadKey({ kind: "privateKey", privateKey: key }))?.address, address);
    assert.equal(await loadKey({ kind: "none" }), null);
  });

  it("decrypts an encrypted JSON keystore and refuses a wrong password", async () => {
    const dir = mkdtempSync(path.join(tmpdir(), "ca-keystore-"));
    try {
      const file = path.join(dir, "cosigner.json");
      writeFileSync(
        file,
        await encryptKeystoreJson({ address, privateKey: key }, "correct horse", {
          scrypt: { N: 1024 },
        }),
      );

      const account = await loadKey({ kind: "keystore", file, password: "correct horse" });

      assert.equal(account?.address, address);
      await assert.rejects(loadKey({ kind: "keystore", file, password: "wrong" }), {
        code: "CONFIG_INVALID",
      });
      await assert.rejects(
        loadKey({ kind: "keystore", file: path.join(dir, "missing.json"), password: "x" }),
        {
          code: "CONFIG_INVALID",
        },
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
