// Reading MRZ text from a document image, behind an interface so an OCR engine can be plugged in. The default
// reader reports that OCR is not available: no offline OCR engine with an MRZ (OCR-B) model ships inside npm here.
import { NotAvailableError } from "../errors.ts";
import type { RgbImage } from "../image/ops.ts";

/** Extracts MRZ lines from a document image. */
export interface MrzImageReader {
  /** Whether this deployment can read MRZ text from images. */
  readonly available: boolean;
  /** The MRZ lines found in the image. */
  read(image: RgbImage): Promise<string[]>;
}

/** The reader used when no OCR engine is installed: every call fails with NotAvailableError (HTTP 501). */
export class UnavailableMrzReader implements MrzImageReader {
  readonly available = false;

  async read(_image: RgbImage): Promise<string[]> {
    throw new NotAvailableError(
      "Reading the MRZ from an image is not available in this deployment; send the MRZ text in the `mrz` field",
    );
  }
}
