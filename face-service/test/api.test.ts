// HTTP API behaviour with the real models and real labelled photos: embedding, compare decisions, input errors,
// multi-face photos, liveness, the encrypted 1:N store, MRZ from text and by OCR of rendered specimen documents,
// KYC verdicts with their evidence hash, and the service endpoints (/health, /metrics, /openapi.json).
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import { after, before, describe, it } from "node:test";
import canonicalize from "canonicalize";
import sharp from "sharp";
import { renderIdCard, renderPassport } from "./documents.ts";
import { b64, file, photo, startService } from "./helpers.ts";
import { TD1_SPECIMEN, TD3_SPECIMEN } from "./specimens.ts";

type Service = Awaited<ReturnType<typeof startService>>;
let s: Service;
const OBAMA_1 = photo("obama/obama-1.jpg");
const OBAMA_2 = photo("obama/obama-2.jpg");
const BIDEN = photo("biden/biden-1.jpg");
let noFace: Buffer;

before(async () => {
  s = await startService();
  // A real photo with no face in it: the streamer-covered background of the lower left of obama-and-biden.jpg.
  noFace = await sharp(photo("multi/obama-and-biden.jpg"))
    .extract({ left: 0, top: 850, width: 380, height: 560 })
    .jpeg()
    .toBuffer();
});
after(() => s.close());

const embeddingOf = async (bytes: Uint8Array) => {
  const res = await s.post("/face/embed", { image: b64(bytes) });
  assert.equal(res.status, 200);
  const body = (await res.json()) as { faces: { embedding: number[] }[] };
  return body.faces[0]?.embedding ?? [];
};

describe("POST /face/embed", () => {
  it("returns one unit-length 512-d embedding with box, 68 landmarks and quality for a portrait", async () => {
    const res = await s.postForm("/face/embed", { image: file(OBAMA_1) });

    assert.equal(res.status, 200);
    const body = (await res.json()) as {
      faces: { embedding: number[]; landmarks: unknown[]; quality: { score: number } }[];
    };
    assert.equal(body.faces.length, 1);
    const [face] = body.faces;
    assert.equal(face?.embedding.length, 512);
    assert.ok(Math.abs(Math.hypot(...(face?.embedding ?? [])) - 1) < 1e-3);
    assert.equal(face?.landmarks.length, 68);
    assert.ok((face?.quality.score ?? 0) > 0.5);
  });

  it("finds exactly two usable faces in every photo of multi/", async () => {
    for (const name of ["two-people.jpg", "obama-and-biden.jpg", "kit-with-rose.jpg"]) {
      const res = await s.postForm("/face/embed", { image: file(photo(`multi/${name}`)) });

      const body = (await res.json()) as { faces: unknown[] };
      assert.equal(body.faces.length, 2, name);
    }
  });

  it("answers 422 no_face for a photo without a face", async () => {
    const res = await s.postForm("/face/embed", { image: file(noFace) });

    assert.equal(res.status, 422);
    const body = (await res.json()) as { error: { code: string; message: string } };
    assert.equal(body.error.code, "no_face");
    assert.doesNotMatch(JSON.stringify(body), /at .*\.ts/);
  });

  it("refuses a heavily blurred face with the reason", async () => {
    const blurred = await sharp(OBAMA_2).blur(12).jpeg().toBuffer();

    const res = await s.postForm("/face/embed", { image: file(blurred) });

    assert.equal(res.status, 422);
    const body = (await res.json()) as { error: { code: string; details: { rejected: string[] } } };
    assert.equal(body.error.code, "no_face");
    assert.deepEqual(body.error.details.rejected, ["face_too_blurred"]);
  });

  it("answers 415 for a file that is not an image", async () => {
    const res = await s.postForm("/face/embed", {
      image: file(Buffer.from("just some text"), "text/plain"),
    });

    assert.equal(res.status, 415);
    assert.equal(
      ((await res.json()) as { error: { code: string } }).error.code,
      "unsupported_image",
    );
  });

  it("answers 415 for a body that is neither JSON nor multipart", async () => {
    const res = await s.app.request("/face/embed", {
      method: "POST",
      headers: { "content-type": "text/plain" },
      body: "x",
    });

    assert.equal(res.status, 415);
  });

  it("answers 413 for an image over the byte limit", async () => {
    const big = Buffer.alloc(s.config.images.maxBytes + 1, 0xff);

    const res = await s.postForm("/face/embed", { image: file(big) });

    assert.equal(res.status, 413);
    assert.equal(((await res.json()) as { error: { code: string } }).error.code, "image_too_large");
  });

  it("answers 400 for malformed base64 and for a missing field", async () => {
    assert.equal((await s.post("/face/embed", { image: "not base64!" })).status, 400);
    assert.equal((await s.post("/face/embed", {})).status, 400);
  });
});

