// Handlers for the CCIP bridge: lanes on both contracts, sends on the source chain and deliveries, failures, retries,
// refunds and escrow settlements on the destination chain, all joined in one cross_chain_remittance row per message.
// Like local remittances, a send counts in the sender's `remittancesSent` and the daily volume of the source chain, a
// delivery (or escrow claim) in the credited wallet's `remittancesReceived` on the destination chain.
import { type Context, type Event, ponder } from "ponder:registry";
import { bridgeLane, crossChainRemittance, dailyVolume } from "ponder:schema";
import { and, eq } from "ponder";
import type { Hex } from "viem";
import { changeAccount, dayOf, nonZeroHash, recordBlock, ZERO_ADDRESS } from "./common.ts";

type Row = typeof crossChainRemittance.$inferInsert;
type Direction = "outbound" | "inbound";

/** Sort key of a log on its chain, as remittance.sentOrder. */
const orderOf = (event: Event) => event.block.number * 100_000n + BigInt(event.log.logIndex);

/** The EVM chain id of the lane's remote end, from its LaneSet (lanes are always set before they carry anything). */
async function remoteChainIdOf(
  context: Context,
  direction: Direction,
  remoteChainSelector: bigint,
): Promise<number | null> {
  const lane = await context.db.find(bridgeLane, {
    chainId: context.chain.id,
    direction,
    remoteChainSelector,
  });
  return lane?.remoteChainId ?? null;
}

/**
 * Writes the destination side of message `messageId`: inserts the row when the source chain was not indexed yet
 * (sender and selector come with every destination event), else updates it.
 */
async function upsertDestination(
  context: Context,
  messageId: Hex,
  base: { remittanceId: Hex; sender: Hex; sourceChainSelector: bigint },
  change: Partial<Row>,
): Promise<void> {
  await context.db
    .insert(crossChainRemittance)
    .values({ messageId, status: "sent", retries: 0, ...base, ...change })
    .onConflictDoUpdate(change);
}

/** What every destination event records of the chain it happened on. */
async function destinationOf(context: Context, event: Event, sourceChainSelector: bigint) {
  return {
    sourceChainId: await remoteChainIdOf(context, "inbound", sourceChainSelector),
    destinationChainId: context.chain.id,
    destinationContract: event.log.address,
  };
}

/** The arrival fields, set by the first destination event of a message (delivery, escrow or failure). */
async function arrivalOf(context: Context, event: Event, messageId: Hex): Promise<Partial<Row>> {
  const row = await context.db.find(crossChainRemittance, { messageId });
  if (row?.receivedTx != null) return {};
  return {
    receivedOrder: orderOf(event),
    receivedBlock: event.block.number,
    receivedTimestamp: event.block.timestamp,
    receivedTx: event.transaction.hash,
  };
}

async function setLane(
  context: Context,
  event: Event,
  direction: Direction,
  args: {
    sourceChainSelector: bigint;
    destinationChainSelector: bigint;
    remoteChainId: bigint;
    remoteBridge: Hex;
    token: Hex;
    rateLimitAmount: bigint;
    rateLimitWindow: number;
  },
): Promise<void> {
  const remoteChainSelector =
    direction === "outbound" ? args.destinationChainSelector : args.sourceChainSelector;
  const values = {
    contract: event.log.address,
    sourceChainSelector: args.sourceChainSelector,
    destinationChainSelector: args.destinationChainSelector,
    remoteChainId: Number(args.remoteChainId),
    remoteBridge: args.remoteBridge,
    token: args.token,
    rateLimitAmount: args.rateLimitAmount,
    rateLimitWindow: args.rateLimitWindow,
    active: true,
    changedBlock: event.block.number,
  };
  await recordBlock(event, context);
  await context.db
    .insert(bridgeLane)
    .values({ chainId: context.chain.id, direction, remoteChainSelector, paused: false, ...values })
    .onConflictDoUpdate(values);
}

async function changeLane(
  context: Context,
  event: Event,
  direction: Direction,
  selectors: { sourceChainSelector: bigint; destinationChainSelector: bigint },
  change: { paused?: boolean; active?: boolean },
): Promise<void> {
  const remoteChainSelector =
    direction === "outbound" ? selectors.destinationChainSelector : selectors.sourceChainSelector;
  await recordBlock(event, context);
  await context.db
    .update(bridgeLane, { chainId: context.chain.id, direction, remoteChainSelector })
    .set({ ...change, changedBlock: event.block.number });
}

