// Install step: copies the ONNX face models out of the pinned `faceplugin-face-recognition-js` npm tarball into
// face-service/models/ (git-ignored), checking the tarball's sha512 and each model's sha256. Installing the package
// itself would pull hundreds of unrelated dependencies, so only its tarball is fetched, with `npm pack`.
import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const PACKAGE = "faceplugin-face-recognition-js@0.0.1";
const TARBALL_SHA512 =
  "shriXjd4zJHEwhK1jHK+bWo8Vv6Vu9B/w6RRsd4AFtNM/jaI2vhuOamOSMl9qQmLd8WlQ7dgqN+3C2iOi5pXWw==";

/** Model file name → sha256 of its bytes. */
const MODELS = {
  "fr_detect.onnx": "6c0256ccd3164f844736a401faf936ec2930764a87ae39442180887d0c5c8854",
  "fr_landmark.onnx": "f10b0ba1d2a8a099adefede1ebf3733e44fe370715e7303dbeb7f59c02142258",
  "fr_feature.onnx": "87aacdfe57510db2af90c0251df680e8eec88f122ee94712121d09bcaaaf3581",
  "fr_liveness.onnx": "afa783b7e902fdfcf323a7240cac2a1c580c25314ea4161129dc1b0d100dc32d",
  "fr_eye.onnx": "1afcea006abc1ccac3c517022abde0aa092bed74ff3c9fe6878483ef9e6e38de",
};

const modelsDir = join(dirname(fileURLToPath(import.meta.url)), "..", "models");

const digest = (algorithm, path, encoding) =>
  createHash(algorithm).update(readFileSync(path)).digest(encoding);

const isInstalled = (name) =>
  existsSync(join(modelsDir, name)) &&
  digest("sha256", join(modelsDir, name), "hex") === MODELS[name];

/** Runs npm: the one running this install script when there is one, else the npm on PATH. */
function runNpm(args, cwd) {
  const npmCli = process.env.npm_execpath;
  const [command, argv] = npmCli?.endsWith(".js")
    ? [process.execPath, [npmCli, ...args]]
    : ["npm", args];
  return execFileSync(command, argv, {
    cwd,
    encoding: "utf8",
    stdio: ["ignore", "pipe", "inherit"],
  });
}

function fetchModels() {
  const work = mkdtempSync(join(tmpdir(), "face-models-"));
  try {
    const [packed] = JSON.parse(
      runNpm(["pack", PACKAGE, "--json", "--pack-destination", work], work),
    );
    const tarball = join(work, packed.filename);
    const sha512 = digest("sha512", tarball, "base64");
    if (sha512 !== TARBALL_SHA512) {
      throw new Error(`${PACKAGE} tarball sha512 is ${sha512}, expected ${TARBALL_SHA512}`);
    }
    const members = Object.keys(MODELS).map((name) => `package/model/${name}`);
    execFileSync("tar", ["-xzf", tarball, "-C", work, ...members], { stdio: "inherit" });
    mkdirSync(modelsDir, { recursive: true });
    for (const name of Object.keys(MODELS)) {
      const extracted = join(work, "package", "model", name);
      if (digest("sha256", extracted, "hex") !== MODELS[name]) {
        throw new Error(`${name} in ${PACKAGE} does not match its pinned sha256`);
      }
      copyFileSync(extracted, join(modelsDir, name));
    }
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

if (Object.keys(MODELS).every(isInstalled)) {
  process.stdout.write(`face-service: models already in ${modelsDir}\n`);
} else {
  fetchModels();
  process.stdout.write(
    `face-service: extracted ${Object.keys(MODELS).length} models into ${modelsDir}\n`,
  );
}
