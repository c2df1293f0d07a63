// The quote of a transfer before it is screened: the chain it is sent from (on a multi-chain deployment), what the
// recipient gets, the fee, the total and the sender's limits; for a cross-chain transfer also the recipient's chain
// and the CCIP fee in the native token (quoted by the bridge sender), with a clear stop when the wallet holds less ETH
// than that fee.
import { useQuery } from "@tanstack/react-query";
import { type Address, type Hex, zeroAddress, zeroHash } from "viem";
import { useBalance, usePublicClient } from "wagmi";
import { useApp } from "../AppContext.tsx";
import type { Quote } from "../api/compliance.ts";
import type { Network } from "../config/runtime.ts";
import { formatNative, formatToken } from "../lib/format.ts";
import { quoteCcipFee } from "../lib/transfer.ts";
import { Section } from "./Section.tsx";
import { ErrorNote, Pending } from "./Status.tsx";
import { TravelRuleForm, type TravelRuleFields } from "./TravelRuleForm.tsx";

/** What the bridge needs to quote the CCIP fee of a transfer that is not co-signed yet. */
export interface CrossChainQuoteInput {
  destination: Network;
  sender: Address;
  recipient: Address | null;
  claimHash: Hex | null;
  /** Escrow expiry; zero for a direct send. */
  expiresAt: bigint;
}

/**
 * The CCIP fee (wei) of sending the quoted transfer to `input.destination` now, and the sender's ETH balance on the
 * active network. The approval is not co-signed yet, so nonce and deadline are zero: they do not change the fee.
 */
export function useCcipFeeEstimate(quote: Quote, input: CrossChainQuoteInput | null) {
  const { network } = useApp();
  const publicClient = usePublicClient({ chainId: network.id });
  const bridge = network.addressBook.contracts.CcipRemittanceSender?.address;
  const fee = useQuery({
    queryKey: [
      "ccip-fee",
      bridge,
      input?.destination.id,
      quote.amount,
      quote.fee,
      input?.recipient,
    ],
    enabled: Boolean(input && publicClient && bridge),
    refetchInterval: 30_000,
    queryFn: () => {
      if (!input || !publicClient || !bridge) throw new Error("This chain has no bridge.");
      return quoteCcipFee({
        publicClient,
        bridge,
        expiresAt: input.expiresAt,
        approval: {
          sender: input.sender,
          recipient: input.recipient ?? zeroAddress,
          claimHash: input.claimHash ?? zeroHash,
          token: quote.token,
          amount: BigInt(quote.amount),
          fee: BigInt(quote.fee),
          memoHash: zeroHash,
          travelRuleHash: zeroHash,
          destinationChainId: BigInt(input.destination.id),
          nonce: 0n,
          deadline: 0n,
        },
      });
    },
  });
  const native = useBalance({
    address: input?.sender,
    chainId: network.id,
    query: { enabled: Boolean(input), refetchInterval: 4_000 },
  });
  return { fee, native };
}

/** The sentence for a wallet that cannot pay the CCIP fee in the native token. */
export function nativeShortSentence(network: Network, balance: bigint, ccipFee: bigint): string {
  return (
    `Your wallet holds ${formatNative(balance)} on ${network.chain.name}, less than the CCIP fee of ` +
    `${formatNative(ccipFee)}. Add ETH to your wallet on ${network.chain.name} (it also pays the gas), then check again.`
  );
}

export function QuoteCard(props: {
  quote: Quote;
  balance: bigint | undefined;
  crossChain: CrossChainQuoteInput | null;
  travel: TravelRuleFields;
  onTravelChange: (value: TravelRuleFields) => void;
  onScreen: () => void;
  screening: boolean;
  locked: boolean;
}) {
  const { token, network, networks, networkOf } = useApp();
  const { quote, crossChain } = props;
  const { fee: ccipFee, native } = useCcipFeeEstimate(quote, crossChain);
  const total = BigInt(quote.total);
  const short = props.balance !== undefined && props.balance < total;
  const nativeShort =
    crossChain !== null &&
    ccipFee.data !== undefined &&
    native.data !== undefined &&
    native.data.value < ccipFee.data;
  return (
    <Section className="card" level={2} title="Quote">
      <dl className="facts" data-testid="quote">
        {networks.length > 1 ? (
          <>
            <dt>Sending from</dt>
            <dd>{networkOf(quote.chainId)?.chain.name ?? `chain ${quote.chainId}`}</dd>
          </>
        ) : null}
        {crossChain ? (
          <>
            <dt>Recipient's chain</dt>
            <dd>{crossChain.destination.chain.name}</dd>
          </>
        ) : null}
        <dt>Recipient gets</dt>
        <dd>{formatToken(BigInt(quote.amount), token.decimals, token.symbol)}</dd>
        <dt>Fee ({(quote.feeBps / 100).toFixed(2)}%)</dt>
        <dd>{formatToken(BigInt(quote.fee), token.decimals, token.symbol)}</dd>
        <dt>You pay</dt>
        <dd>
          <strong>{formatToken(total, token.decimals, token.symbol)}</strong>
        </dd>
        {crossChain ? (
          <>
            <dt>CCIP fee (to Chainlink, in ETH)</dt>
            <dd data-testid="ccip-fee">
              {ccipFee.data !== undefined
                ? `${formatNative(ccipFee.data)}, paid from your ETH on ${network.chain.name} with the transfer`
                : ccipFee.error
                  ? "cannot be quoted right now"
                  : "asking the bridge…"}
            </dd>
          </>
        ) : null}
        {quote.limits ? (
          <>
            <dt>Your limits</dt>
            <dd>
              {quote.limits.perTransferUsd.toLocaleString()} USD per transfer;{" "}
              {quote.remaining ? `${quote.remaining.dailyUsd.toLocaleString()} USD left today` : ""}
            </dd>
          </>
        ) : null}
      </dl>
      {short ? (
        <p className="status status-error" role="alert">
          Your balance is lower than the total. Top up or lower the amount.
        </p>
      ) : null}
      {ccipFee.error ? <ErrorNote error={ccipFee.error} onRetry={() => ccipFee.refetch()} /> : null}
      {crossChain && ccipFee.isPending ? (
        <Pending>Asking the bridge for the CCIP fee…</Pending>
      ) : null}
      {nativeShort && native.data && ccipFee.data !== undefined ? (
        <p className="status status-error" role="alert" data-testid="ccip-fee-short">
          {nativeShortSentence(network, native.data.value, ccipFee.data)}
        </p>
      ) : null}
      {quote.travelRule.required ? (
        <TravelRuleForm
          value={props.travel}
          onChange={props.onTravelChange}
          thresholdUsd={quote.travelRule.thresholdUsd}
        />
      ) : null}
      {props.locked ? null : (
        <button
          type="button"
          onClick={props.onScreen}
          disabled={
            props.screening ||
            short ||
            nativeShort ||
            (crossChain !== null && ccipFee.data === undefined)
          }
        >
          Check transfer
        </button>
      )}
    </Section>
  );
}
