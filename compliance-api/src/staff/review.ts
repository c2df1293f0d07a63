// Review queue and SAR drafts: four-eyes case decisions by compliance officers, SAR listing and export.
import { and, asc, desc, eq, sql } from "drizzle-orm";
import { getAddress } from "viem";
import { appendAudit } from "../audit/log.ts";
import { decisionView } from "../compliance/screening.ts";
import type { Db } from "../db/client.ts";
import { auditLog, caseActions, cases, decisions, sarDrafts } from "../db/schema.ts";
import { ConflictError, ForbiddenError, NotFoundError } from "../errors.ts";
import type { SubjectVault } from "../privacy/vault.ts";

type CaseRow = typeof cases.$inferSelect;

/** Approvals a case needs: two different officers for a high-risk case, one otherwise. */
export const approvalsNeeded = (c: Pick<CaseRow, "highRisk">) => (c.highRisk ? 2 : 1);

/**
 * The four-eyes rules: nobody decides a case they submitted or that concerns their own wallet, and nobody acts
 * twice on one case (so a high-risk approval needs two different officers).
 */
export function assertMayDecide(
  c: Pick<CaseRow, "submittedBy" | "concerns">,
  officer: string,
  priorOfficers: string[],
): void {
  const o = officer.toLowerCase();
  if (c.submittedBy === o) {
    throw new ForbiddenError(
      "FOUR_EYES_OWN_SUBMISSION",
      "You submitted this case, so another officer must decide it.",
    );
  }
  if (c.concerns.includes(o)) {
    throw new ForbiddenError(
      "FOUR_EYES_CONCERNS_SELF",
      "This case concerns your own wallet, so another officer must decide it.",
    );
  }
  if (priorOfficers.includes(o)) {
    throw new ForbiddenError(
      "FOUR_EYES_SAME_OFFICER",
      "You have already acted on this case; a second approval must come from a different officer.",
    );
  }
}

export class ReviewService {
  constructor(
    private readonly db: Db,
    private readonly vault: SubjectVault,
    private readonly onWrite: () => void,
  ) {}

  async list(status?: CaseRow["status"]) {
    const rows = await this.db
      .select({ c: cases, score: decisions.score })
      .from(cases)
      .innerJoin(decisions, eq(decisions.id, cases.decisionId))
      .where(status ? eq(cases.status, status) : undefined)
      .orderBy(asc(cases.createdAt))
      .limit(500);
    return rows.map(({ c, score }) => summary(c, score));
  }

  async get(caseId: string) {
    const [row] = await this.db
      .select({ c: cases, d: decisions })
      .from(cases)
      .innerJoin(decisions, eq(decisions.id, cases.decisionId))
      .where(eq(cases.id, caseId));
    if (!row) throw new NotFoundError("CASE_NOT_FOUND", "No review case has this id.");
    const actions = await this.db
      .select()
      .from(caseActions)
      .where(eq(caseActions.caseId, caseId))
      .orderBy(asc(caseActions.createdAt));
    return {
      ...summary(row.c, row.d.score),
      decision: decisionView(row.d, row.c.id),
      actions: actions.map((a) => ({
        officer: getAddress(a.officer),
        action: a.action,
        reason: a.reason,
        at: a.createdAt.toISOString(),
      })),
      approvalsNeeded: approvalsNeeded(row.c),
    };
  }

