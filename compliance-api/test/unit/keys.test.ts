// Unit tests of signing-key loading: raw keys and encrypted JSON keystores (never logged, wrong password refused).
import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, it } from "node:test";
import { encryptKeystoreJson } from "ethers";
import { type Hex, keccak256, recoverAddress, toHex } from "viem";
import { generatePrivateKey, privateKeyToAccount } from "viem/accounts";
import { accountFromKey, loadKey } from "../../src/chain/keys.ts";
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

describe("accountFromKey", () => {
  it("signs hashes exactly as viem does (RFC 6979, low s, both recovery ids), recovering to the signer", async () => {
    const parities = new Set<string>();
    for (let i = 0; i < 64; i++) {
      const key = i === 0 ? (DEV_KEYS[1] as Hex) : generatePrivateKey();
      const hash = keccak256(toHex(`approval ${i}`));

      const fast = await accountFromKey(key).sign({ hash });

      assert.equal(fast, await privateKeyToAccount(key).sign({ hash }));
      assert.equal(
        await recoverAddress({ hash, signature: fast }),
        privateKeyToAccount(key).address,
      );
      parities.add(fast.slice(-2));
    }
    assert.deepEqual([...parities].sort(), ["1b", "1c"]);
  });

  it("keeps viem's message signing and address", async () => {
    const key = DEV_KEYS[2] as Hex;
    const account = accountFromKey(key);

    assert.equal(account.address, privateKeyToAccount(key).address);
    assert.equal(
      await account.signMessage({ message: "hello" }),
      await privateKeyToAccount(key).signMessage({ message: "hello" }),
    );
  });
});
