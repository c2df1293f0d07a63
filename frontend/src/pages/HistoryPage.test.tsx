// Component tests of the history screen (@vitest-environment jsdom) with only the network faked: the indexer behind
// the app's real client, the node and the wallet. Pending, error and data states, filters, cursor pages, refunds, and
// cross-chain remittances on both of their chains.
import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import type { Address, Hex } from "viem";
import { describe, expect, it } from "vitest";
import { crossChainRow, homeNode, secondNode } from "../../test/bridge-fixtures.ts";
import {
  ALICE,
  BOB,
  connectWallet,
  renderWithApp,
  testConfig,
  twoChainConfig,
} from "../../test/render.tsx";
import { FakeChain } from "../../test/fake-chain.ts";
import { deferred, FakeServices } from "../../test/fake-services.ts";
import { BOB_KEY, fakeWallet } from "../../test/fake-wallet.ts";
import type { RemittanceRow } from "../api/indexer.ts";
import { remittanceAbi } from "../chain/abis.ts";
import HistoryPage from "./HistoryPage.tsx";

const TOKEN = testConfig.addressBook.tokens.tUSD?.address as Address;
const REMITTANCE = testConfig.addressBook.contracts.Remittance.address;
const HISTORY = `/api/indexer/api/accounts/31337/${ALICE}/remittances`;
const VOLUME = "/api/indexer/api/stats/volume";
const NOW = Math.floor(Date.now() / 1000);

function rowOf(overrides: Partial<RemittanceRow>): RemittanceRow {
  return {
    chainId: 31337,
    id: `0x${"00".repeat(31)}01`,
    contract: REMITTANCE,
    kind: "direct",
    status: "sent",
    sender: ALICE,
    recipient: BOB,
    claimHash: null,
    token: TOKEN,
    amount: "12500000",
    fee: "62500",
    expiresAt: null,
    merchantId: null,
    sentBlock: "90",
    sentTimestamp: String(NOW - 3_600),
    sentTx: `0x${"ab".repeat(32)}`,
    claimer: null,
    claimedTimestamp: null,
    claimedTx: null,
    refundedTimestamp: null,
    refundedTx: null,
    ...overrides,
  };
}

const id = (n: number): Hex => `0x${n.toString(16).padStart(64, "0")}`;

async function renderHistory(services: FakeServices, node = new FakeChain()) {
  const wallet = fakeWallet(node);
  const view = renderWithApp(<HistoryPage />, { node, wallet, services });
  await connectWallet(view.wagmiConfig);
  return { ...view, node, wallet };
}

function indexerWith(items: RemittanceRow[], nextCursor: string | null = null) {
  return new FakeServices()
    .on("GET", HISTORY, { body: { items, nextCursor } })
    .on("GET", VOLUME, { body: { days: [] } });
}

/** Selects each status option in turn and checks that it names exactly the labels of the rows it then shows. */
async function expectOptionsNameTheirRows(
  options: HTMLElement[],
  byStatus: Record<string, readonly unknown[]>,
) {
  const user = userEvent.setup();
  for (const option of options) {
    const status = (option as HTMLOptionElement).value;
    await user.selectOptions(screen.getByLabelText("Status"), option);
    const table = await screen.findByTestId("history-table");
    await waitFor(() =>
      expect(within(table).getAllByRole("row")).toHaveLength((byStatus[status]?.length ?? 0) + 1),
    );
    const shown = [...table.querySelectorAll("tbody .pill")].map((pill) => pill.textContent ?? "");
    const named = (option.textContent ?? "").replace(/ \(cross-chain\)$/, "").split(" / ");
    expect({ status, shown: [...new Set(shown)].sort() }).toEqual({ status, shown: named.sort() });
  }
}

