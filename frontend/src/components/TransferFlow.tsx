// The send flow shared by Send and merchant payments, on the chain the app shows (the source chain, sent to the
// compliance API as sourceChainId): recipient, amount and (with a bridge) the recipient's chain → quote (fee,
// balance, limits, the CCIP fee of a cross-chain send; refused when quoted for another chain) → Travel-Rule details
// when required → compliance decision with reasons → one confirm (as few wallet prompts as the wallet allows, see
// lib/transfer.ts) → live status, followed to the destination chain for a cross-chain send.
import { Section } from "./Section.tsx";
import { useMutation, useQuery } from "@tanstack/react-query";
import { useId, useState } from "react";
import type { Address, Hex } from "viem";
import { useApp } from "../AppContext.tsx";
import type { Decision, Quote, TransferRequest } from "../api/compliance.ts";
import type { Network } from "../config/runtime.ts";
import { newClaimKey } from "../lib/claim.ts";
import { toSender } from "../lib/errors.ts";
import { formatToken, parseAmount, sameAddress } from "../lib/format.ts";
import { useTokenBalance } from "../lib/hooks.ts";
import { parseRecipient, type Recipient } from "../lib/recipient.ts";
import type { TransferKind } from "../lib/transfer.ts";
import { ConfirmAndSend } from "./ConfirmAndSend.tsx";
import { DecisionReasons } from "./DecisionReasons.tsx";
import { DestinationPicker } from "./Destination.tsx";
import { QuoteCard } from "./QuoteCard.tsx";
import { ErrorNote, Pending } from "./Status.tsx";
import {
  emptyTravelRule,
  type TravelRuleFields,
  travelRulePayload,
  travelRuleProblems,
} from "./TravelRuleForm.tsx";

export interface MerchantTarget {
  id: bigint;
  payout: Address;
  label: string;
}

const DAY = 86_400n;

