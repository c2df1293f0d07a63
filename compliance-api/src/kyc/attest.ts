// KYC attestation issuance: wallet-signed request → face service verdict → KycRegistry.attest with the provider key on
// every chain served (src/kyc/chain-attestations.ts), and the re-attestation of chains that did not confirm.
import { createHash, randomUUID } from "node:crypto";
import { and, desc, eq, gt, lte, sql } from "drizzle-orm";
import { getAddress, type Hex, type PrivateKeyAccount, verifyMessage } from "viem";
import { z } from "zod";
import { kycStatement } from "../api/statements.ts";
import { appendAudit } from "../audit/log.ts";
import type { Chains } from "../chain/chain.ts";
import type { Config } from "../config.ts";
import type { Db } from "../db/client.ts";
import { kycAttestations, kycRequestSignatures } from "../db/schema.ts";
import { ConflictError, NotFoundError, UnauthenticatedError, UpstreamError } from "../errors.ts";
import type { SubjectVault } from "../privacy/vault.ts";
import type { KycAttestations } from "./chain-attestations.ts";
import { FaceServiceClient } from "./face-service.ts";

const REQUEST_MAX_AGE_MS = 10 * 60_000;

/**
 * What the face service's POST /kyc/verify answers (face-service/src/http/schemas.ts KycResponse); only the fields
 * used here are checked. `evidenceHash` is the SHA-256 (hex) of the canonical verdict and evidence.
 */
const faceVerdict = z
  .object({
    verdict: z.enum(["approved", "rejected", "review"]),
    // The face service's codes (face_mismatch …) in this API's style (FACE_MISMATCH).
    reasons: z
      .array(z.string())
      .default([])
      .transform((codes) => codes.map(upperSnake).filter((c) => c !== "")),
    evidenceHash: z
      .string()
      .regex(/^(0x)?[0-9a-fA-F]{64}$/)
      .transform((h) => (h.startsWith("0x") ? h : `0x${h}`).toLowerCase()),
    document: z
      .object({
        mrz: z.record(z.string(), z.unknown()).nullable(),
        mrzProblem: z.string().nullable(),
      })
      .partial()
      .optional(),
  })
  .loose();

/** `face_mismatch` or `mrz-check` → `FACE_MISMATCH`, `MRZ_CHECK`. */
export function upperSnake(code: string): string {
  return code
    .trim()
    .replace(/[^A-Za-z0-9]+/g, "_")
    .replace(/^_+|_+$/g, "")
    .toUpperCase();
}

export interface KycRequest {
  subject: string;
  selfie: string;
  document: string;
  mrz?: string | undefined;
  country: string;
  issuedAt: string;
  walletSignature: string;
}

export class KycService {
  readonly #face: FaceServiceClient;

  constructor(
    private readonly config: Config,
    private readonly db: Db,
    private readonly chains: Chains,
    private readonly attestations: KycAttestations,
    private readonly vault: SubjectVault,
    private readonly provider: PrivateKeyAccount | null,
    private readonly onWrite: () => void,
  ) {
    this.#face = new FaceServiceClient(config.faceServiceUrl);
  }

