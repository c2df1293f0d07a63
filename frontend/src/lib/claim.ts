// Escrow claim secrets: generating the claim key, its claim hash, the claim signature, and the claim link the
// sender shares. The secret lives only in the browser and in the link's #fragment, which browsers never send.
import {
  type Address,
  encodePacked,
  getAddress,
  type Hex,
  isAddress,
  isHex,
  keccak256,
} from "viem";
import { generatePrivateKey, privateKeyToAccount } from "viem/accounts";
import { bridgeDomain, CLAIM_TYPES, remittanceDomain } from "../../../deploy/eip712.ts";

/** A fresh claim key: the secret (a 32-byte private key), its address and the claim hash the approval carries. */
export function newClaimKey(): { secret: Hex; keyAddress: Address; claimHash: Hex } {
  const secret = generatePrivateKey();
  const keyAddress = privateKeyToAccount(secret).address;
  return { secret, keyAddress, claimHash: claimHashOf(keyAddress) };
}

/** keccak256(abi.encodePacked(claimKeyAddress)), as the Remittance contract computes it. */
export function claimHashOf(keyAddress: Address): Hex {
  return keccak256(encodePacked(["address"], [keyAddress]));
}

/** The claim hash of a secret, to check a pasted secret against an escrow before sending a transaction. */
export function claimHashOfSecret(secret: Hex): Hex {
  return claimHashOf(privateKeyToAccount(secret).address);
}

/**
 * Signs the EIP-712 Claim(bytes32 id,address claimer) with the claim key, naming the wallet that claims: in the
 * Remittance domain, or for a cross-chain escrow (`bridge`) in the bridge receiver's "CLXEND Bridge" domain.
 */
export function signClaim(args: {
  secret: Hex;
  id: Hex;
  claimer: Address;
  chainId: number;
  /** The contract holding the escrow: Remittance, or the bridge receiver. */
  remittance: Address;
  bridge?: boolean;
}): Promise<Hex> {
  const domain = args.bridge
    ? bridgeDomain(args.chainId, args.remittance)
    : remittanceDomain(args.chainId, args.remittance);
  return privateKeyToAccount(args.secret).signTypedData({
    domain,
    types: CLAIM_TYPES,
    primaryType: "Claim",
    message: { id: args.id, claimer: args.claimer },
  });
}

/**
 * Everything a recipient needs to claim: the escrow's id and terms and the secret. A cross-chain escrow (`bridge`)
 * lives in the CCIP bridge receiver of `chainId` (the destination chain), its id being the CCIP message id.
 */
export interface ClaimTicket {
  chainId: number;
  id: Hex;
  bridge?: boolean;
  secret: Hex;
  sender: Address;
  token: Address;
  amount: bigint;
  expiresAt: bigint;
}

/** Encodes a ticket into the link fragment `claim=<base64url JSON>`. */
export function encodeClaimTicket(ticket: ClaimTicket): string {
  const json = JSON.stringify({
    c: ticket.chainId,
    i: ticket.id,
    k: ticket.secret,
    s: ticket.sender,
    t: ticket.token,
    a: ticket.amount.toString(),
    e: ticket.expiresAt.toString(),
    ...(ticket.bridge ? { b: 1 } : {}),
  });
  const base64 = btoa(json).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
  return `claim=${base64}`;
}

/** The shareable claim link for `ticket` on the app at `origin`. */
export function claimLink(origin: string, ticket: ClaimTicket): string {
  return `${origin.replace(/\/$/, "")}/claim#${encodeClaimTicket(ticket)}`;
}

/** Decodes a claim link, its fragment, or the bare `claim=…` value; null when it is not a valid ticket. */
export function decodeClaimTicket(input: string): ClaimTicket | null {
  const match = /claim=([A-Za-z0-9_-]+)/.exec(input.trim());
  if (!match?.[1]) return null;
  try {
    const padded = match[1].replace(/-/g, "+").replace(/_/g, "/");
    const raw = JSON.parse(atob(padded + "=".repeat((4 - (padded.length % 4)) % 4))) as Record<
      string,
      unknown
    >;
    const { c, i, k, s, t, a, e, b } = raw;
    if (typeof c !== "number" || typeof a !== "string" || typeof e !== "string") return null;
    if (!isHex(i) || i.length !== 66 || !isHex(k) || k.length !== 66) return null;
    if (typeof s !== "string" || !isAddress(s) || typeof t !== "string" || !isAddress(t))
      return null;
    if (!/^\d+$/.test(a) || !/^\d+$/.test(e)) return null;
    return {
      chainId: c,
      id: i,
      secret: k,
      sender: getAddress(s),
      token: getAddress(t),
      amount: BigInt(a),
      expiresAt: BigInt(e),
      ...(b === 1 ? { bridge: true } : {}),
    };
  } catch {
    return null;
  }
}
