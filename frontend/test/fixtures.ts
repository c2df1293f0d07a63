// Response bodies of the compliance API in the shapes its typed client validates (decisions, cases, SAR drafts,
// audit verification), for FakeServices routes in component tests. Each builder takes the fields a test cares about.
import type { Address } from "viem";
import type { AuditVerification, CaseDetail, Decision, SarDetail } from "../src/api/compliance.ts";
import { ALICE, BOB } from "./render.tsx";

export const DECISION_ID = "0b7f5c1e-8a5e-4d44-9a55-4d1a3c3b2f10";
export const CASE_ID = "5d0c7a1e-2b3f-4c5d-8e9f-0a1b2c3d4e5f";
export const SAR_ID = "9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d";
export const OFFICER: Address = "0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC";
const ZERO32 = `0x${"00".repeat(32)}`;

/** A decision as POST /v1/screen and GET /v1/decisions/{id} return it. */
export function decisionBody(overrides: Partial<Decision> = {}) {
  return {
    decisionId: DECISION_ID,
    outcome: "approve",
    status: "approved",
    score: 10,
    reasons: [],
    sanctionsListVersion: `0x${"f2".repeat(32)}`,
    fee: "62500",
    travelRuleHash: ZERO32,
    memoHash: ZERO32,
    caseId: null,
    createdAt: "2026-12-03T10:00:00.000Z",
    ...overrides,
  };
}

/** A case as GET /v1/cases/{id} returns it: by default open, high risk, a new recipient in a flagged corridor. */
export function caseBody(overrides: Partial<CaseDetail> = {}) {
  return {
    caseId: CASE_ID,
    decisionId: DECISION_ID,
    status: "open",
    highRisk: true,
    score: 75,
    submittedBy: ALICE,
    createdAt: "2026-12-03T10:00:00.000Z",
    decision: decisionBody({
      outcome: "review",
      status: "in_review",
      score: 75,
      caseId: CASE_ID,
      reasons: [
        {
          code: "HIGH_RISK_CORRIDOR",
          weight: 65,
          blocking: false,
          message: "The beneficiary country IR is a high-risk jurisdiction.",
        },
        {
          code: "NEW_RECIPIENT",
          weight: 10,
          blocking: false,
          message: "The sender has not paid this recipient before.",
        },
      ],
    }),
    actions: [],
    approvalsNeeded: 2,
    ...overrides,
  };
}

/** A SAR draft as GET /v1/sars/{id} returns it. */
export function sarBody(overrides: Partial<SarDetail> = {}) {
  return {
    sarId: SAR_ID,
    decisionId: DECISION_ID,
    subject: BOB,
    score: 100,
    status: "draft",
    createdAt: "2026-12-02T09:00:00.000Z",
    narrative: "Transfer of 5 tUSD to an address on the OFAC SDN list was refused.",
    decision: decisionBody({ outcome: "reject", status: "rejected", score: 100 }),
    ...overrides,
  };
}

/** The result of GET /v1/audit/verify. */
export function auditBody(overrides: Partial<AuditVerification> = {}) {
  return {
    valid: true,
    checked: 40,
    head: { seq: 40, hash: `0x${"4a".repeat(32)}` },
    unsealed: 0,
    failure: null,
    anchor: { seq: 12, hash: `0x${"12".repeat(32)}`, matches: true },
    ...overrides,
  };
}
