// The face engine: detection → landmarks → quality checks → alignment → embedding for every face in an image,
// plus passive liveness and the frame-sequence (active) check. The HTTP layer and the evaluation both use it.
import { laplacianVariance, type Rect, type RgbImage } from "../image/ops.ts";
import { detectFaces } from "./detector.ts";
import { alignFace, embedAligned } from "./embedder.ts";
import { fivePoints, type Point } from "./geometry.ts";
import { predictLandmarks } from "./landmarks.ts";
import { eyeOpenness, headTurn, livenessScore } from "./liveness.ts";
import type { ModelSet } from "./models.ts";

/** Thresholds of the engine; defaults come from config.ts and the evaluation in MODELS.md. */
export interface EngineOptions {
  /** Detector confidence below which a box is ignored. */
  readonly minDetectionScore: number;
  /** Smallest accepted face box side in pixels (of the working image). */
  readonly minFaceSize: number;
  /** Smallest accepted sharpness (variance of the Laplacian of the aligned 112×112 face). */
  readonly minSharpness: number;
  /** Smallest accepted mean eye-open probability. */
  readonly minEyesOpen: number;
}

/** Quality measurements of one face. */
export interface FaceQuality {
  /** 0..1: detector score × size factor × sharpness factor × eyes-open probability. */
  readonly score: number;
  readonly faceSize: number;
  readonly sharpness: number;
  readonly eyesOpen: number;
}

/** Why a detected face was not used. */
export type RejectionReason = "face_too_small" | "face_too_blurred" | "eyes_closed";

/** A detected face that passed the quality checks. */
export interface AnalysedFace {
  readonly box: Rect;
  readonly detectionScore: number;
  readonly landmarks: Point[];
  readonly quality: FaceQuality;
  readonly embedding: Float32Array;
}

/** A detected face that failed a quality check, with the reason. */
export interface RejectedFace {
  readonly box: Rect;
  readonly detectionScore: number;
  readonly reason: RejectionReason;
  readonly quality: FaceQuality;
}

/** Everything found in one image, largest face first. */
export interface Analysis {
  readonly width: number;
  readonly height: number;
  readonly faces: AnalysedFace[];
  readonly rejected: RejectedFace[];
}

const area = (box: Rect) => box.width * box.height;

/** Runs the face models over images. Safe to share between concurrent requests. */
export class FaceEngine {
  constructor(
    private readonly models: ModelSet,
    readonly options: EngineOptions,
  ) {}

  /**
   * Detects, checks, aligns and embeds every face in `image`. With `requireOpenEyes: false` (frames of an active
   * liveness check, where a blink is expected) closed eyes do not reject a face.
   */
  async analyse(image: RgbImage, { requireOpenEyes = true } = {}): Promise<Analysis> {
    const detections = await detectFaces(
      this.models.detector,
      image,
      this.options.minDetectionScore,
    );
    const faces: AnalysedFace[] = [];
    const rejected: RejectedFace[] = [];
    for (const detection of detections.sort((a, b) => area(b.box) - area(a.box))) {
      const landmarks = await predictLandmarks(this.models.landmarks, image, detection.box);
      const aligned = alignFace(image, fivePoints(landmarks));
      const eyes = await eyeOpenness(this.models.eyeState, image, landmarks);
      const quality = this.measure(
        detection.score,
        detection.box,
        laplacianVariance(aligned),
        eyes,
      );
      const reason = this.rejectionReason(quality, requireOpenEyes);
      if (reason) {
        rejected.push({ box: detection.box, detectionScore: detection.score, reason, quality });
        continue;
      }
      const embedding = await embedAligned(this.models.embedding, aligned);
      faces.push({
        box: detection.box,
        detectionScore: detection.score,
        landmarks,
        quality,
        embedding,
      });
    }
    return { width: image.width, height: image.height, faces, rejected };
  }

  /** Passive liveness of the face in `box`: probability that it is a live person. */
  liveness(image: RgbImage, box: Rect): Promise<number> {
    return livenessScore(this.models.liveness, image, box);
  }

  /** Head-turn measure of a face (see vision/liveness.ts). */
  headTurn(landmarks: readonly Point[]): number {
    return headTurn(landmarks);
  }

  /** Eye-open probabilities of a face, for blink detection over frames. */
  eyesOpen(image: RgbImage, landmarks: readonly Point[]): Promise<number[]> {
    return eyeOpenness(this.models.eyeState, image, landmarks);
  }

  private measure(
    detectionScore: number,
    box: Rect,
    sharpness: number,
    eyes: number[],
  ): FaceQuality {
    const faceSize = Math.min(box.width, box.height);
    const eyesOpen = eyes.reduce((a, b) => a + b, 0) / Math.max(1, eyes.length);
    const sizeFactor = Math.min(1, faceSize / (2 * this.options.minFaceSize));
    const sharpnessFactor = Math.min(1, sharpness / (4 * this.options.minSharpness));
    const score = detectionScore * sizeFactor * sharpnessFactor * eyesOpen;
    return { score, faceSize, sharpness, eyesOpen };
  }

  private rejectionReason(
    quality: FaceQuality,
    requireOpenEyes: boolean,
  ): RejectionReason | undefined {
    if (quality.faceSize < this.options.minFaceSize) return "face_too_small";
    if (quality.sharpness < this.options.minSharpness) return "face_too_blurred";
    if (requireOpenEyes && quality.eyesOpen < this.options.minEyesOpen) return "eyes_closed";
    return undefined;
  }
}
