// Finds the machine-readable zone on a document image and cuts it out for OCR. ICAO 9303 prints the MRZ as the
// bottom 2 (TD2, TD3) or 3 (TD1) lines of the document, in a fixed-pitch font, all lines of the same length and
// left-aligned. The locator marks dark pixels against their neighbourhood, groups rows crossed by many strokes
// into text lines, and takes the lowest 2–3 long lines of equal extent; the crop is then scaled to a set character
// height, grey-scaled and contrast-stretched with sharp.
import sharp from "sharp";
import type { Rect, RgbImage } from "../image/ops.ts";

/** A text line found on the analysis image: rows [top, bottom), columns [left, right). */
interface Band {
  top: number;
  bottom: number;
  left: number;
  right: number;
}

/** Width the image is scaled to for locating the zone. */
const ANALYSIS_WIDTH = 1000;
/** A pixel is dark when it is below this fraction of its neighbourhood's mean. */
const DARK_RATIO = 0.82;
/** Rows crossed by at least this many strokes belong to a text line. */
const MIN_STROKES = 12;
/** An MRZ line is at least this many times as wide as high (30 characters of about 1:1 pitch to height). */
const MIN_ASPECT = 14;

const height = (b: Band) => b.bottom - b.top;
const width = (b: Band) => b.right - b.left;

/** Grey pixels of `image` scaled to `targetWidth` (never enlarged). */
async function greyAt(image: RgbImage, targetWidth: number) {
  const { data, info } = await sharp(image.data, {
    raw: { width: image.width, height: image.height, channels: 3 },
  })
    .greyscale()
    .resize({ width: Math.min(targetWidth, image.width) })
    .raw()
    .toBuffer({ resolveWithObject: true });
  return { grey: data, width: info.width, height: info.height };
}

/** Dark-pixel mask: each pixel against the mean of a square window around it (from an integral image). */
function darkMask(grey: Uint8Array, w: number, h: number): Uint8Array {
  const integral = new Float64Array((w + 1) * (h + 1));
  for (let y = 0; y < h; y++) {
    let row = 0;
    for (let x = 0; x < w; x++) {
      row += grey[y * w + x] ?? 0;
      integral[(y + 1) * (w + 1) + x + 1] = (integral[y * (w + 1) + x + 1] ?? 0) + row;
    }
  }
  const r = Math.max(6, Math.round(w / 50));
  const mask = new Uint8Array(w * h);
  for (let y = 0; y < h; y++) {
    const y0 = Math.max(0, y - r);
    const y1 = Math.min(h, y + r + 1);
    for (let x = 0; x < w; x++) {
      const x0 = Math.max(0, x - r);
      const x1 = Math.min(w, x + r + 1);
      const sum =
        (integral[y1 * (w + 1) + x1] ?? 0) -
        (integral[y0 * (w + 1) + x1] ?? 0) -
        (integral[y1 * (w + 1) + x0] ?? 0) +
        (integral[y0 * (w + 1) + x0] ?? 0);
      const mean = sum / ((y1 - y0) * (x1 - x0));
      mask[y * w + x] = (grey[y * w + x] ?? 0) < mean * DARK_RATIO ? 1 : 0;
    }
  }
  return mask;
}

/** Rows crossed by enough strokes, grouped into bands of consecutive rows. */
function rowBands(mask: Uint8Array, w: number, h: number): Band[] {
  const bands: Band[] = [];
  let start = -1;
  for (let y = 0; y <= h; y++) {
    let strokes = 0;
    if (y < h) {
      for (let x = 1; x < w; x++) if (mask[y * w + x] && !mask[y * w + x - 1]) strokes++;
    }
    if (strokes >= MIN_STROKES && start < 0) start = y;
    if (strokes < MIN_STROKES && start >= 0) {
      if (y - start >= 4) bands.push({ top: start, bottom: y, left: 0, right: w });
      start = -1;
    }
  }
  return bands;
}

/** Narrows a band to its widest run of inked columns, bridging gaps up to twice the band height. */
function horizontalExtent(band: Band, mask: Uint8Array, w: number): Band {
  const maxGap = 2 * height(band);
  let best = { left: 0, right: 0 };
  let runStart = -1;
  let lastInk = -1;
  for (let x = 0; x <= w; x++) {
    let ink = false;
    for (let y = band.top; x < w && y < band.bottom && !ink; y++) ink = mask[y * w + x] === 1;
    if (ink) {
      if (runStart < 0 || x - lastInk > maxGap) runStart = x;
      lastInk = x;
      if (lastInk + 1 - runStart > best.right - best.left)
        best = { left: runStart, right: lastInk + 1 };
    }
  }
  return { ...band, ...best };
}

