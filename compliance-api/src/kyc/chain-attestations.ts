// Writes a KYC attestation to the KycRegistry of every chain served and records, per chain, whether it is there.
//
// Each chain's state is a row of kyc_attestation_chains. An attempt first takes a lease on the row (so two requests
// never send for the same chain at once), stores the signed transaction's hash before broadcasting it, and a later
// attempt looks that transaction up before sending another: a retry completes the chains that are missing and never
// writes a chain twice. Only a successful receipt makes a chain `confirmed`.
import { and, asc, eq, inArray, isNull, lt, ne, or, sql } from "drizzle-orm";
import type { Logger } from "pino";
import { BaseError, getAddress, type Hex, type PrivateKeyAccount } from "viem";
import { appendAudit } from "../audit/log.ts";
import { kycRegistryAbi } from "../chain/abis.ts";
import {
  type Chain,
  type Chains,
  TransactionRefusedError,
  TransactionUnconfirmedError,
} from "../chain/chain.ts";
import type { Db } from "../db/client.ts";
import { kycAttestationChains, kycAttestations } from "../db/schema.ts";
import { ComplianceError } from "../errors.ts";

/** Where the attestation stands on one chain (see kyc_attestation_chains in src/db/schema.ts). */
export type ChainAttestationStatus = "pending" | "sent" | "confirmed" | "failed";

/** How long one attempt may hold a chain's row: simulate, send and 60 s for the receipt, with room to spare. */
const ATTEMPT_LEASE_SECONDS = 300;

const WHAT = "the KYC attestation";

export interface NewAttestation {
  id: string;
  subject: string;
  level: number;
  expiresAt: Date;
  evidenceHash: Hex;
  provider: string;
}

type AttestationRow = typeof kycAttestations.$inferSelect;
type ChainRow = typeof kycAttestationChains.$inferSelect;

export class KycAttestations {
  constructor(
    private readonly db: Db,
    private readonly chains: Chains,
    private readonly log: Logger,
    private readonly onWrite: () => void,
  ) {}

  /** Records a passed verification as an attestation pending on every chain served (in the caller's transaction). */
  async record(tx: Db, a: NewAttestation): Promise<void> {
    await tx.insert(kycAttestations).values({
      id: a.id,
      subject: a.subject.toLowerCase(),
      level: a.level,
      expiresAt: a.expiresAt,
      evidenceHash: a.evidenceHash,
      provider: a.provider.toLowerCase(),
    });
    await tx
      .insert(kycAttestationChains)
      .values(
        this.chains.ids.map((chainId) => ({ attestationId: a.id, chainId, status: "pending" })),
      );
  }

