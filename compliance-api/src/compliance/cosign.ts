// Co-signing: turns one approved decision into one EIP-712 Approval with a fresh nonce and a short deadline.
import { and, eq, sql } from "drizzle-orm";
import {
  type Address,
  concat,
  getAddress,
  type Hex,
  hashDomain,
  hashStruct,
  keccak256,
  numberToHex,
  type PrivateKeyAccount,
  validateTypedData,
  zeroAddress,
} from "viem";
import type { CosignResponse } from "../api/schemas.ts";
import { APPROVAL_TYPES } from "../chain/abis.ts";
import type { Chain, Chains } from "../chain/chain.ts";
import type { Config } from "../config.ts";
import type { Db } from "../db/client.ts";
import { type decisions, nonceCounters } from "../db/schema.ts";
import { type RunStatement, statement } from "../db/statements.ts";
import { ConflictError, NotFoundError, UpstreamError } from "../errors.ts";
import { firstNonceOf, signingTarget } from "./crosschain.ts";
import { ZERO_HASH } from "./travel-rule.ts";

/** What co-signing reads of a decision. */
const READ_DECISION = statement(
  "cosign_read_decision",
  `select status, approved_at, reasons, chain_id, sender, recipient, claim_hash, token, amount::text as amount,
     fee::text as fee, memo_hash, travel_rule_hash, destination_chain_id
   from decisions where id = $1`,
);
/** A decision as co-signing needs it (column names as stored). */
export interface CosignRow {
  status: (typeof decisions.$inferSelect)["status"];
  approved_at: Date | null;
  reasons: unknown;
  chain_id: number;
  sender: string;
  recipient: string | null;
  claim_hash: string | null;
  token: string;
  amount: string;
  fee: string;
  memo_hash: string;
  travel_rule_hash: string;
  destination_chain_id: number;
}

/**
 * Marks the decision co-signed with its nonce and writes the audit entry, in one statement; no row comes back
 * when the decision is no longer `approved` (another co-signature won).
 */
const RECORD_COSIGNATURE = statement(
  "cosign_record",
  `with d as (
     update decisions set status = 'cosigned', nonce = $2, deadline = $3, signer = $4, cosigned_at = now()
     where id = $1 and status = 'approved'
     returning id),
   a as (
     insert into audit_log (at, kind, actor, data)
     select $5::text, 'decision.cosigned', $4, $6::text::jsonb from d)
   select id from d`,
);

/** The nonces one process has reserved for one contract: the rest of its block, and nonces given back. */
interface NoncePool {
  next: bigint;
  end: bigint;
  returned: bigint[];
  refill: Promise<void> | null;
}

/**
 * Hands out approval nonces in sequence from the database, one counter per chain and verifying contract (Remittance,
 * or the CCIP bridge sender, which keeps its own nonce bitmap), reserving `blockSize` at a time so that a
 * co-signature needs no counter update of its own. Blocks of different processes never overlap; a restart leaves
 * the unused rest of a block as a gap.
 */
export class NonceAllocator {
  readonly #ready = new Map<string, Promise<void>>();
  readonly #pools = new Map<string, NoncePool>();

  constructor(
    private readonly db: Db,
    private readonly blockSize = 64,
  ) {}

  /**
   * Creates the counter if missing and moves it past nonces already used on-chain (for a database that was
   * reset while the chain kept its state), probing with doubling steps then bisecting.
   */
  async #prepare(chain: Chain, contract: string): Promise<void> {
    const chainId = chain.chainId;
    const where = and(eq(nonceCounters.chainId, chainId), eq(nonceCounters.contract, contract));
    await this.db
      .insert(nonceCounters)
      .values({ chainId, contract, nextNonce: firstNonceOf(chain, contract) })
      .onConflictDoNothing();
    const [row] = await this.db
      .select({ next: nonceCounters.nextNonce })
      .from(nonceCounters)
      .where(where);
    const start = row?.next ?? 1n;
    const used = (nonce: bigint) => chain.isNonceUsed(nonce, getAddress(contract));
    if (!(await used(start))) return;
    let step = 1n;
    while (await used(start + step)) step *= 2n;
    let lo = start + step / 2n;
    let hi = start + step;
    while (hi - lo > 1n) {
      const mid = (lo + hi) / 2n;
      if (await used(mid)) lo = mid;
      else hi = mid;
    }
    await this.db
      .update(nonceCounters)
      .set({ nextNonce: sql`greatest(${nonceCounters.nextNonce}, ${hi})` })
      .where(where);
  }

  /** The next unused nonce of `contract` (lower case) on `chain`. */
  async next(chain: Chain, contract: string): Promise<bigint> {
    const key = `${chain.chainId}:${contract}`;
    let ready = this.#ready.get(key);
    if (!ready) {
      ready = this.#prepare(chain, contract);
      this.#ready.set(key, ready);
      ready.catch(() => this.#ready.delete(key));
    }
    await ready;
    let pool = this.#pools.get(key);
    if (!pool) {
      pool = { next: 0n, end: 0n, returned: [], refill: null };
      this.#pools.set(key, pool);
    }
    for (;;) {
      const returned = pool.returned.shift();
      if (returned !== undefined) return returned;
      if (pool.next < pool.end) {
        pool.next += 1n;
        return pool.next - 1n;
      }
      const p = pool;
      p.refill ??= this.#reserve(chain.chainId, contract)
        .then((start) => {
          p.next = start;
          p.end = start + BigInt(this.blockSize);
        })
        .finally(() => {
          p.refill = null;
        });
      await p.refill;
    }
  }

  /** Gives back a nonce that no approval carries (its co-signature was not recorded), to be handed out next. */
  release(chain: Chain, contract: string, nonce: bigint): void {
    const pool = this.#pools.get(`${chain.chainId}:${contract}`);
    if (!pool) return;
    pool.returned.push(nonce);
    pool.returned.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  }

  /** Moves the counter on by one block (committed at once) and returns the block's first nonce. */
  async #reserve(chainId: number, contract: string): Promise<bigint> {
    const size = BigInt(this.blockSize);
    const [row] = await this.db
      .update(nonceCounters)
      .set({ nextNonce: sql`${nonceCounters.nextNonce} + ${size}` })
      .where(and(eq(nonceCounters.chainId, chainId), eq(nonceCounters.contract, contract)))
      .returning({ next: nonceCounters.nextNonce });
    if (!row) throw new Error("nonce counter missing");
    return row.next - size;
  }
}

