// Recipient parsing: address, DID, phone and e-mail, and the messages for bad input.
import { describe, expect, it } from "vitest";
import { parseRecipient } from "./recipient.ts";

const BOB = "0x976EA74026E726554dB657fA54763abd0C3a0aa9";

describe("parseRecipient", () => {
  it("accepts an address in any case and checksums it", () => {
    expect(parseRecipient(BOB.toLowerCase(), 31337)).toEqual({
      ok: true,
      recipient: { kind: "address", address: BOB, via: "address" },
    });
  });

  it("accepts a did:ethr of this chain and sends to its address", () => {
    expect(parseRecipient(`did:ethr:0x7a69:${BOB}`, 31337)).toEqual({
      ok: true,
      recipient: { kind: "address", address: BOB, via: "did" },
    });
  });

  it("refuses a DID of another chain", () => {
    const result = parseRecipient(`did:ethr:0x1:${BOB}`, 31337);
    expect(result).toMatchObject({ ok: false });
    expect(!result.ok && result.message).toMatch(/network 0x1/);
  });

  it("makes e-mails and phone numbers escrow contacts", () => {
    expect(parseRecipient("bob@example.com", 31337)).toMatchObject({
      recipient: { kind: "contact", channel: "email" },
    });
    expect(parseRecipient("+44 20 7946 0000", 31337)).toMatchObject({
      recipient: { kind: "contact", channel: "phone" },
    });
  });

  it("explains a malformed address", () => {
    expect(parseRecipient("0x1234", 31337)).toEqual({
      ok: false,
      message: "This is not a valid wallet address: it must be 0x followed by 40 hex digits.",
    });
  });

  it("asks for input when empty", () => {
    expect(parseRecipient("  ", 31337)).toMatchObject({ ok: false });
  });
});
