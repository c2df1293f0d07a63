// The face service's operations, independent of HTTP: embed, compare, liveness (passive and frame sequence),
// enrol / search / delete, and MRZ reading. Inputs are image bytes; errors are FaceServiceError subclasses.
import type { Config } from "./config.ts";
import { type MrzDocument, readMrz, readOcrMrz } from "./documents/mrz.ts";
import type { MrzImageReader } from "./documents/ocr.ts";
import { MultipleFacesError, NoFaceError } from "./errors.ts";
import { decodeImage } from "./image/decode.ts";
import type { RgbImage } from "./image/ops.ts";
import type { Metrics } from "./metrics.ts";
import type { SearchHit, TemplateStore } from "./templates/store.ts";
import { cosine } from "./vision/embedder.ts";
import type { AnalysedFace, Analysis, FaceEngine, RejectedFace } from "./vision/engine.ts";

/** What an active (frame-sequence) check must show. */
export type Challenge = "blink" | "turn_head" | "any";

/** Outcome of an active liveness check. */
export interface ActiveCheck {
  challenge: Challenge;
  passed: boolean;
  frames: number;
  blinkDetected: boolean;
  headTurnRange: number;
  samePerson: boolean;
  reasons: string[];
}

/** A decoded image with its one usable face. */
export interface SingleFace {
  image: RgbImage;
  face: AnalysedFace;
}

const REJECTION_MESSAGES: Record<RejectedFace["reason"], string> = {
  face_too_small: "The face is too small; move closer or send a larger image",
  face_too_blurred: "The face is too blurred; hold still and use a sharper image",
  eyes_closed: "The eyes are closed or not visible; look at the camera with open eyes",
};

/** A person-readable sentence for a rejection reason. */
export const rejectionMessage = (reason: RejectedFace["reason"]) => REJECTION_MESSAGES[reason];

/** Eye-open probabilities below / above which a frame counts as eyes closed / open in a blink. */
const BLINK_CLOSED = 0.3;
const BLINK_OPEN = 0.7;

const MOTION_MISSING: Record<Challenge, string> = {
  blink: "no_blink",
  turn_head: "no_head_turn",
  any: "no_blink_or_head_turn",
};

export class FaceService {
  constructor(
    readonly config: Config,
    readonly engine: FaceEngine,
    readonly store: TemplateStore,
    readonly mrzReader: MrzImageReader,
    readonly metrics: Metrics,
  ) {}

  /** Decodes and analyses an image; throws NoFaceError when it holds no usable face. */
  async embed(bytes: Uint8Array, field = "image"): Promise<Analysis & { image: RgbImage }> {
    const image = await decodeImage(bytes, this.config.images, field);
    const analysis = await this.engine.analyse(image);
    if (analysis.faces.length === 0) throw this.noFace(analysis, field);
    return { ...analysis, image };
  }

  /** The one usable face of an image; NoFaceError or MultipleFacesError otherwise. */
  async singleFace(bytes: Uint8Array, field = "image"): Promise<SingleFace> {
    const { image, faces } = await this.embed(bytes, field);
    const [face] = faces;
    if (!face) throw new NoFaceError(`No usable face in ${field}`, { field });
    if (faces.length > 1) throw new MultipleFacesError(faces.length);
    return { image, face };
  }

  /** Cosine similarity of two embeddings with the decision at the configured threshold. */
  compareEmbeddings(a: Float32Array, b: Float32Array) {
    const similarity = cosine(a, b);
    const threshold = this.config.thresholds.match;
    const match = similarity >= threshold;
    this.metrics.decisions.inc({ kind: "compare", outcome: match ? "match" : "no_match" });
    return { similarity, threshold, match };
  }

  /** Passive liveness of the single face of an image. */
  async passiveLiveness({ image, face }: SingleFace) {
    const score = await this.engine.liveness(image, face.box);
    const threshold = this.config.thresholds.liveness;
    const live = score >= threshold;
    this.metrics.decisions.inc({ kind: "liveness", outcome: live ? "live" : "not_live" });
    return { score, threshold, live };
  }

