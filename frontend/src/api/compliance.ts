// The compliance API (quote, screen, co-sign, KYC verification, staff console), through the service's own typed
// client (@clxend/compliance-api/client). Every call the app makes to it is in this module, and every failure
// becomes an ApiError whose message a person can act on. Amounts are decimal strings of base units.
import { ComplianceApiError, createComplianceClient } from "@clxend/compliance-api/client";
import type { Address, Hex } from "viem";
import type { CosignedApproval } from "../lib/transfer.ts";
import { ApiError } from "./http.ts";

export interface TransferRequest {
  sender: Address;
  recipient?: Address;
  claimHash?: Hex;
  token: Address;
  amount: string;
  merchantId?: string;
  /**
   * Chain id of the chain the transfer is sent on (the active network): the service reads KYC, fees and bridge lanes
   * there and co-signs in that chain's domain. Without it the service means its first chain.
   */
  sourceChainId?: number;
  /** Chain id of the recipient's chain when it is not the sender's (a cross-chain send over the CCIP bridge). */
  destinationChainId?: number;
  originatorCountry?: string;
  beneficiaryCountry?: string;
}

export interface Quote {
  /** The source chain the quote is for. */
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
  /** Rule-specific facts, e.g. `listVersion` of the sanctions list a sanctions reason was found in. */
  details?: Record<string, unknown>;
}

/** The sanctions lists in force: the version a decision records, the snapshot date and every source file. */
export interface SanctionsVersion {
  version: string;
  snapshotDate: string | null;
  addressCount: number;
  loadedAt: string;
  sources: { source: string; format: string; addressCount: number; snapshotDate: string | null }[];
}

export interface Decision {
  decisionId: string;
  /** The chain the transfer is sent on (the co-signature's EIP-712 domain chain). */
  sourceChainId?: number;
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

/** Where a passed verification's attestation stands on one chain; only `confirmed` means KYC there. */
export interface ChainAttestation {
  chainId: number;
  status: "pending" | "sent" | "confirmed" | "failed";
  /** The transaction that wrote it (confirmed) or is on its way (sent). */
  txHash: Hex | null;
  /** Why the last attempt did not confirm. */
  error: { code: string; message: string } | null;
  attempts: number;
  confirmedAt: string | null;
}

/** The attestation of a passed verification, written to the KycRegistry of every chain the service serves. */
export interface KycAttestation {
  verificationId: string;
  subject: Address;
  level: number;
  expiresAt: string;
  evidenceHash: Hex;
  provider: Address;
  /** Whether every chain confirmed it. */
  complete: boolean;
  /** The first chain's confirmed transaction. */
  txHash: Hex | null;
  /** One entry per chain, in the service's order. */
  chains: ChainAttestation[];
}

export interface KycVerification {
  verdict: "approved" | "rejected" | "review";
  reasons: string[];
  evidenceHash: Hex;
  attestation: KycAttestation | null;
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

/** The EIP-191 statement a wallet signs to ask for its own KYC verification (the service's own text). */
export { kycStatement } from "@clxend/compliance-api/client";

const UNAVAILABLE = "The compliance service is not available right now. Try again in a minute.";

/** Runs one call and turns whatever it throws into an ApiError with a sentence for the user. */
async function guarded<T>(call: () => Promise<unknown>): Promise<T> {
  try {
    return (await call()) as T;
  } catch (error) {
    if (error instanceof ComplianceApiError) {
      const unavailable = error.code === "HTTP_ERROR" && error.status >= 500;
      const message = unavailable ? UNAVAILABLE : error.message;
      throw new ApiError(message, error.status, error.code, error.retryable, error.details);
    }
    if (error instanceof TypeError) {
      throw new ApiError(
        "The compliance service cannot be reached. Check your connection and try again.",
        0,
        "network",
        true,
      );
    }
    if (error instanceof Error && error.name === "ZodError") {
      throw new ApiError(
        "The compliance service answered in a form this app does not understand. Reload the page.",
        0,
        "bad_response",
        false,
      );
    }
    throw error;
  }
}

/** Client of the compliance API rooted at `base` (the app's /api/compliance proxy). */
export function complianceClient(base: string) {
  const api = createComplianceClient({ baseUrl: base });
  const staff = (token: string) => createComplianceClient({ baseUrl: base, token });
  return {
    quote: (request: TransferRequest) => guarded<Quote>(() => api.quote(request)),
    screen: (request: TransferRequest & { memo?: string; travelRule?: TravelRulePayload }) =>
      guarded<Decision>(() => api.screen(request)),
    decision: (decisionId: string) => guarded<Decision>(() => api.decision(decisionId)),
    cosign: (decisionId: string) => guarded<CosignedApproval>(() => api.cosign(decisionId)),
    sanctionsVersion: () => guarded<SanctionsVersion>(() => api.sanctionsVersion()),
    verifyKyc: (input: KycVerifyInput) => guarded<KycVerification>(() => api.verifyKyc(input)),
    /** Writes a passed verification's attestation to the chains that do not hold it yet (safe to repeat). */
    reattestKyc: (verificationId: string) =>
      guarded<KycAttestation>(() => api.reattestKyc(verificationId)),
    siweNonce: (address: Address) =>
      guarded<{ nonce: string; message: string; expiresAt: string }>(() =>
        api.siweMessage(address),
      ),
    siweSession: (message: string, signature: Hex) =>
      guarded<StaffSession>(() => api.signIn(message, signature)),
    cases: (token: string, status?: CaseSummary["status"]) =>
      guarded<{ cases: CaseSummary[] }>(() => staff(token).cases(status)),
    caseDetail: (token: string, caseId: string) =>
      guarded<CaseDetail>(() => staff(token).case(caseId)),
    decideCase: (token: string, caseId: string, action: "approve" | "reject", reason: string) =>
      guarded<CaseDetail>(() => staff(token).decideCase(caseId, action, reason)),
    sars: (token: string) => guarded<{ sars: SarSummary[] }>(() => staff(token).sars()),
    sar: (token: string, sarId: string) => guarded<SarDetail>(() => staff(token).sar(sarId)),
    verifyAudit: (token: string) => guarded<AuditVerification>(() => staff(token).verifyAudit()),
  };
}

export type ComplianceClient = ReturnType<typeof complianceClient>;
