// zod schemas of every request and response of the HTTP API; the OpenAPI document is generated from them.
import { z } from "@hono/zod-openapi";

// ---- Shared pieces -------------------------------------------------------------------------------------------

export const ErrorSchema = z
  .object({
    error: z.object({
      code: z.string().openapi({ example: "no_face" }),
      message: z.string().openapi({ example: "No face was found in the image" }),
      retryable: z.boolean(),
      details: z.record(z.string(), z.unknown()).optional(),
    }),
  })
  .openapi("Error");

const Base64Image = z.string().min(1).openapi({
  description: "Image bytes (JPEG, PNG or WebP) as base64, optionally as a data: URL",
  format: "byte",
});

const ImageFile = z
  .instanceof(File)
  .openapi({ type: "string", format: "binary", description: "Image file (JPEG, PNG or WebP)" });

const Embedding = z
  .array(z.number().finite())
  .length(512)
  .openapi({ description: "Unit-length 512-d face embedding" });

const Subject = z
  .string()
  .min(1)
  .max(128)
  .regex(/^[A-Za-z0-9._:@-]+$/, "letters, digits and . _ : @ - only")
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
  .union([z.array(ImageFile), ImageFile])
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

const FaceInput = z
  .object({ image: Base64Image.optional(), embedding: Embedding.optional() })
  .refine(
    (v) => (v.image === undefined) !== (v.embedding === undefined),
    "give exactly one of image or embedding",
  );

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
  .enum(["blink", "turn_head", "any"])
  .default("any")
  .openapi({ description: "What the frame sequence must show" });

export const LivenessJson = z
  .object({
    image: Base64Image,
    frames: z.array(Base64Image).max(30).optional(),
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

const TopK = z.coerce.number().int().min(1).max(100).optional();
export const SearchJson = z
  .object({ image: Base64Image.optional(), embedding: Embedding.optional(), topK: TopK })
  .refine(
    (v) => (v.image === undefined) !== (v.embedding === undefined),
    "give exactly one of image or embedding",
  )
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

const MrzText = z
  .union([z.string().min(1).max(300), z.array(z.string().min(1).max(60)).min(2).max(3)])
  .openapi({ description: "MRZ lines: one string with line breaks, or an array of 2–3 lines" });

export const MrzJson = z
  .object({
    mrz: MrzText.optional(),
    image: Base64Image.optional().openapi({
      description:
        "Photo or scan of the document page bearing the MRZ (upright, the MRZ at the bottom), read by OCR",
    }),
  })
  .refine(
    (v) => (v.mrz === undefined) !== (v.image === undefined),
    "give exactly one of mrz or image",
  )
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
    frames: z.array(Base64Image).max(30).optional(),
    challenge: Challenge,
  })
  .openapi("KycVerifyRequest");
export const KycForm = z.object({
  selfie: ImageFile,
  document: ImageFile,
  mrz: z.string().min(1).max(300).optional(),
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
