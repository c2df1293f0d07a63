// End-to-end flows in Debian Chromium against the whole stack (two chains joined by the CCIP bridge), with the test
// wallet injected as window.ethereum and the real face photos played as the webcam. Each flow saves a screenshot
// under e2e/screenshots/, and every screen it saves must meet WCAG AA colour contrast (axe). The first flows visit
// the app without a wallet and check the header at phone, tablet and desktop widths.
import assert from "node:assert/strict";
import { mkdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { after, afterEach, before, describe, it } from "node:test";
import type { Browser, Page } from "playwright-core";
import { type Address, type Hex, parseAbi, parseUnits } from "viem";
import { generatePrivateKey } from "viem/accounts";
import { chainClients } from "../../deploy/clients.ts";
import { demoAccounts } from "../../deploy/demo-accounts.ts";
import {
  FACES_DIR,
  launchChromium,
  photoAsVideo,
  REPO_ROOT,
  SCREENSHOT_DIR,
} from "./support/browser.ts";
import {
  boxOf,
  contrastViolations,
  overlap,
  sidewaysScroll,
  watchErrors,
} from "./support/screen-checks.ts";
import { type E2eChain, type E2eStack, startE2eStack } from "./support/stack.ts";
import { injectWallet, type TestWallet } from "./support/wallet.ts";
import { type E2eWorld, prepareWorld } from "./support/world.ts";

const demo = demoAccounts();
const FLOW_TIMEOUT = 240_000;
let stack: E2eStack;
let world: E2eWorld;
const browsers: Browser[] = [];
const pages: Page[] = [];
const wallets = new Map<Page, TestWallet>();

/**
 * Opens the app in a new browser with `key`'s wallet connected. `camera`: a photo the webcam shows;
 * `batchAccount`: the wallet batches calls (EIP-5792) through this EIP-7702 delegate.
 */
async function openApp(
  key: Hex,
  path: string,
  options: { camera?: string; batchAccount?: Hex } = {},
): Promise<Page> {
  const browser = await launchChromium(options.camera ? photoAsVideo(options.camera) : undefined);
  browsers.push(browser);
  const context = await browser.newContext({ viewport: { width: 1100, height: 900 } });
  await context.grantPermissions(["camera", "clipboard-read", "clipboard-write"], {
    origin: stack.appUrl,
  });
  const wallet = await injectWallet(context, key, stack.chains, {
    batchAccount: options.batchAccount,
  });
  const page = await context.newPage();
  pages.push(page);
  wallets.set(page, wallet);
  page.setDefaultTimeout(60_000);
  await page.goto(`${stack.appUrl}${path}`);
  await page.getByRole("button", { name: "Connect browser wallet" }).click();
  await page.getByRole("button", { name: "Disconnect" }).waitFor();
  return page;
}

/** The wallet prompts `page`'s wallet showed while `action` ran. */
async function promptsDuring(page: Page, action: () => Promise<void>): Promise<string[]> {
  const prompts = wallets.get(page)?.prompts;
  if (!prompts) throw new Error("This page has no test wallet");
  const before = prompts.length;
  await action();
  return prompts.slice(before);
}

/** A random amount with six decimals (last one not 0), so a re-used stack never shows it from an earlier run. */
function randomAmount(): { input: string; shown: string } {
  const whole = 10 + Math.floor(Math.random() * 80);
  const fraction = String(
    Math.floor(Math.random() * 99_999) * 10 + 1 + Math.floor(Math.random() * 9),
  ).padStart(6, "0");
  const input = `${whole}.${fraction}`;
  return { input, shown: `${input} tUSD` };
}

/** Saves the screenshot `name` and checks that every text on the screen meets WCAG AA contrast. */
async function shot(page: Page, name: string) {
  await page.screenshot({ path: join(SCREENSHOT_DIR, `${name}.png`), fullPage: true });
  assert.deepEqual(await contrastViolations(page), [], `colour contrast of ${name}`);
}

/** Phone, tablet, small laptop and desktop widths. */
const WIDTHS = [390, 768, 1100, 1440];

/** Checks the header at the page's current width: its parts side by side without overlap, nothing scrolls sideways,
 * and from tablet width the wallet bar (the button `walletButton`) on the brand's row. */
async function checkHeader(page: Page, walletButton: string, width: number) {
  const bar = page.locator(".header-bar");
  const brand = await boxOf(bar.locator(".brand"));
  const wallet = await boxOf(bar.locator(".wallet-bar"));
  const picker = bar.locator(".network-picker");
  const parts = [brand, wallet, ...((await picker.count()) ? [await boxOf(picker)] : [])];
  const button = await boxOf(page.getByRole("button", { name: walletButton }));

  for (const [index, part] of parts.entries())
    for (const other of parts.slice(index + 1))
      assert.ok(!overlap(part, other), `header parts overlap at ${width} px`);
  assert.equal(await sidewaysScroll(page), 0, `the page scrolls sideways at ${width} px`);
  if (width >= 768)
    assert.ok(
      button.y < brand.y + brand.height,
      `${walletButton} is below the brand at ${width} px`,
    );
}

async function quoteAndScreen(page: Page, recipient: string, amount: string, country = "") {
  await page.getByLabel("Recipient", { exact: true }).fill(recipient);
  await page.getByLabel(/^Amount/).fill(amount);
  if (country) await page.getByLabel(/^Recipient's country/).fill(country);
  await page.getByRole("button", { name: "Get quote" }).click();
  await page.getByRole("button", { name: "Check transfer" }).click();
  await page.getByTestId("decision").waitFor();
}

const balanceAbi = parseAbi(["function balanceOf(address owner) view returns (uint256)"]);

/** `owner`'s tUSD balance on `chain`, read from the chain. */
async function tokenBalance(
  client: ReturnType<typeof chainClients>["publicClient"],
  chain: E2eChain,
  owner: Address,
): Promise<bigint> {
  const token = chain.book.contracts.TestStablecoin?.address;
  if (!token) throw new Error(`Chain ${chain.chainId} has no TestStablecoin`);
  return client.readContract({
    address: token,
    abi: balanceAbi,
    functionName: "balanceOf",
    args: [owner],
  });
}

const attestationAbi = parseAbi([
  "struct Attestation { uint8 level; uint64 expiresAt; address provider; }",
  "function attestationOf(address subject) view returns (Attestation)",
]);

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
    world = await prepareWorld(stack);
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

describe("first visit", { timeout: FLOW_TIMEOUT }, () => {
  it(
    "without a browser wallet, the hint under the connect button is readable at every width and links to the help",
    { timeout: FLOW_TIMEOUT },
    async () => {
      const browser = await launchChromium();
      browsers.push(browser);
      // axe needs a page of an explicit context.
      const page = await (await browser.newContext()).newPage();
      pages.push(page);
      const errors = watchErrors(page);

      for (const width of WIDTHS) {
        await page.setViewportSize({ width, height: 900 });
        await page.goto(`${stack.appUrl}/`);
        const button = page.getByRole("button", { name: "Connect browser wallet" });
        const hint = page.getByText("No browser wallet found: install one such as MetaMask");
        await hint.waitFor();

        const [buttonBox, hintBox] = [await boxOf(button), await boxOf(hint)];
        assert.ok(
          Math.abs(hintBox.x - buttonBox.x) <= 1,
          `hint not aligned with the button at ${width} px`,
        );
        const below = hintBox.y - (buttonBox.y + buttonBox.height);
        assert.ok(below >= 0 && below <= 12, `hint ${below} px below the button at ${width} px`);
        assert.ok(await button.isDisabled());
        await checkHeader(page, "Connect browser wallet", width);
        assert.deepEqual(await contrastViolations(page), [], `colour contrast at ${width} px`);
      }
      const icon = await page.locator('link[rel="icon"]').getAttribute("href");
      const iconResponse = await page.request.get(
        new URL(icon ?? "/favicon.ico", stack.appUrl).href,
      );

      assert.equal(iconResponse.status(), 200);
      assert.match(iconResponse.headers()["content-type"] ?? "", /^image\/svg\+xml/);
      assert.deepEqual(errors, [], "console errors or failed requests");

      await page.getByRole("link", { name: "How to connect a wallet to the local demo" }).click();
      await page
        .getByRole("heading", { name: "How to connect a wallet to the local demo" })
        .waitFor();
      const rows = await page.getByTestId("wallet-networks").locator("tbody tr").allInnerTexts();
      assert.deepEqual(
        rows.map((row) => row.split("\t").slice(1, 3)),
        stack.chains.map((chain) => [chain.rpcUrl, String(chain.chainId)]),
      );
      assert.deepEqual(await contrastViolations(page), [], "colour contrast of the help page");
    },
  );

  it(
    "with a wallet connected, the header keeps the wallet on the brand's row from tablet width",
    { timeout: FLOW_TIMEOUT },
    async () => {
      const alice = await openApp(demo.alice.privateKey, "/");

      for (const width of WIDTHS) {
        await alice.setViewportSize({ width, height: 900 });
        await checkHeader(alice, "Disconnect", width);
        assert.deepEqual(await contrastViolations(alice), [], `colour contrast at ${width} px`);
      }
    },
  );
});

describe("payments", { timeout: FLOW_TIMEOUT }, () => {
  it("alice sends to bob and both see it in their history", { timeout: FLOW_TIMEOUT }, async () => {
    const amount = randomAmount();
    const alice = await openApp(demo.alice.privateKey, "/send");

    await quoteAndScreen(alice, demo.bob.account.address, amount.input);
    await alice.getByRole("heading", { name: /Approved/ }).waitFor();
    const plan = await alice.getByTestId("send-plan").innerText();
    const prompts = await promptsDuring(alice, async () => {
      await alice.getByRole("button", { name: "Confirm and send" }).click();
      await alice.getByTestId("send-confirmed").waitFor();
    });
    await shot(alice, "send-confirmed");

    // A plain EOA wallet: the permit signature, then the transaction (the minimum without batching).
    assert.match(plan, /asks twice/);
    assert.deepEqual(prompts, ["eth_signTypedData_v4", "eth_sendTransaction"]);
    await alice.goto(`${stack.appUrl}/history`);
    await alice
      .getByRole("button", { name: "Connect browser wallet" })
      .click()
      .catch(() => {});
    await alice
      .getByTestId("history-table")
      .getByText(amount.shown)
      .first()
      .waitFor({ timeout: 90_000 });
    await shot(alice, "history");
    const bob = await openApp(demo.bob.privateKey, "/history");
    const row = bob
      .getByTestId("history-table")
      .getByRole("row")
      .filter({ hasText: amount.shown })
      .first();
    await row.waitFor({ timeout: 90_000 });
    assert.match(await row.innerText(), /Received/);
  });

  it(
    "a wallet that batches calls (EIP-5792) sends with a single prompt",
    { timeout: FLOW_TIMEOUT },
    async () => {
      const sender = await openApp(world.batchSender.key, "/send", {
        batchAccount: world.batchAccount,
      });

      await quoteAndScreen(sender, demo.bob.account.address, "2.5");
      await sender.getByRole("heading", { name: /Approved/ }).waitFor();
      await sender.getByText(/^One confirmation: your wallet shows one request/).waitFor();
      const prompts = await promptsDuring(sender, async () => {
        await sender.getByRole("button", { name: "Confirm and send" }).click();
        await sender.getByTestId("send-confirmed").waitFor({ timeout: 90_000 });
      });
      await shot(sender, "send-one-prompt");

      assert.deepEqual(prompts, ["wallet_sendCalls"]);
    },
  );

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

      await quoteAndScreen(alice, sanctionedAddress(), "5");
      const decision = alice.getByTestId("decision");
      await decision.getByRole("heading", { name: /^Refused/ }).waitFor();
      const reason = decision.locator(".reasons li.blocking", { hasText: "SANCTIONED_RECIPIENT" });
      await reason.getByTestId("sanctions-list").waitFor();
      await shot(alice, "sanctions-refused");

      const text = await reason.innerText();
      assert.match(text, /The recipient is on a sanctions list\./);
      assert.match(text, /Sanctions list 0x[0-9a-f]{8}…/);
      assert.match(text, /ofac-sdn-ETH\.txt/);
      assert.equal(await alice.getByRole("button", { name: "Confirm and send" }).count(), 0);
      assert.equal(await alice.getByRole("button", { name: /send/i }).count(), 0);
    },
  );
});

