// Which co-signed approvals were sent: after an approval's deadline, its nonce on the verifying contract (the chain's
// nonce bitmap, the authority) says whether it was executed; unsent approvals then stop counting towards velocity.
import type { Logger } from "pino";
import { type Address, getAddress } from "viem";
import type { Chain } from "../chain/chain.ts";
import { type RunStatement, statement } from "../db/statements.ts";
import { signingTarget } from "./crosschain.ts";

/** Co-signed approvals of chain $1 whose deadline lies before $2 (the chain's time) and that were not checked yet. */
const UNCHECKED = statement(
  "executions_unchecked",
  `select id, nonce::text as nonce, destination_chain_id from decisions
   where chain_id = $1 and status = 'cosigned' and executed is null and deadline < $2
   order by deadline limit $3`,
);
/** Records the answers: $1 the ids whose nonce is used, $2 those whose nonce is not. */
const RECORD = statement(
  "executions_record",
  `update decisions set executed = (id = any($1::uuid[]))
   where id = any($1::uuid[] || $2::uuid[]) and status = 'cosigned' and executed is null`,
);

interface UncheckedRow {
  id: string;
  nonce: string;
  destination_chain_id: number;
}

/** The contract whose nonce bitmap an approval for `destinationChainId` uses, or null if unknown now. */
function verifyingContractOf(chain: Chain, destinationChainId: number): Address | null {
  try {
    return getAddress(signingTarget(chain, destinationChainId).verifyingContract);
  } catch {
    return null;
  }
}

/** What one pass found. */
export interface ExecutionCheck {
  checked: number;
  executed: number;
  lapsed: number;
}

/**
 * Checks co-signed approvals past their deadline against the chain, in batches (one JSON-RPC batch of
 * `isNonceUsed` calls per batch), and records whether each was sent. A deadline is compared with the chain's latest
 * block time, not this machine's clock: the contract refuses an approval only once the chain's time is past it.
 */
export class ApprovalExecutions {
  #running: Promise<ExecutionCheck> | null = null;

  constructor(
    private readonly run: RunStatement,
    private readonly chains: () => Chain[],
    private readonly log: Logger,
    private readonly batchSize = 200,
  ) {}

  /** One pass over every chain (a pass already running is joined, not repeated). */
  check(): Promise<ExecutionCheck> {
    this.#running ??= this.#checkAll().finally(() => {
      this.#running = null;
    });
    return this.#running;
  }

  async #checkAll(): Promise<ExecutionCheck> {
    const total: ExecutionCheck = { checked: 0, executed: 0, lapsed: 0 };
    for (const chain of this.chains()) {
      for (;;) {
        const batch = await this.#checkBatch(chain);
        total.checked += batch.checked;
        total.executed += batch.executed;
        total.lapsed += batch.lapsed;
        if (!batch.more) break;
      }
    }
    if (total.checked > 0) this.log.info(total, "Checked which co-signed approvals were sent");
    return total;
  }

  async #checkBatch(chain: Chain): Promise<ExecutionCheck & { more: boolean }> {
    const block = await chain.client.getBlock({ blockTag: "latest" });
    const rows = await this.run<UncheckedRow>(UNCHECKED, [
      chain.chainId,
      Number(block.timestamp),
      this.batchSize,
    ]);
    if (rows.length === 0) return { checked: 0, executed: 0, lapsed: 0, more: false };
    // Issued in one turn of the event loop, so viem's HTTP transport sends them as one JSON-RPC batch. A row whose
    // contract this chain's address book no longer names (a bridge removed) answers null and stays unchecked.
    const used = await Promise.all(
      rows.map((r) => {
        const contract = verifyingContractOf(chain, Number(r.destination_chain_id));
        return contract ? chain.isNonceUsed(BigInt(r.nonce), contract) : null;
      }),
    );
    const executed = rows.filter((_, i) => used[i] === true).map((r) => r.id);
    const lapsed = rows.filter((_, i) => used[i] === false).map((r) => r.id);
    await this.run(RECORD, [executed, lapsed]);
    return {
      checked: executed.length + lapsed.length,
      executed: executed.length,
      lapsed: lapsed.length,
      more: rows.length === this.batchSize && executed.length + lapsed.length > 0,
    };
  }
}