  /**
   * Active check over `frames` (the first reference face included): every frame must show one face of the same
   * person, and together they must show a blink (eyes open in one frame, closed in another) or a head turn.
   */
  async activeCheck(
    reference: SingleFace,
    frames: Uint8Array[],
    challenge: Challenge,
  ): Promise<ActiveCheck> {
    const reasons: string[] = [];
    const eyes = [reference.face.quality.eyesOpen];
    const turns = [this.engine.headTurn(reference.face.landmarks)];
    let samePerson = true;
    for (const [i, bytes] of frames.entries()) {
      const image = await decodeImage(bytes, this.config.images, `frames[${i}]`);
      const analysis = await this.engine.analyse(image, { requireOpenEyes: false });
      const [face] = analysis.faces;
      if (!face || analysis.faces.length !== 1) {
        reasons.push(`frame_${i}_needs_one_face`);
        continue;
      }
      if (cosine(face.embedding, reference.face.embedding) < this.config.thresholds.match)
        samePerson = false;
      eyes.push(face.quality.eyesOpen);
      turns.push(this.engine.headTurn(face.landmarks));
    }
    const blinkDetected = eyes.some((e) => e < BLINK_CLOSED) && eyes.some((e) => e > BLINK_OPEN);
    const headTurnRange = Math.max(...turns) - Math.min(...turns);
    const turned = headTurnRange >= this.config.headTurnMinRange;
    if (!samePerson) reasons.push("frames_show_different_people");
    const moved =
      challenge === "blink"
        ? blinkDetected
        : challenge === "turn_head"
          ? turned
          : blinkDetected || turned;
    if (!moved) reasons.push(MOTION_MISSING[challenge]);
    const passed = reasons.length === 0;
    this.metrics.decisions.inc({ kind: "active_liveness", outcome: passed ? "passed" : "failed" });
    return {
      challenge,
      passed,
      frames: frames.length + 1,
      blinkDetected,
      headTurnRange,
      samePerson,
      reasons,
    };
  }

  /** Enrols the one face of an image under `subject`. */
  async enroll(subject: string, bytes: Uint8Array) {
    const { face } = await this.singleFace(bytes);
    const { replaced } = await this.store.enroll(subject, face.embedding);
    this.metrics.templates.set(this.store.size);
    return { subject, replaced, quality: face.quality, enrolledSubjects: this.store.size };
  }

  /** The enrolled subjects nearest to an embedding, each with its decision at the threshold. */
  search(embedding: Float32Array, topK = this.config.templates.searchTopK) {
    const threshold = this.config.thresholds.match;
    const hits: SearchHit[] = this.store.search(embedding, topK);
    const matches = hits.map((h) => ({ ...h, match: h.similarity >= threshold }));
    const best = matches[0];
    return {
      threshold,
      matches,
      bestMatch: best?.match ? { subject: best.subject, similarity: best.similarity } : null,
    };
  }

  /** Removes a subject's template from the index and storage. */
  async remove(subject: string) {
    await this.store.delete(subject);
    this.metrics.templates.set(this.store.size);
    return { subject, deleted: true as const };
  }

  /** Parses MRZ text, or reads it from a document image through the configured OCR reader. */
  async mrz(input: { text?: string | string[]; image?: Uint8Array }): Promise<MrzDocument> {
    if (input.text !== undefined) return readMrz(input.text);
    const image = await decodeImage(input.image ?? new Uint8Array(), this.config.images, "image");
    return readOcrMrz(await this.mrzReader.read(image));
  }

  /** Stops the OCR worker; the service answers no more image reads afterwards. */
  async close(): Promise<void> {
    await this.mrzReader.close();
  }

  private noFace(analysis: Analysis, field: string): NoFaceError {
    if (analysis.rejected.length === 0)
      return new NoFaceError(`No face was found in ${field}`, { field });
    const reasons = [...new Set(analysis.rejected.map((r) => r.reason))];
    return new NoFaceError(
      `No usable face in ${field}: ${reasons.map(rejectionMessage).join("; ")}`,
      {
        field,
        rejected: reasons,
      },
    );
  }
}
