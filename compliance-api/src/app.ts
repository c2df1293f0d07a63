// The HTTP application: every route with its zod schemas (→ OpenAPI 3.1 at /openapi.json, Swagger UI at /docs).
import { getConnInfo } from "@hono/node-server/conninfo";
import { createRoute, OpenAPIHono } from "@hono/zod-openapi";
import { asc, eq, gt, sql } from "drizzle-orm";
import type { Context, MiddlewareHandler } from "hono";
import { bodyLimit } from "hono/body-limit";
import { cors } from "hono/cors";
import { getAddress } from "viem";
import { z } from "zod";
import * as S from "./api/schemas.ts";
import { appendAudit, hashAt, verifyChain } from "./audit/log.ts";
import { decisionView } from "./compliance/screening.ts";
import { auditLog, cases, decisions, flaggedAddresses } from "./db/schema.ts";
import { gdprExport } from "./privacy/gdpr.ts";
import { ComplianceError, NotFoundError } from "./errors.ts";
import { docsRoutes } from "./http/docs.ts";
import { errorResponse, validationError } from "./http/errors.ts";
import type { Services } from "./services.ts";
import { requireRole, type Staff } from "./staff/auth.ts";
import type { Role } from "./api/schemas.ts";

const KYC_BODY_LIMIT = 30 * 1024 * 1024;
const BODY_LIMIT = 128 * 1024;

const json = <T extends z.ZodType>(schema: T, description: string) => ({
  content: { "application/json": { schema } },
  description,
});
const errorResponses = (...codes: number[]) =>
  Object.fromEntries(codes.map((code) => [code, json(S.ErrorBody, ERROR_TEXT[code] ?? "Error")]));
const ERROR_TEXT: Record<number, string> = {
  400: "Malformed request (see error.details.issues)",
  401: "Not signed in",
  403: "Role or four-eyes rule forbids it",
  404: "Not found",
  409: "Conflicting state",
  422: "Cannot be acted on as sent",
  429: "Rate limited (Retry-After header)",
  503: "A dependency is unavailable; retry",
};
const body = <T extends z.ZodType>(schema: T) => ({
  body: { content: { "application/json": { schema } }, required: true },
});
const bearer = [{ bearerAuth: [] }];

/** What the middleware hands to handlers: the signed-in staff member on staff routes. */
type AppEnv = { Variables: { staff: Staff } };

