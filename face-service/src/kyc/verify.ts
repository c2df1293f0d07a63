// KYC verification: selfie + document photo (+ MRZ, + frames) → passive (and optionally active) liveness, face
// match between selfie and document portrait, MRZ check (the given text, else OCR of the document photo when the
// service has an OCR engine), and one verdict with reasons. The response carries sha256 hashes of every input and
// an evidence hash over the canonical JSON of the whole result, so the caller can record the verdict and the hash
// without keeping any image.
import { createHash } from "node:crypto";
import canonicalize from "canonicalize";
import { normaliseMrz, readMrz, readOcrMrz, type MrzDocument } from "../documents/mrz.ts";
import {
  FaceServiceError,
  InvalidMrzError,
  MultipleFacesError,
  NoFaceError,
  NoMrzError,
} from "../errors.ts";
import { decodeImage } from "../image/decode.ts";
import type { RgbImage } from "../image/ops.ts";
import type { ActiveCheck, Challenge, FaceService, SingleFace } from "../service.ts";

/** Why a verification was rejected. */
export type KycReason =
  | "selfie_no_face"
  | "selfie_multiple_faces"
  | "document_no_face"
  | "liveness_failed"
  | "active_check_failed"
  | "face_mismatch"
  | "mrz_invalid"
  | "document_expired"
  | "document_is_specimen";

/** Inputs of one verification. */
export interface KycInput {
  selfie: Uint8Array;
  document: Uint8Array;
  mrz?: string | string[];
  frames?: Uint8Array[];
  challenge?: Challenge;
}

const sha256 = (data: Uint8Array | string) => createHash("sha256").update(data).digest("hex");

/** Face-related failures (no face, several faces) become reasons; input errors (not an image, too big) propagate. */
async function tryFace(
  run: () => Promise<SingleFace>,
  onNoFace: KycReason,
  onMany: KycReason,
  reasons: KycReason[],
): Promise<SingleFace | null> {
  try {
    return await run();
  } catch (error) {
    if (error instanceof NoFaceError) reasons.push(onNoFace);
    else if (error instanceof MultipleFacesError) reasons.push(onMany);
    else throw error;
    return null;
  }
}

/** The largest usable face of the document photo (a document may also show a small "ghost" portrait). */
async function documentFace(service: FaceService, bytes: Uint8Array, reasons: KycReason[]) {
  try {
    const { image, faces } = await service.embed(bytes, "document");
    const face = faces[0];
    return face ? { image, face } : null;
  } catch (error) {
    if (!(error instanceof NoFaceError)) throw error;
    reasons.push("document_no_face");
    return null;
  }
}

/** The MRZ lines to check and where they came from: the `mrz` field, else OCR of the document photo. */
interface FoundMrz {
  lines: string[] | null;
  source: "text" | "ocr" | null;
  problem: string | null;
}

/**
 * The given MRZ text, or (when OCR is available and no text was given) the MRZ read from the document photo; a photo
 * without a readable MRZ gives no lines and says why. `image` is the decoded photo when the face step has it.
 */
async function findMrz(
  service: FaceService,
  input: KycInput,
  image: RgbImage | null,
): Promise<FoundMrz> {
  if (input.mrz !== undefined)
    return { lines: normaliseMrz(input.mrz), source: "text", problem: null };
  if (!service.mrzReader.available) return { lines: null, source: null, problem: null };
  try {
    const decoded = image ?? (await decodeImage(input.document, service.config.images, "document"));
    return { lines: await service.mrzReader.read(decoded), source: "ocr", problem: null };
  } catch (error) {
    if (!(error instanceof NoMrzError)) throw error;
    return { lines: null, source: null, problem: error.message };
  }
}

/**
 * Checks the MRZ: invalid text is a reason (`mrz_invalid`); an OCR reading that fails its check digits is reported in
 * `mrzProblem` only, as it is more often a misread than an altered document. A valid MRZ must not be expired, nor
 * (unless allowed) an ICAO specimen.
 */
function checkDocument(found: FoundMrz, allowSpecimen: boolean, reasons: KycReason[]) {
  const base = { mrz: null, mrzProblem: found.problem, mrzSource: found.source };
  if (found.lines === null) return base;
  let mrz: MrzDocument;
  try {
    mrz = found.source === "ocr" ? readOcrMrz(found.lines) : readMrz(found.lines);
  } catch (error) {
    if (!(error instanceof InvalidMrzError)) throw error;
    if (found.source === "text") reasons.push("mrz_invalid");
    return { ...base, mrzProblem: error.message };
  }
  if (mrz.expiresOn !== null && mrz.expiresOn < new Date().toISOString().slice(0, 10))
    reasons.push("document_expired");
  if (mrz.specimen && !allowSpecimen) reasons.push("document_is_specimen");
  return { ...base, mrz };
}

/** Runs a full KYC verification and returns the verdict with its reasons and evidence hash. */
export async function verifyKyc(service: FaceService, input: KycInput) {
  const { thresholds } = service.config;
  const reasons: KycReason[] = [];
  const selfie = await tryFace(
    () => service.singleFace(input.selfie, "selfie"),
    "selfie_no_face",
    "selfie_multiple_faces",
    reasons,
  );
  const portrait = await documentFace(service, input.document, reasons);

  let livenessScore: number | null = null;
  let active: ActiveCheck | undefined;
  if (selfie) {
    const passive = await service.passiveLiveness(selfie);
    livenessScore = passive.score;
    if (!passive.live) reasons.push("liveness_failed");
    if (input.frames && input.frames.length > 0) {
      active = await service.activeCheck(selfie, input.frames, input.challenge ?? "any");
      if (!active.passed) reasons.push("active_check_failed");
    }
  }
  const faceMatch =
    selfie && portrait
      ? service.compareEmbeddings(selfie.face.embedding, portrait.face.embedding)
      : null;
  if (faceMatch && !faceMatch.match) reasons.push("face_mismatch");
  const found = await findMrz(service, input, portrait?.image ?? null);
  const document = checkDocument(found, service.config.allowSpecimenDocuments, reasons);

  const verdict: "approved" | "rejected" = reasons.length === 0 ? "approved" : "rejected";
  service.metrics.decisions.inc({ kind: "kyc", outcome: verdict });
  const result = {
    verdict,
    reasons,
    liveness: {
      score: livenessScore,
      threshold: thresholds.liveness,
      live:
        livenessScore !== null && livenessScore >= thresholds.liveness && (active?.passed ?? true),
      ...(active ? { active } : {}),
    },
    faceMatch: {
      similarity: faceMatch?.similarity ?? null,
      threshold: thresholds.match,
      match: faceMatch?.match ?? false,
    },
    document,
    evidence: {
      selfieSha256: sha256(input.selfie),
      documentSha256: sha256(input.document),
      mrzSha256: found.lines === null ? null : sha256(found.lines.join("\n")),
      framesSha256: (input.frames ?? []).map((f) => sha256(f)),
    },
    checkedAt: new Date().toISOString(),
  };
  return { ...result, evidenceHash: evidenceHash(result) };
}

/** sha256 (hex) of the RFC 8785 canonical JSON of a verification result (everything but the hash itself). */
export function evidenceHash(result: object): string {
  const canonical = canonicalize(result);
  if (canonical === undefined)
    throw new FaceServiceError("internal_error", 500, "Evidence could not be serialised");
  return sha256(canonical);
}
