// What a client is told when its input is wrong: images that are not images (415), too many bytes or pixels (413,
// the pixels read from the header before decoding) or damaged (422); misnamed or missing fields on every endpoint
// (400 naming the required field and the fields sent); and one error shape with lower-snake codes for every error.
import assert from "node:assert/strict";
import type { AddressInfo } from "node:net";
import { after, before, describe, it } from "node:test";
import sharp from "sharp";
import { ERROR_CODES } from "../src/errors.ts";
import { createApp } from "../src/http/app.ts";
import { listen } from "../src/http/listen.ts";
import { createLogger } from "../src/logger.ts";
import { b64, file, photo, pngOfSize, startService } from "./helpers.ts";

type Service = Awaited<ReturnType<typeof startService>>;
let s: Service;
const OBAMA = photo("obama/obama-1.jpg");
const IMAGE_REQUIRED = "is required (multipart/form-data file or base64 in JSON)";

interface ErrorBody {
  error: {
    code: string;
    message: string;
    retryable: boolean;
    details?: Record<string, unknown>;
  };
}

before(async () => {
  s = await startService({ FACE_OCR_ENGINE: "none" });
});
after(() => s.close());

const errorOf = async (res: Response) => ((await res.json()) as ErrorBody).error;

describe("when an image is too large, not an image or damaged", () => {
  it("answers 413 for a 20000×20000 PNG, naming its size and the limit, without decoding it", async () => {
    const res = await s.postForm("/face/embed", {
      image: file(pngOfSize(20_000, 20_000), "image/png"),
    });

    assert.equal(res.status, 413);
    const error = await errorOf(res);
    assert.equal(error.code, "image_too_large");
    assert.equal(
      error.message,
      "Field `image` is 20000×20000 pixels; at most 40,000,000 pixels (e.g. 6324×6324) are accepted — scale it down",
    );
    assert.deepEqual(error.details, {
      field: "image",
      width: 20_000,
      height: 20_000,
      pixels: 400_000_000,
      maxPixels: 40_000_000,
    });
  });

  it("answers 413 for an image over the pixel limit below sharp's own limit, in base64 too", async () => {
    const res = await s.post("/face/embed", { image: b64(pngOfSize(8000, 8000)) });

    assert.equal(res.status, 413);
    assert.match((await errorOf(res)).message, /^Field `image` is 8000×8000 pixels; at most/);
  });

  it("names the field of the oversized image: a KYC document, a liveness frame", async () => {
    const huge = b64(pngOfSize(20_000, 20_000));

    const kyc = await s.post("/kyc/verify", { selfie: b64(OBAMA), document: huge });
    const live = await s.post("/face/liveness", { image: b64(OBAMA), frames: [huge] });

    assert.equal(kyc.status, 413);
    assert.match((await errorOf(kyc)).message, /^Field `document` is 20000×20000 pixels/);
    assert.equal(live.status, 413);
    assert.match((await errorOf(live)).message, /^Field `frames\[0\]` is 20000×20000 pixels/);
  });

  it("answers 413 for too many bytes, with the limit in bytes and MiB", async () => {
    const big = Buffer.alloc(s.config.images.maxBytes + 1, 0xff);

    const res = await s.postForm("/face/embed", { image: file(big) });

    assert.equal(res.status, 413);
    assert.equal(
      (await errorOf(res)).message,
      "Field `image` is 8,388,609 bytes; at most 8,388,608 bytes (8 MiB) are accepted — compress it or scale it down",
    );
  });

  it("answers 415 for text and for an image in a format it does not take", async () => {
    const gif = await sharp({
      create: { width: 8, height: 8, channels: 3, background: "#808080" },
    })
      .gif()
      .toBuffer();

    const text = await s.post("/face/embed", { image: b64(Buffer.from("just some text")) });
    const other = await s.postForm("/face/embed", { image: file(gif, "image/gif") });

    assert.equal(text.status, 415);
    assert.deepEqual(await errorOf(text), {
      code: "unsupported_image",
      message: "Field `image` is not an image; send a JPEG, PNG or WebP image",
      retryable: false,
      details: { field: "image" },
    });
    assert.equal(other.status, 415);
    assert.equal(
      (await errorOf(other)).message,
      "Field `image` is in GIF format; only JPEG, PNG or WebP images are accepted — convert it",
    );
  });

  it("answers 422 corrupt_image for a truncated JPEG and a PNG with damaged pixel data", async () => {
    const png = pngOfSize(50, 50);
    png.fill(0x55, 45, 70); // inside the compressed pixel stream

    const jpeg = await s.postForm("/face/embed", {
      image: file(OBAMA.subarray(0, OBAMA.length / 2)),
    });
    const broken = await s.postForm("/face/embed", { image: file(png, "image/png") });

    assert.equal(jpeg.status, 422);
    const jpegError = await errorOf(jpeg);
    assert.equal(jpegError.code, "corrupt_image");
    assert.match(
      jpegError.message,
      /^Field `image` is a damaged JPEG image: its pixel data could not be read \(.+\); export or capture it again$/,
    );
    assert.equal(broken.status, 422);
    assert.match((await errorOf(broken)).message, /^Field `image` is a damaged PNG image/);
  });

  it("answers 422 corrupt_image for a JPEG signature with a cut-off header, not 415", async () => {
    const res = await s.postForm("/face/embed", { image: file(OBAMA.subarray(0, 20)) });

    assert.equal(res.status, 422);
    assert.match(
      (await errorOf(res)).message,
      /^Field `image` is a damaged JPEG image: its header/,
    );
  });

  it("accepts a small PNG: the checks refuse only what they should", async () => {
    const res = await s.postForm("/face/embed", { image: file(pngOfSize(50, 50), "image/png") });

    assert.equal(res.status, 422);
    assert.equal((await errorOf(res)).code, "no_face");
  });
});

