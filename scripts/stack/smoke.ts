// `npm run smoke`: starts a throw-away CLXEND stack (temp state, free ports), sends alice → bob remittances through
// public interfaces only (compliance API screen + co-signature when it runs, alice's wallet signatures, the chain,
// the indexer's REST API when it runs), checks every balance and view, stops the stack. Exit 0 only if all held.
// With --chains 2 it also sends alice on chain 31337 → bob on chain 31338 over the CCIP bridge and the local relayer.
// With the compliance API it also checks that a transfer to an address of the real OFAC list is refused, with its reason.
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { type Address, type Hex, type LocalAccount, getAddress, parseUnits } from "viem";
import { z } from "zod";
import { chainClients } from "../../deploy/clients.ts";
import { demoAccounts } from "../../deploy/demo-accounts.ts";
import { PARTS, type StackPorts } from "./parts.ts";
import { freePort } from "./ports.ts";
import { coSignCrossChainLocally, sendCrossChainWithPermit } from "./crosschain-client.ts";
import {
  type CoSigned,
  type RemittanceContext,
  type TransferRequest,
  balancesOf,
  chainTime,
  claimEscrow,
  coSignLocally,
  newClaimKey,
  sendDirectWithPermit,
  sendToEscrowWithPermit,
} from "./remittance-client.ts";
import { REPO_ROOT } from "./paths.ts";
import { ignoreOutputErrors, onStopSignal } from "./shutdown.ts";
import { PartFailedError, type StackInfo, StackProcesses, startStack } from "./stack.ts";
import { bold, green, red, type StackReporter } from "./ui.ts";

const DIRECT_AMOUNT = parseUnits("25", 6);
const ESCROW_AMOUNT = parseUnits("40", 6);
const CROSS_CHAIN_AMOUNT = parseUnits("30", 6);
const RELAY_WAIT_MS = 60_000;
const INDEXER_WAIT_MS = 60_000;

interface Check {
  name: string;
  ok: boolean;
  detail: string;
}

const checks: Check[] = [];

function check(name: string, ok: boolean, detail = ""): void {
  checks.push({ name, ok, detail });
  const mark = ok ? green("✔") : red("✘");
  process.stdout.write(`  ${mark} ${name}${detail === "" ? "" : ` ${detail}`}\n`);
}

function smokeReporter(): StackReporter {
  return {
    step: (message) => process.stdout.write(`[smoke] ${message}\n`),
    note: (message) => process.stdout.write(`[smoke]   ${message}\n`),
    waiting: () => {},
    healthy: (name, seconds) =>
      process.stdout.write(`[smoke]   ${name} healthy after ${seconds.toFixed(1)}s\n`),
  };
}

/**
 * How the smoke test obtains a co-signed approval: from the compliance API (screen, then cosign) when it runs,
 * else by signing with the compliance demo key as that service would. The one place to change when it moves.
 */
function coSignerFor(info: StackInfo, context: RemittanceContext, compliance: LocalAccount) {
  const api = info.parts.find((part) => part.definition.name === "compliance-api");
  if (api === undefined) {
    return {
      source: "compliance demo key (no compliance API running)",
      coSign: (request: TransferRequest) => coSignLocally(context, compliance, request),
    };
  }
  return {
    source: `compliance API at ${api.url}`,
    coSign: (request: TransferRequest) => coSignViaApi(api.url, context.token, request),
  };
}

const decisionSchema = z.object({
  decisionId: z.string(),
  outcome: z.string(),
  reasons: z.array(z.object({ code: z.string() })).default([]),
});
const uint = z.string().regex(/^\d+$/).transform(BigInt);
const hex = z
  .string()
  .regex(/^0x[0-9a-fA-F]*$/)
  .transform((value) => value as Hex);
const address = z
  .string()
  .regex(/^0x[0-9a-fA-F]{40}$/)
  .transform((value) => getAddress(value));
