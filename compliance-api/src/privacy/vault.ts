// Personal data at rest: per-subject data keys, encrypted records, GDPR export and erasure, retention purge.
import { and, eq, isNotNull, isNull, lt, sql } from "drizzle-orm";
import { appendAudit } from "../audit/log.ts";
import { EU_COUNTRIES } from "../config.ts";
import type { Db } from "../db/client.ts";
import { personalRecords, subjects } from "../db/schema.ts";
import { type KeyWrapper, open, seal } from "./encryption.ts";

/** A decrypted personal record (or `data: null` when the subject's key was destroyed). */
export interface PersonalRecord {
  id: string;
  kind: string;
  createdAt: Date;
  data: unknown;
}

/** The retention jurisdiction of a country (EU/EEA members share "EU"). */
export function retentionJurisdiction(
  country: string | null,
  years: Record<string, number>,
): string {
  if (!country) return "default";
  if (country in years) return country;
  if (EU_COUNTRIES.has(country)) return "EU";
  return "default";
}

export class SubjectVault {
  constructor(
    private readonly keys: KeyWrapper,
    private readonly retentionYears: Record<string, number>,
  ) {}

  /** Creates the subject (with a data key) if new, re-keys it if it was erased, and records activity. */
  async touch(tx: Db, address: string, country: string | null): Promise<Buffer> {
    const subject = address.toLowerCase();
    const fresh = this.keys.newSubjectKey(subject);
    const [row] = await tx
      .insert(subjects)
      .values({ address: subject, country, wrappedKey: fresh.wrapped })
      .onConflictDoUpdate({
        target: subjects.address,
        set: {
          lastActivityAt: sql`now()`,
          country: sql`coalesce(excluded.country, ${subjects.country})`,
          wrappedKey: sql`coalesce(${subjects.wrappedKey}, excluded.wrapped_key)`,
        },
      })
      .returning({ wrappedKey: subjects.wrappedKey });
    if (!row?.wrappedKey) throw new Error("subject key missing after upsert");
    return this.keys.unwrap(subject, row.wrappedKey);
  }

  /** Encrypts `data` (JSON) with the subject's key; the subject must have been touched in this transaction. */
  async store(tx: Db, address: string, kind: string, data: unknown): Promise<string> {
    const subject = address.toLowerCase();
    const [row] = await tx
      .select({ wrappedKey: subjects.wrappedKey })
      .from(subjects)
      .where(eq(subjects.address, subject));
    if (!row?.wrappedKey) throw new Error("subject has no data key; call touch first");
    const key = this.keys.unwrap(subject, row.wrappedKey);
    const [record] = await tx
      .insert(personalRecords)
      .values({
        subject,
        kind,
        ciphertext: seal(key, Buffer.from(JSON.stringify(data)), `${subject}:${kind}`),
      })
      .returning({ id: personalRecords.id });
    if (!record) throw new Error("personal record not inserted");
    return record.id;
  }

  /** Every record of the subject, decrypted (data is null for records whose key was destroyed). */
  async read(
    db: Db,
    address: string,
  ): Promise<{ country: string | null; erased: boolean; records: PersonalRecord[] }> {
    const subject = address.toLowerCase();
    const [row] = await db.select().from(subjects).where(eq(subjects.address, subject));
    if (!row) return { country: null, erased: false, records: [] };
    const key = row.wrappedKey ? this.keys.unwrap(subject, row.wrappedKey) : null;
    const rows = await db
      .select()
      .from(personalRecords)
      .where(eq(personalRecords.subject, subject));
    return {
      country: row.country,
      erased: row.erasedAt !== null,
      records: rows.map((r) => ({
        id: r.id,
        kind: r.kind,
        createdAt: r.createdAt,
        data: key
          ? (JSON.parse(
              open(key, r.ciphertext, `${subject}:${r.kind}`).toString("utf8"),
            ) as unknown)
          : null,
      })),
    };
  }

  /** One record decrypted, or null if it does not exist or its key was destroyed. */
  async readRecord(db: Db, id: string): Promise<unknown> {
    const [r] = await db
      .select({
        subject: personalRecords.subject,
        kind: personalRecords.kind,
        ciphertext: personalRecords.ciphertext,
        wrappedKey: subjects.wrappedKey,
      })
      .from(personalRecords)
      .innerJoin(subjects, eq(subjects.address, personalRecords.subject))
      .where(eq(personalRecords.id, id));
    if (!r?.wrappedKey) return null;
    const key = this.keys.unwrap(r.subject, r.wrappedKey);
    return JSON.parse(
      open(key, r.ciphertext, `${r.subject}:${r.kind}`).toString("utf8"),
    ) as unknown;
  }

  /**
   * Erasure: destroys the subject's data key and deletes its encrypted records. Decisions and the audit chain
   * (which hold no personal data beyond the wallet address) stay intact.
   */
  async erase(
    tx: Db,
    address: string,
    actor: string,
    reason: "gdpr" | "retention",
  ): Promise<number> {
    const subject = address.toLowerCase();
    const deleted = await tx
      .delete(personalRecords)
      .where(eq(personalRecords.subject, subject))
      .returning({ id: personalRecords.id });
    await tx
      .update(subjects)
      .set({ wrappedKey: null, erasedAt: sql`now()` })
      .where(eq(subjects.address, subject));
    await appendAudit(tx, {
      kind: "subject.erased",
      actor,
      data: { subject, reason, recordsDeleted: deleted.length },
    });
    return deleted.length;
  }

  /** Subjects whose last activity is older than their jurisdiction's retention period. */
  async expiredSubjects(db: Db, now = new Date()): Promise<string[]> {
    const rows = await db
      .select({
        address: subjects.address,
        country: subjects.country,
        lastActivityAt: subjects.lastActivityAt,
      })
      .from(subjects)
      .where(
        and(
          isNull(subjects.erasedAt),
          isNotNull(subjects.wrappedKey),
          lt(subjects.lastActivityAt, now),
        ),
      );
    return rows
      .filter((r) => {
        const years =
          this.retentionYears[retentionJurisdiction(r.country, this.retentionYears)] ??
          this.retentionYears.default ??
          5;
        const until = new Date(r.lastActivityAt);
        until.setUTCFullYear(until.getUTCFullYear() + years);
        return until <= now;
      })
      .map((r) => r.address);
  }

  /** Erases every subject past retention; returns how many subjects and records went. */
  async purge(
    db: Db,
    now = new Date(),
  ): Promise<{ subjectsPurged: number; recordsDeleted: number }> {
    let recordsDeleted = 0;
    const expired = await this.expiredSubjects(db, now);
    for (const subject of expired) {
      recordsDeleted += await db.transaction((tx) =>
        this.erase(tx, subject, "system", "retention"),
      );
    }
    return { subjectsPurged: expired.length, recordsDeleted };
  }
}
