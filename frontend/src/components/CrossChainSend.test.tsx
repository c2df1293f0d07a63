// Component tests of a cross-chain send (@vitest-environment jsdom) with only the network faked: two FakeChain nodes
// (the home chain with the bridge sender, the second chain with the receiver), the wallet, and the compliance API and
// indexer behind the app's real clients. The recipient's chain picker, the CCIP fee before confirming (and the stop
// when the wallet lacks it), the send to the bridge with the fee as value, and the status until delivery.
import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { type Hex, zeroAddress } from "viem";
import { describe, expect, it } from "vitest";
import {
  BRIDGE,
  bridgeCosignBody,
  CCIP_FEE,
  crossChainRow,
  HOME_TOKEN,
  homeNode,
  MESSAGE_ID,
  secondNode,
} from "../../test/bridge-fixtures.ts";
import type { FakeChain } from "../../test/fake-chain.ts";
import { apiError, FakeServices } from "../../test/fake-services.ts";
import { fakeWallet } from "../../test/fake-wallet.ts";
import { permitSigner } from "../../test/permit.ts";
import { DECISION_ID, decisionBody } from "../../test/fixtures.ts";
import {
  ALICE,
  BOB,
  connectWallet,
  renderWithApp,
  testConfig,
  twoChainConfig,
} from "../../test/render.tsx";
import { decodeClaimTicket } from "../lib/claim.ts";
import { TransferFlow } from "./TransferFlow.tsx";

const API = "/api/compliance/v1";
const RECORD = `/api/indexer/api/crosschain/${MESSAGE_ID}`;

function quoteBody() {
  return {
    chainId: 31337,
    token: HOME_TOKEN,
    amount: "25000000",
    fee: "125000",
    feeBps: 50,
    total: "25125000",
    amountUsd: 25,
    senderKycLevel: 2,
    limits: null,
    remaining: null,
    travelRule: { required: false, thresholdUsd: 1_000, jurisdiction: "EU" },
  };
}

function servicesWith(cosign = bridgeCosignBody()) {
  const decision = decisionBody({ fee: "125000" });
  return new FakeServices()
    .on("POST", `${API}/quote`, { body: quoteBody() })
    .on("POST", `${API}/screen`, { body: decision })
    .on("GET", `${API}/decisions/${DECISION_ID}`, { body: decision })
    .on("POST", `${API}/cosign`, { body: cosign })
    .on("GET", RECORD, apiError(404, "crosschain_remittance_not_found", "Not indexed yet."));
}

async function renderSend(services: FakeServices, home: FakeChain, config = twoChainConfig) {
  const second = secondNode();
  const wallet = fakeWallet([home, second]);
  const view = renderWithApp(<TransferFlow sender={ALICE} />, {
    config,
    nodes: [home, second],
    wallet,
    services,
  });
  await connectWallet(view.wagmiConfig);
  return { ...view, wallet, second };
}

async function quoteToSecondChain(recipient: string = BOB) {
  const user = userEvent.setup();
  const picker = await screen.findByLabelText("Recipient's chain");
  await waitFor(() =>
    expect(within(picker).getByRole("option", { name: /CLXEND local 2/ })).toBeEnabled(),
  );
  await user.selectOptions(picker, "31338");
  await user.type(screen.getByLabelText("Recipient"), recipient);
  await user.type(screen.getByLabelText("Amount (tUSD)"), "25");
  await user.click(screen.getByRole("button", { name: "Get quote" }));
  return user;
}

describe("TransferFlow: the recipient's chain", () => {
  it("is not offered when the deployment has one chain", async () => {
    await renderSend(servicesWith(), homeNode(), testConfig);

    await screen.findByLabelText("Recipient");
    expect(screen.queryByLabelText("Recipient's chain")).toBeNull();
  });

  it("lists this chain and the chains the bridge has a live lane to", async () => {
    await renderSend(servicesWith(), homeNode());

    const picker = await screen.findByLabelText("Recipient's chain");

    await waitFor(() => expect(within(picker).getAllByRole("option")).toHaveLength(2));
    expect(
      within(picker)
        .getAllByRole("option")
        .map((option) => option.textContent),
    ).toEqual(["CLXEND local (this chain)", "CLXEND local 2 (over Chainlink CCIP)"]);
    expect(picker).toHaveValue("31337");
  });

  it("shows a paused lane as unavailable and leaves out a chain without a lane", async () => {
    const { unmount } = await renderSend(servicesWith(), homeNode({ lane: "paused" }));
    const picker = await screen.findByLabelText("Recipient's chain");
    await waitFor(() =>
      expect(within(picker).getByRole("option", { name: /bridge lane paused/ })).toBeDisabled(),
    );
    unmount();

    await renderSend(servicesWith(), homeNode({ lane: "none" }));

    expect(
      await screen.findByText(/No bridge lane leads from CLXEND local to another chain/),
    ).toBeVisible();
    expect(within(screen.getByLabelText("Recipient's chain")).getAllByRole("option")).toHaveLength(
      1,
    );
  });
});

