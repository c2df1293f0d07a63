// Face geometry: square crops around a detected box, the 68-point → 5-point reduction, and the least-squares
// similarity transform that aligns a face to the 112×112 ArcFace template.
import type { Affine, Rect } from "../image/ops.ts";

/** A point in image pixels. */
export interface Point {
  readonly x: number;
  readonly y: number;
}

/** The five ArcFace reference points (eye centres, nose tip, mouth corners) in a 112×112 aligned face. */
export const ARCFACE_REFERENCE: readonly Point[] = [
  { x: 38.2946, y: 51.6963 },
  { x: 73.5318, y: 51.5014 },
  { x: 56.0252, y: 71.7366 },
  { x: 41.5493, y: 92.3655 },
  { x: 70.7299, y: 92.2041 },
];

/** A square as tall as the box, centred on it (the detector's boxes are squared like this for later models). */
export function squareBox(box: Rect): Rect {
  const side = box.height;
  return {
    x: box.x + box.width / 2 - side / 2,
    y: box.y + box.height / 2 - side / 2,
    width: side,
    height: side,
  };
}

/**
 * Scales `box` about its centre by `scale` (capped so it fits the image) and shifts it inside the image:
 * the context crop that liveness and landmark models were trained on.
 */
export function contextBox(
  box: Rect,
  scale: number,
  imageWidth: number,
  imageHeight: number,
): Rect {
  const s = Math.min((imageHeight - 1) / box.height, (imageWidth - 1) / box.width, scale);
  const width = box.width * s;
  const height = box.height * s;
  const cx = box.x + box.width / 2;
  const cy = box.y + box.height / 2;
  const x = Math.min(Math.max(0, cx - width / 2), imageWidth - 1 - width);
  const y = Math.min(Math.max(0, cy - height / 2), imageHeight - 1 - height);
  return { x: Math.max(0, x), y: Math.max(0, y), width, height };
}

const mean = (points: Point[]): Point => ({
  x: points.reduce((s, p) => s + p.x, 0) / points.length,
  y: points.reduce((s, p) => s + p.y, 0) / points.length,
});

const pick = (landmarks: readonly Point[], indexes: number[]): Point[] =>
  indexes.map((i) => {
    const point = landmarks[i];
    if (!point) throw new Error(`Landmark ${i} is missing`);
    return point;
  });

/** Eye centres, nose tip and mouth corners from the 68 iBUG landmarks (in the image's left-to-right order). */
export function fivePoints(landmarks: readonly Point[]): Point[] {
  return [
    mean(pick(landmarks, [37, 38, 40, 41])),
    mean(pick(landmarks, [43, 44, 46, 47])),
    mean(pick(landmarks, [30])),
    mean(pick(landmarks, [48, 60])),
    mean(pick(landmarks, [54, 64])),
  ];
}

/**
 * Least-squares similarity transform (rotation, uniform scale, translation) taking `from` onto `to`,
 * returned inverted: it maps a pixel of the aligned output back to the source image, ready for warpAffine.
 */
export function similarityToSource(from: readonly Point[], to: readonly Point[]): Affine {
  const fromMean = mean([...from]);
  const toMean = mean([...to]);
  let dot = 0;
  let cross = 0;
  let norm = 0;
  from.forEach((p, i) => {
    const q = to[i] ?? toMean;
    const px = p.x - fromMean.x;
    const py = p.y - fromMean.y;
    const qx = q.x - toMean.x;
    const qy = q.y - toMean.y;
    dot += px * qx + py * qy;
    cross += px * qy - py * qx;
    norm += px * px + py * py;
  });
  const a = dot / norm;
  const b = cross / norm;
  // Forward: q = [a -b; b a]·p + t. Inverse: p = [a b; -b a]·(q - t) / (a² + b²).
  const tx = toMean.x - (a * fromMean.x - b * fromMean.y);
  const ty = toMean.y - (b * fromMean.x + a * fromMean.y);
  const det = a * a + b * b;
  const ia = a / det;
  const ib = b / det;
  return [ia, ib, -(ia * tx + ib * ty), -ib, ia, -(-ib * tx + ia * ty)];
}