const cosignSchema = z.object({
  approval: z.object({
    sender: address,
    recipient: address,
    claimHash: hex,
    token: address,
    amount: uint,
    fee: uint,
    memoHash: hex,
    travelRuleHash: hex,
    destinationChainId: uint,
    nonce: uint,
    deadline: uint,
  }),
  coSignature: z.object({ signer: address, signature: hex }),
});

async function coSignViaApi(
  baseUrl: string,
  token: Address,
  request: TransferRequest & { destinationChainId?: number },
): Promise<CoSigned> {
  const screened = decisionSchema.parse(
    await postJson(`${baseUrl}/v1/screen`, {
      sender: request.sender,
      ...(request.recipient === undefined ? {} : { recipient: request.recipient }),
      ...(request.claimHash === undefined ? {} : { claimHash: request.claimHash }),
      token,
      amount: request.amount.toString(),
      ...(request.memo === undefined ? {} : { memo: request.memo }),
      ...(request.destinationChainId === undefined
        ? {}
        : { destinationChainId: request.destinationChainId }),
    }),
  );
  if (screened.outcome !== "approve") {
    const reasons = screened.reasons.map((reason) => reason.code).join(", ");
    throw new Error(
      `The compliance API did not approve the transfer: ${screened.outcome} (${reasons})`,
    );
  }
  return cosignSchema.parse(
    await postJson(`${baseUrl}/v1/cosign`, { decisionId: screened.decisionId }),
  );
}

async function postJson(url: string, body: unknown): Promise<unknown> {
  const response = await fetch(url, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body),
    signal: AbortSignal.timeout(30_000),
  });
  const text = await response.text();
  if (!response.ok)
    throw new Error(`POST ${url} answered ${response.status}: ${text.slice(0, 500)}`);
  return JSON.parse(text) as unknown;
}