/** Each endpoint with a well-formed request whose image field is misnamed, in both encodings. */
const MISNAMED: {
  path: string;
  field: string;
  form: () => Record<string, Blob | string>;
  json: () => unknown;
}[] = [
  {
    path: "/face/embed",
    field: "image",
    form: () => ({ picture: file(OBAMA) }),
    json: () => ({ picture: b64(OBAMA) }),
  },
  {
    path: "/face/compare",
    field: "b",
    form: () => ({ a: file(OBAMA), c: file(OBAMA) }),
    json: () => ({ a: { image: b64(OBAMA) }, c: { image: b64(OBAMA) } }),
  },
  {
    path: "/face/liveness",
    field: "image",
    form: () => ({ img: file(OBAMA) }),
    json: () => ({ img: b64(OBAMA) }),
  },
  {
    path: "/face/enroll",
    field: "image",
    form: () => ({ subject: "user-1", photo: file(OBAMA) }),
    json: () => ({ subject: "user-1", photo: b64(OBAMA) }),
  },
  {
    path: "/face/search",
    field: "image",
    form: () => ({ file: file(OBAMA) }),
    json: () => ({ file: b64(OBAMA) }),
  },
  {
    path: "/id/mrz",
    field: "image",
    form: () => ({ document: file(OBAMA) }),
    json: () => ({ document: b64(OBAMA) }),
  },
  {
    path: "/kyc/verify",
    field: "document",
    form: () => ({ selfie: file(OBAMA), doc: file(OBAMA) }),
    json: () => ({ selfie: b64(OBAMA), doc: b64(OBAMA) }),
  },
];

