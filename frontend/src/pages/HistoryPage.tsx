// History: the wallet's remittances on the network the app shows, from the indexer, filtered and paged by cursor, a
// volume chart, and the refund of expired escrows the wallet sent. Cross-chain remittances appear on both chains (as
// sent on the source, as received on the destination) with both transactions and what can be done about a failed
// delivery or an expired cross-chain escrow.
import { Section } from "../components/Section.tsx";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { lazy, Suspense, useId, useState } from "react";
import { type Address, getAddress } from "viem";
import { useConfig, usePublicClient } from "wagmi";
import { useApp } from "../AppContext.tsx";
import type { CrossChainRow, HistoryFilter, RemittanceRow } from "../api/indexer.ts";
import { remittanceAbi } from "../chain/abis.ts";
import { CrossChainActions } from "../components/CrossChainActions.tsx";
import { decimalsOn, TxLink } from "../components/CrossChainStatus.tsx";
import { RequireWallet } from "../components/RequireWallet.tsx";
import { ErrorNote, Pending } from "../components/Status.tsx";
import {
  formatTime,
  formatToken,
  sameAddress,
  shortAddress,
  transactionHref,
} from "../lib/format.ts";
import { simulateAndWrite } from "../lib/write.ts";

const VolumeChart = lazy(() => import("../components/VolumeChart.tsx"));
const PAGE_SIZE = 10;

export default function HistoryPage() {
  return (
    <Section title="History">
      <RequireWallet purpose="see your transfers" anyNetwork>
        {(address) => (
          <>
            <Remittances address={address} />
            <Volume />
          </>
        )}
      </RequireWallet>
    </Section>
  );
}

function Remittances(props: { address: Address }) {
  const { indexer, chainId, network, networks } = useApp();
  const id = useId();
  const [filter, setFilter] = useState<HistoryFilter>({ role: "any" });
  const [cursors, setCursors] = useState<(string | null)[]>([null]);
  const cursor = cursors[cursors.length - 1] ?? null;
  const page = useQuery({
    queryKey: ["history", chainId, props.address, filter, cursor],
    queryFn: ({ signal }) =>
      indexer.remittances(chainId, props.address, filter, cursor, PAGE_SIZE, signal),
    refetchInterval: 5_000,
  });
  const changeFilter = (next: HistoryFilter) => {
    setFilter(next);
    setCursors([null]);
  };

  return (
    <div className="card">
      {networks.length > 1 ? (
        <p className="hint" data-testid="history-network">
          Transfers on {network.chain.name}; change the network at the top to see another chain. A
          cross-chain transfer shows on both: as sent on its source chain, as received on its
          destination chain.
        </p>
      ) : null}
      <fieldset className="filters">
        <legend className="visually-hidden">Filters</legend>
        <div className="field">
          <label htmlFor={`${id}-role`}>Show</label>
          <select
            id={`${id}-role`}
            value={filter.role}
            onChange={(event) =>
              changeFilter({ ...filter, role: event.target.value as HistoryFilter["role"] })
            }
          >
            <option value="any">Sent and received</option>
            <option value="sender">Sent</option>
            <option value="recipient">Received</option>
          </select>
        </div>
        <div className="field">
          <label htmlFor={`${id}-status`}>Status</label>
          <select
            id={`${id}-status`}
            value={filter.status ?? ""}
            onChange={(event) =>
              changeFilter({
                role: filter.role,
                ...(event.target.value
                  ? { status: event.target.value as NonNullable<HistoryFilter["status"]> }
                  : {}),
              })
            }
          >
            <option value="">Any</option>
            {statusOptions(networks.length > 1).map((option) => (
              <option key={option.status} value={option.status}>
                {option.text}
              </option>
            ))}
          </select>
        </div>
      </fieldset>
      {page.isPending ? <Pending>Loading your transfers…</Pending> : null}
      {page.error ? <ErrorNote error={page.error} onRetry={() => page.refetch()} /> : null}
      {page.data && page.data.items.length === 0 ? (
        <p>No transfers yet{cursors.length > 1 ? " on this page" : ""}.</p>
      ) : null}
      {page.data && page.data.items.length > 0 ? (
        <div className="table-wrap">
          <table data-testid="history-table">
            <caption className="visually-hidden">Your transfers, newest first</caption>
            <thead>
              <tr>
                <th scope="col">Date</th>
                <th scope="col">Direction</th>
                <th scope="col">Counterparty</th>
                <th scope="col">Amount</th>
                <th scope="col">Status</th>
                <th scope="col">Transaction</th>
              </tr>
            </thead>
            <tbody>
              {page.data.items.map((row) =>
                row.kind === "crosschain" ? (
                  <CrossChainHistoryRow key={`x-${row.messageId}`} row={row} me={props.address} />
                ) : (
                  <HistoryRow key={row.id} row={row} me={props.address} />
                ),
              )}
            </tbody>
          </table>
        </div>
      ) : null}
      <div className="row pager">
        <button
          type="button"
          className="secondary"
          disabled={cursors.length <= 1}
          onClick={() => setCursors(cursors.slice(0, -1))}
        >
          Newer
        </button>
        <span>Page {cursors.length}</span>
        <button
          type="button"
          className="secondary"
          disabled={!page.data?.nextCursor}
          onClick={() => page.data?.nextCursor && setCursors([...cursors, page.data.nextCursor])}
        >
          Older
        </button>
      </div>
    </div>
  );
}

