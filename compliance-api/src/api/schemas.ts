// zod schemas of every request and response: the single source for validation, the OpenAPI document and the client.
import { z } from "zod";
import { countryCode } from "./countries.ts";
import { TravelRulePayload } from "./ivms101.ts";

export { TravelRulePayload };

export const Address = z
  .string()
  .regex(/^0x[0-9a-fA-F]{40}$/, "must be a 0x-prefixed 20-byte hex address")
  .meta({ example: "0x70997970C51812dc3A010C7d01b50e0d17dc79C8" });
export const Bytes32 = z
  .string()
  .regex(/^0x[0-9a-fA-F]{64}$/, "must be a 0x-prefixed 32-byte hex value")
  .meta({ example: `0x${"ab".repeat(32)}` });
const MAX_UINT256 = (1n << 256n) - 1n;
/** The largest amount the contracts take: 2^128 - 1 base units. */
export const MAX_AMOUNT = (1n << 128n) - 1n;
const DIGITS = /^[0-9]+$/;
const DIGITS_MESSAGE = "must be a non-negative integer written in decimal digits, e.g. 25000000";
/**
 * Digits in their canonical form: "0", or no leading zero. One value has one spelling, so an amount reads the same in
 * the approval's digest input, the audit log and the responses that echo it.
 */
const CANONICAL = /^(0|[1-9][0-9]*)$/;
const CANONICAL_MESSAGE = {
  message: "must be written without leading zeros (e.g. 25000000, not 025000000)",
  abort: true,
};
/** At most `max`; a string of more digits than `max` has is larger, without parsing it. */
const atMost = (s: string, max: bigint) =>
  s.length < max.toString().length || (s.length === max.toString().length && BigInt(s) <= max);
/**
 * A uint256 as a canonical decimal string (token base units, nonces): digits only, no leading zero. One problem is
 * reported at a time.
 */
export const Uint = z
  .string()
  .regex(DIGITS, { message: DIGITS_MESSAGE, abort: true })
  .regex(CANONICAL, CANONICAL_MESSAGE)
  .refine((s) => atMost(s, MAX_UINT256), { message: "must fit in 256 bits (at most 2^256-1)" })
  .meta({ example: "25000000" });
export const PositiveUint = Uint.refine((s) => s !== "0", "must be greater than zero");
/**
 * An amount of token base units as the contracts take it: 1 ≤ amount ≤ 2^128 - 1, as a canonical decimal string (no
 * leading zero).
 */
export const Amount = z
  .string()
  .regex(DIGITS, { message: DIGITS_MESSAGE, abort: true })
  .regex(CANONICAL, CANONICAL_MESSAGE)
  .refine((s) => atMost(s, MAX_AMOUNT), {
    message: `must be at most 2^128-1 base units (${MAX_AMOUNT})`,
    abort: true,
  })
  .refine((s) => s !== "0", "must be greater than zero")
  .meta({ example: "25000000" });
export const Country = countryCode("NG");
export const Uuid = z
  .uuid("must be a UUID")
  .meta({ example: "0b7f5c1e-8a5e-4d44-9a55-4d1a3c3b2f10" });

/** The style of every error and reason code: UPPER_SNAKE_CASE. */
export const ERROR_CODE = /^[A-Z][A-Z0-9]*(_[A-Z0-9]+)*$/;

export const ErrorBody = z
  .object({
    error: z.object({
      code: z.string().regex(ERROR_CODE).meta({
        example: "DECISION_NOT_FOUND",
        description:
          "Stable machine-readable code in UPPER_SNAKE_CASE (every error of this API, 404 NOT_FOUND and 405 METHOD_NOT_ALLOWED included).",
      }),
      message: z.string().meta({ example: "No decision has this id; screen the transfer first." }),
      retryable: z.boolean(),
      details: z.record(z.string(), z.unknown()).optional(),
    }),
  })
  .meta({ id: "Error" });

