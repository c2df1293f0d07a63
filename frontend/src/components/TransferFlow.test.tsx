// Component tests of the send flow (@vitest-environment jsdom): quote with fee and balance, the Travel-Rule form,
// and the compliance decision with its reasons. The chain answers balanceOf through a stub transport.
import { screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { encodeFunctionResult } from "viem";
import { describe, expect, it, vi } from "vitest";
import { ALICE, BOB, renderWithApp, testConfig } from "../../test/render.tsx";
import type { Decision, Quote } from "../api/compliance.ts";
import { ApiError } from "../api/http.ts";
import { permitTokenAbi } from "../chain/abis.ts";
import { stablecoinOf } from "../config/runtime.ts";
import { TransferFlow } from "./TransferFlow.tsx";

const TOKEN = stablecoinOf(testConfig).address;

const balanceChain = (balance: bigint) => (method: string) => {
  if (method === "eth_call")
    return encodeFunctionResult({
      abi: permitTokenAbi,
      functionName: "balanceOf",
      result: balance,
    });
  if (method === "eth_blockNumber") return "0x1";
  throw new Error(`unexpected ${method}`);
};

function quoteOf(overrides: Partial<Quote> = {}): Quote {
  return {
    chainId: 31337,
    token: TOKEN,
    amount: "25000000",
    fee: "125000",
    feeBps: 50,
    total: "25125000",
    amountUsd: 25,
    senderKycLevel: 2,
    limits: { perTransferUsd: 10_000, dailyUsd: 20_000, weeklyUsd: 50_000 },
    remaining: { dailyUsd: 19_975, weeklyUsd: 49_975 },
    travelRule: { required: false, thresholdUsd: 1_000, jurisdiction: "EU" },
    ...overrides,
  };
}

function decisionOf(overrides: Partial<Decision>): Decision {
  return {
    decisionId: "0b7f5c1e-8a5e-4d44-9a55-4d1a3c3b2f10",
    outcome: "approve",
    status: "approved",
    score: 5,
    reasons: [],
    fee: "125000",
    caseId: null,
    createdAt: new Date().toISOString(),
    ...overrides,
  };
}

async function fillAndQuote(recipient: string, amount: string) {
  const user = userEvent.setup();
  await user.type(screen.getByLabelText("Recipient"), recipient);
  await user.type(screen.getByLabelText("Amount (tUSD)"), amount);
  await user.click(screen.getByRole("button", { name: "Get quote" }));
  return user;
}

describe("TransferFlow", () => {
  it("shows the balance, then the fee and total from the quote", async () => {
    const quote = vi.fn().mockResolvedValue(quoteOf());
    renderWithApp(<TransferFlow sender={ALICE} />, {
      chain: balanceChain(100_000_000n),
      compliance: { quote },
    });

    await waitFor(() =>
      expect(screen.getByTestId("send-balance")).toHaveTextContent("Balance: 100.00 tUSD"),
    );
    await fillAndQuote(BOB, "25");

    await waitFor(() =>
      expect(screen.getByTestId("quote")).toHaveTextContent("You pay25.125 tUSD"),
    );
    expect(screen.getByTestId("quote")).toHaveTextContent("Fee (0.50%)0.125 tUSD");
    expect(quote).toHaveBeenCalledWith({
      sender: ALICE,
      token: TOKEN,
      amount: "25000000",
      recipient: BOB,
    });
  });

  it("sends a phone-number recipient to escrow with a claim hash, never the secret", async () => {
    const quote = vi.fn().mockResolvedValue(quoteOf());
    renderWithApp(<TransferFlow sender={ALICE} />, {
      chain: balanceChain(100_000_000n),
      compliance: { quote },
    });

    await fillAndQuote("+44 20 7946 0000", "25");

    await waitFor(() => expect(quote).toHaveBeenCalledTimes(1));
    const request = quote.mock.calls[0]?.[0] as Record<string, string>;
    expect(request.recipient).toBeUndefined();
    expect(request.claimHash).toMatch(/^0x[0-9a-f]{64}$/);
    expect(screen.getByLabelText("Recipient can claim for (days)")).toHaveValue(7);
  });

  it("asks for Travel-Rule details when required and refuses to screen without them", async () => {
    const quote = vi
      .fn()
      .mockResolvedValue(
        quoteOf({ travelRule: { required: true, thresholdUsd: 1_000, jurisdiction: "EU" } }),
      );
    const screenFn = vi.fn();
    renderWithApp(<TransferFlow sender={ALICE} />, {
      chain: balanceChain(5_000_000_000n),
      compliance: { quote, screen: screenFn },
    });

    const user = await fillAndQuote(BOB, "25");
    await waitFor(() =>
      expect(screen.getByRole("group", { name: "Travel Rule details" })).toBeInTheDocument(),
    );
    await user.click(screen.getByRole("button", { name: "Check transfer" }));

    expect(await screen.findByRole("alert")).toHaveTextContent("Enter your family name.");
    expect(screenFn).not.toHaveBeenCalled();
  });

  it("shows a refusal with its reasons and no send button", async () => {
    const decision = decisionOf({
      outcome: "reject",
      status: "rejected",
      score: 100,
      reasons: [
        {
          code: "SANCTIONED_RECIPIENT",
          weight: 100,
          blocking: true,
          message: "The recipient address is on the OFAC SDN list.",
        },
      ],
    });
    renderWithApp(<TransferFlow sender={ALICE} />, {
      chain: balanceChain(100_000_000n),
      compliance: {
        quote: vi.fn().mockResolvedValue(quoteOf()),
        screen: vi.fn().mockResolvedValue(decision),
      },
    });

    const user = await fillAndQuote(BOB, "25");
    await user.click(await screen.findByRole("button", { name: "Check transfer" }));

    expect(await screen.findByTestId("decision")).toHaveTextContent("Refused");
    expect(screen.getByText("The recipient address is on the OFAC SDN list.")).toBeInTheDocument();
    expect(screen.queryByRole("button", { name: "Confirm and send" })).toBeNull();
  });

  it("offers the single confirm step once approved", async () => {
    renderWithApp(<TransferFlow sender={ALICE} />, {
      chain: balanceChain(100_000_000n),
      compliance: {
        quote: vi.fn().mockResolvedValue(quoteOf()),
        screen: vi.fn().mockResolvedValue(decisionOf({})),
      },
    });

    const user = await fillAndQuote(BOB, "25");
    await user.click(await screen.findByRole("button", { name: "Check transfer" }));

    expect(await screen.findByRole("button", { name: "Confirm and send" })).toBeEnabled();
    expect(screen.getByText(/sign a permit for the amount plus fee/)).toBeInTheDocument();
  });

  it("shows the service's sentence when the quote fails", async () => {
    const quote = vi
      .fn()
      .mockRejectedValue(
        new ApiError("Your KYC has expired; verify again to send.", 403, "KYC_EXPIRED", false),
      );
    renderWithApp(<TransferFlow sender={ALICE} />, {
      chain: balanceChain(100_000_000n),
      compliance: { quote },
    });

    await fillAndQuote(BOB, "25");

    expect(await screen.findByRole("alert")).toHaveTextContent(
      "Your KYC has expired; verify again to send.",
    );
  });
});
