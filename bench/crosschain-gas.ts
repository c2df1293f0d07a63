// Gas benchmark of cross-chain remittances over Chainlink's in-process CCIP simulator, against a plain ERC-20
// transfer; writes bench/results/crosschain-gas.json. Run with `npm run bench:crosschain`.
import { mkdir, writeFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { network } from "hardhat";
import { type Hash, parseEventLogs, zeroAddress } from "viem";
import { DAY, USD } from "../test/contracts/fixture.ts";
import { CCIP_FEE, deployBridge, SOURCE_SELECTOR } from "../test/crosschain/fixture.ts";

/** Transactions averaged per operation. */
const SAMPLES = 32;
const AMOUNT = 10n * USD;
const resultFile = join(dirname(fileURLToPath(import.meta.url)), "results", "crosschain-gas.json");

const connection = await network.create();
const bridge = await deployBridge(connection);
const { publicClient, token, sender, receiver, router, networkHelpers } = bridge;
const { alice, bob, pauser } = bridge.wallets;
// A lane wide enough for every sample.
await bridge.configureLanes(token.address, 1_000_000n * USD, 1_000_000n * USD);

/** Gas of the whole transaction and the gas the router measured for the receiver's ccipReceive. */
async function gasOf(pending: Promise<Hash>): Promise<{ total: bigint; receiver: bigint }> {
  const receipt = await publicClient.waitForTransactionReceipt({ hash: await pending });
  if (receipt.status !== "success")
    throw new Error(`Transaction ${receipt.transactionHash} reverted`);
  const [executed] = parseEventLogs({
    abi: router.abi,
    logs: receipt.logs,
    eventName: "MsgExecuted",
  });
  return { total: receipt.gasUsed, receiver: executed?.args.gasUsed ?? 0n };
}

/** Runs `operation` SAMPLES times; returns the mean gas of the transaction and of the receiver. */
async function mean(operation: () => Promise<{ total: bigint; receiver: bigint }>) {
  let total = 0n;
  let receiverGas = 0n;
  for (let index = 0; index < SAMPLES; index++) {
    const gas = await operation();
    total += gas.total;
    receiverGas += gas.receiver;
  }
  return {
    total: Math.round(Number(total) / SAMPLES),
    receiver: Math.round(Number(receiverGas) / SAMPLES),
  };
}

async function directSend() {
  const approval = await bridge.approvalFor({ amount: AMOUNT });
  const coSignature = await bridge.coSign(approval);
  return gasOf(
    sender.write.send([approval, coSignature, zeroAddress], {
      account: alice.account,
      value: CCIP_FEE,
    }),
  );
}

const baseline = await mean(async () => ({
  total: (
    await gasOf(token.write.transfer([bob.account.address, 1n * USD], { account: alice.account }))
  ).total,
  receiver: 0n,
}));
const direct = await mean(directSend);
const escrow = await mean(async () => {
  const approval = await bridge.escrowApprovalFor({ amount: AMOUNT });
  const expiresAt = BigInt(await networkHelpers.time.latest()) + DAY;
  const coSignature = await bridge.coSign(approval);
  return gasOf(
    sender.write.sendToEscrow([approval, expiresAt, coSignature, zeroAddress], {
      account: alice.account,
      value: CCIP_FEE,
    }),
  );
});
await receiver.write.pauseLane([SOURCE_SELECTOR], { account: pauser.account });
const failedDelivery = await mean(directSend);

const results = {
  baseline: baseline.total,
  note:
    "The simulator runs the destination in the sending transaction: `gas` covers both chains, `receiverGas` is what the " +
    "router measured for ccipReceive on the destination, so the source side costs about gas - receiverGas.",
  operations: Object.fromEntries(
    Object.entries({
      crossChainDirectSend: direct,
      crossChainEscrowSend: escrow,
      crossChainSendWithFailedDelivery: failedDelivery,
    }).map(([name, gas]) => [
      name,
      {
        gas: gas.total,
        receiverGas: gas.receiver,
        ratio: Math.round((gas.total / baseline.total) * 1000) / 1000,
      },
    ]),
  ),
};
await mkdir(dirname(resultFile), { recursive: true });
await writeFile(resultFile, `${JSON.stringify(results, null, 2)}\n`);
console.table(results.operations);
console.log(`Wrote ${resultFile} (mean of ${SAMPLES} transactions per operation)`);