describe("when a field is misnamed or missing", () => {
  for (const endpoint of MISNAMED) {
    it(`${endpoint.path} says which multipart field is required and which fields were sent`, async () => {
      const fields = endpoint.form();

      const res = await s.postForm(endpoint.path, fields);

      assert.equal(res.status, 400);
      const error = await errorOf(res);
      assert.equal(error.code, "invalid_request");
      const sent = Object.keys(fields);
      const list = sent.map((f) => `\`${f}\``).join(", ");
      assert.equal(
        error.message,
        `Field \`${endpoint.field}\` ${IMAGE_REQUIRED}; the request has the field${sent.length > 1 ? "s" : ""} ${list}`,
      );
      assert.deepEqual(error.details?.receivedFields, sent);
    });
  }

  it("says the same for misnamed JSON fields on every endpoint", async () => {
    const expected: Record<string, string> = {
      "/face/embed": `Field \`image\` ${IMAGE_REQUIRED}; the request has the field \`picture\``,
      "/face/compare":
        "Field `b` is required (an object with `image` (base64) or `embedding` (512 numbers)); the request has the fields `a`, `c`",
      "/face/liveness": `Field \`image\` ${IMAGE_REQUIRED}; the request has the field \`img\``,
      "/face/enroll": `Field \`image\` ${IMAGE_REQUIRED}; the request has the fields \`subject\`, \`photo\``,
      "/face/search":
        "Send exactly one of `image` (multipart/form-data file or base64 in JSON) or `embedding` (512 numbers)",
      "/id/mrz":
        "Send exactly one of `mrz` (the MRZ text) or `image` (a photo of the document page, multipart/form-data file or base64 in JSON)",
      "/kyc/verify": `Field \`document\` ${IMAGE_REQUIRED}; the request has the fields \`selfie\`, \`doc\``,
    };

    for (const endpoint of MISNAMED) {
      const res = await s.post(endpoint.path, endpoint.json());

      assert.equal(res.status, 400, endpoint.path);
      assert.equal((await errorOf(res)).message, expected[endpoint.path], endpoint.path);
    }
  });

  it("lists every required field of a POST without a body instead of failing inside the handler", async () => {
    const compare = await s.app.request("/face/compare", { method: "POST" });
    const kyc = await s.app.request("/kyc/verify", { method: "POST" });

    assert.equal(compare.status, 400);
    assert.match((await errorOf(compare)).message, /^Field `a` is required \(an object with/);
    assert.equal(kyc.status, 400);
    assert.equal(
      (await errorOf(kyc)).message,
      `Field \`selfie\` ${IMAGE_REQUIRED}; field \`document\` ${IMAGE_REQUIRED}; the request has no fields`,
    );
  });

  it("does the same over a real socket, and answers 415 for a body without Content-Type", async () => {
    const server = listen(s.app.fetch, { hostname: "127.0.0.1", port: 0 });
    if (!server.listening) await new Promise((resolve) => server.once("listening", resolve));
    const { port } = server.address() as AddressInfo;
    const url = `http://127.0.0.1:${port}/face/compare`;

    try {
      const empty = await fetch(url, { method: "POST" });
      const bytes = await fetch(url, { method: "POST", body: new Uint8Array(OBAMA) });

      assert.equal(empty.status, 400);
      assert.match((await errorOf(empty)).message, /^Field `a` is required/);
      assert.equal(bytes.status, 415);
      assert.equal(
        (await errorOf(bytes)).message,
        "The Content-Type (none) is not accepted; send application/json (images as base64) or multipart/form-data (images as files)",
      );
    } finally {
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });

  it("says what a present field must hold", async () => {
    const cases: [string, unknown, string][] = [
      [
        "/face/embed",
        { image: 5 },
        "Field `image` must be the image as a base64 string or a data: URL",
      ],
      ["/face/embed", { image: "not base64!" }, "Field `image` is not valid base64"],
      [
        "/face/liveness",
        { image: b64(OBAMA), challenge: "dance" },
        "Field `challenge` must be one of",
      ],
      ["/face/search", { embedding: [1, 2] }, "Field `embedding` must hold exactly 512 numbers"],
      [
        "/face/search",
        { embedding: new Array(512).fill(0.1), topK: 0 },
        "Field `topK` must be a whole number",
      ],
      ["/id/mrz", { mrz: ["P<UTO"] }, "Field `mrz` must be the MRZ as one string"],
      ["/face/embed", [], "The request body must be a JSON object"],
    ];

    for (const [path, body, start] of cases) {
      const res = await s.post(path, body);

      assert.equal(res.status, 400, path);
      const { message } = await errorOf(res);
      assert.ok(message.startsWith(start), `${path}: ${message}`);
    }
  });

  it("says a multipart image must be a file part, not text", async () => {
    const res = await s.postForm("/face/embed", { image: b64(OBAMA) });

    assert.equal(
      (await errorOf(res)).message,
      "Field `image` must be an image file (a multipart/form-data part with a filename), not text",
    );
  });
});

describe("when the path exists but the method does not", () => {
  it("answers 405 method_not_allowed with an Allow header of the path's methods", async () => {
    const cases: [string, string, string][] = [
      ["GET", "/face/embed", "DELETE, POST"],
      ["PUT", "/face/compare", "DELETE, POST"],
      ["GET", "/kyc/verify", "POST"],
      ["POST", "/health", "GET, HEAD"],
      ["GET", "/face/some-subject", "DELETE"],
    ];

    for (const [method, path, allow] of cases) {
      const res = await s.app.request(path, { method });

      assert.equal(res.status, 405, `${method} ${path}`);
      assert.equal(res.headers.get("allow"), allow, `${method} ${path}`);
      assert.match(res.headers.get("content-type") ?? "", /^application\/json/);
      const error = await errorOf(res);
      assert.equal(error.code, "method_not_allowed");
      assert.deepEqual(error.details, { allowed: allow.split(", ") });
      assert.equal(
        error.message,
        `${path} does not take ${method}; use ${allow.split(", ").join(" or ")} (the API is listed at /docs)`,
      );
    }
  });

  it("answers 404 not_found JSON without an Allow header for a path no route serves", async () => {
    for (const path of ["/face/a/b", "/nothing", "/favicon.ico"]) {
      const res = await s.app.request(path);

      assert.equal(res.status, 404, path);
      assert.equal(res.headers.get("allow"), null, path);
      assert.match(res.headers.get("content-type") ?? "", /^application\/json/, path);
      assert.equal((await errorOf(res)).code, "not_found", path);
    }
  });
});

/** Status each code is documented with (README, Endpoints). */
const STATUS_OF: Record<(typeof ERROR_CODES)[number], number> = {
  invalid_request: 400,
  not_found: 404,
  method_not_allowed: 405,
  image_too_large: 413,
  unsupported_image: 415,
  corrupt_image: 422,
  no_face: 422,
  multiple_faces: 422,
  invalid_mrz: 422,
  no_mrz: 422,
  subject_not_found: 404,
  not_available: 501,
  not_ready: 503,
  internal_error: 500,
};

const assertErrorResponse = async (res: Response, label: string) => {
  assert.match(res.headers.get("content-type") ?? "", /^application\/json/, label);
  const body = (await res.json()) as ErrorBody;
  assert.deepEqual(Object.keys(body), ["error"], label);
  const { code, message, retryable, details } = body.error;
  assert.ok(
    Object.keys(body.error).every((k) => ["code", "message", "retryable", "details"].includes(k)),
    label,
  );
  assert.match(code, /^[a-z]+(_[a-z]+)*$/, label);
  assert.equal(STATUS_OF[code as keyof typeof STATUS_OF], res.status, `${label}: ${code}`);
  assert.equal(typeof retryable, "boolean", label);
  assert.ok(details === undefined || typeof details === "object", label);
  assert.ok(message.length > 10 && !message.includes("\n"), `${label}: ${message}`);
  assert.doesNotMatch(JSON.stringify(body), /\n\s+at |node_modules|\.ts:\d|\/work\/|Error:/, label);
  return code;
};

describe("every error response", () => {
  it("has the shape { error: { code, message, retryable, details? } } with a documented lower-snake code", async () => {
    const multi = photo("multi/obama-and-biden.jpg");
    const requests: [string, () => Response | Promise<Response>][] = [
      ["missing field", () => s.post("/face/embed", {})],
      [
        "bad JSON",
        () =>
          s.app.request("/face/embed", {
            method: "POST",
            headers: { "content-type": "application/json" },
            body: "{",
          }),
      ],
      [
        "bad multipart",
        () =>
          s.app.request("/face/embed", {
            method: "POST",
            headers: { "content-type": "multipart/form-data; boundary=x" },
            body: "x",
          }),
      ],
      [
        "text body",
        () =>
          s.app.request("/face/embed", {
            method: "POST",
            headers: { "content-type": "text/plain" },
            body: "x",
          }),
      ],
      ["no route", () => s.app.request("/face/a/b")],
      ["wrong method", () => s.app.request("/face/embed")],
      ["unknown docs asset", () => s.app.request("/docs/assets/swagger-ui-dist/package.json")],
      ["too many pixels", () => s.post("/face/embed", { image: b64(pngOfSize(20_000, 20_000)) })],
      ["not an image", () => s.post("/face/embed", { image: b64(Buffer.from("%PDF-1.4")) })],
      ["damaged", () => s.post("/face/embed", { image: b64(OBAMA.subarray(0, 4000)) })],
      ["no face", () => s.post("/face/embed", { image: b64(pngOfSize(50, 50)) })],
      ["two faces", () => s.post("/face/enroll", { subject: "x", image: b64(multi) })],
      ["bad MRZ", () => s.post("/id/mrz", { mrz: "P<UTOERIKSSON<<ANNA\nL898902C<3UTO" })],
      ["OCR off", () => s.post("/id/mrz", { image: b64(OBAMA) })],
      ["unknown subject", () => s.app.request("/face/nobody", { method: "DELETE" })],
      ["bad subject", () => s.app.request("/face/a%20b", { method: "DELETE" })],
    ];
    const seen = new Set<string>();

    for (const [label, send] of requests) seen.add(await assertErrorResponse(await send(), label));

    assert.deepEqual(
      [...seen].sort(),
      ERROR_CODES.filter((c) => !["not_ready", "internal_error", "no_mrz"].includes(c)).sort(),
    );
  });

  it("is a generic 500 without stack or cause for an unexpected failure", async () => {
    const app = createApp(s.service, createLogger("silent", false));
    app.get("/boom", () => {
      throw new TypeError("Cannot read properties of undefined at /work/main/secret.ts:12");
    });

    const res = await app.request("/boom");

    assert.equal(res.status, 500);
    assert.equal(await assertErrorResponse(res.clone(), "500"), "internal_error");
    assert.equal((await errorOf(res)).message, "The service failed to process the request");
  });

  it("documents the codes in the OpenAPI Error schema", async () => {
    const doc = (await (await s.app.request("/openapi.json")).json()) as {
      components: {
        schemas: { Error: { properties: { error: { properties: { code: { enum: string[] } } } } } };
      };
    };

    assert.deepEqual(doc.components.schemas.Error.properties.error.properties.code.enum, [
      ...ERROR_CODES,
    ]);
  });
});
