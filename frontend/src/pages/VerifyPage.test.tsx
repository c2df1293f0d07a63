// Component tests of the KYC screen (@vitest-environment jsdom) with only the network faked: the compliance API
// behind the app's real client (it checks the wallet's real signature), the node holding the KycRegistry, and the
// wallet. Input checks, the signed request, pending, approval with the attestation appearing, the attestation on each
// chain (a chain it did not reach, and writing it there on request), refusal and errors.
import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { type Hex, verifyMessage } from "viem";
import { describe, expect, it } from "vitest";
import { FakeChain } from "../../test/fake-chain.ts";
import { apiError, deferred, type FakeRequest, FakeServices } from "../../test/fake-services.ts";
import { fakeWallet } from "../../test/fake-wallet.ts";
import {
  ALICE,
  connectWallet,
  renderWithApp,
  testConfig,
  twoChainConfig,
} from "../../test/render.tsx";
import { kycStatement } from "../api/compliance.ts";
import { kycRegistryAbi } from "../chain/abis.ts";
import VerifyPage from "./VerifyPage.tsx";

const KYC_REGISTRY = testConfig.addressBook.contracts.KycRegistry.address;
const VERIFY = "/api/compliance/v1/kyc/verifications";
const PROVIDER = "0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC";
const EXPIRES = new Date(Date.now() + 365 * 86_400_000);
const SELFIE = new File([new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 1, 2, 3])], "selfie.jpg", {
  type: "image/jpeg",
});
const PASSPORT = new File([new Uint8Array([137, 80, 78, 71, 13, 10, 26, 10])], "passport.png", {
  type: "image/png",
});

/** A node whose KycRegistry holds `attestation` for alice (none at first). */
function kycNode() {
  const state = { level: 0, expiresAt: 0n };
  const node = new FakeChain().contract(KYC_REGISTRY, {
    abi: kycRegistryAbi,
    read: {
      attestationOf: () => ({
        level: state.level,
        expiresAt: state.expiresAt,
        provider: state.level === 0 ? "0x0000000000000000000000000000000000000000" : PROVIDER,
      }),
    },
  });
  return { node, state };
}

async function renderVerify(services: FakeServices, node = kycNode().node) {
  const wallet = fakeWallet(node);
  const view = renderWithApp(<VerifyPage />, { node, wallet, services });
  await connectWallet(view.wagmiConfig);
  return { ...view, wallet };
}

/** Takes both photos through the upload fallback and enters the country. */
async function fillIn(country = "US") {
  const user = userEvent.setup();
  const [selfie, document] = screen.getAllByLabelText("Upload a photo");
  await user.upload(selfie as HTMLElement, SELFIE);
  await user.upload(document as HTMLElement, PASSPORT);
  await screen.findByAltText("ID document: captured");
  await user.type(screen.getByLabelText("Country of residence (2 letters)"), country);
  return user;
}

/** Whether the request carries alice's signature of the KYC statement for its own issuedAt. */
async function signedByAlice(request: FakeRequest): Promise<boolean> {
  const body = request.body as { subject: string; issuedAt: string; walletSignature: Hex };
  return verifyMessage({
    address: ALICE,
    message: kycStatement(body.subject, body.issuedAt),
    signature: body.walletSignature,
  });
}

const VERIFICATION_ID = "3f6c1a2b-4d5e-4f60-8a7b-9c0d1e2f3a4b";
const TX_HOME = `0x${"7a".repeat(32)}`;
const TX_SECOND = `0x${"7b".repeat(32)}`;

/** One chain's entry of an attestation as the service answers it. */
function chainEntry(chainId: number, status: "confirmed" | "failed", txHash: string | null) {
  return {
    chainId,
    status,
    txHash,
    error:
      status === "failed"
        ? { code: "CHAIN_UNAVAILABLE", message: "Chain 31338 did not answer; retry later." }
        : null,
    attempts: 1,
    confirmedAt: status === "confirmed" ? "2026-12-04T01:00:00.000Z" : null,
  };
}

/** A passed verification's attestation on `chains`. */
function attestationBody(chains: ReturnType<typeof chainEntry>[]) {
  return {
    verificationId: VERIFICATION_ID,
    subject: ALICE,
    level: 2,
    expiresAt: EXPIRES.toISOString(),
    evidenceHash: `0x${"e1".repeat(32)}`,
    provider: PROVIDER,
    complete: chains.every((entry) => entry.status === "confirmed"),
    txHash: chains[0]?.txHash ?? null,
    chains,
  };
}

const approved = {
  verdict: "approved",
  reasons: [],
  evidenceHash: `0x${"e1".repeat(32)}`,
  attestation: attestationBody([chainEntry(31337, "confirmed", TX_HOME)]),
};

