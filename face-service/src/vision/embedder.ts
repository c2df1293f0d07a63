// Face embedding: aligns the face to the 112×112 ArcFace template from its five key points and runs the
// embedding model; the result is scaled to unit length so that a dot product is the cosine similarity.
import { type RgbImage, toPlanar, warpAffine } from "../image/ops.ts";
import { ARCFACE_REFERENCE, type Point, similarityToSource } from "./geometry.ts";
import type { OnnxModel } from "./models.ts";

const SIZE = 112;

/** Cuts out the face aligned to the ArcFace template. */
export function alignFace(image: RgbImage, fivePoints: readonly Point[]): RgbImage {
  return warpAffine(image, similarityToSource(fivePoints, ARCFACE_REFERENCE), SIZE, SIZE);
}

/** Scales a vector to unit length (a zero vector stays zero). */
export function normalise(vector: ArrayLike<number>): Float32Array {
  const out = Float32Array.from(vector);
  const length = Math.hypot(...out);
  if (length > 0) for (let i = 0; i < out.length; i++) out[i] = (out[i] ?? 0) / length;
  return out;
}

/** Cosine similarity of two vectors. */
export function cosine(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let dot = 0;
  let na = 0;
  let nb = 0;
  for (let i = 0; i < a.length; i++) {
    const x = a[i] ?? 0;
    const y = b[i] ?? 0;
    dot += x * y;
    na += x * x;
    nb += y * y;
  }
  return na === 0 || nb === 0 ? 0 : dot / Math.sqrt(na * nb);
}

/** The unit-length embedding of an aligned 112×112 face. */
export async function embedAligned(model: OnnxModel, aligned: RgbImage): Promise<Float32Array> {
  const input = toPlanar(aligned, {
    order: "bgr",
    mean: [127.5, 127.5, 127.5],
    std: [128, 128, 128],
    scale: 1,
  });
  return normalise(await model.runFirst(input, [1, 3, SIZE, SIZE]));
}
