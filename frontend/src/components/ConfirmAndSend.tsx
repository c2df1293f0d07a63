// The confirm step of an approved transfer: says how many times the wallet will ask (lib/transfer.ts picks the path
// with the fewest prompts), co-signs, checks that the co-signature is for the contract it goes to on the chain it is
// sent on (Remittance, or the bridge sender), sends, and follows the transaction. A cross-chain transfer goes to the
// CCIP bridge sender with the CCIP fee as the value, once the wallet is known to hold the fee; its status then follows
// the message to the destination chain.
import { useMutation, useQuery } from "@tanstack/react-query";
import type { Address, Hex, PublicClient } from "viem";
import { usePublicClient, useWaitForTransactionReceipt, useWalletClient } from "wagmi";
import { useApp } from "../AppContext.tsx";
import type { Network } from "../config/runtime.ts";
import { claimLink } from "../lib/claim.ts";
import { sameAddress, transactionHref } from "../lib/format.ts";
import type { Recipient } from "../lib/recipient.ts";
import {
  approvalArgs,
  type CosignedApproval,
  crossChainIdsOf,
  planTransfer,
  quoteCcipFee,
  remittanceIdOf,
  type SendPlan,
  type SendTarget,
  submitTransfer,
  type TransferKind,
} from "../lib/transfer.ts";
import { ClaimShare } from "./ClaimShare.tsx";
import { CrossChainStatus } from "./CrossChainStatus.tsx";
import { nativeShortSentence } from "./QuoteCard.tsx";
import { ErrorNote, Pending, Success } from "./Status.tsx";

/** What the wallet will ask, for the plan planTransfer chose (unknown until the wallet is ready). */
function planSentence(plan: SendPlan | undefined): string {
  if (plan?.kind === "allowance")
    return "One confirmation: your wallet asks you to send the transaction; your allowance already covers the amount plus fee.";
  if (plan?.kind === "batch")
    return "One confirmation: your wallet shows one request that allows the amount plus fee and sends it, executed together or not at all.";
  return (
    "Your wallet asks twice: first to sign a permit for the amount plus fee (a signature, no gas), then to send " +
    "the transaction. Both are for exactly this transfer; a standard wallet account cannot do it in one."
  );
}

/**
 * Refuses a co-signature made in another chain's EIP-712 domain than `network`'s, where the transfer is sent: the
 * contract there would refuse it.
 */
function assertSignedFor(
  cosigned: CosignedApproval,
  network: Network,
  networkOf: (chainId: number) => Network | undefined,
): void {
  const chainId = cosigned.domain?.chainId;
  if (chainId === network.id) return;
  const signedFor =
    chainId === undefined
      ? "does not name its chain"
      : `is for sending on ${networkOf(chainId)?.chain.name ?? `chain ${chainId}`}`;
  throw new Error(
    `The compliance approval ${signedFor}, but this transfer is sent on ${network.chain.name}. Start the transfer again.`,
  );
}

/**
 * The contract the co-signed transfer goes to: Remittance here, or the bridge sender with a fresh CCIP fee quote.
 * Refuses a co-signature made for another contract or chain than the one this transfer needs.
 */
async function targetOf(args: {
  cosigned: CosignedApproval;
  network: Network;
  networkOf: (chainId: number) => Network | undefined;
  destination: Network | null;
  transfer: TransferKind;
  publicClient: PublicClient;
  sender: Address;
}): Promise<SendTarget> {
  const { cosigned, network, destination, networkOf } = args;
  const remittance = network.addressBook.contracts.Remittance.address;
  if (destination === null) {
    if (cosigned.contract === "CcipRemittanceSender") {
      throw new Error(
        `The compliance service approved a cross-chain transfer, but this one stays on ${network.chain.name}. Start the transfer again.`,
      );
    }
    assertSignedFor(cosigned, network, networkOf);
    if (!sameAddress(cosigned.domain?.verifyingContract, remittance)) {
      throw new Error(
        `The compliance approval is not for the Remittance contract of ${network.chain.name} (${remittance}). Start the transfer again.`,
      );
    }
    return { kind: "remittance", address: remittance };
  }
  assertSignedFor(cosigned, network, networkOf);
  const bridge = network.addressBook.contracts.CcipRemittanceSender?.address;
  if (
    !bridge ||
    cosigned.contract !== "CcipRemittanceSender" ||
    !sameAddress(cosigned.domain?.verifyingContract, bridge)
  ) {
    throw new Error(
      `The compliance approval is not for the bridge to ${destination.chain.name}. Start the transfer again.`,
    );
  }
  const ccipFee = await quoteCcipFee({
    publicClient: args.publicClient,
    bridge,
    approval: approvalArgs(cosigned),
    expiresAt: args.transfer.kind === "escrow" ? args.transfer.expiresAt : 0n,
  });
  const balance = await args.publicClient.getBalance({ address: args.sender });
  if (balance < ccipFee) throw new Error(nativeShortSentence(network, balance, ccipFee));
  return { kind: "bridge", address: bridge, ccipFee };
}

