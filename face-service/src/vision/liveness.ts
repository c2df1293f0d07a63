// Per-face attribute models: passive presentation-attack detection (a 3-class anti-spoofing model on a 2.7×
// context crop; class 0 is a live face) and eye state (a 24×24 grey eye patch; class 1 is an open eye).
import { cropResize, type Rect, type RgbImage, toGreyPlane, toPlanar } from "../image/ops.ts";
import { contextBox, type Point, squareBox } from "./geometry.ts";
import { type OnnxModel, softmax } from "./models.ts";

const LIVENESS_SIZE = 128;
const LIVENESS_CONTEXT = 2.7;
const EYE_SIZE = 24;

/** Probability that the face in `box` is a live person rather than a photo, screen or mask. */
export async function livenessScore(model: OnnxModel, image: RgbImage, box: Rect): Promise<number> {
  const crop = contextBox(squareBox(box), LIVENESS_CONTEXT, image.width, image.height);
  const input = toPlanar(cropResize(image, crop, LIVENESS_SIZE, LIVENESS_SIZE), {
    order: "bgr",
    mean: [0, 0, 0],
    std: [1, 1, 1],
    scale: 1,
  });
  const probabilities = softmax(await model.runFirst(input, [1, 3, LIVENESS_SIZE, LIVENESS_SIZE]));
  return probabilities[0] ?? 0;
}

/** Landmark indexes of each eye: the four lid points, then the two corners. */
const EYES = [
  { lids: [37, 38, 40, 41], corners: [36, 39] },
  { lids: [43, 44, 46, 47], corners: [42, 45] },
] as const;

const at = (landmarks: readonly Point[], index: number): Point => {
  const point = landmarks[index];
  if (!point) throw new Error(`Landmark ${index} is missing`);
  return point;
};

/** Probability that each eye (image-left, image-right) is open. */
export async function eyeOpenness(
  model: OnnxModel,
  image: RgbImage,
  landmarks: readonly Point[],
): Promise<number[]> {
  const result: number[] = [];
  for (const eye of EYES) {
    const lids = eye.lids.map((i) => at(landmarks, i));
    const cx = lids.reduce((s, p) => s + p.x, 0) / lids.length;
    const cy = lids.reduce((s, p) => s + p.y, 0) / lids.length;
    const size = Math.max(
      4,
      (at(landmarks, eye.corners[1]).x - at(landmarks, eye.corners[0]).x) * 1.6,
    );
    const patch = cropResize(
      image,
      { x: cx - size / 2, y: cy - size / 2, width: size, height: size },
      EYE_SIZE,
      EYE_SIZE,
    );
    const probabilities = softmax(
      await model.runFirst(toGreyPlane(patch, 255), [1, 1, EYE_SIZE, EYE_SIZE]),
    );
    result.push(probabilities[1] ?? 0);
  }
  return result;
}

/**
 * Head turn from landmark geometry: the nose tip's horizontal offset from the middle of the eyes, in units of the
 * distance between the eyes. About 0 when facing the camera; the sign tells the direction in the image.
 */
export function headTurn(landmarks: readonly Point[]): number {
  const left = at(landmarks, 36);
  const right = at(landmarks, 45);
  const nose = at(landmarks, 30);
  const span = Math.hypot(right.x - left.x, right.y - left.y);
  if (span === 0) return 0;
  const ux = (right.x - left.x) / span;
  const uy = (right.y - left.y) / span;
  const mx = (left.x + right.x) / 2;
  const my = (left.y + right.y) / 2;
  return ((nose.x - mx) * ux + (nose.y - my) * uy) / span;
}
