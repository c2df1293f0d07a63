// Component tests of sending from the chain the app shows (@vitest-environment jsdom), here the second chain 31338 of
// a two-chain deployment, with only the network faked: both chains' FakeChain nodes (31338 with its Remittance and a
// bridge sender whose lane leads back to 31337), a wallet on 31338, and the compliance API behind the app's real
// client. The quote names the source chain (sourceChainId), the recipient's chain picker offers 31338's own lanes, and
// the confirm step sends to 31338's contracts only with a co-signature made in their domain.
import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import type { Address, Hex } from "viem";
import { beforeEach, describe, expect, it } from "vitest";
import {
  bridgeCosignBody,
  CCIP_FEE,
  homeNode,
  MESSAGE_ID,
  SECOND_BRIDGE,
  SECOND_REMITTANCE,
  SECOND_TOKEN,
  secondRemittanceCosignBody,
  secondSourceNode,
} from "../../test/bridge-fixtures.ts";
import { apiError, FakeServices } from "../../test/fake-services.ts";
import { fakeWallet } from "../../test/fake-wallet.ts";
import { permitSigner } from "../../test/permit.ts";
import { DECISION_ID, decisionBody } from "../../test/fixtures.ts";
import { ALICE, BOB, connectWallet, renderWithApp, twoChainConfig } from "../../test/render.tsx";
import { SendPage } from "../pages/SendPage.tsx";

const API = "/api/compliance/v1";
const HOME_REMITTANCE = twoChainConfig.addressBook.contracts.Remittance.address;