function HistoryRow(props: { row: RemittanceRow; me: Address }) {
  const { token, network } = useApp();
  const { row } = props;
  const outgoing = row.sender.toLowerCase() === props.me.toLowerCase();
  const counterparty = outgoing
    ? row.kind === "escrow"
      ? (row.claimer ?? "escrow (claim link)")
      : (row.recipient ?? "")
    : row.sender;
  const decimals = row.token?.toLowerCase() === token.address.toLowerCase() ? token.decimals : 18;
  const now = Date.now() / 1000;
  const refundable =
    outgoing &&
    row.kind === "escrow" &&
    row.status === "sent" &&
    row.expiresAt !== null &&
    Number(row.expiresAt) < now;
  return (
    <tr>
      <td>{formatTime(BigInt(row.sentTimestamp))}</td>
      <td>{outgoing ? (row.kind === "merchant" ? "Paid merchant" : "Sent") : "Received"}</td>
      <td className="mono" title={counterparty}>
        {counterparty.startsWith("0x") ? shortAddress(counterparty) : counterparty}
      </td>
      <td>{formatToken(BigInt(row.amount), decimals, token.symbol)}</td>
      <td>
        <span className={`pill pill-${row.status === "refunded" ? "wait" : "ok"}`}>
          {statusLabel(row)}
        </span>
        {refundable ? <RefundButton row={row} /> : null}
      </td>
      <td>
        <a href={transactionHref(row.sentTx, network.chain.explorerUrl, network.id)}>
          {row.sentTx.slice(0, 10)}…
        </a>
      </td>
    </tr>
  );
}

/** The row labels, one place for the rows and the status filter that must name them alike. */
const LABEL = {
  delivered: "Delivered",
  waiting: "Waiting for claim",
  expired: "Expired, unclaimed",
  onItsWay: "On its way",
  failed: "Delivery failed",
  claimed: "Claimed",
  refunded: "Refunded",
} as const;

/**
 * Every label a row with each indexer status can show. The indexer's `sent` is a direct or merchant send (delivered
 * on the spot) or an escrow not yet claimed; a cross-chain `sent` is still on its way.
 */
const LOCAL_LABELS: Record<RemittanceRow["status"], string[]> = {
  sent: [LABEL.delivered, LABEL.waiting, LABEL.expired],
  claimed: [LABEL.claimed],
  refunded: [LABEL.refunded],
};
const CROSS_CHAIN_LABELS: Record<CrossChainRow["status"], string[]> = {
  sent: [LABEL.onItsWay],
  delivered: [LABEL.delivered],
  escrowed: [LABEL.waiting, LABEL.expired],
  failed: [LABEL.failed],
  claimed: [LABEL.claimed],
  refunded: [LABEL.refunded],
};

/** The status filter's options, each named by the labels of the rows it shows (with a bridge, cross-chain too). */
function statusOptions(crossChain: boolean): { status: CrossChainRow["status"]; text: string }[] {
  const local = (["sent", "claimed", "refunded"] as const).map((status) => {
    const labels = crossChain
      ? [...new Set([...LOCAL_LABELS[status], ...CROSS_CHAIN_LABELS[status]])]
      : LOCAL_LABELS[status];
    return { status, text: labels.join(" / ") };
  });
  if (!crossChain) return local;
  const only = (["delivered", "escrowed", "failed"] as const).map((status) => ({
    status,
    text: `${CROSS_CHAIN_LABELS[status].join(" / ")} (cross-chain)`,
  }));
  return [...local, ...only];
}

function statusLabel(row: RemittanceRow): string {
  if (row.status === "claimed") return LABEL.claimed;
  if (row.status === "refunded") return LABEL.refunded;
  if (row.kind === "escrow") {
    return row.expiresAt && Number(row.expiresAt) * 1000 < Date.now()
      ? LABEL.expired
      : LABEL.waiting;
  }
  return LABEL.delivered;
}

function crossChainLabel(row: CrossChainRow, expired: boolean): string {
  if (row.status === "escrowed") return expired ? LABEL.expired : LABEL.waiting;
  return CROSS_CHAIN_LABELS[row.status][0] ?? row.status;
}