  /** Checks the wallet's signed request, asks the face service, and on approval writes the attestation. */
  async verify(req: KycRequest) {
    const subject = getAddress(req.subject);
    const issued = Date.parse(req.issuedAt);
    if (!(Date.now() - issued <= REQUEST_MAX_AGE_MS && issued - Date.now() <= 60_000)) {
      throw new UnauthenticatedError(
        "The signed KYC request is older than 10 minutes or dated in the future; sign a new one.",
      );
    }
    const signature = req.walletSignature as Hex;
    const ok = await verifyMessage({
      address: subject,
      message: kycStatement(subject, req.issuedAt),
      signature,
    }).catch(() => false);
    if (!ok)
      throw new UnauthenticatedError(
        "walletSignature is not the subject wallet's signature of the KYC statement.",
      );
    const provider = this.#provider();
    const inserted = await this.db
      .insert(kycRequestSignatures)
      .values({ signatureHash: createHash("sha256").update(signature.toLowerCase()).digest("hex") })
      .onConflictDoNothing()
      .returning();
    if (inserted.length === 0)
      throw new ConflictError(
        "KYC_REQUEST_REPLAYED",
        "This signed KYC request was already used; sign a new one.",
      );

    const verdict = await this.#askFaceService(req);
    const reasons = verdict.reasons;
    const evidenceHash = verdict.evidenceHash as Hex;
    if (verdict.verdict !== "approved") {
      await this.db.transaction((tx) =>
        appendAudit(tx, {
          kind: "kyc.refused",
          actor: "face-service",
          data: { subject: subject.toLowerCase(), verdict: verdict.verdict, reasons, evidenceHash },
        }),
      );
      this.onWrite();
      return { verdict: verdict.verdict, reasons, evidenceHash, attestation: null };
    }
    // Full KYC (level 2) when the document's MRZ was read and its check digits verified; basic (1) otherwise.
    const mrzVerified = Boolean(verdict.document?.mrz) && !verdict.document?.mrzProblem;
    const level = mrzVerified ? 2 : 1;
    const expiresAt = new Date(Date.now() + this.config.kyc.attestationDays * 86_400_000);
    const id = randomUUID();
    await this.db.transaction(async (tx) => {
      await this.vault.touch(tx, subject, req.country);
      if (verdict.document)
        await this.vault.store(tx, subject, "kyc_identity", {
          evidenceHash,
          document: verdict.document,
        });
      await this.attestations.record(tx, {
        id,
        subject,
        level,
        expiresAt,
        evidenceHash,
        provider: provider.address,
      });
      await appendAudit(tx, {
        kind: "kyc.approved",
        actor: "face-service",
        data: {
          attestationId: id,
          subject: subject.toLowerCase(),
          level,
          expiresAt: expiresAt.toISOString(),
          evidenceHash,
          chainIds: this.chains.ids,
        },
      });
    });
    this.onWrite();
    await this.attestations.complete(id, provider);
    return { verdict: verdict.verdict, reasons, evidenceHash, attestation: await this.#view(id) };
  }

  /** Attestation `id` (a passed verification) with its state on each chain; 404 when there is none. */
  async attestation(id: string) {
    return this.#view(id);
  }

  /** The views of stored attestation rows (GDPR export). */
  attestationViews(rows: (typeof kycAttestations.$inferSelect)[]) {
    return this.attestations.views(rows);
  }

  /**
   * Writes attestation `id` to the chains that do not hold it yet (one that failed, one still unconfirmed, one added to
   * CHAIN_IDS since); chains that hold it are left alone, so calling it again is harmless. Refused once the subject
   * has a newer attestation or this one has expired.
   */
  async reattest(id: string) {
    const view = await this.#view(id);
    const provider = this.#provider();
    const latest = await this.attestations.latestOf(view.subject);
    if (latest && latest.id !== id)
      throw new ConflictError(
        "KYC_ATTESTATION_SUPERSEDED",
        `The wallet has a newer verification (${latest.id}); retry that one instead.`,
        { latestVerificationId: latest.id },
      );
    if (Date.parse(view.expiresAt) <= Date.now())
      throw new ConflictError(
        "KYC_ATTESTATION_EXPIRED",
        "This attestation has expired; verify the wallet again.",
        { expiresAt: view.expiresAt },
      );
    if (!view.complete) await this.attestations.complete(id, provider);
    return this.#view(id);
  }

  async #view(id: string) {
    const view = await this.attestations.view(id);
    if (!view)
      throw new NotFoundError(
        "KYC_VERIFICATION_NOT_FOUND",
        "No passed KYC verification has this id; it is the verificationId of an approved verification.",
      );
    return view;
  }

  #provider(): PrivateKeyAccount {
    if (!this.provider) {
      throw new UpstreamError(
        "KYC_PROVIDER_NOT_CONFIGURED",
        "No KYC-provider key is configured; set KYC_PROVIDER_PRIVATE_KEY or KYC_PROVIDER_KEYSTORE_FILE.",
      );
    }
    return this.provider;
  }

  async #askFaceService(req: KycRequest) {
    let body: unknown;
    try {
      body = await this.#face.verify(req);
    } catch (cause) {
      throw new UpstreamError(
        "FACE_SERVICE_UNAVAILABLE",
        "The face service could not check the images; try again later.",
        { cause },
      );
    }
    const parsed = faceVerdict.safeParse(body);
    if (!parsed.success)
      throw new UpstreamError(
        "FACE_SERVICE_UNAVAILABLE",
        "The face service answered in an unexpected shape.",
      );
    return parsed.data;
  }

  /** Releases the sockets to the face service. */
  close(): Promise<void> {
    return this.#face.close();
  }

  /** Latest attestation per subject that lapses within `withinDays` (for re-verification), with its chains. */
  async expiring(withinDays: number) {
    const until = new Date(Date.now() + withinDays * 86_400_000);
    const latest = this.db
      .select({
        subject: kycAttestations.subject,
        expiresAt: sql<Date>`max(${kycAttestations.expiresAt})`.as("latest_expiry"),
      })
      .from(kycAttestations)
      .groupBy(kycAttestations.subject)
      .as("latest");
    const rows = await this.db
      .select()
      .from(kycAttestations)
      .innerJoin(
        latest,
        and(
          eq(latest.subject, kycAttestations.subject),
          eq(latest.expiresAt, kycAttestations.expiresAt),
        ),
      )
      .where(and(gt(kycAttestations.expiresAt, sql`now()`), lte(kycAttestations.expiresAt, until)))
      .orderBy(desc(kycAttestations.expiresAt));
    const views = await this.attestations.views(rows.map((r) => r.kyc_attestations));
    return views.map((v) => ({
      subject: v.subject,
      verificationId: v.verificationId,
      level: v.level,
      expiresAt: v.expiresAt,
      txHash: v.txHash,
      chains: v.chains,
    }));
  }
}