describe("HistoryPage", () => {
  it("asks for a wallet before it reads any history", () => {
    const services = indexerWith([]);
    renderWithApp(<HistoryPage />, { node: new FakeChain(), connected: null, services });

    expect(
      screen.getByText(/Connect your wallet \(button at the top\) to see your transfers/),
    ).toBeVisible();
    expect(services.requests).toHaveLength(0);
  });

  it("shows the pending state, then each transfer's direction, counterparty, amount and status", async () => {
    const answer = deferred();
    const services = indexerWith([]).on("GET", HISTORY, answer.reply);
    await renderHistory(services);

    expect(await screen.findByText("Loading your transfers…")).toBeVisible();
    answer.release({
      body: {
        items: [
          rowOf({ id: id(1) }),
          rowOf({ id: id(2), sender: BOB, recipient: ALICE, amount: "3000000" }),
          rowOf({
            id: id(3),
            kind: "escrow",
            recipient: null,
            claimHash: `0x${"cd".repeat(32)}`,
            expiresAt: String(NOW + 86_400),
            amount: "7000000",
          }),
          rowOf({ id: id(4), kind: "escrow", status: "claimed", claimer: BOB, amount: "1234567" }),
        ],
        nextCursor: null,
      },
    });

    const table = await screen.findByTestId("history-table");
    const rows = within(table).getAllByRole("row").slice(1);
    expect(rows.map((row) => row.textContent)).toEqual([
      expect.stringMatching(/Sent0x976E…0aa912\.50 tUSDDelivered0xabababab…$/),
      expect.stringMatching(/Received0x976E…0aa93\.00 tUSDDelivered/),
      expect.stringMatching(/Sentescrow \(claim link\)7\.00 tUSDWaiting for claim/),
      expect.stringMatching(/Sent0x976E…0aa91\.234567 tUSDClaimed/),
    ]);
    expect(screen.queryByText("Loading your transfers…")).toBeNull();
    expect(services.to(HISTORY)[0]?.query.get("role")).toBe("any");
  });

  it("explains an indexer that is down and loads the page when asked to try again", async () => {
    const services = indexerWith([rowOf({})]).on("GET", HISTORY, { status: 503 });
    await renderHistory(services);

    const alert = await screen.findByRole("alert");
    expect(alert).toHaveTextContent(
      "The history service (indexer) is not available right now. Try again in a minute.",
    );
    services.on("GET", HISTORY, { body: { items: [rowOf({})], nextCursor: null } });
    await userEvent.click(within(alert).getByRole("button", { name: "Try again" }));

    expect(await screen.findByTestId("history-table")).toHaveTextContent("12.50 tUSD");
    expect(screen.queryByRole("alert")).toBeNull();
  });

  it("says when there are no transfers and no network volume yet", async () => {
    await renderHistory(indexerWith([]));

    expect(await screen.findByText("No transfers yet.")).toBeVisible();
    expect(await screen.findByText(/^No transfers sent from .+ yet\.$/)).toBeVisible();
    expect(screen.queryByTestId("history-table")).toBeNull();
  });

  it("filters by direction and status, and pages with the indexer's cursor", async () => {
    const services = indexerWith([rowOf({})], "cursor-2");
    await renderHistory(services);
    const user = userEvent.setup();
    await screen.findByTestId("history-table");

    await user.selectOptions(screen.getByLabelText("Show"), "Received");
    await user.selectOptions(screen.getByLabelText("Status"), "Claimed");
    await waitFor(() => expect(services.to(HISTORY).at(-1)?.query.get("status")).toBe("claimed"));
    await user.click(screen.getByRole("button", { name: "Older" }));

    await waitFor(() => expect(services.to(HISTORY).at(-1)?.query.get("cursor")).toBe("cursor-2"));
    const last = services.to(HISTORY).at(-1)?.query;
    expect(last?.get("role")).toBe("recipient");
    expect(last?.get("status")).toBe("claimed");
    expect(screen.getByText("Page 2")).toBeVisible();
    expect(screen.getByRole("button", { name: "Newer" })).toBeEnabled();
  });

  it("names each status filter by the labels of the rows it shows", async () => {
    const escrow = {
      kind: "escrow" as const,
      recipient: null,
      claimHash: `0x${"cd".repeat(32)}` as Hex,
    };
    const byStatus: Record<string, RemittanceRow[]> = {
      sent: [
        rowOf({ id: id(1) }),
        rowOf({ id: id(2), kind: "merchant", merchantId: "1" }),
        rowOf({ id: id(3), ...escrow, expiresAt: String(NOW + 86_400) }),
        rowOf({ id: id(4), ...escrow, expiresAt: String(NOW - 60) }),
      ],
      claimed: [rowOf({ id: id(5), ...escrow, status: "claimed", claimer: BOB })],
      refunded: [rowOf({ id: id(6), ...escrow, status: "refunded", expiresAt: String(NOW - 60) })],
    };
    const services = indexerWith([]).on("GET", HISTORY, (request) => ({
      body: { items: byStatus[request.query.get("status") ?? ""] ?? [], nextCursor: null },
    }));
    await renderHistory(services);
    const filter = screen.getByLabelText("Status");
    const options = within(filter)
      .getAllByRole("option")
      .filter((option) => (option as HTMLOptionElement).value !== "");

    expect(options.map((option) => option.textContent)).toEqual([
      "Delivered / Waiting for claim / Expired, unclaimed",
      "Claimed",
      "Refunded",
    ]);
    await expectOptionsNameTheirRows(options, byStatus);
  });

  it("refunds an expired escrow the wallet sent, from the wallet", async () => {
    const escrow = rowOf({
      id: id(9),
      kind: "escrow",
      recipient: null,
      claimHash: `0x${"cd".repeat(32)}`,
      expiresAt: String(NOW - 60),
      amount: "7000000",
    });
    const node = new FakeChain().contract(REMITTANCE, {
      abi: remittanceAbi,
      write: { refund: () => [] },
    });
    const { wallet } = await renderHistory(indexerWith([escrow]), node);

    expect(await screen.findByText("Expired, unclaimed")).toBeVisible();
    await userEvent.click(screen.getByRole("button", { name: "Refund" }));

    await waitFor(() => expect(node.sentTo(REMITTANCE, "refund")).toHaveLength(1));
    expect(node.sentTo(REMITTANCE, "refund")[0]?.args).toEqual([
      id(9),
      {
        sender: ALICE,
        token: TOKEN,
        amount: 7_000_000n,
        claimHash: `0x${"cd".repeat(32)}`,
        expiresAt: BigInt(NOW - 60),
      },
    ]);
    expect(wallet.prompts.map((prompt) => prompt.method)).toEqual(["eth_sendTransaction"]);
  });
});