/** The quote the service answers for a 25 tUSD send starting on `chainId` (31338 unless a test says otherwise). */
function quoteBody(chainId = 31338) {
  return {
    chainId,
    token: SECOND_TOKEN,
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

function servicesWith(cosign: object, quote = quoteBody()) {
  const decision = decisionBody({ fee: "125000" });
  return new FakeServices()
    .on("POST", `${API}/quote`, { body: quote })
    .on("POST", `${API}/screen`, { body: decision })
    .on("GET", `${API}/decisions/${DECISION_ID}`, { body: decision })
    .on("POST", `${API}/cosign`, { body: cosign })
    .on(
      "GET",
      `/api/indexer/api/crosschain/${MESSAGE_ID}`,
      apiError(404, "crosschain_remittance_not_found", "Not indexed yet."),
    );
}

/** The Send page with the app showing 31338 and the wallet on 31338. */
async function renderOnSecond(services: FakeServices) {
  const home = homeNode();
  const second = secondSourceNode();
  const wallet = fakeWallet([second, home]);
  const view = renderWithApp(<SendPage />, {
    config: twoChainConfig,
    nodes: [home, second],
    wallet,
    services,
  });
  await connectWallet(view.wagmiConfig);
  return { ...view, wallet, home, second };
}

async function quote(options: { to?: "here" | "home" } = {}) {
  const user = userEvent.setup();
  if (options.to === "home") {
    const picker = await screen.findByLabelText("Recipient's chain");
    await waitFor(() =>
      expect(within(picker).getByRole("option", { name: /^CLXEND local \(/ })).toBeEnabled(),
    );
    await user.selectOptions(picker, "31337");
  }
  await user.type(await screen.findByLabelText("Recipient"), BOB);
  await user.type(screen.getByLabelText("Amount (tUSD)"), "25");
  await user.click(screen.getByRole("button", { name: "Get quote" }));
  return user;
}

async function screenAndConfirm(options: { to?: "here" | "home" } = {}) {
  const user = await quote(options);
  await user.click(await screen.findByRole("button", { name: "Check transfer" }));
  await user.click(await screen.findByRole("button", { name: "Confirm and send" }));
  return user;
}

beforeEach(() => {
  sessionStorage.setItem("clxend.network", "31338");
});

describe("SendPage on the second chain", () => {
  it("offers the send form there, with the lanes of that chain's bridge sender", async () => {
    await renderOnSecond(servicesWith(secondRemittanceCosignBody()));

    const picker = await screen.findByLabelText("Recipient's chain");

    await waitFor(() => expect(within(picker).getAllByRole("option")).toHaveLength(2));
    expect(screen.queryByTestId("home-network-only")).toBeNull();
    expect(
      within(picker)
        .getAllByRole("option")
        .map((option) => option.textContent),
    ).toEqual(["CLXEND local 2 (this chain)", "CLXEND local (over Chainlink CCIP)"]);
    expect(picker).toHaveValue("31338");
  });

  it("asks for the quote with sourceChainId 31338 and shows where the transfer is sent from", async () => {
    const services = servicesWith(secondRemittanceCosignBody());
    await renderOnSecond(services);

    await quote();

    const card = await screen.findByTestId("quote");
    expect(card).toHaveTextContent("Sending fromCLXEND local 2");
    expect(services.to(`${API}/quote`)[0]?.body).toEqual({
      sender: ALICE,
      recipient: BOB,
      token: SECOND_TOKEN,
      amount: "25000000",
      sourceChainId: 31338,
    });
    await userEvent.click(screen.getByRole("button", { name: "Check transfer" }));
    await screen.findByRole("button", { name: "Confirm and send" });
    expect(services.to(`${API}/screen`)[0]?.body).toMatchObject({ sourceChainId: 31338 });
  });

  it("refuses a quote the service made for another chain", async () => {
    await renderOnSecond(servicesWith(secondRemittanceCosignBody(), quoteBody(31337)));

    await quote();

    expect(await screen.findByRole("alert")).toHaveTextContent(
      "The compliance service quoted this transfer for sending on CLXEND local, but it is sent on CLXEND local 2: the service does not serve CLXEND local 2. Pick CLXEND local in the network picker to send from there.",
    );
    expect(screen.queryByTestId("quote")).toBeNull();
  });
});

describe("a local send on the second chain", () => {
  it("signs the permit in that chain's token domain and sends to its Remittance", async () => {
    const { home, second, wallet } = await renderOnSecond(
      servicesWith(secondRemittanceCosignBody()),
    );

    await screenAndConfirm();

    expect(await screen.findByTestId("send-confirmed")).toBeVisible();
    const [tx] = second.sentTo(SECOND_REMITTANCE, "sendWithPermit");
    expect(tx?.from.toLowerCase()).toBe(ALICE.toLowerCase());
    expect(home.transactions).toEqual([]);
    const permit = tx?.args[2] as { r: Hex; s: Hex; v: number };
    const signer = await permitSigner({
      chainId: 31338,
      token: SECOND_TOKEN,
      owner: ALICE,
      spender: SECOND_REMITTANCE,
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
  });

  it("refuses a co-signature made in the home chain's domain, before the wallet asks", async () => {
    const { home, second, wallet } = await renderOnSecond(
      servicesWith(
        secondRemittanceCosignBody({ chainId: 31337, verifyingContract: HOME_REMITTANCE }),
      ),
    );

    await screenAndConfirm();

    expect(await screen.findByRole("alert")).toHaveTextContent(
      "The compliance approval is for sending on CLXEND local, but this transfer is sent on CLXEND local 2. Start the transfer again.",
    );
    expect(wallet.prompts).toEqual([]);
    expect(second.transactions).toEqual([]);
    expect(home.transactions).toEqual([]);
  });

  it("refuses a co-signature for another contract than this chain's Remittance", async () => {
    const { second, wallet } = await renderOnSecond(
      servicesWith(secondRemittanceCosignBody({ verifyingContract: HOME_REMITTANCE })),
    );

    await screenAndConfirm();

    expect(await screen.findByRole("alert")).toHaveTextContent(
      `The compliance approval is not for the Remittance contract of CLXEND local 2 (${SECOND_REMITTANCE}). Start the transfer again.`,
    );
    expect(wallet.prompts).toEqual([]);
    expect(second.transactions).toEqual([]);
  });
});

describe("a cross-chain send from the second chain to the home chain", () => {
  it("quotes with both chains and sends to the second chain's bridge with the CCIP fee", async () => {
    const services = servicesWith(bridgeCosignBody({ from: "second" }));
    const { home, second } = await renderOnSecond(services);

    await screenAndConfirm({ to: "home" });

    const status = await screen.findByTestId("crosschain-status");
    expect(services.to(`${API}/quote`)[0]?.body).toMatchObject({
      sourceChainId: 31338,
      destinationChainId: 31337,
    });
    const [tx] = second.sentTo(SECOND_BRIDGE, "sendWithPermit");
    expect(tx?.value).toBe(CCIP_FEE);
    expect(home.transactions).toEqual([]);
    expect(within(status).getByTestId("crosschain-source-tx")).toHaveAttribute(
      "href",
      `/tx/${tx?.hash}?chain=31338`,
    );
    expect(within(status).getByTestId("crosschain-delivery")).toHaveTextContent(
      /^On its way to CLXEND local over Chainlink CCIP/,
    );
  });

  it("refuses a co-signature made in the home chain's bridge domain, before the wallet asks", async () => {
    const { home, second, wallet } = await renderOnSecond(servicesWith(bridgeCosignBody()));

    await screenAndConfirm({ to: "home" });

    expect(await screen.findByRole("alert")).toHaveTextContent(
      "The compliance approval is for sending on CLXEND local, but this transfer is sent on CLXEND local 2. Start the transfer again.",
    );
    expect(wallet.prompts).toEqual([]);
    expect(second.transactions).toEqual([]);
    expect(home.transactions).toEqual([]);
  });

  it("refuses a co-signature in this chain's domain for another bridge", async () => {
    const cosign = bridgeCosignBody({ from: "second" });
    cosign.domain.verifyingContract = SECOND_REMITTANCE as Address;
    const { second, wallet } = await renderOnSecond(servicesWith(cosign));

    await screenAndConfirm({ to: "home" });

    expect(await screen.findByRole("alert")).toHaveTextContent(
      "The compliance approval is not for the bridge to CLXEND local. Start the transfer again.",
    );
    expect(wallet.prompts).toEqual([]);
    expect(second.transactions).toEqual([]);
  });
});