const transferFields = {
  sender: Address.meta({
    description: "Wallet that pays (amount + fee) and must send the transaction.",
  }),
  recipient: Address.optional().meta({ description: "Wallet credited; omit for an escrow send." }),
  claimHash: Bytes32.optional().meta({
    description: "keccak256 of the claim key's address, for an escrow send (then omit recipient).",
  }),
  token: Address.meta({ description: "Allow-listed stablecoin, as in the address book." }),
  amount: Amount.meta({
    description: "Base units the recipient receives (fee excluded), at most 2^128-1.",
  }),
  merchantId: PositiveUint.optional().meta({
    description: "Pay this merchant (recipient = its payout wallet).",
  }),
  sourceChainId: z.number().int().positive().optional().meta({
    description:
      "EVM chain id of the sender's chain, where the transfer is sent and whose contracts, KYC registry, fees and bridge lanes apply; defaults to the service's first chain (GET /health lists chainIds). A chain the service does not serve is 422 SOURCE_CHAIN_NOT_SUPPORTED.",
    example: 31337,
  }),
  destinationChainId: z.number().int().positive().optional().meta({
    description:
      "EVM chain id of the recipient's chain; defaults to the source chain. Another chain sends over the source chain's CCIP bridge: its bridge sender must have a live lane there for the token (else 422 DESTINATION_CHAIN_NOT_SUPPORTED, BRIDGE_LANE_PAUSED, TOKEN_NOT_ON_LANE or BRIDGE_RATE_LIMITED), its fee applies, and the approval is signed in the bridge's domain.",
  }),
  originatorCountry: Country.optional().meta({
    description: "Country of the sender (Travel Rule, corridor).",
  }),
  beneficiaryCountry: Country.optional().meta({ description: "Country of the recipient." }),
};

export const QuoteRequest = z.object(transferFields).strict().meta({ id: "QuoteRequest" });

export const LevelLimits = z.object({
  perTransferUsd: z.number(),
  dailyUsd: z.number(),
  weeklyUsd: z.number(),
});

export const QuoteResponse = z
  .object({
    chainId: z.number().meta({ description: "The source chain the quote is for." }),
    token: Address,
    amount: Uint,
    fee: Uint,
    feeBps: z.number(),
    total: Uint.meta({ description: "amount + fee: what the sender pays (and must permit)." }),
    amountUsd: z.number(),
    senderKycLevel: z.number().int(),
    limits: LevelLimits.nullable(),
    remaining: z.object({ dailyUsd: z.number(), weeklyUsd: z.number() }).nullable(),
    travelRule: z.object({
      required: z.boolean(),
      thresholdUsd: z.number(),
      jurisdiction: z.string(),
    }),
  })
  .meta({ id: "QuoteResponse" });

export const ScreenRequest = z
  .object({
    ...transferFields,
    memo: z
      .string()
      .max(280)
      .optional()
      .meta({ description: "Free text; stored encrypted, only its hash is signed." }),
    travelRule: TravelRulePayload.optional(),
  })
  .strict()
  .meta({ id: "ScreenRequest" });

export const Reason = z
  .object({
    code: z.string().meta({ example: "NEW_RECIPIENT", description: "UPPER_SNAKE_CASE rule code." }),
    weight: z.number().int().min(0).max(100),
    blocking: z.boolean().meta({ description: "A blocking reason rejects whatever the score." }),
    message: z.string(),
    details: z.record(z.string(), z.unknown()).optional(),
  })
  .meta({ id: "Reason" });

export const Outcome = z.enum(["approve", "review", "reject"]);
export const DecisionStatus = z.enum(["approved", "in_review", "rejected", "cosigned"]);

export const DecisionResponse = z
  .object({
    decisionId: Uuid,
    sourceChainId: z.number().int().optional().meta({
      description: "The chain the transfer is sent on (the approval's EIP-712 domain chain).",
    }),
    outcome: Outcome,
    status: DecisionStatus,
    score: z.number().int().min(0).max(100),
    reasons: z.array(Reason),
    sanctionsListVersion: z.string(),
    fee: Uint,
    travelRuleHash: Bytes32,
    memoHash: Bytes32,
    caseId: Uuid.nullable(),
    createdAt: z.string(),
  })
  .meta({ id: "Decision" });