describe("POST /face/compare", () => {
  it("accepts two different photos of the same person", async () => {
    const res = await s.postForm("/face/compare", { a: file(OBAMA_1), b: file(OBAMA_2) });

    const body = (await res.json()) as { similarity: number; match: boolean; threshold: number };
    assert.equal(res.status, 200);
    assert.equal(body.match, true);
    assert.ok(body.similarity > body.threshold);
  });

  it("rejects photos of two different people", async () => {
    const res = await s.post("/face/compare", {
      a: { image: b64(OBAMA_1) },
      b: { image: b64(BIDEN) },
    });

    const body = (await res.json()) as { similarity: number; match: boolean };
    assert.equal(body.match, false);
    assert.ok(body.similarity < 0.3);
  });

  it("compares embeddings directly", async () => {
    const a = await embeddingOf(photo("kit_harington/kit-1.jpg"));
    const b = await embeddingOf(photo("rose_leslie/rose-1.jpg"));

    const res = await s.post("/face/compare", { a: { embedding: a }, b: { embedding: b } });

    assert.equal(((await res.json()) as { match: boolean }).match, false);
  });

  it("answers 422 multiple_faces when one side shows two people", async () => {
    const res = await s.postForm("/face/compare", {
      a: file(photo("multi/two-people.jpg")),
      b: file(OBAMA_1),
    });

    assert.equal(res.status, 422);
    assert.equal(((await res.json()) as { error: { code: string } }).error.code, "multiple_faces");
  });
});

describe("POST /face/liveness", () => {
  it("scores a live-captured photo as live", async () => {
    const res = await s.postForm("/face/liveness", { image: file(OBAMA_1) });

    const body = (await res.json()) as { passive: { score: number }; live: boolean };
    assert.equal(res.status, 200);
    assert.equal(body.live, true);
  });

  it("fails the active check for frames that do not move", async () => {
    const res = await s.post("/face/liveness", {
      image: b64(OBAMA_1),
      frames: [b64(OBAMA_1), b64(OBAMA_1)],
    });

    const body = (await res.json()) as {
      active: { passed: boolean; reasons: string[] };
      live: boolean;
    };
    assert.equal(body.active.passed, false);
    assert.ok(body.active.reasons.includes("no_blink_or_head_turn"));
    assert.equal(body.live, false);
  });

  it("fails the active check when the frames show another person", async () => {
    const res = await s.post("/face/liveness", {
      image: b64(OBAMA_1),
      frames: [b64(BIDEN)],
      challenge: "turn_head",
    });

    const body = (await res.json()) as { active: { passed: boolean; reasons: string[] } };
    assert.equal(body.active.passed, false);
    assert.ok(body.active.reasons.includes("frames_show_different_people"));
  });

  it("passes a head-turn challenge for the same person looking in two directions", async () => {
    const mirrored = await sharp(photo("kit_harington/kit-2.jpg")).flop().jpeg().toBuffer();

    const res = await s.postForm("/face/liveness", {
      image: file(photo("kit_harington/kit-2.jpg")),
      frames: file(mirrored),
      challenge: "turn_head",
    });

    const body = (await res.json()) as { active: { passed: boolean; headTurnRange: number } };
    assert.equal(body.active.passed, true, JSON.stringify(body.active));
  });
});

