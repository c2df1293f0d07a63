// Amount formatting and parsing, and DID strings.
import { describe, expect, it } from "vitest";
import { didOf, formatAmount, formatToken, parseAmount, shortAddress } from "./format.ts";

describe("formatAmount", () => {
  it("groups thousands and keeps two fraction digits", () => {
    expect(formatAmount(1_234_500_000n, 6)).toBe("1,234.50");
    expect(formatAmount(0n, 6)).toBe("0.00");
  });

  it("keeps every significant fraction digit", () => {
    expect(formatAmount(1_000_001n, 6)).toBe("1.000001");
  });

  it("formats with the symbol", () => {
    expect(formatToken(25_000_000n, 6, "USDC")).toBe("25.00 USDC");
  });
});

describe("parseAmount", () => {
  it("reads decimals and grouping", () => {
    expect(parseAmount("12.5", 6)).toBe(12_500_000n);
    expect(parseAmount("1,000", 6)).toBe(1_000_000_000n);
  });

  it("refuses zero, negatives, text and too many decimals", () => {
    expect(parseAmount("0", 6)).toBeNull();
    expect(parseAmount("-1", 6)).toBeNull();
    expect(parseAmount("abc", 6)).toBeNull();
    expect(parseAmount("1.0000001", 6)).toBeNull();
  });
});

describe("didOf and shortAddress", () => {
  it("uses the hex chain id as network, none on mainnet", () => {
    const address = "0x9965507D1a55bcC2695C58ba16FB37d819B0A4dc";
    expect(didOf(31337, address)).toBe(`did:ethr:0x7a69:${address}`);
    expect(didOf(1, address)).toBe(`did:ethr:${address}`);
  });

  it("shortens addresses", () => {
    expect(shortAddress("0x9965507D1a55bcC2695C58ba16FB37d819B0A4dc")).toBe("0x9965…A4dc");
  });
});
