// MRZ reading: the ICAO 9303 specimen MRZs (TD3 passport and TD1 card of Anna Maria Eriksson, Utopia) parse with
// every check digit verified, and a corrupted check digit or a malformed zone is rejected with the failing field.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { readMrz } from "../src/documents/mrz.ts";
import { InvalidMrzError } from "../src/errors.ts";
import { TD1_SPECIMEN, TD3_SPECIMEN } from "./specimens.ts";

describe("readMrz", () => {
  it("parses the ICAO TD3 specimen with all check digits valid", () => {
    const doc = readMrz(TD3_SPECIMEN);

    assert.equal(doc.format, "TD3");
    assert.equal(doc.specimen, true);
    assert.equal(doc.documentNumber, "L898902C3");
    assert.equal(doc.fields.lastName, "ERIKSSON");
    assert.equal(doc.fields.firstName, "ANNA MARIA");
    assert.equal(doc.fields.birthDate, "740812");
    assert.equal(doc.expiresOn, "2012-04-15");
    assert.ok(doc.checkDigits.length >= 5);
    assert.ok(doc.checkDigits.every((c) => c.valid));
  });

  it("parses the ICAO TD1 specimen given as one string with line breaks and spaces", () => {
    const doc = readMrz(` ${TD1_SPECIMEN.join("\n").toLowerCase()}\n`);

    assert.equal(doc.format, "TD1");
    assert.equal(doc.documentNumber, "D23145890");
    assert.equal(doc.fields.sex, "female");
    assert.ok(doc.checkDigits.every((c) => c.valid));
  });

  it("rejects a corrupted birth-date check digit, naming the field", () => {
    const corrupted = [
      TD3_SPECIMEN[0] ?? "",
      (TD3_SPECIMEN[1] ?? "").replace("7408122", "7408125"),
    ];

    assert.throws(
      () => readMrz(corrupted),
      (error: unknown) => {
        assert.ok(error instanceof InvalidMrzError);
        const fields = (error.details?.invalidFields as { field: string }[]).map((f) => f.field);
        assert.ok(fields.includes("birthDateCheckDigit"));
        return true;
      },
    );
  });

  it("rejects a corrupted document number in the TD1 specimen", () => {
    const corrupted = [
      (TD1_SPECIMEN[0] ?? "").replace("D23145890", "D23145891"),
      TD1_SPECIMEN[1] ?? "",
      TD1_SPECIMEN[2] ?? "",
    ];

    assert.throws(() => readMrz(corrupted), InvalidMrzError);
  });

  it("rejects text that is no MRZ", () => {
    assert.throws(() => readMrz(["HELLO", "WORLD"]), InvalidMrzError);
  });
});