async function runFlows(info: StackInfo): Promise<void> {
  const demo = demoAccounts();
  const alice = demo.alice.account;
  const bob = demo.bob.account;
  const treasury = demo.treasury.account.address;
  const { default: hre } = await import("hardhat");
  const token = info.book.contracts.TestStablecoin?.address;
  if (token === undefined) throw new Error("The local address book has no TestStablecoin");
  const context: RemittanceContext = {
    clients: chainClients(info.chainId, info.rpcUrl),
    remittance: info.book.contracts.Remittance.address,
    token,
    abis: {
      remittance: (await hre.artifacts.readArtifact("Remittance")).abi,
      token: (await hre.artifacts.readArtifact("TestStablecoin")).abi,
    },
  };
  const coSigner = coSignerFor(info, context, demo.compliance.account);
  process.stdout.write(`[smoke] Co-signatures come from the ${coSigner.source}\n`);

  process.stdout.write(
    `[smoke] ${bold("Direct send")}: alice → bob, 25 tUSD, permit + send in one transaction\n`,
  );
  const people = [alice.address, bob.address, treasury, context.remittance];
  const before = await balancesOf(context, people);
  const direct = await coSigner.coSign({
    sender: alice.address,
    recipient: bob.address,
    amount: DIRECT_AMOUNT,
  });
  const sent = await sendDirectWithPermit(context, alice, direct);
  const afterDirect = await balancesOf(context, people);
  const fee = direct.approval.fee;
  check("remittance id is the approval nonce", BigInt(sent.id) === direct.approval.nonce, sent.id);
  check("alice paid amount + fee", delta(before, afterDirect, 0) === -(DIRECT_AMOUNT + fee));
  check("bob received the amount", delta(before, afterDirect, 1) === DIRECT_AMOUNT);
  check("treasury received the fee", delta(before, afterDirect, 2) === fee, `(${fee} base units)`);
  check("the same approval cannot be used twice", await replayFails(context, alice, direct));

  process.stdout.write(
    `[smoke] ${bold("Escrow send")}: alice → claim hash, 40 tUSD; bob claims with the secret\n`,
  );
  const claimKey = newClaimKey();
  const escrow = await coSigner.coSign({
    sender: alice.address,
    claimHash: claimKey.claimHash,
    amount: ESCROW_AMOUNT,
  });
  const expiresAt = (await chainTime(context)) + 2n * 3600n;
  const escrowed = await sendToEscrowWithPermit(context, alice, escrow, expiresAt);
  const afterEscrow = await balancesOf(context, people);
  check(
    "alice paid escrow amount + fee",
    delta(afterDirect, afterEscrow, 0) === -(ESCROW_AMOUNT + escrow.approval.fee),
  );
  check("Remittance holds the escrow", delta(afterDirect, afterEscrow, 3) === ESCROW_AMOUNT);
  const terms = {
    sender: alice.address,
    token,
    amount: ESCROW_AMOUNT,
    claimHash: claimKey.claimHash,
    expiresAt,
  };
  await claimEscrow(context, bob, claimKey.account, escrowed.id, terms);
  const afterClaim = await balancesOf(context, people);
  check("bob received the escrow", delta(afterEscrow, afterClaim, 1) === ESCROW_AMOUNT);
  check("Remittance released the escrow", delta(afterEscrow, afterClaim, 3) === -ESCROW_AMOUNT);
  const open = await context.clients.publicClient.readContract({
    address: context.remittance,
    abi: context.abis.remittance,
    functionName: "isEscrowOpen",
    args: [escrowed.id],
  });
  check("the escrow is closed after the claim", !open);

  await checkSanctionedRecipientRefused(info, alice.address, token);

  const indexer = info.parts.find((part) => part.definition.name === "indexer");
  if (indexer === undefined) {
    process.stdout.write("[smoke] Indexer not running: skipping the indexer checks\n");
    return;
  }
  process.stdout.write(`[smoke] ${bold("Indexer")} at ${indexer.url}\n`);
  await checkIndexedRemittance(indexer.url, info.chainId, sent.id, "sent", DIRECT_AMOUNT);
  await checkIndexedRemittance(indexer.url, info.chainId, escrowed.id, "claimed", ESCROW_AMOUNT);
  await checkIndexedBalance(indexer.url, info.chainId, token, alice.address, afterClaim[0] ?? -1n);
  await checkIndexedBalance(indexer.url, info.chainId, token, bob.address, afterClaim[1] ?? -1n);
}

/** The first EVM address of the real OFAC snapshot (`../shared/data/sanctions/*.txt`, files in name order). */
function firstListedAddress(): Address {
  const dir = join(REPO_ROOT, "..", "shared", "data", "sanctions");
  for (const file of readdirSync(dir)
    .filter((name) => name.endsWith(".txt"))
    .sort()) {
    const line = readFileSync(join(dir, file), "utf8")
      .split(/\r?\n/)
      .map((text) => text.trim())
      .find((text) => /^0x[0-9a-fA-F]{40}$/.test(text));
    if (line !== undefined) return getAddress(line.toLowerCase());
  }
  throw new Error(`No EVM address in the sanctions lists of ${dir}`);
}

/**
 * A transfer from alice to an address of the real sanctions list is refused by the compliance API with its reason,
 * the decision records the list version in force, and the refused decision cannot be co-signed.
 */
