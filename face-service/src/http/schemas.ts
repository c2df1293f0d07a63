// zod schemas of every request and response of the HTTP API; the OpenAPI document is generated from them. Each
// request field carries its own error messages, written to follow "Field `name` …" (see validationHook in
// errors.ts), so a client learns which field is wrong and what it must hold.
import { z } from "@hono/zod-openapi";
import { ERROR_CODES } from "../errors.ts";

// ---- Shared pieces -------------------------------------------------------------------------------------------

export const ErrorSchema = z
  .object({
    error: z.object({
      code: z.enum(ERROR_CODES).openapi({ example: "no_face" }),
      message: z.string().openapi({ example: "No face was found in image" }),
      retryable: z.boolean(),
      details: z.record(z.string(), z.unknown()).optional(),
    }),
  })
  .openapi("Error");

/** An error message that says "is required (…)" when the field is absent and "must be …" otherwise. */
const expect =
  (required: string, wrong: string) =>
  (issue: { input?: unknown }): string =>
    issue.input === undefined ? `is required (${required})` : `must be ${wrong}`;

const IMAGE_REQUIRED = "multipart/form-data file or base64 in JSON";

const Base64Image = z
  .string({ error: expect(IMAGE_REQUIRED, "the image as a base64 string or a data: URL") })
  .min(1, { error: "is empty; send the image bytes as base64" })
  .openapi({
    description: "Image bytes (JPEG, PNG or WebP) as base64, optionally as a data: URL",
    format: "byte",
  });

const ImageFile = z
  .instanceof(File, {
    error: expect(
      IMAGE_REQUIRED,
      "an image file (a multipart/form-data part with a filename), not text",
    ),
  })
  .openapi({ type: "string", format: "binary", description: "Image file (JPEG, PNG or WebP)" });

const Base64Frames = z
  .array(Base64Image, { error: "must be an array of base64 images" })
  .max(30, { error: "must hold at most 30 images" });

const Embedding = z
  .array(
    z
      .number({ error: "must hold only numbers" })
      .finite({ error: "must hold only finite numbers" }),
    {
      error: "must be an array of 512 numbers (an embedding from /face/embed)",
    },
  )
  .length(512, { error: "must hold exactly 512 numbers (an embedding from /face/embed)" })
  .openapi({ description: "Unit-length 512-d face embedding" });

const Subject = z
  .string({ error: expect("the subject id chosen by the caller, e.g. user-1234", "a string") })
  .min(1, { error: "must not be empty" })
  .max(128, { error: "must be at most 128 characters long" })
  .regex(/^[A-Za-z0-9._:@-]+$/, { error: "may hold only letters, digits and . _ : @ -" })
  .openapi({
    description: "Opaque id of the enrolled person, chosen by the caller",
    example: "user-1234",
  });

const Box = z
  .object({ x: z.number(), y: z.number(), width: z.number(), height: z.number() })
  .openapi("Box", { description: "Face box in pixels of the analysed image" });

const Point = z.object({ x: z.number(), y: z.number() });

const Quality = z
  .object({
    score: z
      .number()
      .openapi({ description: "0..1: detector score × size × sharpness × eyes-open factors" }),
    faceSize: z.number().openapi({ description: "Shorter side of the face box in pixels" }),
    sharpness: z.number().openapi({ description: "Variance of the Laplacian of the aligned face" }),
    eyesOpen: z.number().openapi({ description: "Mean probability that the eyes are open" }),
  })
  .openapi("Quality");

const Rejection = z.object({
  box: Box,
  detectionScore: z.number(),
  reason: z.enum(["face_too_small", "face_too_blurred", "eyes_closed"]),
  message: z.string(),
  quality: Quality,
});

const FilesOrOne = z
  .union([z.array(ImageFile), ImageFile], {
    error: "must be image files: one multipart/form-data file part named `frames` per frame",
  })
  .transform((v) => (Array.isArray(v) ? v : [v]))
  .openapi({ type: "array", items: { type: "string", format: "binary" } });

// ---- /face/embed --------------------------------------------------------------------------------------------

export const EmbedJson = z.object({ image: Base64Image }).openapi("EmbedRequest");
export const EmbedForm = z.object({ image: ImageFile });

