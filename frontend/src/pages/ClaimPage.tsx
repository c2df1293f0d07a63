// Claim: the recipient of an escrow opens the claim link (or pastes it), and claims to their own verified
// wallet. The claim key signs locally in the browser; the secret never leaves it. A cross-chain escrow (sent over the
// CCIP bridge) is claimed on its destination chain from the bridge receiver, once the message has arrived there; the
// app switches to the link's chain and asks the wallet to follow.
import { Section } from "../components/Section.tsx";
import { useMutation, useQuery } from "@tanstack/react-query";
import { useEffect, useId, useState } from "react";
import type { Address } from "viem";
import { useConfig, usePublicClient } from "wagmi";
import { useApp } from "../AppContext.tsx";
import type { CrossChainRow } from "../api/indexer.ts";
import { bridgeReceiverAbi, remittanceAbi } from "../chain/abis.ts";
import { useCrossChainRecord } from "../components/CrossChainStatus.tsx";
import { KycBadge } from "../components/KycBadge.tsx";
import { RequireWallet } from "../components/RequireWallet.tsx";
import { ErrorNote, Pending, Success } from "../components/Status.tsx";
import { type ClaimTicket, claimHashOfSecret, decodeClaimTicket, signClaim } from "../lib/claim.ts";
import { formatTime, formatToken, transactionHref } from "../lib/format.ts";
import { simulateAndWrite } from "../lib/write.ts";

export default function ClaimPage() {
  const id = useId();
  const { chainId, networkOf, selectNetwork } = useApp();
  const [input, setInput] = useState(() => window.location.hash.slice(1));
  const ticket = decodeClaimTicket(input);
  const ticketChain = ticket?.chainId;
  // The link names its chain: show that chain of the deployment (the wallet is then asked to switch to it).
  useEffect(() => {
    if (ticketChain !== undefined && ticketChain !== chainId && networkOf(ticketChain)) {
      selectNetwork(ticketChain);
    }
  }, [ticketChain, chainId, networkOf, selectNetwork]);
  return (
    <Section title="Claim money sent to you">
      <div className="card">
        <div className="field">
          <label htmlFor={`${id}-link`}>Claim link</label>
          <textarea
            id={`${id}-link`}
            rows={3}
            value={input}
            onChange={(event) => setInput(event.target.value)}
            placeholder="Paste the link you received"
            aria-invalid={input !== "" && ticket === null}
          />
          {input !== "" && ticket === null ? (
            <p className="hint" role="alert">
              This is not a complete claim link. Paste the whole link, including everything after #.
            </p>
          ) : null}
        </div>
      </div>
      {ticket ? (
        ticket.chainId === chainId ? (
          <RequireWallet purpose="claim the money">
            {(address) =>
              ticket.bridge ? (
                <BridgeTicketCard ticket={ticket} claimer={address} />
              ) : (
                <ClaimTicketCard ticket={ticket} claimer={address} />
              )
            }
          </RequireWallet>
        ) : networkOf(ticket.chainId) ? null : (
          <p role="alert">
            This link is for another network (chain {ticket.chainId}); open it in that network's
            app.
          </p>
        )
      ) : null}
    </Section>
  );
}

/** An escrow of Remittance on this chain. */
function ClaimTicketCard(props: { ticket: ClaimTicket; claimer: Address }) {
  const { ticket, claimer } = props;
  const { config, chainId } = useApp();
  const wagmiConfig = useConfig();
  const publicClient = usePublicClient({ chainId });
  const remittance = config.addressBook.contracts.Remittance.address;
  const open = useQuery({
    queryKey: ["escrow-open", chainId, ticket.id],
    queryFn: () => {
      if (!publicClient) throw new Error("The network is not ready. Reload and try again.");
      return publicClient.readContract({
        address: remittance,
        abi: remittanceAbi,
        functionName: "isEscrowOpen",
        args: [ticket.id],
      });
    },
    enabled: Boolean(publicClient),
  });
  const claim = useMutation({
    mutationFn: async () => {
      if (!publicClient) throw new Error("The network is not ready. Reload and try again.");
      const claimSignature = await signClaim({
        secret: ticket.secret,
        id: ticket.id,
        claimer,
        chainId,
        remittance,
      });
      return simulateAndWrite({
        wagmiConfig,
        publicClient,
        chainId,
        address: remittance,
        abi: remittanceAbi,
        functionName: "claim",
        args: [ticket.id, termsOf(ticket, null), claimSignature],
      });
    },
    onSuccess: () => open.refetch(),
  });
  return (
    <TicketCard
      ticket={ticket}
      claimer={claimer}
      open={open}
      claim={claim}
      notOpen="This transfer was already claimed or refunded."
    />
  );
}

