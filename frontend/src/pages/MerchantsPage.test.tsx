// Component tests of the merchant directory (@vitest-environment jsdom) with only the network faked: the node that
// holds the MerchantRegistry, the wallet and the compliance API. Pending, error, empty and data states, and paying.
import { screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import type { Address } from "viem";
import { describe, expect, it } from "vitest";
import { FakeChain } from "../../test/fake-chain.ts";
import { FakeServices } from "../../test/fake-services.ts";
import { fakeWallet } from "../../test/fake-wallet.ts";
import { ALICE, connectWallet, renderWithApp, testConfig } from "../../test/render.tsx";
import { merchantRegistryAbi, permitTokenAbi } from "../chain/abis.ts";
import MerchantsPage from "./MerchantsPage.tsx";

const REGISTRY = testConfig.addressBook.contracts.MerchantRegistry.address;
const TOKEN = testConfig.addressBook.tokens.tUSD?.address as Address;
const SHOP: Address = "0x14dC79964da2C08b23698B3D3cc7Ca32193d9955";
const CAFE: Address = "0x23618e81E3f5cdF7f54C3d65f7FBc0aBf5B21E8f";

const merchant = (payout: Address, status: number, category: number, feeBps: number) => ({
  owner: payout,
  payout,
  did: payout,
  feeBps,
  status,
  category,
  displayNameHash: `0x${"11".repeat(32)}`,
});

/** A node whose registry holds `merchants` (ids from 1) and where alice holds 100 tUSD. */
function nodeWith(merchants: ReturnType<typeof merchant>[], pending?: Promise<void>) {
  return new FakeChain()
    .contract(REGISTRY, {
      abi: merchantRegistryAbi,
      read: {
        merchantCount: () => BigInt(merchants.length),
        merchantOf: ([id]) => merchants[Number(id) - 1],
      },
    })
    .contract(TOKEN, { abi: permitTokenAbi, read: { balanceOf: () => 100_000_000n } })
    .holdUntil(pending);
}

describe("MerchantsPage", () => {
  it("shows the pending state, then only approved merchants with category, DID and fee", async () => {
    let release = () => {};
    const pending = new Promise<void>((resolve) => {
      release = resolve;
    });
    const node = nodeWith(
      [merchant(SHOP, 2, 5411, 150), merchant(CAFE, 1, 5812, 100), merchant(CAFE, 2, 7999, 0)],
      pending,
    );
    renderWithApp(<MerchantsPage />, { node, connected: null, services: new FakeServices() });

    expect(await screen.findByText("Loading the merchant directory…")).toBeVisible();
    release();

    const cards = await screen.findAllByRole("heading", { level: 2 });
    expect(cards.map((card) => card.textContent)).toEqual(["Merchant #1", "Merchant #3"]);
    const first = cards[0]?.closest("li");
    expect(first).toHaveTextContent("Groceries");
    expect(first).toHaveTextContent(`did:ethr:0x7a69:${SHOP}`);
    expect(first).toHaveTextContent("Fee 1.50% · payout 0x14dC…9955");
    expect(cards[1]?.closest("li")).toHaveTextContent("Category 7999");
  });

  it("says when no merchant is approved yet", async () => {
    renderWithApp(<MerchantsPage />, {
      node: nodeWith([merchant(SHOP, 1, 5411, 150)]),
      connected: null,
      services: new FakeServices(),
    });

    expect(await screen.findByText("No approved merchants yet.")).toBeVisible();
  });

  it("explains an unreachable node", async () => {
    const node = nodeWith([]);
    node.unreachable = true;
    renderWithApp(<MerchantsPage />, { node, connected: null, services: new FakeServices() });

    expect(
      await screen.findByText(
        "The blockchain node cannot be reached. Check your connection and try again.",
        {},
        { timeout: 5_000 },
      ),
    ).toBeVisible();
  });

  it("opens the payment to a merchant's payout wallet and quotes it with the merchant id", async () => {
    const node = nodeWith([merchant(SHOP, 2, 5411, 150)]);
    const services = new FakeServices().on("POST", "/api/compliance/v1/quote", {
      body: {
        chainId: 31337,
        token: TOKEN,
        amount: "20000000",
        fee: "300000",
        feeBps: 150,
        total: "20300000",
        amountUsd: 20,
        senderKycLevel: 2,
        limits: { perTransferUsd: 50_000, dailyUsd: 100_000, weeklyUsd: 250_000 },
        remaining: { dailyUsd: 100_000, weeklyUsd: 250_000 },
        travelRule: { required: false, thresholdUsd: 1_000, jurisdiction: "US" },
      },
    });
    const view = renderWithApp(<MerchantsPage />, { node, wallet: fakeWallet(node), services });
    await connectWallet(view.wagmiConfig);
    const user = userEvent.setup();

    await user.click(await screen.findByRole("button", { name: "Pay Merchant #1" }));
    expect(screen.getByRole("heading", { name: "Pay Merchant #1" })).toBeVisible();
    expect(screen.getByText(/^Paying/)).toHaveTextContent(
      `Paying Merchant #1 (payout wallet ${SHOP}).`,
    );
    await user.type(screen.getByLabelText("Amount (tUSD)"), "20");
    await user.click(screen.getByRole("button", { name: "Get quote" }));

    await waitFor(() =>
      expect(screen.getByTestId("quote")).toHaveTextContent("Fee (1.50%)0.30 tUSD"),
    );
    expect(services.to("/api/compliance/v1/quote")[0]?.body).toEqual({
      sender: ALICE,
      token: TOKEN,
      amount: "20000000",
      recipient: SHOP,
      merchantId: "1",
      sourceChainId: 31337,
    });
  });
});
