// Test helpers: one assembled service per test file on a temporary template directory, requests through Hono's
// in-process `app.request`, the labelled photos of ../shared/data/faces, and PNGs of any stated size.
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { crc32, deflateSync } from "node:zlib";
import { assemble } from "../src/bootstrap.ts";
import { loadConfig } from "../src/config.ts";
import { faceDataDir } from "../src/dataset.ts";
import { createLogger } from "../src/logger.ts";

/** Bytes of a labelled photo, e.g. photo("obama/obama-1.jpg"). */
export const photo = (relative: string) => readFileSync(join(faceDataDir(), relative));

/** Starts a service on a fresh template directory; `close` stops its OCR worker and removes the directory. */
export async function startService(env: Record<string, string> = {}) {
  const dir = mkdtempSync(join(tmpdir(), "face-templates-"));
  const config = loadConfig({
    ...process.env,
    NODE_ENV: "test",
    FACE_TEMPLATE_DIR: dir,
    FACE_TEMPLATE_KEY: "11".repeat(32),
    ...env,
  });
  const { app, service } = await assemble(config, createLogger("silent", false));
  const post = (path: string, body: unknown) =>
    app.request(path, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(body),
    });
  const postForm = (path: string, fields: Record<string, Blob | string>) => {
    const form = new FormData();
    for (const [name, value] of Object.entries(fields)) form.append(name, value);
    return app.request(path, { method: "POST", body: form });
  };
  return {
    app,
    service,
    config,
    dir,
    post,
    postForm,
    close: async () => {
      await service.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Base64 of bytes. */
export const b64 = (bytes: Uint8Array) => Buffer.from(bytes).toString("base64");

/** A multipart file part. */
export const file = (bytes: Uint8Array, type = "image/jpeg") =>
  new Blob([new Uint8Array(bytes)], { type });

const pngChunk = (type: string, data: Buffer) => {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, "latin1"), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
};

/**
 * A PNG whose header says `width`×`height` (8-bit RGB) with a tiny pixel stream: what a decompression bomb looks like
 * to a header reader, without the gigabytes a real 20000×20000 image would take to build. Only the header is valid
 * for large sizes; at most 64×64 the pixels are real (black).
 */
export function pngOfSize(width: number, height: number): Buffer {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header[8] = 8; // bit depth
  header[9] = 2; // colour type RGB
  const rows =
    width <= 64 && height <= 64 ? Buffer.alloc((1 + 3 * width) * height) : Buffer.alloc(64);
  return Buffer.concat([
    Buffer.from("\x89PNG\r\n\x1a\n", "latin1"),
    pngChunk("IHDR", header),
    pngChunk("IDAT", deflateSync(rows)),
    pngChunk("IEND", Buffer.alloc(0)),
  ]);
}