/** A cross-chain escrow in the bridge receiver of this chain, claimable once the CCIP message has arrived. */
function BridgeTicketCard(props: { ticket: ClaimTicket; claimer: Address }) {
  const { ticket, claimer } = props;
  const { config, chainId, network } = useApp();
  const wagmiConfig = useConfig();
  const publicClient = usePublicClient({ chainId });
  const receiver = config.addressBook.contracts.CcipRemittanceReceiver?.address;
  const record = useCrossChainRecord(ticket.id);
  const row = record.data ?? null;
  const open = useQuery({
    // Asked again whenever the indexed status moves (for example when the message arrives).
    queryKey: ["escrow-open", chainId, ticket.id, "bridge", row?.status ?? "unseen"],
    queryFn: () => {
      if (!publicClient || !receiver)
        throw new Error(`${network.chain.name} has no bridge receiver.`);
      return publicClient.readContract({
        address: receiver,
        abi: bridgeReceiverAbi,
        functionName: "isEscrowOpen",
        args: [ticket.id],
      });
    },
    enabled: Boolean(publicClient && receiver),
    // Until the message arrives the escrow is not open yet: look again every few seconds.
    refetchInterval: (query) => (query.state.data === false && arriving(row) ? 3_000 : false),
  });
  const claim = useMutation({
    mutationFn: async () => {
      if (!publicClient || !receiver)
        throw new Error(`${network.chain.name} has no bridge receiver.`);
      const claimSignature = await signClaim({
        secret: ticket.secret,
        id: ticket.id,
        claimer,
        chainId,
        remittance: receiver,
        bridge: true,
      });
      return simulateAndWrite({
        wagmiConfig,
        publicClient,
        chainId,
        address: receiver,
        abi: bridgeReceiverAbi,
        functionName: "claim",
        args: [ticket.id, termsOf(ticket, row), claimSignature],
      });
    },
    onSuccess: () => Promise.all([open.refetch(), record.refetch()]),
  });
  return (
    <TicketCard
      ticket={ticket}
      claimer={claimer}
      open={open}
      claim={claim}
      arrivedAmount={row?.deliveredAmount ? BigInt(row.deliveredAmount) : undefined}
      notOpen={
        arriving(row)
          ? `This transfer is still on its way to ${network.chain.name} over Chainlink CCIP; you can claim it once it arrives. This page checks every few seconds.`
          : row?.status === "failed"
            ? `The delivery of this transfer to ${network.chain.name} failed; the sender can retry it or take the money back.`
            : "This transfer was already claimed or refunded."
      }
    />
  );
}

/** Whether a cross-chain escrow has not arrived yet (no record, or only its source half). */
function arriving(row: CrossChainRow | null): boolean {
  return row === null || row.status === "sent";
}

/**
 * The escrow terms to present: the link's, except that a cross-chain escrow is held in the destination chain's token
 * and amount, which the indexed arrival gives.
 */
function termsOf(ticket: ClaimTicket, row: CrossChainRow | null) {
  return {
    sender: ticket.sender,
    token: row?.destinationToken ?? ticket.token,
    amount: row?.deliveredAmount ? BigInt(row.deliveredAmount) : ticket.amount,
    claimHash: claimHashOfSecret(ticket.secret),
    expiresAt: ticket.expiresAt,
  };
}

function TicketCard(props: {
  ticket: ClaimTicket;
  claimer: Address;
  open: { data?: boolean; isPending: boolean; error: Error | null; refetch: () => unknown };
  claim: {
    data?: { hash: `0x${string}` };
    mutate: () => void;
    isPending: boolean;
    error: Error | null;
  };
  notOpen: string;
  arrivedAmount?: bigint;
}) {
  const { ticket, claimer, open, claim } = props;
  const { network, token } = useApp();
  const decimals = ticket.token.toLowerCase() === token.address.toLowerCase() ? token.decimals : 18;
  const expired = Number(ticket.expiresAt) * 1000 < Date.now();
  return (
    <div className="card">
      <dl className="facts">
        <dt>Amount</dt>
        <dd data-testid="claim-amount">
          {formatToken(props.arrivedAmount ?? ticket.amount, decimals, token.symbol)}
        </dd>
        <dt>From</dt>
        <dd className="mono break">{ticket.sender}</dd>
        {ticket.bridge ? (
          <>
            <dt>Claim on</dt>
            <dd>{network.chain.name} (sent from another chain over Chainlink CCIP)</dd>
          </>
        ) : null}
        <dt>Claim before</dt>
        <dd>{formatTime(ticket.expiresAt)}</dd>
        <dt>To your wallet</dt>
        <dd className="mono break">{claimer}</dd>
      </dl>
      <KycBadge address={claimer} />
      {open.isPending ? <Pending>Checking that the transfer is still open…</Pending> : null}
      {open.error ? <ErrorNote error={open.error} onRetry={() => open.refetch()} /> : null}
      {claim.data ? (
        <Success>
          <p data-testid="claim-confirmed">
            Claimed. The money is in your wallet.{" "}
            <a href={transactionHref(claim.data.hash, network.chain.explorerUrl, network.id)}>
              View the transaction
            </a>
            .
          </p>
        </Success>
      ) : open.data === false ? (
        <p role="alert" data-testid="claim-not-open">
          {props.notOpen}
        </p>
      ) : expired ? (
        <p role="alert">
          This transfer has expired; ask the sender to refund it and send it again.
        </p>
      ) : open.data ? (
        <>
          <button type="button" onClick={() => claim.mutate()} disabled={claim.isPending}>
            Claim to my wallet
          </button>
          {claim.isPending ? (
            <Pending>Confirm the transaction in your wallet, then wait for the block…</Pending>
          ) : null}
          {claim.error ? <ErrorNote error={claim.error} onRetry={() => claim.mutate()} /> : null}
        </>
      ) : null}
    </div>
  );
}