/** Whether two text lines look like lines of one MRZ: same height, left edge and width, close together. */
function sameZone(upper: Band, lower: Band): boolean {
  const h = Math.max(height(upper), height(lower));
  return (
    Math.min(height(upper), height(lower)) / h >= 0.6 &&
    Math.abs(upper.left - lower.left) <= 1.5 * h &&
    Math.abs(width(upper) - width(lower)) <= 0.08 * Math.max(width(upper), width(lower)) &&
    lower.top - upper.bottom <= 2.5 * h
  );
}

/** The lowest group of 2–3 MRZ-shaped lines, as analysis-image bands top to bottom, or null. */
function lowestZone(bands: Band[]): Band[] | null {
  const long = bands.filter((b) => width(b) >= MIN_ASPECT * height(b));
  for (let i = long.length - 1; i >= 1; i--) {
    const lower = long[i] as Band;
    const middle = long[i - 1] as Band;
    if (!sameZone(middle, lower)) continue;
    const upper = long[i - 2];
    return upper && sameZone(upper, middle) ? [upper, middle, lower] : [middle, lower];
  }
  return null;
}

/** Where the MRZ is on a document image. */
export interface MrzZone {
  /** The zone in pixels of the image, margins included. */
  readonly rect: Rect;
  /** Number of text lines found in it (2 or 3). */
  readonly lines: number;
  /** Mean height of its lines in pixels of the image (about the character height). */
  readonly lineHeight: number;
}

/** Finds the MRZ on a document image (dark print on a light document, upright); null when none is found. */
export async function locateMrz(image: RgbImage): Promise<MrzZone | null> {
  const { grey, width: w, height: h } = await greyAt(image, ANALYSIS_WIDTH);
  const mask = darkMask(grey, w, h);
  const zone = lowestZone(rowBands(mask, w, h).map((b) => horizontalExtent(b, mask, w)));
  if (!zone) return null;
  const scale = image.width / w;
  const lineHeight = (zone.reduce((sum, b) => sum + height(b), 0) / zone.length) * scale;
  const top = Math.min(...zone.map((b) => b.top)) * scale - 0.8 * lineHeight;
  const bottom = Math.max(...zone.map((b) => b.bottom)) * scale + 0.8 * lineHeight;
  const left = Math.min(...zone.map((b) => b.left)) * scale - 1.5 * lineHeight;
  const right = Math.max(...zone.map((b) => b.right)) * scale + 1.5 * lineHeight;
  return {
    rect: clampRect({ x: left, y: top, width: right - left, height: bottom - top }, image),
    lines: zone.length,
    lineHeight,
  };
}

function clampRect(rect: Rect, image: RgbImage): Rect {
  const x = Math.max(0, Math.floor(rect.x));
  const y = Math.max(0, Math.floor(rect.y));
  return {
    x,
    y,
    width: Math.max(1, Math.min(image.width, Math.ceil(rect.x + rect.width)) - x),
    height: Math.max(1, Math.min(image.height, Math.ceil(rect.y + rect.height)) - y),
  };
}

/**
 * Cuts `rect` out of `image` as a grey, contrast-stretched PNG for the OCR engine, scaled so that text lines of
 * `lineHeight` pixels become `targetLineHeight` pixels high, with a white border.
 */
export async function ocrCrop(
  image: RgbImage,
  rect: Rect,
  lineHeight: number,
  targetLineHeight: number,
): Promise<Buffer> {
  const scale = Math.min(4, targetLineHeight / Math.max(1, lineHeight));
  const { data, info } = await sharp(image.data, {
    raw: { width: image.width, height: image.height, channels: 3 },
  })
    .extract({ left: rect.x, top: rect.y, width: rect.width, height: rect.height })
    .greyscale()
    .resize({ width: Math.max(1, Math.round(rect.width * scale)), kernel: "lanczos3" })
    .normalise()
    .raw()
    .toBuffer({ resolveWithObject: true });
  // A second pipeline: sharp would otherwise stretch the contrast after adding the white border.
  return sharp(data, { raw: { width: info.width, height: info.height, channels: 1 } })
    .extend({ top: 12, bottom: 12, left: 12, right: 12, background: "#ffffff" })
    .png()
    .withMetadata({ density: 300 })
    .toBuffer();
}