export function ConfirmAndSend(props: {
  decisionId: string;
  /** Amount plus fee, what leaves the wallet. */
  total: bigint;
  transfer: TransferKind;
  sender: Address;
  /** The recipient's chain when it is not this one (a cross-chain transfer). */
  destination: Network | null;
  claimSecret: Hex | null;
  contact: Extract<Recipient, { kind: "contact" }> | null;
}) {
  const { compliance, network, networkOf, chainId, token } = useApp();
  const { destination } = props;
  const publicClient = usePublicClient({ chainId });
  const { data: wallet } = useWalletClient({ chainId });
  const spender = destination
    ? network.addressBook.contracts.CcipRemittanceSender?.address
    : network.addressBook.contracts.Remittance.address;
  const plan = useQuery({
    queryKey: ["send-plan", wallet?.account.address, spender, props.total.toString()],
    enabled: Boolean(publicClient && wallet && spender),
    queryFn: () => {
      if (!publicClient || !wallet || !spender) throw new Error("Your wallet is not ready.");
      return planTransfer({
        publicClient,
        wallet,
        spender,
        token: token.address,
        total: props.total,
      });
    },
  });
  const send = useMutation({
    mutationFn: async (): Promise<{
      hash: Hex;
      cosigned: CosignedApproval;
      transfer: TransferKind;
    }> => {
      // The transfer as sent: the parent recomputes an escrow's expiry on every render, the claim link needs this one.
      const transfer = props.transfer;
      if (!publicClient || !wallet)
        throw new Error("Your wallet is not ready. Reconnect it and try again.");
      const cosigned = await compliance.cosign(props.decisionId);
      const target = await targetOf({
        cosigned,
        network,
        networkOf,
        destination,
        transfer,
        publicClient,
        sender: props.sender,
      });
      const hash = await submitTransfer({ publicClient, wallet, target, cosigned, transfer });
      return { hash, cosigned, transfer };
    },
  });
  const receipt = useWaitForTransactionReceipt({ hash: send.data?.hash, chainId });

  if (!send.data) {
    return (
      <div>
        <p className="note" data-testid="send-plan">
          {planSentence(plan.data)}
          {destination
            ? ` The transaction also pays the CCIP fee in ETH; the money then crosses to ${destination.chain.name}.`
            : ""}
        </p>
        <button type="button" onClick={() => send.mutate()} disabled={send.isPending}>
          Confirm and send
        </button>
        {send.isPending ? <Pending>Confirm in your wallet…</Pending> : null}
        {send.error ? <ErrorNote error={send.error} onRetry={() => send.mutate()} /> : null}
      </div>
    );
  }
  const href = transactionHref(send.data.hash, network.chain.explorerUrl, network.id);
  if (receipt.isPending) {
    return (
      <Pending>
        Pending: waiting for the network to confirm{" "}
        <a href={href}>transaction {send.data.hash.slice(0, 10)}…</a>
      </Pending>
    );
  }
  if (receipt.error || receipt.data?.status === "reverted") {
    return (
      <ErrorNote
        error={
          receipt.error ??
          new Error("The transaction failed on-chain; nothing was moved. Start again.")
        }
      />
    );
  }
  const { cosigned, transfer } = send.data;
  const approval = cosigned.approval;
  const crossChain = destination && receipt.data ? crossChainIdsOf(receipt.data) : null;
  const escrowId = destination
    ? (crossChain?.messageId ?? null)
    : receipt.data
      ? remittanceIdOf(receipt.data)
      : null;
  const claimChain = destination ?? network;
  return (
    <>
      <Success>
        <p data-testid="send-confirmed">
          Confirmed in block {receipt.data?.blockNumber.toString()}
          {destination ? ` on ${network.chain.name}` : ""}. <a href={href}>View the transaction</a>.
        </p>
        {props.claimSecret && props.contact && escrowId && transfer.kind === "escrow" ? (
          <ClaimShare
            contact={props.contact}
            link={claimLink(window.location.origin, {
              chainId: claimChain.id,
              id: escrowId,
              secret: props.claimSecret,
              sender: props.sender,
              token: destination ? destination.token.address : approval.token,
              amount: BigInt(approval.amount),
              expiresAt: transfer.expiresAt,
              ...(destination ? { bridge: true } : {}),
            })}
          />
        ) : null}
      </Success>
      {destination && crossChain ? (
        <CrossChainStatus
          messageId={crossChain.messageId}
          sourceTx={send.data.hash}
          source={network}
          destination={destination}
        />
      ) : null}
      {destination && receipt.data && !crossChain ? (
        <ErrorNote
          error={
            new Error(
              "The transaction was confirmed but carried no cross-chain message; check it on the transaction page.",
            )
          }
        />
      ) : null}
    </>
  );
}