export const EmbedResponse = z
  .object({
    width: z.number().int(),
    height: z.number().int(),
    faces: z.array(
      z.object({
        box: Box,
        detectionScore: z.number(),
        landmarks: z.array(Point).length(68),
        quality: Quality,
        embedding: Embedding,
      }),
    ),
    rejected: z.array(Rejection),
  })
  .openapi("EmbedResponse");

// ---- /face/compare ------------------------------------------------------------------------------------------

const FACE_INPUT = "an object with `image` (base64) or `embedding` (512 numbers)";
const FaceInput = z
  .object(
    { image: Base64Image.optional(), embedding: Embedding.optional() },
    { error: expect(FACE_INPUT, FACE_INPUT) },
  )
  .refine((v) => (v.image === undefined) !== (v.embedding === undefined), {
    error: "must hold exactly one of `image` (base64) or `embedding` (512 numbers)",
  });

export const CompareJson = z.object({ a: FaceInput, b: FaceInput }).openapi("CompareRequest");
export const CompareForm = z.object({ a: ImageFile, b: ImageFile });

export const CompareResponse = z
  .object({
    similarity: z.number().openapi({ description: "Cosine similarity of the two faces, -1..1" }),
    threshold: z.number(),
    match: z.boolean(),
  })
  .openapi("CompareResponse");

// ---- /face/liveness -----------------------------------------------------------------------------------------

const Challenge = z
  .enum(["blink", "turn_head", "any"], { error: "must be one of blink, turn_head or any" })
  .default("any")
  .openapi({ description: "What the frame sequence must show" });

export const LivenessJson = z
  .object({
    image: Base64Image,
    frames: Base64Frames.optional(),
    challenge: Challenge,
  })
  .openapi("LivenessRequest");
export const LivenessForm = z.object({
  image: ImageFile,
  frames: FilesOrOne.optional(),
  challenge: Challenge,
});

const ActiveResult = z
  .object({
    challenge: z.enum(["blink", "turn_head", "any"]),
    passed: z.boolean(),
    frames: z.number().int(),
    blinkDetected: z.boolean(),
    headTurnRange: z
      .number()
      .openapi({ description: "Range of the head-turn measure over the frames" }),
    samePerson: z.boolean(),
    reasons: z.array(z.string()),
  })
  .openapi("ActiveLiveness");

export const LivenessResponse = z
  .object({
    passive: z.object({ score: z.number(), threshold: z.number(), live: z.boolean() }),
    active: ActiveResult.optional(),
    live: z.boolean(),
  })
  .openapi("LivenessResponse");

// ---- 1:N ------------------------------------------------------------------------------------------------------

export const EnrollJson = z
  .object({ subject: Subject, image: Base64Image })
  .openapi("EnrollRequest");
export const EnrollForm = z.object({ subject: Subject, image: ImageFile });
export const EnrollResponse = z
  .object({
    subject: Subject,
    replaced: z.boolean(),
    quality: Quality,
    enrolledSubjects: z.number().int(),
  })
  .openapi("EnrollResponse");

const TOP_K = "a whole number from 1 to 100";
const TopK = z.coerce
  .number({ error: `must be ${TOP_K}` })
  .int({ error: `must be ${TOP_K}` })
  .min(1, { error: `must be ${TOP_K}` })
  .max(100, { error: `must be ${TOP_K}` })
  .optional();
export const SearchJson = z
  .object({ image: Base64Image.optional(), embedding: Embedding.optional(), topK: TopK })
  .refine((v) => (v.image === undefined) !== (v.embedding === undefined), {
    error:
      "Send exactly one of `image` (multipart/form-data file or base64 in JSON) or `embedding` (512 numbers)",
  })
  .openapi("SearchRequest");
export const SearchForm = z.object({ image: ImageFile, topK: TopK });
export const SearchResponse = z
  .object({
    threshold: z.number(),
    matches: z.array(z.object({ subject: Subject, similarity: z.number(), match: z.boolean() })),
    bestMatch: z.object({ subject: Subject, similarity: z.number() }).nullable(),
  })
  .openapi("SearchResponse");

export const SubjectParams = z.object({
  subject: Subject.openapi({ param: { name: "subject", in: "path" } }),
});
export const DeleteResponse = z
  .object({ subject: Subject, deleted: z.literal(true) })
  .openapi("DeleteResponse");