async function checkSanctionedRecipientRefused(
  info: StackInfo,
  sender: Address,
  token: Address,
): Promise<void> {
  const api = info.parts.find((part) => part.definition.name === "compliance-api");
  if (api === undefined) {
    process.stdout.write("[smoke] Compliance API not running: skipping the sanctions check\n");
    return;
  }
  const sanctioned = firstListedAddress();
  process.stdout.write(
    `[smoke] ${bold("Sanctions")}: alice → ${sanctioned} (on the OFAC list), 25 tUSD\n`,
  );
  const version = z
    .object({ version: z.string() })
    .parse(await (await fetch(`${api.url}/v1/sanctions/version`)).json());
  const screened = decisionSchema.extend({ sanctionsListVersion: z.string() }).parse(
    await postJson(`${api.url}/v1/screen`, {
      sender,
      recipient: sanctioned,
      token,
      amount: DIRECT_AMOUNT.toString(),
    }),
  );
  const codes = screened.reasons.map((reason) => reason.code);
  const stored = z
    .object({ sanctionsListVersion: z.string() })
    .parse(await (await fetch(`${api.url}/v1/decisions/${screened.decisionId}`)).json());
  const cosign = await fetch(`${api.url}/v1/cosign`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ decisionId: screened.decisionId }),
  });
  check("the transfer to a sanctioned address is rejected", screened.outcome === "reject");
  check(
    "its reason is SANCTIONED_RECIPIENT",
    codes.includes("SANCTIONED_RECIPIENT"),
    `(${codes.join(", ")})`,
  );
  check(
    "the stored decision records the sanctions-list version in force",
    screened.sanctionsListVersion === version.version &&
      stored.sanctionsListVersion === version.version,
    `(${version.version.slice(0, 12)}…)`,
  );
  check(
    "co-signing the rejected decision is refused",
    cosign.status === 409,
    `(HTTP ${cosign.status})`,
  );
}

/** Alice on the first chain → bob on the second, through the compliance API (or the demo key), bridge and relayer. */
async function runCrossChainFlow(info: StackInfo): Promise<void> {
  const [source, destination] = info.chains;
  if (source === undefined || destination === undefined) return;
  const demo = demoAccounts();
  const alice = demo.alice.account;
  const bob = demo.bob.account.address;
  const { default: hre } = await import("hardhat");
  const tokenAbi = (await hre.artifacts.readArtifact("TestStablecoin")).abi;
  const remittanceAbi = (await hre.artifacts.readArtifact("Remittance")).abi;
  const contextOf = (
    chain: typeof source,
    contract: "CcipRemittanceSender" | "CcipRemittanceReceiver",
  ) => {
    const address = chain.book.contracts[contract]?.address;
    const token = chain.book.tokens.tUSD?.address;
    if (address === undefined || token === undefined) {
      throw new Error(`Chain ${chain.chainId} has no ${contract} or tUSD in its address book`);
    }
    return {
      clients: chainClients(chain.chainId, chain.rpcUrl),
      remittance: address,
      token,
      abis: { remittance: remittanceAbi, token: tokenAbi },
    } satisfies RemittanceContext;
  };
  const bridge = contextOf(source, "CcipRemittanceSender");
  const receiving = contextOf(destination, "CcipRemittanceReceiver");
  process.stdout.write(
    `[smoke] ${bold("Cross-chain send")}: alice on chain ${source.chainId} → bob on chain ${destination.chainId}, 30 tUSD over CCIP\n`,
  );
  const request = {
    sender: alice.address,
    recipient: bob,
    amount: CROSS_CHAIN_AMOUNT,
    destinationChainId: destination.chainId,
  };
  const api = info.parts.find((part) => part.definition.name === "compliance-api");
  const coSigned =
    api === undefined
      ? await coSignCrossChainLocally(bridge, demo.compliance.account, request)
      : await coSignViaApi(api.url, bridge.token, request);
  const [aliceBefore] = await balancesOf(bridge, [alice.address]);
  const [bobBefore] = await balancesOf(receiving, [bob]);
  const sent = await sendCrossChainWithPermit(bridge, alice, coSigned);
  const [aliceAfter] = await balancesOf(bridge, [alice.address]);
  check(
    "alice paid amount + the bridge fee on the source chain",
    (aliceBefore ?? 0n) - (aliceAfter ?? 0n) === CROSS_CHAIN_AMOUNT + coSigned.approval.fee,
  );
  const deadline = Date.now() + RELAY_WAIT_MS;
  let bobAfter = bobBefore ?? 0n;
  while (Date.now() < deadline && bobAfter - (bobBefore ?? 0n) < CROSS_CHAIN_AMOUNT) {
    await new Promise((resolve) => setTimeout(resolve, 500));
    [bobAfter = 0n] = await balancesOf(receiving, [bob]);
  }
  check(
    `bob received the amount on chain ${destination.chainId} (relayed)`,
    bobAfter - (bobBefore ?? 0n) === CROSS_CHAIN_AMOUNT,
    `(message ${sent.messageId.slice(0, 10)}…)`,
  );

  const indexer = info.parts.find((part) => part.definition.name === "indexer");
  if (indexer === undefined) return;
  const linked = z.object({
    status: z.string(),
    sourceChainId: z.number().nullable(),
    destinationChainId: z.number().nullable(),
    sentTx: z.string().nullable(),
    deliveredTx: z.string().nullable(),
    amount: z.coerce.bigint().nullable(),
  });
  const body = await pollJson(`${indexer.url}/api/crosschain/${sent.messageId}`, (value) => {
    const parsed = linked.safeParse(value);
    return parsed.success && parsed.data.status === "delivered" && parsed.data.sentTx !== null;
  });
  const row = linked.safeParse(body);
  check(
    "indexer links the send and the delivery by message id",
    row.success &&
      row.data.status === "delivered" &&
      row.data.sourceChainId === source.chainId &&
      row.data.destinationChainId === destination.chainId &&
      row.data.sentTx === sent.hash.toLowerCase() &&
      row.data.deliveredTx !== null &&
      row.data.amount === CROSS_CHAIN_AMOUNT,
    row.success ? `(status ${row.data.status})` : "(not found)",
  );
  const history = await pollJson(
    `${indexer.url}/api/accounts/${destination.chainId}/${bob}/remittances`,
    (value) => JSON.stringify(value).includes(sent.messageId),
  );
  check(
    `bob's history on chain ${destination.chainId} lists the cross-chain remittance`,
    JSON.stringify(history).includes(sent.messageId),
  );
}

