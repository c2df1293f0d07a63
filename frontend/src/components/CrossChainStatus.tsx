// Live status of one cross-chain remittance: sent on the source chain (with its transaction), then carried by CCIP
// and delivered on the destination chain (with that transaction), held there in escrow, settled, or failed with the
// reason and what the sender can do (retry the delivery, or take the money back on the destination chain). Read from
// the indexer's record of the CCIP message, polled until the remittance is settled.
import { useQuery } from "@tanstack/react-query";
import { type Address, getAddress, type Hex } from "viem";
import { useAccount } from "wagmi";
import { useApp } from "../AppContext.tsx";
import type { CrossChainRow } from "../api/indexer.ts";
import type { Network } from "../config/runtime.ts";
import { explainDeliveryFailure } from "../lib/errors.ts";
import {
  formatTime,
  formatToken,
  sameAddress,
  shortAddress,
  shortHash,
  transactionHref,
} from "../lib/format.ts";
import { CrossChainActions } from "./CrossChainActions.tsx";
import { ErrorNote, Pending } from "./Status.tsx";

/** How often the status asks the indexer while the remittance is still moving. */
const POLL_MS = 2_000;
const SETTLED = new Set<CrossChainRow["status"]>(["delivered", "claimed", "refunded"]);

/** Polls the indexer's record of a CCIP message (null until either side is indexed). */
export function useCrossChainRecord(messageId: Hex) {
  const { indexer } = useApp();
  return useQuery({
    queryKey: ["crosschain", messageId],
    queryFn: ({ signal }) => indexer.crossChain(messageId, signal),
    refetchInterval: (query) =>
      query.state.data && SETTLED.has(query.state.data.status) ? false : POLL_MS,
  });
}

/** A transaction link on `network` (its explorer, or the app's own page reading that chain). */
export function TxLink(props: { network: Network; hash: Hex; testId?: string }) {
  return (
    <a
      href={transactionHref(props.hash, props.network.chain.explorerUrl, props.network.id)}
      data-testid={props.testId}
      className="mono"
    >
      {shortHash(props.hash)}
    </a>
  );
}

/** Decimals of `token` on `network`: its stablecoin's, else 18. */
export function decimalsOn(network: Network, token: Address | null): number {
  return token?.toLowerCase() === network.token.address.toLowerCase() ? network.token.decimals : 18;
}

export function CrossChainStatus(props: {
  messageId: Hex;
  /** The send on the source chain, known before the indexer has it. */
  sourceTx: Hex;
  source: Network;
  destination: Network;
}) {
  const { messageId, source, destination } = props;
  const record = useCrossChainRecord(messageId);
  const row = record.data ?? null;
  return (
    <div className="card crosschain" data-testid="crosschain-status">
      <h3>
        {source.chain.name} → {destination.chain.name}
      </h3>
      <ol className="steps crosschain-steps">
        <li data-testid="crosschain-sent">
          Sent on {source.chain.name} in transaction{" "}
          <TxLink
            network={source}
            hash={row?.sentTx ?? props.sourceTx}
            testId="crosschain-source-tx"
          />
          .
        </li>
        <li data-testid="crosschain-delivery">
          <DeliveryStep row={row} destination={destination} loading={record.isPending} />
        </li>
      </ol>
      <p className="hint mono small break">CCIP message {messageId}</p>
      {record.error ? <ErrorNote error={record.error} onRetry={() => record.refetch()} /> : null}
    </div>
  );
}

/** The destination half: on its way, delivered, in escrow, settled, or failed (with what to do). */
export function DeliveryStep(props: {
  row: CrossChainRow | null;
  destination: Network;
  loading?: boolean;
}) {
  const { row, destination } = props;
  const name = destination.chain.name;
  const { address } = useAccount();
  if (!row || row.status === "sent") {
    return (
      <Pending>
        On its way to {name} over Chainlink CCIP. This page updates when it arrives (a minute or two
        locally, up to about twenty minutes between public networks).
      </Pending>
    );
  }
  const amount = formatToken(
    BigInt(row.deliveredAmount ?? row.amount ?? "0"),
    decimalsOn(destination, row.destinationToken),
    destination.token.symbol,
  );
  const arrived = row.deliveredTx ?? row.receivedTx;
  if (row.status === "delivered") {
    return (
      <span data-testid="crosschain-delivered">
        Delivered on {name}: {amount} credited to{" "}
        <span className="mono">{row.recipient ? shortAddress(getAddress(row.recipient)) : ""}</span>
        {arrived ? (
          <>
            {" "}
            in transaction{" "}
            <TxLink network={destination} hash={arrived} testId="crosschain-destination-tx" />
          </>
        ) : null}
        .
      </span>
    );
  }
  if (row.status === "escrowed") {
    const expired = row.expiresAt !== null && Number(row.expiresAt) * 1000 < Date.now();
    return (
      <span data-testid="crosschain-escrowed">
        Arrived on {name}
        {arrived ? (
          <>
            {" "}
            (<TxLink network={destination} hash={arrived} testId="crosschain-destination-tx" />)
          </>
        ) : null}
        : {amount} held in escrow until the recipient claims it with the link
        {row.expiresAt ? `, at the latest ${formatTime(BigInt(row.expiresAt))}` : ""}.
        {expired && sameAddress(address, row.sender) ? (
          <CrossChainActions row={row} destination={destination} />
        ) : null}
      </span>
    );
  }
  if (row.status === "claimed" || row.status === "refunded") {
    return (
      <span data-testid={`crosschain-${row.status}`}>
        {row.status === "claimed"
          ? `Claimed on ${name} by ${row.claimer ? shortAddress(getAddress(row.claimer)) : "the recipient"}`
          : `Refunded to ${shortAddress(getAddress(row.sender))} on ${name}`}
        {row.settledTx ? (
          <>
            {" "}
            in transaction <TxLink network={destination} hash={row.settledTx} />
          </>
        ) : null}
        .
      </span>
    );
  }
  return (
    <div className="status status-error" data-testid="crosschain-failed">
      <p>
        The delivery failed on {name}: {explainDeliveryFailure(row.failureReason)} The {amount} wait
        safely in the bridge on {name}
        {row.failedTx ? (
          <>
            {" "}
            (<TxLink network={destination} hash={row.failedTx} />)
          </>
        ) : null}
        .
      </p>
      <CrossChainActions row={row} destination={destination} />
    </div>
  );
}
