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

/** Parses what a person typed ("12.5", "1,000") into base units; null when it is not a positive amount. */
export function parseAmount(input: string, decimals: number): bigint | null {
  const cleaned = input.trim().replace(/,/g, "");
  if (!/^\d+(\.\d+)?$/.test(cleaned)) return null;
  const [, fraction = ""] = cleaned.split(".");
  if (fraction.length > decimals) return null;
  const value = parseUnits(cleaned, decimals);
  return value > 0n ? value : null;
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