/** Builds the Hono app over the services. */
export function createApp(s: Services) {
  const app = new OpenAPIHono<AppEnv>({
    defaultHook: (result) => {
      if (!result.success) throw validationError(result.target, result.error);
    },
  });
  app.openAPIRegistry.registerComponent("securitySchemes", "bearerAuth", {
    type: "http",
    scheme: "bearer",
    description: "Session token from POST /v1/auth/session (Sign-In with Ethereum).",
  });

  app.onError((err, c) => errorResponse(err, c, s.log));
  let routeMethods: ((path: string) => string[]) | undefined;
  const methodsOf = (path: string) => {
    routeMethods ??= methodsByPath(app.routes);
    return routeMethods(path);
  };
  app.notFound((c) => {
    const allowed = methodsOf(c.req.path);
    if (allowed.length === 0) {
      return errorResponse(
        new NotFoundError("NOT_FOUND", `No route ${c.req.path}; see /docs for the API.`),
        c,
        s.log,
      );
    }
    c.header("Allow", allowed.join(", "));
    return errorResponse(
      new ComplianceError(
        "METHOD_NOT_ALLOWED",
        `${c.req.path} does not take ${c.req.method}; use ${allowed.join(" or ")} (see /docs).`,
        { status: 405, details: { allowed } },
      ),
      c,
      s.log,
    );
  });

  app.use("*", async (c, next) => {
    const started = performance.now();
    await next();
    const route = c.req.routePath || "unmatched";
    const seconds = (performance.now() - started) / 1000;
    s.metrics.httpRequests.inc({ method: c.req.method, route, status: String(c.res.status) });
    s.metrics.httpDuration.observe({ method: c.req.method, route }, seconds);
    s.log.info(
      {
        method: c.req.method,
        route,
        status: c.res.status,
        durationMs: Math.round(seconds * 10_000) / 10,
      },
      "Handled request",
    );
  });
  app.use("*", corsFor(s.config.corsOrigins, methodsOf));
  const kycBodyLimit = limitBody(KYC_BODY_LIMIT);
  const otherBodyLimit = limitBody(BODY_LIMIT);
  const bodyLimits: MiddlewareHandler = (c, next) =>
    c.req.path === "/v1/kyc/verifications" ? kycBodyLimit(c, next) : otherBodyLimit(c, next);
  app.use("/v1/*", bodyLimits);
  app.use("/v1/*", async (c, next) => {
    await s.rateLimits.ip(clientIp(c));
    return next();
  });

  /**
   * Signs the caller in and checks the role before the request is validated, so that a caller without a session
   * learns that (401/403) rather than what their body lacks. The staff member is `c.get("staff")` in the handler.
   */
  const staffOnly = (roles: Role[]): MiddlewareHandler<AppEnv> =>
    async function staffOnly(c, next) {
      const who = await s.staffAuth.authenticate(c.req.header("authorization"));
      requireRole(who, roles);
      c.set("staff", who);
      await next();
    };

  // ---------------------------------------------------------------- operations
  app.openapi(
    createRoute({
      method: "get",
      path: "/health",
      tags: ["operations"],
      responses: { 200: json(S.Health, "Healthy"), 503: json(S.Health, "Degraded") },
    }),
    async (c) => {
      const checks: Record<string, { ok: boolean; message?: string }> = {};
      try {
        await s.database.db.execute(sql`select 1`);
        checks.database = { ok: true };
      } catch {
        checks.database = { ok: false, message: "database query failed" };
      }
      // "chain" is the default chain; every other chain served has its own check, "chain:<id>".
      await Promise.all(
        s.chains.all.map(async (chain) => {
          const name = chain === s.chains.default ? "chain" : `chain:${chain.chainId}`;
          try {
            chain.book();
            await chain.client.getBlockNumber();
            checks[name] = { ok: true };
          } catch {
            checks[name] = {
              ok: false,
              message: `chain ${chain.chainId} or its address book unavailable`,
            };
          }
        }),
      );
      checks.cosigner = s.signers.cosigner
        ? { ok: true }
        : { ok: false, message: "no co-signer key" };
      checks.sanctions = {
        ok: true,
        message: `version ${s.sanctions.current.version.slice(0, 10)}…`,
      };
      const ok = Object.values(checks).every((x) => x.ok);
      return c.json(
        {
          status: ok ? ("ok" as const) : ("degraded" as const),
          database: s.database.kind,
          chainId: s.chain.chainId,
          chainIds: s.chains.ids,
          checks,
        },
        ok ? 200 : 503,
      );
    },
  );
  app.openapi(
    createRoute({
      method: "get",
      path: "/metrics",
      tags: ["operations"],
      summary: "Prometheus metrics (text exposition format)",
      responses: {
        200: { content: { "text/plain": { schema: z.string() } }, description: "Metrics" },
      },
    }),
    async (c) =>
      c.text(await s.metrics.registry.metrics(), 200, {
        "Content-Type": s.metrics.registry.contentType,
      }),
  );

  // ---------------------------------------------------------------- transfers
  app.openapi(
    createRoute({
      method: "post",
      path: "/v1/quote",
      tags: ["transfers"],
      summary: "Fee, KYC level, limits left and Travel-Rule needs of a proposed transfer",
      request: body(S.QuoteRequest),
      responses: { 200: json(S.QuoteResponse, "Quote"), ...errorResponses(400, 422, 429, 503) },
    }),
    async (c) => {
      const req = c.req.valid("json");
      await s.rateLimits.wallet(req.sender);
      return c.json(await s.screening.quote(req), 200);
    },
  );
  app.openapi(
    createRoute({
      method: "post",
      path: "/v1/screen",
      tags: ["transfers"],
      summary: "Screen a transfer: approve, review or reject, with reasons and their weights",
      request: body(S.ScreenRequest),
      responses: {
        200: json(S.DecisionResponse, "Decision"),
        ...errorResponses(400, 422, 429, 503),
      },
    }),
    async (c) => {
      const req = c.req.valid("json");
      await s.rateLimits.wallet(req.sender);
      const decision = await s.screening.screen(req);
      s.metrics.decisions.inc({ outcome: decision.outcome });
      return c.json(decision, 200);
    },
  );
  app.openapi(
    createRoute({
      method: "get",
      path: "/v1/decisions/{id}",
      tags: ["transfers"],
      summary: "A decision by id",
      request: { params: S.IdParam },
      responses: { 200: json(S.DecisionResponse, "Decision"), ...errorResponses(400, 404) },
    }),
    async (c) => {
      const { id } = c.req.valid("param");
      const [row] = await s.database.db
        .select({ d: decisions, caseId: cases.id })
        .from(decisions)
        .leftJoin(cases, eq(cases.decisionId, decisions.id))
        .where(eq(decisions.id, id));
      if (!row) throw new NotFoundError("DECISION_NOT_FOUND", "No decision has this id.");
      return c.json(decisionView(row.d, row.caseId), 200);
    },
  );
  app.openapi(
    createRoute({
      method: "post",
      path: "/v1/cosign",
      tags: ["transfers"],
      summary: "The EIP-712 approval for an approved decision (once per decision)",
      request: body(S.CosignRequest),
      responses: {
        200: json(S.CosignResponse, "Co-signed approval"),
        ...errorResponses(400, 404, 409, 429, 503),
      },
    }),
    async (c) => {
      const { decisionId } = c.req.valid("json");
      const result = await s.cosign.cosign(decisionId);
      s.metrics.cosignatures.inc();
      return c.json(result, 200);
    },
  );
  app.openapi(
    createRoute({
      method: "get",
      path: "/v1/sanctions/version",
      tags: ["transfers"],
      summary: "The sanctions-list version screens use now",
      responses: { 200: json(S.SanctionsVersion, "Version") },
    }),
    (c) => c.json(sanctionsVersionBody(s), 200),
  );

  // ---------------------------------------------------------------- KYC
  app.openapi(
    createRoute({
      method: "post",
      path: "/v1/kyc/verifications",
      tags: ["kyc"],
      summary: "Selfie + document → face-service verdict → on approval a KycRegistry attestation",
      request: body(S.KycVerifyRequest),
      responses: {
        200: json(S.KycVerifyResponse, "Verdict"),
        ...errorResponses(400, 401, 409, 429, 503),
      },
    }),
    async (c) => {
      const req = c.req.valid("json");
      await s.rateLimits.wallet(req.subject);
      return c.json(await s.kyc.verify(req), 200);
    },
  );
  app.openapi(
    createRoute({
      method: "get",
      path: "/v1/kyc/verifications/{id}",
      tags: ["kyc"],
      summary: "A passed verification's attestation and where it stands on each chain",
      request: { params: S.IdParam },
      responses: { 200: json(S.KycAttestation, "Attestation"), ...errorResponses(400, 404) },
    }),
    async (c) => c.json(await s.kyc.attestation(c.req.valid("param").id), 200),
  );
  app.openapi(
    createRoute({
      method: "post",
      path: "/v1/kyc/verifications/{id}/attestations",
      tags: ["kyc"],
      summary:
        "Write a passed verification's attestation to the chains that do not hold it yet (idempotent retry)",
      request: { params: S.IdParam },
      responses: {
        200: json(S.KycAttestation, "Attestation after the attempt"),
        ...errorResponses(400, 404, 409, 429, 503),
      },
    }),
    async (c) => {
      const { id } = c.req.valid("param");
      await s.rateLimits.wallet((await s.kyc.attestation(id)).subject);
      return c.json(await s.kyc.reattest(id), 200);
    },
  );
  app.openapi(
    createRoute({
      method: "get",
      path: "/v1/kyc/attestations/expiring",
      tags: ["kyc"],
      security: bearer,
      middleware: staffOnly(["admin", "officer"]),
      summary: "Attestations lapsing soon (re-verification list)",
      request: { query: S.WithinDaysQuery },
      responses: {
        200: json(S.ExpiringAttestations, "Attestations"),
        ...errorResponses(400, 401, 403),
      },
    }),
    async (c) => {
      const { withinDays } = c.req.valid("query");
      return c.json({ withinDays, attestations: await s.kyc.expiring(withinDays) }, 200);
    },
  );

  // ---------------------------------------------------------------- staff sign-in
  app.openapi(
    createRoute({
      method: "post",
      path: "/v1/auth/nonce",
      tags: ["staff"],
      summary: "A Sign-In with Ethereum message to sign",
      request: body(S.SiweNonceRequest),
      responses: { 200: json(S.SiweNonceResponse, "Message"), ...errorResponses(400, 429) },
    }),
    async (c) => c.json(await s.staffAuth.challenge(c.req.valid("json").address), 200),
  );
  app.openapi(
    createRoute({
      method: "post",
      path: "/v1/auth/session",
      tags: ["staff"],
      summary: "Exchange a signed SIWE message for a session token",
      request: body(S.SiweSessionRequest),
      responses: { 200: json(S.StaffSession, "Session"), ...errorResponses(400, 401, 403, 429) },
    }),
    async (c) => {
      const { message, signature } = c.req.valid("json");
      return c.json(await s.staffAuth.signIn(message, signature as `0x${string}`), 200);
    },
  );
  app.openapi(
    createRoute({
      method: "get",
      path: "/v1/auth/me",
      tags: ["staff"],
      security: bearer,
      middleware: staffOnly(["admin", "officer", "auditor"]),
      responses: { 200: json(S.StaffMe, "Signed-in staff member"), ...errorResponses(401, 403) },
    }),
    async (c) => {
      const who = c.get("staff");
      return c.json({ address: getAddress(who.address), roles: who.roles }, 200);
    },
  );

  // ---------------------------------------------------------------- review queue
  app.openapi(
    createRoute({
      method: "get",
      path: "/v1/cases",
      tags: ["review"],
      security: bearer,
      middleware: staffOnly(["admin", "officer", "auditor"]),
      request: { query: S.CaseListQuery },
      responses: { 200: json(S.CaseList, "Cases"), ...errorResponses(400, 401, 403) },
    }),
    async (c) => {
      return c.json({ cases: await s.review.list(c.req.valid("query").status) }, 200);
    },
  );
  app.openapi(
    createRoute({
      method: "get",
      path: "/v1/cases/{id}",
      tags: ["review"],
      security: bearer,
      middleware: staffOnly(["admin", "officer", "auditor"]),
      request: { params: S.IdParam },
      responses: { 200: json(S.CaseDetail, "Case"), ...errorResponses(400, 401, 403, 404) },
    }),
    async (c) => {
      return c.json(await s.review.get(c.req.valid("param").id), 200);
    },
  );
  app.openapi(
    createRoute({
      method: "post",
      path: "/v1/cases/{id}/decision",
      tags: ["review"],
      security: bearer,
      middleware: staffOnly(["officer"]),
      summary: "Approve or reject a case (four-eyes rules apply)",
      request: { params: S.IdParam, ...body(S.CaseDecideRequest) },
      responses: {
        200: json(S.CaseDetail, "Case after the action"),
        ...errorResponses(400, 401, 403, 404, 409),
      },
    }),
    async (c) => {
      const who = c.get("staff");
      const { action, reason } = c.req.valid("json");
      return c.json(
        await s.review.decide(c.req.valid("param").id, who.address, action, reason),
        200,
      );
    },
  );
  app.openapi(
    createRoute({
      method: "post",
      path: "/v1/flags",
      tags: ["review"],
      security: bearer,
      middleware: staffOnly(["officer"]),
      summary: "Put an address on the internal watch list (counts as exposure)",
      request: body(S.FlagRequest),
      responses: { 200: json(S.FlagResponse, "Flagged"), ...errorResponses(400, 401, 403) },
    }),
    async (c) => {
      const who = c.get("staff");
      const { address, reason } = c.req.valid("json");
      await s.database.db.transaction(async (tx) => {
        await tx
          .insert(flaggedAddresses)
          .values({ address: address.toLowerCase(), reason, flaggedBy: who.address })
          .onConflictDoNothing();
        await appendAudit(tx, {
          kind: "address.flagged",
          actor: who.address,
          data: { address: address.toLowerCase() },
        });
      });
      s.sealer.kick();
      return c.json({ address, flagged: true }, 200);
    },
  );

  // ---------------------------------------------------------------- SAR drafts
  app.openapi(
    createRoute({
      method: "get",
      path: "/v1/sars",
      tags: ["review"],
      security: bearer,
      middleware: staffOnly(["officer", "auditor"]),
      responses: { 200: json(S.SarList, "SAR drafts"), ...errorResponses(401, 403) },
    }),
    async (c) => {
      return c.json({ sars: await s.review.listSars() }, 200);
    },
  );
  app.openapi(
    createRoute({
      method: "get",
      path: "/v1/sars/{id}",
      tags: ["review"],
      security: bearer,
      middleware: staffOnly(["officer", "auditor"]),
      request: { params: S.IdParam },
      responses: { 200: json(S.SarDetail, "SAR draft"), ...errorResponses(400, 401, 403, 404) },
    }),
    async (c) => {
      return c.json(await s.review.getSar(c.req.valid("param").id), 200);
    },
  );
  app.openapi(
    createRoute({
      method: "get",
      path: "/v1/sars/{id}/export",
      tags: ["review"],
      security: bearer,
      middleware: staffOnly(["officer"]),
      summary: "The SAR draft as a JSON document (download)",
      request: { params: S.IdParam },
      responses: {
        200: json(z.record(z.string(), z.unknown()), "SAR export"),
        ...errorResponses(400, 401, 403, 404),
      },
    }),
    async (c) => {
      const who = c.get("staff");
      const { id } = c.req.valid("param");
      const doc = await s.review.exportSar(id);
      await s.database.db.transaction((tx) =>
        appendAudit(tx, { kind: "sar.exported", actor: who.address, data: { sarId: id } }),
      );
      s.sealer.kick();
      c.header("content-disposition", `attachment; filename="sar-${id}.json"`);
      return c.json(doc, 200);
    },
  );

  // ---------------------------------------------------------------- audit
  app.openapi(
    createRoute({
      method: "get",
      path: "/v1/audit/verify",
      tags: ["audit"],
      security: bearer,
      middleware: staffOnly(["admin", "auditor"]),
      summary: "Recompute the whole hash chain and compare with the latest on-chain anchor",
      responses: { 200: json(S.AuditVerifyResponse, "Result"), ...errorResponses(401, 403) },
    }),
    async (c) => {
      return c.json(await verifyAudit(s), 200);
    },
  );
  app.openapi(
    createRoute({
      method: "get",
      path: "/v1/audit/entries",
      tags: ["audit"],
      security: bearer,
      middleware: staffOnly(["admin", "auditor"]),
      request: { query: S.AuditEntriesQuery },
      responses: { 200: json(S.AuditEntries, "Entries"), ...errorResponses(400, 401, 403) },
    }),
    async (c) => {
      const { after, limit } = c.req.valid("query");
      const rows = await s.database.db
        .select()
        .from(auditLog)
        .where(gt(auditLog.seq, after))
        .orderBy(asc(auditLog.seq))
        .limit(limit);
      return c.json(
        {
          entries: rows.map((r) => ({
            seq: r.seq ?? 0,
            at: r.at,
            kind: r.kind,
            actor: r.actor,
            data: r.data,
            prevHash: r.prevHash ?? "",
            hash: r.hash ?? "",
          })),
        },
        200,
      );
    },
  );

  // ---------------------------------------------------------------- admin
  app.openapi(
    createRoute({
      method: "post",
      path: "/v1/admin/audit/anchor",
      tags: ["admin"],
      security: bearer,
      middleware: staffOnly(["admin"]),
      summary: "Anchor the audit head on-chain now",
      responses: { 200: json(S.AnchorResponse, "Anchor result"), ...errorResponses(401, 403, 503) },
    }),
    async (c) => {
      await s.sealer.flush();
      return c.json(await s.anchorer.anchorNow(), 200);
    },
  );
  app.openapi(
    createRoute({
      method: "post",
      path: "/v1/admin/sanctions/reload",
      tags: ["admin"],
      security: bearer,
      middleware: staffOnly(["admin"]),
      summary: "Re-read the sanctions lists without a restart",
      responses: { 200: json(S.SanctionsVersion, "New version"), ...errorResponses(401, 403, 503) },
    }),
    async (c) => {
      const who = c.get("staff");
      await s.reloadSanctions(who.address);
      return c.json(sanctionsVersionBody(s), 200);
    },
  );
  app.openapi(
    createRoute({
      method: "post",
      path: "/v1/admin/retention/purge",
      tags: ["admin"],
      security: bearer,
      middleware: staffOnly(["admin"]),
      summary: "Erase personal data past its retention period now",
      responses: { 200: json(S.PurgeResponse, "Purged"), ...errorResponses(401, 403) },
    }),
    async (c) => {
      const r = await s.vault.purge(s.database.db);
      s.sealer.kick();
      return c.json(r, 200);
    },
  );

  // ---------------------------------------------------------------- GDPR
  app.openapi(
    createRoute({
      method: "get",
      path: "/v1/gdpr/subjects/{address}",
      tags: ["gdpr"],
      security: bearer,
      middleware: staffOnly(["admin"]),
      summary: "Everything held about a wallet (data-subject access request)",
      request: { params: S.AddressParam },
      responses: { 200: json(S.GdprExport, "Export"), ...errorResponses(400, 401, 403) },
    }),
    async (c) => {
      const who = c.get("staff");
      const { address } = c.req.valid("param");
      const doc = await gdprExport(s, address, who.address);
      return c.json(doc, 200);
    },
  );
  app.openapi(
    createRoute({
      method: "delete",
      path: "/v1/gdpr/subjects/{address}",
      tags: ["gdpr"],
      security: bearer,
      middleware: staffOnly(["admin"]),
      summary: "Erase a wallet's personal data (destroys its data key)",
      request: { params: S.AddressParam },
      responses: { 200: json(S.GdprDeleteResponse, "Erased"), ...errorResponses(400, 401, 403) },
    }),
    async (c) => {
      const who = c.get("staff");
      const { address } = c.req.valid("param");
      const recordsDeleted = await s.database.db.transaction((tx) =>
        s.vault.erase(tx, address, who.address, "gdpr"),
      );
      s.sealer.kick();
      return c.json({ subject: address, erased: true, recordsDeleted }, 200);
    },
  );

  app.doc31("/openapi.json", {
    openapi: "3.1.0",
    info: {
      title: "CLXEND compliance API",
      version: "1.0.0",
      description:
        "Screens transfers, co-signs EIP-712 approvals for the Remittance contract, issues KYC attestations, runs the review queue and keeps a hash-chained audit log.\n\nEvery error is `{ error: { code, message, retryable, details? } }` with a stable UPPER_SNAKE_CASE `code` (schema `Error`): 400 `INVALID_REQUEST` (with `details.issues`), 401 `UNAUTHENTICATED`, 403, 404 (`NOT_FOUND` for an unknown route, `DECISION_NOT_FOUND`, …), 405 `METHOD_NOT_ALLOWED` (with an `Allow` header) for a known path with another method, 409, 413 `PAYLOAD_TOO_LARGE`, 415 `UNSUPPORTED_MEDIA_TYPE`, 422, 429 `RATE_LIMITED` (with `Retry-After`), 503. Staff routes check the session and role before the request itself.",
    },
  });
  app.route("/", docsRoutes("/openapi.json", "CLXEND compliance API"));
  return app;
}

