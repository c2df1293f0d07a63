// The HTTP API (Hono + @hono/zod-openapi): routes, request/response schemas, the OpenAPI document at
// /openapi.json with a docs page at /docs, /health, /metrics, one log line per request and the error mapping.
import { createRoute, OpenAPIHono, type z } from "@hono/zod-openapi";
import type { Context, MiddlewareHandler } from "hono";
import { bodyLimit } from "hono/body-limit";
import {
  ImageTooLargeError,
  InvalidRequestError,
  MethodNotAllowedError,
  RouteNotFoundError,
} from "../errors.ts";
import { verifyKyc } from "../kyc/verify.ts";
import type { Logger } from "../logger.ts";
import { rejectionMessage, type FaceService } from "../service.ts";
import type { AnalysedFace, RejectedFace } from "../vision/engine.ts";
import { docsRoutes } from "./docs.ts";
import { errorBody, handleError, validationHook } from "./errors.ts";
import { imageBytes } from "./inputs.ts";
import * as S from "./schemas.ts";

const errorResponses = {
  400: {
    description: "Malformed request",
    content: { "application/json": { schema: S.ErrorSchema } },
  },
  413: {
    description: "Image or body too large",
    content: { "application/json": { schema: S.ErrorSchema } },
  },
  415: {
    description: "Not a supported image or content type",
    content: { "application/json": { schema: S.ErrorSchema } },
  },
  422: {
    description: "No usable face, several faces, or invalid MRZ",
    content: { "application/json": { schema: S.ErrorSchema } },
  },
};

const body = <J extends z.ZodType, F extends z.ZodType>(json: J, form: F) => ({
  content: { "application/json": { schema: json }, "multipart/form-data": { schema: form } },
});

/** Whether the request carries body bytes (read once; Hono caches them for later readers). */
const hasBody = async (c: Context) =>
  c.req.raw.body !== null && (await c.req.arrayBuffer()).byteLength > 0;

/**
 * A POST without Content-Type and without a body skips both body validators (the body is optional to them), so it is
 * checked here as an empty JSON object: the client learns which fields are required instead of reaching the handler
 * with none. A body without Content-Type goes on to the media-type gate (415).
 */
const requireFields =
  (json: z.ZodType): MiddlewareHandler =>
  async (c, next) => {
    if (!c.req.header("content-type") && !(await hasBody(c))) {
      validationHook({ ...json.safeParse({}), data: {}, target: "json" });
    }
    await next();
  };
const ok = <T extends z.ZodType>(schema: T, description: string) => ({
  description,
  content: { "application/json": { schema } },
});

const isMultipart = (c: Context) =>
  (c.req.header("content-type") ?? "").toLowerCase().startsWith("multipart/");

const faceJson = (f: AnalysedFace) => ({
  box: f.box,
  detectionScore: f.detectionScore,
  landmarks: f.landmarks,
  quality: f.quality,
  embedding: Array.from(f.embedding),
});
const rejectedJson = (r: RejectedFace) => ({ ...r, message: rejectionMessage(r.reason) });

/**
 * The methods the app serves on a concrete path (`/face/embed` also matches `DELETE /face/:subject`), HEAD with GET,
 * for the 405 answer and its Allow header. Middleware (method ALL) serves no path of its own.
 */
function methodsByPath(routes: readonly { method: string; path: string }[]) {
  const patterns = routes
    .filter((r) => r.method !== "ALL")
    .map((r) => ({
      method: r.method,
      pattern: new RegExp(
        `^${r.path
          .replace(/[.+?^${}()|[\]\\]/g, "\\$&")
          .replace(/\*/g, ".*")
          .replace(/:\w+/g, "[^/]+")}$`,
      ),
    }));
  return (path: string): string[] => {
    const methods = new Set(patterns.filter((p) => p.pattern.test(path)).map((p) => p.method));
    if (methods.has("GET")) methods.add("HEAD");
    return [...methods].sort();
  };
}

