// Pixel operations on decoded RGB images: bilinear affine sampling, crops, grey conversion and sharpness,
// plus packing pixels into the planar float tensors the ONNX models take.

/** A decoded image: 8-bit RGB pixels, row-major, 3 bytes per pixel. */
export interface RgbImage {
  readonly data: Uint8Array;
  readonly width: number;
  readonly height: number;
}

/** A 2×3 affine matrix [a, b, c, d, e, f] mapping an output pixel (x, y) to a source point (a·x+b·y+c, d·x+e·y+f). */
export type Affine = readonly [number, number, number, number, number, number];

/** A rectangle in pixels. */
export interface Rect {
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

const clamp = (value: number, low: number, high: number) => Math.min(high, Math.max(low, value));

/**
 * Samples `image` through `toSource` into a new width × height image (bilinear; outside pixels are black).
 * Used for every crop, resize and face alignment.
 */
export function warpAffine(
  image: RgbImage,
  toSource: Affine,
  width: number,
  height: number,
): RgbImage {
  const [a, b, c, d, e, f] = toSource;
  const { data: src, width: sw, height: sh } = image;
  const out = new Uint8Array(width * height * 3);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const sx = a * x + b * y + c;
      const sy = d * x + e * y + f;
      if (sx < -1 || sy < -1 || sx > sw || sy > sh) continue;
      const x0 = Math.floor(sx);
      const y0 = Math.floor(sy);
      const fx = sx - x0;
      const fy = sy - y0;
      const xa = clamp(x0, 0, sw - 1);
      const xb = clamp(x0 + 1, 0, sw - 1);
      const ya = clamp(y0, 0, sh - 1);
      const yb = clamp(y0 + 1, 0, sh - 1);
      const o = (y * width + x) * 3;
      for (let ch = 0; ch < 3; ch++) {
        const top =
          (src[(ya * sw + xa) * 3 + ch] ?? 0) * (1 - fx) + (src[(ya * sw + xb) * 3 + ch] ?? 0) * fx;
        const bottom =
          (src[(yb * sw + xa) * 3 + ch] ?? 0) * (1 - fx) + (src[(yb * sw + xb) * 3 + ch] ?? 0) * fx;
        out[o + ch] = Math.round(top * (1 - fy) + bottom * fy);
      }
    }
  }
  return { data: out, width, height };
}

/** Crops `rect` out of `image` and resizes it to width × height (pixel centres aligned, as OpenCV does). */
export function cropResize(image: RgbImage, rect: Rect, width: number, height: number): RgbImage {
  const sx = rect.width / width;
  const sy = rect.height / height;
  return warpAffine(
    image,
    [sx, 0, rect.x + 0.5 * sx - 0.5, 0, sy, rect.y + 0.5 * sy - 0.5],
    width,
    height,
  );
}

/** Mirrors an image left to right. */
export function flipHorizontal(image: RgbImage): RgbImage {
  return warpAffine(image, [-1, 0, image.width - 1, 0, 1, 0], image.width, image.height);
}

/** Grey levels (ITU-R BT.601 luma) of an RGB image. */
export function toGrey(image: RgbImage): Float32Array {
  const grey = new Float32Array(image.width * image.height);
  for (let i = 0; i < grey.length; i++) {
    const r = image.data[i * 3] ?? 0;
    const g = image.data[i * 3 + 1] ?? 0;
    const b = image.data[i * 3 + 2] ?? 0;
    grey[i] = 0.299 * r + 0.587 * g + 0.114 * b;
  }
  return grey;
}

/** Variance of the 4-neighbour Laplacian of the grey image: low values mean a blurred image. */
export function laplacianVariance(image: RgbImage): number {
  const grey = toGrey(image);
  const { width, height } = image;
  let sum = 0;
  let sumSq = 0;
  let n = 0;
  for (let y = 1; y < height - 1; y++) {
    for (let x = 1; x < width - 1; x++) {
      const i = y * width + x;
      const lap =
        (grey[i - 1] ?? 0) +
        (grey[i + 1] ?? 0) +
        (grey[i - width] ?? 0) +
        (grey[i + width] ?? 0) -
        4 * (grey[i] ?? 0);
      sum += lap;
      sumSq += lap * lap;
      n++;
    }
  }
  return n === 0 ? 0 : sumSq / n - (sum / n) ** 2;
}

/** Channel order and per-channel normalisation `(value / scale - mean) / std` of a model input. */
export interface Normalisation {
  readonly order: "rgb" | "bgr";
  readonly mean: readonly [number, number, number];
  readonly std: readonly [number, number, number];
  readonly scale: number;
}

/** Packs an RGB image into a planar (1, 3, H, W) float tensor. */
export function toPlanar(image: RgbImage, norm: Normalisation): Float32Array {
  const plane = image.width * image.height;
  const out = new Float32Array(plane * 3);
  for (let ch = 0; ch < 3; ch++) {
    const source = norm.order === "rgb" ? ch : 2 - ch;
    const mean = norm.mean[ch] ?? 0;
    const std = norm.std[ch] ?? 1;
    for (let i = 0; i < plane; i++) {
      out[ch * plane + i] = ((image.data[i * 3 + source] ?? 0) / norm.scale - mean) / std;
    }
  }
  return out;
}

/** Packs the grey levels of an image into a (1, 1, H, W) float tensor divided by `scale`. */
export function toGreyPlane(image: RgbImage, scale: number): Float32Array {
  const grey = toGrey(image);
  for (let i = 0; i < grey.length; i++) grey[i] = Math.round(grey[i] ?? 0) / scale;
  return grey;
}
