// One transaction: status, block and the CLXEND events it emitted, read from the chain (used when the chain has
// no block explorer, as on the local demo chains). `?chain=<id>` names the chain of the deployment to read it from;
// without it, the network the app shows.
import { Section } from "../components/Section.tsx";
import { useParams, useSearchParams } from "react-router";
import { type Hex, isHex, parseEventLogs } from "viem";
import { useTransactionReceipt } from "wagmi";
import { useApp } from "../AppContext.tsx";
import { bridgeReceiverAbi, bridgeSenderAbi, remittanceAbi } from "../chain/abis.ts";
import { ErrorNote, Pending } from "../components/Status.tsx";

const eventsAbi = [...remittanceAbi, ...bridgeSenderAbi, ...bridgeReceiverAbi];

export default function TransactionPage() {
  const { hash } = useParams();
  const [search] = useSearchParams();
  const { network, networkOf } = useApp();
  const onChain = networkOf(Number(search.get("chain"))) ?? network;
  const valid = isHex(hash) && hash.length === 66;
  const receipt = useTransactionReceipt({
    hash: valid ? (hash as Hex) : undefined,
    chainId: onChain.id,
  });
  if (!valid) return <p role="alert">This is not a transaction hash.</p>;
  const events = receipt.data ? parseEventLogs({ abi: eventsAbi, logs: receipt.data.logs }) : [];
  return (
    <Section title="Transaction">
      <p className="mono break">{hash}</p>
      {receipt.isPending ? <Pending>Waiting for the transaction to be confirmed…</Pending> : null}
      {receipt.error ? <ErrorNote error={receipt.error} onRetry={() => receipt.refetch()} /> : null}
      {receipt.data ? (
        <div className="card">
          <dl className="facts">
            <dt>Network</dt>
            <dd data-testid="tx-network">{onChain.chain.name}</dd>
            <dt>Status</dt>
            <dd>{receipt.data.status === "success" ? "Confirmed" : "Failed"}</dd>
            <dt>Block</dt>
            <dd>{receipt.data.blockNumber.toString()}</dd>
            <dt>From</dt>
            <dd className="mono break">{receipt.data.from}</dd>
            <dt>To</dt>
            <dd className="mono break">{receipt.data.to}</dd>
          </dl>
          {events.length > 0 ? (
            <ul>
              {events.map((event) => (
                <li key={`${event.logIndex}`}>{event.eventName}</li>
              ))}
            </ul>
          ) : null}
        </div>
      ) : null}
    </Section>
  );
}
