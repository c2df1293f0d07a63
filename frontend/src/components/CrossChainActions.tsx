// What can be done on the destination chain about a cross-chain remittance that did not reach its recipient: a failed
// delivery can be retried by anyone (once its cause is gone) or taken back by its sender, and an expired escrow can be
// refunded to its sender. Every action runs on the destination chain, so the wallet is asked to switch there first.
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { type Hex, zeroAddress, zeroHash } from "viem";
import { useAccount, useConfig, usePublicClient } from "wagmi";
import type { CrossChainRow } from "../api/indexer.ts";
import { bridgeReceiverAbi } from "../chain/abis.ts";
import type { Network } from "../config/runtime.ts";
import { sameAddress } from "../lib/format.ts";
import { simulateAndWrite } from "../lib/write.ts";
import { ErrorNote, Pending, Success } from "./Status.tsx";

type Action = "retry" | "refund" | "refundEscrow";

/** The receiver's InboundTransfer exactly as CrossChainDeliveryFailed carried it, rebuilt from the indexed record. */
export function inboundTransferOf(row: CrossChainRow) {
  if (row.destinationToken === null || row.deliveredAmount === null) {
    throw new Error("This transfer's details are not fully indexed yet; try again in a moment.");
  }
  return {
    remittanceId: row.remittanceId,
    sourceChainSelector: BigInt(row.sourceChainSelector),
    sender: row.sender,
    recipient: row.recipient ?? zeroAddress,
    claimHash: row.claimHash ?? zeroHash,
    expiresAt: BigInt(row.expiresAt ?? "0"),
    token: row.destinationToken,
    amount: BigInt(row.deliveredAmount),
  };
}

/** The escrow terms as CrossChainEscrowOpened carried them. */
function escrowTermsOf(row: CrossChainRow) {
  const transfer = inboundTransferOf(row);
  return {
    sender: transfer.sender,
    token: transfer.token,
    amount: transfer.amount,
    claimHash: transfer.claimHash,
    expiresAt: transfer.expiresAt,
  };
}

export function CrossChainActions(props: { row: CrossChainRow; destination: Network }) {
  const { row, destination } = props;
  const { address } = useAccount();
  const wagmiConfig = useConfig();
  const publicClient = usePublicClient({ chainId: destination.id });
  const queryClient = useQueryClient();
  const receiver = destination.addressBook.contracts.CcipRemittanceReceiver?.address;
  const isSender = sameAddress(address, row.sender);
  const action = useMutation({
    mutationFn: async (kind: Action): Promise<Hex> => {
      if (!publicClient || !receiver) {
        throw new Error(`The app has no bridge receiver for ${destination.chain.name}.`);
      }
      const common = { wagmiConfig, publicClient, chainId: destination.id, address: receiver };
      const id = row.messageId;
      const { hash } =
        kind === "refundEscrow"
          ? await simulateAndWrite({
              ...common,
              abi: bridgeReceiverAbi,
              functionName: "refundEscrow",
              args: [id, escrowTermsOf(row)],
            })
          : await simulateAndWrite({
              ...common,
              abi: bridgeReceiverAbi,
              functionName: kind === "retry" ? "retryFailedDelivery" : "refundFailedDelivery",
              args: [id, inboundTransferOf(row)],
            });
      return hash;
    },
    onSuccess: () =>
      Promise.all([
        queryClient.invalidateQueries({ queryKey: ["crosschain", row.messageId] }),
        queryClient.invalidateQueries({ queryKey: ["history"] }),
      ]),
  });
  const name = destination.chain.name;
  if (action.isSuccess) {
    return (
      <Success>
        <p data-testid="crosschain-action-done">
          Done on {name}. The status updates once the indexer has the transaction.
        </p>
      </Success>
    );
  }
  const buttons: { kind: Action; label: string }[] =
    row.status === "failed"
      ? [
          { kind: "retry", label: "Try the delivery again" },
          ...(isSender
            ? [{ kind: "refund" as const, label: `Take the money back on ${name}` }]
            : []),
        ]
      : isSender
        ? [{ kind: "refundEscrow", label: `Refund to my wallet on ${name}` }]
        : [];
  if (buttons.length === 0) return null;
  return (
    <div className="crosschain-actions">
      <p className="hint">
        {row.status === "failed"
          ? `A retry works once the cause is gone (for example when the lane is resumed or a new limit window opens); anyone may send it. ${isSender ? `Taking the money back pays it to your wallet on ${name}, not on the chain you sent from.` : "Only the sender can take the money back."}`
          : `The claim period is over; the money goes back to your wallet on ${name}.`}{" "}
        Your wallet is asked to switch to {name} first.
      </p>
      <div className="row">
        {buttons.map((button) => (
          <button
            key={button.kind}
            type="button"
            className={button.kind === "retry" ? undefined : "secondary"}
            onClick={() => action.mutate(button.kind)}
            disabled={action.isPending}
          >
            {button.label}
          </button>
        ))}
      </div>
      {action.isPending ? (
        <Pending>Confirm in your wallet, then wait for the block…</Pending>
      ) : null}
      {action.error ? <ErrorNote error={action.error} /> : null}
    </div>
  );
}