function delta(before: bigint[], after: bigint[], index: number): bigint {
  return (after[index] ?? 0n) - (before[index] ?? 0n);
}

async function replayFails(
  context: RemittanceContext,
  sender: LocalAccount,
  coSigned: CoSigned,
): Promise<boolean> {
  try {
    await context.clients.publicClient.simulateContract({
      account: sender,
      address: context.remittance,
      abi: context.abis.remittance,
      functionName: "send",
      args: [coSigned.approval, coSigned.coSignature],
    });
    return false;
  } catch (error) {
    return String(error).includes("RemittanceNonceUsed");
  }
}

async function pollJson(url: string, accept: (body: unknown) => boolean): Promise<unknown> {
  const deadline = Date.now() + INDEXER_WAIT_MS;
  let last: unknown;
  while (Date.now() < deadline) {
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(5_000) });
      if (response.ok) {
        last = await response.json();
        if (accept(last)) return last;
      }
    } catch {
      // Retry until the deadline.
    }
    await new Promise((resolve) => setTimeout(resolve, 1_000));
  }
  return last;
}

async function checkIndexedRemittance(
  baseUrl: string,
  chainId: number,
  id: Hex,
  status: string,
  amount: bigint,
): Promise<void> {
  const schema = z.object({ status: z.string(), amount: z.coerce.bigint(), sender: z.string() });
  const body = await pollJson(`${baseUrl}/api/remittances/${chainId}/${id}`, (value) => {
    const parsed = schema.safeParse(value);
    return parsed.success && parsed.data.status === status;
  });
  const parsed = schema.safeParse(body);
  check(
    `indexer shows remittance ${id.slice(0, 10)}… as ${status} with the right amount`,
    parsed.success && parsed.data.status === status && parsed.data.amount === amount,
    parsed.success ? `(status ${parsed.data.status})` : "(not found)",
  );
}

