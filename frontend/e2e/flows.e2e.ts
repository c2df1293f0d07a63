// End-to-end flows in Debian Chromium against the whole stack, with the test wallet injected as window.ethereum
// and the real face photos played as the webcam. Each flow saves a screenshot under e2e/screenshots/.
import assert from "node:assert/strict";
import { mkdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { after, afterEach, before, describe, it } from "node:test";
import type { Browser, Page } from "playwright-core";
import type { Hex } from "viem";
import { generatePrivateKey } from "viem/accounts";
import { demoAccounts } from "../../deploy/demo-accounts.ts";
import {
  FACES_DIR,
  launchChromium,
  photoAsVideo,
  REPO_ROOT,
  SCREENSHOT_DIR,
} from "./support/browser.ts";
import { type E2eStack, startE2eStack } from "./support/stack.ts";
import { injectWallet } from "./support/wallet.ts";

const demo = demoAccounts();
const FLOW_TIMEOUT = 240_000;
let stack: E2eStack;
const browsers: Browser[] = [];
const pages: Page[] = [];

/** Opens the app in a new browser with `key`'s wallet connected; `camera` is a photo the webcam shows. */
async function openApp(key: Hex, path: string, camera?: string): Promise<Page> {
  const browser = await launchChromium(camera ? photoAsVideo(camera) : undefined);
  browsers.push(browser);
  const context = await browser.newContext({ viewport: { width: 1100, height: 900 } });
  await context.grantPermissions(["camera", "clipboard-read", "clipboard-write"], {
    origin: stack.appUrl,
  });
  await injectWallet(context, key, stack.rpcUrl, stack.chainId);
  const page = await context.newPage();
  pages.push(page);
  page.setDefaultTimeout(60_000);
  await page.goto(`${stack.appUrl}${path}`);
  await page.getByRole("button", { name: "Connect browser wallet" }).click();
  await page.getByRole("button", { name: "Disconnect" }).waitFor();
  return page;
}

async function shot(page: Page, name: string) {
  await page.screenshot({ path: join(SCREENSHOT_DIR, `${name}.png`), fullPage: true });
}

async function quoteAndScreen(page: Page, recipient: string, amount: string, country = "") {
  await page.getByLabel("Recipient", { exact: true }).fill(recipient);
  await page.getByLabel(/^Amount/).fill(amount);
  if (country) await page.getByLabel(/^Recipient's country/).fill(country);
  await page.getByRole("button", { name: "Get quote" }).click();
  await page.getByRole("button", { name: "Check transfer" }).click();
  await page.getByTestId("decision").waitFor();
}

function sanctionedAddress(): string {
  const lines = readFileSync(
    join(REPO_ROOT, "..", "shared", "data", "sanctions", "ofac-sdn-ETH.txt"),
    "utf8",
  ).split("\n");
  const address = lines.map((line) => line.trim()).find((line) => /^0x[0-9a-fA-F]{40}$/.test(line));
  if (!address) throw new Error("No address in the sanctions list");
  return address;
}

before(
  async () => {
    mkdirSync(SCREENSHOT_DIR, { recursive: true });
    stack = await startE2eStack((line) => process.stdout.write(`${line}\n`));
  },
  { timeout: 900_000 },
);

// The state of every page a flow left open, for reading a failure (git-ignored e2e/.tmp/).
afterEach(async () => {
  mkdirSync(join(SCREENSHOT_DIR, "..", ".tmp"), { recursive: true });
  for (const [index, page] of pages.splice(0).entries()) {
    await page
      .screenshot({
        path: join(SCREENSHOT_DIR, "..", ".tmp", `last-page-${index}.png`),
        fullPage: true,
      })
      .catch(() => {});
  }
});

after(async () => {
  for (const browser of browsers) await browser.close().catch(() => {});
  await stack?.stop();
});

describe("payments", { timeout: FLOW_TIMEOUT }, () => {
  it("alice sends to bob and both see it in their history", { timeout: FLOW_TIMEOUT }, async () => {
    const alice = await openApp(demo.alice.privateKey, "/send");

    await quoteAndScreen(alice, demo.bob.account.address, "12.5");
    await alice.getByRole("heading", { name: /Approved/ }).waitFor();
    await alice.getByRole("button", { name: "Confirm and send" }).click();
    await alice.getByTestId("send-confirmed").waitFor();
    await shot(alice, "send-confirmed");

    await alice.goto(`${stack.appUrl}/history`);
    await alice
      .getByRole("button", { name: "Connect browser wallet" })
      .click()
      .catch(() => {});
    await alice
      .getByTestId("history-table")
      .getByText("12.50 tUSD")
      .first()
      .waitFor({ timeout: 90_000 });
    await shot(alice, "history");
    const bob = await openApp(demo.bob.privateKey, "/history");
    const row = bob
      .getByTestId("history-table")
      .getByRole("row")
      .filter({ hasText: "12.50 tUSD" })
      .first();
    await row.waitFor({ timeout: 90_000 });
    assert.match(await row.innerText(), /Received/);
  });

  it(
    "bob claims an escrow sent to his phone number with the claim link",
    { timeout: FLOW_TIMEOUT },
    async () => {
      const alice = await openApp(demo.alice.privateKey, "/send");

      await quoteAndScreen(alice, "+44 20 7946 0000", "7");
      await alice.getByRole("button", { name: "Confirm and send" }).click();
      await alice
        .getByRole("heading", { name: /Share the claim link/ })
        .waitFor({ timeout: 150_000 });
      const link = await alice.locator("textarea[readonly]").first().inputValue();
      await shot(alice, "escrow-claim-link");
      assert.match(link, /\/claim#claim=/);

      const bob = await openApp(demo.bob.privateKey, new URL(link).pathname + new URL(link).hash);
      await bob.getByRole("button", { name: "Claim to my wallet" }).click();
      await bob.getByTestId("claim-confirmed").waitFor({ timeout: 90_000 });
      await shot(bob, "escrow-claimed");
    },
  );

  it(
    "refuses a transfer to an address on the real sanctions list, with its reason",
    { timeout: FLOW_TIMEOUT },
    async () => {
      const alice = await openApp(demo.alice.privateKey, "/send");

      await quoteAndScreen(alice, sanctionedAddress(), "5").catch(() => {});
      await alice
        .getByText(/sanction/i)
        .first()
        .waitFor();
      await shot(alice, "sanctions-refused");
      assert.equal(await alice.getByRole("button", { name: "Confirm and send" }).count(), 0);
    },
  );
});

describe("onboarding", { timeout: FLOW_TIMEOUT }, () => {
  async function verify(page: Page, documentPhoto: string) {
    await page.getByRole("button", { name: "Use camera" }).first().click();
    await page.getByRole("button", { name: "Take photo" }).click();
    await page.getByLabel("Upload a photo").nth(1).setInputFiles(join(FACES_DIR, documentPhoto));
    await page.getByLabel("Country of residence (2 letters)").fill("US");
    await page.getByRole("button", { name: "Submit for verification" }).click();
    return page.getByTestId("kyc-verdict").innerText({ timeout: 180_000 });
  }

  it(
    "alice passes KYC with her selfie through the camera and her ID photo",
    { timeout: FLOW_TIMEOUT },
    async () => {
      const alice = await openApp(demo.alice.privateKey, "/verify", "obama/obama-1.jpg");

      const verdict = await verify(alice, "obama/obama-2.jpg");

      await shot(alice, "kyc-approved");
      assert.equal(verdict, "You are verified");
    },
  );

  it(
    "refuses a selfie of a different person than the ID photo, with reasons",
    { timeout: FLOW_TIMEOUT },
    async () => {
      const stranger = await openApp(generatePrivateKey(), "/verify", "biden/biden-1.jpg");

      const verdict = await verify(stranger, "obama/obama-2.jpg");

      await shot(stranger, "kyc-refused");
      assert.equal(verdict, "Not verified");
      assert.ok((await stranger.locator(".result .reasons li").count()) > 0);
    },
  );
});

describe("staff console", { timeout: FLOW_TIMEOUT }, () => {
  async function signInAsStaff(key: Hex): Promise<Page> {
    const page = await openApp(key, "/staff");
    await page.getByRole("button", { name: "Sign in with Ethereum" }).click();
    await page.getByText(/^Signed in as/).waitFor();
    return page;
  }

  /** The short case id alice's screen shows while her transfer waits for review. */
  async function caseOf(alice: Page): Promise<string> {
    const text = await alice
      .getByText(/A compliance officer is reviewing this transfer/)
      .innerText();
    const id = /case ([0-9a-f]{8})/.exec(text)?.[1];
    if (!id) throw new Error(`No case id in: ${text}`);
    return id;
  }

  async function decide(page: Page, status: string, caseId: string, reason: string) {
    await page.getByLabel("Status").selectOption(status);
    await page
      .getByTestId("case-list")
      .getByRole("button", { name: new RegExp(`Case ${caseId}`) })
      .click();
    await page.getByLabel("Reason for your decision").fill(reason);
    await page.getByRole("button", { name: "Approve" }).click();
    return page.getByTestId("case-decided").innerText();
  }

  it(
    "an officer approves a transfer in review and alice can then send it",
    { timeout: FLOW_TIMEOUT },
    async () => {
      const alice = await openApp(demo.alice.privateKey, "/send");
      await quoteAndScreen(alice, demo.bob.account.address, "3", "IR");
      await alice.getByRole("heading", { name: /In review/ }).waitFor();
      const caseId = await caseOf(alice);

      const officer = await signInAsStaff(demo.kycProvider.privateKey);
      const outcome = await decide(
        officer,
        "open",
        caseId,
        "Known family corridor; documents on file.",
      );
      await shot(officer, "staff-review-approved");

      assert.match(outcome, /now approved/);
      await alice.getByRole("button", { name: "Confirm and send" }).waitFor({ timeout: 30_000 });
    },
  );

  // Left out of the default run: with the stack's demo world no KYC'd wallet is new to alice, so no transfer scores
  // in the high-risk band (70-89) without also being refused; set E2E_HIGH_RISK=1 once the seed provides one.
  it(
    "a high-risk case needs a second officer after the first approval",
    {
      timeout: FLOW_TIMEOUT,
      skip:
        process.env.E2E_HIGH_RISK === "1"
          ? false
          : "needs a KYC'd recipient new to alice (see comment)",
    },
    async () => {
      const alice = await openApp(demo.alice.privateKey, "/send");
      await quoteAndScreen(alice, demo.merchant.account.address, "4", "IR");
      await alice.getByRole("heading", { name: /In review/ }).waitFor();
      const caseId = await caseOf(alice);

      const firstOfficer = await signInAsStaff(demo.kycProvider.privateKey);
      const first = await decide(
        firstOfficer,
        "open",
        caseId,
        "Corridor checked; source of funds is salary.",
      );
      const secondOfficer = await signInAsStaff(demo.anchorer.privateKey);
      const second = await decide(
        secondOfficer,
        "awaiting_second_approval",
        caseId,
        "Agree with the first officer.",
      );
      await shot(secondOfficer, "staff-second-approval");

      assert.match(first, /awaiting second approval/);
      assert.match(second, /now approved/);
    },
  );
});
