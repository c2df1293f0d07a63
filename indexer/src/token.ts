// Handler for the tokens' Transfer events: balances, the transfer log and direct-transfer counterparties.
import { ponder } from "ponder:registry";
import { balance, transfer } from "ponder:schema";
import type { Context } from "ponder:registry";
import type { Address } from "viem";
import { ensureAccount, linkCounterparties, logId, recordBlock, ZERO_ADDRESS } from "./common.ts";

async function addToBalance(
  context: Context,
  token: Address,
  address: Address,
  delta: bigint,
  blockNumber: bigint,
) {
  const row = await context.db
    .insert(balance)
    .values({
      chainId: context.chain.id,
      token,
      address,
      balance: delta,
      updatedBlock: blockNumber,
    })
    .onConflictDoUpdate((row) => ({ balance: row.balance + delta, updatedBlock: blockNumber }));
  // A new balance row (or one that was at zero) may be the wallet's first appearance: make sure it has an account.
  if (row.balance === delta) await ensureAccount(context, address);
}

ponder.on("Token:Transfer", async ({ event, context }) => {
  const { from, to, value } = event.args;
  const token = event.log.address;
  await recordBlock(event, context);

  await context.db.insert(transfer).values({
    chainId: context.chain.id,
    id: logId(event),
    token,
    from,
    to,
    value,
    blockNumber: event.block.number,
    timestamp: event.block.timestamp,
    txHash: event.transaction.hash,
  });
  if (from !== ZERO_ADDRESS) await addToBalance(context, token, from, -value, event.block.number);
  if (to !== ZERO_ADDRESS) await addToBalance(context, token, to, value, event.block.number);

  // Transfers made by the Remittance contract are counted as remittances, mints and burns not at all.
  const viaRemittance =
    event.transaction.to?.toLowerCase() ===
    context.contracts.Remittance.address?.toString().toLowerCase();
  if (!viaRemittance && from !== ZERO_ADDRESS && to !== ZERO_ADDRESS) {
    await linkCounterparties(context, from, to, value, "transfer", event.block.number);
  }
});
