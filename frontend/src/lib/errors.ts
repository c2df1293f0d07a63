// Turns any error the app meets (wallet, chain revert, service, network) into one sentence a person can act on.
import {
  BaseError,
  ContractFunctionRevertedError,
  decodeErrorResult,
  type Hex,
  InsufficientFundsError,
  UserRejectedRequestError,
} from "viem";
import { z } from "zod";
import { ApiError } from "../api/http.ts";
import { bridgeReceiverAbi } from "../chain/abis.ts";
import type { StablecoinInfo } from "../config/runtime.ts";
import { formatTime, formatToken, sameAddress } from "./format.ts";

type Args = readonly unknown[] | undefined;

const revertSentences: Record<string, (args: Args) => string> = {
  RemittanceKycRequired: (args) =>
    `The wallet ${String(args?.[0])} has no KYC in force. It must complete verification first.`,
  RemittanceApprovalExpired: () =>
    "The compliance approval expired before the transaction was sent. Start the transfer again.",
  RemittanceNonceUsed: () => "This approval has already been used. Start the transfer again.",
  RemittanceUnauthorizedSigner: () =>
    "The compliance signer is no longer authorised. Start the transfer again; if it repeats, contact support.",
  RemittanceInvalidSignature: () =>
    "The compliance approval does not match this transfer. Start the transfer again.",
  RemittanceTokenNotAllowed: () => "This token is not accepted for transfers.",
  RemittanceFeeMismatch: () =>
    "The fee changed since the quote. Start the transfer again for a new quote.",
  RemittanceEscrowExpiryOutOfBounds: () =>
    "The claim period is outside the allowed range. Choose a different expiry.",
  RemittanceEscrowNotOpen: () =>
    "This transfer is no longer open: it was claimed or refunded already, or the claim link is wrong.",
  RemittanceEscrowExpired: (args) =>
    `This transfer expired on ${formatTime(Number(args?.[1] ?? 0))}; ask the sender to refund it and send again.`,
  RemittanceEscrowNotExpired: (args) =>
    `You can refund this transfer only after ${formatTime(Number(args?.[1] ?? 0))}.`,
  RemittanceInvalidClaim: () =>
    "The claim secret does not belong to this transfer. Check that you pasted the whole link.",
  RemittanceNotEscrowSender: () => "Only the wallet that sent this transfer can refund it.",
  RemittanceMerchantNotPayable: () => "This merchant cannot receive payments right now.",
  EnforcedPause: () => "Transfers are paused by the operator for now. Try again later.",
  ExpectedPause: () => "Transfers are not paused.",
  AccessControlUnauthorizedAccount: () => "Your wallet does not have the role this action needs.",
  ERC20InsufficientBalance: () => "Your balance is too low for the amount plus the fee.",
  ERC20InsufficientAllowance: () =>
    "The token allowance is too low. Sign the permit when your wallet asks, or approve the amount.",
  // The CCIP bridge (cross-chain sends, their delivery, escrows on the destination chain).
  BridgeKycRequired: (args) =>
    `The wallet ${String(args?.[0])} has no KYC in force on this chain. It must complete verification first.`,
  BridgeApprovalExpired: () =>
    "The compliance approval expired before the transaction was sent. Start the transfer again.",
  BridgeNonceUsed: () => "This approval has already been used. Start the transfer again.",
  BridgeUnauthorizedSigner: () =>
    "The compliance signer is no longer authorised. Start the transfer again; if it repeats, contact support.",
  BridgeInvalidSignature: () =>
    "The compliance approval does not match this transfer. Start the transfer again.",
  BridgeFeeMismatch: () =>
    "The fee changed since the quote. Start the transfer again for a new quote.",
  BridgeUnknownDestinationChain: (args) =>
    `No bridge lane leads to chain ${String(args?.[0])} any more. Pick another destination.`,
  BridgeLaneNotAllowed: () => "The bridge has no lane between these chains any more.",
  BridgeLanePaused: () =>
    "The bridge lane between these chains is paused by the operator. Try again once it is resumed.",
  BridgeRateLimitExceeded: (args) =>
    `The bridge lane has room for ${String(args?.[2])} more base units until ${formatTime(Number(args?.[3] ?? 0))}; send less or try again after that.`,
  BridgeTokenNotOnLane: () => "The bridge lane between these chains moves another token.",
  BridgeInsufficientNativeFee: () =>
    "Less than the CCIP fee was paid. Start the transfer again for a new fee quote.",
  BridgeEscrowExpiryOutOfBounds: () =>
    "The claim period is outside the allowed range. Choose a different expiry.",
  BridgeEscrowNotOpen: () =>
    "This transfer is not open on this chain: it has not arrived yet, was claimed or refunded already, or the claim link is wrong.",
  BridgeEscrowExpired: (args) =>
    `This transfer expired on ${formatTime(Number(args?.[1] ?? 0))}; ask the sender to refund it and send again.`,
  BridgeEscrowNotExpired: (args) =>
    `You can refund this transfer only after ${formatTime(Number(args?.[1] ?? 0))}.`,
  BridgeInvalidClaim: () =>
    "The claim secret does not belong to this transfer. Check that you pasted the whole link.",
  BridgeNotEscrowSender: () => "Only the wallet that sent this transfer can refund it.",
  BridgeNotRemittanceSender: () =>
    "Only the wallet that sent this transfer can take its money back.",
  BridgeNoFailedDelivery: () =>
    "This delivery is no longer waiting: it was retried or refunded already.",
  ERC20InvalidReceiver: () => "The token refuses this recipient.",
};

