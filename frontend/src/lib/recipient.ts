// Reads what the sender typed as the recipient: a wallet address, a did:ethr DID, or a phone number / e-mail
// (which makes the transfer an escrow the recipient claims with a secret).
import { type Address, getAddress, isAddress } from "viem";

export type Recipient =
  | { kind: "address"; address: Address; via: "address" | "did" }
  | { kind: "contact"; contact: string; channel: "email" | "phone" };

export type RecipientResult = { ok: true; recipient: Recipient } | { ok: false; message: string };

const DID_PATTERN = /^did:ethr:(?:([A-Za-z0-9._-]+):)?(0x[0-9a-fA-F]{40})$/;
const EMAIL_PATTERN = /^[^\s@]+@[^\s@]+\.[^\s@]{2,}$/;
const PHONE_PATTERN = /^\+?[0-9][0-9 ()-]{6,19}$/;

/** Parses `input` for a transfer on `chainId`; the message says how to fix an input that is not usable. */
export function parseRecipient(input: string, chainId: number): RecipientResult {
  const value = input.trim();
  if (value === "")
    return { ok: false, message: "Enter a wallet address, a DID, a phone number or an e-mail." };
  if (value.startsWith("0x")) {
    return isAddress(value, { strict: false })
      ? { ok: true, recipient: { kind: "address", address: getAddress(value), via: "address" } }
      : {
          ok: false,
          message: "This is not a valid wallet address: it must be 0x followed by 40 hex digits.",
        };
  }
  if (value.startsWith("did:")) {
    const match = DID_PATTERN.exec(value);
    if (!match?.[2])
      return { ok: false, message: "Only did:ethr DIDs such as did:ethr:0x7a69:0x… can receive." };
    const network = match[1];
    if (network !== undefined && !networkMatches(network, chainId)) {
      return {
        ok: false,
        message: `This DID belongs to network ${network}, not to this app's chain.`,
      };
    }
    return { ok: true, recipient: { kind: "address", address: getAddress(match[2]), via: "did" } };
  }
  if (EMAIL_PATTERN.test(value))
    return { ok: true, recipient: { kind: "contact", contact: value, channel: "email" } };
  if (PHONE_PATTERN.test(value) && value.replace(/\D/g, "").length >= 7) {
    return { ok: true, recipient: { kind: "contact", contact: value, channel: "phone" } };
  }
  return {
    ok: false,
    message: "Enter a wallet address (0x…), a DID (did:ethr:…), a phone number or an e-mail.",
  };
}

function networkMatches(network: string, chainId: number): boolean {
  if (/^0x[0-9a-fA-F]+$/.test(network)) return Number.parseInt(network, 16) === chainId;
  if (/^\d+$/.test(network)) return Number(network) === chainId;
  return (
    (network === "mainnet" && chainId === 1) || (network === "sepolia" && chainId === 11155111)
  );
}
