// Reading MRZ text from a document image, behind an interface so the OCR engine can be swapped or switched off.
// The default engine is tesseract.js with the traineddata of an npm package (tesseract.ts); with FACE_OCR_ENGINE=none
// every image read answers 501 not_available, and callers fall back to MRZ text.
import type { Config } from "../config.ts";
import { NotAvailableError } from "../errors.ts";
import type { RgbImage } from "../image/ops.ts";
import type { Logger } from "../logger.ts";
import { TesseractMrzReader } from "./tesseract.ts";

/** Extracts MRZ lines from a document image. */
export interface MrzImageReader {
  /** Whether this deployment can read MRZ text from images. */
  readonly available: boolean;
  /**
   * The MRZ lines found in the image, corrected where the check digits allow it. Throws NoMrzError (422) when the
   * image shows no MRZ, NotAvailableError (501) when no engine is installed; lines whose check digits still fail
   * are returned as read, for the caller's MRZ check to report.
   */
  read(image: RgbImage): Promise<string[]>;
  /** Releases the engine (worker threads); called once when the service stops. */
  close(): Promise<void>;
}

/** The reader used when OCR is switched off: every call fails with NotAvailableError (HTTP 501). */
export class UnavailableMrzReader implements MrzImageReader {
  readonly available = false;

  async read(_image: RgbImage): Promise<string[]> {
    throw new NotAvailableError(
      "Reading the MRZ from an image is not available in this deployment; send the MRZ text in the `mrz` field",
    );
  }

  async close(): Promise<void> {}
}

/** The reader named by the configuration, started and ready. */
export async function createMrzReader(
  config: Config["ocr"],
  logger: Logger,
): Promise<MrzImageReader> {
  if (config.engine === "none") return new UnavailableMrzReader();
  return TesseractMrzReader.start({ trainedData: config.trainedData, mode: config.mode }, logger);
}