export function TransferFlow(props: {
  sender: Address;
  merchant?: MerchantTarget;
  initialRecipient?: string;
}) {
  const { sender, merchant } = props;
  const { token, compliance, network, networkOf } = useApp();
  const id = useId();
  const [recipientInput, setRecipientInput] = useState(props.initialRecipient ?? "");
  const [amountInput, setAmountInput] = useState("");
  const [memo, setMemo] = useState("");
  const [beneficiaryCountry, setBeneficiaryCountry] = useState("");
  const [expiryDays, setExpiryDays] = useState("7");
  const [travel, setTravel] = useState<TravelRuleFields>(emptyTravelRule);
  const [claimKey, setClaimKey] = useState<ReturnType<typeof newClaimKey> | null>(null);
  const [destinationId, setDestinationId] = useState(network.id);
  const balance = useTokenBalance(sender);
  // Merchant payments stay on their chain; otherwise the recipient may be on any chain with a bridge lane.
  const destination: Network = (merchant ? undefined : networkOf(destinationId)) ?? network;
  const crossChain = destination.id !== network.id;

  const parsed = merchant
    ? ({
        ok: true,
        recipient: { kind: "address", address: merchant.payout, via: "address" },
      } as const)
    : parseRecipient(recipientInput, destination.id);
  const recipient: Recipient | null = parsed.ok ? parsed.recipient : null;
  const typedAmount = parseAmount(amountInput, token.decimals);
  const amount = typedAmount.ok ? typedAmount.value : null;
  const blocked = quoteBlocker({
    recipient,
    sender,
    merchant: Boolean(merchant),
    amount,
    balance: balance.data,
    token,
  });

  const quote = useMutation({
    mutationFn: async (): Promise<{ quote: Quote; request: TransferRequest }> => {
      if (!recipient || amount === null) throw new Error("Enter a recipient and an amount first.");
      // The chain the app shows is the one the transfer is sent on: the service screens it there and co-signs in that
      // chain's domain (without sourceChainId it would mean its first chain).
      const request: TransferRequest = {
        sender,
        token: token.address,
        amount: amount.toString(),
        sourceChainId: network.id,
      };
      if (crossChain) request.destinationChainId = destination.id;
      if (/^[A-Z]{2}$/.test(beneficiaryCountry)) request.beneficiaryCountry = beneficiaryCountry;
      if (merchant) {
        request.recipient = merchant.payout;
        request.merchantId = merchant.id.toString();
      } else if (recipient.kind === "address") {
        request.recipient = recipient.address;
      } else {
        const key = claimKey ?? newClaimKey();
        setClaimKey(key);
        request.claimHash = key.claimHash;
      }
      const answer = await compliance.quote(request).catch((error: unknown) => {
        throw toSender(error, token);
      });
      if (answer.chainId !== network.id) {
        const quotedOn = networkOf(answer.chainId)?.chain.name ?? `chain ${answer.chainId}`;
        throw new Error(
          `The compliance service quoted this transfer for sending on ${quotedOn}, but it is sent on ${network.chain.name}: the service does not serve ${network.chain.name}. Pick ${quotedOn} in the network picker to send from there.`,
        );
      }
      return { quote: answer, request };
    },
  });
  const screen = useMutation({
    mutationFn: async (): Promise<Decision> => {
      if (!quote.data) throw new Error("Get a quote first.");
      const { request, quote: q } = quote.data;
      if (q.travelRule.required) {
        const problems = travelRuleProblems(travel);
        if (problems.length > 0) throw new Error(problems.join(" "));
      }
      return compliance
        .screen({
          ...request,
          ...(memo.trim() ? { memo: memo.trim() } : {}),
          ...(q.travelRule.required
            ? { travelRule: travelRulePayload(travel, sender, request.recipient ?? null) }
            : {}),
        })
        .catch((error: unknown) => {
          throw toSender(error, token);
        });
    },
  });

  const reset = () => {
    quote.reset();
    screen.reset();
  };
  const editable = !screen.data || screen.data.outcome === "reject";

  return (
    <div className="transfer">
      <form
        className="card"
        onSubmit={(event) => {
          event.preventDefault();
          screen.reset();
          quote.mutate();
        }}
        aria-describedby={`${id}-help`}
      >
        {merchant ? null : (
          <DestinationPicker
            value={destination.id}
            onChange={(chainId) => {
              setDestinationId(chainId);
              reset();
            }}
            disabled={!editable}
          />
        )}
        {merchant ? (
          <p>
            Paying <strong>{merchant.label}</strong> (payout wallet <code>{merchant.payout}</code>).
          </p>
        ) : (
          <div className="field">
            <label htmlFor={`${id}-recipient`}>Recipient</label>
            <input
              id={`${id}-recipient`}
              value={recipientInput}
              onChange={(event) => {
                setRecipientInput(event.target.value);
                setClaimKey(null);
                reset();
              }}
              placeholder="0x…, did:ethr:…, +44 20 7946 0000 or name@example.com"
              autoComplete="off"
              aria-invalid={recipientInput !== "" && !parsed.ok}
              aria-describedby={`${id}-recipient-help`}
              disabled={!editable}
            />
            <p id={`${id}-recipient-help`} className="hint">
              {recipientInput === ""
                ? "A wallet address, a DID, or a phone number or e-mail (they claim with a secret link you share)."
                : parsed.ok
                  ? describeRecipient(parsed.recipient)
                  : parsed.message}
            </p>
          </div>
        )}
        <div className="field">
          <label htmlFor={`${id}-amount`}>Amount ({token.symbol})</label>
          {/* No inputMode="decimal": in a comma locale the phone's decimal keypad has a comma and no dot, and only a
              dot is accepted (lib/format.ts), so the full keyboard is shown. */}
          <input
            id={`${id}-amount`}
            value={amountInput}
            onChange={(event) => {
              setAmountInput(event.target.value);
              reset();
            }}
            placeholder="25.00"
            autoComplete="off"
            aria-invalid={amountInput !== "" && amount === null}
            aria-describedby={`${id}-amount-help`}
            disabled={!editable}
          />
          <p id={`${id}-amount-help`} className="hint" data-testid="send-balance">
            {balance.data !== undefined
              ? `Balance: ${formatToken(balance.data, token.decimals, token.symbol)}.`
              : balance.error
                ? "Your balance cannot be read right now."
                : "Reading your balance…"}
            {amountInput !== "" && !typedAmount.ok ? ` ${typedAmount.message}` : ""}
          </p>
        </div>
        {recipient?.kind === "contact" ? (
          <div className="field">
            <label htmlFor={`${id}-expiry`}>Recipient can claim for (days)</label>
            <input
              id={`${id}-expiry`}
              type="number"
              min={1}
              max={90}
              value={expiryDays}
              onChange={(event) => {
                setExpiryDays(event.target.value);
                reset();
              }}
              disabled={!editable}
            />
            <p className="hint">After that you can refund it to yourself from your history.</p>
          </div>
        ) : null}
        <div className="field">
          <label htmlFor={`${id}-country`}>Recipient's country (2 letters, optional)</label>
          <input
            id={`${id}-country`}
            value={beneficiaryCountry}
            maxLength={2}
            placeholder="NG"
            onChange={(event) => {
              setBeneficiaryCountry(event.target.value.toUpperCase());
              reset();
            }}
            aria-invalid={beneficiaryCountry !== "" && !/^[A-Z]{2}$/.test(beneficiaryCountry)}
            disabled={!editable}
          />
        </div>
        <div className="field">
          <label htmlFor={`${id}-memo`}>Note for the recipient (optional)</label>
          <input
            id={`${id}-memo`}
            value={memo}
            maxLength={280}
            onChange={(event) => {
              setMemo(event.target.value);
              screen.reset();
            }}
            disabled={!editable}
          />
        </div>
        <p id={`${id}-help`} className="hint">
          You will see the fee and the compliance check before anything is signed.
        </p>
        {blocked ? (
          <p id={`${id}-blocked`} className="hint" data-testid="quote-blocked">
            {blocked}
          </p>
        ) : null}
        <button
          type="submit"
          disabled={
            !recipient || amount === null || blocked !== null || quote.isPending || !editable
          }
          aria-describedby={blocked ? `${id}-blocked` : undefined}
        >
          Get quote
        </button>
        {quote.isPending ? <Pending>Getting a quote…</Pending> : null}
        {quote.error ? <ErrorNote error={quote.error} onRetry={() => quote.mutate()} /> : null}
      </form>

      {quote.data ? (
        <QuoteCard
          quote={quote.data.quote}
          balance={balance.data}
          crossChain={
            crossChain
              ? {
                  destination,
                  sender,
                  recipient: quote.data.request.recipient ?? null,
                  claimHash: quote.data.request.claimHash ?? null,
                  expiresAt: recipient?.kind === "contact" ? escrowExpiry(expiryDays) : 0n,
                }
              : null
          }
          travel={travel}
          onTravelChange={(value) => {
            setTravel(value);
            screen.reset();
          }}
          onScreen={() => screen.mutate()}
          screening={screen.isPending}
          locked={!editable}
        />
      ) : null}
      {screen.isPending ? (
        <Pending>Checking the transfer (sanctions, limits, risk)…</Pending>
      ) : null}
      {screen.error ? <ErrorNote error={screen.error} onRetry={() => screen.mutate()} /> : null}
      {screen.data && quote.data ? (
        <DecisionCard
          decision={screen.data}
          amount={BigInt(quote.data.quote.amount)}
          onRestart={() => {
            reset();
            setClaimKey(null);
          }}
          transfer={
            merchant
              ? { kind: "merchant", merchantId: merchant.id }
              : recipient?.kind === "contact"
                ? { kind: "escrow", expiresAt: escrowExpiry(expiryDays) }
                : { kind: "direct" }
          }
          sender={sender}
          destination={crossChain ? destination : null}
          claimSecret={recipient?.kind === "contact" ? (claimKey?.secret ?? null) : null}
          contact={recipient?.kind === "contact" ? recipient : null}
        />
      ) : null}
    </div>
  );
}