describe("cross-chain", { timeout: FLOW_TIMEOUT }, () => {
  it(
    "alice on the home chain sends to bob on the second chain; the page shows both transactions and bob's history there has it",
    { timeout: FLOW_TIMEOUT },
    async (t) => {
      const [home, second] = stack.chains;
      if (!home || !second) {
        t.skip("the stack runs one chain (E2E_CHAINS=1, or E2E_BASE_URL of a single-chain stack)");
        return;
      }
      const amount = randomAmount();
      const alice = await openApp(demo.alice.privateKey, "/send");

      await alice.getByLabel("Recipient's chain").selectOption(String(second.chainId));
      await quoteAndScreen(alice, demo.bob.account.address, amount.input);
      const fee = await alice.getByTestId("ccip-fee").innerText();
      await alice.getByRole("heading", { name: /Approved/ }).waitFor();
      const status = alice.getByTestId("crosschain-status");
      const prompts = await promptsDuring(alice, async () => {
        await alice.getByRole("button", { name: "Confirm and send" }).click();
        await status.getByTestId("crosschain-source-tx").waitFor({ timeout: 90_000 });
      });
      await status.getByTestId("crosschain-delivered").waitFor({ timeout: 150_000 });
      await shot(alice, "crosschain-delivered");

      assert.match(fee, /^\d[\d,]*\.\d+ ETH, paid from your ETH on /);
      assert.deepEqual(prompts, ["eth_signTypedData_v4", "eth_sendTransaction"]);
      const hashOf = async (testId: string) => {
        const href = await status.getByTestId(testId).getAttribute("href");
        const hash = /\/tx\/(0x[0-9a-f]{64})/.exec(href ?? "")?.[1] as Hex | undefined;
        assert.ok(hash, `${testId} links a transaction (${href})`);
        return hash;
      };
      const sourceTx = await hashOf("crosschain-source-tx");
      const destinationTx = await hashOf("crosschain-destination-tx");
      const onSource = await chainClients(
        home.chainId,
        home.rpcUrl,
      ).publicClient.getTransactionReceipt({ hash: sourceTx });
      const onDestination = await chainClients(
        second.chainId,
        second.rpcUrl,
      ).publicClient.getTransactionReceipt({ hash: destinationTx });
      assert.equal(onSource.status, "success");
      assert.equal(onDestination.status, "success");
      assert.match(
        await status.getByTestId("crosschain-delivered").innerText(),
        new RegExp(amount.shown),
      );

      const bob = await openApp(demo.bob.privateKey, "/history");
      await bob.getByLabel("Network").selectOption(String(second.chainId));
      const row = bob
        .getByTestId("history-table")
        .getByRole("row")
        .filter({ hasText: amount.shown })
        .first();
      await row.waitFor({ timeout: 90_000 });
      await shot(bob, "crosschain-history");

      assert.match(await row.innerText(), /Received from CLXEND local\b/);
      assert.match(await row.innerText(), /Delivered/);
      assert.equal(wallets.get(bob)?.chainId(), second.chainId);
    },
  );
});

