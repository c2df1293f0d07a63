// The indexer's REST API (Ponder, see indexer/src/api/rest.ts): account summary, remittance history with cursor
// pagination (cross-chain remittances included), one remittance, one cross-chain remittance by CCIP message id and
// daily volume. Amounts arrive as decimal strings of base units.
import type { Address, Hex } from "viem";
import { ApiError, requestJson } from "./http.ts";

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

/** Where a cross-chain remittance stands: in flight, credited, held in escrow, failed, or settled. */
export type CrossChainStatus =
  | "sent"
  | "delivered"
  | "escrowed"
  | "failed"
  | "claimed"
  | "refunded";

/**
 * One cross-chain remittance over the CCIP bridge, both halves joined by the CCIP message id. Source fields are null
 * until the source chain is indexed up to the send, destination fields until the message arrived.
 */
export interface CrossChainRow {
  kind: "crosschain";
  /** Only in history items: whether the address of the history sent it or received it. */
  direction?: "outgoing" | "incoming";
  messageId: Hex;
  remittanceId: Hex;
  status: CrossChainStatus;
  sender: Address;
  recipient: Address | null;
  claimHash: Hex | null;
  expiresAt: string | null;
  sourceChainId: number | null;
  sourceChainSelector: string;
  sourceContract: Address | null;
  sourceToken: Address | null;
  amount: string | null;
  fee: string | null;
  ccipFeeToken: Address | null;
  ccipFee: string | null;
  sentBlock: string | null;
  sentTimestamp: string | null;
  sentTx: Hex | null;
  destinationChainId: number | null;
  destinationChainSelector: string | null;
  destinationContract: Address | null;
  destinationToken: Address | null;
  deliveredAmount: string | null;
  receivedTimestamp: string | null;
  receivedTx: Hex | null;
  deliveredTx: Hex | null;
  failedTx: Hex | null;
  failureReason: Hex | null;
  retries: number;
  claimer: Address | null;
  settledTimestamp: string | null;
  settledTx: Hex | null;
}

/** A history item: a remittance on one chain, or a cross-chain remittance sent from or received on it. */
export type HistoryItem = RemittanceRow | CrossChainRow;

export interface RemittancePage {
  items: HistoryItem[];
  nextCursor: string | null;
}

export interface HistoryFilter {
  role: "any" | "sender" | "recipient";
  /** delivered, escrowed and failed exist for cross-chain remittances only. */
  status?: "sent" | "claimed" | "refunded" | "delivered" | "escrowed" | "failed";
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
    /** The cross-chain remittance with this CCIP message id, or null while neither side is indexed yet. */
    crossChain: async (messageId: Hex, signal?: AbortSignal): Promise<CrossChainRow | null> => {
      try {
        return await get<CrossChainRow>(`/crosschain/${messageId}`, signal);
      } catch (error) {
        if (error instanceof ApiError && error.status === 404) return null;
        throw error;
      }
    },
    volume: (chainId: number, token: Address, signal?: AbortSignal) =>
      get<{ days: VolumeDay[] }>(`/stats/volume?chainId=${chainId}&token=${token}`, signal),
  };
}

export type IndexerClient = ReturnType<typeof indexerClient>;
