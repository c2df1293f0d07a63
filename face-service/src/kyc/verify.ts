// KYC verification: selfie + document photo (+ MRZ, + frames) → passive (and optionally active) liveness, face
// match between selfie and document portrait, MRZ check, and one verdict with reasons. The response carries sha256
// hashes of every input and an evidence hash over the canonical JSON of the whole result, so the caller can record
// the verdict and the hash without keeping any image.
import { createHash } from "node:crypto";
import canonicalize from "canonicalize";
import { normaliseMrz, readMrz, type MrzDocument } from "../documents/mrz.ts";
import { FaceServiceError, InvalidMrzError, MultipleFacesError, NoFaceError } from "../errors.ts";
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

function checkDocument(input: KycInput, allowSpecimen: boolean, reasons: KycReason[]) {
  if (input.mrz === undefined) return { mrz: null, mrzProblem: null };
  let mrz: MrzDocument;
  try {
    mrz = readMrz(input.mrz);
  } catch (error) {
    if (!(error instanceof InvalidMrzError)) throw error;
    reasons.push("mrz_invalid");
    return { mrz: null, mrzProblem: error.message };
  }
  if (mrz.expiresOn !== null && mrz.expiresOn < new Date().toISOString().slice(0, 10))
    reasons.push("document_expired");
  if (mrz.specimen && !allowSpecimen) reasons.push("document_is_specimen");
  return { mrz, mrzProblem: null };
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
  const document = checkDocument(input, service.config.allowSpecimenDocuments, reasons);

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
      mrzSha256: input.mrz === undefined ? null : sha256(normaliseMrz(input.mrz).join("\n")),
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