async function checkIndexedBalance(
  baseUrl: string,
  chainId: number,
  token: Address,
  account: Address,
  expected: bigint,
): Promise<void> {
  const schema = z.object({
    balances: z.array(z.object({ token: z.string(), balance: z.coerce.bigint() })),
  });
  const balanceIn = (value: unknown) => {
    const parsed = schema.safeParse(value);
    if (!parsed.success) return undefined;
    return parsed.data.balances.find((entry) => entry.token.toLowerCase() === token.toLowerCase())
      ?.balance;
  };
  const body = await pollJson(
    `${baseUrl}/api/accounts/${chainId}/${account}`,
    (value) => balanceIn(value) === expected,
  );
  const indexed = balanceIn(body);
  check(
    `indexer balance of ${account.slice(0, 8)}… equals the chain`,
    indexed === expected,
    `(${indexed} vs ${expected})`,
  );
}

async function main(): Promise<number> {
  ignoreOutputErrors();
  const { values } = parseArgs({
    options: {
      skip: { type: "string", default: "" },
      keep: { type: "boolean", default: false },
      "health-timeout": { type: "string", default: "240" },
      chains: { type: "string", default: "1" },
    },
  });
  if (values.chains !== "1" && values.chains !== "2") {
    process.stderr.write("--chains must be 1 or 2\n");
    return 2;
  }
  const chains: 1 | 2 = values.chains === "2" ? 2 : 1;
  const skip = values.skip.split(",").filter((name) => name !== "");
  const parts = PARTS.map((part) => part.name).filter((name) => !skip.includes(name));
  const stateDir = mkdtempSync(join(tmpdir(), "clxend-smoke-"));
  // One free port per chain and part, all different (the OS may hand a port just released out again).
  const names = [...PARTS.map((part) => part.name), "chain", "chain2", "ccip-relayer"] as const;
  const taken = new Set<number>();
  const ports = {} as StackPorts;
  for (const name of names) {
    let port = await freePort();
    while (taken.has(port)) port = await freePort();
    taken.add(port);
    ports[name] = port;
  }
  const started = Date.now();
  const processes = new StackProcesses();
  const died = new Promise<never>((_, reject) => {
    processes.onFailure(({ child, exit }) => {
      reject(
        new PartFailedError(
          child,
          `${child.name} exited (code ${exit.code}, signal ${exit.signal})`,
        ),
      );
    });
  });
  died.catch(() => {});
  const interrupted = new Promise<never>((_, reject) => {
    onStopSignal((signal) => reject(new Error(`Interrupted (${signal})`)));
  });
  interrupted.catch(() => {});

  let failure: unknown;
  try {
    const info = await Promise.race([
      startStack(
        {
          stateDir,
          addressBookDir: join(stateDir, "deployments"),
          fresh: false,
          ports,
          parts,
          chains,
          healthTimeoutMs: Number(values["health-timeout"]) * 1000,
          reporter: smokeReporter(),
        },
        processes,
      ),
      died,
      interrupted,
    ]);
    await Promise.race([runFlows(info), died, interrupted]);
    if (chains === 2) await Promise.race([runCrossChainFlow(info), died, interrupted]);
  } catch (error) {
    failure = error;
  }
  await processes.stopAll();

  const failed = checks.filter((entry) => !entry.ok);
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  if (failure !== undefined) {
    process.stdout.write(
      `\n${red(`Smoke test aborted: ${failure instanceof Error ? failure.message : String(failure)}`)}\n`,
    );
    if (failure instanceof PartFailedError) {
      process.stdout.write(`${failure.child.lastLines(30).join("\n")}\n`);
    }
  }
  const ok = failure === undefined && failed.length === 0 && checks.length > 0;
  if (ok && !values.keep) rmSync(stateDir, { recursive: true, force: true });
  else process.stdout.write(`State and logs kept in ${stateDir}\n`);
  process.stdout.write(
    ok
      ? `\n${green(bold(`Smoke test passed: ${checks.length} checks in ${seconds}s`))}\n`
      : `\n${red(bold(`Smoke test FAILED: ${failed.length} of ${checks.length} checks failed (${seconds}s)`))}\n`,
  );
  return ok ? 0 : 1;
}

process.exitCode = await main();
process.exit();