export const CosignRequest = z.object({ decisionId: Uuid }).strict().meta({ id: "CosignRequest" });

export const Approval = z
  .object({
    sender: Address,
    recipient: Address,
    claimHash: Bytes32,
    token: Address,
    amount: Uint,
    fee: Uint,
    memoHash: Bytes32,
    travelRuleHash: Bytes32,
    destinationChainId: Uint,
    nonce: Uint,
    deadline: Uint,
  })
  .meta({
    id: "Approval",
    description: "The EIP-712 Approval struct of IRemittance, integers as strings.",
  });

export const CosignResponse = z
  .object({
    decisionId: Uuid,
    remittanceId: Bytes32,
    approval: Approval,
    coSignature: z.object({ signer: Address, signature: z.string().regex(/^0x[0-9a-fA-F]+$/) }),
    contract: z.enum(["Remittance", "CcipRemittanceSender"]).meta({
      description:
        "The contract that accepts the approval (domain.verifyingContract): Remittance for this chain; the CCIP bridge sender (send / sendWithPermit / sendToEscrow…, CCIP fee from quoteCcipFee as msg.value) when destinationChainId is another chain.",
    }),
    domain: z.object({
      name: z.string(),
      version: z.string(),
      chainId: z.number(),
      verifyingContract: Address,
    }),
  })
  .meta({ id: "CosignResponse" });

export const KycVerifyRequest = z
  .object({
    subject: Address.meta({ description: "Wallet to attest." }),
    selfie: z
      .string()
      .min(1)
      .max(14_000_000)
      .meta({ description: "Selfie image, base64 (JPEG or PNG)." }),
    document: z
      .string()
      .min(1)
      .max(14_000_000)
      .meta({ description: "Photo page of the ID document, base64." }),
    mrz: z
      .string()
      .min(30)
      .max(100)
      .optional()
      .meta({ description: "MRZ lines joined with newlines." }),
    country: Country.meta({ description: "Country of residence (retention, thresholds)." }),
    issuedAt: z.iso
      .datetime()
      .meta({ description: "Time in the signed statement (ISO 8601), at most 10 min old." }),
    walletSignature: z
      .string()
      .regex(/^0x[0-9a-fA-F]+$/)
      .meta({
        description: "EIP-191 signature by `subject` of the statement from kycStatement().",
      }),
  })
  .strict()
  .meta({ id: "KycVerifyRequest" });

export const ChainAttestation = z
  .object({
    chainId: z.number().int().meta({ description: "EVM chain id (one of CHAIN_IDS)." }),
    status: z.enum(["pending", "sent", "confirmed", "failed"]).meta({
      description:
        "confirmed: the chain's KycRegistry holds the attestation (the transaction's receipt succeeded). sent: a " +
        "transaction is on its way and not confirmed yet. pending: no transaction yet. failed: the last attempt put " +
        "nothing on this chain (`error` says why). Only confirmed means the wallet has KYC on that chain; retry with " +
        "POST /v1/kyc/verifications/{id}/attestations.",
    }),
    txHash: Bytes32.nullable().meta({
      description:
        "The transaction that wrote it (confirmed) or is on its way (sent); null otherwise.",
    }),
    error: z
      .object({ code: z.string().regex(ERROR_CODE), message: z.string() })
      .nullable()
      .meta({
        description: "Why the last attempt did not confirm (failed, or sent without a receipt).",
      }),
    attempts: z.number().int().meta({ description: "Attempts made to write this chain." }),
    confirmedAt: z.string().nullable(),
  })
  .meta({ id: "ChainAttestation" });