describe("sending from the second chain", { timeout: FLOW_TIMEOUT }, () => {
  it(
    "alice on the second chain sends to bob there and across the bridge to bob on the home chain; balances and histories follow",
    { timeout: FLOW_TIMEOUT },
    async (t) => {
      const [home, second] = stack.chains;
      if (!home || !second) {
        t.skip("the stack runs one chain (E2E_CHAINS=1, or E2E_BASE_URL of a single-chain stack)");
        return;
      }
      const onHome = chainClients(home.chainId, home.rpcUrl).publicClient;
      const onSecond = chainClients(second.chainId, second.rpcUrl).publicClient;
      const alice = demo.alice.account.address;
      const bob = demo.bob.account.address;
      const kyc = await onSecond.readContract({
        address: second.book.contracts.KycRegistry.address,
        abi: attestationAbi,
        functionName: "attestationOf",
        args: [alice],
      });
      assert.ok(kyc.level > 0, "the demo seed attests alice's KYC on the second chain");
      const local = randomAmount();
      const before = {
        aliceOnSecond: await tokenBalance(onSecond, second, alice),
        bobOnSecond: await tokenBalance(onSecond, second, bob),
      };
      const page = await openApp(demo.alice.privateKey, "/send");
      await page.getByLabel("Network").selectOption(String(second.chainId));
      await page.getByLabel("Recipient", { exact: true }).waitFor();

      await quoteAndScreen(page, bob, local.input);
      const quote = await page.getByTestId("quote").innerText();
      await page.getByRole("heading", { name: /Approved/ }).waitFor();
      await page.getByRole("button", { name: "Confirm and send" }).click();
      await page.getByTestId("send-confirmed").waitFor({ timeout: 90_000 });

      assert.equal(wallets.get(page)?.chainId(), second.chainId);
      assert.match(quote, /Sending from\s+CLXEND local 2/);
      const fee = parseUnits(
        /Fee \([\d.]+%\)\s+([\d.,]+) tUSD/.exec(quote)?.[1]?.replace(/,/g, "") ?? "",
        6,
      );
      const sent = parseUnits(local.input, 6);
      assert.equal(await tokenBalance(onSecond, second, bob), before.bobOnSecond + sent);
      assert.equal(await tokenBalance(onSecond, second, alice), before.aliceOnSecond - sent - fee);

      const cross = randomAmount();
      const bobOnHome = await tokenBalance(onHome, home, bob);
      await page.goto(`${stack.appUrl}/send`);
      await page
        .getByRole("button", { name: "Connect browser wallet" })
        .click({ timeout: 5_000 })
        .catch(() => {});
      const picker = page.getByLabel("Recipient's chain");
      await picker
        .locator(`option[value="${home.chainId}"]:not([disabled])`)
        .waitFor({ state: "attached" });
      const lanes = await picker.locator("option").allInnerTexts();
      await picker.selectOption(String(home.chainId));
      await quoteAndScreen(page, bob, cross.input);
      const crossQuote = await page.getByTestId("quote").innerText();
      await page.getByRole("heading", { name: /Approved/ }).waitFor();
      const status = page.getByTestId("crosschain-status");
      await page.getByRole("button", { name: "Confirm and send" }).click();
      await status.getByTestId("crosschain-source-tx").waitFor({ timeout: 90_000 });
      await status.getByTestId("crosschain-delivered").waitFor({ timeout: 150_000 });
      await shot(page, "crosschain-from-31338");

      assert.deepEqual(lanes, [
        "CLXEND local 2 (this chain)",
        "CLXEND local (over Chainlink CCIP)",
      ]);
      assert.match(crossQuote, /Sending from\s+CLXEND local 2/);
      assert.match(crossQuote, /Recipient's chain\s+CLXEND local\b(?! 2)/);
      const hashOf = async (testId: string) => {
        const href = await status.getByTestId(testId).getAttribute("href");
        const hash = /\/tx\/(0x[0-9a-f]{64})/.exec(href ?? "")?.[1] as Hex | undefined;
        assert.ok(hash, `${testId} links a transaction (${href})`);
        return hash;
      };
      const sourceReceipt = await onSecond.getTransactionReceipt({
        hash: await hashOf("crosschain-source-tx"),
      });
      const destinationReceipt = await onHome.getTransactionReceipt({
        hash: await hashOf("crosschain-destination-tx"),
      });
      assert.equal(sourceReceipt.status, "success");
      assert.equal(
        sourceReceipt.to?.toLowerCase(),
        second.book.contracts.CcipRemittanceSender?.address.toLowerCase(),
      );
      assert.equal(destinationReceipt.status, "success");
      assert.equal(await tokenBalance(onHome, home, bob), bobOnHome + parseUnits(cross.input, 6));

      await page.goto(`${stack.appUrl}/history`);
      await page
        .getByRole("button", { name: "Connect browser wallet" })
        .click({ timeout: 5_000 })
        .catch(() => {});
      const sentRow = page
        .getByTestId("history-table")
        .getByRole("row")
        .filter({ hasText: cross.shown })
        .first();
      await sentRow.waitFor({ timeout: 90_000 });
      const localRow = page
        .getByTestId("history-table")
        .getByRole("row")
        .filter({ hasText: local.shown })
        .first();
      await localRow.waitFor({ timeout: 90_000 });
      const bobPage = await openApp(demo.bob.privateKey, "/history");
      const received = bobPage
        .getByTestId("history-table")
        .getByRole("row")
        .filter({ hasText: cross.shown })
        .first();
      await received.waitFor({ timeout: 90_000 });

      assert.equal(await page.getByLabel("Network").inputValue(), String(second.chainId));
      assert.match(await received.innerText(), /Received from CLXEND local 2/);
      assert.match(await received.innerText(), /Delivered/);
    },
  );
});

describe("cross-chain escrow", { timeout: FLOW_TIMEOUT }, () => {
  it(
    "bob claims on the second chain an escrow alice sent from the home chain to his phone number",
    { timeout: FLOW_TIMEOUT },
    async (t) => {
      const [, second] = stack.chains;
      if (!second) {
        t.skip("the stack runs one chain (E2E_CHAINS=1, or E2E_BASE_URL of a single-chain stack)");
        return;
      }
      const alice = await openApp(demo.alice.privateKey, "/send");
      await alice.getByLabel("Recipient's chain").selectOption(String(second.chainId));
      await quoteAndScreen(alice, "+44 20 7946 0000", "6.5");
      await alice.getByRole("button", { name: "Confirm and send" }).click();
      await alice
        .getByRole("heading", { name: /Share the claim link/ })
        .waitFor({ timeout: 90_000 });
      const link = new URL(await alice.locator("textarea[readonly]").first().inputValue());

      const bob = await openApp(demo.bob.privateKey, link.pathname + link.hash);
      await bob.getByRole("button", { name: /^Switch wallet to / }).click();
      await bob.getByRole("button", { name: "Claim to my wallet" }).click({ timeout: 150_000 });
      await bob.getByTestId("claim-confirmed").waitFor({ timeout: 90_000 });
      await shot(bob, "crosschain-escrow-claimed");

      assert.equal(wallets.get(bob)?.chainId(), second.chainId);
      assert.equal(await bob.getByLabel("Network").inputValue(), String(second.chainId));
      await alice
        .getByTestId("crosschain-status")
        .getByTestId("crosschain-claimed")
        .waitFor({ timeout: 90_000 });
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
    "a newcomer passes KYC with a selfie through the camera and an ID photo; the attestation appears",
    { timeout: FLOW_TIMEOUT },
    async () => {
      const newcomer = await openApp(world.newcomer.key, "/verify", {
        camera: "obama/obama-1.jpg",
      });
      const badge = newcomer.getByTestId("kyc-state");
      await badge.filter({ hasText: /^Not verified\./ }).waitFor();

      const verdict = await verify(newcomer, "obama/obama-2.jpg");
      await badge.filter({ hasText: /^Verified \(level \d\) until / }).waitFor({ timeout: 30_000 });
      await shot(newcomer, "kyc-approved");

      assert.equal(verdict, "You are verified");
      const onChain = await chainClients(stack.chainId, stack.rpcUrl).publicClient.readContract({
        address: stack.book.contracts.KycRegistry.address,
        abi: attestationAbi,
        functionName: "attestationOf",
        args: [world.newcomer.address],
      });
      assert.ok(onChain.level > 0, "the attestation is on the chain");
      const expiry = await newcomer.evaluate(
        (seconds) =>
          new Date(seconds * 1000).toLocaleDateString(undefined, { dateStyle: "medium" }),
        Number(onChain.expiresAt),
      );
      assert.equal(await badge.innerText(), `Verified (level ${onChain.level}) until ${expiry}.`);
    },
  );

  it(
    "refuses a selfie of a different person than the ID photo, with reasons",
    { timeout: FLOW_TIMEOUT },
    async () => {
      const stranger = await openApp(generatePrivateKey(), "/verify", {
        camera: "biden/biden-1.jpg",
      });

      const verdict = await verify(stranger, "obama/obama-2.jpg");

      await shot(stranger, "kyc-refused");
      assert.equal(verdict, "Not verified");
      assert.ok((await stranger.locator(".result .reasons li").count()) > 0);
      assert.match(await stranger.getByTestId("kyc-state").innerText(), /^Not verified\./);
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
    const detail = await page.getByTestId("case-detail").innerText();
    await page.getByLabel("Reason for your decision").fill(reason);
    await page.getByRole("button", { name: "Approve" }).click();
    return { detail, outcome: await page.getByTestId("case-decided").innerText() };
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
      const { outcome } = await decide(
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

  it(
    "a high-risk case needs a second officer; after both approve, the transfer is co-signed and sent",
    { timeout: FLOW_TIMEOUT },
    async () => {
      const alice = await openApp(demo.alice.privateKey, "/send");
      await quoteAndScreen(alice, world.newRecipient.address, "4", "IR");
      await alice.getByRole("heading", { name: /In review/ }).waitFor();
      const score = await alice
        .getByTestId("decision")
        .getByText(/risk score \d+/)
        .innerText();
      const caseId = await caseOf(alice);

      const firstOfficer = await signInAsStaff(demo.kycProvider.privateKey);
      const first = await decide(
        firstOfficer,
        "open",
        caseId,
        "Corridor checked; source of funds is salary.",
      );
      await shot(firstOfficer, "staff-first-approval");
      const secondOfficer = await signInAsStaff(demo.anchorer.privateKey);
      const second = await decide(
        secondOfficer,
        "awaiting_second_approval",
        caseId,
        "Agree with the first officer.",
      );
      await shot(secondOfficer, "staff-second-approval");
      await alice.getByRole("heading", { name: /Approved/ }).waitFor({ timeout: 30_000 });
      await alice.getByRole("button", { name: "Confirm and send" }).click();
      await alice.getByTestId("send-confirmed").waitFor({ timeout: 90_000 });

      assert.equal(score, "risk score 75");
      assert.match(first.detail, /high risk: needs 2 approvals from different officers/);
      assert.match(first.outcome, /awaiting second approval\. .*a second officer must approve it/);
      assert.match(second.detail, /approved on .*Corridor checked; source of funds is salary\./);
      assert.match(second.outcome, /now approved/);
    },
  );
});