describe("1:N enroll, search and delete", () => {
  it("stores templates encrypted, finds them, and deletes them from index and disk", async () => {
    const enrolled = await s.postForm("/face/enroll", {
      subject: "subject-obama",
      image: file(OBAMA_1),
    });
    assert.equal(enrolled.status, 201);
    await s.post("/face/enroll", { subject: "subject-biden", image: b64(BIDEN) });
    await s.postForm("/face/enroll", {
      subject: "subject-rose",
      image: file(photo("rose_leslie/rose-1.jpg")),
    });

    const path = s.service.store.pathOf("subject-obama");
    const stored = readFileSync(path);
    const embedding = Float32Array.from(await embeddingOf(OBAMA_1));
    const raw = Buffer.from(embedding.buffer);
    assert.equal(
      stored.includes(raw.subarray(0, 16)),
      false,
      "raw float bytes of the template are on disk",
    );
    assert.equal(
      stored.includes(Buffer.from(raw.toString("base64").slice(0, 24))),
      false,
      "base64 template on disk",
    );
    assert.equal(stored.includes(Buffer.from("subject-obama")), false, "subject id on disk");
    assert.equal(path.includes("subject-obama"), false, "subject id in the file name");

    const found = await s.postForm("/face/search", { image: file(OBAMA_2) });
    const hits = (await found.json()) as {
      bestMatch: { subject: string } | null;
      matches: { subject: string }[];
    };
    assert.equal(hits.bestMatch?.subject, "subject-obama");
    assert.equal(hits.matches.length, 3);

    const stranger = await s.postForm("/face/search", {
      image: file(photo("lin_manuel_miranda/lin-1.png")),
    });
    assert.equal(((await stranger.json()) as { bestMatch: unknown }).bestMatch, null);

    const deleted = await s.app.request("/face/subject-obama", { method: "DELETE" });
    assert.equal(deleted.status, 200);
    assert.equal(existsSync(path), false);
    const after = (await (await s.postForm("/face/search", { image: file(OBAMA_2) })).json()) as {
      bestMatch: unknown;
      matches: { subject: string }[];
    };
    assert.equal(after.bestMatch, null);
    assert.ok(after.matches.every((m) => m.subject !== "subject-obama"));
    assert.equal((await s.app.request("/face/subject-obama", { method: "DELETE" })).status, 404);
  });

  it("reloads the encrypted templates after a restart, and not with another key", async () => {
    await s.postForm("/face/enroll", {
      subject: "subject-kit",
      image: file(photo("kit_harington/kit-1.jpg")),
    });

    const again = await startService({ FACE_TEMPLATE_DIR: s.dir });
    const res = await again.postForm("/face/search", {
      image: file(photo("kit_harington/kit-2.jpg")),
    });
    await again.close();
    assert.equal(
      ((await res.json()) as { bestMatch: { subject: string } }).bestMatch.subject,
      "subject-kit",
    );
    await assert.rejects(
      startService({ FACE_TEMPLATE_DIR: s.dir, FACE_TEMPLATE_KEY: "22".repeat(32) }),
    );
  });
});

describe("POST /id/mrz", () => {
  it("returns the parsed TD3 and TD1 specimens", async () => {
    const td3 = await s.post("/id/mrz", { mrz: TD3_SPECIMEN });
    const td1 = await s.post("/id/mrz", { mrz: TD1_SPECIMEN.join("\n") });

    assert.equal(td3.status, 200);
    assert.equal(((await td3.json()) as { format: string }).format, "TD3");
    assert.equal(((await td1.json()) as { documentNumber: string }).documentNumber, "D23145890");
  });

  it("answers 422 invalid_mrz for a wrong check digit", async () => {
    const res = await s.post("/id/mrz", {
      mrz: [TD3_SPECIMEN[0], TD3_SPECIMEN[1]?.replace("L898902C36", "L898902C37")],
    });

    assert.equal(res.status, 422);
    assert.equal(((await res.json()) as { error: { code: string } }).error.code, "invalid_mrz");
  });

  it("reads the TD3 and TD1 specimens from images of the documents by OCR", async () => {
    const passport = await renderPassport({ mrz: TD3_SPECIMEN, portrait: OBAMA_1 });
    const card = await renderIdCard({ mrz: TD1_SPECIMEN });

    const td3 = await s.postForm("/id/mrz", { image: file(passport, "image/png") });
    const td1 = await s.post("/id/mrz", { image: b64(card) });

    assert.equal(td3.status, 200);
    const td3Body = (await td3.json()) as {
      format: string;
      documentNumber: string;
      fields: Record<string, string>;
    };
    assert.equal(td3Body.format, "TD3");
    assert.equal(td3Body.documentNumber, "L898902C3");
    assert.equal(td3Body.fields.lastName, "ERIKSSON");
    assert.equal(td1.status, 200);
    const td1Body = (await td1.json()) as { format: string; documentNumber: string };
    assert.equal(td1Body.format, "TD1");
    assert.equal(td1Body.documentNumber, "D23145890");
  });

  it("answers 422 no_mrz for a photo and a document page without MRZ", async () => {
    const page = await renderPassport({ portrait: OBAMA_1 });

    for (const image of [OBAMA_1, page]) {
      const res = await s.postForm("/id/mrz", { image: file(image) });

      assert.equal(res.status, 422);
      assert.equal(((await res.json()) as { error: { code: string } }).error.code, "no_mrz");
    }
  });

  it("answers 422 invalid_mrz, naming the field, when the printed MRZ has a wrong check digit", async () => {
    const forged = [TD3_SPECIMEN[0] ?? "", (TD3_SPECIMEN[1] ?? "").replace("7408122", "7408125")];
    const res = await s.postForm("/id/mrz", {
      image: file(await renderPassport({ mrz: forged }), "image/png"),
    });

    assert.equal(res.status, 422);
    const body = (await res.json()) as {
      error: { code: string; details: { source: string; invalidFields: { field: string }[] } };
    };
    assert.equal(body.error.code, "invalid_mrz");
    assert.equal(body.error.details.source, "ocr");
    assert.ok(body.error.details.invalidFields.some((f) => f.field === "birthDateCheckDigit"));
  });

  it("answers 501 not_available for an image when OCR is switched off", async () => {
    const off = await startService({ FACE_OCR_ENGINE: "none" });
    try {
      const res = await off.postForm("/id/mrz", { image: file(OBAMA_1) });
      const health = (await (await off.app.request("/health")).json()) as { ocr: boolean };

      assert.equal(res.status, 501);
      assert.equal(((await res.json()) as { error: { code: string } }).error.code, "not_available");
      assert.equal(health.ocr, false);
    } finally {
      await off.close();
    }
  });
});

