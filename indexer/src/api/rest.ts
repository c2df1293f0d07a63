// REST routes for the frontend and the compliance API: account summary, remittance history (cross-chain remittances
// included), one remittance, one cross-chain remittance, counterparties and volume statistics. Every parameter is validated; amounts are decimal strings of base units.
import { db } from "ponder:api";
import {
  account,
  balance,
  counterparty,
  crossChainRemittance,
  dailyVolume,
  remittance,
} from "ponder:schema";
import { and, asc, desc, eq, gte, lt, lte, or, replaceBigInts, sql } from "ponder";
import { Hono } from "hono";
import { z } from "zod";
import { readIndexerEnv } from "../../lib/env.ts";
import {
  addressParam,
  ApiError,
  bytes32Param,
  chainIdParam,
  cursorParam,
  dayParam,
  encodeCursor,
  limitParam,
  parse,
  parseQuery,
  requireIndexedChain,
} from "./params.ts";

type SQL = NonNullable<ReturnType<typeof and>>;

const json = <value>(data: value) => replaceBigInts(data, (v) => v.toString());

export const rest = new Hono();

const indexedChainIds = readIndexerEnv().CHAIN_ID;

const accountPath = z.object({ chainId: chainIdParam, address: addressParam });

/** The path parameters of an account route; 404 for a chain this indexer does not index. */
function accountOf(params: Record<string, string>) {
  const path = parse(accountPath, params);
  requireIndexedChain(path.chainId, indexedChainIds);
  return path;
}

/**
 * Unix time of the latest block the indexer has processed on `chainId` (null before the first): the clock that KYC
 * expiries are compared with, so that the answer follows the chain, not this server's clock. It reads Ponder's own
 * progress record, as Ponder's /status does; a checkpoint starts with the block's 10-digit unix time.
 */
async function indexedChainTime(chainId: number): Promise<bigint | null> {
  const result = await db.execute<{ latest_checkpoint: string }>(
    sql`select latest_checkpoint from _ponder_checkpoint where chain_id = ${chainId}`,
  );
  const checkpoint = result.rows[0]?.latest_checkpoint;
  return checkpoint === undefined ? null : BigInt(checkpoint.slice(0, 10));
}

rest.get("/accounts/:chainId/:address", async (c) => {
  const { chainId, address } = accountOf(c.req.param());
  parseQuery(z.object({}), c.req.queries());
  const [row] = await db
    .select()
    .from(account)
    .where(and(eq(account.chainId, chainId), eq(account.address, address)));
  const balances = await db
    .select({ token: balance.token, balance: balance.balance, updatedBlock: balance.updatedBlock })
    .from(balance)
    .where(and(eq(balance.chainId, chainId), eq(balance.address, address)))
    .orderBy(asc(balance.token));
  const chainTime = await indexedChainTime(chainId);
  return c.json(
    json({
      chainId,
      address,
      known: row !== undefined,
      kyc: {
        level: row?.kycLevel ?? 0,
        expiresAt: row?.kycExpiresAt ?? 0n,
        provider: row?.kycProvider ?? null,
        inForce:
          row !== undefined &&
          chainTime !== null &&
          row.kycLevel > 0 &&
          row.kycExpiresAt > chainTime,
        /** The chain time inForce was decided at: the latest indexed block's timestamp. */
        asOf: chainTime,
      },
      did: {
        id: `did:ethr:${chainId === 1 ? "" : `0x${chainId.toString(16)}:`}${address}`,
        owner: row?.didOwner ?? address,
        changedBlock: row?.didChangedBlock ?? 0n,
      },
      balances,
      remittances: { sent: row?.remittancesSent ?? 0, received: row?.remittancesReceived ?? 0 },
    }),
  );
});

const historyQuery = z.object({
  limit: limitParam,
  cursor: cursorParam.optional(),
  role: z
    .enum(["any", "sender", "recipient"], { message: "must be any, sender or recipient" })
    .default("any"),
  status: z
    .enum(["sent", "claimed", "refunded", "delivered", "escrowed", "failed"], {
      message: "must be sent, claimed, refunded, delivered, escrowed or failed",
    })
    .optional(),
});

type CrossChainRow = typeof crossChainRemittance.$inferSelect;

/**
 * Cross-chain remittances of `address` as seen from `chainId`: sent from it (ordered by the send there) or received on
 * it (ordered by the arrival there), newest first, before `cursor`.
 */
async function crossChainHistory(
  chainId: number,
  address: `0x${string}`,
  query: z.output<typeof historyQuery>,
): Promise<{ order: bigint; item: CrossChainRow & { kind: "crosschain"; direction: string } }[]> {
  const x = crossChainRemittance;
  const status = query.status === undefined ? [] : [eq(x.status, query.status)];
  const outgoing =
    query.role === "recipient"
      ? []
      : await db
          .select()
          .from(x)
          .where(
            and(
              eq(x.sourceChainId, chainId),
              eq(x.sender, address),
              ...status,
              ...(query.cursor === undefined ? [] : [lt(x.sentOrder, query.cursor)]),
            ),
          )
          .orderBy(desc(x.sentOrder))
          .limit(query.limit + 1);
  const incoming =
    query.role === "sender"
      ? []
      : await db
          .select()
          .from(x)
          .where(
            and(
              eq(x.destinationChainId, chainId),
              or(eq(x.recipient, address), eq(x.claimer, address)),
              ...status,
              ...(query.cursor === undefined ? [] : [lt(x.receivedOrder, query.cursor)]),
            ),
          )
          .orderBy(desc(x.receivedOrder))
          .limit(query.limit + 1);
  return [
    ...outgoing.map((row) => ({
      order: row.sentOrder ?? 0n,
      item: { kind: "crosschain" as const, direction: "outgoing", ...row },
    })),
    ...incoming.map((row) => ({
      order: row.receivedOrder ?? 0n,
      item: { kind: "crosschain" as const, direction: "incoming", ...row },
    })),
  ];
}