/**
 * Why "Get quote" stays disabled although recipient and amount are well-formed, or null: a send to the sender's own
 * wallet, or an amount above the balance the page reads. Only what is certain is caught here (the fee is not known
 * before the quote); the compliance API's refusal stays the final word.
 */
function quoteBlocker(input: {
  recipient: Recipient | null;
  sender: Address;
  merchant: boolean;
  amount: bigint | null;
  balance: bigint | undefined;
  token: { decimals: number; symbol: string };
}): string | null {
  const { recipient, amount, balance, token } = input;
  if (recipient?.kind === "address" && sameAddress(recipient.address, input.sender)) {
    return input.merchant
      ? "This merchant's payout wallet is your own wallet: you cannot pay yourself."
      : "This is your own wallet: you cannot send to yourself. Enter another recipient.";
  }
  if (amount !== null && balance !== undefined && amount > balance) {
    return `The amount is more than your balance of ${formatToken(balance, token.decimals, token.symbol)}. Enter less (the fee is added on top).`;
  }
  return null;
}

/** Unix time at which an escrow sent now stops being claimable, `days` (as typed; 7 when unusable) from now. */
function escrowExpiry(days: string): bigint {
  return BigInt(Math.floor(Date.now() / 1000)) + BigInt(Number(days) || 7) * DAY;
}

