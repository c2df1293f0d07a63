// Helpers shared by the event handlers: row identities, account upserts and the block-hash record for reorg checks.
import type { Context, Event } from "ponder:registry";
import { account, counterparty, indexedBlock } from "ponder:schema";
import type { Address, Hex } from "viem";

export const ZERO_ADDRESS = "0x0000000000000000000000000000000000000000" as const;
export const ZERO_HASH =
  "0x0000000000000000000000000000000000000000000000000000000000000000" as const;

type AnyContext = Context;
type AnyEvent = Event;

/** A unique row id for one log on one chain. */
export const logId = (event: AnyEvent) => `${event.transaction.hash}-${event.log.logIndex}`;

/** UTC day number (days since 1970-01-01) of a block time. */
export const dayOf = (timestamp: bigint) => Number(timestamp / 86_400n);

/** Per chain: the block last recorded by `recordBlock` and the log index of the latest event seen in it. */
const recorded = new Map<number, { hash: Hex; logIndex: number }>();

/**
 * Records the hash of the event's block so deep reorgs can be detected later; one write per block, not per event.
 * Ponder runs the events of a block in log order within one attempt of a batch, and a retried batch starts again at
 * a lower or equal log index, so a retry (or a reorged block coming back) writes the row again; the insert ignores
 * a row that is already there.
 */
export async function recordBlock(event: AnyEvent, context: AnyContext): Promise<void> {
  const last = recorded.get(context.chain.id);
  if (last?.hash === event.block.hash && event.log.logIndex > last.logIndex) {
    last.logIndex = event.log.logIndex;
    return;
  }
  recorded.set(context.chain.id, { hash: event.block.hash, logIndex: event.log.logIndex });
  await context.db
    .insert(indexedBlock)
    .values({ chainId: context.chain.id, number: event.block.number, hash: event.block.hash })
    .onConflictDoNothing();
}

type Account = typeof account.$inferSelect;
type AccountChange = Partial<Omit<Account, "chainId" | "address">>;

/** The row of a wallet nothing has happened to yet. */
function neutralAccount(chainId: number, address: Address): Account {
  return {
    chainId,
    address,
    kycLevel: 0,
    kycExpiresAt: 0n,
    kycProvider: null,
    kycEvidenceHash: null,
    didOwner: address,
    didChangedBlock: 0n,
    remittancesSent: 0,
    remittancesReceived: 0,
  };
}

/** Creates the account row with neutral values if it does not exist yet. */
export async function ensureAccount(context: AnyContext, address: Address): Promise<void> {
  await context.db
    .insert(account)
    .values(neutralAccount(context.chain.id, address))
    .onConflictDoNothing();
}

/**
 * Applies `change` (computed from the current row) to the account, creating it from the neutral row first: one
 * write instead of an insert followed by an update.
 */
export async function changeAccount(
  context: AnyContext,
  address: Address,
  change: (row: Account) => AccountChange,
): Promise<void> {
  const neutral = neutralAccount(context.chain.id, address);
  await context.db
    .insert(account)
    .values({ ...neutral, ...change(neutral) })
    .onConflictDoUpdate(change);
}

/** Adds one remittance or transfer of `value` between `a` and `b` to both directions of the counterparty graph. */
export async function linkCounterparties(
  context: AnyContext,
  a: Address,
  b: Address,
  value: bigint,
  via: "remittance" | "transfer",
  blockNumber: bigint,
): Promise<void> {
  if (a === b) return;
  const remittance = via === "remittance";
  for (const [from, to] of [
    [a, b],
    [b, a],
  ] as const) {
    await context.db
      .insert(counterparty)
      .values({
        chainId: context.chain.id,
        account: from,
        counterparty: to,
        remittanceCount: remittance ? 1 : 0,
        remittanceVolume: remittance ? value : 0n,
        transferCount: remittance ? 0 : 1,
        transferVolume: remittance ? 0n : value,
        firstBlock: blockNumber,
        lastBlock: blockNumber,
      })
      .onConflictDoUpdate((row) => ({
        remittanceCount: row.remittanceCount + (remittance ? 1 : 0),
        remittanceVolume: row.remittanceVolume + (remittance ? value : 0n),
        transferCount: row.transferCount + (remittance ? 0 : 1),
        transferVolume: row.transferVolume + (remittance ? 0n : value),
        lastBlock: blockNumber,
      }));
  }
}

/** `null` for the zero hash, else the hash. */
export const nonZeroHash = (hash: Hex): Hex | null => (hash === ZERO_HASH ? null : hash);
