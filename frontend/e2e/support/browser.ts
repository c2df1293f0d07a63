// Launches Debian's Chromium through playwright-core for the end-to-end tests, optionally with a video file
// played as the webcam, and turns the real face photos into such files with ffmpeg.
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { type Browser, chromium } from "playwright-core";

export const FRONTEND_DIR = resolve(dirname(fileURLToPath(import.meta.url)), "..", "..");
export const REPO_ROOT = resolve(FRONTEND_DIR, "..");
/** The shared real photos: ../shared/data/faces relative to the repository root. */
export const FACES_DIR = resolve(REPO_ROOT, "..", "shared", "data", "faces");
export const SCREENSHOT_DIR = join(FRONTEND_DIR, "e2e", "screenshots");
const WORK_DIR = join(FRONTEND_DIR, "e2e", ".tmp");

export const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";

/** A Y4M video (2 s, 640 px wide) of a still photo, for --use-file-for-fake-video-capture. Cached in e2e/.tmp. */
export function photoAsVideo(photo: string): string {
  mkdirSync(WORK_DIR, { recursive: true });
  const out = join(WORK_DIR, `${photo.replace(/[/.]/g, "_")}.y4m`);
  if (!existsSync(out)) {
    execFileSync("ffmpeg", [
      "-loglevel",
      "error",
      "-y",
      "-loop",
      "1",
      "-i",
      join(FACES_DIR, photo),
      "-t",
      "2",
      "-r",
      "10",
      "-vf",
      "scale=640:-2,format=yuv420p",
      "-f",
      "yuv4mpegpipe",
      out,
    ]);
  }
  return out;
}

/** Starts headless Chromium (playwright gives it a fresh, empty --user-data-dir); `camera` is a video file the fake webcam plays. */
export async function launchChromium(camera?: string): Promise<Browser> {
  const args = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-quic",
    "--no-first-run",
    "--disable-component-update",
    "--disable-sync",
    "--use-fake-ui-for-media-stream",
  ];
  if (camera)
    args.push("--use-fake-device-for-media-stream", `--use-file-for-fake-video-capture=${camera}`);
  return chromium.launch({ executablePath: CHROMIUM, headless: true, args });
}
