// Display helpers: token amounts with their decimals, short addresses, dates and user input parsing.
import { type Address, formatUnits, parseUnits } from "viem";

/** Formats base units as a human amount: grouped, at least two fraction digits, no digit lost.
 * @example formatAmount(1234500000n, 6) // "1,234.50" */
export function formatAmount(value: bigint, decimals: number): string {
  const [whole = "0", fraction = ""] = formatUnits(value, decimals).split(".");
  const negative = whole.startsWith("-");
  const grouped = (negative ? whole.slice(1) : whole).replace(/\B(?=(\d{3})+(?!\d))/g, ",");
  const shown = fraction.replace(/0+$/, "").padEnd(2, "0");
  return `${negative ? "-" : ""}${grouped}.${shown}`;
}

/** Amount with its symbol: "25.00 USDC". */
export function formatToken(value: bigint, decimals: number, symbol: string): string {
  return `${formatAmount(value, decimals)} ${symbol}`;
}

/** What `parseAmount` made of the input: the amount in base units, or a sentence saying how to write it. */
export type ParsedAmount = { ok: true; value: bigint } | { ok: false; message: string };

/** The sentence for an amount written with a comma, which could be a decimal comma or a thousands separator. */
export const AMOUNT_COMMA_MESSAGE =
  "Write the amount with a dot for decimals and no thousands separators, e.g. 1500.50.";

/**
 * Parses what a person typed ("12.5", "1500") into base units. A dot is the only decimal separator and nothing may
 * group the digits: "1,5" could mean 1.5 or 15 and "1,500" 1.5 or 1500, so any comma is refused rather than guessed.
 * @example parseAmount("12.5", 6) // { ok: true, value: 12500000n }
 */
export function parseAmount(input: string, decimals: number): ParsedAmount {
  const typed = input.trim();
  if (typed.includes(",")) return { ok: false, message: AMOUNT_COMMA_MESSAGE };
  const fraction = typed.split(".")[1] ?? "";
  if (!/^\d+(\.\d+)?$/.test(typed) || fraction.length > decimals) {
    return {
      ok: false,
      message: `Enter a positive amount in digits with at most ${decimals} decimals after a dot, e.g. 25.50.`,
    };
  }
  const value = parseUnits(typed, decimals);
  return value > 0n ? { ok: true, value } : { ok: false, message: "Enter an amount above 0." };
}

/** 0x1234…abcd */
export function shortAddress(address: string): string {
  return address.length > 12 ? `${address.slice(0, 6)}…${address.slice(-4)}` : address;
}

/** A Unix time in seconds as a local date and time. */
export function formatTime(seconds: bigint | number): string {
  return new Date(Number(seconds) * 1000).toLocaleString(undefined, {
    dateStyle: "medium",
    timeStyle: "short",
  });
}

/** A Unix time in seconds as a local date. */
export function formatDate(seconds: bigint | number): string {
  return new Date(Number(seconds) * 1000).toLocaleDateString(undefined, { dateStyle: "medium" });
}

/**
 * Link to a transaction: the chain's explorer when it has one, else the app's own transaction page, which reads it
 * from chain `chainId` when given (else from the network the app shows).
 */
export function transactionHref(
  hash: string,
  explorerUrl: string | null,
  chainId?: number,
): string {
  if (explorerUrl) return `${explorerUrl.replace(/\/$/, "")}/tx/${hash}`;
  return chainId === undefined ? `/tx/${hash}` : `/tx/${hash}?chain=${chainId}`;
}

/** A transaction hash as people read it: 0x1234abcd… */
export function shortHash(hash: string): string {
  return `${hash.slice(0, 10)}…`;
}

/** The did:ethr of `address` on `chainId` (the network part is the hex chain id, mainnet has none). */
export function didOf(chainId: number, address: Address): string {
  return `did:ethr:${chainId === 1 ? "" : `0x${chainId.toString(16)}:`}${address}`;
}

/** Whether two addresses are the same account (case-insensitive); false when either is missing. */
export function sameAddress(a: string | null | undefined, b: string | null | undefined): boolean {
  return Boolean(a && b && a.toLowerCase() === b.toLowerCase());
}

/** Wei as ETH with every digit: "0.0015 ETH". */
export function formatNative(wei: bigint): string {
  return `${formatAmount(wei, 18)} ETH`;
}