/** Builds the Hono app around a FaceService. */
export function createApp(service: FaceService, logger: Logger) {
  const { config, metrics } = service;
  const maxBytes = config.images.maxBytes;
  const app = new OpenAPIHono({ defaultHook: validationHook });

  app.onError(handleError(logger));
  let routeMethods: ((path: string) => string[]) | undefined;
  app.notFound((c) => {
    routeMethods ??= methodsByPath(app.routes);
    const allowed = routeMethods(c.req.path);
    if (allowed.length === 0) {
      return c.json(errorBody(new RouteNotFoundError(c.req.method, c.req.path)), 404);
    }
    c.header("Allow", allowed.join(", "));
    return c.json(errorBody(new MethodNotAllowedError(c.req.method, c.req.path, allowed)), 405);
  });
  app.use("*", async (c, next) => {
    const started = performance.now();
    await next();
    const route = c.req.routePath;
    const seconds = (performance.now() - started) / 1000;
    metrics.httpRequests.inc({ method: c.req.method, route, status: String(c.res.status) });
    metrics.httpDuration.observe({ method: c.req.method, route }, seconds);
    if (route !== "/health" && route !== "/metrics") {
      logger.info(
        {
          method: c.req.method,
          route,
          status: c.res.status,
          durationMs: Math.round(seconds * 1000),
        },
        "Handled request",
      );
    }
  });
  const maxBodyBytes = Math.ceil((config.maxFrames + 2) * maxBytes * 1.4) + 65_536;
  app.use(
    "*",
    bodyLimit({
      maxSize: maxBodyBytes,
      onError: () => {
        throw new ImageTooLargeError(
          `The request body is over ${maxBodyBytes} bytes; send at most ${config.maxFrames} frames and images of at most ${maxBytes} bytes each`,
          { maxBodyBytes, maxBytes, maxFrames: config.maxFrames },
        );
      },
    }),
  );

  const image = (value: string | File | undefined, field: string) => {
    if (value === undefined) {
      throw new InvalidRequestError(
        `Field \`${field}\` is required (multipart/form-data file or base64 in JSON)`,
        { field },
      );
    }
    return imageBytes(value, field, maxBytes);
  };
  const frames = async (values: (string | File)[] | undefined) => {
    if (!values) return [];
    if (values.length > config.maxFrames) {
      throw new InvalidRequestError(
        `Field \`frames\` holds ${values.length} images; at most ${config.maxFrames} are accepted`,
        { field: "frames", frames: values.length, maxFrames: config.maxFrames },
      );
    }
    return Promise.all(values.map((v, i) => imageBytes(v, `frames[${i}]`, maxBytes)));
  };

  app.openapi(
    createRoute({
      method: "post",
      path: "/face/embed",
      summary:
        "Detect every face, align it and return its 512-d embedding, box, landmarks and quality",
      request: { body: body(S.EmbedJson, S.EmbedForm) },
      middleware: requireFields(S.EmbedJson),
      responses: {
        200: ok(
          S.EmbedResponse,
          "Faces found; faces that failed a quality check are listed in `rejected`",
        ),
        ...errorResponses,
      },
    }),
    async (c) => {
      const input = isMultipart(c) ? c.req.valid("form").image : c.req.valid("json").image;
      const analysis = await service.embed(await image(input, "image"));
      return c.json(
        {
          width: analysis.width,
          height: analysis.height,
          faces: analysis.faces.map(faceJson),
          rejected: analysis.rejected.map(rejectedJson),
        },
        200,
      );
    },
  );

  app.openapi(
    createRoute({
      method: "post",
      path: "/face/compare",
      summary:
        "Cosine similarity of two faces (images or embeddings) and the decision at the configured threshold",
      request: { body: body(S.CompareJson, S.CompareForm) },
      middleware: requireFields(S.CompareJson),
      responses: { 200: ok(S.CompareResponse, "Similarity and decision"), ...errorResponses },
    }),
    async (c) => {
      const embeddingOf = async (side: "a" | "b") => {
        if (isMultipart(c)) {
          const form = c.req.valid("form") as z.infer<typeof S.CompareForm>;
          return (await service.singleFace(await image(form[side], side), side)).face.embedding;
        }
        const value = (c.req.valid("json") as z.infer<typeof S.CompareJson>)[side];
        if (value.embedding) return Float32Array.from(value.embedding);
        return (await service.singleFace(await image(value.image, side), side)).face.embedding;
      };
      const a = await embeddingOf("a");
      const b = await embeddingOf("b");
      return c.json(service.compareEmbeddings(a, b), 200);
    },
  );

  app.openapi(
    createRoute({
      method: "post",
      path: "/face/liveness",
      summary:
        "Passive presentation-attack check of one image; with frames, also an active blink / head-turn check",
      request: { body: body(S.LivenessJson, S.LivenessForm) },
      middleware: requireFields(S.LivenessJson),
      responses: { 200: ok(S.LivenessResponse, "Liveness scores and decision"), ...errorResponses },
    }),
    async (c) => {
      const input = isMultipart(c) ? c.req.valid("form") : c.req.valid("json");
      const reference = await service.singleFace(await image(input.image, "image"));
      const passive = await service.passiveLiveness(reference);
      const frameBytes = await frames(input.frames);
      const active =
        frameBytes.length > 0
          ? await service.activeCheck(reference, frameBytes, input.challenge)
          : undefined;
      return c.json(
        { passive, ...(active ? { active } : {}), live: passive.live && (active?.passed ?? true) },
        200,
      );
    },
  );

  app.openapi(
    createRoute({
      method: "post",
      path: "/face/enroll",
      summary:
        "Enrol the one face of an image under a subject id (replaces an earlier template of that subject)",
      request: { body: body(S.EnrollJson, S.EnrollForm) },
      middleware: requireFields(S.EnrollJson),
      responses: {
        201: ok(S.EnrollResponse, "Template stored, encrypted, and indexed"),
        ...errorResponses,
      },
    }),
    async (c) => {
      const input = isMultipart(c) ? c.req.valid("form") : c.req.valid("json");
      return c.json(await service.enroll(input.subject, await image(input.image, "image")), 201);
    },
  );

  app.openapi(
    createRoute({
      method: "post",
      path: "/face/search",
      summary: "Find the enrolled subjects most similar to a face (image or embedding)",
      request: { body: body(S.SearchJson, S.SearchForm) },
      middleware: requireFields(S.SearchJson),
      responses: { 200: ok(S.SearchResponse, "Nearest subjects, best first"), ...errorResponses },
    }),
    async (c) => {
      const input = isMultipart(c) ? c.req.valid("form") : c.req.valid("json");
      const embedding =
        "embedding" in input && input.embedding
          ? Float32Array.from(input.embedding)
          : (await service.singleFace(await image(input.image, "image"))).face.embedding;
      return c.json(service.search(embedding, input.topK), 200);
    },
  );

  app.openapi(
    createRoute({
      method: "delete",
      path: "/face/{subject}",
      summary: "Delete a subject's template from the index and from storage",
      request: { params: S.SubjectParams },
      responses: {
        200: ok(S.DeleteResponse, "Deleted"),
        404: {
          description: "Subject not enrolled",
          content: { "application/json": { schema: S.ErrorSchema } },
        },
        400: errorResponses[400],
      },
    }),
    async (c) => c.json(await service.remove(c.req.valid("param").subject), 200),
  );

  app.openapi(
    createRoute({
      method: "post",
      path: "/id/mrz",
      summary:
        "Parse a TD1/TD2/TD3 machine-readable zone, given as text or read by OCR from a document image, and verify its check digits",
      request: { body: body(S.MrzJson, S.MrzForm) },
      middleware: requireFields(S.MrzJson),
      responses: {
        200: ok(S.MrzDocumentSchema, "Parsed document data"),
        ...errorResponses,
        422: {
          description:
            "Invalid MRZ (`invalid_mrz`, naming the failing fields) or no MRZ found in the image (`no_mrz`)",
          content: { "application/json": { schema: S.ErrorSchema } },
        },
        501: {
          description: "OCR of images is switched off in this deployment (`not_available`)",
          content: { "application/json": { schema: S.ErrorSchema } },
        },
      },
    }),
    async (c) => {
      if (isMultipart(c))
        return c.json(
          await service.mrz({ image: await image(c.req.valid("form").image, "image") }),
          200,
        );
      const input = c.req.valid("json") as z.infer<typeof S.MrzJson>;
      if (input.mrz !== undefined) return c.json(await service.mrz({ text: input.mrz }), 200);
      return c.json(await service.mrz({ image: await image(input.image, "image") }), 200);
    },
  );

  app.openapi(
    createRoute({
      method: "post",
      path: "/kyc/verify",
      summary:
        "Selfie + document photo (+ MRZ, + frames): liveness, face match and document check in one verdict",
      request: { body: body(S.KycJson, S.KycForm) },
      middleware: requireFields(S.KycJson),
      responses: {
        200: ok(S.KycResponse, "Verdict with reasons and evidence hash"),
        ...errorResponses,
      },
    }),
    async (c) => {
      const input = isMultipart(c) ? c.req.valid("form") : c.req.valid("json");
      const result = await verifyKyc(service, {
        selfie: await image(input.selfie, "selfie"),
        document: await image(input.document, "document"),
        ...(input.mrz !== undefined ? { mrz: input.mrz } : {}),
        frames: await frames(input.frames),
        challenge: input.challenge,
      });
      return c.json(result, 200);
    },
  );

  app.openapi(
    createRoute({
      method: "get",
      path: "/health",
      summary: "Liveness of the service itself: models loaded and index ready",
      responses: { 200: ok(S.HealthResponse, "Ready") },
    }),
    (c) =>
      c.json(
        {
          status: "ok" as const,
          models: true,
          enrolledSubjects: service.store.size,
          ocr: service.mrzReader.available,
        },
        200,
      ),
  );

  app.get("/metrics", async (c) => {
    c.header("content-type", metrics.registry.contentType);
    return c.body(await metrics.registry.metrics());
  });
  app.doc31("/openapi.json", {
    openapi: "3.1.0",
    info: {
      title: "CLXEND face service",
      version: "0.1.0",
      description:
        "Face embedding, comparison, liveness, 1:N search, MRZ reading and KYC verdicts.",
    },
  });
  app.route("/", docsRoutes("/openapi.json", "CLXEND face service"));
  return app;
}