/**
 * The methods served on a concrete path (`/v1/cases/3f…/decision` matches `/v1/cases/:id/decision`), HEAD with GET,
 * for the 405 answer and its Allow header.
 */
/** The body of `GET /v1/sanctions/version` and of a reload: the list version screens use now. */
function sanctionsVersionBody(s: Services) {
  const v = s.sanctions.current;
  return {
    version: v.version,
    snapshotDate: v.snapshotDate,
    addressCount: v.addresses.size,
    loadedAt: v.loadedAt,
    sources: v.sources,
  };
}

function methodsByPath(routes: readonly { method: string; path: string }[]) {
  const patterns = routes
    .filter((r) => r.method !== "ALL")
    .map((r) => ({
      method: r.method,
      pattern: new RegExp(
        `^${r.path.replace(/[.*+?^${}()|[\]\\]/g, "\\$&").replace(/:\w+/g, "[^/]+")}$`,
      ),
    }));
  return (path: string): string[] => {
    const methods = new Set(patterns.filter((p) => p.pattern.test(path)).map((p) => p.method));
    if (methods.has("GET")) methods.add("HEAD");
    return [...methods].sort();
  };
}

/** Request headers a cross-origin caller may send: JSON bodies and the staff session token. */
const CORS_REQUEST_HEADERS = ["Authorization", "Content-Type"];
/** Response headers a cross-origin caller may read besides the CORS-safelisted ones. */
const CORS_EXPOSED_HEADERS = ["Retry-After", "Allow", "Content-Disposition"];

