// GDPR data-subject access: gathers every record about a wallet, decrypted, and logs the export.
import { desc, eq } from "drizzle-orm";
import { getAddress } from "viem";
import { appendAudit } from "../audit/log.ts";
import { decisionView } from "../compliance/screening.ts";
import { decisions, kycAttestations } from "../db/schema.ts";
import type { Services } from "../services.ts";

/** The export document for `address` (records are null where the subject's key was destroyed). */
export async function gdprExport(s: Services, address: string, actor: string) {
  const subject = address.toLowerCase();
  const db = s.database.db;
  const held = await s.vault.read(db, subject);
  const decisionRows = await db
    .select()
    .from(decisions)
    .where(eq(decisions.sender, subject))
    .orderBy(desc(decisions.createdAt))
    .limit(1000);
  const attestations = await db
    .select()
    .from(kycAttestations)
    .where(eq(kycAttestations.subject, subject));
  await db.transaction((tx) =>
    appendAudit(tx, { kind: "gdpr.exported", actor, data: { subject } }),
  );
  s.sealer.kick();
  return {
    subject: getAddress(subject),
    country: held.country,
    erased: held.erased,
    records: held.records.map((r) => ({
      id: r.id,
      kind: r.kind,
      createdAt: r.createdAt.toISOString(),
      data: r.data,
    })),
    decisions: decisionRows.map((d) => decisionView(d, null)),
    attestations: (await s.kyc.attestationViews(attestations)).map((a) => ({
      verificationId: a.verificationId,
      level: a.level,
      expiresAt: a.expiresAt,
      txHash: a.txHash,
      chains: a.chains,
    })),
  };
}
