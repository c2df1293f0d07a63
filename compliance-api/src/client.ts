// Typed client of the compliance API for the frontend and scripts; responses are checked against the same zod schemas.
//
// @example
// import { createComplianceClient } from "@clxend/compliance-api/client";
// const api = createComplianceClient({ baseUrl: "http://127.0.0.1:18080" });
// const decision = await api.screen({ sender, recipient, token, amount: "25000000" });
// if (decision.outcome === "approve") { const { approval, coSignature } = await api.cosign(decision.decisionId); }
import type { z } from "zod";
import * as S from "./api/schemas.ts";

export { kycStatement } from "./api/statements.ts";
export * from "./api/schemas.ts";

/** An error answer of the API: `code` is machine-readable, `message` is meant for a person. */
export class ComplianceApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly retryable: boolean,
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
    this.name = "ComplianceApiError";
  }
}

export interface ClientOptions {
  baseUrl: string;
  /** Staff session token from `signIn` (for staff routes). */
  token?: string;
  fetch?: typeof fetch;
}

/** Creates the client. Every method resolves to the parsed response or rejects with ComplianceApiError. */
export function createComplianceClient(options: ClientOptions) {
  const doFetch = options.fetch ?? fetch;
  let token = options.token;
  const base = options.baseUrl.replace(/\/$/, "");

  async function call<T extends z.ZodType>(
    schema: T,
    method: string,
    path: string,
    body?: unknown,
  ): Promise<z.infer<T>> {
    const res = await doFetch(`${base}${path}`, {
      method,
      headers: {
        ...(body !== undefined ? { "content-type": "application/json" } : {}),
        ...(token ? { authorization: `Bearer ${token}` } : {}),
      },
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
    const payload: unknown = await res.json().catch(() => null);
    if (!res.ok) {
      const e = S.ErrorBody.safeParse(payload);
      if (e.success) {
        const { code, message, retryable, details } = e.data.error;
        throw new ComplianceApiError(res.status, code, message, retryable, details);
      }
      throw new ComplianceApiError(
        res.status,
        "HTTP_ERROR",
        `The compliance API answered ${res.status}.`,
        res.status >= 500,
      );
    }
    return schema.parse(payload);
  }
  const q = (params: Record<string, string | number | undefined>) => {
    const entries = Object.entries(params)
      .filter(([, v]) => v !== undefined)
      .map(([k, v]): [string, string] => [k, String(v)]);
    return entries.length ? `?${new URLSearchParams(entries)}` : "";
  };

  return {
    /** Sets the staff session token used by staff routes. */
    setToken(value: string | undefined) {
      token = value;
    },
    health: () => call(S.Health, "GET", "/health"),
    quote: (req: z.input<typeof S.QuoteRequest>) => call(S.QuoteResponse, "POST", "/v1/quote", req),
    screen: (req: z.input<typeof S.ScreenRequest>) =>
      call(S.DecisionResponse, "POST", "/v1/screen", req),
    decision: (id: string) =>
      call(S.DecisionResponse, "GET", `/v1/decisions/${encodeURIComponent(id)}`),
    cosign: (decisionId: string) => call(S.CosignResponse, "POST", "/v1/cosign", { decisionId }),
    sanctionsVersion: () => call(S.SanctionsVersion, "GET", "/v1/sanctions/version"),
    verifyKyc: (req: z.input<typeof S.KycVerifyRequest>) =>
      call(S.KycVerifyResponse, "POST", "/v1/kyc/verifications", req),
    kycVerification: (verificationId: string) =>
      call(S.KycAttestation, "GET", `/v1/kyc/verifications/${encodeURIComponent(verificationId)}`),
    /** Writes a passed verification's attestation to the chains that do not hold it yet (safe to repeat). */
    reattestKyc: (verificationId: string) =>
      call(
        S.KycAttestation,
        "POST",
        `/v1/kyc/verifications/${encodeURIComponent(verificationId)}/attestations`,
      ),
    expiringAttestations: (withinDays?: number) =>
      call(S.ExpiringAttestations, "GET", `/v1/kyc/attestations/expiring${q({ withinDays })}`),
    /** Step 1 of staff sign-in: the SIWE message to sign with the wallet (personal_sign). */
    siweMessage: (address: string) =>
      call(S.SiweNonceResponse, "POST", "/v1/auth/nonce", { address }),
    /** Step 2: exchanges the signed message for a session; the token is kept for later calls. */
    signIn: async (message: string, signature: string) => {
      const session = await call(S.StaffSession, "POST", "/v1/auth/session", {
        message,
        signature,
      });
      token = session.token;
      return session;
    },
    me: () => call(S.StaffMe, "GET", "/v1/auth/me"),
    cases: (status?: z.infer<typeof S.CaseStatus>) =>
      call(S.CaseList, "GET", `/v1/cases${q({ status })}`),
    case: (id: string) => call(S.CaseDetail, "GET", `/v1/cases/${encodeURIComponent(id)}`),
    decideCase: (id: string, action: "approve" | "reject", reason: string) =>
      call(S.CaseDetail, "POST", `/v1/cases/${encodeURIComponent(id)}/decision`, {
        action,
        reason,
      }),
    flag: (address: string, reason: string) =>
      call(S.FlagResponse, "POST", "/v1/flags", { address, reason }),
    sars: () => call(S.SarList, "GET", "/v1/sars"),
    sar: (id: string) => call(S.SarDetail, "GET", `/v1/sars/${encodeURIComponent(id)}`),
    exportSar: (id: string) =>
      call(S.SarExport, "GET", `/v1/sars/${encodeURIComponent(id)}/export`),
    verifyAudit: () => call(S.AuditVerifyResponse, "GET", "/v1/audit/verify"),
    auditEntries: (after?: number, limit?: number) =>
      call(S.AuditEntries, "GET", `/v1/audit/entries${q({ after, limit })}`),
    anchorAudit: () => call(S.AnchorResponse, "POST", "/v1/admin/audit/anchor"),
    reloadSanctions: () => call(S.SanctionsVersion, "POST", "/v1/admin/sanctions/reload"),
    purgeRetention: () => call(S.PurgeResponse, "POST", "/v1/admin/retention/purge"),
    gdprExport: (address: string) => call(S.GdprExport, "GET", `/v1/gdpr/subjects/${address}`),
    gdprErase: (address: string) =>
      call(S.GdprDeleteResponse, "DELETE", `/v1/gdpr/subjects/${address}`),
  };
}

export type ComplianceClient = ReturnType<typeof createComplianceClient>;