/** A cross-chain remittance: both chains, both transactions, and the actions a failure or expiry allows. */
function CrossChainHistoryRow(props: { row: CrossChainRow; me: Address }) {
  const { row } = props;
  const { network, networkOf } = useApp();
  const source = row.sourceChainId === null ? undefined : networkOf(row.sourceChainId);
  const destination =
    row.destinationChainId === null ? undefined : networkOf(row.destinationChainId);
  const nameOf = (chainId: number | null, known: typeof source) =>
    known?.chain.name ?? `chain ${chainId ?? "?"}`;
  const outgoing = row.direction ? row.direction === "outgoing" : sameAddress(row.sender, props.me);
  const other = outgoing ? (row.recipient ?? row.claimer) : row.sender;
  const counterparty = other ? getAddress(other) : "escrow (claim link)";
  const shownOn = outgoing ? (source ?? network) : (destination ?? network);
  const amount = outgoing ? row.amount : (row.deliveredAmount ?? row.amount);
  const token = outgoing ? row.sourceToken : row.destinationToken;
  const expired = row.expiresAt !== null && Number(row.expiresAt) * 1000 < Date.now();
  const label = crossChainLabel(row, expired);
  const tone =
    row.status === "failed"
      ? "bad"
      : row.status === "delivered" || row.status === "claimed"
        ? "ok"
        : "wait";
  const canAct =
    destination !== undefined &&
    (row.status === "failed" || (row.status === "escrowed" && expired && outgoing));
  const arrivedTx = row.deliveredTx ?? row.receivedTx ?? row.failedTx;
  return (
    <tr data-testid="history-crosschain">
      <td>
        {formatTime(
          BigInt(
            (outgoing ? row.sentTimestamp : row.receivedTimestamp) ?? row.sentTimestamp ?? "0",
          ),
        )}
      </td>
      <td>
        {outgoing
          ? `Sent to ${nameOf(row.destinationChainId, destination)}`
          : `Received from ${nameOf(row.sourceChainId, source)}`}
        <br />
        <span className="hint small">cross-chain (CCIP)</span>
      </td>
      <td className="mono" title={counterparty}>
        {counterparty.startsWith("0x") ? shortAddress(counterparty) : counterparty}
      </td>
      <td>
        {formatToken(BigInt(amount ?? "0"), decimalsOn(shownOn, token), shownOn.token.symbol)}
      </td>
      <td>
        <span className={`pill pill-${tone}`}>{label}</span>
        {canAct && destination ? <CrossChainActions row={row} destination={destination} /> : null}
      </td>
      <td className="small">
        <span className="chain-tx hint">{nameOf(row.sourceChainId, source)}</span>
        <span className="chain-tx">
          {row.sentTx && source ? <TxLink network={source} hash={row.sentTx} /> : "not indexed yet"}
        </span>
        <span className="chain-tx hint">{nameOf(row.destinationChainId, destination)}</span>
        <span className="chain-tx">
          {arrivedTx && destination ? (
            <TxLink network={destination} hash={arrivedTx} />
          ) : (
            "not arrived yet"
          )}
        </span>
      </td>
    </tr>
  );
}

function RefundButton(props: { row: RemittanceRow }) {
  const { row } = props;
  const { config, chainId } = useApp();
  const wagmiConfig = useConfig();
  const publicClient = usePublicClient({ chainId });
  const queryClient = useQueryClient();
  const refund = useMutation({
    mutationFn: async () => {
      if (!publicClient || !row.token || !row.claimHash || row.expiresAt === null) {
        throw new Error(
          "This transfer's details are incomplete in the index; try again in a moment.",
        );
      }
      return simulateAndWrite({
        wagmiConfig,
        publicClient,
        chainId,
        address: config.addressBook.contracts.Remittance.address,
        abi: remittanceAbi,
        functionName: "refund",
        args: [
          row.id,
          {
            sender: row.sender,
            token: row.token,
            amount: BigInt(row.amount),
            claimHash: row.claimHash,
            expiresAt: BigInt(row.expiresAt),
          },
        ],
      });
    },
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ["history"] }),
  });
  return (
    <>
      <button
        type="button"
        className="small"
        onClick={() => refund.mutate()}
        disabled={refund.isPending}
      >
        Refund
      </button>
      {refund.isPending ? <Pending>Refunding…</Pending> : null}
      {refund.error ? <ErrorNote error={refund.error} /> : null}
    </>
  );
}

/**
 * The network's daily volume on the chain the app shows: what was sent from it (a cross-chain send counts on the chain
 * it leaves from, as the indexer counts it), so a chain that only received transfers has none.
 */
function Volume() {
  const { indexer, chainId, token, network } = useApp();
  const volume = useQuery({
    queryKey: ["volume", chainId, token.address],
    queryFn: ({ signal }) => indexer.volume(chainId, token.address, signal),
  });
  return (
    <div className="card">
      <h2>Network volume per day</h2>
      {volume.isPending ? <Pending>Loading volume…</Pending> : null}
      {volume.error ? <ErrorNote error={volume.error} onRetry={() => volume.refetch()} /> : null}
      <p className="hint">
        Transfers sent from {network.chain.name}, including those to other chains.
      </p>
      {volume.data && volume.data.days.length === 0 ? (
        <p>No transfers sent from {network.chain.name} yet.</p>
      ) : null}
      {volume.data && volume.data.days.length > 0 ? (
        <Suspense fallback={<Pending>Drawing the chart…</Pending>}>
          <VolumeChart days={volume.data.days} decimals={token.decimals} symbol={token.symbol} />
        </Suspense>
      ) : null}
    </div>
  );
}
