// OCR of the MRZ: the tesseract.js reader on rendered ICAO specimen documents (TD3 passport page, TD1 card) read
// from local files only, a document without MRZ refused with NoMrzError, and the text steps between OCR and the
// check digits (picking MRZ lines, look-alike corrections by field type, repairs that only a unique reading passes).
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { loadConfig } from "../src/config.ts";
import { correctMrz, mrzLinesFromText, repairMrz } from "../src/documents/mrz.ts";
import { locateMrz } from "../src/documents/mrz-band.ts";
import { TesseractMrzReader } from "../src/documents/tesseract.ts";
import { NoMrzError } from "../src/errors.ts";
import { decodeImage } from "../src/image/decode.ts";
import { createLogger } from "../src/logger.ts";
import { alter, renderIdCard, renderPassport } from "./documents.ts";
import { photo } from "./helpers.ts";
import { TD1_SPECIMEN, TD3_SPECIMEN } from "./specimens.ts";

const config = loadConfig({ NODE_ENV: "test" });
const decode = (bytes: Uint8Array) => decodeImage(bytes, config.images);
let reader: TesseractMrzReader;

before(async () => {
  reader = await TesseractMrzReader.start(config.ocr, createLogger("silent", false));
});
after(() => reader.close());

describe("TesseractMrzReader", () => {
  it("reads the TD3 specimen from a passport page and the TD1 specimen from a card, with one worker", async () => {
    const passport = await decode(
      await renderPassport({ mrz: TD3_SPECIMEN, portrait: photo("obama/obama-1.jpg") }),
    );
    const card = await decode(await renderIdCard({ mrz: TD1_SPECIMEN }));

    assert.deepEqual(await reader.read(passport), TD3_SPECIMEN);
    assert.deepEqual(await reader.read(card), TD1_SPECIMEN);
  });

  it("reads the TD3 specimen from a half-size JPEG of the page lying on a table", async () => {
    const page = await renderPassport({ mrz: TD3_SPECIMEN });
    const snapshot = await alter(page, { margin: 0.15, scale: 0.5, jpegQuality: 70 });

    assert.deepEqual(await reader.read(await decode(snapshot)), TD3_SPECIMEN);
  });

  it("throws NoMrzError for a portrait photo and for a document page without MRZ", async () => {
    const page = await renderPassport({ portrait: photo("obama/obama-1.jpg") });

    await assert.rejects(reader.read(await decode(photo("obama/obama-1.jpg"))), NoMrzError);
    await assert.rejects(reader.read(await decode(page)), NoMrzError);
  });

  it("refuses to start without its traineddata file, instead of downloading one", async () => {
    await assert.rejects(
      TesseractMrzReader.start(
        { trainedData: "/nonexistent/eng.traineddata.gz", mode: "legacy" },
        createLogger("silent", false),
      ),
      /traineddata not found at \/nonexistent/,
    );
  });
});

describe("locateMrz", () => {
  it("finds 2 lines at the bottom of a passport page and 3 on a card, and none on a portrait", async () => {
    const passport = await decode(await renderPassport({ mrz: TD3_SPECIMEN }));
    const card = await decode(await renderIdCard({ mrz: TD1_SPECIMEN }));

    const td3 = await locateMrz(passport);
    const td1 = await locateMrz(card);

    assert.equal(td3?.lines, 2);
    assert.ok((td3?.rect.y ?? 0) > passport.height * 0.7, "TD3 zone in the bottom 30 %");
    assert.equal(td1?.lines, 3);
    assert.equal(await locateMrz(await decode(photo("obama/obama-1.jpg"))), null);
  });
});

describe("MRZ text from OCR", () => {
  it("picks the last MRZ-shaped lines and fits a miscounted filler run to the line length", () => {
    const text = `UTOPIA PASSPORT\n${TD3_SPECIMEN[0]}<<\n${TD3_SPECIMEN[1]?.replace("<<<<<", "<<<<")}\n`;

    assert.deepEqual(mrzLinesFromText(text), TD3_SPECIMEN);
    assert.deepEqual(mrzLinesFromText(TD1_SPECIMEN.join("\n")), TD1_SPECIMEN);
    assert.equal(mrzLinesFromText("SURNAME ERIKSSON\nGIVEN NAMES ANNA MARIA"), null);
  });

  it("corrects letters read in numeric fields and digits read in alphabetic fields", () => {
    const misread = [
      TD3_SPECIMEN[0] ?? "",
      (TD3_SPECIMEN[1] ?? "").replace("UTO74O8122", "UT074O8122"),
    ];

    assert.deepEqual(correctMrz(misread), TD3_SPECIMEN);
  });

  it("repairs a look-alike misread in the document number when exactly one reading verifies", () => {
    const misread = [
      TD3_SPECIMEN[0] ?? "",
      (TD3_SPECIMEN[1] ?? "").replace("L898902C3", "L8989O2C3"),
    ];

    assert.deepEqual(repairMrz(misread), TD3_SPECIMEN);
  });

  it("refuses to repair when two readings verify (D23145890 and 023145B90 both pass every check digit)", () => {
    const misread = [
      (TD1_SPECIMEN[0] ?? "").replace("D2314", "02314"),
      TD1_SPECIMEN[1] ?? "",
      TD1_SPECIMEN[2] ?? "",
    ];

    assert.equal(repairMrz(misread), null);
  });
});
