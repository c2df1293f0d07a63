// Component tests of the cross-chain status (@vitest-environment jsdom) with only the network faked: the indexer's
// record of the CCIP message behind the app's real client, both chains' nodes and the wallet. On its way, delivered,
// and a failed delivery with its reason and the actions on the destination chain (the wallet switches there first).
import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { encodeErrorResult, zeroHash } from "viem";
import { describe, expect, it } from "vitest";
import {
  BRIDGE_REMITTANCE_ID,
  crossChainRow,
  HOME,
  HOME_SELECTOR,
  homeNode,
  MESSAGE_ID,
  RECEIVER,
  SECOND,
  SECOND_TOKEN,
  secondNode,
} from "../../test/bridge-fixtures.ts";
import { apiError, FakeServices } from "../../test/fake-services.ts";
import { BOB_KEY, fakeWallet } from "../../test/fake-wallet.ts";
import { ALICE, BOB, connectWallet, renderWithApp, twoChainConfig } from "../../test/render.tsx";
import type { CrossChainRow } from "../api/indexer.ts";
import { bridgeReceiverAbi } from "../chain/abis.ts";
import { CrossChainStatus } from "./CrossChainStatus.tsx";

const RECORD = `/api/indexer/api/crosschain/${MESSAGE_ID}`;
const SOURCE_TX = `0x${"5e".repeat(32)}` as const;

const lanePaused = encodeErrorResult({
  abi: bridgeReceiverAbi,
  errorName: "BridgeLanePaused",
  args: [HOME_SELECTOR],
});

async function renderStatus(record: CrossChainRow | null, options: { as?: "alice" | "bob" } = {}) {
  const services = new FakeServices().on(
    "GET",
    RECORD,
    record ? { body: record } : apiError(404, "crosschain_remittance_not_found", "Not yet."),
  );
  const home = homeNode();
  const second = secondNode();
  const wallet = fakeWallet([home, second], options.as === "bob" ? { privateKey: BOB_KEY } : {});
  const view = renderWithApp(
    <CrossChainStatus
      messageId={MESSAGE_ID}
      sourceTx={SOURCE_TX}
      source={HOME}
      destination={SECOND}
    />,
    { config: twoChainConfig, nodes: [home, second], wallet, services },
  );
  await connectWallet(view.wagmiConfig);
  return { ...view, services, wallet, home, second };
}

describe("CrossChainStatus", () => {
  it("shows the source transaction and waits for the delivery while the indexer has no record", async () => {
    await renderStatus(null);

    expect(await screen.findByTestId("crosschain-sent")).toHaveTextContent(
      "Sent on CLXEND local in transaction 0x5e5e5e5e….",
    );
    expect(screen.getByTestId("crosschain-source-tx")).toHaveAttribute(
      "href",
      `/tx/${SOURCE_TX}?chain=31337`,
    );
    expect(screen.getByTestId("crosschain-delivery")).toHaveTextContent(
      /^On its way to CLXEND local 2 over Chainlink CCIP/,
    );
  });

  it("shows the delivery on the destination chain with its transaction", async () => {
    await renderStatus(crossChainRow());

    expect(await screen.findByTestId("crosschain-delivered")).toHaveTextContent(
      "Delivered on CLXEND local 2: 25.00 tUSD credited to 0x976E…0aa9 in transaction 0xdededede….",
    );
    expect(screen.getByTestId("crosschain-destination-tx")).toHaveAttribute(
      "href",
      `/tx/0x${"de".repeat(32)}?chain=31338`,
    );
  });

  it("explains a failed delivery and lets the sender take the money back on the destination chain", async () => {
    const failed = crossChainRow({
      status: "failed",
      deliveredTx: null,
      failedTx: `0x${"fa".repeat(32)}`,
      failureReason: lanePaused,
    });
    const { wallet, second } = await renderStatus(failed);

    const note = await screen.findByTestId("crosschain-failed");
    expect(note).toHaveTextContent(
      "The delivery failed on CLXEND local 2: The bridge lane between these chains is paused by the operator. Try again once it is resumed. The 25.00 tUSD wait safely in the bridge on CLXEND local 2",
    );
    expect(within(note).getByRole("button", { name: "Try the delivery again" })).toBeEnabled();
    await userEvent.click(
      within(note).getByRole("button", { name: "Take the money back on CLXEND local 2" }),
    );

    await waitFor(() => expect(second.sentTo(RECEIVER, "refundFailedDelivery")).toHaveLength(1));
    expect(second.sentTo(RECEIVER, "refundFailedDelivery")[0]?.args).toEqual([
      MESSAGE_ID,
      {
        remittanceId: BRIDGE_REMITTANCE_ID,
        sourceChainSelector: HOME_SELECTOR,
        sender: ALICE,
        recipient: BOB,
        claimHash: zeroHash,
        expiresAt: 0n,
        token: SECOND_TOKEN,
        amount: 25_000_000n,
      },
    ]);
    expect(wallet.prompts.map((prompt) => prompt.method)).toEqual([
      "wallet_switchEthereumChain",
      "eth_sendTransaction",
    ]);
    expect(wallet.currentChainId()).toBe(31338);
    expect(await screen.findByTestId("crosschain-action-done")).toBeVisible();
  });

  it("offers anyone else only the retry, and sends it on the destination chain", async () => {
    const failed = crossChainRow({ status: "failed", deliveredTx: null, failureReason: "0x" });
    const { second } = await renderStatus(failed, { as: "bob" });

    const note = await screen.findByTestId("crosschain-failed");
    expect(note).toHaveTextContent("refused the delivery without a reason");
    expect(within(note).queryByRole("button", { name: /Take the money back/ })).toBeNull();
    await userEvent.click(within(note).getByRole("button", { name: "Try the delivery again" }));

    await waitFor(() => expect(second.sentTo(RECEIVER, "retryFailedDelivery")).toHaveLength(1));
    expect(second.sentTo(RECEIVER, "retryFailedDelivery")[0]?.args[1]).toMatchObject({
      recipient: BOB,
      token: SECOND_TOKEN,
    });
  });

  it("shows an escrow waiting for its claim, and lets the sender refund it there once expired", async () => {
    const expiresAt = String(Math.floor(Date.now() / 1000) - 60);
    const escrow = crossChainRow({
      status: "escrowed",
      recipient: null,
      claimHash: `0x${"cd".repeat(32)}`,
      expiresAt,
    });
    const { second } = await renderStatus(escrow);

    expect(await screen.findByTestId("crosschain-escrowed")).toHaveTextContent(
      /held in escrow until the recipient claims it with the link/,
    );
    await userEvent.click(
      screen.getByRole("button", { name: "Refund to my wallet on CLXEND local 2" }),
    );

    await waitFor(() => expect(second.sentTo(RECEIVER, "refundEscrow")).toHaveLength(1));
    expect(second.sentTo(RECEIVER, "refundEscrow")[0]?.args).toEqual([
      MESSAGE_ID,
      {
        sender: ALICE,
        token: SECOND_TOKEN,
        amount: 25_000_000n,
        claimHash: `0x${"cd".repeat(32)}`,
        expiresAt: BigInt(expiresAt),
      },
    ]);
  });
});
