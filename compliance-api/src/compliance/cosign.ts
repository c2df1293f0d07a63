// Co-signing: turns one approved decision into one EIP-712 Approval with a fresh nonce and a short deadline.
import { and, eq, sql } from "drizzle-orm";
import {
  type Address,
  getAddress,
  type Hex,
  numberToHex,
  type PrivateKeyAccount,
  zeroAddress,
} from "viem";
import type { CosignResponse } from "../api/schemas.ts";
import { appendAudit } from "../audit/log.ts";
import { APPROVAL_TYPES } from "../chain/abis.ts";
import type { Chain } from "../chain/chain.ts";
import type { Config } from "../config.ts";
import type { Db } from "../db/client.ts";
import { decisions, nonceCounters } from "../db/schema.ts";
import { ConflictError, NotFoundError, UpstreamError } from "../errors.ts";
import { signingTarget } from "./crosschain.ts";
import { ZERO_HASH } from "./travel-rule.ts";

/**
 * Hands out approval nonces in sequence from the database, one counter per chain and verifying contract (Remittance,
 * or the CCIP bridge sender, which keeps its own nonce bitmap).
 */
export class NonceAllocator {
  readonly #ready = new Map<string, Promise<void>>();

  constructor(
    private readonly db: Db,
    private readonly chain: Chain,
  ) {}

  /**
   * Creates the counter if missing and moves it past nonces already used on-chain (for a database that was
   * reset while the chain kept its state), probing with doubling steps then bisecting.
   */
  async #prepare(contract: string): Promise<void> {
    const chainId = this.chain.chainId;
    await this.db
      .insert(nonceCounters)
      .values({ chainId, contract, nextNonce: 1n })
      .onConflictDoNothing();
    const [row] = await this.db
      .select({ next: nonceCounters.nextNonce })
      .from(nonceCounters)
      .where(and(eq(nonceCounters.chainId, chainId), eq(nonceCounters.contract, contract)));
    const start = row?.next ?? 1n;
    if (!(await this.chain.isNonceUsed(start, getAddress(contract)))) return;
    let step = 1n;
    while (await this.chain.isNonceUsed(start + step, getAddress(contract))) step *= 2n;
    let lo = start + step / 2n;
    let hi = start + step;
    while (hi - lo > 1n) {
      const mid = (lo + hi) / 2n;
      if (await this.chain.isNonceUsed(mid, getAddress(contract))) lo = mid;
      else hi = mid;
    }
    await this.db
      .update(nonceCounters)
      .set({ nextNonce: sql`greatest(${nonceCounters.nextNonce}, ${hi})` })
      .where(and(eq(nonceCounters.chainId, chainId), eq(nonceCounters.contract, contract)));
  }

  /** The next nonce (committed at once, so a failed co-signature leaves a harmless gap). */
  async next(contract: string): Promise<bigint> {
    let ready = this.#ready.get(contract);
    if (!ready) {
      ready = this.#prepare(contract);
      this.#ready.set(contract, ready);
      ready.catch(() => this.#ready.delete(contract));
    }
    await ready;
    const [row] = await this.db
      .update(nonceCounters)
      .set({ nextNonce: sql`${nonceCounters.nextNonce} + 1` })
      .where(
        and(eq(nonceCounters.chainId, this.chain.chainId), eq(nonceCounters.contract, contract)),
      )
      .returning({ next: nonceCounters.nextNonce });
    if (!row) throw new Error("nonce counter missing");
    return row.next - 1n;
  }
}

export interface CosignDeps {
  config: Config;
  db: Db;
  chain: Chain;
  nonces: NonceAllocator;
  signer: PrivateKeyAccount | null;
  onWrite: () => void;
}

export class CosignService {
  constructor(private readonly d: CosignDeps) {}

  /** Co-signs decision `decisionId`: only once, only if approved and not older than DECISION_TTL_SECONDS. */
  async cosign(decisionId: string): Promise<CosignResponse> {
    const { db, chain, config, signer } = this.d;
    const [row] = await db.select().from(decisions).where(eq(decisions.id, decisionId));
    if (!row)
      throw new NotFoundError(
        "DECISION_NOT_FOUND",
        "No decision has this id; screen the transfer first.",
      );
    assertCosignable(row, config.decisionTtlMs);
    if (!signer) {
      throw new UpstreamError(
        "COSIGNER_NOT_CONFIGURED",
        "No co-signer key is configured; set COSIGNER_PRIVATE_KEY or COSIGNER_KEYSTORE_FILE.",
      );
    }
    if (row.chainId !== chain.chainId) {
      throw new ConflictError(
        "DECISION_WRONG_CHAIN",
        `The decision was made for chain ${row.chainId}; this service signs for ${chain.chainId}.`,
      );
    }
    // Remittance for this chain; the bridge sender, in the bridge's own domain, for another chain.
    const target = signingTarget(chain, row.destinationChainId);
    const verifyingContract = target.verifyingContract;
    const nonce = await this.d.nonces.next(verifyingContract.toLowerCase());
    const deadline = BigInt(Math.floor(Date.now() / 1000) + config.cosignTtlSeconds);
    const message = {
      sender: getAddress(row.sender),
      recipient: row.recipient ? getAddress(row.recipient) : zeroAddress,
      claimHash: (row.claimHash ?? ZERO_HASH) as Hex,
      token: getAddress(row.token),
      amount: BigInt(row.amount),
      fee: BigInt(row.fee),
      memoHash: row.memoHash as Hex,
      travelRuleHash: row.travelRuleHash as Hex,
      destinationChainId: BigInt(row.destinationChainId),
      nonce,
      deadline,
    };
    const domain = { ...target.domain, chainId: chain.chainId, verifyingContract };
    const signature = await signer.signTypedData({
      domain,
      types: APPROVAL_TYPES,
      primaryType: "Approval",
      message,
    });

    await db.transaction(async (tx) => {
      const updated = await tx
        .update(decisions)
        .set({
          status: "cosigned",
          nonce: nonce.toString(),
          deadline: Number(deadline),
          signer: signer.address.toLowerCase(),
          cosignedAt: sql`now()`,
        })
        .where(and(eq(decisions.id, decisionId), eq(decisions.status, "approved")))
        .returning({ id: decisions.id });
      if (updated.length === 0) {
        throw new ConflictError(
          "DECISION_ALREADY_COSIGNED",
          "This decision has already been co-signed; screen the transfer again for a new approval.",
        );
      }
      await appendAudit(tx, {
        kind: "decision.cosigned",
        actor: signer.address.toLowerCase(),
        data: {
          decisionId,
          nonce: nonce.toString(),
          deadline: deadline.toString(),
          verifyingContract: verifyingContract.toLowerCase(),
          chainId: chain.chainId,
        },
      });
    });
    this.d.onWrite();
    return {
      decisionId,
      remittanceId: numberToHex(nonce, { size: 32 }),
      approval: Object.fromEntries(
        Object.entries(message).map(([k, v]) => [k, typeof v === "bigint" ? v.toString() : v]),
      ) as CosignResponse["approval"],
      coSignature: { signer: signer.address as Address, signature },
      contract: target.contract,
      domain: { ...target.domain, chainId: chain.chainId, verifyingContract },
    };
  }
}

/** Throws the 409 that says why a decision cannot be co-signed, if it cannot. */
export function assertCosignable(
  row: typeof decisions.$inferSelect,
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
