// Test face service: runs the real face-service workspace (its npm start script, as the local stack does) on a free
// port with a throw-away template folder, and the labelled photos of ../shared/data/faces.
import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { get } from "node:http";
import { tmpdir } from "node:os";
import path from "node:path";
import { REPO_ROOT } from "../../src/config.ts";
import { freePort } from "./chain.ts";

const FACES_DIR = path.join(REPO_ROOT, "..", "shared", "data", "faces");
/** Loading the ONNX models on a busy 2-core machine can take a while; this only bounds a hung start. */
const START_DEADLINE_MS = 300_000;

/** A photo of ../shared/data/faces as base64, e.g. `facePhoto("obama/obama-1.jpg")`. */
export function facePhoto(file: string): string {
  return readFileSync(path.join(FACES_DIR, file)).toString("base64");
}

export interface TestFaceService {
  url: string;
  stop(): Promise<void>;
}

/**
 * Whether /health answers 200. Asked over a connection of its own (node:http, no agent), so no idle keep-alive
 * socket is left in this process's fetch pool for the service under test to pick up after the face service closed it.
 */
function healthy(url: string): Promise<boolean> {
  return new Promise((resolve) => {
    const req = get(`${url}/health`, { agent: false, timeout: 5_000 }, (res) => {
      res.resume();
      resolve(res.statusCode === 200);
    });
    req.on("timeout", () => req.destroy());
    req.on("error", () => resolve(false));
  });
}

/** Starts the face service and resolves once its /health answers 200 (models loaded). */
export async function startFaceService(): Promise<TestFaceService> {
  const port = await freePort();
  const templates = mkdtempSync(path.join(tmpdir(), "clxend-ca-face-"));
  const url = `http://127.0.0.1:${port}`;
  const child: ChildProcess = spawn("npm", ["run", "start", "--workspace", "face-service"], {
    cwd: REPO_ROOT,
    env: {
      ...process.env,
      NODE_ENV: "test",
      LOG_LEVEL: "warn",
      FACE_SERVICE_HOST: "127.0.0.1",
      FACE_SERVICE_PORT: String(port),
      FACE_TEMPLATE_DIR: templates,
    },
    detached: true,
    stdio: ["ignore", "ignore", "pipe"],
  });
  let stderr = "";
  child.stderr?.on("data", (chunk: Buffer) => {
    stderr = (stderr + chunk.toString("utf8")).slice(-4_000);
  });
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const stop = async () => {
    try {
      if (child.pid !== undefined) process.kill(-child.pid, "SIGTERM");
    } catch {
      // already gone
    }
    const kill = setTimeout(() => {
      try {
        if (child.pid !== undefined) process.kill(-child.pid, "SIGKILL");
      } catch {
        // already gone
      }
    }, 5_000);
    await exited;
    clearTimeout(kill);
    rmSync(templates, { recursive: true, force: true });
  };

  const deadline = Date.now() + START_DEADLINE_MS;
  while (!(await healthy(url))) {
    if (child.exitCode !== null || child.signalCode !== null || Date.now() > deadline) {
      await stop();
      throw new Error(`the face service did not become healthy at ${url}:\n${stderr}`);
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  return { url, stop };
}
