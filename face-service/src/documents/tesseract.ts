// MRZ OCR with tesseract.js (Tesseract compiled to WebAssembly, Apache-2.0) and a traineddata file from npm
// (@tesseract.js-data/eng by default). One worker thread is started with the service and reused for every image;
// everything is read from local files (no CDN, no cache written). The adaptive classifier's learning is off, so a
// reading never depends on earlier requests. The zone is located first (mrz-band.ts): an image without one is
// answered without OCR. The zone is then read at up to three scales until a reading's check digits verify.
import { existsSync } from "node:fs";
import { basename, dirname } from "node:path";
import { createWorker, OEM, PSM, type Worker } from "tesseract.js";
import { NoMrzError } from "../errors.ts";
import type { Rect, RgbImage } from "../image/ops.ts";
import type { Logger } from "../logger.ts";
import { checksOut, correctMrz, mrzLinesFromText, repairMrz } from "./mrz.ts";
import { locateMrz, ocrCrop } from "./mrz-band.ts";
import type { MrzImageReader } from "./ocr.ts";

/** Characters an MRZ may contain. */
const MRZ_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789<";
/**
 * Line heights (pixels) the located zone is scaled to, tried in order: with the `eng` legacy model, 20 px read most
 * synthetic specimens, 24 px and 44 px most of the rest (MODELS.md).
 */
const LINE_HEIGHTS = [20, 24, 44];
/**
 * Tesseract settings, as a config file: no dictionaries (an MRZ has no words), no learning across images, only MRZ
 * characters, the zone read as one block of text, and the resolution of the prepared crops.
 */
const ENGINE_CONFIG = [
  "load_system_dawg 0",
  "load_freq_dawg 0",
  "classify_enable_learning 0",
  `tessedit_char_whitelist ${MRZ_ALPHABET}`,
  `tessedit_pageseg_mode ${PSM.SINGLE_BLOCK}`,
  "user_defined_dpi 300",
].join("\n");
/** Longest wait for the worker to load the core and the traineddata at start-up. */
const START_TIMEOUT_MS = 60_000;

/** Settings of the Tesseract reader. */
export interface TesseractOptions {
  /** Path of the `<lang>.traineddata` or `<lang>.traineddata.gz` file. */
  readonly trainedData: string;
  /** Tesseract engine: the legacy character classifier or the LSTM line recogniser. */
  readonly mode: "legacy" | "lstm";
}

/** One preparation of the image for the OCR engine. */
interface Attempt {
  readonly rect: Rect;
  readonly lineHeight: number;
  readonly targetLineHeight: number;
}

function languageOf(trainedData: string) {
  const file = basename(trainedData);
  const match = /^(.+)\.traineddata(\.gz)?$/.exec(file);
  if (!match?.[1]) {
    throw new Error(`OCR traineddata file must be named <lang>.traineddata[.gz]; got ${file}`);
  }
  return { lang: match[1], gzip: match[2] !== undefined, langPath: dirname(trainedData) };
}

function withTimeout<T>(promise: Promise<T>, ms: number, message: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(message)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/** Reads the MRZ of document images with one long-lived tesseract.js worker. */
export class TesseractMrzReader implements MrzImageReader {
  readonly available = true;
  private closed = false;
  private running = 0;

  private constructor(
    private readonly worker: Worker,
    private readonly logger: Logger,
  ) {
    this.thread()?.unref();
  }

  /** Starts the worker: loads the WebAssembly core and the traineddata from local files. */
  static async start(options: TesseractOptions, logger: Logger): Promise<TesseractMrzReader> {
    if (!existsSync(options.trainedData)) {
      throw new Error(`OCR traineddata not found at ${options.trainedData}`);
    }
    const { lang, gzip, langPath } = languageOf(options.trainedData);
    const started = performance.now();
    const worker = await withTimeout(
      createWorker(
        lang,
        options.mode === "legacy" ? OEM.TESSERACT_ONLY : OEM.LSTM_ONLY,
        {
          langPath,
          gzip,
          cacheMethod: "none",
          logger: () => {},
          errorHandler: (error: unknown) =>
            logger.warn({ err: String(error) }, "OCR worker reported an error"),
        },
        ENGINE_CONFIG,
      ),
      START_TIMEOUT_MS,
      `The OCR worker did not start within ${START_TIMEOUT_MS / 1000} s (traineddata ${options.trainedData})`,
    );
    logger.info(
      { lang, mode: options.mode, durationMs: Math.round(performance.now() - started) },
      "Started OCR worker",
    );
    return new TesseractMrzReader(worker, logger);
  }

  async read(image: RgbImage): Promise<string[]> {
    if (this.running++ === 0) this.thread()?.ref();
    try {
      return await this.readZone(image);
    } finally {
      if (--this.running === 0) this.thread()?.unref();
    }
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.worker.terminate();
  }

  /**
   * The worker thread (tesseract.js exposes it as `worker.worker`), held only while a read runs: an idle reader
   * never keeps the process alive, so a script that forgets close() still exits.
   */
  private thread(): { ref(): void; unref(): void } | undefined {
    return (this.worker as unknown as { worker?: { ref(): void; unref(): void } }).worker;
  }

  private async readZone(image: RgbImage): Promise<string[]> {
    const started = performance.now();
    let best: string[] | null = null;
    let tried = 0;
    for (const attempt of await this.attempts(image)) {
      tried++;
      const lines = await this.recognise(image, attempt);
      if (!lines) continue;
      best ??= lines;
      const verified = checksOut(lines) ? lines : repairMrz(lines);
      if (verified) {
        this.logReading("Read MRZ from image", tried, started);
        return verified;
      }
    }
    this.logReading(best ? "Read MRZ with failing check digits" : "Found no MRZ", tried, started);
    if (!best) {
      throw new NoMrzError(
        "No machine-readable zone was found in the image; send a sharp, upright (not tilted) photo of the whole document page with the MRZ at the bottom, or the MRZ text in the `mrz` field",
      );
    }
    return best;
  }

  /** The located zone at each line height; none when no zone is found (then the image holds no readable MRZ). */
  private async attempts(image: RgbImage): Promise<Attempt[]> {
    const zone = await locateMrz(image);
    return zone ? LINE_HEIGHTS.map((targetLineHeight) => ({ ...zone, targetLineHeight })) : [];
  }

  private async recognise(image: RgbImage, attempt: Attempt): Promise<string[] | null> {
    const png = await ocrCrop(image, attempt.rect, attempt.lineHeight, attempt.targetLineHeight);
    const { data } = await this.worker.recognize(png);
    const lines = mrzLinesFromText(data.text);
    return lines ? correctMrz(lines) : null;
  }

  private logReading(msg: string, attempts: number, started: number) {
    this.logger.debug({ attempts, durationMs: Math.round(performance.now() - started) }, msg);
  }
}
