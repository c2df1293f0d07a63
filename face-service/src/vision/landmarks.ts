// 68-point facial landmarks: a 64×64 grey crop of the squared face box in, 68 (x, y) pairs relative to the crop out.
import { cropResize, type Rect, type RgbImage, toGreyPlane } from "../image/ops.ts";
import { contextBox, type Point, squareBox } from "./geometry.ts";
import type { OnnxModel } from "./models.ts";

const SIZE = 64;

/** Predicts the 68 iBUG landmarks of the face in `box`, in image pixels. */
export async function predictLandmarks(
  model: OnnxModel,
  image: RgbImage,
  box: Rect,
): Promise<Point[]> {
  const crop = contextBox(squareBox(box), 1, image.width, image.height);
  const input = toGreyPlane(cropResize(image, crop, SIZE, SIZE), 256);
  const output = await model.runFirst(input, [1, 1, SIZE, SIZE]);
  const points: Point[] = [];
  for (let i = 0; i + 1 < output.length; i += 2) {
    points.push({
      x: crop.x + (output[i] ?? 0) * crop.width,
      y: crop.y + (output[i + 1] ?? 0) * crop.height,
    });
  }
  if (points.length !== 68)
    throw new Error(`Landmark model returned ${points.length} points, expected 68`);
  return points;
}