  /**
   * Writes attestation `id` with `provider` to every chain served that does not hold it yet, all chains at once, and
   * stores each chain's outcome; a chain added to CHAIN_IDS since gets its row first. Never throws for a chain's
   * failure: `view` tells which chains hold the attestation.
   */
  async complete(id: string, provider: PrivateKeyAccount): Promise<void> {
    const [attestation] = await this.db
      .select()
      .from(kycAttestations)
      .where(eq(kycAttestations.id, id));
    if (!attestation) return;
    await this.db
      .insert(kycAttestationChains)
      .values(this.chains.ids.map((chainId) => ({ attestationId: id, chainId, status: "pending" })))
      .onConflictDoNothing();
    await Promise.all(
      this.chains.all.map((chain) => this.#attemptOn(attestation, chain, provider)),
    );
  }

  /** One chain: look up an earlier transaction, else send one, then wait for its receipt. */
  async #attemptOn(a: AttestationRow, chain: Chain, provider: PrivateKeyAccount): Promise<void> {
    const row = await this.#claim(a.id, chain.chainId);
    if (!row) return;
    // A transaction of this attestation that may be on the chain: while there is one, the row never says `failed`.
    let inFlight = row.status === "sent" ? (row.txHash as Hex | null) : null;
    try {
      let txHash = row.txHash as Hex | null;
      if (txHash) {
        const state = await chain.transactionState(txHash);
        if (state === "success") return await this.#confirmed(a, chain, txHash);
        // Reverted or unknown to the node (refused, or dropped): a new transaction is needed.
        if (state !== "pending") txHash = inFlight = null;
      }
      txHash ??= await chain.send(provider, this.#call(a, chain), WHAT, async (hash) => {
        await this.#sent(a.id, chain.chainId, hash);
        inFlight = hash;
      });
      if ((await chain.waitForReceipt(txHash, WHAT)) === "success")
        return await this.#confirmed(a, chain, txHash);
      await this.#ended(a.id, chain.chainId, null, {
        code: "CHAIN_WRITE_REVERTED",
        message: `The transaction ${txHash} writing the KYC attestation to chain ${chain.chainId} reverted; retry the attestation.`,
      });
    } catch (err) {
      // Refused (by the simulation or the node): the transaction of this attempt is not on the chain.
      if (err instanceof TransactionRefusedError) inFlight = null;
      await this.#ended(
        a.id,
        chain.chainId,
        err instanceof TransactionUnconfirmedError ? err.txHash : inFlight,
        errorOf(err),
        err,
      );
    }
  }

  #call(a: AttestationRow, chain: Chain) {
    return {
      address: chain.book().contracts.KycRegistry.address,
      abi: kycRegistryAbi,
      functionName: "attest",
      args: [
        getAddress(a.subject),
        a.level,
        BigInt(Math.floor(a.expiresAt.getTime() / 1000)),
        a.evidenceHash as Hex,
      ],
    };
  }

  /** Takes the lease on one chain's row unless it is confirmed or another attempt holds it; null then. */
  async #claim(attestationId: string, chainId: number): Promise<ChainRow | null> {
    const c = kycAttestationChains;
    const [row] = await this.db
      .update(c)
      .set({
        claimedUntil: sql`now() + make_interval(secs => ${ATTEMPT_LEASE_SECONDS})`,
        attempts: sql`${c.attempts} + 1`,
        updatedAt: sql`now()`,
      })
      .where(
        and(
          eq(c.attestationId, attestationId),
          eq(c.chainId, chainId),
          ne(c.status, "confirmed"),
          or(isNull(c.claimedUntil), lt(c.claimedUntil, sql`now()`)),
        ),
      )
      .returning();
    return row ?? null;
  }

  /** The signed transaction's hash, stored before it is broadcast. */
  async #sent(attestationId: string, chainId: number, txHash: Hex): Promise<void> {
    await this.db
      .update(kycAttestationChains)
      .set({ status: "sent", txHash, errorCode: null, errorMessage: null, updatedAt: sql`now()` })
      .where(this.#row(attestationId, chainId));
  }

  async #confirmed(a: AttestationRow, chain: Chain, txHash: Hex): Promise<void> {
    await this.db.transaction(async (tx) => {
      await tx
        .update(kycAttestationChains)
        .set({
          status: "confirmed",
          txHash,
          errorCode: null,
          errorMessage: null,
          claimedUntil: null,
          updatedAt: sql`now()`,
          confirmedAt: sql`now()`,
        })
        .where(this.#row(a.id, chain.chainId));
      await appendAudit(tx, {
        kind: "kyc.attested",
        actor: a.provider,
        data: {
          attestationId: a.id,
          subject: a.subject,
          chainId: chain.chainId,
          level: a.level,
          expiresAt: a.expiresAt.toISOString(),
          evidenceHash: a.evidenceHash,
          txHash,
        },
      });
    });
    chain.forgetKyc(a.subject);
    this.onWrite();
  }

  /**
   * Ends an attempt that did not confirm. While a transaction `inFlight` may still be mined the row stays `sent` with
   * its hash (a retry looks it up); otherwise it is `failed` and nothing of this attestation is on the chain.
   */
  async #ended(
    attestationId: string,
    chainId: number,
    inFlight: Hex | null,
    error: { code: string; message: string },
    cause?: unknown,
  ): Promise<void> {
    await this.db
      .update(kycAttestationChains)
      .set({
        status: inFlight ? "sent" : "failed",
        ...(inFlight ? { txHash: inFlight } : {}),
        errorCode: error.code,
        errorMessage: error.message,
        claimedUntil: null,
        updatedAt: sql`now()`,
      })
      .where(this.#row(attestationId, chainId));
    // viem's full messages name the RPC URL, which can carry a provider's API key: only the short message is logged.
    const reason = cause instanceof BaseError ? cause.shortMessage : String(cause ?? error.code);
    this.log.warn(
      { attestationId, chainId, status: inFlight ? "sent" : "failed", code: error.code, reason },
      "KYC attestation not confirmed on a chain",
    );
  }

  #row(attestationId: string, chainId: number) {
    return and(
      eq(kycAttestationChains.attestationId, attestationId),
      eq(kycAttestationChains.chainId, chainId),
    );
  }

  /** The attestation `id` with its state on each chain, or null when there is none. */
  async view(id: string): Promise<AttestationView | null> {
    const [row] = await this.db.select().from(kycAttestations).where(eq(kycAttestations.id, id));
    if (!row) return null;
    return (await this.views([row]))[0] ?? null;
  }

  /** The views of `rows`, with one query for all their chain rows. */
  async views(rows: AttestationRow[]): Promise<AttestationView[]> {
    if (rows.length === 0) return [];
    const chainRows = await this.db
      .select()
      .from(kycAttestationChains)
      .where(
        inArray(
          kycAttestationChains.attestationId,
          rows.map((r) => r.id),
        ),
      )
      .orderBy(asc(kycAttestationChains.chainId));
    return rows.map((r) =>
      attestationView(
        r,
        chainRows.filter((c) => c.attestationId === r.id),
        this.chains.ids,
      ),
    );
  }

  /** The newest attestation this service issued to `subject`, or null. */
  async latestOf(subject: string): Promise<AttestationRow | null> {
    const [row] = await this.db
      .select()
      .from(kycAttestations)
      .where(eq(kycAttestations.subject, subject.toLowerCase()))
      .orderBy(sql`${kycAttestations.createdAt} desc`)
      .limit(1);
    return row ?? null;
  }

  /**
   * Attestations issued before per-chain records existed were written to the first chain only, with their hash in
   * kyc_attestations.tx_hash: records them as confirmed there (idempotent; run at start-up).
   */
  async adoptFirstChainRows(): Promise<void> {
    await this.db.execute(sql`insert into kyc_attestation_chains
        (attestation_id, chain_id, status, tx_hash, updated_at, confirmed_at)
      select id, ${this.chains.default.chainId}, 'confirmed', tx_hash, created_at, created_at
      from kyc_attestations a
      where a.tx_hash is not null
        and not exists (select 1 from kyc_attestation_chains c where c.attestation_id = a.id)
      on conflict do nothing`);
  }
}

