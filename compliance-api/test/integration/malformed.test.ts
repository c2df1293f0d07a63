// Property-based tests (fast-check, fixed seed): malformed requests to every endpoint get a 4xx with a clear
// message, never a 5xx, and write nothing (the contents of every table are the same before and after).
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { sql } from "drizzle-orm";
import fc from "fast-check";
import type { z } from "zod";
import * as S from "../../src/api/schemas.ts";
import { accounts } from "../helpers/chain.ts";
import { startService, type TestService } from "../helpers/service.ts";

const SEED = 20_260_101;
const RUNS = Number(process.env.FC_RUNS ?? 60);

const ADDRESS = "0x70997970C51812dc3A010C7d01b50e0d17dc79C8";
const UUID = "0b7f5c1e-8a5e-4d44-9a55-4d1a3c3b2f10";
const validScreen = {
  sender: ADDRESS,
  recipient: accounts.bob.address,
  token: ADDRESS,
  amount: "1000",
};

/** Any JSON value, plus objects built from the valid request with one field replaced by garbage. */
function malformedBody(valid: Record<string, unknown>, schema: z.ZodType) {
  const garbage = fc.oneof(
    fc.string(),
    fc.integer(),
    fc.double(),
    fc.boolean(),
    fc.constant(null),
    fc.array(fc.string(), { maxLength: 3 }),
    fc.constant("0x"),
    fc.constant("-1"),
    fc.constant("1e3"),
    fc.constant(`0x${"g".repeat(40)}`),
    fc.constant("9".repeat(80)),
  );
  const keys = Object.keys(valid);
  const mutated = fc
    .tuple(fc.constantFrom(...keys), garbage)
    .map(([k, v]) => ({ ...valid, [k]: v }))
    .filter((b) => JSON.stringify(b) !== JSON.stringify(valid));
  const dropped = fc
    .constantFrom(...keys)
    .map((k) => Object.fromEntries(Object.entries(valid).filter(([key]) => key !== k)));
  const extra = fc
    .string({ minLength: 1, maxLength: 8 })
    .filter((k) => !(k in valid) && k !== "__proto__")
    .map((k) => ({ ...valid, [k]: 1 }));
  const raw = fc.oneof(fc.string(), fc.constantFrom("{", "[1,", '{"a":', "null", "\u0000"));
  return fc
    .oneof(
      fc.jsonValue(),
      mutated,
      dropped,
      extra,
      raw.map((s) => ({ __raw: s })),
    )
    .filter((b) => !schema.safeParse(b).success);
}

