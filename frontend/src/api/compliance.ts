// The compliance API (quote, screen, co-sign, KYC verification, staff console). Every call the app makes to it is
// in this module, so moving to the service's own typed client changes this file only. Amounts are decimal strings.
import type { Address, Hex } from "viem";
import type { CosignedApproval } from "../lib/transfer.ts";
import { requestJson } from "./http.ts";

export interface TransferRequest {
  sender: Address;
  recipient?: Address;
  claimHash?: Hex;
  token: Address;
  amount: string;
  merchantId?: string;
  originatorCountry?: string;
  beneficiaryCountry?: string;
}

export interface Quote {
  chainId: number;
  token: Address;
  amount: string;
  fee: string;
  feeBps: number;
  total: string;
  amountUsd: number;
  senderKycLevel: number;
  limits: { perTransferUsd: number; dailyUsd: number; weeklyUsd: number } | null;
  remaining: { dailyUsd: number; weeklyUsd: number } | null;
  travelRule: { required: boolean; thresholdUsd: number; jurisdiction: string };
}

export interface Reason {
  code: string;
  weight: number;
  blocking: boolean;
  message: string;
}

export interface Decision {
  decisionId: string;
  outcome: "approve" | "review" | "reject";
  status: "approved" | "in_review" | "rejected" | "cosigned";
  score: number;
  reasons: Reason[];
  fee: string;
  caseId: string | null;
  createdAt: string;
}

/** IVMS101 payload of the Travel Rule (natural persons only in this app). */
export interface TravelRulePayload {
  originator: { originatorPersons: IvmsPerson[]; accountNumber: Address[] };
  beneficiary: { beneficiaryPersons: IvmsPerson[]; accountNumber?: Address[] };
}

export interface IvmsPerson {
  naturalPerson: {
    name: {
      nameIdentifier: {
        primaryIdentifier: string;
        secondaryIdentifier?: string;
        nameIdentifierType: "LEGL";
      }[];
    };
    geographicAddress?: {
      addressType: "HOME";
      townName: string;
      country: string;
      streetName?: string;
    }[];
    dateAndPlaceOfBirth?: { dateOfBirth: string; placeOfBirth: string };
    countryOfResidence?: string;
  };
}

export interface KycVerification {
  verdict: "approved" | "rejected" | "review";
  reasons: string[];
  evidenceHash: Hex;
  attestation: { level: number; expiresAt: string; txHash: Hex; provider: Address } | null;
}

export interface KycVerifyInput {
  subject: Address;
  selfie: string;
  document: string;
  mrz?: string;
  country: string;
  issuedAt: string;
  walletSignature: Hex;
}

export type StaffRole = "admin" | "officer" | "auditor";
export interface StaffSession {
  token: string;
  address: Address;
  roles: StaffRole[];
  expiresAt: string;
}

export interface CaseSummary {
  caseId: string;
  decisionId: string;
  status: "open" | "awaiting_second_approval" | "approved" | "rejected";
  highRisk: boolean;
  score: number;
  submittedBy: Address;
  createdAt: string;
}

export interface CaseDetail extends CaseSummary {
  decision: Decision;
  actions: { officer: Address; action: "approve" | "reject"; reason: string; at: string }[];
  approvalsNeeded: number;
}

export interface SarSummary {
  sarId: string;
  decisionId: string;
  subject: Address;
  score: number;
  status: string;
  createdAt: string;
}

export interface SarDetail extends SarSummary {
  narrative: string;
}

export interface AuditVerification {
  valid: boolean;
  checked: number;
  head: { seq: number; hash: Hex };
  unsealed: number;
  failure: { seq: number; reason: string } | null;
  anchor: { seq: number; hash: Hex; matches: boolean } | null;
}

/** The EIP-191 statement a wallet signs to ask for its own KYC verification (same text as the service's). */
export function kycStatement(subject: string, issuedAt: string): string {
  return `CLXEND KYC verification request\nWallet: ${subject.toLowerCase()}\nIssued at: ${issuedAt}`;
}

const SERVICE = "compliance service";

/** Client of the compliance API rooted at `base` (the app's /api/compliance proxy). */
export function complianceClient(base: string) {
  const call = <T>(path: string, body?: unknown, token?: string | null) =>
    requestJson<T>(SERVICE, base, `/v1${path}`, { body, token });
  return {
    quote: (request: TransferRequest) => call<Quote>("/quote", request),
    screen: (request: TransferRequest & { memo?: string; travelRule?: TravelRulePayload }) =>
      call<Decision>("/screen", request),
    decision: (decisionId: string) => call<Decision>(`/decisions/${decisionId}`),
    cosign: (decisionId: string) => call<CosignedApproval>("/cosign", { decisionId }),
    verifyKyc: (input: KycVerifyInput) => call<KycVerification>("/kyc/verify", input),
    siweNonce: (address: Address) =>
      call<{ nonce: string; message: string; expiresAt: string }>("/staff/siwe/nonce", { address }),
    siweSession: (message: string, signature: Hex) =>
      call<StaffSession>("/staff/siwe/session", { message, signature }),
    cases: (token: string, status?: CaseSummary["status"]) =>
      call<{ cases: CaseSummary[] }>(
        `/staff/cases${status ? `?status=${status}` : ""}`,
        undefined,
        token,
      ),
    caseDetail: (token: string, caseId: string) =>
      call<CaseDetail>(`/staff/cases/${caseId}`, undefined, token),
    decideCase: (token: string, caseId: string, action: "approve" | "reject", reason: string) =>
      call<CaseDetail>(`/staff/cases/${caseId}/decide`, { action, reason }, token),
    sars: (token: string) => call<{ sars: SarSummary[] }>("/staff/sars", undefined, token),
    sar: (token: string, sarId: string) =>
      call<SarDetail>(`/staff/sars/${sarId}`, undefined, token),
    verifyAudit: (token: string) =>
      call<AuditVerification>("/staff/audit/verify", undefined, token),
  };
}

export type ComplianceClient = ReturnType<typeof complianceClient>;