/** What a failed attempt tells the caller: the code and sentence of the service's error, or a generic one. */
function errorOf(err: unknown): { code: string; message: string } {
  if (err instanceof ComplianceError) return { code: err.code, message: err.message };
  return {
    code: "CHAIN_WRITE_FAILED",
    message: "Writing the KYC attestation failed for an unexpected reason; retry the attestation.",
  };
}

export interface ChainAttestationView {
  chainId: number;
  status: ChainAttestationStatus;
  /** The transaction that wrote it (confirmed) or is on its way (sent); null otherwise. */
  txHash: string | null;
  /** Why the last attempt did not confirm (failed, or sent without a receipt yet). */
  error: { code: string; message: string } | null;
  attempts: number;
  confirmedAt: string | null;
}

export interface AttestationView {
  verificationId: string;
  subject: string;
  level: number;
  expiresAt: string;
  evidenceHash: string;
  provider: string;
  complete: boolean;
  txHash: string | null;
  chains: ChainAttestationView[];
}

/** The API's view: every chain with a row, the chains served first in CHAIN_IDS order. */
function attestationView(row: AttestationRow, chainRows: ChainRow[], served: number[]) {
  const rank = (chainId: number) => {
    const i = served.indexOf(chainId);
    return i === -1 ? served.length + chainId : i;
  };
  const chains = [...chainRows]
    .sort((x, y) => rank(x.chainId) - rank(y.chainId))
    .map(
      (c): ChainAttestationView => ({
        chainId: c.chainId,
        status: c.status as ChainAttestationStatus,
        txHash: c.status === "confirmed" || c.status === "sent" ? c.txHash : null,
        error:
          c.status !== "confirmed" && c.errorCode
            ? { code: c.errorCode, message: c.errorMessage ?? "" }
            : null,
        attempts: c.attempts,
        confirmedAt: c.confirmedAt?.toISOString() ?? null,
      }),
    );
  const confirmed = (chainId: number) =>
    chains.some((c) => c.chainId === chainId && c.status === "confirmed");
  const first = chains.find((c) => c.chainId === served[0]);
  return {
    verificationId: row.id,
    subject: getAddress(row.subject),
    level: row.level,
    expiresAt: row.expiresAt.toISOString(),
    evidenceHash: row.evidenceHash,
    provider: getAddress(row.provider),
    complete: served.every(confirmed),
    txHash: first?.status === "confirmed" ? first.txHash : null,
    chains,
  };
}