/** One sentence explaining `error`, for display next to the action that failed. */
export function explainError(error: unknown): string {
  if (error instanceof ApiError) return error.message;
  if (error instanceof BaseError) {
    const rejected = error.walk((e) => e instanceof UserRejectedRequestError);
    if (rejected || /user (rejected|denied)/i.test(error.message)) {
      return "You declined the request in your wallet. Nothing was sent; try again when you are ready.";
    }
    const revert = error.walk((e) => e instanceof ContractFunctionRevertedError);
    if (revert instanceof ContractFunctionRevertedError) {
      const name = revert.data?.errorName;
      const sentence = name ? revertSentences[name] : undefined;
      if (sentence) return sentence(revert.data?.args);
      if (revert.reason) return `The transaction was refused: ${revert.reason}.`;
      return "The transaction was refused by the contract. Check the details and try again.";
    }
    if (error.walk((e) => e instanceof InsufficientFundsError)) {
      return "Your wallet does not hold enough ETH for the network costs (gas, and for a cross-chain transfer the CCIP fee). Add ETH and try again.";
    }
    if (/chain mismatch|does not match the target chain/i.test(error.message)) {
      return "Your wallet is on another network. Switch network and try again.";
    }
    if (/fetch failed|HTTP request failed|Failed to fetch/i.test(error.message)) {
      return "The blockchain node cannot be reached. Check your connection and try again.";
    }
    return error.shortMessage;
  }
  if (error instanceof Error) return error.message;
  return "Something went wrong. Try again.";
}

/** The details of the compliance API's INSUFFICIENT_BALANCE refusal: base units as decimal strings. */
const insufficientBalanceDetails = z.object({
  balance: z.string().regex(/^\d+$/),
  amount: z.string().regex(/^\d+$/),
  fee: z.string().regex(/^\d+$/),
  required: z.string().regex(/^\d+$/),
  token: z.string(),
});

/**
 * The compliance API's refusals as said to the sender: the API names "the sender 0x…" because it answers anyone,
 * but in the send flow the sender is the person reading. INSUFFICIENT_BALANCE is rewritten from its details (in
 * `token`'s units); any other error, or details that are missing or for another token, come back unchanged.
 */
export function toSender(error: unknown, token: StablecoinInfo): unknown {
  if (!(error instanceof ApiError) || error.code !== "INSUFFICIENT_BALANCE") return error;
  const details = insufficientBalanceDetails.safeParse(error.details);
  if (!details.success || !sameAddress(details.data.token, token.address)) return error;
  const units = (value: string) => formatToken(BigInt(value), token.decimals, token.symbol);
  const { balance, amount, fee, required } = details.data;
  return new ApiError(
    `Your balance is ${units(balance)}; this transfer needs amount + fee = ${units(amount)} + ${units(fee)} = ${units(required)}. Send less or top up your wallet first.`,
    error.status,
    error.code,
    error.retryable,
    error.details,
  );
}

/**
 * Why a cross-chain delivery failed on the destination chain, from the revert data the receiver recorded
 * (CrossChainDeliveryFailed's `reason`, the indexer's `failureReason`).
 */
export function explainDeliveryFailure(reason: Hex | null): string {
  if (!reason || reason === "0x")
    return "The destination chain refused the delivery without a reason.";
  try {
    const decoded = decodeErrorResult({ abi: bridgeReceiverAbi, data: reason });
    const sentence = revertSentences[decoded.errorName];
    if (sentence) return sentence(decoded.args as Args);
    // decodeErrorResult also knows Solidity's Error(string), which the bridge's ABI does not list.
    if ((decoded.errorName as string) === "Error")
      return `The delivery was refused: ${String((decoded.args as Args)?.[0])}.`;
    return `The delivery was refused (${decoded.errorName}).`;
  } catch {
    return `The token on the destination chain refused the delivery (revert data ${reason.slice(0, 10)}…).`;
  }
}