describe("HistoryPage: cross-chain remittances", () => {
  const BOB_HISTORY_ON_SECOND = `/api/indexer/api/accounts/31338/${BOB}/remittances`;

  it("shows a cross-chain send with both chains, both transactions and its status", async () => {
    const services = new FakeServices()
      .on("GET", HISTORY, {
        body: {
          items: [
            crossChainRow({
              direction: "outgoing",
              status: "sent",
              deliveredTx: null,
              receivedTx: null,
            }),
            crossChainRow({ direction: "outgoing", messageId: `0x${"4e".repeat(32)}` }),
          ],
          nextCursor: null,
        },
      })
      .on("GET", VOLUME, { body: { days: [] } });
    const home = homeNode();
    const wallet = fakeWallet([home, secondNode()]);
    const view = renderWithApp(<HistoryPage />, {
      config: twoChainConfig,
      nodes: [home, secondNode()],
      wallet,
      services,
    });
    await connectWallet(view.wagmiConfig);

    const rows = await screen.findAllByTestId("history-crosschain");
    expect(screen.getByTestId("history-network")).toHaveTextContent(/^Transfers on CLXEND local;/);
    expect(rows[0]).toHaveTextContent(
      /Sent to CLXEND local 2cross-chain \(CCIP\)0x976E…0aa925\.00 tUSDOn its wayCLXEND local0x5e5e5e5e…CLXEND local 2not arrived yet$/,
    );
    expect(rows[1]).toHaveTextContent(/DeliveredCLXEND local0x5e5e5e5e…CLXEND local 20xdededede…$/);
    const links = within(rows[1] as HTMLElement).getAllByRole("link");
    expect(links.map((link) => link.getAttribute("href"))).toEqual([
      `/tx/0x${"5e".repeat(32)}?chain=31337`,
      `/tx/0x${"de".repeat(32)}?chain=31338`,
    ]);
  });

  it("names each status filter by the labels of the rows it shows, cross-chain ones included", async () => {
    const claimHash = `0x${"cd".repeat(32)}` as Hex;
    const byStatus: Record<string, unknown[]> = {
      sent: [
        rowOf({ id: id(1) }),
        rowOf({
          id: id(2),
          kind: "escrow",
          recipient: null,
          claimHash,
          expiresAt: String(NOW + 9),
        }),
        rowOf({
          id: id(3),
          kind: "escrow",
          recipient: null,
          claimHash,
          expiresAt: String(NOW - 9),
        }),
        crossChainRow({
          direction: "outgoing",
          status: "sent",
          deliveredTx: null,
          receivedTx: null,
        }),
      ],
      claimed: [crossChainRow({ direction: "outgoing", status: "claimed", claimer: BOB })],
      refunded: [rowOf({ id: id(4), kind: "escrow", status: "refunded", recipient: null })],
      delivered: [crossChainRow({ direction: "outgoing" })],
      escrowed: [
        crossChainRow({
          direction: "outgoing",
          status: "escrowed",
          recipient: null,
          claimHash,
          expiresAt: String(NOW + 86_400),
        }),
        crossChainRow({
          direction: "outgoing",
          messageId: `0x${"4e".repeat(32)}`,
          status: "escrowed",
          recipient: null,
          claimHash,
          expiresAt: String(NOW - 60),
        }),
      ],
      failed: [
        crossChainRow({
          direction: "outgoing",
          status: "failed",
          deliveredTx: null,
          failedTx: `0x${"fa".repeat(32)}`,
        }),
      ],
    };
    const services = new FakeServices()
      .on("GET", HISTORY, (request) => ({
        body: { items: byStatus[request.query.get("status") ?? ""] ?? [], nextCursor: null },
      }))
      .on("GET", VOLUME, { body: { days: [] } });
    const home = homeNode();
    const view = renderWithApp(<HistoryPage />, {
      config: twoChainConfig,
      nodes: [home, secondNode()],
      wallet: fakeWallet([home, secondNode()]),
      services,
    });
    await connectWallet(view.wagmiConfig);
    const options = within(screen.getByLabelText("Status"))
      .getAllByRole("option")
      .filter((option) => (option as HTMLOptionElement).value !== "");

    expect(options.map((option) => option.textContent)).toEqual([
      "Delivered / Waiting for claim / Expired, unclaimed / On its way",
      "Claimed",
      "Refunded",
      "Delivered (cross-chain)",
      "Waiting for claim / Expired, unclaimed (cross-chain)",
      "Delivery failed (cross-chain)",
    ]);
    await expectOptionsNameTheirRows(options, byStatus);
  });

  it("shows the recipient the remittance in their history on the destination chain", async () => {
    sessionStorage.setItem("clxend.network", "31338");
    const services = new FakeServices()
      .on("GET", BOB_HISTORY_ON_SECOND, {
        body: { items: [crossChainRow({ direction: "incoming" })], nextCursor: null },
      })
      .on("GET", VOLUME, { body: { days: [] } });
    const home = homeNode();
    const second = secondNode();
    const wallet = fakeWallet([home, second], { privateKey: BOB_KEY });
    const view = renderWithApp(<HistoryPage />, {
      config: twoChainConfig,
      nodes: [home, second],
      wallet,
      services,
    });
    await connectWallet(view.wagmiConfig);

    const [row] = await screen.findAllByTestId("history-crosschain");
    expect(row).toHaveTextContent(
      /Received from CLXEND localcross-chain \(CCIP\)0x9965…A4dc25\.00 tUSDDelivered/,
    );
    expect(screen.getByTestId("history-network")).toHaveTextContent(
      /^Transfers on CLXEND local 2;/,
    );
    expect(services.to(BOB_HISTORY_ON_SECOND)).not.toHaveLength(0);
  });
});
