// Component tests of the claim screen (@vitest-environment jsdom): a broken link is explained, a valid one shows
// the amount and asks for a wallet.
import { screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import { renderWithApp } from "../../test/render.tsx";
import { claimLink, newClaimKey } from "../lib/claim.ts";
import ClaimPage from "./ClaimPage.tsx";

describe("ClaimPage", () => {
  it("explains an incomplete link", async () => {
    renderWithApp(<ClaimPage />, { connected: null });

    await userEvent.type(screen.getByLabelText("Claim link"), "http://localhost:18173/claim#cla");

    expect(screen.getByRole("alert")).toHaveTextContent(/not a complete claim link/);
  });

  it("asks the recipient to connect a wallet to claim a valid link", async () => {
    const link = claimLink("http://localhost:18173", {
      chainId: 31337,
      id: `0x${"00".repeat(31)}01`,
      secret: newClaimKey().secret,
      sender: "0x9965507D1a55bcC2695C58ba16FB37d819B0A4dc",
      token: "0x0000000000000000000000000000000000002001",
      amount: 10_000_000n,
      expiresAt: 2_000_000_000n,
    });
    renderWithApp(<ClaimPage />, { connected: null });

    await userEvent.click(screen.getByLabelText("Claim link"));
    await userEvent.paste(link);

    expect(screen.queryByRole("alert")).toBeNull();
    expect(
      screen.getByText(/Connect your wallet \(button at the top\) to claim the money/),
    ).toBeInTheDocument();
  });
});
