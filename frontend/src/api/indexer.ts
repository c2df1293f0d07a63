// The indexer's REST API (Ponder, see indexer/src/api/rest.ts): account summary, remittance history with cursor
// pagination, one remittance and daily volume. Amounts arrive as decimal strings of base units.
import type { Address, Hex } from "viem";
import { requestJson } from "./http.ts";

export interface AccountSummary {
  chainId: number;
  address: Address;
  known: boolean;
  kyc: { level: number; expiresAt: string; provider: Address | null; inForce: boolean };
  did: { id: string; owner: Address; changedBlock: string };
  balances: { token: Address; balance: string; updatedBlock: string }[];
  remittances: { sent: number; received: number };
}

export interface RemittanceRow {
  chainId: number;
  id: Hex;
  contract: Address;
  kind: "direct" | "escrow" | "merchant";
  status: "sent" | "claimed" | "refunded";
  sender: Address;
  recipient: Address | null;
  claimHash: Hex | null;
  token: Address | null;
  amount: string;
  fee: string | null;
  expiresAt: string | null;
  merchantId: string | null;
  sentBlock: string;
  sentTimestamp: string;
  sentTx: Hex;
  claimer: Address | null;
  claimedTimestamp: string | null;
  claimedTx: Hex | null;
  refundedTimestamp: string | null;
  refundedTx: Hex | null;
}

export interface RemittancePage {
  items: RemittanceRow[];
  nextCursor: string | null;
}

export interface HistoryFilter {
  role: "any" | "sender" | "recipient";
  status?: "sent" | "claimed" | "refunded";
}

export interface VolumeDay {
  chainId: number;
  token: Address;
  day: number;
  date: string;
  volume: string;
  fees: string;
  count: number;
}

const SERVICE = "history service (indexer)";

/** Client of the indexer REST API rooted at `base` (the app's /api/indexer proxy). */
export function indexerClient(base: string) {
  const get = <T>(path: string, signal?: AbortSignal) =>
    requestJson<T>(SERVICE, base, `/api${path}`, { signal });
  return {
    account: (chainId: number, address: Address, signal?: AbortSignal) =>
      get<AccountSummary>(`/accounts/${chainId}/${address}`, signal),
    remittances: (
      chainId: number,
      address: Address,
      filter: HistoryFilter,
      cursor: string | null,
      limit = 10,
      signal?: AbortSignal,
    ) => {
      const query = new URLSearchParams({ limit: String(limit), role: filter.role });
      if (filter.status) query.set("status", filter.status);
      if (cursor) query.set("cursor", cursor);
      return get<RemittancePage>(`/accounts/${chainId}/${address}/remittances?${query}`, signal);
    },
    remittance: (chainId: number, id: Hex, signal?: AbortSignal) =>
      get<RemittanceRow>(`/remittances/${chainId}/${id}`, signal),
    volume: (chainId: number, token: Address, signal?: AbortSignal) =>
      get<{ days: VolumeDay[] }>(`/stats/volume?chainId=${chainId}&token=${token}`, signal),
  };
}

export type IndexerClient = ReturnType<typeof indexerClient>;
