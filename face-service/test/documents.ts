// Synthetic identity documents for the OCR tests and benchmark: a TD3 passport data page and the MRZ side of a TD1
// card laid out as in ICAO 9303 (MRZ at the bottom in OCR-B, 2.54 mm character pitch), with printed fields and an
// optional portrait, plus photo-like alterations (scale, JPEG, blur, background). OCR-B comes from
// test/fixtures/fonts (public domain, see its README); the other text uses DejaVu Sans from the system.
import { fileURLToPath } from "node:url";
import sharp, { type OverlayOptions } from "sharp";

const OCR_B = fileURLToPath(new URL("./fixtures/fonts/OCRB.otf", import.meta.url));

/** Pixels per millimetre of a rendered document (10 ≈ 254 dpi). */
const PX_PER_MM = 10;
/** MRZ character pitch, ICAO 9303 part 3: 2.54 mm (10 characters per inch). */
const PITCH_MM = 2.54;

const escapeXml = (text: string) =>
  text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");

/** One MRZ line in OCR-B, black on transparent, scaled to exactly `chars` × the pitch. */
async function mrzLine(line: string, mm: number): Promise<Buffer> {
  const rendered = await sharp({
    text: {
      text: `<span foreground="#111111">${escapeXml(line)}</span>`,
      font: "OCR B",
      fontfile: OCR_B,
      dpi: 600,
      rgba: true,
    },
  })
    .png()
    .toBuffer();
  return sharp(rendered)
    .resize({ width: Math.round(line.length * PITCH_MM * mm) })
    .png()
    .toBuffer();
}

interface Layout {
  widthMm: number;
  heightMm: number;
  /** Top of each MRZ line, in mm from the top edge. */
  mrzTopsMm: number[];
  /** Printed fields: [x mm, y mm, size mm, text]. */
  fields: [number, number, number, string][];
  portrait?: { x: number; y: number; width: number; height: number };
}

const TD3_LAYOUT: Layout = {
  widthMm: 125,
  heightMm: 88,
  mrzTopsMm: [70.5, 78.5],
  portrait: { x: 6, y: 16, width: 32, height: 42 },
  fields: [
    [6, 9, 4, "UTOPIA"],
    [60, 9, 3.2, "PASSPORT / PASSEPORT"],
    [44, 20, 2, "Surname / Nom"],
    [44, 24.5, 3, "ERIKSSON"],
    [44, 30, 2, "Given names / Prénoms"],
    [44, 34.5, 3, "ANNA MARIA"],
    [44, 40, 2, "Nationality / Nationalité"],
    [44, 44.5, 3, "UTOPIAN"],
    [44, 50, 2, "Date of birth / Date de naissance"],
    [44, 54.5, 3, "12 AUG / AOUT 74"],
    [90, 50, 2, "Sex / Sexe"],
    [90, 54.5, 3, "F"],
    [44, 60, 2, "Date of expiry / Date d'expiration"],
    [44, 64.5, 3, "15 APR / AVR 12"],
  ],
};

const TD1_LAYOUT: Layout = {
  widthMm: 85.6,
  heightMm: 54,
  mrzTopsMm: [35.5, 40.5, 45.5],
  fields: [
    [5, 7, 2, "Date of issue / Date de délivrance"],
    [5, 11, 2.6, "15 APR / AVR 02"],
    [5, 17, 2, "Authority / Autorité"],
    [5, 21, 2.6, "UTOPIA PASSPORT OFFICE"],
    [5, 27, 2, "Height / Taille  1.75 m"],
  ],
};

