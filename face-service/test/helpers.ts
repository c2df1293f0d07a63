// Test helpers: one assembled service per test file on a temporary template directory, requests through Hono's
// in-process `app.request`, and the labelled photos of ../shared/data/faces.
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
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
