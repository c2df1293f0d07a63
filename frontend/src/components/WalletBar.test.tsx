// Component tests of the wallet bar (@vitest-environment jsdom): connect options, the hint without a browser wallet
// (with the WalletConnect note and the link to the help page), and the wrong-network banner with its switch button.
import { screen, waitFor } from "@testing-library/react";
import { connect } from "wagmi/actions";
import { act } from "react";
import { describe, expect, it, vi } from "vitest";
import { FakeChain } from "../../test/fake-chain.ts";
import { fakeWallet } from "../../test/fake-wallet.ts";
import { firstConnector, renderWithApp, testConfig } from "../../test/render.tsx";
import { CONNECT_HELP_PATH, WalletBar } from "./WalletBar.tsx";

describe("WalletBar", () => {
  describe("without a browser wallet", () => {
    it("says in a user's words that scan-to-connect is off when no project id is configured", () => {
      renderWithApp(<WalletBar />, { connected: null });

      expect(screen.queryByRole("button", { name: "WalletConnect" })).toBeNull();
      const note = screen.getByText(
        "Scan-to-connect (WalletConnect) is switched off on this server.",
      );
      expect(note).toHaveAttribute("title", expect.stringContaining("WALLETCONNECT_PROJECT_ID"));
      expect(screen.queryByText(/project id/)).toBeNull();
    });

    it("says how to get a wallet and links to the help for the local demo", () => {
      renderWithApp(<WalletBar />, { connected: null });

      expect(
        screen.getByText(/No browser wallet found: install one such as MetaMask, then reload\./),
      ).toBeInTheDocument();
      expect(
        screen.getByRole("link", { name: "How to connect a wallet to the local demo" }),
      ).toHaveAttribute("href", CONNECT_HELP_PATH);
    });

    it("leaves the WalletConnect note out when the server has a project id", () => {
      renderWithApp(<WalletBar />, {
        connected: null,
        config: { ...testConfig, walletConnectProjectId: "0123456789abcdef" },
      });

      expect(screen.getByText(/No browser wallet found/)).toBeInTheDocument();
      expect(screen.queryByText(/Scan-to-connect/)).toBeNull();
    });

    it("disables the connect button and gives it the hint as its description", () => {
      renderWithApp(<WalletBar />, { connected: null, wallet: fakeWallet(new FakeChain()) });

      const button = screen.getByRole("button", { name: "Connect browser wallet" });
      expect(button).toBeDisabled();
      expect(button).toHaveAccessibleDescription(/No browser wallet found/);
    });
  });

  it("shows neither the hint nor the WalletConnect note when the browser has a wallet", () => {
    const wallet = fakeWallet(new FakeChain());
    vi.stubGlobal("ethereum", wallet.provider);
    renderWithApp(<WalletBar />, { connected: null, wallet });

    expect(screen.getByRole("button", { name: "Connect browser wallet" })).toBeEnabled();
    expect(screen.queryByText(/No browser wallet found/)).toBeNull();
    expect(screen.queryByText(/WalletConnect/)).toBeNull();
  });

  it("shows the address and offers a one-click switch when the wallet is on another chain", async () => {
    const appOnOtherChain = {
      ...testConfig,
      chain: { ...testConfig.chain, id: 11155111, name: "Sepolia" },
    };
    const { wagmiConfig } = renderWithApp(<WalletBar />, { appConfig: appOnOtherChain });

    await act(() => connect(wagmiConfig, { connector: firstConnector(wagmiConfig) }));

    await waitFor(() => expect(screen.getByText("0x9965…A4dc")).toBeInTheDocument());
    expect(screen.getByRole("alert")).toHaveTextContent(
      "Your wallet is on another network. This app works on Sepolia.",
    );
    expect(screen.getByRole("button", { name: "Switch to Sepolia" })).toBeEnabled();
  });

  it("shows no network warning on the app's chain", async () => {
    const { wagmiConfig } = renderWithApp(<WalletBar />);

    await act(() => connect(wagmiConfig, { connector: firstConnector(wagmiConfig) }));

    await waitFor(() =>
      expect(screen.getByRole("button", { name: "Disconnect" })).toBeInTheDocument(),
    );
    expect(screen.queryByRole("alert")).toBeNull();
  });
});
