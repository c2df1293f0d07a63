// Decodes an uploaded image with sharp after checking its size and format: orientation from EXIF applied, alpha
// flattened onto white, large images scaled down, result as 8-bit RGB. Bad input becomes a client error.
import sharp from "sharp";
import { ImageTooLargeError, UnsupportedImageError } from "../errors.ts";
import type { RgbImage } from "./ops.ts";

/** Limits applied to every uploaded image. */
export interface ImageLimits {
  /** Largest accepted upload in bytes. */
  readonly maxBytes: number;
  /** Largest accepted width × height before decoding. */
  readonly maxPixels: number;
  /** Images whose longer side exceeds this are scaled down before analysis. */
  readonly workingSide: number;
}

/** Formats the service accepts. */
export const ACCEPTED_FORMATS = ["jpeg", "png", "webp"] as const;

/** Decodes `bytes` into RGB pixels, or throws UnsupportedImageError / ImageTooLargeError. */
export async function decodeImage(bytes: Uint8Array, limits: ImageLimits): Promise<RgbImage> {
  if (bytes.byteLength === 0) throw new UnsupportedImageError("The image is empty");
  if (bytes.byteLength > limits.maxBytes) {
    throw new ImageTooLargeError(
      `The image is ${bytes.byteLength} bytes; the limit is ${limits.maxBytes}`,
      {
        bytes: bytes.byteLength,
        maxBytes: limits.maxBytes,
      },
    );
  }
  let format: string | undefined;
  let pixels = 0;
  try {
    const meta = await sharp(bytes).metadata();
    format = meta.format;
    pixels = (meta.width ?? 0) * (meta.height ?? 0);
  } catch (cause) {
    throw Object.assign(new UnsupportedImageError("The upload is not a readable image"), { cause });
  }
  if (!format || !(ACCEPTED_FORMATS as readonly string[]).includes(format)) {
    throw new UnsupportedImageError(
      `Images must be ${ACCEPTED_FORMATS.join(", ")}; got ${format ?? "unknown"}`,
      {
        format,
      },
    );
  }
  if (pixels > limits.maxPixels) {
    throw new ImageTooLargeError(
      `The image has ${pixels} pixels; the limit is ${limits.maxPixels}`,
      {
        pixels,
        maxPixels: limits.maxPixels,
      },
    );
  }
  try {
    const { data, info } = await sharp(bytes, { limitInputPixels: limits.maxPixels })
      .rotate()
      .resize({
        width: limits.workingSide,
        height: limits.workingSide,
        fit: "inside",
        withoutEnlargement: true,
      })
      .flatten({ background: "#ffffff" })
      .toColourspace("srgb")
      .removeAlpha()
      .raw()
      .toBuffer({ resolveWithObject: true });
    if (info.channels !== 3) throw new Error(`Decoded ${info.channels} channels`);
    return {
      data: new Uint8Array(data.buffer, data.byteOffset, data.byteLength),
      width: info.width,
      height: info.height,
    };
  } catch (cause) {
    throw Object.assign(new UnsupportedImageError("The image could not be decoded"), { cause });
  }
}
