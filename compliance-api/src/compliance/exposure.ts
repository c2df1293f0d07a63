// Exposure lookups: an account's 1-hop counterparties, from the indexer's REST API or straight from chain logs.
import { z } from "zod";
import type { Chain } from "../chain/chain.ts";
import { remittanceAbi } from "../chain/abis.ts";
import { TtlCache } from "../chain/chain.ts";
import { UpstreamError } from "../errors.ts";

/** Where counterparties come from. Addresses are returned lower-case. */
export interface ExposureSource {
  readonly name: string;
  counterparties(account: string): Promise<string[]>;
}

const indexerAnswer = z.object({
  counterparties: z.array(z.object({ counterparty: z.string() })),
});

/** Asks the indexer: GET {INDEXER_URL}/api/accounts/{chainId}/{address}/counterparties?limit=100. */
export class IndexerExposure implements ExposureSource {
  readonly name = "indexer";
  readonly #cache: TtlCache<string, string[]>;

  constructor(
    private readonly baseUrl: string,
    private readonly chainId: number,
    cacheMs: number,
  ) {
    this.#cache = new TtlCache(cacheMs);
  }

  counterparties(account: string): Promise<string[]> {
    const address = account.toLowerCase();
    return this.#cache.get(address, async () => {
      const url = new URL(
        `api/accounts/${this.chainId}/${address}/counterparties?limit=100`,
        `${this.baseUrl.replace(/\/?$/, "/")}`,
      );
      let body: unknown;
      try {
        const res = await fetch(url, { signal: AbortSignal.timeout(5_000) });
        if (!res.ok) throw new Error(`indexer answered ${res.status}`);
        body = await res.json();
      } catch (cause) {
        throw new UpstreamError(
          "INDEXER_UNAVAILABLE",
          "The indexer did not answer the exposure lookup; try again.",
          {
            cause,
          },
        );
      }
      const parsed = indexerAnswer.safeParse(body);
      if (!parsed.success) {
        throw new UpstreamError(
          "INDEXER_UNAVAILABLE",
          "The indexer's counterparty answer has an unexpected shape.",
        );
      }
      return parsed.data.counterparties.map((c) => c.counterparty.toLowerCase());
    });
  }
}

/**
 * Reads RemittanceSent logs of the Remittance contract from its deployment block, incrementally, and keeps a
 * counterparty map in memory (refreshed when older than the cache time).
 */
export class ChainLogsExposure implements ExposureSource {
  readonly name = "chain-logs";
  readonly #graph = new Map<string, Set<string>>();
  #nextBlock: bigint | null = null;
  #lastRefresh = 0;
  #refreshing: Promise<void> | null = null;

  constructor(
    private readonly chain: Chain,
    private readonly cacheMs: number,
    private readonly blockRange = 10_000n,
  ) {}

  async counterparties(account: string): Promise<string[]> {
    await this.#refresh();
    return [...(this.#graph.get(account.toLowerCase()) ?? [])];
  }

  #link(a: string, b: string): void {
    if (a === b || /^0x0{40}$/.test(b) || /^0x0{40}$/.test(a)) return;
    for (const [x, y] of [
      [a, b],
      [b, a],
    ] as const) {
      const set = this.#graph.get(x) ?? new Set<string>();
      set.add(y);
      this.#graph.set(x, set);
    }
  }

  #refresh(): Promise<void> {
    if (Date.now() - this.#lastRefresh < this.cacheMs) return Promise.resolve();
    this.#refreshing ??= this.#scan().finally(() => {
      this.#refreshing = null;
    });
    return this.#refreshing;
  }

  async #scan(): Promise<void> {
    try {
      const entry = this.chain.book().contracts.Remittance;
      let from = this.#nextBlock ?? BigInt(entry.deploymentBlock);
      const head = await this.chain.client.getBlockNumber({ cacheTime: 0 });
      while (from <= head) {
        const to = from + this.blockRange - 1n < head ? from + this.blockRange - 1n : head;
        const logs = await this.chain.client.getLogs({
          address: entry.address,
          event: remittanceAbi.find(
            (x) => x.type === "event" && x.name === "RemittanceSent",
          ) as Extract<(typeof remittanceAbi)[number], { type: "event" }>,
          fromBlock: from,
          toBlock: to,
        });
        for (const log of logs) {
          const args = log.args as { sender?: string; recipient?: string };
          if (args.sender && args.recipient)
            this.#link(args.sender.toLowerCase(), args.recipient.toLowerCase());
        }
        from = to + 1n;
      }
      this.#nextBlock = from;
      this.#lastRefresh = Date.now();
    } catch (cause) {
      if (cause instanceof UpstreamError) throw cause;
      throw new UpstreamError(
        "CHAIN_UNAVAILABLE",
        "Reading transfer history from the chain failed; try again.",
        {
          cause,
        },
      );
    }
  }
}

/** Counterparties on every chain served: the union of one source per chain (a sender's exposure is not per chain). */
export class MultiChainExposure implements ExposureSource {
  readonly name: string;

  constructor(private readonly sources: readonly ExposureSource[]) {
    this.name = sources[0]?.name ?? "none";
  }

  async counterparties(account: string): Promise<string[]> {
    if (this.sources.length === 1)
      return (this.sources[0] as ExposureSource).counterparties(account);
    const lists = await Promise.all(this.sources.map((s) => s.counterparties(account)));
    return [...new Set(lists.flat())];
  }
}