/**
 * CORS for the `origins` allow-list (hono's cors): a request from a listed origin gets Access-Control-Allow-Origin,
 * and its preflight (OPTIONS) a 204 naming the methods the path serves. A request from any other origin, or without
 * one, and a preflight of a path no route serves pass on untouched (an OPTIONS then answers 405 or 404 as before).
 * Sessions are bearer tokens, not cookies, so credentials are not allowed.
 */
function corsFor(
  origins: readonly string[],
  methodsOf: (path: string) => string[],
): MiddlewareHandler {
  const allowed = new Set(origins);
  const handler = cors({
    origin: [...allowed],
    allowMethods: (_origin, c) => methodsOf(c.req.path),
    allowHeaders: CORS_REQUEST_HEADERS,
    exposeHeaders: CORS_EXPOSED_HEADERS,
    maxAge: 600,
  });
  return async (c, next) => {
    const origin = c.req.header("origin");
    if (origin === undefined || !allowed.has(origin)) return next();
    if (c.req.method === "OPTIONS" && methodsOf(c.req.path).length === 0) return next();
    return handler(c, next);
  };
}

/**
 * hono's bodyLimit, except that a request with a Content-Length (and no Transfer-Encoding) is judged by that
 * header alone, as bodyLimit itself does, without first turning the Node request into a web Request (whose body
 * stream would then make reading the JSON several times slower).
 */