function backgroundSvg(layout: Layout, mm: number): string {
  const w = Math.round(layout.widthMm * mm);
  const h = Math.round(layout.heightMm * mm);
  const waves = Array.from({ length: 14 }, (_, i) => {
    const y = (i + 1) * (h / 15);
    return `<path d="M0 ${y} C ${w / 3} ${y - h / 20}, ${(2 * w) / 3} ${y + h / 20}, ${w} ${y}" stroke="#c9d8cc" stroke-width="${mm * 0.3}" fill="none"/>`;
  }).join("");
  const texts = layout.fields
    .map(
      ([x, y, size, text]) =>
        `<text x="${x * mm}" y="${(y + size) * mm}" font-family="DejaVu Sans" font-size="${size * mm}" fill="#203040">${escapeXml(text)}</text>`,
    )
    .join("");
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${w}" height="${h}"><rect width="${w}" height="${h}" fill="#eef3ea"/>${waves}${texts}</svg>`;
}

/** Options of a rendered document. */
export interface DocumentOptions {
  /** The MRZ lines to print; omitted or empty for a document without MRZ. */
  mrz?: readonly string[];
  /** Photo (any format sharp reads) placed as the portrait of a TD3 page. */
  portrait?: Buffer;
  /** Pixels per millimetre (default 10). */
  pxPerMm?: number;
}

async function render(layout: Layout, options: DocumentOptions): Promise<Buffer> {
  const mm = options.pxPerMm ?? PX_PER_MM;
  const layers: OverlayOptions[] = [];
  if (layout.portrait && options.portrait) {
    const p = layout.portrait;
    const input = await sharp(options.portrait)
      .resize({ width: Math.round(p.width * mm), height: Math.round(p.height * mm), fit: "cover" })
      .toBuffer();
    layers.push({ input, left: Math.round(p.x * mm), top: Math.round(p.y * mm) });
  }
  for (const [i, line] of (options.mrz ?? []).entries()) {
    const top = layout.mrzTopsMm[i] ?? 0;
    layers.push({
      input: await mrzLine(line, mm),
      left: Math.round(5 * mm),
      top: Math.round(top * mm),
    });
  }
  return sharp(Buffer.from(backgroundSvg(layout, mm)))
    .composite(layers)
    .png()
    .toBuffer();
}

/** A TD3 passport data page (125 × 88 mm) as PNG. */
export const renderPassport = (options: DocumentOptions) => render(TD3_LAYOUT, options);

/** The MRZ side of a TD1 identity card (85.6 × 54 mm) as PNG. */
export const renderIdCard = (options: DocumentOptions) => render(TD1_LAYOUT, options);

/** How a rendered document is altered to look more like a photo of it. */
export interface PhotoAlteration {
  /** Scale factor of the whole image. */
  scale?: number;
  /** JPEG quality (1–100); PNG when absent. */
  jpegQuality?: number;
  /** Gaussian blur sigma in pixels (after scaling). */
  blur?: number;
  /** Brightness multiplier. */
  brightness?: number;
  /** Rotation in degrees (positive: clockwise), onto a grey background. */
  rotate?: number;
  /** Margin around the document, as a fraction of its width, in dark grey (a photo of the document on a table). */
  margin?: number;
}

/** Applies photo-like alterations to a rendered document. */
export async function alter(image: Buffer, a: PhotoAlteration): Promise<Buffer> {
  let pipeline = sharp(image);
  const { width = 0 } = await pipeline.metadata();
  if (a.margin) {
    const m = Math.round(width * a.margin);
    pipeline = sharp(
      await pipeline
        .extend({ top: m, bottom: m, left: m, right: m, background: "#4a4a4a" })
        .png()
        .toBuffer(),
    );
  }
  if (a.rotate)
    pipeline = sharp(await pipeline.rotate(a.rotate, { background: "#4a4a4a" }).png().toBuffer());
  if (a.scale && a.scale !== 1) {
    const meta = await pipeline.metadata();
    pipeline = sharp(
      await pipeline
        .resize({ width: Math.round((meta.width ?? 0) * a.scale) })
        .png()
        .toBuffer(),
    );
  }
  if (a.blur) pipeline = pipeline.blur(a.blur);
  if (a.brightness) pipeline = pipeline.modulate({ brightness: a.brightness });
  return a.jpegQuality
    ? pipeline.jpeg({ quality: a.jpegQuality }).toBuffer()
    : pipeline.png().toBuffer();
}
