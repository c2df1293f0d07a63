// Component tests of the multi-chain UI (@vitest-environment jsdom) with only the network faked (both chains' nodes
// and a wallet that switches between them): the header's network picker, the wrong-network banner naming the
// wallet's chain, the screens that only work on the home chain (verification, staff console) with their reason, and
// those that work on every chain (sending, merchants).
import { screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import type { Address } from "viem";
import { describe, expect, it } from "vitest";
import { homeNode, secondNode } from "../../test/bridge-fixtures.ts";
import { fakeWallet } from "../../test/fake-wallet.ts";
import { connectWallet, renderWithApp, testConfig, twoChainConfig } from "../../test/render.tsx";
import { FakeServices } from "../../test/fake-services.ts";
import { merchantRegistryAbi } from "../chain/abis.ts";
import MerchantsPage from "../pages/MerchantsPage.tsx";
import { SendPage } from "../pages/SendPage.tsx";
import StaffPage from "../pages/StaffPage.tsx";
import VerifyPage from "../pages/VerifyPage.tsx";
import { NetworkPicker } from "./Networks.tsx";
import { WalletBar } from "./WalletBar.tsx";

const SHOP: Address = "0x14dC79964da2C08b23698B3D3cc7Ca32193d9955";

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
  it("keeps identity verification on the home chain, says why and offers to go back there", async () => {
    sessionStorage.setItem("clxend.network", "31338");
    const { wallet } = await renderHeader(<VerifyPage />, twoChainConfig, "second");

    expect(await screen.findByTestId("home-network-only")).toHaveTextContent(
      "Identity verification works on CLXEND local only: a verification is made once, there, and the compliance service writes its attestation to the KYC registry of every chain of the deployment. The app is showing CLXEND local 2.",
    );
    await userEvent.click(screen.getByRole("button", { name: "Use CLXEND local" }));

    await waitFor(() => expect(screen.queryByTestId("home-network-only")).toBeNull());
    await waitFor(() => expect(wallet.currentChainId()).toBe(31337));
  });

  it("keeps the staff console on the home chain and says why", async () => {
    sessionStorage.setItem("clxend.network", "31338");
    await renderHeader(<StaffPage />, twoChainConfig, "second");

    expect(await screen.findByTestId("home-network-only")).toHaveTextContent(
      "The compliance console works on CLXEND local only: staff sign in with a message for that chain, and the audit trail is anchored there. The app is showing CLXEND local 2.",
    );
    expect(screen.queryByRole("button", { name: "Sign in with Ethereum" })).toBeNull();
  });
});

describe("screens that work on every chain", () => {
  it("offers sending on the second chain, with no home-chain gate", async () => {
    sessionStorage.setItem("clxend.network", "31338");
    await renderHeader(<SendPage />, twoChainConfig, "second");

    expect(await screen.findByLabelText("Recipient")).toBeVisible();
    expect(screen.queryByTestId("home-network-only")).toBeNull();
  });

  it("shows the second chain's merchant directory there and offers to pay a merchant", async () => {
    sessionStorage.setItem("clxend.network", "31338");
    const registry = twoChainConfig.chains?.[1]?.addressBook.contracts.MerchantRegistry.address;
    if (!registry) throw new Error("twoChainConfig has no second chain");
    const home = homeNode();
    const second = secondNode().contract(registry, {
      abi: merchantRegistryAbi,
      read: {
        merchantCount: () => 1n,
        merchantOf: () => ({
          owner: SHOP,
          payout: SHOP,
          did: SHOP,
          feeBps: 150,
          status: 2,
          category: 5411,
          displayNameHash: `0x${"11".repeat(32)}`,
        }),
      },
    });
    const wallet = fakeWallet([second, home]);
    const view = renderWithApp(<MerchantsPage />, {
      config: twoChainConfig,
      nodes: [home, second],
      wallet,
      services: new FakeServices(),
    });
    await connectWallet(view.wagmiConfig);

    const card = (await screen.findByRole("heading", { name: "Merchant #1" })).closest("li");
    expect(screen.queryByTestId("home-network-only")).toBeNull();
    expect(card).toHaveTextContent(`did:ethr:0x7a6a:${SHOP}`);
    await userEvent.click(screen.getByRole("button", { name: "Pay Merchant #1" }));

    expect(await screen.findByText(/^Paying/)).toHaveTextContent(
      `Paying Merchant #1 (payout wallet ${SHOP})`,
    );
  });
});
