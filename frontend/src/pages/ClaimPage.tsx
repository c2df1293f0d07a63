// Claim: the recipient of an escrow opens the claim link (or pastes it), and claims to their own verified
// wallet. The claim key signs locally in the browser; the secret never leaves it.
import { Section } from "../components/Section.tsx";
import { useMutation, useQuery } from "@tanstack/react-query";
import { useId, useState } from "react";
import type { Address } from "viem";
import { useConfig, usePublicClient } from "wagmi";
import { useApp } from "../AppContext.tsx";
import { remittanceAbi } from "../chain/abis.ts";
import { KycBadge } from "../components/KycBadge.tsx";
import { RequireWallet } from "../components/RequireWallet.tsx";
import { ErrorNote, Pending, Success } from "../components/Status.tsx";
import { type ClaimTicket, claimHashOfSecret, decodeClaimTicket, signClaim } from "../lib/claim.ts";
import { formatTime, formatToken, transactionHref } from "../lib/format.ts";
import { simulateAndWrite } from "../lib/write.ts";

export default function ClaimPage() {
  const id = useId();
  const [input, setInput] = useState(() => window.location.hash.slice(1));
  const ticket = decodeClaimTicket(input);
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
        <RequireWallet purpose="claim the money">
          {(address) => <ClaimTicketCard ticket={ticket} claimer={address} />}
        </RequireWallet>
      ) : null}
    </Section>
  );
}

function ClaimTicketCard(props: { ticket: ClaimTicket; claimer: Address }) {
  const { ticket, claimer } = props;
  const { config, chainId, token } = useApp();
  const wagmiConfig = useConfig();
  const publicClient = usePublicClient({ chainId });
  const remittance = config.addressBook.contracts.Remittance.address;
  const open = useQuery({
    queryKey: ["escrow-open", ticket.id],
    queryFn: () => {
      if (!publicClient) throw new Error("The network is not ready. Reload and try again.");
      return publicClient.readContract({
        address: remittance,
        abi: remittanceAbi,
        functionName: "isEscrowOpen",
        args: [ticket.id],
      });
    },
    enabled: Boolean(publicClient) && ticket.chainId === chainId,
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
      const terms = {
        sender: ticket.sender,
        token: ticket.token,
        amount: ticket.amount,
        claimHash: claimHashOfSecret(ticket.secret),
        expiresAt: ticket.expiresAt,
      };
      return simulateAndWrite({
        wagmiConfig,
        publicClient,
        chainId,
        address: remittance,
        abi: remittanceAbi,
        functionName: "claim",
        args: [ticket.id, terms, claimSignature],
      });
    },
    onSuccess: () => open.refetch(),
  });

  if (ticket.chainId !== chainId) {
    return (
      <p role="alert">
        This link is for another network (chain {ticket.chainId}); open it in that network's app.
      </p>
    );
  }
  const decimals = ticket.token.toLowerCase() === token.address.toLowerCase() ? token.decimals : 18;
  const expired = Number(ticket.expiresAt) * 1000 < Date.now();
  return (
    <div className="card">
      <dl className="facts">
        <dt>Amount</dt>
        <dd data-testid="claim-amount">{formatToken(ticket.amount, decimals, token.symbol)}</dd>
        <dt>From</dt>
        <dd className="mono break">{ticket.sender}</dd>
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
            <a href={transactionHref(claim.data.hash, config.chain.explorerUrl)}>
              View the transaction
            </a>
            .
          </p>
        </Success>
      ) : open.data === false ? (
        <p role="alert">This transfer was already claimed or refunded.</p>
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