/** EIP712Domain fields of a full domain (name, version, chainId, verifyingContract). */
const DOMAIN_TYPES = {
  EIP712Domain: [
    { name: "name", type: "string" },
    { name: "version", type: "string" },
    { name: "chainId", type: "uint256" },
    { name: "verifyingContract", type: "address" },
  ],
} as const;

/** Domain separators already computed, by name, version, chain and contract. */
const domainSeparators = new Map<string, Hex>();

/** A full EIP-712 domain as the contracts declare it. */
export interface ApprovalDomain {
  name: string;
  version: string;
  chainId: number;
  verifyingContract: Address;
}

/** The fields of IRemittance.Approval. */
export type ApprovalMessage = {
  sender: Address;
  recipient: Address;
  claimHash: Hex;
  token: Address;
  amount: bigint;
  fee: bigint;
  memoHash: Hex;
  travelRuleHash: Hex;
  destinationChainId: bigint;
  nonce: bigint;
  deadline: bigint;
};

/**
 * The EIP-712 digest of an Approval: the same value as viem's hashTypedData, with the domain separator computed
 * once per domain (the message is still validated field by field).
 */
export function approvalDigest(domain: ApprovalDomain, message: ApprovalMessage): Hex {
  validateTypedData({ domain, types: APPROVAL_TYPES, primaryType: "Approval", message });
  const key = `${domain.name}\n${domain.version}\n${domain.chainId}\n${domain.verifyingContract}`;
  let separator = domainSeparators.get(key);
  if (!separator) {
    separator = hashDomain({
      domain: { ...domain, chainId: BigInt(domain.chainId) },
      types: DOMAIN_TYPES,
    });
    domainSeparators.set(key, separator);
  }
  const struct = hashStruct({ data: message, primaryType: "Approval", types: APPROVAL_TYPES });
  return keccak256(concat(["0x1901", separator, struct]));
}

/**
 * Decisions this process approved when it screened them, until co-signed, so that the usual screen-then-cosign
 * needs no read of the decision. What is kept never changes once written (an approved decision can only become
 * co-signed); the co-signature's write still requires status `approved`, so a decision co-signed meanwhile by
 * another process is refused as before. Bounded; entries older than DECISION_TTL_SECONDS go first.
 */
export class ApprovedDecisions {
  readonly #rows = new Map<string, CosignRow>();

  constructor(
    private readonly ttlMs: number,
    private readonly maxEntries = 10_000,
  ) {}

  remember(id: string, row: CosignRow): void {
    const now = Date.now();
    for (const [oldId, old] of this.#rows) {
      const expired = (old.approved_at?.getTime() ?? 0) + this.ttlMs < now;
      if (!expired && this.#rows.size < this.maxEntries) break;
      this.#rows.delete(oldId);
    }
    this.#rows.set(id, row);
  }

  /** The decision, if this process approved it and nobody took it yet (it is forgotten). */
  take(id: string): CosignRow | undefined {
    const row = this.#rows.get(id);
    if (row) this.#rows.delete(id);
    return row;
  }
}

export interface CosignDeps {
  config: Config;
  run: RunStatement;
  chains: Chains;
  nonces: NonceAllocator;
  approved: ApprovedDecisions;
  signer: PrivateKeyAccount | null;
  onWrite: () => void;
}

export class CosignService {
  constructor(private readonly d: CosignDeps) {}

