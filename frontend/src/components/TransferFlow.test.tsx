// Component tests of the send flow (@vitest-environment jsdom) with only the network faked: the compliance API behind
// the app's real client, the node (token and Remittance models) and the wallet. Quote with fee and balance, the
// Travel-Rule form, the compliance decision with its reasons, and the confirm step with the fewest wallet prompts.
import { screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { type Address, zeroAddress, zeroHash } from "viem";
import { describe, expect, it, vi } from "vitest";
import { FakeChain } from "../../test/fake-chain.ts";
import { apiError, FakeServices } from "../../test/fake-services.ts";
import { fakeWallet } from "../../test/fake-wallet.ts";
import { DECISION_ID, decisionBody } from "../../test/fixtures.ts";
import { ALICE, BOB, connectWallet, renderWithApp, testConfig } from "../../test/render.tsx";
import type { Quote } from "../api/compliance.ts";
import { permitTokenAbi, remittanceAbi } from "../chain/abis.ts";
import { stablecoinOf } from "../config/runtime.ts";
import { decodeClaimTicket } from "../lib/claim.ts";
import { TransferFlow } from "./TransferFlow.tsx";

const TOKEN = stablecoinOf(testConfig).address;
const REMITTANCE = testConfig.addressBook.contracts.Remittance.address;
const API = "/api/compliance/v1";
const REMITTANCE_ID = `0x${"00".repeat(31)}2a` as const;

/** A node where alice holds `balance` tUSD base units and Remittance accepts every send. */
function nodeWith(balance: bigint, allowance = 0n) {
  const sent = () => [
    {
      eventName: "RemittanceSent",
      args: { id: REMITTANCE_ID, sender: ALICE, recipient: BOB, amount: 25_000_000n },
    },
  ];
  return new FakeChain()
    .contract(TOKEN, {
      abi: permitTokenAbi,
      read: {
        balanceOf: () => balance,
        allowance: () => allowance,
        nonces: () => 0n,
        eip712Domain: () => [
          "0x0f",
          "CLXEND Test Dollar",
          "1",
          31337n,
          TOKEN,
          `0x${"00".repeat(32)}`,
          [],
        ],
      },
      write: { approve: () => [] },
    })
    .contract(REMITTANCE, {
      abi: remittanceAbi,
      read: { send: () => REMITTANCE_ID, sendWithPermit: () => REMITTANCE_ID },
      write: { send: sent, sendWithPermit: sent },
    });
}

function quoteBody(overrides: Partial<Quote> = {}) {
  return {
    chainId: 31337,
    token: TOKEN,
    amount: "25000000",
    fee: "125000",
    feeBps: 50,
    total: "25125000",
    amountUsd: 25,
    senderKycLevel: 2,
    limits: { perTransferUsd: 10_000, dailyUsd: 20_000, weeklyUsd: 50_000 },
    remaining: { dailyUsd: 19_975, weeklyUsd: 49_975 },
    travelRule: { required: false, thresholdUsd: 1_000, jurisdiction: "EU" },
    ...overrides,
  };
}

function cosignBody(recipient: Address = BOB, domain: { chainId?: number } = {}) {
  const zero = `0x${"00".repeat(32)}`;
  return {
    decisionId: DECISION_ID,
    remittanceId: REMITTANCE_ID,
    approval: {
      sender: ALICE,
      recipient,
      claimHash: zero,
      token: TOKEN,
      amount: "25000000",
      fee: "125000",
      memoHash: zero,
      travelRuleHash: zero,
      destinationChainId: "31337",
      nonce: "42",
      deadline: "1900000000",
    },
    coSignature: {
      signer: "0x70997970C51812dc3A010C7d01b50e0d17dc79C8",
      signature: `0x${"11".repeat(65)}`,
    },
    contract: "Remittance",
    domain: {
      name: "CLXEND Remittance",
      version: "1",
      chainId: domain.chainId ?? 31337,
      verifyingContract: REMITTANCE,
    },
  };
}

function servicesWith(decision = decisionBody({ fee: "125000" }), quote = quoteBody()) {
  return new FakeServices()
    .on("POST", `${API}/quote`, { body: quote })
    .on("POST", `${API}/screen`, { body: decision })
    .on("GET", `${API}/decisions/${DECISION_ID}`, { body: decision })
    .on("POST", `${API}/cosign`, { body: cosignBody() })
    .on("GET", `${API}/sanctions/version`, {
      body: {
        version: `0x${"f2".repeat(32)}`,
        snapshotDate: "2024-09-27",
        addressCount: 152,
        loadedAt: "2026-12-03T09:00:00.000Z",
        sources: [],
      },
    });
}

async function renderFlow(
  services: FakeServices,
  node: FakeChain,
  options: { batching?: boolean } = {},
) {
  const wallet = fakeWallet(node, options);
  const view = renderWithApp(<TransferFlow sender={ALICE} />, { node, wallet, services });
  await connectWallet(view.wagmiConfig);
  return { ...view, wallet };
}

async function fillAndQuote(recipient: string, amount: string) {
  const user = userEvent.setup();
  await user.type(screen.getByLabelText("Recipient"), recipient);
  await user.type(screen.getByLabelText("Amount (tUSD)"), amount);
  await user.click(screen.getByRole("button", { name: "Get quote" }));
  return user;
}

async function screenTransfer(recipient: string = BOB) {
  const user = await fillAndQuote(recipient, "25");
  await user.click(await screen.findByRole("button", { name: "Check transfer" }));
  return user;
}

describe("TransferFlow", () => {
  it("shows the balance, then the fee and total from the quote", async () => {
    const services = servicesWith();
    await renderFlow(services, nodeWith(100_000_000n));

    await waitFor(() =>
      expect(screen.getByTestId("send-balance")).toHaveTextContent("Balance: 100.00 tUSD"),
    );
    await fillAndQuote(BOB, "25");

    await waitFor(() =>
      expect(screen.getByTestId("quote")).toHaveTextContent("You pay25.125 tUSD"),
    );
    expect(screen.getByTestId("quote")).toHaveTextContent("Fee (0.50%)0.125 tUSD");
    expect(services.to(`${API}/quote`)[0]?.body).toEqual({
      sender: ALICE,
      token: TOKEN,
      amount: "25000000",
      recipient: BOB,
      sourceChainId: 31337,
    });
  });

  it("sends a phone-number recipient to escrow with a claim hash, never the secret", async () => {
    const services = servicesWith();
    await renderFlow(services, nodeWith(100_000_000n));

    await fillAndQuote("+44 20 7946 0000", "25");

    await waitFor(() => expect(services.to(`${API}/quote`)).toHaveLength(1));
    const request = services.to(`${API}/quote`)[0]?.body as Record<string, string>;
    expect(request.recipient).toBeUndefined();
    expect(request.claimHash).toMatch(/^0x[0-9a-f]{64}$/);
    expect(screen.getByLabelText("Recipient can claim for (days)")).toHaveValue(7);
  });

  it("asks for Travel-Rule details when required and refuses to screen without them", async () => {
    const services = servicesWith(
      decisionBody(),
      quoteBody({ travelRule: { required: true, thresholdUsd: 1_000, jurisdiction: "EU" } }),
    );
    await renderFlow(services, nodeWith(5_000_000_000n));

    const user = await fillAndQuote(BOB, "25");
    await waitFor(() =>
      expect(screen.getByRole("group", { name: "Travel Rule details" })).toBeInTheDocument(),
    );
    await user.click(screen.getByRole("button", { name: "Check transfer" }));

    expect(await screen.findByRole("alert")).toHaveTextContent("Enter your family name.");
    expect(services.to(`${API}/screen`)).toHaveLength(0);
  });

  it("shows a refusal with its reasons and no send button", async () => {
    const decision = decisionBody({
      outcome: "reject",
      status: "rejected",
      score: 100,
      reasons: [
        {
          code: "SANCTIONED_RECIPIENT",
          weight: 100,
          blocking: true,
          message: "The recipient is on a sanctions list.",
          details: { listVersion: `0x${"f2".repeat(32)}` },
        },
      ],
    });
    await renderFlow(servicesWith(decision), nodeWith(100_000_000n));

    await screenTransfer();

    expect(await screen.findByTestId("decision")).toHaveTextContent(/^Refused/);
    expect(screen.getByText(/^The recipient is on a sanctions list\./)).toHaveTextContent(
      "SANCTIONED_RECIPIENT",
    );
    expect(await screen.findByTestId("sanctions-list")).toBeVisible();
    expect(screen.queryByRole("button", { name: "Confirm and send" })).toBeNull();
  });

  it("shows the service's sentence when the quote fails", async () => {
    const services = servicesWith().on(
      "POST",
      `${API}/quote`,
      apiError(403, "KYC_EXPIRED", "Your KYC has expired; verify again to send."),
    );
    await renderFlow(services, nodeWith(100_000_000n));

    await fillAndQuote(BOB, "25");

    expect(await screen.findByRole("alert")).toHaveTextContent(
      "Your KYC has expired; verify again to send.",
    );
  });

  it("refuses an amount written with a comma, says how to write it and asks for no quote", async () => {
    const services = servicesWith();
    await renderFlow(services, nodeWith(100_000_000n));
    const user = userEvent.setup();

    await user.type(screen.getByLabelText("Recipient"), BOB);
    await user.type(screen.getByLabelText("Amount (tUSD)"), "1,5");

    await waitFor(() =>
      expect(screen.getByTestId("send-balance")).toHaveTextContent(
        "Balance: 100.00 tUSD. Write the amount with a dot for decimals and no thousands separators, e.g. 1500.50.",
      ),
    );
    expect(screen.getByLabelText("Amount (tUSD)")).toHaveAttribute("aria-invalid", "true");
    // A phone's decimal keypad in a comma locale offers no dot, so the field does not ask for it.
    expect(screen.getByLabelText("Amount (tUSD)")).not.toHaveAttribute("inputmode", "decimal");
    expect(screen.getByRole("button", { name: "Get quote" })).toBeDisabled();
    await user.clear(screen.getByLabelText("Amount (tUSD)"));
    await user.type(screen.getByLabelText("Amount (tUSD)"), "1.5");
    await user.click(screen.getByRole("button", { name: "Get quote" }));

    await waitFor(() => expect(services.to(`${API}/quote`)).toHaveLength(1));
    expect(services.to(`${API}/quote`)[0]?.body).toMatchObject({ amount: "1500000" });
  });

  it("keeps Get quote disabled for the sender's own wallet, saying why", async () => {
    const services = servicesWith();
    await renderFlow(services, nodeWith(100_000_000n));
    const user = userEvent.setup();

    await user.type(screen.getByLabelText("Recipient"), ALICE.toLowerCase());
    await user.type(screen.getByLabelText("Amount (tUSD)"), "25");

    expect(screen.getByTestId("quote-blocked")).toHaveTextContent(
      "This is your own wallet: you cannot send to yourself. Enter another recipient.",
    );
    expect(screen.getByRole("button", { name: "Get quote" })).toBeDisabled();
    expect(screen.getByRole("button", { name: "Get quote" })).toHaveAccessibleDescription(
      "This is your own wallet: you cannot send to yourself. Enter another recipient.",
    );
    expect(services.to(`${API}/quote`)).toHaveLength(0);
  });

  it("keeps Get quote disabled for an amount above the balance, and enables it for the whole balance", async () => {
    const services = servicesWith();
    await renderFlow(services, nodeWith(100_000_000n));
    const user = userEvent.setup();
    await waitFor(() =>
      expect(screen.getByTestId("send-balance")).toHaveTextContent("Balance: 100.00 tUSD"),
    );

    await user.type(screen.getByLabelText("Recipient"), BOB);
    await user.type(screen.getByLabelText("Amount (tUSD)"), "100.000001");

    expect(screen.getByTestId("quote-blocked")).toHaveTextContent(
      "The amount is more than your balance of 100.00 tUSD. Enter less (the fee is added on top).",
    );
    expect(screen.getByRole("button", { name: "Get quote" })).toBeDisabled();
    await user.clear(screen.getByLabelText("Amount (tUSD)"));
    await user.type(screen.getByLabelText("Amount (tUSD)"), "100");
    expect(screen.queryByTestId("quote-blocked")).toBeNull();
    expect(screen.getByRole("button", { name: "Get quote" })).toBeEnabled();
  });

  it("says the service's over-balance refusal to the sender as 'your balance', from its details", async () => {
    const services = servicesWith().on("POST", `${API}/quote`, {
      status: 422,
      body: {
        error: {
          code: "INSUFFICIENT_BALANCE",
          message: `The sender ${ALICE} holds 100 tUSD; the transfer needs amount + fee = 100 tUSD + 0.5 tUSD = 100.5 tUSD. Send less or top up the wallet first.`,
          retryable: false,
          details: {
            balance: "100000000",
            amount: "100000000",
            fee: "500000",
            required: "100500000",
            token: TOKEN,
          },
        },
      },
    });
    await renderFlow(services, nodeWith(100_000_000n));

    await fillAndQuote(BOB, "100");

    expect(await screen.findByRole("alert")).toHaveTextContent(
      "Your balance is 100.00 tUSD; this transfer needs amount + fee = 100.00 tUSD + 0.50 tUSD = 100.50 tUSD. Send less or top up your wallet first.",
    );
  });

  it("tells a plain wallet it asks twice, then signs the permit, sends and shows the confirmation", async () => {
    const node = nodeWith(100_000_000n);
    const { wallet } = await renderFlow(servicesWith(), node);
    const user = await screenTransfer();

    expect(await screen.findByTestId("send-plan")).toHaveTextContent(
      /^Your wallet asks twice: first to sign a permit for the amount plus fee/,
    );
    await user.click(screen.getByRole("button", { name: "Confirm and send" }));

    expect(await screen.findByTestId("send-confirmed")).toHaveTextContent(
      `Confirmed in block ${node.blockNumber}.`,
    );
    expect(wallet.prompts.map((prompt) => prompt.method)).toEqual([
      "eth_signTypedData_v4",
      "eth_sendTransaction",
    ]);
    expect(node.sentTo(REMITTANCE).map((tx) => tx.functionName)).toEqual(["sendWithPermit"]);
  });

  it("refuses a co-signature made in another chain's domain, before the wallet asks", async () => {
    const node = nodeWith(100_000_000n);
    const services = servicesWith().on("POST", `${API}/cosign`, {
      body: cosignBody(BOB, { chainId: 31338 }),
    });
    const { wallet } = await renderFlow(services, node);
    const user = await screenTransfer();

    await user.click(await screen.findByRole("button", { name: "Confirm and send" }));

    expect(await screen.findByRole("alert")).toHaveTextContent(
      "The compliance approval is for sending on chain 31338, but this transfer is sent on CLXEND local. Start the transfer again.",
    );
    expect(wallet.prompts).toEqual([]);
    expect(node.transactions).toEqual([]);
  });

  it("offers one confirmation to a wallet that batches calls and sends approve + send in one request", async () => {
    const node = nodeWith(100_000_000n);
    const { wallet } = await renderFlow(servicesWith(), node, { batching: true });
    const user = await screenTransfer();

    expect(await screen.findByTestId("send-plan")).toHaveTextContent(
      /^One confirmation: your wallet shows one request/,
    );
    await user.click(screen.getByRole("button", { name: "Confirm and send" }));

    expect(await screen.findByTestId("send-confirmed")).toBeVisible();
    expect(wallet.prompts.map((prompt) => prompt.method)).toEqual(["wallet_sendCalls"]);
    expect(node.transactions.map((tx) => tx.functionName)).toEqual(["approve", "send"]);
  });

  it("asks once when the allowance already covers amount plus fee", async () => {
    const node = nodeWith(100_000_000n, 25_125_000n);
    const { wallet } = await renderFlow(servicesWith(), node);
    const user = await screenTransfer();

    expect(await screen.findByTestId("send-plan")).toHaveTextContent(
      /^One confirmation: your wallet asks you to send the transaction/,
    );
    await user.click(screen.getByRole("button", { name: "Confirm and send" }));

    expect(await screen.findByTestId("send-confirmed")).toBeVisible();
    expect(wallet.prompts.map((prompt) => prompt.method)).toEqual(["eth_sendTransaction"]);
  });
});

describe("TransferFlow: escrow claim link", () => {
  it(
    "keeps the expiry that was sent in the claim link when the screen renders again later",
    { timeout: 20_000 },
    async () => {
      const state = { balance: 100_000_000n };
      const escrowSent = () => [
        {
          eventName: "RemittanceSent",
          args: { id: REMITTANCE_ID, sender: ALICE, recipient: zeroAddress, amount: 25_000_000n },
        },
      ];
      const node = nodeWith(0n);
      node.contract(TOKEN, {
        abi: permitTokenAbi,
        read: {
          balanceOf: () => state.balance,
          allowance: () => 0n,
          nonces: () => 0n,
          eip712Domain: () => ["0x0f", "CLXEND Test Dollar", "1", 31337n, TOKEN, zeroHash, []],
        },
      });
      node.contract(REMITTANCE, {
        abi: remittanceAbi,
        read: { sendToEscrowWithPermit: () => REMITTANCE_ID },
        write: { sendToEscrowWithPermit: escrowSent },
      });
      const services = servicesWith().on("POST", `${API}/cosign`, {
        body: cosignBody(zeroAddress),
      });
      await renderFlow(services, node);
      const user = await screenTransfer("+44 20 7946 0000");
      await user.click(await screen.findByRole("button", { name: "Confirm and send" }));
      const link = (await screen.findByLabelText("Claim link")) as HTMLTextAreaElement;
      const sentExpiry = node.sentTo(REMITTANCE, "sendToEscrowWithPermit")[0]?.args[1];

      const later = Date.now() + 60_000;
      const clock = vi.spyOn(Date, "now").mockReturnValue(later);
      try {
        state.balance = 74_875_000n;
        await waitFor(
          () =>
            expect(screen.getByTestId("send-balance")).toHaveTextContent("Balance: 74.875 tUSD"),
          { timeout: 10_000 },
        );

        expect(decodeClaimTicket(link.value)?.expiresAt).toBe(sentExpiry);
      } finally {
        clock.mockRestore();
      }
    },
  );
});
