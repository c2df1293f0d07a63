// Turns request fields into image bytes: base64 strings (optionally data: URLs) from JSON bodies and File parts
// from multipart bodies. Malformed base64 is a 400; size and format are checked later by image/decode.ts.
import { ImageTooLargeError, InvalidRequestError } from "../errors.ts";

const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;
const BASE64URL = /^[A-Za-z0-9_-]*$/;

/** Number of bytes a base64 (or base64url) text decodes to. */
const decodedLength = (compact: string) =>
  Math.floor((compact.length * 3) / 4) - (compact.match(/=+$/)?.[0].length ?? 0);

/** Bytes of an image given as base64 or a data: URL; `field` names the field in errors. */
export function bytesFromBase64(value: string, field: string, maxBytes: number): Uint8Array {
  const payload = value.startsWith("data:") ? value.slice(value.indexOf(",") + 1) : value;
  const compact = payload.replace(/\s+/g, "");
  if (compact.length === 0 || !(BASE64.test(compact) || BASE64URL.test(compact))) {
    throw new InvalidRequestError(
      `Field \`${field}\` is not valid base64; send the image bytes as base64 or as a data: URL`,
      { field },
    );
  }
  const bytes = decodedLength(compact);
  if (bytes > maxBytes) throw ImageTooLargeError.bytes(field, bytes, maxBytes);
  return new Uint8Array(Buffer.from(compact, BASE64.test(compact) ? "base64" : "base64url"));
}

/** Bytes of an uploaded multipart file. */
export async function bytesFromFile(
  file: File,
  field: string,
  maxBytes: number,
): Promise<Uint8Array> {
  if (file.size > maxBytes) throw ImageTooLargeError.bytes(field, file.size, maxBytes);
  return new Uint8Array(await file.arrayBuffer());
}

/** Bytes of a field that may be base64 text or a file. */
export function imageBytes(
  value: string | File,
  field: string,
  maxBytes: number,
): Promise<Uint8Array> {
  return typeof value === "string"
    ? Promise.resolve(bytesFromBase64(value, field, maxBytes))
    : bytesFromFile(value, field, maxBytes);
}