  /** Co-signs decision `decisionId`: only once, only if approved and not older than DECISION_TTL_SECONDS. */
  async cosign(decisionId: string): Promise<CosignResponse> {
    const { run, chains, config, signer } = this.d;
    const row =
      this.d.approved.take(decisionId) ?? (await run<CosignRow>(READ_DECISION, [decisionId]))[0];
    if (!row)
      throw new NotFoundError(
        "DECISION_NOT_FOUND",
        "No decision has this id; screen the transfer first.",
      );
    assertCosignable(
      { status: row.status, approvedAt: row.approved_at, reasons: row.reasons },
      config.decisionTtlMs,
    );
    if (!signer) {
      throw new UpstreamError(
        "COSIGNER_NOT_CONFIGURED",
        "No co-signer key is configured; set COSIGNER_PRIVATE_KEY or COSIGNER_KEYSTORE_FILE.",
      );
    }
    const chain = chains.find(row.chain_id);
    if (!chain) {
      throw new ConflictError(
        "DECISION_WRONG_CHAIN",
        `The decision was made for chain ${row.chain_id}; this service signs for ${chains.ids.join(", ")}.`,
      );
    }
    // Remittance for this chain; the bridge sender, in the bridge's own domain, for another chain.
    const target = signingTarget(chain, Number(row.destination_chain_id));
    const verifyingContract = target.verifyingContract;
    const contract = verifyingContract.toLowerCase();
    const nonce = await this.d.nonces.next(chain, contract);
    const deadline = BigInt(Math.floor(Date.now() / 1000) + config.cosignTtlSeconds);
    const message: ApprovalMessage = {
      sender: getAddress(row.sender),
      recipient: row.recipient ? getAddress(row.recipient) : zeroAddress,
      claimHash: (row.claim_hash ?? ZERO_HASH) as Hex,
      token: getAddress(row.token),
      amount: BigInt(row.amount),
      fee: BigInt(row.fee),
      memoHash: row.memo_hash as Hex,
      travelRuleHash: row.travel_rule_hash as Hex,
      destinationChainId: BigInt(row.destination_chain_id),
      nonce,
      deadline,
    };
    const domain = { ...target.domain, chainId: chain.chainId, verifyingContract };
    let signature: Hex;
    try {
      signature = await signer.sign({ hash: approvalDigest(domain, message) });
    } catch (err) {
      this.d.nonces.release(chain, contract, nonce);
      throw err;
    }

    const recorded = await run(RECORD_COSIGNATURE, [
      decisionId,
      nonce.toString(),
      Number(deadline),
      signer.address.toLowerCase(),
      new Date().toISOString(),
      JSON.stringify({
        decisionId,
        nonce: nonce.toString(),
        deadline: deadline.toString(),
        verifyingContract: contract,
        chainId: chain.chainId,
      }),
    ]);
    if (recorded.length === 0) {
      // Another request co-signed this decision first; this nonce was never recorded, so it can go out again.
      this.d.nonces.release(chain, contract, nonce);
      throw new ConflictError(
        "DECISION_ALREADY_COSIGNED",
        "This decision has already been co-signed; screen the transfer again for a new approval.",
      );
    }
    this.d.onWrite();
    return {
      decisionId,
      remittanceId: numberToHex(nonce, { size: 32 }),
      approval: Object.fromEntries(
        Object.entries(message).map(([k, v]) => [k, typeof v === "bigint" ? v.toString() : v]),
      ) as CosignResponse["approval"],
      coSignature: { signer: signer.address as Address, signature },
      contract: target.contract,
      domain,
    };
  }
}

/** Throws the 409 that says why a decision cannot be co-signed, if it cannot. */
export function assertCosignable(
  row: Pick<typeof decisions.$inferSelect, "status" | "approvedAt" | "reasons">,
  ttlMs: number,
  now = Date.now(),
): void {
  switch (row.status) {
    case "cosigned":
      throw new ConflictError(
        "DECISION_ALREADY_COSIGNED",
        "This decision has already been co-signed; screen the transfer again for a new approval.",
      );
    case "in_review":
      throw new ConflictError(
        "DECISION_IN_REVIEW",
        "This transfer is waiting for a compliance officer's review; try again after it is approved.",
      );
    case "rejected":
      throw new ConflictError(
        "DECISION_REJECTED",
        "This transfer was rejected and cannot be co-signed.",
        {
          reasons: (row.reasons as { code: string }[]).map((r) => r.code),
        },
      );
    case "approved":
      if (!row.approvedAt || now - row.approvedAt.getTime() > ttlMs) {
        throw new ConflictError(
          "DECISION_EXPIRED",
          "The approval of this decision is too old; screen the transfer again.",
        );
      }
  }
}
