// Component tests of the wallet help page (@vitest-environment jsdom): the network settings come from the runtime
// config (one row per chain, with the RPC URL this server gives wallets), the demo-key steps are there, and the note on
// chain state matches the stack (kept across restarts; from block 0 with --fresh, changed contracts or a lost state).
import { screen, within } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { renderWithApp, testConfig, twoChainConfig } from "../../test/render.tsx";
import WalletHelpPage from "./WalletHelpPage.tsx";

function networkRows(): string[][] {
  const rows = within(screen.getByTestId("wallet-networks")).getAllByRole("row").slice(1);
  return rows.map((row) =>
    within(row)
      .getAllByRole("cell")
      .map((cell) => cell.textContent ?? ""),
  );
}

describe("WalletHelpPage", () => {
  it("lists the home chain with the RPC URL for wallets on a one-chain deployment", () => {
    renderWithApp(<WalletHelpPage />, { connected: null, config: testConfig });

    expect(
      screen.getByRole("heading", { name: "How to connect a wallet to the local demo" }),
    ).toBeInTheDocument();
    expect(networkRows()).toEqual([["CLXEND local", "http://127.0.0.1:18545", "31337", "ETH"]]);
  });

  it("lists every chain of a two-chain deployment", () => {
    renderWithApp(<WalletHelpPage />, { connected: null, config: twoChainConfig });

    expect(networkRows()).toEqual([
      ["CLXEND local", "http://127.0.0.1:18545", "31337", "ETH"],
      ["CLXEND local 2", "http://127.0.0.1:18546", "31338", "ETH"],
    ]);
  });

  it("says to import a demo key printed by npm start, for the local chains only", () => {
    renderWithApp(<WalletHelpPage />, { connected: null });

    expect(
      screen.getByText(/prints the demo accounts with their private keys/),
    ).toBeInTheDocument();
    expect(screen.getByText(/use them on the local demo chains only/)).toBeInTheDocument();
  });

  it("says the chains keep their state across restarts and when they start again from block 0", () => {
    renderWithApp(<WalletHelpPage />, { connected: null, config: twoChainConfig });

    const note = screen.getByTestId("chain-state-note");
    expect(note).toHaveTextContent(
      /^The demo chains keep their state when npm start runs again: balances, transfers and verifications are still there\. A chain starts again from block 0 only with npm start -- --fresh, or when npm start says so \(the contracts changed since the last run, or the chain’s saved state is gone\);/,
    );
    expect(note).not.toHaveTextContent(/start empty/);
  });
});
