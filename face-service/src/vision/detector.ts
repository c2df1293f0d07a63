// Face detector: an Ultra-Light-style SSD on a 320×240 input whose ONNX graph already decodes its anchors into
// corner boxes (0..1); this module runs it, keeps confident boxes and removes overlaps (non-maximum suppression).
import { cropResize, type Rect, type RgbImage, toPlanar } from "../image/ops.ts";
import type { OnnxModel } from "./models.ts";

/** A detected face: its box in image pixels and the detector's confidence. */
export interface Detection {
  readonly box: Rect;
  readonly score: number;
}

const INPUT_WIDTH = 320;
const INPUT_HEIGHT = 240;

/** Intersection over union of two boxes. */
export function iou(a: Rect, b: Rect): number {
  const x1 = Math.max(a.x, b.x);
  const y1 = Math.max(a.y, b.y);
  const x2 = Math.min(a.x + a.width, b.x + b.width);
  const y2 = Math.min(a.y + a.height, b.y + b.height);
  const inter = Math.max(0, x2 - x1) * Math.max(0, y2 - y1);
  const union = a.width * a.height + b.width * b.height - inter;
  return union <= 0 ? 0 : inter / union;
}

/** Greedy non-maximum suppression: keeps the best box of every overlapping group. */
export function suppressOverlaps(detections: Detection[], maxIou: number): Detection[] {
  const sorted = [...detections].sort((a, b) => b.score - a.score);
  const kept: Detection[] = [];
  for (const candidate of sorted) {
    if (kept.every((k) => iou(k.box, candidate.box) <= maxIou)) kept.push(candidate);
  }
  return kept;
}

/** Finds faces in an image; boxes come back in the image's pixel coordinates, best first. */
export async function detectFaces(
  model: OnnxModel,
  image: RgbImage,
  minScore: number,
  maxIou = 0.3,
): Promise<Detection[]> {
  const input = cropResize(
    image,
    { x: 0, y: 0, width: image.width, height: image.height },
    INPUT_WIDTH,
    INPUT_HEIGHT,
  );
  const tensor = toPlanar(input, {
    order: "rgb",
    mean: [127, 127, 127],
    std: [128, 128, 128],
    scale: 1,
  });
  const outputs = await model.run(tensor, [1, 3, INPUT_HEIGHT, INPUT_WIDTH]);
  const scores = outputs.scores;
  const boxes = outputs.boxes;
  if (!scores || !boxes) throw new Error("Detector returned no scores or boxes");
  const found: Detection[] = [];
  for (let i = 0; i < boxes.length / 4; i++) {
    const score = scores[i * 2 + 1] ?? 0;
    if (score < minScore) continue;
    const x1 = Math.max(0, (boxes[i * 4] ?? 0) * image.width);
    const y1 = Math.max(0, (boxes[i * 4 + 1] ?? 0) * image.height);
    const x2 = Math.min(image.width, (boxes[i * 4 + 2] ?? 0) * image.width);
    const y2 = Math.min(image.height, (boxes[i * 4 + 3] ?? 0) * image.height);
    if (x2 - x1 < 2 || y2 - y1 < 2) continue;
    found.push({ box: { x: x1, y: y1, width: x2 - x1, height: y2 - y1 }, score });
  }
  return suppressOverlaps(found, maxIou);
}