function describeRecipient(recipient: Recipient): string {
  if (recipient.kind === "address") {
    return recipient.via === "did"
      ? `Sends to the DID's wallet ${recipient.address}.`
      : "Sends straight to this wallet.";
  }
  return `Sends to escrow: you get a claim link to share with ${recipient.contact}.`;
}

function DecisionCard(props: {
  decision: Decision;
  /** What the recipient gets, from the quote. */
  amount: bigint;
  transfer: TransferKind;
  sender: Address;
  destination: Network | null;
  claimSecret: Hex | null;
  contact: Extract<Recipient, { kind: "contact" }> | null;
  onRestart: () => void;
}) {
  const { compliance } = useApp();
  const inReview = props.decision.status === "in_review";
  const polled = useQuery({
    queryKey: ["decision", props.decision.decisionId],
    queryFn: () => compliance.decision(props.decision.decisionId),
    enabled: inReview,
    refetchInterval: 5_000,
  });
  const decision = inReview && polled.data ? polled.data : props.decision;
  const approved = decision.status === "approved" || decision.status === "cosigned";
  const rejected = decision.status === "rejected";

  return (
    <div className="card" data-testid="decision">
      <Section
        level={2}
        title={
          <>
            {approved ? "Approved" : rejected ? "Refused" : "In review"}
            <span className={`pill pill-${approved ? "ok" : rejected ? "bad" : "wait"}`}>
              risk score {decision.score}
            </span>
          </>
        }
      >
        <DecisionReasons reasons={decision.reasons} />
        {rejected ? (
          <>
            <p>This transfer cannot be sent. Nothing has left your wallet.</p>
            <button type="button" className="secondary" onClick={props.onRestart}>
              Start over
            </button>
          </>
        ) : null}
        {!approved && !rejected ? (
          <Pending>
            A compliance officer is reviewing this transfer
            {decision.caseId ? ` (case ${decision.caseId.slice(0, 8)})` : ""}. This page checks
            every few seconds; you can also come back later.
          </Pending>
        ) : null}
        {approved ? (
          <ConfirmAndSend
            {...props}
            decisionId={decision.decisionId}
            total={props.amount + BigInt(decision.fee)}
          />
        ) : null}
      </Section>
    </div>
  );
}
