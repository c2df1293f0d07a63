// Component tests of the multi-chain UI (@vitest-environment jsdom) with only the network faked (both chains' nodes
// and a wallet that switches between them): the header's network picker, the wrong-network banner naming the
// wallet's chain, and the screens that only work on the home chain.
import { screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import { homeNode, secondNode } from "../../test/bridge-fixtures.ts";
import { fakeWallet } from "../../test/fake-wallet.ts";
import { connectWallet, renderWithApp, testConfig, twoChainConfig } from "../../test/render.tsx";
import { SendPage } from "../pages/SendPage.tsx";
import { NetworkPicker } from "./Networks.tsx";
import { WalletBar } from "./WalletBar.tsx";

async function renderHeader(
  ui = <NetworkPicker />,
  config = twoChainConfig,
  walletOn: "home" | "second" = "home",
) {
  const home = homeNode();
  const second = secondNode();
  const wallet = fakeWallet(walletOn === "home" ? [home, second] : [second, home]);
  const view = renderWithApp(
    <>
      {ui}
      <WalletBar />
    </>,
    { config, nodes: [home, second], wallet },
  );
  await connectWallet(view.wagmiConfig);
  await screen.findByRole("button", { name: "Disconnect" });
  return { ...view, wallet };
}

describe("NetworkPicker", () => {
  it("is not shown when the deployment has one chain", async () => {
    await renderHeader(<NetworkPicker />, testConfig);

    expect(screen.queryByLabelText("Network")).toBeNull();
  });

  it("shows another chain and asks the wallet to follow", async () => {
    const { wallet } = await renderHeader();
    const picker = screen.getByLabelText("Network");
    expect(picker).toHaveValue("31337");

    await userEvent.selectOptions(picker, "31338");

    await waitFor(() => expect(wallet.currentChainId()).toBe(31338));
    expect(picker).toHaveValue("31338");
    expect(wallet.prompts.map((prompt) => prompt.method)).toEqual(["wallet_switchEthereumChain"]);
    await waitFor(() => expect(screen.queryByRole("alert")).toBeNull());
  });

  it("names the wallet's chain when it differs and can show that chain instead", async () => {
    const { wallet } = await renderHeader();
    wallet.declines.add("wallet_switchEthereumChain");

    await userEvent.selectOptions(screen.getByLabelText("Network"), "31338");

    expect(
      await screen.findByText("Your wallet is on CLXEND local. The app is showing CLXEND local 2."),
    ).toBeVisible();
    expect(screen.getByRole("button", { name: "Switch to CLXEND local 2" })).toBeEnabled();
    await userEvent.click(screen.getByRole("button", { name: "Show CLXEND local instead" }));

    expect(screen.getByLabelText("Network")).toHaveValue("31337");
    expect(screen.queryByText(/The app is showing/)).toBeNull();
  });
});

describe("RequireHomeNetwork", () => {
  it("keeps sending on the home chain and offers to go back there", async () => {
    sessionStorage.setItem("clxend.network", "31338");
    const { wallet } = await renderHeader(<SendPage />, twoChainConfig, "second");

    expect(await screen.findByTestId("home-network-only")).toHaveTextContent(
      /^Sending starts on CLXEND local: this deployment's compliance service approves transfers there/,
    );
    expect(screen.queryByLabelText("Recipient")).toBeNull();
    await userEvent.click(screen.getByRole("button", { name: "Use CLXEND local" }));

    expect(await screen.findByLabelText("Recipient")).toBeVisible();
    await waitFor(() => expect(wallet.currentChainId()).toBe(31337));
  });
});