export const KycAttestation = z
  .object({
    verificationId: Uuid.meta({
      description:
        "Id of the passed verification: GET /v1/kyc/verifications/{id}, retry with POST …/{id}/attestations.",
    }),
    subject: Address,
    level: z.number().int(),
    expiresAt: z.string().meta({ description: "The same expiry on every chain (ISO 8601)." }),
    evidenceHash: Bytes32,
    provider: Address,
    complete: z.boolean().meta({
      description: "Whether every chain the service serves has confirmed the attestation.",
    }),
    txHash: Bytes32.nullable().meta({
      description:
        "The first chain's confirmed transaction (null until it confirms); `chains` has every chain's.",
    }),
    chains: z.array(ChainAttestation).meta({
      description: "One entry per chain, the service's chains first in CHAIN_IDS order.",
    }),
  })
  .meta({ id: "KycAttestation" });

export const KycVerifyResponse = z
  .object({
    verdict: z.enum(["approved", "rejected", "review"]),
    reasons: z.array(z.string()).meta({
      description: "The face service's reason codes, in UPPER_SNAKE_CASE (e.g. FACE_MISMATCH).",
    }),
    evidenceHash: Bytes32,
    attestation: KycAttestation.nullable().meta({
      description:
        "The attestation of an approved verdict and where it stands on each chain (null otherwise). A chain whose " +
        "write failed is named in `chains` with its error; `complete` is false until every chain confirmed.",
    }),
  })
  .meta({ id: "KycVerifyResponse" });

export const ExpiringAttestations = z.object({
  withinDays: z.number(),
  attestations: z.array(
    z.object({
      subject: Address,
      verificationId: Uuid,
      level: z.number(),
      expiresAt: z.string(),
      txHash: Bytes32.nullable(),
      chains: z.array(ChainAttestation),
    }),
  ),
});

export const SiweNonceRequest = z.object({ address: Address }).strict();
export const SiweNonceResponse = z.object({
  nonce: z.string(),
  message: z.string().meta({ description: "The SIWE message to sign with personal_sign." }),
  expiresAt: z.string(),
});
export const SiweSessionRequest = z
  .object({ message: z.string().min(1).max(4000), signature: z.string().regex(/^0x[0-9a-fA-F]+$/) })
  .strict();
export const Role = z.enum(["admin", "officer", "auditor"]);
export const StaffSession = z.object({
  token: z.string(),
  address: Address,
  roles: z.array(Role),
  expiresAt: z.string(),
});
export const StaffMe = z.object({ address: Address, roles: z.array(Role) });

export const CaseStatus = z.enum(["open", "awaiting_second_approval", "approved", "rejected"]);
export const CaseSummary = z
  .object({
    caseId: Uuid,
    decisionId: Uuid,
    status: CaseStatus,
    highRisk: z.boolean(),
    score: z.number(),
    submittedBy: Address,
    createdAt: z.string(),
  })
  .meta({ id: "CaseSummary" });
export const CaseAction = z.object({
  officer: Address,
  action: z.enum(["approve", "reject"]),
  reason: z.string(),
  at: z.string(),
});
export const CaseDetail = CaseSummary.extend({
  decision: DecisionResponse,
  actions: z.array(CaseAction),
  approvalsNeeded: z.number().int(),
}).meta({ id: "CaseDetail" });
export const CaseList = z.object({ cases: z.array(CaseSummary) });
export const CaseDecideRequest = z
  .object({ action: z.enum(["approve", "reject"]), reason: z.string().trim().min(3).max(2000) })
  .strict();
export const CaseListQuery = z.object({ status: CaseStatus.optional() });

export const SarSummary = z.object({
  sarId: Uuid,
  decisionId: Uuid,
  subject: Address,
  score: z.number(),
  status: z.string(),
  createdAt: z.string(),
});
export const SarList = z.object({ sars: z.array(SarSummary) });
export const SarDetail = SarSummary.extend({ narrative: z.string(), decision: DecisionResponse });

export const AuditVerifyResponse = z
  .object({
    valid: z.boolean(),
    checked: z.number().int(),
    head: z.object({ seq: z.number().int(), hash: Bytes32 }),
    unsealed: z.number().int(),
    failure: z.object({ seq: z.number().int(), reason: z.string() }).nullable(),
    anchor: z
      .object({ seq: z.number().int(), hash: Bytes32, matches: z.boolean() })
      .nullable()
      .meta({
        description: "Latest on-chain anchor and whether the stored entry at its sequence matches.",
      }),
  })
  .meta({ id: "AuditVerifyResponse" });
