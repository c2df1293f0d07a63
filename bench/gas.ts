// Gas benchmark: Remittance operations against a plain ERC-20 transfer on Hardhat's in-process network;
// writes bench/results/gas.json. Run with `npm run bench:gas`.
import { mkdir, writeFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { network } from "hardhat";
import type { Hash } from "viem";
import { DAY, DEFAULT_FEE_BPS, deploySuite, HOUR, USD } from "../test/contracts/fixture.ts";

/** Transactions averaged per operation: a multiple of 256, so each batch pays for exactly one fresh nonce word. */
const SAMPLES = 256;
const AMOUNT = 100n * USD;
const resultFile = join(dirname(fileURLToPath(import.meta.url)), "results", "gas.json");

const connection = await network.create();
const suite = await deploySuite(connection, 0);
const { publicClient, token, remittance, networkHelpers } = suite;
const { admin, alice, bob, carol, merchantPayout } = suite.wallets;

/** Gas used by the transaction, which must succeed. */
async function gasOf(pending: Promise<Hash>): Promise<bigint> {
  const receipt = await publicClient.waitForTransactionReceipt({ hash: await pending });
  if (receipt.status !== "success")
    throw new Error(`Transaction ${receipt.transactionHash} reverted`);
  return receipt.gasUsed;
}

/** Runs `operation` SAMPLES times and returns the mean gas, rounded to the nearest unit. */
async function mean(operation: (index: number) => Promise<bigint>): Promise<number> {
  let total = 0n;
  for (let index = 0; index < SAMPLES; index++) total += await operation(index);
  return Math.round(Number(total) / SAMPLES);
}

const baseline = await mean(() =>
  gasOf(token.write.transfer([bob.account.address, 1n * USD], { account: alice.account })),
);

async function directSend(): Promise<bigint> {
  const approval = await suite.approvalFor({ amount: AMOUNT });
  return gasOf(
    remittance.write.send([approval, await suite.coSign(approval)], { account: alice.account }),
  );
}

/** Opens an escrow from alice at the current fee, expiring `lifetime` seconds from now. */
async function openEscrow(lifetime: bigint) {
  const approval = await suite.escrowApprovalFor({ amount: AMOUNT });
  const expiresAt = BigInt(await networkHelpers.time.latest()) + lifetime;
  const gas = await gasOf(
    remittance.write.sendToEscrow([approval, expiresAt, await suite.coSign(approval)], {
      account: alice.account,
    }),
  );
  const id = `0x${approval.nonce.toString(16).padStart(64, "0")}` as const;
  return { gas, id, terms: suite.termsOf(approval, expiresAt) };
}

// Without a fee: direct send, escrow send, claim, refund.
const directSendWithoutFee = await mean(directSend);
// One escrow stays open throughout, as in production, so Remittance's own balance never starts from zero.
await openEscrow(90n * DAY);
const toClaim: Awaited<ReturnType<typeof openEscrow>>[] = [];
const toRefund: Awaited<ReturnType<typeof openEscrow>>[] = [];
const escrowSend = await mean(async () => {
  const opened = await openEscrow(DAY);
  toClaim.push(opened);
  return opened.gas;
});
await mean(async () => {
  const opened = await openEscrow(HOUR + 600n);
  toRefund.push(opened);
  return opened.gas;
});
const claim = await mean(async (index) => {
  const escrow = toClaim[index];
  if (!escrow) throw new Error("Missing escrow");
  const signature = await suite.signClaim(escrow.id, carol.account.address);
  return gasOf(
    remittance.write.claim([escrow.id, escrow.terms, signature], { account: carol.account }),
  );
});
await networkHelpers.time.increase(2n * HOUR);
const refund = await mean(async (index) => {
  const escrow = toRefund[index];
  if (!escrow) throw new Error("Missing escrow");
  return gasOf(remittance.write.refund([escrow.id, escrow.terms], { account: alice.account }));
});

// With the default fee (0.5 %) to the treasury; merchant payments use the merchant's own fee (1.5 %).
await remittance.write.setFee([DEFAULT_FEE_BPS], { account: admin.account });
const directSendWithFee = await mean(directSend);
const directSendWithPermit = await mean(async () => {
  const approval = await suite.approvalFor({ sender: carol.account.address, amount: AMOUNT });
  const permit = await suite.permitFor(carol, AMOUNT + approval.fee);
  return gasOf(
    remittance.write.sendWithPermit([approval, await suite.coSign(approval), permit], {
      account: carol.account,
    }),
  );
});
const escrowSendWithFee = await mean(async () => (await openEscrow(DAY)).gas);
const merchantPayment = await mean(async () => {
  const approval = await suite.merchantApprovalFor({ amount: AMOUNT });
  return gasOf(
    remittance.write.payMerchant([1n, approval, await suite.coSign(approval)], {
      account: alice.account,
    }),
  );
});
if ((await token.read.balanceOf([merchantPayout.account.address])) <= 1n) {
  throw new Error("The merchant was not paid");
}

const gasByOperation: Record<string, number> = {
  directSend: directSendWithoutFee,
  directSendWithFee,
  directSendWithPermit,
  escrowSend,
  claim,
  refund,
  escrowSendPlusClaim: escrowSend + claim,
  escrowSendWithFee,
  merchantPayment,
};
const operations = Object.fromEntries(
  Object.entries(gasByOperation).map(([name, gas]) => [
    name,
    { gas, ratio: Math.round((gas / baseline) * 1000) / 1000 },
  ]),
);
await mkdir(dirname(resultFile), { recursive: true });
await writeFile(resultFile, `${JSON.stringify({ baseline, operations }, null, 2)}\n`);
console.table(
  Object.fromEntries([["baseline", { gas: baseline, ratio: 1 }], ...Object.entries(operations)]),
);
console.log(`Wrote ${resultFile} (mean of ${SAMPLES} transactions per operation)`);