describe("TransferFlow: a cross-chain send", () => {
  it("quotes with the destination chain and shows the CCIP fee in ETH before anything is signed", async () => {
    const services = servicesWith();
    await renderSend(services, homeNode());

    await quoteToSecondChain();

    const quote = await screen.findByTestId("quote");
    await waitFor(() =>
      expect(screen.getByTestId("ccip-fee")).toHaveTextContent(
        "0.0015 ETH, paid from your ETH on CLXEND local with the transfer",
      ),
    );
    expect(quote).toHaveTextContent("Recipient's chainCLXEND local 2");
    expect(services.to(`${API}/quote`)[0]?.body).toMatchObject({
      recipient: BOB,
      sourceChainId: 31337,
      destinationChainId: 31338,
    });
    expect(screen.getByRole("button", { name: "Check transfer" })).toBeEnabled();
  });

  it("stops with a sentence when the wallet holds less ETH than the CCIP fee", async () => {
    const home = homeNode();
    home.nativeBalances.set(ALICE.toLowerCase(), 1_000_000_000_000_000n);
    await renderSend(servicesWith(), home);

    await quoteToSecondChain();

    expect(await screen.findByTestId("ccip-fee-short")).toHaveTextContent(
      "Your wallet holds 0.001 ETH on CLXEND local, less than the CCIP fee of 0.0015 ETH. Add ETH to your wallet on CLXEND local (it also pays the gas), then check again.",
    );
    expect(screen.getByRole("button", { name: "Check transfer" })).toBeDisabled();
  });

  it("signs the permit for the bridge, sends with the CCIP fee as value and follows the message to delivery", async () => {
    const services = servicesWith();
    const home = homeNode();
    const { wallet } = await renderSend(services, home);
    const user = await quoteToSecondChain();
    await user.click(await screen.findByRole("button", { name: "Check transfer" }));

    expect(await screen.findByTestId("send-plan")).toHaveTextContent(
      /asks twice.*also pays the CCIP fee in ETH; the money then crosses to CLXEND local 2\./,
    );
    await user.click(screen.getByRole("button", { name: "Confirm and send" }));

    const status = await screen.findByTestId("crosschain-status");
    const [tx] = home.sentTo(BRIDGE, "sendWithPermit");
    expect(tx?.value).toBe(CCIP_FEE);
    expect(tx?.args[3]).toBe(zeroAddress);
    const permit = tx?.args[2] as { r: Hex; s: Hex; v: number };
    const signer = await permitSigner({
      chainId: 31337,
      token: HOME_TOKEN,
      owner: ALICE,
      spender: BRIDGE,
      value: 25_125_000n,
      nonce: 0n,
      deadline: 1_900_000_000n,
      permit,
    });
    expect(signer).toBe(ALICE);
    expect(wallet.prompts.map((prompt) => prompt.method)).toEqual([
      "eth_signTypedData_v4",
      "eth_sendTransaction",
    ]);
    expect(within(status).getByTestId("crosschain-source-tx")).toHaveAttribute(
      "href",
      `/tx/${tx?.hash}?chain=31337`,
    );
    expect(within(status).getByTestId("crosschain-delivery")).toHaveTextContent(
      /^On its way to CLXEND local 2 over Chainlink CCIP/,
    );

    services.on("GET", RECORD, { body: crossChainRow() });

    const delivered = await within(status).findByTestId(
      "crosschain-delivered",
      {},
      { timeout: 5_000 },
    );
    expect(delivered).toHaveTextContent(
      "Delivered on CLXEND local 2: 25.00 tUSD credited to 0x976E…0aa9 in transaction 0xdededede….",
    );
    expect(within(status).getByTestId("crosschain-destination-tx")).toHaveAttribute(
      "href",
      `/tx/0x${"de".repeat(32)}?chain=31338`,
    );
  });

  it("refuses a co-signature made for another contract than the bridge, before the wallet asks", async () => {
    const home = homeNode();
    const { wallet } = await renderSend(
      servicesWith(bridgeCosignBody({ contract: "Remittance" })),
      home,
    );
    const user = await quoteToSecondChain();
    await user.click(await screen.findByRole("button", { name: "Check transfer" }));

    await user.click(await screen.findByRole("button", { name: "Confirm and send" }));

    expect(await screen.findByRole("alert")).toHaveTextContent(
      "The compliance approval is not for the bridge to CLXEND local 2. Start the transfer again.",
    );
    expect(wallet.prompts).toEqual([]);
    expect(home.transactions).toEqual([]);
  });

  it("sends a phone-number recipient to a cross-chain escrow and shares a claim link for the destination chain", async () => {
    const cosign = bridgeCosignBody({ recipient: zeroAddress });
    const services = servicesWith(cosign);
    const home = homeNode({ allowance: 25_125_000n });
    await renderSend(services, home);
    const user = await quoteToSecondChain("+44 20 7946 0000");
    const claimHash = (services.to(`${API}/quote`)[0]?.body as { claimHash: Hex }).claimHash;
    cosign.approval.claimHash = claimHash;
    await user.click(await screen.findByRole("button", { name: "Check transfer" }));

    await user.click(await screen.findByRole("button", { name: "Confirm and send" }));

    const link = await screen.findByLabelText("Claim link");
    const [tx] = home.sentTo(BRIDGE, "sendToEscrow");
    expect(tx?.value).toBe(CCIP_FEE);
    const ticket = decodeClaimTicket((link as HTMLTextAreaElement).value);
    expect(ticket).toMatchObject({
      chainId: 31338,
      id: MESSAGE_ID,
      bridge: true,
      sender: ALICE,
      amount: 25_000_000n,
      expiresAt: tx?.args[1],
    });
  });
});
