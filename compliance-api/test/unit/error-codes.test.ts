// Error codes: every code the service can answer with is UPPER_SNAKE_CASE, as the OpenAPI document promises, and the
// face service's KYC reason codes are turned into the same style.
import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, it } from "node:test";
import { fileURLToPath } from "node:url";
import { ERROR_CODE } from "../../src/api/schemas.ts";
import { upperSnake } from "../../src/kyc/attest.ts";

const SRC = path.join(path.dirname(fileURLToPath(import.meta.url)), "..", "..", "src");

/** Every TypeScript file under src/. */
function sources(dir = SRC): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory()
      ? sources(path.join(dir, e.name))
      : e.name.endsWith(".ts")
        ? [path.join(dir, e.name)]
        : [],
  );
}

describe("error codes", () => {
  it("are UPPER_SNAKE_CASE wherever the service raises one", () => {
    const codes = new Set<string>();
    for (const file of sources()) {
      const text = readFileSync(file, "utf8");
      // new XxxError("CODE", …) and super("CODE", …), also when the arguments start on the next line.
      for (const m of text.matchAll(/(?:Error|super)\(\s*"([A-Za-z][A-Za-z0-9_]*)",/g))
        if (m[1]) codes.add(m[1]);
    }

    assert.ok(codes.size >= 45, `found only ${codes.size} codes`);
    for (const required of [
      "NOT_FOUND",
      "METHOD_NOT_ALLOWED",
      "INVALID_REQUEST",
      "UNAUTHENTICATED",
    ])
      assert.ok(codes.has(required), required);
    assert.deepEqual(
      [...codes].filter((c) => !ERROR_CODE.test(c)),
      [],
    );
  });

  it("turns the face service's reason codes into UPPER_SNAKE_CASE", () => {
    assert.equal(upperSnake("face_mismatch"), "FACE_MISMATCH");
    assert.equal(upperSnake(" mrz-check failed "), "MRZ_CHECK_FAILED");
    assert.equal(upperSnake("LIVENESS"), "LIVENESS");
    assert.ok(ERROR_CODE.test(upperSnake("no_face_in_document")));
  });
});
