// Anchors the audit chain's head on-chain (AuditAnchor.anchor) with the anchorer key.
import { eq } from "drizzle-orm";
import type { Hex, PrivateKeyAccount } from "viem";
import { auditAnchorAbi } from "../chain/abis.ts";
import type { Chain } from "../chain/chain.ts";
import type { Db } from "../db/client.ts";
import { auditAnchors, auditHead } from "../db/schema.ts";
import { UpstreamError } from "../errors.ts";
import { appendAudit } from "./log.ts";

export class AuditAnchorer {
  constructor(
    private readonly db: Db,
    private readonly chain: Chain,
    private readonly anchorer: PrivateKeyAccount | null,
    private readonly onWrite: () => void,
  ) {}

  /** Writes the current head if it is past the latest on-chain anchor. */
  async anchorNow(): Promise<{ anchored: boolean; seq: number; hash: string; txHash: Hex | null }> {
    const anchorer = this.anchorer;
    if (!anchorer) {
      throw new UpstreamError(
        "ANCHORER_NOT_CONFIGURED",
        "No anchorer key is configured; set ANCHORER_PRIVATE_KEY or ANCHORER_KEYSTORE_FILE.",
      );
    }
    const [head] = await this.db.select().from(auditHead).where(eq(auditHead.id, 1));
    if (!head || head.seq === 0)
      return { anchored: false, seq: 0, hash: head?.hash ?? "", txHash: null };
    const latest = await this.chain.latestAnchor();
    if (latest && latest.sequence >= head.seq)
      return { anchored: false, seq: head.seq, hash: head.hash, txHash: null };
    const txHash = await this.chain.write(
      anchorer,
      {
        address: this.chain.book().contracts.AuditAnchor.address,
        abi: auditAnchorAbi,
        functionName: "anchor",
        args: [BigInt(head.seq), head.hash as Hex],
      },
      "the audit anchor",
    );
    await this.db.transaction(async (tx) => {
      await tx
        .insert(auditAnchors)
        .values({ seq: head.seq, headHash: head.hash, chainId: this.chain.chainId, txHash });
      await appendAudit(tx, {
        kind: "audit.anchored",
        actor: anchorer.address.toLowerCase(),
        data: { seq: head.seq, headHash: head.hash, txHash },
      });
    });
    this.onWrite();
    return { anchored: true, seq: head.seq, hash: head.hash, txHash };
  }
}