export const AuditEntry = z.object({
  seq: z.number().int(),
  at: z.string(),
  kind: z.string(),
  actor: z.string(),
  data: z.unknown(),
  prevHash: Bytes32,
  hash: Bytes32,
});
export const AuditEntriesQuery = z.object({
  after: z.coerce.number().int().min(0).default(0),
  limit: z.coerce.number().int().min(1).max(1000).default(100),
});
export const AuditEntries = z.object({ entries: z.array(AuditEntry) });
export const AnchorResponse = z.object({
  anchored: z.boolean(),
  seq: z.number().int(),
  hash: Bytes32,
  txHash: Bytes32.nullable(),
});

export const SanctionsVersion = z
  .object({
    version: z.string(),
    snapshotDate: z.string().nullable(),
    addressCount: z.number().int(),
    loadedAt: z.string(),
    sources: z.array(
      z.object({
        source: z.string(),
        format: z.string(),
        sha256: z.string(),
        addressCount: z.number().int(),
        ignoredCount: z.number().int(),
        snapshotDate: z.string().nullable(),
      }),
    ),
  })
  .meta({ id: "SanctionsVersion" });

export const AddressParam = z.object({ address: Address });
export const IdParam = z.object({ id: Uuid });
export const WithinDaysQuery = z.object({
  withinDays: z.coerce.number().int().min(1).max(365).default(30),
});

export const GdprExport = z.object({
  subject: Address,
  country: z.string().nullable(),
  erased: z.boolean(),
  records: z.array(
    z.object({ id: Uuid, kind: z.string(), createdAt: z.string(), data: z.unknown() }),
  ),
  decisions: z.array(DecisionResponse),
  attestations: z.array(
    z.object({
      verificationId: Uuid,
      level: z.number(),
      expiresAt: z.string(),
      txHash: Bytes32.nullable(),
      chains: z.array(ChainAttestation),
    }),
  ),
});
export const GdprDeleteResponse = z.object({
  subject: Address,
  erased: z.boolean(),
  recordsDeleted: z.number(),
});
export const PurgeResponse = z.object({
  subjectsPurged: z.number().int(),
  recordsDeleted: z.number().int(),
});

export const FlagRequest = z
  .object({ address: Address, reason: z.string().trim().min(3).max(500) })
  .strict();
export const FlagResponse = z.object({ address: Address, flagged: z.boolean() });

export const Health = z.object({
  status: z.enum(["ok", "degraded"]),
  database: z.enum(["postgres", "pglite"]),
  chainId: z.number().meta({ description: "The default source chain." }),
  chainIds: z.array(z.number()).meta({
    description:
      "Every chain the service screens and co-signs for (sourceChainId), the default first.",
  }),
  checks: z.record(z.string(), z.object({ ok: z.boolean(), message: z.string().optional() })),
});

export type ScreenRequest = z.infer<typeof ScreenRequest>;
export type QuoteRequest = z.infer<typeof QuoteRequest>;
export type DecisionResponse = z.infer<typeof DecisionResponse>;
export type CosignResponse = z.infer<typeof CosignResponse>;
export type Reason = z.infer<typeof Reason>;
export type Role = z.infer<typeof Role>;

/** The SAR export document (GET /v1/sars/{id}/export). */
export const SarExport = z
  .object({
    format: z.literal("clxend-sar-draft/1"),
    exportedAt: z.string(),
    sar: SarDetail,
    transfer: z
      .object({
        chainId: z.number(),
        sender: z.string(),
        recipient: z.string().nullable(),
        token: z.string(),
        amount: z.string(),
        fee: z.string(),
        amountUsd: z.number(),
      })
      .nullable(),
    travelRule: z.unknown(),
    auditEntries: z.array(
      z.object({
        seq: z.number().nullable(),
        at: z.string(),
        kind: z.string(),
        hash: z.string().nullable(),
      }),
    ),
  })
  .meta({ id: "SarExport" });
