// Claim keys: the claim hash matches the contract's formula, the claim signature recovers to the key, and the
// claim link round-trips while tampered links are refused.
import { encodePacked, keccak256, recoverTypedDataAddress } from "viem";
import { privateKeyToAccount } from "viem/accounts";
import { describe, expect, it } from "vitest";
import {
  claimHashOfSecret,
  claimLink,
  decodeClaimTicket,
  newClaimKey,
  signClaim,
} from "./claim.ts";

const REMITTANCE = "0x5FbDB2315678afecb367f032d93F642f64180aa3";
const BOB = "0x976EA74026E726554dB657fA54763abd0C3a0aa9";
const ID = `0x${"00".repeat(31)}07` as const;

describe("newClaimKey", () => {
  it("derives the claim hash as keccak256(abi.encodePacked(keyAddress))", () => {
    const key = newClaimKey();

    expect(privateKeyToAccount(key.secret).address).toBe(key.keyAddress);
    expect(key.claimHash).toBe(keccak256(encodePacked(["address"], [key.keyAddress])));
    expect(claimHashOfSecret(key.secret)).toBe(key.claimHash);
  });

  it("makes a different secret every time", () => {
    expect(newClaimKey().secret).not.toBe(newClaimKey().secret);
  });
});

describe("signClaim", () => {
  it("signs Claim(id, claimer) in the Remittance domain with the claim key", async () => {
    const key = newClaimKey();

    const signature = await signClaim({
      secret: key.secret,
      id: ID,
      claimer: BOB,
      chainId: 31337,
      remittance: REMITTANCE,
    });

    const signer = await recoverTypedDataAddress({
      domain: {
        name: "CLXEND Remittance",
        version: "1",
        chainId: 31337,
        verifyingContract: REMITTANCE,
      },
      types: {
        Claim: [
          { name: "id", type: "bytes32" },
          { name: "claimer", type: "address" },
        ],
      },
      primaryType: "Claim",
      message: { id: ID, claimer: BOB },
      signature,
    });
    expect(signer).toBe(key.keyAddress);
  });
});

describe("claim links", () => {
  const ticket = {
    chainId: 31337,
    id: ID,
    secret: newClaimKey().secret,
    sender: "0x9965507D1a55bcC2695C58ba16FB37d819B0A4dc",
    token: "0x5FbDB2315678afecb367f032d93F642f64180aa3",
    amount: 25_000_000n,
    expiresAt: 1_900_000_000n,
  } as const;

  it("keeps the secret in the fragment and round-trips", () => {
    const link = claimLink("http://localhost:18173", ticket);

    expect(link.startsWith("http://localhost:18173/claim#claim=")).toBe(true);
    expect(new URL(link).search).toBe("");
    expect(decodeClaimTicket(link)).toEqual(ticket);
  });

  it("refuses a truncated or altered link", () => {
    const link = claimLink("http://localhost:18173", ticket);

    expect(decodeClaimTicket(link.slice(0, -10))).toBeNull();
    expect(decodeClaimTicket("claim=bm90IGpzb24")).toBeNull();
    expect(decodeClaimTicket("https://example.com/claim")).toBeNull();
  });
});
