// Component tests of the wallet bar (@vitest-environment jsdom): connect options, the WalletConnect note, and the
// wrong-network banner with its switch button.
import { screen, waitFor } from "@testing-library/react";
import { connect } from "wagmi/actions";
import { act } from "react";
import { describe, expect, it } from "vitest";
import { firstConnector, renderWithApp, testConfig } from "../../test/render.tsx";
import { WalletBar } from "./WalletBar.tsx";

describe("WalletBar", () => {
  it("hides WalletConnect with a note when no project id is configured", () => {
    renderWithApp(<WalletBar />, { connected: null });

    expect(screen.queryByRole("button", { name: "WalletConnect" })).toBeNull();
    expect(
      screen.getByText(/WalletConnect is not available on this deployment/),
    ).toBeInTheDocument();
  });

  it("says how to get a wallet when the browser has none", () => {
    renderWithApp(<WalletBar />, { connected: null });

    expect(screen.getByText(/No browser wallet found/)).toBeInTheDocument();
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