describe("POST /kyc/verify", () => {
  it("approves a live selfie that matches the document portrait, with a reproducible evidence hash", async () => {
    const res = await s.postForm("/kyc/verify", { selfie: file(OBAMA_2), document: file(OBAMA_1) });

    const body = (await res.json()) as Record<string, unknown> & {
      verdict: string;
      reasons: string[];
      evidenceHash: string;
    };
    assert.equal(res.status, 200);
    assert.equal(body.verdict, "approved", JSON.stringify(body.reasons));
    assert.equal((body.document as { mrzSource: unknown }).mrzSource, null);
    const { evidenceHash, ...rest } = body;
    assert.equal(
      evidenceHash,
      createHash("sha256")
        .update(canonicalize(rest) ?? "")
        .digest("hex"),
    );
    assert.equal(
      (body.evidence as { selfieSha256: string }).selfieSha256,
      createHash("sha256").update(OBAMA_2).digest("hex"),
    );
  });

  it("rejects a selfie of another person than the document, and an expired document", async () => {
    const res = await s.post("/kyc/verify", {
      selfie: b64(BIDEN),
      document: b64(OBAMA_1),
      mrz: TD3_SPECIMEN,
    });

    const body = (await res.json()) as { verdict: string; reasons: string[] };
    assert.equal(body.verdict, "rejected");
    assert.ok(body.reasons.includes("face_mismatch"));
    assert.ok(body.reasons.includes("document_expired"));
  });

  it("reads the MRZ of the document photo by OCR when no MRZ text is sent", async () => {
    const passport = await renderPassport({ mrz: TD3_SPECIMEN, portrait: OBAMA_1 });

    const res = await s.postForm("/kyc/verify", {
      selfie: file(OBAMA_2),
      document: file(passport, "image/png"),
    });

    const body = (await res.json()) as {
      reasons: string[];
      faceMatch: { match: boolean };
      document: { mrz: { documentNumber: string } | null; mrzSource: string | null };
      evidence: { mrzSha256: string | null };
    };
    assert.equal(res.status, 200);
    assert.deepEqual(body.reasons, ["document_expired"]);
    assert.equal(body.faceMatch.match, true);
    assert.equal(body.document.mrzSource, "ocr");
    assert.equal(body.document.mrz?.documentNumber, "L898902C3");
    assert.equal(
      body.evidence.mrzSha256,
      createHash("sha256").update(TD3_SPECIMEN.join("\n")).digest("hex"),
    );
  });

  it("rejects a selfie without a face and an invalid MRZ, and answers 415 for a non-image", async () => {
    const res = await s.postForm("/kyc/verify", {
      selfie: file(noFace),
      document: file(OBAMA_1),
      mrz: "P<UTO\nBAD",
    });
    const body = (await res.json()) as { verdict: string; reasons: string[] };
    assert.deepEqual(body.reasons.sort(), ["mrz_invalid", "selfie_no_face"]);

    const bad = await s.postForm("/kyc/verify", {
      selfie: file(Buffer.from("%PDF-1.4"), "application/pdf"),
      document: file(OBAMA_1),
    });
    assert.equal(bad.status, 415);
  });
});

describe("service endpoints", () => {
  it("serves /health, /metrics and an OpenAPI document listing every route", async () => {
    const health = await s.app.request("/health");
    assert.equal(((await health.json()) as { status: string }).status, "ok");

    const metrics = await (await s.app.request("/metrics")).text();
    assert.match(metrics, /face_http_requests_total/);

    const doc = (await (await s.app.request("/openapi.json")).json()) as {
      paths: Record<string, unknown>;
    };
    for (const path of [
      "/face/embed",
      "/face/compare",
      "/face/liveness",
      "/face/enroll",
      "/face/search",
      "/face/{subject}",
      "/id/mrz",
      "/kyc/verify",
    ]) {
      assert.ok(doc.paths[path], path);
    }
    assert.equal((await s.app.request("/docs")).status, 200);
  });
});
