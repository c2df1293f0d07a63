// Amount formatting and parsing (a dot for decimals, no comma ever guessed at), and DID strings.
import fc from "fast-check";
import { formatUnits, parseUnits } from "viem";
import { describe, expect, it } from "vitest";
import {
  AMOUNT_COMMA_MESSAGE,
  didOf,
  formatAmount,
  formatToken,
  parseAmount,
  shortAddress,
} from "./format.ts";

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
  it("reads a dot as the decimal separator", () => {
    expect(parseAmount("12.5", 6)).toEqual({ ok: true, value: 12_500_000n });
    expect(parseAmount(" 1500.50 ", 6)).toEqual({ ok: true, value: 1_500_500_000n });
    expect(parseAmount("0.000001", 6)).toEqual({ ok: true, value: 1n });
  });

  it("refuses every comma, decimal or grouping, instead of guessing which was meant", () => {
    for (const typed of ["1,5", "0,05", "1,2,3", "1,500", "1,234,567.89", "1.5,0", ",5", "5,"]) {
      expect(parseAmount(typed, 6)).toEqual({ ok: false, message: AMOUNT_COMMA_MESSAGE });
    }
    expect(AMOUNT_COMMA_MESSAGE).toBe(
      "Write the amount with a dot for decimals and no thousands separators, e.g. 1500.50.",
    );
  });

  it("refuses zero, negatives, text, spaces inside and too many decimals, saying how to write it", () => {
    const format = {
      ok: false,
      message: "Enter a positive amount in digits with at most 6 decimals after a dot, e.g. 25.50.",
    };
    expect(parseAmount("0", 6)).toEqual({ ok: false, message: "Enter an amount above 0." });
    expect(parseAmount("0.000", 6)).toEqual({ ok: false, message: "Enter an amount above 0." });
    for (const typed of ["-1", "abc", "1.0000001", "1 500", "1.", ".5", "1e3", "1.2.3", ""]) {
      expect(parseAmount(typed, 6)).toEqual(format);
    }
  });

  // Fixed seed, so that a failure replays.
  const runs = { seed: 20261204, numRuns: 2_000 };
  const typedAmounts = fc
    .array(fc.constantFrom("0", "1", "5", "9", ",", ".", " ", "-", "e"), { maxLength: 14 })
    .map((chars) => chars.join(""));

  it("never reads an input with a comma as an amount (property)", () => {
    fc.assert(
      fc.property(typedAmounts, fc.integer({ min: 0, max: 18 }), (typed, decimals) => {
        fc.pre(typed.includes(","));
        expect(parseAmount(typed, decimals)).toEqual({ ok: false, message: AMOUNT_COMMA_MESSAGE });
      }),
      runs,
    );
  });

  it("reads every amount it accepts exactly as the dot reading of what was typed (property)", () => {
    fc.assert(
      fc.property(typedAmounts, fc.integer({ min: 0, max: 18 }), (typed, decimals) => {
        const parsed = parseAmount(typed, decimals);
        if (parsed.ok) expect(parsed.value).toBe(parseUnits(typed.trim(), decimals));
      }),
      runs,
    );
  });

  it("refuses a comma placed anywhere in an amount it would accept (property)", () => {
    const amounts = fc.tuple(
      fc.bigInt({ min: 1n, max: 10n ** 15n }),
      fc.integer({ min: 0, max: 6 }),
      fc.nat(),
    );
    fc.assert(
      fc.property(amounts, ([units, decimals, at]) => {
        const typed = formatUnits(units, decimals);
        const cut = at % (typed.length + 1);
        expect(parseAmount(typed, decimals)).toEqual({ ok: true, value: units });
        expect(parseAmount(`${typed.slice(0, cut)},${typed.slice(cut)}`, decimals).ok).toBe(false);
        expect(parseAmount(typed.replace(".", ","), decimals).ok).toBe(!typed.includes("."));
      }),
      runs,
    );
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
