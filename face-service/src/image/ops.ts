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

const clamp = (value: number, low: number, high: number) =>
  value < low ? low : value > high ? high : value;

/**
 * Samples `image` through `toSource` into a new width × height image (bilinear; outside pixels are black).
 * Used for every crop, resize and face alignment. Axis-aligned transforms (crops, resizes, mirrors) take a
 * separable path that computes each column's and row's source positions once; both paths give the same pixels.
 */
export function warpAffine(
  image: RgbImage,
  toSource: Affine,
  width: number,
  height: number,
): RgbImage {
  const [a, b, c, d, e, f] = toSource;
  if (b === 0 && d === 0) return resampleAxisAligned(image, a, c, e, f, width, height);
  const { data: src, width: sw, height: sh } = image;
  const out = new Uint8Array(width * height * 3);
  for (let y = 0; y < height; y++) {
    const by = b * y;
    const ey = e * y;
    for (let x = 0; x < width; x++) {
      const sx = a * x + by + c;
      const sy = d * x + ey + f;
      if (sx < -1 || sy < -1 || sx > sw || sy > sh) continue;
      const x0 = Math.floor(sx);
      const y0 = Math.floor(sy);
      const fx = sx - x0;
      const fy = sy - y0;
      const rowA = clamp(y0, 0, sh - 1) * sw;
      const rowB = clamp(y0 + 1, 0, sh - 1) * sw;
      const colA = clamp(x0, 0, sw - 1);
      const colB = clamp(x0 + 1, 0, sw - 1);
      blend(
        src,
        out,
        (y * width + x) * 3,
        (rowA + colA) * 3,
        (rowA + colB) * 3,
        (rowB + colA) * 3,
        (rowB + colB) * 3,
        fx,
        fy,
      );
    }
  }
  return { data: out, width, height };
}

/** Writes the bilinear blend of four source pixels (top-left, top-right, bottom-left, bottom-right) at `o`. */
function blend(
  src: Uint8Array,
  out: Uint8Array,
  o: number,
  tl: number,
  tr: number,
  bl: number,
  br: number,
  fx: number,
  fy: number,
): void {
  const gx = 1 - fx;
  const gy = 1 - fy;
  for (let ch = 0; ch < 3; ch++) {
    const top = (src[tl + ch] ?? 0) * gx + (src[tr + ch] ?? 0) * fx;
    const bottom = (src[bl + ch] ?? 0) * gx + (src[br + ch] ?? 0) * fx;
    // Rounds half up like Math.round (the blend is never negative), at a third of its cost in this loop.
    out[o + ch] = (top * gy + bottom * fy + 0.5) | 0;
  }
}

/** Source positions of one axis: x ↦ scale·x + offset, split into the two neighbouring indexes and the weight. */
interface AxisSamples {
  readonly inside: Uint8Array;
  readonly low: Int32Array;
  readonly high: Int32Array;
  readonly weight: Float64Array;
}

function axisSamples(
  count: number,
  scale: number,
  offset: number,
  sourceSize: number,
): AxisSamples {
  const inside = new Uint8Array(count);
  const low = new Int32Array(count);
  const high = new Int32Array(count);
  const weight = new Float64Array(count);
  for (let i = 0; i < count; i++) {
    const s = scale * i + offset;
    if (s < -1 || s > sourceSize) continue;
    const i0 = Math.floor(s);
    inside[i] = 1;
    low[i] = clamp(i0, 0, sourceSize - 1);
    high[i] = clamp(i0 + 1, 0, sourceSize - 1);
    weight[i] = s - i0;
  }
  return { inside, low, high, weight };
}

/** warpAffine for [a, 0, c, 0, e, f]: every output column and row maps to one source column and row. */
function resampleAxisAligned(
  image: RgbImage,
  a: number,
  c: number,
  e: number,
  f: number,
  width: number,
  height: number,
): RgbImage {
  const { data: src, width: sw, height: sh } = image;
  const out = new Uint8Array(width * height * 3);
  const cols = axisSamples(width, a, c, sw);
  const rows = axisSamples(height, e, f, sh);
  for (let y = 0; y < height; y++) {
    if (!rows.inside[y]) continue;
    const rowA = (rows.low[y] ?? 0) * sw;
    const rowB = (rows.high[y] ?? 0) * sw;
    const fy = rows.weight[y] ?? 0;
    for (let x = 0; x < width; x++) {
      if (!cols.inside[x]) continue;
      const colA = cols.low[x] ?? 0;
      const colB = cols.high[x] ?? 0;
      blend(
        src,
        out,
        (y * width + x) * 3,
        (rowA + colA) * 3,
        (rowA + colB) * 3,
        (rowB + colA) * 3,
        (rowB + colB) * 3,
        cols.weight[x] ?? 0,
        fy,
      );
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
  const data = image.data;
  const table = new Float64Array(256);
  for (let ch = 0; ch < 3; ch++) {
    const source = norm.order === "rgb" ? ch : 2 - ch;
    const mean = norm.mean[ch] ?? 0;
    const std = norm.std[ch] ?? 1;
    for (let v = 0; v < 256; v++) table[v] = (v / norm.scale - mean) / std;
    const base = ch * plane;
    for (let i = 0; i < plane; i++) out[base + i] = table[data[i * 3 + source] ?? 0] ?? 0;
  }
  return out;
}

/** Packs the grey levels of an image into a (1, 1, H, W) float tensor divided by `scale`. */
export function toGreyPlane(image: RgbImage, scale: number): Float32Array {
  const grey = toGrey(image);
  for (let i = 0; i < grey.length; i++) grey[i] = Math.round(grey[i] ?? 0) / scale;
  return grey;
}
