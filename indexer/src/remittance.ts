// Handlers for Remittance events: sends, escrow claims and refunds, merchant payments, daily volume and settings.
import { ponder } from "ponder:registry";
import { allowedToken, dailyVolume, remittance, remittanceSettings } from "ponder:schema";
import type { Context } from "ponder:registry";
import {
  changeAccount,
  dayOf,
  linkCounterparties,
  nonZeroHash,
  recordBlock,
  ZERO_ADDRESS,
} from "./common.ts";

ponder.on("Remittance:RemittanceSent", async ({ event, context }) => {
  const { id, sender, recipient, amount } = event.args;
  const escrow = recipient === ZERO_ADDRESS;
  await recordBlock(event, context);

  await context.db.insert(remittance).values({
    chainId: context.chain.id,
    id,
    contract: event.log.address,
    kind: escrow ? "escrow" : "direct",
    status: "sent",
    sender,
    recipient: escrow ? null : recipient,
    amount,
    sentOrder: event.block.number * 100_000n + BigInt(event.log.logIndex),
    sentBlock: event.block.number,
    sentTimestamp: event.block.timestamp,
    sentTx: event.transaction.hash,
  });
  await changeAccount(context, sender, (row) => ({ remittancesSent: row.remittancesSent + 1 }));
  if (!escrow) {
    await changeAccount(context, recipient, (row) => ({
      remittancesReceived: row.remittancesReceived + 1,
    }));
    await linkCounterparties(context, sender, recipient, amount, "remittance", event.block.number);
  }
});

ponder.on("Remittance:RemittanceDetails", async ({ event, context }) => {
  const { id, token, fee, claimHash, expiresAt } = event.args;
  const row = await context.db.update(remittance, { chainId: context.chain.id, id }).set({
    token,
    fee,
    claimHash: nonZeroHash(claimHash),
    expiresAt: expiresAt === 0n ? null : expiresAt,
  });

  await context.db
    .insert(dailyVolume)
    .values({
      chainId: context.chain.id,
      token,
      day: dayOf(event.block.timestamp),
      volume: row.amount,
      fees: fee,
      count: 1,
    })
    .onConflictDoUpdate((day) => ({
      volume: day.volume + row.amount,
      fees: day.fees + fee,
      count: day.count + 1,
    }));
});

ponder.on("Remittance:MerchantPaid", async ({ event, context }) => {
  await context.db
    .update(remittance, { chainId: context.chain.id, id: event.args.id })
    .set({ kind: "merchant", merchantId: event.args.merchantId });
});

ponder.on("Remittance:RemittanceClaimed", async ({ event, context }) => {
  const { id, claimer } = event.args;
  await recordBlock(event, context);

  const row = await context.db.update(remittance, { chainId: context.chain.id, id }).set({
    status: "claimed",
    claimer,
    claimedBlock: event.block.number,
    claimedTimestamp: event.block.timestamp,
    claimedTx: event.transaction.hash,
  });
  await changeAccount(context, claimer, (current) => ({
    remittancesReceived: current.remittancesReceived + 1,
  }));
  await linkCounterparties(
    context,
    row.sender,
    claimer,
    row.amount,
    "remittance",
    event.block.number,
  );
});

ponder.on("Remittance:RemittanceRefunded", async ({ event, context }) => {
  await recordBlock(event, context);
  await context.db.update(remittance, { chainId: context.chain.id, id: event.args.id }).set({
    status: "refunded",
    refundedBlock: event.block.number,
    refundedTimestamp: event.block.timestamp,
    refundedTx: event.transaction.hash,
  });
});

type Settings = typeof remittanceSettings.$inferInsert;

/** Writes part of the chain's Remittance settings, creating the row with neutral values on first use. */
async function updateSettings(
  context: Context,
  contract: `0x${string}`,
  change: Partial<Settings>,
): Promise<void> {
  await context.db
    .insert(remittanceSettings)
    .values({
      chainId: context.chain.id,
      contract,
      feeBps: 0,
      treasury: ZERO_ADDRESS,
      paused: false,
      minEscrowDuration: 0n,
      maxEscrowDuration: 0n,
      ...change,
    })
    .onConflictDoUpdate(change);
}

ponder.on("Remittance:FeeChanged", async ({ event, context }) => {
  await recordBlock(event, context);
  await updateSettings(context, event.log.address, { feeBps: event.args.newFeeBps });
});

ponder.on("Remittance:TreasuryChanged", async ({ event, context }) => {
  await recordBlock(event, context);
  await updateSettings(context, event.log.address, { treasury: event.args.newTreasury });
});

ponder.on("Remittance:EscrowDurationBoundsChanged", async ({ event, context }) => {
  await recordBlock(event, context);
  await updateSettings(context, event.log.address, {
    minEscrowDuration: event.args.minDuration,
    maxEscrowDuration: event.args.maxDuration,
  });
});

ponder.on("Remittance:Paused", async ({ event, context }) => {
  await recordBlock(event, context);
  await updateSettings(context, event.log.address, { paused: true });
});

ponder.on("Remittance:Unpaused", async ({ event, context }) => {
  await recordBlock(event, context);
  await updateSettings(context, event.log.address, { paused: false });
});

ponder.on("Remittance:TokenAllowanceChanged", async ({ event, context }) => {
  await recordBlock(event, context);
  await context.db
    .insert(allowedToken)
    .values({
      chainId: context.chain.id,
      token: event.args.token,
      allowed: event.args.allowed,
      changedBlock: event.block.number,
    })
    .onConflictDoUpdate({ allowed: event.args.allowed, changedBlock: event.block.number });
});