// ---- /id/mrz --------------------------------------------------------------------------------------------------

const MRZ_TEXT = "must be the MRZ as one string with line breaks or an array of 2–3 lines";
const MrzLine = z
  .string({ error: "must be a line of MRZ text" })
  .min(1, { error: "must not be empty" })
  .max(60, { error: "must be at most 60 characters long (an MRZ line has 30, 36 or 44)" });
const MrzText = z
  .union(
    [
      z
        .string()
        .min(1, { error: "must not be empty" })
        .max(300, { error: "must be at most 300 characters long" }),
      z.array(MrzLine).min(2, { error: MRZ_TEXT }).max(3, { error: MRZ_TEXT }),
    ],
    { error: MRZ_TEXT },
  )
  .openapi({ description: "MRZ lines: one string with line breaks, or an array of 2–3 lines" });

export const MrzJson = z
  .object({
    mrz: MrzText.optional(),
    image: Base64Image.optional().openapi({
      description:
        "Photo or scan of the document page bearing the MRZ (upright, the MRZ at the bottom), read by OCR",
    }),
  })
  .refine((v) => (v.mrz === undefined) !== (v.image === undefined), {
    error:
      "Send exactly one of `mrz` (the MRZ text) or `image` (a photo of the document page, multipart/form-data file or base64 in JSON)",
  })
  .openapi("MrzRequest");
export const MrzForm = z.object({ image: ImageFile });

export const MrzDocumentSchema = z
  .object({
    format: z.enum(["TD1", "TD2", "TD3"]),
    specimen: z.boolean(),
    documentNumber: z.string().nullable(),
    fields: z.record(z.string(), z.string().nullable()),
    expiresOn: z.string().nullable(),
    checkDigits: z.array(z.object({ field: z.string(), valid: z.boolean() })),
  })
  .openapi("MrzDocument");

// ---- /kyc/verify ----------------------------------------------------------------------------------------------

export const KycJson = z
  .object({
    selfie: Base64Image,
    document: Base64Image,
    mrz: MrzText.optional(),
    frames: Base64Frames.optional(),
    challenge: Challenge,
  })
  .openapi("KycVerifyRequest");
export const KycForm = z.object({
  selfie: ImageFile,
  document: ImageFile,
  mrz: z
    .string({ error: "must be the MRZ text (2–3 lines separated by line breaks)" })
    .min(1, { error: "must not be empty" })
    .max(300, { error: "must be at most 300 characters long" })
    .optional(),
  frames: FilesOrOne.optional(),
  challenge: Challenge,
});

export const KycReason = z.enum([
  "selfie_no_face",
  "selfie_multiple_faces",
  "document_no_face",
  "liveness_failed",
  "active_check_failed",
  "face_mismatch",
  "mrz_invalid",
  "document_expired",
  "document_is_specimen",
]);

export const KycResponse = z
  .object({
    verdict: z.enum(["approved", "rejected"]),
    reasons: z.array(KycReason),
    liveness: z.object({
      score: z.number().nullable(),
      threshold: z.number(),
      live: z.boolean(),
      active: ActiveResult.optional(),
    }),
    faceMatch: z.object({
      similarity: z.number().nullable(),
      threshold: z.number(),
      match: z.boolean(),
    }),
    document: z.object({
      mrz: MrzDocumentSchema.nullable(),
      mrzProblem: z.string().nullable(),
      mrzSource: z.enum(["text", "ocr"]).nullable().openapi({
        description:
          "Where the checked MRZ came from: the `mrz` field, or OCR of the document photo when no text was sent",
      }),
    }),
    evidence: z.object({
      selfieSha256: z.string(),
      documentSha256: z.string(),
      mrzSha256: z.string().nullable(),
      framesSha256: z.array(z.string()),
    }),
    evidenceHash: z.string().openapi({
      description:
        "sha256 (hex) of the RFC 8785 canonical JSON of verdict, reasons, scores and evidence",
    }),
    checkedAt: z.string(),
  })
  .openapi("KycVerifyResponse");

// ---- service --------------------------------------------------------------------------------------------------

export const HealthResponse = z
  .object({
    status: z.literal("ok"),
    models: z.boolean(),
    enrolledSubjects: z.number().int(),
    ocr: z.boolean(),
  })
  .openapi("Health");