for (const [contract, direction] of [
  ["CcipRemittanceSender", "outbound"],
  ["CcipRemittanceReceiver", "inbound"],
] as const) {
  ponder.on(`${contract}:LaneSet`, async ({ event, context }) =>
    setLane(context, event, direction, event.args),
  );
  ponder.on(`${contract}:LaneRemoved`, async ({ event, context }) =>
    changeLane(context, event, direction, event.args, { active: false }),
  );
  ponder.on(`${contract}:LanePaused`, async ({ event, context }) =>
    changeLane(context, event, direction, event.args, { paused: true }),
  );
  ponder.on(`${contract}:LaneUnpaused`, async ({ event, context }) =>
    changeLane(context, event, direction, event.args, { paused: false }),
  );
}

ponder.on("CcipRemittanceSender:CrossChainRemittanceSent", async ({ event, context }) => {
  const { id, messageId, destinationChainSelector, sender, recipient, amount } = event.args;
  await recordBlock(event, context);
  const source = {
    remittanceId: id,
    sender,
    recipient: recipient === ZERO_ADDRESS ? null : recipient,
    sourceChainId: context.chain.id,
    sourceChainSelector: await localSelectorOf(context, destinationChainSelector),
    sourceContract: event.log.address,
    amount,
    sentOrder: orderOf(event),
    sentBlock: event.block.number,
    sentTimestamp: event.block.timestamp,
    sentTx: event.transaction.hash,
    destinationChainId: await remoteChainIdOf(context, "outbound", destinationChainSelector),
    destinationChainSelector,
  };
  // The destination may have been indexed first: then its status stands.
  await context.db
    .insert(crossChainRemittance)
    .values({ messageId, status: "sent", retries: 0, ...source })
    .onConflictDoUpdate(source);
  await changeAccount(context, sender, (row) => ({ remittancesSent: row.remittancesSent + 1 }));
  rememberSend(context, event, id, messageId);
});

/** Per chain: the message ids of the sends seen in the block being indexed, by bridge contract and remittance id. */
const sendsInBlock = new Map<number, { blockHash: Hex; messageIds: Map<string, Hex> }>();

function rememberSend(context: Context, event: Event, id: Hex, messageId: Hex): void {
  let block = sendsInBlock.get(context.chain.id);
  if (block?.blockHash !== event.block.hash) {
    block = { blockHash: event.block.hash, messageIds: new Map() };
    sendsInBlock.set(context.chain.id, block);
  }
  block.messageIds.set(`${event.log.address.toLowerCase()}:${id}`, messageId);
}

/** This chain's selector, as the lane to `remoteChainSelector` records it. */
async function localSelectorOf(context: Context, remoteChainSelector: bigint): Promise<bigint> {
  const lane = await context.db.find(bridgeLane, {
    chainId: context.chain.id,
    direction: "outbound",
    remoteChainSelector,
  });
  return lane?.sourceChainSelector ?? 0n;
}

ponder.on("CcipRemittanceSender:CrossChainRemittanceDetails", async ({ event, context }) => {
  const { id, token, fee, claimHash, expiresAt, ccipFeeToken, ccipFee } = event.args;
  // Details follow Sent in the same transaction, so the row of the send exists.
  const sent = await findSend(context, event, id);
  if (sent === undefined) return;
  const change: Partial<Row> = {
    sourceToken: token,
    fee,
    ccipFeeToken: ccipFeeToken === ZERO_ADDRESS ? null : ccipFeeToken,
    ccipFee,
  };
  const hash = nonZeroHash(claimHash);
  if (hash !== null) change.claimHash = hash;
  if (expiresAt !== 0n) change.expiresAt = expiresAt;
  const row = await context.db.update(crossChainRemittance, { messageId: sent }).set(change);
  // The send's volume and fee on the source chain, in the same daily rows as local remittances.
  const amount = row.amount ?? 0n;
  await context.db
    .insert(dailyVolume)
    .values({
      chainId: context.chain.id,
      token,
      day: dayOf(event.block.timestamp),
      volume: amount,
      fees: fee,
      count: 1,
    })
    .onConflictDoUpdate((day) => ({
      volume: day.volume + amount,
      fees: day.fees + fee,
      count: day.count + 1,
    }));
});

/**
 * The message id of the send of remittance `id` by this bridge sender (ids are its nonces, used once). The send is in
 * the same transaction, so it was normally just seen; only after a restart between the two events is it looked up
 * with SQL, which makes Ponder write its cached rows of the table first.
 */