  /** Records an officer's approve/reject under the four-eyes rules and closes the case when it is decided. */
  async decide(caseId: string, officer: string, action: "approve" | "reject", reason: string) {
    const o = officer.toLowerCase();
    await this.db.transaction(async (tx) => {
      const [c] = await tx.select().from(cases).where(eq(cases.id, caseId)).for("update");
      if (!c) throw new NotFoundError("CASE_NOT_FOUND", "No review case has this id.");
      if (c.status === "approved" || c.status === "rejected") {
        throw new ConflictError("CASE_CLOSED", `This case was already ${c.status}.`);
      }
      const prior = await tx.select().from(caseActions).where(eq(caseActions.caseId, caseId));
      assertMayDecide(
        c,
        o,
        prior.map((p) => p.officer),
      );
      await tx.insert(caseActions).values({ caseId, officer: o, action, reason });
      const approvals =
        prior.filter((p) => p.action === "approve").length + (action === "approve" ? 1 : 0);
      const status =
        action === "reject"
          ? "rejected"
          : approvals >= approvalsNeeded(c)
            ? "approved"
            : "awaiting_second_approval";
      await tx
        .update(cases)
        .set({
          status,
          decidedAt: status === "approved" || status === "rejected" ? sql`now()` : null,
        })
        .where(eq(cases.id, caseId));
      if (status === "approved") {
        await tx
          .update(decisions)
          .set({ status: "approved", approvedAt: sql`now()` })
          .where(eq(decisions.id, c.decisionId));
      } else if (status === "rejected") {
        await tx
          .update(decisions)
          .set({ status: "rejected" })
          .where(eq(decisions.id, c.decisionId));
      }
      await appendAudit(tx, {
        kind: "case.action",
        actor: o,
        data: { caseId, decisionId: c.decisionId, action, status, reasonLength: reason.length },
      });
    });
    this.onWrite();
    return this.get(caseId);
  }

  async listSars() {
    const rows = await this.db
      .select()
      .from(sarDrafts)
      .orderBy(desc(sarDrafts.createdAt))
      .limit(500);
    return rows.map(sarSummary);
  }

  async getSar(sarId: string) {
    const [row] = await this.db
      .select({ s: sarDrafts, d: decisions })
      .from(sarDrafts)
      .innerJoin(decisions, eq(decisions.id, sarDrafts.decisionId))
      .where(eq(sarDrafts.id, sarId));
    if (!row) throw new NotFoundError("SAR_NOT_FOUND", "No SAR draft has this id.");
    return {
      ...sarSummary(row.s),
      narrative: row.s.narrative,
      decision: decisionView(row.d, null),
    };
  }

  /** The SAR draft as a self-contained JSON document: decision, Travel-Rule data (if still held), audit entries. */
  async exportSar(sarId: string) {
    const sar = await this.getSar(sarId);
    const [d] = await this.db.select().from(decisions).where(eq(decisions.id, sar.decisionId));
    const travelRule = d?.travelRuleRecordId
      ? await this.vault.readRecord(this.db, d.travelRuleRecordId)
      : null;
    const audit = await this.db
      .select({ seq: auditLog.seq, at: auditLog.at, kind: auditLog.kind, hash: auditLog.hash })
      .from(auditLog)
      .where(and(sql`${auditLog.data}->>'decisionId' = ${sar.decisionId}`))
      .orderBy(asc(auditLog.id));
    return {
      format: "clxend-sar-draft/1",
      exportedAt: new Date().toISOString(),
      sar,
      transfer: d
        ? {
            chainId: d.chainId,
            sender: d.sender,
            recipient: d.recipient,
            token: d.token,
            amount: d.amount,
            fee: d.fee,
            amountUsd: d.amountUsdCents / 100,
          }
        : null,
      travelRule,
      auditEntries: audit,
    };
  }
}

function summary(c: CaseRow, score: number) {
  return {
    caseId: c.id,
    decisionId: c.decisionId,
    status: c.status,
    highRisk: c.highRisk,
    score,
    submittedBy: getAddress(c.submittedBy),
    createdAt: c.createdAt.toISOString(),
  };
}

function sarSummary(s: typeof sarDrafts.$inferSelect) {
  return {
    sarId: s.id,
    decisionId: s.decisionId,
    subject: getAddress(s.subject),
    score: s.score,
    status: s.status,
    createdAt: s.createdAt.toISOString(),
  };
}