rest.get("/accounts/:chainId/:address/remittances", async (c) => {
  const { chainId, address } = accountOf(c.req.param());
  const query = parseQuery(historyQuery, c.req.queries());
  const asSender = eq(remittance.sender, address);
  const asRecipient = or(eq(remittance.recipient, address), eq(remittance.claimer, address)) as SQL;
  const filters: SQL[] = [eq(remittance.chainId, chainId)];
  filters.push(
    query.role === "sender"
      ? asSender
      : query.role === "recipient"
        ? asRecipient
        : (or(asSender, asRecipient) as SQL),
  );
  const localStatus = query.status as (typeof remittance.$inferSelect)["status"] | undefined;
  // A cross-chain status (delivered, escrowed, failed) matches no local remittance.
  if (localStatus !== undefined) filters.push(eq(remittance.status, localStatus));
  if (query.cursor !== undefined) filters.push(lt(remittance.sentOrder, query.cursor));

  const rows = await db
    .select()
    .from(remittance)
    .where(and(...filters))
    .orderBy(desc(remittance.sentOrder))
    .limit(query.limit + 1);
  const merged: { order: bigint; item: unknown }[] = [
    ...rows.map((row) => ({ order: row.sentOrder, item: row })),
    ...(await crossChainHistory(chainId, address, query)),
  ].sort((a, b) => (a.order > b.order ? -1 : a.order < b.order ? 1 : 0));
  const page = merged.slice(0, query.limit);
  const last = page.at(-1);
  return c.json(
    json({
      items: page.map((entry) => entry.item),
      nextCursor:
        merged.length > query.limit && last !== undefined ? encodeCursor(last.order) : null,
    }),
  );
});

rest.get("/crosschain/:messageId", async (c) => {
  const { messageId } = parse(z.object({ messageId: bytes32Param }), c.req.param());
  parseQuery(z.object({}), c.req.queries());
  const [row] = await db
    .select()
    .from(crossChainRemittance)
    .where(eq(crossChainRemittance.messageId, messageId));
  if (row === undefined) {
    throw new ApiError(
      404,
      "crosschain_remittance_not_found",
      `No cross-chain remittance with CCIP message id ${messageId} (yet); the source chain may not be indexed up to its send.`,
    );
  }
  return c.json(json({ kind: "crosschain", ...row }));
});

rest.get("/remittances/:chainId/:id", async (c) => {
  const { chainId, id } = parse(
    z.object({ chainId: chainIdParam, id: bytes32Param }),
    c.req.param(),
  );
  requireIndexedChain(chainId, indexedChainIds);
  parseQuery(z.object({}), c.req.queries());
  const [row] = await db
    .select()
    .from(remittance)
    .where(and(eq(remittance.chainId, chainId), eq(remittance.id, id)));
  if (row === undefined)
    throw new ApiError(404, "remittance_not_found", `No remittance ${id} on chain ${chainId}.`);
  return c.json(json(row));
});

rest.get("/accounts/:chainId/:address/counterparties", async (c) => {
  const { chainId, address } = accountOf(c.req.param());
  const { limit } = parseQuery(z.object({ limit: limitParam }), c.req.queries());
  const rows = await db
    .select()
    .from(counterparty)
    .where(and(eq(counterparty.chainId, chainId), eq(counterparty.account, address)))
    .orderBy(desc(counterparty.lastBlock), asc(counterparty.counterparty))
    .limit(limit);
  return c.json(json({ chainId, address, counterparties: rows }));
});

const volumeQuery = z
  .object({
    chainId: chainIdParam.optional(),
    token: addressParam.optional(),
    from: dayParam.optional(),
    to: dayParam.optional(),
  })
  .refine((q) => q.from === undefined || q.to === undefined || q.from <= q.to, {
    message: "must not be after to",
    path: ["from"],
  });

rest.get("/stats/volume", async (c) => {
  const query = parseQuery(volumeQuery, c.req.queries());
  if (query.chainId !== undefined) requireIndexedChain(query.chainId, indexedChainIds);
  const filters: SQL[] = [];
  if (query.chainId !== undefined) filters.push(eq(dailyVolume.chainId, query.chainId));
  if (query.token !== undefined) filters.push(eq(dailyVolume.token, query.token));
  if (query.from !== undefined) filters.push(gte(dailyVolume.day, query.from));
  if (query.to !== undefined) filters.push(lte(dailyVolume.day, query.to));
  const rows = await db
    .select()
    .from(dailyVolume)
    .where(filters.length === 0 ? undefined : and(...filters))
    .orderBy(asc(dailyVolume.chainId), asc(dailyVolume.token), asc(dailyVolume.day))
    .limit(5_000);
  const days = rows.map((row) => ({
    ...row,
    date: new Date(row.day * 86_400_000).toISOString().slice(0, 10),
  }));
  const totals = new Map<
    string,
    { chainId: number; token: string; volume: bigint; fees: bigint; count: number }
  >();
  for (const row of rows) {
    const key = `${row.chainId}:${row.token}`;
    const total = totals.get(key) ?? {
      chainId: row.chainId,
      token: row.token,
      volume: 0n,
      fees: 0n,
      count: 0,
    };
    total.volume += row.volume;
    total.fees += row.fees;
    total.count += row.count;
    totals.set(key, total);
  }
  return c.json(json({ days, totals: [...totals.values()] }));
});