function limitBody(maxSize: number): MiddlewareHandler {
  const streaming = bodyLimit({ maxSize, onError: tooLarge });
  return async (c, next) => {
    const length = c.req.header("content-length");
    if (length !== undefined && c.req.header("transfer-encoding") === undefined) {
      if (Number.parseInt(length, 10) > maxSize) return tooLarge(c);
      return next();
    }
    return streaming(c, next);
  };
}

function tooLarge(c: Context): Response {
  throw new ComplianceError("PAYLOAD_TOO_LARGE", "The request body is too large.", { status: 413 });
  // biome-ignore lint/correctness/noUnreachable: the throw is handled by app.onError; this satisfies the type.
  return c.body(null);
}

function clientIp(c: Context): string {
  try {
    return getConnInfo(c).remote.address ?? "unknown";
  } catch {
    return "unknown";
  }
}

/** The chain check plus a comparison with the latest on-chain anchor, when the chain answers. */
export async function verifyAudit(s: Services) {
  await s.sealer.flush();
  const check = await verifyChain(s.database.db);
  let anchor: { seq: number; hash: string; matches: boolean } | null = null;
  try {
    const latest = await s.chain.latestAnchor();
    if (latest) {
      const stored = await hashAt(s.database.db, latest.sequence);
      anchor = { seq: latest.sequence, hash: latest.headHash, matches: stored === latest.headHash };
    }
  } catch {
    anchor = null;
  }
  const valid = check.valid && (anchor?.matches ?? true);
  return {
    ...check,
    valid,
    failure:
      check.failure ??
      (anchor && !anchor.matches
        ? { seq: anchor.seq, reason: "differs from the on-chain anchor" }
        : null),
    anchor,
  };
}
