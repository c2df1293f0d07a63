// Component tests of the claim screen (@vitest-environment jsdom): a broken link is explained, a valid one shows
// the amount and asks for a wallet; a cross-chain escrow is claimed on its destination chain from the bridge receiver,
// with the claim key's signature in the bridge's domain (only the network is faked: both nodes, wallet, indexer).
import { screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { type Hex, recoverTypedDataAddress } from "viem";
import { describe, expect, it } from "vitest";
import { bridgeDomain, CLAIM_TYPES } from "../../../deploy/eip712.ts";
import {
  crossChainRow,
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
import { kycRegistryAbi } from "../chain/abis.ts";
import { claimLink, newClaimKey } from "../lib/claim.ts";
import ClaimPage from "./ClaimPage.tsx";

const RECORD = `/api/indexer/api/crosschain/${MESSAGE_ID}`;

describe("ClaimPage", () => {
  it("explains an incomplete link", async () => {
    renderWithApp(<ClaimPage />, { connected: null });

    await userEvent.type(screen.getByLabelText("Claim link"), "http://localhost:18173/claim#cla");

    expect(screen.getByRole("alert")).toHaveTextContent(/not a complete claim link/);
  });

  it("asks the recipient to connect a wallet to claim a valid link", async () => {
    const link = claimLink("http://localhost:18173", {
      chainId: 31337,
      id: `0x${"00".repeat(31)}01`,
      secret: newClaimKey().secret,
      sender: "0x9965507D1a55bcC2695C58ba16FB37d819B0A4dc",
      token: "0x0000000000000000000000000000000000002001",
      amount: 10_000_000n,
      expiresAt: 2_000_000_000n,
    });
    renderWithApp(<ClaimPage />, { connected: null });

    await userEvent.click(screen.getByLabelText("Claim link"));
    await userEvent.paste(link);

    expect(screen.queryByRole("alert")).toBeNull();
    expect(
      screen.getByText(/Connect your wallet \(button at the top\) to claim the money/),
    ).toBeInTheDocument();
  });
});

describe("ClaimPage: a cross-chain escrow", () => {
  it(
    "switches to the link's chain, waits for the arrival, then claims from the bridge receiver there",
    { timeout: 20_000 },
    async () => {
      const key = newClaimKey();
      const link = claimLink("http://localhost:18173", {
        chainId: 31338,
        id: MESSAGE_ID,
        secret: key.secret,
        sender: ALICE,
        token: SECOND_TOKEN,
        amount: 25_000_000n,
        expiresAt: 2_000_000_000n,
        bridge: true,
      });
      const state = { escrowOpen: false };
      const home = homeNode();
      const second = secondNode(state);
      second.contract(SECOND.addressBook.contracts.KycRegistry.address, {
        abi: kycRegistryAbi,
        read: {
          attestationOf: () => ({ level: 2, expiresAt: 2_000_000_000n, provider: ALICE }),
        },
      });
      const services = new FakeServices().on(
        "GET",
        RECORD,
        apiError(404, "crosschain_remittance_not_found", "Not yet."),
      );
      const wallet = fakeWallet([home, second], { privateKey: BOB_KEY });
      const view = renderWithApp(<ClaimPage />, {
        config: twoChainConfig,
        nodes: [home, second],
        wallet,
        services,
      });
      await connectWallet(view.wagmiConfig);
      await userEvent.click(screen.getByLabelText("Claim link"));
      await userEvent.paste(link);

      expect(
        await screen.findByText(
          "Your wallet is on another network. Switch it to CLXEND local 2 to claim the money.",
        ),
      ).toBeVisible();
      await userEvent.click(
        screen.getByRole("button", { name: "Switch wallet to CLXEND local 2" }),
      );
      expect(await screen.findByTestId("claim-not-open")).toHaveTextContent(
        /^This transfer is still on its way to CLXEND local 2 over Chainlink CCIP/,
      );

      state.escrowOpen = true;
      services.on("GET", RECORD, {
        body: crossChainRow({
          status: "escrowed",
          recipient: null,
          claimHash: key.claimHash,
          expiresAt: "2000000000",
        }),
      });
      await userEvent.click(
        await screen.findByRole("button", { name: "Claim to my wallet" }, { timeout: 6_000 }),
      );

      expect(await screen.findByTestId("claim-confirmed")).toBeVisible();
      const [tx] = second.sentTo(RECEIVER, "claim");
      expect(tx?.args.slice(0, 2)).toEqual([
        MESSAGE_ID,
        {
          sender: ALICE,
          token: SECOND_TOKEN,
          amount: 25_000_000n,
          claimHash: key.claimHash,
          expiresAt: 2_000_000_000n,
        },
      ]);
      const signer = await recoverTypedDataAddress({
        domain: bridgeDomain(31338, RECEIVER),
        types: CLAIM_TYPES,
        primaryType: "Claim",
        message: { id: MESSAGE_ID, claimer: BOB },
        signature: tx?.args[2] as Hex,
      });
      expect(signer).toBe(key.keyAddress);
    },
  );
});