describe("VerifyPage", () => {
  it("shows the current status and checks the inputs before anything is sent", async () => {
    const services = new FakeServices();
    await renderVerify(services);
    const submit = screen.getByRole("button", { name: "Submit for verification" });

    expect(await screen.findByTestId("kyc-state")).toHaveTextContent("Not verified.");
    expect(submit).toBeDisabled();
    const user = await fillIn("U");
    expect(submit).toBeDisabled();
    await user.type(screen.getByLabelText("Country of residence (2 letters)"), "s");
    await user.type(screen.getByLabelText(/^Machine-readable zone/), "P<UTO");

    expect(screen.getByText(/^The MRZ is the 2 or 3 lines/)).toBeVisible();
    expect(submit).toBeDisabled();
    await user.clear(screen.getByLabelText(/^Machine-readable zone/));
    expect(submit).toBeEnabled();
    expect(services.requests).toHaveLength(0);
  });

  it("signs the request in the wallet, shows progress, then the approval and the attestation from the chain", async () => {
    const { node, state } = kycNode();
    const answer = deferred();
    const services = new FakeServices().on("POST", VERIFY, answer.reply);
    const { wallet } = await renderVerify(services, node);
    const user = await fillIn();

    await user.click(screen.getByRole("button", { name: "Submit for verification" }));
    expect(
      await screen.findByText(/^Step 2 of 2: checking liveness, matching your face/),
    ).toBeVisible();
    const [request] = services.to(VERIFY);
    expect(request?.body).toMatchObject({
      subject: ALICE,
      selfie: "/9j/4AECAw==",
      document: "iVBORw0KGgo=",
      country: "US",
    });
    expect(await signedByAlice(request as FakeRequest)).toBe(true);
    expect(wallet.prompts.map((prompt) => prompt.method)).toEqual(["personal_sign"]);
    // The service writes the attestation on-chain before it answers.
    state.level = 2;
    state.expiresAt = BigInt(Math.floor(EXPIRES.getTime() / 1000));
    answer.release({ body: approved });

    expect(await screen.findByTestId("kyc-verdict")).toHaveTextContent("You are verified");
    expect(screen.getByTestId("kyc-attestation")).toHaveTextContent(
      /^Level 2 attestation, valid until .+:CLXEND local: written \(transaction 0x7a7a7a7a…\)\.$/,
    );
    expect(screen.queryByRole("button", { name: "Write it to the remaining chains" })).toBeNull();
    await waitFor(() =>
      expect(screen.getByTestId("kyc-state")).toHaveTextContent(/^Verified \(level 2\) until /),
    );
  });

  it("names a chain the attestation did not reach and writes it there on request", async () => {
    const home = kycNode().node;
    const second = new FakeChain(31338);
    const services = new FakeServices()
      .on("POST", VERIFY, {
        body: {
          ...approved,
          attestation: attestationBody([
            chainEntry(31337, "confirmed", TX_HOME),
            chainEntry(31338, "failed", null),
          ]),
        },
      })
      .on("POST", `${VERIFY}/${VERIFICATION_ID}/attestations`, {
        body: attestationBody([
          chainEntry(31337, "confirmed", TX_HOME),
          chainEntry(31338, "confirmed", TX_SECOND),
        ]),
      });
    const view = renderWithApp(<VerifyPage />, {
      config: twoChainConfig,
      nodes: [home, second],
      wallet: fakeWallet([home, second]),
      services,
    });
    await connectWallet(view.wagmiConfig);
    const user = await fillIn();

    await user.click(screen.getByRole("button", { name: "Submit for verification" }));

    const chains = await screen.findByTestId("kyc-attestation-chains");
    expect(
      within(chains)
        .getAllByRole("listitem")
        .map((item) => item.textContent),
    ).toEqual([
      "CLXEND local: written (transaction 0x7a7a7a7a…).",
      "CLXEND local 2: not written (Chain 31338 did not answer; retry later.).",
    ]);
    await user.click(screen.getByRole("button", { name: "Write it to the remaining chains" }));

    await waitFor(() =>
      expect(within(chains).getAllByRole("listitem")[1]).toHaveTextContent(
        "CLXEND local 2: written (transaction 0x7b7b7b7b…).",
      ),
    );
    expect(within(chains).getAllByRole("link")[1]).toHaveAttribute(
      "href",
      `/tx/${TX_SECOND}?chain=31338`,
    );
    expect(services.to(`${VERIFY}/${VERIFICATION_ID}/attestations`)).toHaveLength(1);
    expect(screen.queryByRole("button", { name: "Write it to the remaining chains" })).toBeNull();
  });

  it("shows a refusal with its reasons and how to try again", async () => {
    const services = new FakeServices().on("POST", VERIFY, {
      body: {
        verdict: "rejected",
        reasons: ["The selfie does not match the face on the document."],
        evidenceHash: `0x${"e2".repeat(32)}`,
        attestation: null,
      },
    });
    await renderVerify(services);
    const user = await fillIn();

    await user.click(screen.getByRole("button", { name: "Submit for verification" }));

    expect(await screen.findByTestId("kyc-verdict")).toHaveTextContent("Not verified");
    expect(screen.getByText("The selfie does not match the face on the document.")).toBeVisible();
    expect(screen.getByText(/^Retake the photos following the guidance/)).toBeVisible();
    expect(screen.getByTestId("kyc-state")).toHaveTextContent("Not verified.");
  });

  it("shows the service's sentence when the face service is down", async () => {
    const services = new FakeServices().on(
      "POST",
      VERIFY,
      apiError(
        503,
        "FACE_SERVICE_UNAVAILABLE",
        "The face service could not check the images; try again later.",
      ),
    );
    await renderVerify(services);
    const user = await fillIn();

    await user.click(screen.getByRole("button", { name: "Submit for verification" }));

    expect(await screen.findByRole("alert")).toHaveTextContent(
      "The face service could not check the images; try again later.",
    );
    expect(screen.queryByTestId("kyc-verdict")).toBeNull();
  });

  it("sends nothing when the wallet declines to sign", async () => {
    const services = new FakeServices().on("POST", VERIFY, { body: approved });
    const { node } = kycNode();
    const wallet = fakeWallet(node);
    wallet.declines.add("personal_sign");
    const view = renderWithApp(<VerifyPage />, { node, wallet, services });
    await connectWallet(view.wagmiConfig);
    const user = await fillIn();

    await user.click(screen.getByRole("button", { name: "Submit for verification" }));

    expect(await screen.findByRole("alert")).toHaveTextContent(
      "You declined the request in your wallet. Nothing was sent; try again when you are ready.",
    );
    expect(services.to(VERIFY)).toHaveLength(0);
  });
});
