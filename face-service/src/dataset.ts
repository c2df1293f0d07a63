// Locates and lists the labelled face photos used by the evaluation, benchmark and tests:
// ../shared/data/faces relative to the repository root, or FACE_DATA_DIR.
import { existsSync, readdirSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

/** The repository root (the folder holding face-service/). */
export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), "..", "..");

/** Folder of the labelled photos: FACE_DATA_DIR, else ../shared/data/faces beside the repository. */
export function faceDataDir(env: NodeJS.ProcessEnv = process.env): string {
  const dir = env.FACE_DATA_DIR
    ? resolve(env.FACE_DATA_DIR)
    : resolve(repoRoot, "..", "shared", "data", "faces");
  if (!existsSync(dir)) throw new Error(`Face photos not found at ${dir}; set FACE_DATA_DIR`);
  return dir;
}

/** One labelled photo. */
export interface LabelledPhoto {
  /** Folder name: the person, or "multi" for photos of two people. */
  readonly person: string;
  readonly file: string;
  readonly path: string;
}

/** Every photo, person folders first, sorted by path. */
export function listPhotos(dir = faceDataDir()): LabelledPhoto[] {
  const photos: LabelledPhoto[] = [];
  for (const person of readdirSync(dir, { withFileTypes: true }).filter((d) => d.isDirectory())) {
    for (const file of readdirSync(join(dir, person.name)).filter((f) =>
      /\.(jpe?g|png|webp)$/i.test(f),
    )) {
      photos.push({ person: person.name, file, path: join(dir, person.name, file) });
    }
  }
  return photos.sort((a, b) => a.path.localeCompare(b.path));
}