describe("malformed requests", () => {
  let svc: TestService;
  let officer: string;
  let admin: string;

  before(async () => {
    svc = await startService();
    officer = await svc.signIn(accounts.officer1);
    admin = await svc.signIn(accounts.admin);
    await svc.services.sealer.flush();
  });
  after(async () => {
    await svc?.close();
  });

  /** Every table of the schema → row count and an MD5 over its rows' text, so any insert, update or delete shows. */
  const snapshot = async () => {
    const db = svc.services.database.db;
    const tables = (
      (await db.execute(
        sql`select table_name as name from information_schema.tables
            where table_schema = 'public' and table_type = 'BASE TABLE' order by table_name`,
      )) as unknown as { rows: { name: string }[] }
    ).rows.map((r) => r.name);
    assert.ok(tables.includes("audit_log") && tables.includes("decisions"), tables.join(","));
    const out: Record<string, string> = {};
    for (const t of tables) {
      const r = (await db.execute(
        sql.raw(
          `select count(*)::int as n, md5(coalesce(string_agg(t::text, E'\\n' order by t::text), '')) as h from "${t}" t`,
        ),
      )) as unknown as { rows: { n: number; h: string }[] };
      out[t] = `${r.rows[0]?.n}:${r.rows[0]?.h}`;
    }
    return out;
  };

  const send = (method: string, route: string, body: unknown, token?: string) =>
    sendAuthorized(method, route, body, token ? `Bearer ${token}` : undefined);
  /** Sends with `authorization` as the raw header value (omitted when undefined). */
  const sendAuthorized = async (
    method: string,
    route: string,
    body: unknown,
    authorization: string | undefined,
  ) => {
    const isRaw = typeof body === "object" && body !== null && "__raw" in body;
    const res = await svc.app.request(route, {
      method,
      headers: {
        "content-type": "application/json",
        ...(authorization !== undefined ? { authorization } : {}),
      },
      ...(body === undefined
        ? {}
        : { body: isRaw ? String((body as { __raw: string }).__raw) : JSON.stringify(body) }),
    });
    const text = await res.text();
    return { status: res.status, text };
  };

  const assertClear4xx = (r: { status: number; text: string }, where: string) => {
    assert.ok(r.status >= 400 && r.status < 500, `${where} answered ${r.status}: ${r.text}`);
    const body = JSON.parse(r.text) as { error: { code: string; message: string } };
    assert.match(body.error.code, /^[A-Z_]+$/);
    assert.ok(body.error.message.length > 10, where);
    assert.ok(!/\bat .+\.ts:\d+/.test(r.text), `${where} leaked a stack trace`);
  };

  const bodyEndpoints: [
    string,
    string,
    Record<string, unknown>,
    z.ZodType,
    "officer" | "admin" | undefined,
  ][] = [
    ["POST", "/v1/quote", validScreen, S.QuoteRequest, undefined],
    ["POST", "/v1/screen", { ...validScreen, memo: "m" }, S.ScreenRequest, undefined],
    ["POST", "/v1/cosign", { decisionId: UUID }, S.CosignRequest, undefined],
    [
      "POST",
      "/v1/kyc/verifications",
      {
        subject: ADDRESS,
        selfie: "aGk=",
        document: "aGk=",
        country: "NG",
        issuedAt: new Date().toISOString(),
        walletSignature: "0x12",
      },
      S.KycVerifyRequest,
      undefined,
    ],
    ["POST", "/v1/auth/nonce", { address: ADDRESS }, S.SiweNonceRequest, undefined],
    [
      "POST",
      "/v1/auth/session",
      { message: "hello", signature: "0x12" },
      S.SiweSessionRequest,
      undefined,
    ],
    [
      "POST",
      `/v1/cases/${UUID}/decision`,
      { action: "approve", reason: "looks fine" },
      S.CaseDecideRequest,
      "officer",
    ],
    ["POST", "/v1/flags", { address: ADDRESS, reason: "mixer" }, S.FlagRequest, "officer"],
  ];

  for (const [method, route, valid, schema, role] of bodyEndpoints) {
    it(`${method} ${route} answers 4xx and writes nothing`, async () => {
      const before = await snapshot();

      await fc.assert(
        fc.asyncProperty(malformedBody(valid, schema), async (body) => {
          const r = await send(
            method,
            route,
            body,
            role === "officer" ? officer : role === "admin" ? admin : undefined,
          );
          assertClear4xx(r, `${method} ${route} ${JSON.stringify(body)}`);
        }),
        { seed: SEED, numRuns: RUNS },
      );

      await svc.services.sealer.flush();
      assert.deepEqual(await snapshot(), before);
    });
  }

  const pathSegment = fc.oneof(
    fc.string({ minLength: 1, maxLength: 40 }).map((s) => encodeURIComponent(s)),
    fc.constantFrom(
      "0x",
      "not-a-uuid",
      "0b7f5c1e-8a5e-4d44-9a55-4d1a3c3b2f1",
      `0x${"z".repeat(40)}`,
      "%00",
    ),
  );
  const paramEndpoints: [string, (p: string) => string, "officer" | "admin" | undefined][] = [
    ["GET", (p) => `/v1/decisions/${p}`, undefined],
    ["GET", (p) => `/v1/cases/${p}`, "officer"],
    ["GET", (p) => `/v1/sars/${p}`, "officer"],
    ["GET", (p) => `/v1/sars/${p}/export`, "officer"],
    ["GET", (p) => `/v1/gdpr/subjects/${p}`, "admin"],
    ["DELETE", (p) => `/v1/gdpr/subjects/${p}`, "admin"],
    ["GET", (p) => `/v1/kyc/attestations/expiring?withinDays=${p}`, "admin"],
    ["GET", (p) => `/v1/kyc/verifications/${p}`, undefined],
    ["POST", (p) => `/v1/kyc/verifications/${p}/attestations`, undefined],
    ["GET", (p) => `/v1/audit/entries?after=${p}&limit=${p}`, "admin"],
    ["GET", (p) => `/v1/cases?status=${p}`, "officer"],
  ];
  for (const [method, route, role] of paramEndpoints) {
    it(`${method} ${route("{x}")} answers 4xx for malformed parameters and writes nothing`, async () => {
      const before = await snapshot();

      await fc.assert(
        fc.asyncProperty(pathSegment, async (p) => {
          const r = await send(method, route(p), undefined, role === "officer" ? officer : admin);
          assertClear4xx(r, `${method} ${route(p)}`);
        }),
        { seed: SEED, numRuns: Math.ceil(RUNS / 2) },
      );

      await svc.services.sealer.flush();
      assert.deepEqual(await snapshot(), before);
    });
  }

  /** Authorization headers that carry no valid session: missing, garbage, other schemes, unknown tokens. */
  const badAuthorization = fc.oneof(
    fc.constant(undefined),
    fc.string({ maxLength: 60 }),
    fc.string({ minLength: 1, maxLength: 60 }).map((t) => `Bearer ${t}`),
    fc.constantFrom("Bearer", "Bearer ", "bearer x", "Basic YWRtaW46YWRtaW4=", `Bearer ${UUID}`),
  );
  const anyBody = fc.option(
    fc.oneof(
      fc.jsonValue(),
      fc.string().map((x) => ({ __raw: x })),
    ),
    {
      nil: undefined,
    },
  );
  const guardedEndpoints: [string, string, "officer" | undefined][] = [
    ["POST", "/v1/admin/audit/anchor", "officer"],
    ["POST", "/v1/admin/sanctions/reload", "officer"],
    ["POST", "/v1/admin/retention/purge", "officer"],
    ["GET", "/v1/auth/me", undefined],
  ];
  for (const [method, route, wrongRole] of guardedEndpoints) {
    it(`${method} ${route} answers 4xx without a valid session${wrongRole ? " or with the wrong role" : ""} and writes nothing`, async () => {
      const before = await snapshot();
      const authorization = wrongRole
        ? fc.oneof(badAuthorization, fc.constant(`Bearer ${officer}`))
        : badAuthorization;

      await fc.assert(
        fc.asyncProperty(authorization, anyBody, async (auth, body) => {
          const r = await sendAuthorized(method, route, method === "GET" ? undefined : body, auth);
          assertClear4xx(r, `${method} ${route} authorization=${JSON.stringify(auth)}`);
        }),
        { seed: SEED, numRuns: RUNS },
      );

      await svc.services.sealer.flush();
      assert.deepEqual(await snapshot(), before);
    });
  }

  it("/v1/sanctions/version answers 4xx to other methods and paths below it, and writes nothing", async () => {
    const before = await snapshot();
    const request = fc.oneof(
      fc.tuple(fc.constantFrom("POST", "PUT", "PATCH", "DELETE"), fc.constant(""), anyBody),
      fc.tuple(
        fc.constantFrom("GET", "POST"),
        pathSegment.map((p) => `/${p}`),
        anyBody,
      ),
    );

    await fc.assert(
      fc.asyncProperty(
        request,
        fc.constantFrom(undefined, admin),
        async ([method, suffix, body], token) => {
          const route = `/v1/sanctions/version${suffix}`;
          const r = await send(method, route, method === "GET" ? undefined : body, token);
          assertClear4xx(r, `${method} ${route}`);
        },
      ),
      { seed: SEED, numRuns: RUNS },
    );

    await svc.services.sealer.flush();
    assert.deepEqual(await snapshot(), before);
  });

  it("staff routes answer 401 without a session and 403 for the wrong role", async () => {
    const none = await send("GET", "/v1/cases", undefined);
    const forged = await send("GET", "/v1/cases", undefined, "forged-token");
    const wrongRole = await send("POST", "/v1/admin/sanctions/reload", undefined, officer);

    assert.equal(none.status, 401);
    assert.equal(forged.status, 401);
    assert.equal(wrongRole.status, 403);
    assertClear4xx(wrongRole, "reload as officer");
  });

  it("every staff route answers 401 without a session before it looks at the request", async () => {
    const doc = await send("GET", "/openapi.json", undefined);
    const paths = JSON.parse(doc.text).paths as Record<
      string,
      Record<string, { security?: unknown }>
    >;
    const guarded = Object.entries(paths).flatMap(([route, ops]) =>
      Object.entries(ops)
        .filter(([, op]) => op.security !== undefined)
        .map(([method]) => [method.toUpperCase(), route.replace(/\{\w+\}/g, "x")] as const),
    );

    assert.ok(guarded.length >= 15, `only ${guarded.length} staff routes`);
    for (const [method, route] of guarded) {
      const r = await send(
        method,
        `${route}${method === "GET" ? "?withinDays=x&status=x&after=x" : ""}`,
        method === "GET" || method === "DELETE" ? undefined : {},
      );
      assert.equal(r.status, 401, `${method} ${route}: ${r.text}`);
      assert.equal(JSON.parse(r.text).error.code, "UNAUTHENTICATED", `${method} ${route}`);
    }
  });

  it("checks the role before the body: POST /v1/flags {} and a case decision answer 401, then 403", async () => {
    const auditor = await svc.signIn(accounts.treasury);

    const flagsAnonymous = await send("POST", "/v1/flags", {});
    const decisionAnonymous = await send("POST", "/v1/cases/x/decision", {});
    const flagsAuditor = await send("POST", "/v1/flags", {}, auditor);
    const decisionAuditor = await send("POST", "/v1/cases/x/decision", {}, auditor);
    const decisionOfficer = await send("POST", "/v1/cases/x/decision", {}, officer);

    assert.equal(flagsAnonymous.status, 401);
    assert.equal(decisionAnonymous.status, 401);
    assert.equal(flagsAuditor.status, 403);
    assert.equal(JSON.parse(flagsAuditor.text).error.code, "ROLE_REQUIRED");
    assert.equal(decisionAuditor.status, 403);
    assert.equal(decisionOfficer.status, 400);
    assert.match(
      JSON.parse(decisionOfficer.text).error.message,
      /^The request path is invalid: id must be a UUID/,
    );
  });

  it("a known path with another method gets 405 METHOD_NOT_ALLOWED and an Allow header", async () => {
    const getQuote = await svc.app.request("/v1/quote");
    const putHealth = await svc.app.request("/health", { method: "PUT" });
    const deleteCase = await svc.app.request(`/v1/cases/${UUID}`, { method: "DELETE" });
    const bodies = (await Promise.all([getQuote, putHealth, deleteCase].map((r) => r.json()))) as {
      error: { code: string; message: string };
    }[];

    assert.deepEqual(
      [getQuote, putHealth, deleteCase].map((r) => [r.status, r.headers.get("allow")]),
      [
        [405, "POST"],
        [405, "GET, HEAD"],
        [405, "GET, HEAD"],
      ],
    );
    for (const b of bodies) assert.equal(b.error.code, "METHOD_NOT_ALLOWED");
    assert.match(bodies[0]?.error.message ?? "", /\/v1\/quote does not take GET; use POST/);
  });

  it("explains an amount above 2^128-1 in one sentence", async () => {
    const r = await send("POST", "/v1/quote", { ...validScreen, amount: "9".repeat(84) });

    assert.equal(r.status, 400);
    const { error } = JSON.parse(r.text);
    assert.equal(
      error.message,
      "The request body is invalid: amount must be at most 2^128-1 base units (340282366920938463463374607431768211455).",
    );
    assert.deepEqual(error.details.issues, [
      {
        in: "body",
        path: "amount",
        message: "must be at most 2^128-1 base units (340282366920938463463374607431768211455)",
      },
    ]);
  });

  it("says an amount with a leading zero must be written without it, not that it is not decimal digits", async () => {
    const r = await send("POST", "/v1/quote", { ...validScreen, amount: "025000000" });

    assert.equal(r.status, 400);
    const { error } = JSON.parse(r.text);
    assert.equal(
      error.message,
      "The request body is invalid: amount must be written without leading zeros (e.g. 25000000, not 025000000).",
    );
    assert.deepEqual(error.details.issues, [
      {
        in: "body",
        path: "amount",
        message: "must be written without leading zeros (e.g. 25000000, not 025000000)",
      },
    ]);
  });

  it("still says an amount that is not digits must be written in decimal digits", async () => {
    for (const amount of ["1e6", "-1", "25.5", " 25", ""]) {
      const r = await send("POST", "/v1/quote", { ...validScreen, amount });

      assert.equal(r.status, 400, amount);
      assert.equal(
        JSON.parse(r.text).error.details.issues[0].message,
        "must be a non-negative integer written in decimal digits, e.g. 25000000",
        amount,
      );
    }
  });

  it("refuses country codes that ISO 3166-1 does not assign", async () => {
    for (const country of ["ZZ", "EU", "XX", "UK"]) {
      const r = await send("POST", "/v1/quote", { ...validScreen, originatorCountry: country });

      assert.equal(r.status, 400, country);
      assert.match(
        JSON.parse(r.text).error.message,
        /originatorCountry must be an ISO 3166-1 alpha-2 country code/,
        country,
      );
    }
  });

  it("unknown routes and oversized bodies get 404 and 413 as JSON errors", async () => {
    const missing = await send("GET", "/v1/nothing-here", undefined);
    const big = await send("POST", "/v1/screen", { ...validScreen, memo: "x".repeat(200_000) });

    assert.equal(missing.status, 404);
    assertClear4xx(missing, "unknown route");
    assert.equal(big.status, 413);
    assertClear4xx(big, "big body");
  });
});
