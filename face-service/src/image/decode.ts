// Decodes an uploaded image with sharp after checking its size and format: orientation from EXIF applied, alpha
// flattened onto white, large images scaled down, result as 8-bit RGB. Bad input becomes a client error that says
// which of four things is wrong: not an image (415), too many bytes (413), too many pixels (413, read from the
// header before anything is decoded) or a damaged JPEG / PNG / WebP (422).
import sharp, { type Metadata } from "sharp";
import { CorruptImageError, ImageTooLargeError, UnsupportedImageError } from "../errors.ts";
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
type AcceptedFormat = (typeof ACCEPTED_FORMATS)[number];

const FORMAT_NAMES: Record<AcceptedFormat, string> = { jpeg: "JPEG", png: "PNG", webp: "WebP" };
const ACCEPTED_LIST = "JPEG, PNG or WebP";

const ascii = (bytes: Uint8Array, start: number, end: number) =>
  Buffer.from(bytes.subarray(start, end)).toString("latin1");

/**
 * The accepted format whose file signature `bytes` start with, if any. Used only when sharp cannot read the header,
 * to tell a damaged image (422) from something that is no JPEG, PNG or WebP at all (415).
 */
export function sniffFormat(bytes: Uint8Array): AcceptedFormat | undefined {
  if (bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return "jpeg";
  if (ascii(bytes, 0, 8) === "\x89PNG\r\n\x1a\n") return "png";
  if (ascii(bytes, 0, 4) === "RIFF" && ascii(bytes, 8, 12) === "WEBP") return "webp";
  return undefined;
}

const isAccepted = (format: string | undefined): format is AcceptedFormat =>
  (ACCEPTED_FORMATS as readonly string[]).includes(format ?? "");

/** The decoder's own words for a failure: its first line, without trailing punctuation. */
const decoderReason = (cause: unknown) =>
  (cause instanceof Error ? cause.message : String(cause)).split("\n")[0]?.replace(/[.:\s]+$/, "");

const damaged = (field: string, format: AcceptedFormat, what: string, cause: unknown) =>
  Object.assign(
    new CorruptImageError(
      `Field \`${field}\` is a damaged ${FORMAT_NAMES[format]} image: its ${what} could not be read (${decoderReason(cause)}); export or capture it again`,
      { field, format, reason: decoderReason(cause) },
    ),
    { cause },
  );

/** Format and dimensions from the image header; nothing is decoded, so a huge image costs nothing here. */
async function readHeader(bytes: Uint8Array, field: string) {
  let meta: Metadata;
  try {
    meta = await sharp(bytes, { limitInputPixels: false }).metadata();
  } catch (cause) {
    const signature = sniffFormat(bytes);
    if (signature) throw damaged(field, signature, "header", cause);
    throw Object.assign(
      new UnsupportedImageError(
        `Field \`${field}\` is not an image; send a ${ACCEPTED_LIST} image`,
        { field },
      ),
      { cause },
    );
  }
  if (!isAccepted(meta.format)) {
    throw new UnsupportedImageError(
      `Field \`${field}\` is in ${String(meta.format).toUpperCase()} format; only ${ACCEPTED_LIST} images are accepted — convert it`,
      { field, format: meta.format },
    );
  }
  return { format: meta.format, width: meta.width ?? 0, height: meta.height ?? 0 };
}

/**
 * Decodes `bytes` into RGB pixels. Throws UnsupportedImageError (not a JPEG, PNG or WebP), ImageTooLargeError (over
 * the byte or pixel limit; pixels are read from the header first) or CorruptImageError (damaged data). `field`
 * names the request field in the messages.
 */
export async function decodeImage(
  bytes: Uint8Array,
  limits: ImageLimits,
  field = "image",
): Promise<RgbImage> {
  if (bytes.byteLength === 0) {
    throw new UnsupportedImageError(`Field \`${field}\` is empty; send a ${ACCEPTED_LIST} image`, {
      field,
    });
  }
  if (bytes.byteLength > limits.maxBytes)
    throw ImageTooLargeError.bytes(field, bytes.byteLength, limits.maxBytes);
  const { format, width, height } = await readHeader(bytes, field);
  if (width * height > limits.maxPixels)
    throw ImageTooLargeError.pixels(field, width, height, limits.maxPixels);
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
    throw damaged(field, format, "pixel data", cause);
  }
}
