// Component tests of the staff console (@vitest-environment jsdom) with only the network faked: the compliance API
// behind the app's real client, the node and the wallet (real signatures). Sign-In with Ethereum, the review queue
// with the four-eyes rule, SAR drafts, audit verification against the on-chain anchor, and the pause switch.
import { screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { type Hex, keccak256, toHex, verifyMessage } from "viem";
import { describe, expect, it } from "vitest";
import { FakeChain } from "../../test/fake-chain.ts";
import { apiError, deferred, FakeServices } from "../../test/fake-services.ts";
import { fakeWallet } from "../../test/fake-wallet.ts";
import { auditBody, CASE_ID, caseBody, SAR_ID, sarBody } from "../../test/fixtures.ts";
import { ALICE, connectWallet, renderWithApp, testConfig } from "../../test/render.tsx";
import { auditAnchorAbi, remittanceAbi } from "../chain/abis.ts";
import StaffPage from "./StaffPage.tsx";

const API = "/api/compliance/v1";
const REMITTANCE = testConfig.addressBook.contracts.Remittance.address;
const AUDIT_ANCHOR = testConfig.addressBook.contracts.AuditAnchor.address;
const PAUSER_ROLE = keccak256(toHex("PAUSER_ROLE"));
const TOKEN = "staff-session-token";

/** A node with the AuditAnchor and Remittance the console reads; `pauser` holds the pauser role. */
function nodeWith(options: {
  anchor?: { sequence: bigint; anchoredAt: bigint; headHash: Hex };
  pauser?: boolean;
}) {
  const state = { paused: false };
  const node = new FakeChain()
    .contract(AUDIT_ANCHOR, {
      abi: auditAnchorAbi,
      read: {
        latest: () =>
          options.anchor ?? { sequence: 0n, anchoredAt: 0n, headHash: `0x${"00".repeat(32)}` },
      },
    })
    .contract(REMITTANCE, {
      abi: remittanceAbi,
      read: {
        paused: () => state.paused,
        hasRole: ([role, account]) =>
          Boolean(options.pauser) && role === PAUSER_ROLE && account === ALICE,
      },
      write: {
        pause: () => {
          state.paused = true;
          return [];
        },
        unpause: () => {
          state.paused = false;
          return [];
        },
      },
    });
  return { node, state };
}

/** The console's own services with empty lists, answering only staff requests that carry the session token. */
function consoleServices() {
  const staffOnly = (body: unknown) => (request: { headers: Record<string, string> }) =>
    request.headers.authorization === `Bearer ${TOKEN}`
      ? { body }
      : apiError(401, "SESSION_REQUIRED", "Sign in again: your staff session has expired.");
  return new FakeServices()
    .on("GET", `${API}/cases`, staffOnly({ cases: [] }))
    .on("GET", `${API}/sars`, staffOnly({ sars: [] }));
}

function signedIn(roles: string[] = ["officer"]) {
  sessionStorage.setItem(
    "clxend.staff-session",
    JSON.stringify({
      token: TOKEN,
      address: ALICE,
      roles,
      expiresAt: new Date(Date.now() + 3_600_000).toISOString(),
    }),
  );
}

async function renderConsole(services: FakeServices, node = nodeWith({}).node) {
  const wallet = fakeWallet(node);
  const view = renderWithApp(<StaffPage />, { node, wallet, services });
  await connectWallet(view.wagmiConfig);
  return { ...view, wallet };
}

describe("StaffPage: Sign-In with Ethereum", () => {
  it("signs the server's SIWE message in the wallet and opens the session", async () => {
    const message = `localhost wants you to sign in with your Ethereum account:\n${ALICE}\n\nSign in to the CLXEND compliance console.\n\nURI: http://localhost\nVersion: 1\nChain ID: 31337\nNonce: abcdef123456\nIssued At: 2026-12-03T10:00:00.000Z`;
    const services = consoleServices()
      .on("POST", `${API}/auth/nonce`, {
        body: { nonce: "abcdef123456", message, expiresAt: "2026-12-03T10:05:00.000Z" },
      })
      .on("POST", `${API}/auth/session`, async (request) => {
        const body = request.body as { message: string; signature: Hex };
        const valid = await verifyMessage({
          address: ALICE,
          message: body.message,
          signature: body.signature,
        });
        return valid
          ? {
              body: {
                token: TOKEN,
                address: ALICE,
                roles: ["officer", "auditor"],
                expiresAt: new Date(Date.now() + 3_600_000).toISOString(),
              },
            }
          : apiError(401, "SIWE_INVALID", "The signature does not match the message.");
      });
    const { wallet } = await renderConsole(services);

    await userEvent.click(await screen.findByRole("button", { name: "Sign in with Ethereum" }));

    expect(await screen.findByText(/^Signed in as/)).toHaveTextContent(
      "Signed in as 0x9965…A4dc (officer, auditor).",
    );
    expect(wallet.prompts.map((prompt) => prompt.method)).toEqual(["personal_sign"]);
    expect(services.to(`${API}/auth/nonce`)[0]?.body).toEqual({ address: ALICE });
    expect(await screen.findByText("No cases with this status.")).toBeVisible();
  });

  it("explains a refused sign-in and stays signed out", async () => {
    const services = consoleServices()
      .on("POST", `${API}/auth/nonce`, {
        body: { nonce: "n1", message: "sign in", expiresAt: "2026-12-03T10:05:00.000Z" },
      })
      .on(
        "POST",
        `${API}/auth/session`,
        apiError(403, "NOT_STAFF", "This wallet is not a staff member. Ask an admin to add it."),
      );
    await renderConsole(services);

    await userEvent.click(await screen.findByRole("button", { name: "Sign in with Ethereum" }));

    expect(await screen.findByRole("alert")).toHaveTextContent(
      "This wallet is not a staff member. Ask an admin to add it.",
    );
    expect(screen.queryByText(/^Signed in as/)).toBeNull();
    expect(sessionStorage.getItem("clxend.staff-session")).toBeNull();
  });

  it("says nothing was signed when the wallet declines", async () => {
    const services = consoleServices().on("POST", `${API}/auth/nonce`, {
      body: { nonce: "n1", message: "sign in", expiresAt: "2026-12-03T10:05:00.000Z" },
    });
    const node = nodeWith({}).node;
    const wallet = fakeWallet(node);
    wallet.declines.add("personal_sign");
    const view = renderWithApp(<StaffPage />, { node, wallet, services });
    await connectWallet(view.wagmiConfig);

    await userEvent.click(await screen.findByRole("button", { name: "Sign in with Ethereum" }));

    expect(await screen.findByRole("alert")).toHaveTextContent(
      "You declined the request in your wallet. Nothing was sent; try again when you are ready.",
    );
    expect(services.to(`${API}/auth/session`)).toHaveLength(0);
  });
});

describe("StaffPage: review queue", () => {
  it("loads the queue, shows a high-risk case and records the first of two approvals", async () => {
    signedIn();
    const cases = deferred();
    const services = consoleServices()
      .on("GET", `${API}/cases`, cases.reply)
      .on("GET", `${API}/cases/${CASE_ID}`, { body: caseBody() })
      .on("POST", `${API}/cases/${CASE_ID}/decision`, (request) => ({
        body: caseBody({
          status: "awaiting_second_approval",
          actions: [
            {
              officer: ALICE,
              action: "approve",
              reason: (request.body as { reason: string }).reason,
              at: "2026-12-03T10:01:00.000Z",
            },
          ],
        }),
      }));
    await renderConsole(services);
    const user = userEvent.setup();

    expect(await screen.findByText("Loading cases…")).toBeVisible();
    cases.release({ body: { cases: [caseBody()] } });
    await user.click(
      await screen.findByRole("button", { name: /^Case 5d0c7a1e · score 75 · high risk · open/ }),
    );
    const detail = await screen.findByTestId("case-detail");
    expect(detail).toHaveTextContent(
      "Score 75; high risk: needs 2 approvals from different officers.",
    );
    expect(detail).toHaveTextContent(
      "The beneficiary country IR is a high-risk jurisdiction. HIGH_RISK_CORRIDOR",
    );
    expect(screen.getByRole("button", { name: "Approve" })).toBeDisabled();
    await user.type(screen.getByLabelText("Reason for your decision"), "Salary; corridor checked.");
    await user.click(screen.getByRole("button", { name: "Approve" }));

    expect(await screen.findByTestId("case-decided")).toHaveTextContent(
      "Decision recorded; the case is now awaiting second approval. It is high risk: a second officer must approve it before the transfer can be sent.",
    );
    const decision = services.to(`${API}/cases/${CASE_ID}/decision`)[0];
    expect(decision?.body).toEqual({ action: "approve", reason: "Salary; corridor checked." });
    expect(decision?.headers.authorization).toBe(`Bearer ${TOKEN}`);
    expect(screen.getByTestId("case-detail")).toHaveTextContent(
      /0x9965…A4dc approved on .*: “Salary; corridor checked\.”/,
    );
  });

  it("lists cases of the chosen status and shows the service's sentence when the queue cannot be read", async () => {
    signedIn();
    const services = consoleServices().on(
      "GET",
      `${API}/cases`,
      apiError(
        403,
        "ROLE_REQUIRED",
        "Only officers, admins and auditors can read the review queue.",
      ),
    );
    await renderConsole(services);

    expect(
      await screen.findByText("Only officers, admins and auditors can read the review queue."),
    ).toBeVisible();
    services.on("GET", `${API}/cases`, {
      body: { cases: [caseBody({ status: "approved", highRisk: false, score: 45 })] },
    });
    await userEvent.selectOptions(screen.getByLabelText("Status"), "Approved");

    expect(
      await screen.findByRole("button", { name: /^Case 5d0c7a1e · score 45 · approved/ }),
    ).toBeVisible();
    expect(services.to(`${API}/cases`).at(-1)?.query.get("status")).toBe("approved");
  });
});

describe("StaffPage: SAR drafts", () => {
  it("lists the drafts and opens one's narrative", async () => {
    signedIn();
    const services = consoleServices()
      .on("GET", `${API}/sars`, { body: { sars: [sarBody()] } })
      .on("GET", `${API}/sars/${SAR_ID}`, { body: sarBody() });
    await renderConsole(services);

    await userEvent.click(
      await screen.findByRole("button", { name: /0x976E…0aa9 · score 100 · draft/ }),
    );

    expect(
      await screen.findByText("Transfer of 5 tUSD to an address on the OFAC SDN list was refused."),
    ).toBeVisible();
  });

  it("says so when there are no drafts", async () => {
    signedIn();
    await renderConsole(consoleServices());

    expect(await screen.findByText("No drafts.")).toBeVisible();
  });

  it("explains a compliance service that is down", async () => {
    signedIn();
    await renderConsole(consoleServices().on("GET", `${API}/sars`, { status: 502 }));

    expect(
      await screen.findByText(
        "The compliance service is not available right now. Try again in a minute.",
      ),
    ).toBeVisible();
  });
});

describe("StaffPage: audit log", () => {
  it("shows the latest on-chain anchor and an intact chain that matches it", async () => {
    signedIn(["auditor"]);
    const services = consoleServices().on("GET", `${API}/audit/verify`, { body: auditBody() });
    const anchor = {
      sequence: 12n,
      anchoredAt: 1_796_000_000n,
      headHash: `0x${"12".repeat(32)}` as Hex,
    };
    await renderConsole(services, nodeWith({ anchor }).node);

    expect(await screen.findByText(/^Latest on-chain anchor: entry 12 at/)).toHaveTextContent(
      "head 0x1212121212121212…",
    );
    await userEvent.click(screen.getByRole("button", { name: "Verify the audit chain" }));

    expect(await screen.findByTestId("audit-valid")).toHaveTextContent(
      "Intact: 40 entries checked, head 40; matches the on-chain anchor at entry 12.",
    );
  });

  it("raises a broken chain with the entry where it breaks", async () => {
    signedIn(["auditor"]);
    const services = consoleServices().on("GET", `${API}/audit/verify`, {
      body: auditBody({ valid: false, failure: { seq: 7, reason: "hash mismatch" }, anchor: null }),
    });
    await renderConsole(services);

    expect(await screen.findByText("No anchor on-chain yet.")).toBeVisible();
    await userEvent.click(screen.getByRole("button", { name: "Verify the audit chain" }));

    expect(await screen.findByText(/^Broken at entry 7/)).toHaveTextContent(
      "Broken at entry 7: hash mismatch. Escalate to the security officer.",
    );
  });

  it("shows the pending state while re-hashing and the service's sentence when it is refused", async () => {
    signedIn(["auditor"]);
    const verify = deferred();
    const services = consoleServices().on("GET", `${API}/audit/verify`, verify.reply);
    await renderConsole(services);

    await userEvent.click(await screen.findByRole("button", { name: "Verify the audit chain" }));
    expect(await screen.findByText("Re-hashing every entry…")).toBeVisible();
    verify.release(
      apiError(403, "ROLE_REQUIRED", "Only admins and auditors can verify the audit log."),
    );

    expect(
      await screen.findByText("Only admins and auditors can verify the audit log."),
    ).toBeVisible();
  });
});

describe("StaffPage: roles", () => {
  it("asks an admin's session for no SAR drafts and says which roles read them", async () => {
    signedIn(["admin"]);
    const services = consoleServices();
    await renderConsole(services);

    expect(await screen.findByText("No cases with this status.")).toBeVisible();
    expect(
      screen.getByText(
        "Only officers and auditors can read SAR drafts; you are signed in as admin.",
      ),
    ).toBeVisible();
    expect(screen.getByRole("button", { name: "Verify the audit chain" })).toBeEnabled();
    expect(screen.queryByRole("alert")).toBeNull();
    expect(services.to(`${API}/sars`)).toHaveLength(0);
    expect(services.to(`${API}/cases`).length).toBeGreaterThan(0);
  });

  it("offers an officer no audit verification and says which roles verify", async () => {
    signedIn(["officer"]);
    const services = consoleServices();
    await renderConsole(services);

    expect(await screen.findByText("No drafts.")).toBeVisible();
    expect(
      screen.getByText(
        "Only admins and auditors can verify the audit chain; you are signed in as officer.",
      ),
    ).toBeVisible();
    expect(screen.queryByRole("button", { name: "Verify the audit chain" })).toBeNull();
    expect(services.to(`${API}/audit`)).toHaveLength(0);
  });

  it("shows an auditor a case without the decision form, saying only officers decide", async () => {
    signedIn(["auditor"]);
    const services = consoleServices()
      .on("GET", `${API}/cases`, { body: { cases: [caseBody()] } })
      .on("GET", `${API}/cases/${CASE_ID}`, { body: caseBody() });
    await renderConsole(services);

    await userEvent.click(await screen.findByRole("button", { name: /^Case 5d0c7a1e/ }));

    expect(await screen.findByTestId("case-detail")).toHaveTextContent(
      "Only officers can decide a case; you are signed in as auditor.",
    );
    expect(screen.queryByLabelText("Reason for your decision")).toBeNull();
    expect(screen.queryByRole("button", { name: "Approve" })).toBeNull();
  });

  it("asks a session without a staff role for nothing", async () => {
    signedIn([]);
    const services = consoleServices();
    await renderConsole(services);

    expect(
      await screen.findByText(
        "Only admins, officers and auditors can read the review queue; you are signed in as no role.",
      ),
    ).toBeVisible();
    expect(services.to(API)).toHaveLength(0);
  });
});

describe("StaffPage: pause switch", () => {
  it("lets a pauser pause transfers from the wallet and shows the new state", async () => {
    signedIn(["admin"]);
    const { node, state } = nodeWith({ pauser: true });
    const { wallet } = await renderConsole(consoleServices(), node);

    expect(await screen.findByTestId("pause-state")).toHaveTextContent("Transfers are running.");
    await userEvent.click(screen.getByRole("button", { name: "Pause all transfers" }));

    await waitFor(() =>
      expect(screen.getByTestId("pause-state")).toHaveTextContent("Transfers are paused."),
    );
    expect(state.paused).toBe(true);
    expect(node.sentTo(REMITTANCE, "pause")).toHaveLength(1);
    expect(wallet.prompts.map((prompt) => prompt.method)).toEqual(["eth_sendTransaction"]);
    expect(screen.getByRole("button", { name: "Resume transfers" })).toBeEnabled();
  });

  it("offers no switch to a wallet without the pauser role", async () => {
    signedIn(["officer"]);
    await renderConsole(consoleServices(), nodeWith({ pauser: false }).node);

    expect(
      await screen.findByText("Only a wallet with the pauser role (admins) can change this."),
    ).toBeVisible();
    expect(screen.queryByRole("button", { name: "Pause all transfers" })).toBeNull();
  });

  it("explains an unreachable node", async () => {
    signedIn(["admin"]);
    const { node } = nodeWith({ pauser: true });
    node.unreachable = true;

    await renderConsole(consoleServices(), node);

    const sentence = "The blockchain node cannot be reached. Check your connection and try again.";
    await waitFor(() => expect(screen.getAllByText(sentence)).toHaveLength(2), {
      // The transport retries a failed request three times with back-off before it gives up.
      timeout: 5_000,
    });
    expect(screen.queryByTestId("pause-state")).toBeNull();
  });
});
