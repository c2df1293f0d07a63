// Hash-chained, append-only audit log: entries are written with their action, then sealed into the chain in batches.
import { createHash } from "node:crypto";
import { asc, eq, gt, isNull, sql } from "drizzle-orm";
import { canonicalJson } from "../canonical.ts";
import type { Logger } from "pino";
import type { Db } from "../db/client.ts";
import { auditHead, auditLog } from "../db/schema.ts";

export const GENESIS_HASH = `0x${"00".repeat(32)}`;

/** What an entry says. `data` must be JSON without personal data (ids, hashes, addresses, codes). */
export interface AuditEntryInput {
  kind: string;
  actor: string;
  data: Record<string, unknown>;
}

/** Hash of entry `seq`: SHA-256 over the previous hash (32 bytes) and the RFC 8785 canonical JSON of the entry. */
export function entryHash(
  prevHash: string,
  entry: { seq: number; at: string; kind: string; actor: string; data: unknown },
): string {
  const canonical = canonicalJson({
    seq: entry.seq,
    at: entry.at,
    kind: entry.kind,
    actor: entry.actor,
    data: entry.data,
  });
  return `0x${createHash("sha256")
    .update(Buffer.from(prevHash.slice(2), "hex"))
    .update(canonical)
    .digest("hex")}`;
}

/** Writes an unsealed entry inside the caller's transaction, so it commits or rolls back with the action. */
export async function appendAudit(tx: Db, entry: AuditEntryInput): Promise<void> {
  await tx.insert(auditLog).values({
    at: new Date().toISOString(),
    kind: entry.kind,
    actor: entry.actor,
    data: entry.data,
  });
}

/** Gives unsealed entries consecutive sequence numbers and chained hashes, in batches, under a lock on the head. */
export async function sealPending(db: Db, batch = 2_000): Promise<number> {
  return db.transaction(async (tx) => {
    const [head] = await tx.select().from(auditHead).where(eq(auditHead.id, 1)).for("update");
    if (!head) throw new Error("audit_head row missing: migrations not applied");
    const rows = await tx
      .select({
        id: auditLog.id,
        at: auditLog.at,
        kind: auditLog.kind,
        actor: auditLog.actor,
        data: auditLog.data,
      })
      .from(auditLog)
      .where(isNull(auditLog.seq))
      .orderBy(asc(auditLog.id))
      .limit(batch);
    if (rows.length === 0) return 0;
    let prev = head.hash;
    let seq = head.seq;
    const values = rows.map((row) => {
      seq += 1;
      const hash = entryHash(prev, { seq, ...row });
      const value = sql`(${row.id}::bigint, ${seq}::bigint, ${prev}::text, ${hash}::text)`;
      prev = hash;
      return value;
    });
    // One statement seals the rows and moves the head.
    await tx.execute(sql`with sealed as (
        update audit_log as a set seq = v.seq, prev_hash = v.prev_hash, hash = v.hash
        from (values ${sql.join(values, sql`, `)}) as v(id, seq, prev_hash, hash) where a.id = v.id)
      update audit_head set seq = ${seq}, hash = ${prev} where id = 1`);
    return rows.length;
  });
}

/** Result of checking the whole chain. `failure.seq` is the first entry that does not verify. */
export interface ChainCheck {
  valid: boolean;
  checked: number;
  head: { seq: number; hash: string };
  unsealed: number;
  failure: { seq: number; reason: string } | null;
}

/** Recomputes every sealed entry's hash from its stored content and the previous hash. */
export async function verifyChain(db: Db, pageSize = 5_000): Promise<ChainCheck> {
  const [head] = await db.select().from(auditHead).where(eq(auditHead.id, 1));
  const [pending] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(auditLog)
    .where(isNull(auditLog.seq));
  const headInfo = { seq: head?.seq ?? 0, hash: head?.hash ?? GENESIS_HASH };
  const result = (checked: number, failure: ChainCheck["failure"]): ChainCheck => ({
    valid: failure === null,
    checked,
    head: headInfo,
    unsealed: pending?.n ?? 0,
    failure,
  });
  let prev = GENESIS_HASH;
  let expectedSeq = 1;
  for (;;) {
    const rows = await db
      .select()
      .from(auditLog)
      .where(gt(auditLog.seq, expectedSeq - 1))
      .orderBy(asc(auditLog.seq))
      .limit(pageSize);
    for (const row of rows) {
      const seq = row.seq ?? 0;
      if (seq !== expectedSeq)
        return result(expectedSeq - 1, { seq: expectedSeq, reason: "entry missing" });
      if (row.prevHash !== prev)
        return result(seq - 1, { seq, reason: "previous-hash link broken" });
      if (
        row.hash !==
        entryHash(prev, { seq, at: row.at, kind: row.kind, actor: row.actor, data: row.data })
      ) {
        return result(seq - 1, { seq, reason: "content does not match its hash" });
      }
      prev = row.hash;
      expectedSeq += 1;
    }
    if (rows.length < pageSize) break;
  }
  const checked = expectedSeq - 1;
  if (checked !== headInfo.seq || prev !== headInfo.hash) {
    return result(checked, { seq: checked + 1, reason: "chain does not end at the recorded head" });
  }
  return result(checked, null);
}

/** Stored hash of entry `seq` (to compare with an on-chain anchor). */
export async function hashAt(db: Db, seq: number): Promise<string | null> {
  const [row] = await db
    .select({ hash: auditLog.hash })
    .from(auditLog)
    .where(eq(auditLog.seq, seq));
  return row?.hash ?? null;
}

/** Runs `sealPending` soon after entries are written (coalescing bursts) and every second as a safety net. */
export class AuditSealer {
  #timer: NodeJS.Timeout | undefined;
  #interval: NodeJS.Timeout | undefined;
  #running: Promise<void> | undefined;
  #again = false;

  constructor(
    private readonly db: Db,
    private readonly log: Logger,
    private readonly onSealed: (n: number) => void = () => {},
    private readonly delayMs = 20,
  ) {}

  start(): void {
    this.#interval = setInterval(() => this.kick(), 1_000);
    this.#interval.unref();
  }

  /** Asks for a seal pass shortly. */
  kick(): void {
    if (this.#running) {
      this.#again = true;
      return;
    }
    if (this.#timer) return;
    this.#timer = setTimeout(() => {
      this.#timer = undefined;
      this.#running = this.#run().finally(() => {
        this.#running = undefined;
        if (this.#again) {
          this.#again = false;
          this.kick();
        }
      });
    }, this.delayMs);
  }

  async #run(): Promise<void> {
    try {
      let n: number;
      do {
        n = await sealPending(this.db);
        if (n > 0) this.onSealed(n);
      } while (n > 0);
    } catch (err) {
      this.log.error({ err }, "Failed to seal audit entries; will retry");
    }
  }

  /** Seals everything pending now (used at shutdown and by tests). */
  async flush(): Promise<void> {
    await this.#running;
    let n: number;
    do {
      n = await sealPending(this.db);
      if (n > 0) this.onSealed(n);
    } while (n > 0);
  }

  stop(): void {
    clearTimeout(this.#timer);
    clearInterval(this.#interval);
  }
}