async function findSend(context: Context, event: Event, id: Hex): Promise<Hex | undefined> {
  const block = sendsInBlock.get(context.chain.id);
  const seen =
    block?.blockHash === event.block.hash
      ? block.messageIds.get(`${event.log.address.toLowerCase()}:${id}`)
      : undefined;
  if (seen !== undefined) return seen;
  const rows = await context.db.sql
    .select({ messageId: crossChainRemittance.messageId })
    .from(crossChainRemittance)
    .where(
      and(
        eq(crossChainRemittance.sourceChainId, context.chain.id),
        eq(crossChainRemittance.remittanceId, id),
        eq(crossChainRemittance.sourceContract, event.log.address),
      ),
    );
  return rows[0]?.messageId;
}

ponder.on("CcipRemittanceReceiver:CrossChainRemittanceReceived", async ({ event, context }) => {
  const { messageId, sourceChainSelector, remittanceId, sender, recipient, token, amount } =
    event.args;
  await recordBlock(event, context);
  await upsertDestination(
    context,
    messageId,
    { remittanceId, sender, sourceChainSelector },
    {
      ...(await destinationOf(context, event, sourceChainSelector)),
      ...(await arrivalOf(context, event, messageId)),
      status: "delivered",
      recipient,
      destinationToken: token,
      deliveredAmount: amount,
      deliveredTx: event.transaction.hash,
    },
  );
  // Emitted once per message: by the first delivery, or by the retry of a failed one.
  await changeAccount(context, recipient, (row) => ({
    remittancesReceived: row.remittancesReceived + 1,
  }));
});

ponder.on("CcipRemittanceReceiver:CrossChainEscrowOpened", async ({ event, context }) => {
  const {
    messageId,
    sourceChainSelector,
    remittanceId,
    sender,
    claimHash,
    token,
    amount,
    expiresAt,
  } = event.args;
  await recordBlock(event, context);
  await upsertDestination(
    context,
    messageId,
    { remittanceId, sender, sourceChainSelector },
    {
      ...(await destinationOf(context, event, sourceChainSelector)),
      ...(await arrivalOf(context, event, messageId)),
      status: "escrowed",
      claimHash,
      expiresAt,
      destinationToken: token,
      deliveredAmount: amount,
      deliveredTx: event.transaction.hash,
    },
  );
});

ponder.on("CcipRemittanceReceiver:CrossChainDeliveryFailed", async ({ event, context }) => {
  const { messageId, sourceChainSelector, remittanceId, transfer, reason } = event.args;
  await recordBlock(event, context);
  await upsertDestination(
    context,
    messageId,
    { remittanceId, sender: transfer.sender, sourceChainSelector },
    {
      ...(await destinationOf(context, event, sourceChainSelector)),
      ...(await arrivalOf(context, event, messageId)),
      status: "failed",
      destinationToken: transfer.token,
      deliveredAmount: transfer.amount,
      failedTx: event.transaction.hash,
      failureReason: reason,
    },
  );
});

ponder.on("CcipRemittanceReceiver:FailedDeliveryRetried", async ({ event, context }) => {
  await recordBlock(event, context);
  await context.db
    .update(crossChainRemittance, { messageId: event.args.messageId })
    .set((row) => ({ retries: row.retries + 1 }));
});

ponder.on("CcipRemittanceReceiver:FailedDeliveryRefunded", async ({ event, context }) => {
  await recordBlock(event, context);
  await context.db.update(crossChainRemittance, { messageId: event.args.messageId }).set({
    status: "refunded",
    settledBlock: event.block.number,
    settledTimestamp: event.block.timestamp,
    settledTx: event.transaction.hash,
  });
});

ponder.on("CcipRemittanceReceiver:CrossChainEscrowClaimed", async ({ event, context }) => {
  await recordBlock(event, context);
  await context.db.update(crossChainRemittance, { messageId: event.args.id }).set({
    status: "claimed",
    claimer: event.args.claimer,
    settledBlock: event.block.number,
    settledTimestamp: event.block.timestamp,
    settledTx: event.transaction.hash,
  });
  await changeAccount(context, event.args.claimer, (row) => ({
    remittancesReceived: row.remittancesReceived + 1,
  }));
});

ponder.on("CcipRemittanceReceiver:CrossChainEscrowRefunded", async ({ event, context }) => {
  await recordBlock(event, context);
  await context.db.update(crossChainRemittance, { messageId: event.args.id }).set({
    status: "refunded",
    settledBlock: event.block.number,
    settledTimestamp: event.block.timestamp,
    settledTx: event.transaction.hash,
  });
});
