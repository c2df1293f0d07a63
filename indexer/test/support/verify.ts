// Builds what the indexer must hold from the chain itself (contract reads and raw logs) and compares it, row by row,
// with what every query surface returns: GraphQL, SQL over HTTP (PostgreSQL only) and the REST API.
import {
  type Abi,
  type Address,
  decodeEventLog,
  encodeFunctionData,
  decodeFunctionResult,
  type Hex,
  keccak256,
} from "viem";
import {
  auditAnchorEvents,
  didRegistryEvents,
  KYB_STATUSES,
  kycRegistryEvents,
  merchantRegistryEvents,
  remittanceEvents,
  tokenEvents,
} from "../../lib/abis.ts";
import { artifact, type Deployment, type TestChain } from "./chain.ts";
import type { IndexerProcess } from "./indexer.ts";

type Row = Record<string, string | null>;
type Table = { name: string; tsName: string; key: string[]; rows: Map<string, Row> };
export type Report = Record<string, Record<string, number>>;

const ZERO = "0x0000000000000000000000000000000000000000";
const allEvents = [
  ...remittanceEvents,
  ...kycRegistryEvents,
  ...merchantRegistryEvents,
  ...auditAnchorEvents,
  ...didRegistryEvents,
  ...tokenEvents,
] as Abi;

/** Canonical string form of a value from any surface: bigints and numbers as decimals, hex lower-case. */
function canon(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  if (typeof value === "string") return value.startsWith("0x") ? value.toLowerCase() : value;
  return String(value);
}

const camel = (name: string) =>
  name.replace(/_([a-z])/g, (_, letter: string) => letter.toUpperCase());

function put(table: Table, row: Record<string, unknown>): void {
  const canonical: Row = {};
  for (const [field, value] of Object.entries(row)) canonical[field] = canon(value);
  table.rows.set(table.key.map((field) => canonical[field]).join("|"), canonical);
}

function table(name: string, tsName: string, key: string[]): Table {
  return { name, tsName, key, rows: new Map() };
}

type Log = {
  address: Hex;
  topics: [Hex, ...Hex[]];
  data: Hex;
  blockNumber: Hex;
  transactionHash: Hex;
  logIndex: Hex;
};

/** Everything the chain says the indexer must contain. */
export async function expectedState(chain: TestChain, deployment: Deployment) {
  const from = Math.min(...Object.values(deployment.blocks));
  const addresses = [
    deployment.Remittance,
    deployment.KycRegistry,
    deployment.MerchantRegistry,
    deployment.AuditAnchor,
    deployment.DIDRegistry,
    deployment.TestStablecoin,
  ];
  const logs = await chain.rpc<Log[]>("eth_getLogs", [
    { fromBlock: `0x${from.toString(16)}`, toBlock: "latest", address: addresses },
  ]);
  const blockNumbers = [...new Set(logs.map((log) => log.blockNumber))];
  const blocks = await chain.batch<{ timestamp: Hex; hash: Hex }>(
    blockNumbers.map((n) => ({ method: "eth_getBlockByNumber", params: [n, false] })),
  );
  const timeOf = new Map(
    blockNumbers.map((n, i) => [n, BigInt((blocks[i] as { timestamp: Hex }).timestamp)]),
  );

  const t = {
    account: table("account", "account", ["chainId", "address"]),
    balance: table("balance", "balance", ["chainId", "token", "address"]),
    transfer: table("transfer", "transfer", ["chainId", "id"]),
    remittance: table("remittance", "remittance", ["chainId", "id"]),
    remittanceSettings: table("remittance_settings", "remittanceSettings", ["chainId"]),
    allowedToken: table("allowed_token", "allowedToken", ["chainId", "token"]),
    kycAttestation: table("kyc_attestation", "kycAttestation", ["chainId", "id"]),
    didDelegate: table("did_delegate", "didDelegate", [
      "chainId",
      "identity",
      "delegateType",
      "delegate",
    ]),
    didAttribute: table("did_attribute", "didAttribute", [
      "chainId",
      "identity",
      "name",
      "valueHash",
    ]),
    merchant: table("merchant", "merchant", ["chainId", "merchantId"]),
    auditAnchor: table("audit_anchor", "auditAnchor", ["chainId", "sequence"]),
    dailyVolume: table("daily_volume", "dailyVolume", ["chainId", "token", "day"]),
    counterparty: table("counterparty", "counterparty", ["chainId", "account", "counterparty"]),
  };
  const chainId = 31337;
  const accounts = new Set<Address>();
  const counters = new Map<Address, { sent: number; received: number }>();
  const count = (address: Address, field: "sent" | "received") => {
    const current = counters.get(address) ?? { sent: 0, received: 0 };
    current[field]++;
    counters.set(address, current);
  };
  const remittances = new Map<Hex, Record<string, unknown>>();
  const volume = new Map<
    string,
    { volume: bigint; fees: bigint; count: number; token: Hex; day: number }
  >();
  const links = new Map<string, Record<string, unknown>>();
  const link = (
    a: Address,
    b: Address,
    value: bigint,
    via: "remittance" | "transfer",
    block: bigint,
  ) => {
    if (a.toLowerCase() === b.toLowerCase()) return;
    for (const [x, y] of [
      [a, b],
      [b, a],
    ] as const) {
      const key = `${x.toLowerCase()}|${y.toLowerCase()}`;
      const row = links.get(key) ?? {
        chainId,
        account: x,
        counterparty: y,
        remittanceCount: 0,
        remittanceVolume: 0n,
        transferCount: 0,
        transferVolume: 0n,
        firstBlock: block,
        lastBlock: block,
      };
      if (via === "remittance") {
        row.remittanceCount = (row.remittanceCount as number) + 1;
        row.remittanceVolume = (row.remittanceVolume as bigint) + value;
      } else {
        row.transferCount = (row.transferCount as number) + 1;
        row.transferVolume = (row.transferVolume as bigint) + value;
      }
      row.lastBlock = block;
      links.set(key, row);
    }
  };
  const remittanceTxs = new Set(
    logs
      .filter((log) => log.address.toLowerCase() === deployment.Remittance.toLowerCase())
      .map((log) => log.transactionHash),
  );
  const delegates: { identity: Address; delegateType: Hex; delegate: Address }[] = [];
  const merchantIds = new Set<bigint>();
  const didIdentities = new Set<Address>();
  const holders = new Set<Address>();

  let handled = 0;
  for (const log of logs) {
    let decoded: { eventName: string; args: Record<string, unknown> };
    try {
      decoded = decodeEventLog({
        abi: allEvents,
        topics: log.topics,
        data: log.data,
      }) as unknown as typeof decoded;
    } catch {
      continue; // Events the indexer does not handle (roles, ownership, approvals).
    }
    const { eventName, args } = decoded;
    handled++;
    const block = BigInt(log.blockNumber);
    const timestamp = timeOf.get(log.blockNumber) as bigint;
    const id = `${log.transactionHash}-${Number(log.logIndex)}`;
    const a = args as Record<string, unknown>;
    switch (eventName) {
      case "RemittanceSent": {
        const escrow = a.recipient === ZERO;
        remittances.set(a.id as Hex, {
          chainId,
          id: a.id,
          contract: log.address,
          kind: escrow ? "escrow" : "direct",
          status: "sent",
          sender: a.sender,
          recipient: escrow ? null : a.recipient,
          claimHash: null,
          token: null,
          amount: a.amount,
          fee: null,
          expiresAt: null,
          merchantId: null,
          sentOrder: block * 100_000n + BigInt(log.logIndex),
          sentBlock: block,
          sentTimestamp: timestamp,
          sentTx: log.transactionHash,
          claimer: null,
          claimedBlock: null,
          claimedTimestamp: null,
          claimedTx: null,
          refundedBlock: null,
          refundedTimestamp: null,
          refundedTx: null,
        });
        accounts.add(a.sender as Address);
        count(a.sender as Address, "sent");
        if (!escrow) {
          accounts.add(a.recipient as Address);
          count(a.recipient as Address, "received");
          link(
            a.sender as Address,
            a.recipient as Address,
            a.amount as bigint,
            "remittance",
            block,
          );
        }
        break;
      }
      case "RemittanceDetails": {
        const row = remittances.get(a.id as Hex) as Record<string, unknown>;
        Object.assign(row, {
          token: a.token,
          fee: a.fee,
          claimHash: a.claimHash === `0x${"00".repeat(32)}` ? null : a.claimHash,
          expiresAt: a.expiresAt === 0n ? null : a.expiresAt,
        });
        const day = Number(timestamp / 86_400n);
        const key = `${String(a.token).toLowerCase()}|${day}`;
        const current = volume.get(key) ?? {
          volume: 0n,
          fees: 0n,
          count: 0,
          token: a.token as Hex,
          day,
        };
        current.volume += row.amount as bigint;
        current.fees += a.fee as bigint;
        current.count++;
        volume.set(key, current);
        break;
      }
      case "MerchantPaid":
        Object.assign(remittances.get(a.id as Hex) as object, {
          kind: "merchant",
          merchantId: a.merchantId,
        });
        break;
      case "RemittanceClaimed": {
        const row = remittances.get(a.id as Hex) as Record<string, unknown>;
        Object.assign(row, {
          status: "claimed",
          claimer: a.claimer,
          claimedBlock: block,
          claimedTimestamp: timestamp,
          claimedTx: log.transactionHash,
        });
        accounts.add(a.claimer as Address);
        count(a.claimer as Address, "received");
        link(
          row.sender as Address,
          a.claimer as Address,
          row.amount as bigint,
          "remittance",
          block,
        );
        break;
      }
      case "RemittanceRefunded":
        Object.assign(remittances.get(a.id as Hex) as object, {
          status: "refunded",
          refundedBlock: block,
          refundedTimestamp: timestamp,
          refundedTx: log.transactionHash,
        });
        break;
      case "TokenAllowanceChanged":
        put(t.allowedToken, { chainId, token: a.token, allowed: a.allowed, changedBlock: block });
        break;
      case "KycAttested":
      case "KycRevoked": {
        const attested = eventName === "KycAttested";
        put(t.kycAttestation, {
          chainId,
          id,
          subject: a.subject,
          kind: attested ? "attested" : "revoked",
          level: attested ? a.level : 0,
          expiresAt: attested ? a.expiresAt : 0n,
          evidenceHash: attested ? a.evidenceHash : null,
          reasonHash: attested ? null : a.reasonHash,
          provider: a.provider,
          blockNumber: block,
          timestamp,
          txHash: log.transactionHash,
        });
        accounts.add(a.subject as Address);
        break;
      }
      case "DIDOwnerChanged":
        accounts.add(a.identity as Address);
        didIdentities.add(a.identity as Address);
        break;
      case "DIDDelegateChanged":
        put(t.didDelegate, {
          chainId,
          identity: a.identity,
          delegateType: a.delegateType,
          delegate: a.delegate,
          validTo: a.validTo,
          changedBlock: block,
        });
        delegates.push({
          identity: a.identity as Address,
          delegateType: a.delegateType as Hex,
          delegate: a.delegate as Address,
        });
        accounts.add(a.identity as Address);
        didIdentities.add(a.identity as Address);
        break;
      case "DIDAttributeChanged":
        put(t.didAttribute, {
          chainId,
          identity: a.identity,
          name: a.name,
          valueHash: keccak256(a.value as Hex),
          value: a.value,
          validTo: a.validTo,
          changedBlock: block,
        });
        accounts.add(a.identity as Address);
        didIdentities.add(a.identity as Address);
        break;
      case "MerchantRegistered":
        merchantIds.add(a.merchantId as bigint);
        break;
      case "AuditAnchored":
        put(t.auditAnchor, {
          chainId,
          sequence: a.sequence,
          headHash: a.headHash,
          anchorer: a.anchorer,
          blockNumber: block,
          timestamp,
          txHash: log.transactionHash,
        });
        break;
      case "Transfer":
        put(t.transfer, {
          chainId,
          id,
          token: log.address,
          from: a.from,
          to: a.to,
          value: a.value,
          blockNumber: block,
          timestamp,
          txHash: log.transactionHash,
        });
        for (const side of [a.from, a.to] as Address[]) {
          if (side !== ZERO) accounts.add(side);
          if (side !== ZERO) holders.add(side);
        }
        if (!remittanceTxs.has(log.transactionHash) && a.from !== ZERO && a.to !== ZERO)
          link(a.from as Address, a.to as Address, a.value as bigint, "transfer", block);
        break;
    }
  }
  for (const row of remittances.values()) put(t.remittance, row);
  for (const row of links.values()) put(t.counterparty, row);
  for (const row of volume.values())
    put(t.dailyVolume, {
      chainId,
      token: row.token,
      day: row.day,
      volume: row.volume,
      fees: row.fees,
      count: row.count,
    });

  // State read from the contracts.
  const read = async (contract: Address, abi: Abi, functionName: string, argsList: unknown[][]) => {
    const results = await chain.batch<Hex>(
      argsList.map((args) => ({
        method: "eth_call",
        params: [{ to: contract, data: encodeFunctionData({ abi, functionName, args }) }, "latest"],
      })),
    );
    return results.map((data) => decodeFunctionResult({ abi, functionName, data }) as unknown);
  };
  const abi = (name: string) => artifact(name).abi;
  const list = [...accounts];
  const balances = await read(
    deployment.TestStablecoin,
    abi("TestStablecoin"),
    "balanceOf",
    list.map((x) => [x]),
  );
  const attestations = (await read(
    deployment.KycRegistry,
    abi("KycRegistry"),
    "attestationOf",
    list.map((x) => [x]),
  )) as { level: number; expiresAt: bigint; provider: Address }[];
  const owners = (await read(
    deployment.DIDRegistry,
    abi("DIDRegistry"),
    "identityOwner",
    list.map((x) => [x]),
  )) as Address[];
  const changed = (await read(
    deployment.DIDRegistry,
    abi("DIDRegistry"),
    "changed",
    list.map((x) => [x]),
  )) as bigint[];
  const lastEvidence = new Map<string, Hex | null>();
  for (const row of [...t.kycAttestation.rows.values()].sort((x, y) =>
    Number(BigInt(x.blockNumber as string) - BigInt(y.blockNumber as string)),
  )) {
    lastEvidence.set(row.subject as string, row.evidenceHash as Hex | null);
  }
  list.forEach((address, i) => {
    const attestation = attestations[i] as { level: number; expiresAt: bigint; provider: Address };
    const counter = counters.get(address) ?? { sent: 0, received: 0 };
    put(t.account, {
      chainId,
      address,
      kycLevel: attestation.level,
      kycExpiresAt: attestation.expiresAt,
      kycProvider: attestation.provider === ZERO ? null : attestation.provider,
      kycEvidenceHash:
        attestation.level === 0 ? null : (lastEvidence.get(address.toLowerCase()) ?? null),
      didOwner: owners[i],
      didChangedBlock: changed[i],
      remittancesSent: counter.sent,
      remittancesReceived: counter.received,
    });
    // Balance rows exist for every address a Transfer touched; updatedBlock is not compared.
    if (holders.has(address))
      put(t.balance, { chainId, token: deployment.TestStablecoin, address, balance: balances[i] });
  });

  const escrows = [...remittances.values()].filter((row) => row.kind === "escrow");
  const open = (await read(
    deployment.Remittance,
    abi("Remittance"),
    "isEscrowOpen",
    escrows.map((row) => [row.id]),
  )) as boolean[];
  let escrowStatusConflicts = 0;
  escrows.forEach((row, i) => {
    if ((row.status === "sent") !== open[i]) escrowStatusConflicts++;
  });
  if (escrowStatusConflicts > 0)
    throw new Error(`${escrowStatusConflicts} escrows disagree between logs and isEscrowOpen`);

  const ids = [...merchantIds];
  const merchants = (await read(
    deployment.MerchantRegistry,
    abi("MerchantRegistry"),
    "merchantOf",
    ids.map((id) => [id]),
  )) as Record<string, never>[];
  const registered = new Map(
    logs
      .filter((log) => log.address.toLowerCase() === deployment.MerchantRegistry.toLowerCase())
      .flatMap((log) => {
        try {
          return [
            [
              log,
              decodeEventLog({ abi: merchantRegistryEvents, topics: log.topics, data: log.data }),
            ] as const,
          ];
        } catch {
          return [];
        }
      }),
  );
  ids.forEach((merchantId, i) => {
    const m = merchants[i] as Record<string, unknown>;
    const touching = [...registered]
      .filter(([, event]) => (event.args as { merchantId?: bigint }).merchantId === merchantId)
      .map(([log]) => BigInt(log.blockNumber));
    put(t.merchant, {
      chainId,
      merchantId,
      owner: m.owner,
      payout: m.payout,
      did: m.did,
      category: m.category,
      displayNameHash: m.displayNameHash,
      feeBps: m.feeBps,
      kybStatus: KYB_STATUSES[m.status as number],
      registeredBlock: touching[0],
      updatedBlock: touching.at(-1),
    });
  });
  const delegateValidity = (await read(
    deployment.DIDRegistry,
    abi("DIDRegistry"),
    "delegates",
    delegates.map((d) => [d.identity, keccak256(d.delegateType), d.delegate]),
  )) as bigint[];
  delegates.forEach((d, i) => {
    const key = [chainId, d.identity, d.delegateType, d.delegate].map((v) => canon(v)).join("|");
    const row = t.didDelegate.rows.get(key) as Row;
    if (row.validTo !== String(delegateValidity[i]))
      throw new Error(`Delegate validity from logs disagrees with the registry for ${key}`);
  });
  const [fee, treasury, paused, bounds] = await Promise.all([
    read(deployment.Remittance, abi("Remittance"), "feeBps", [[]]),
    read(deployment.Remittance, abi("Remittance"), "treasury", [[]]),
    read(deployment.Remittance, abi("Remittance"), "paused", [[]]),
    read(deployment.Remittance, abi("Remittance"), "escrowDurationBounds", [[]]),
  ]);
  const [minDuration, maxDuration] = bounds[0] as [bigint, bigint];
  put(t.remittanceSettings, {
    chainId,
    contract: deployment.Remittance,
    feeBps: fee[0],
    treasury: treasury[0],
    paused: paused[0],
    minEscrowDuration: minDuration,
    maxEscrowDuration: maxDuration,
  });
  const latest = (await read(deployment.AuditAnchor, abi("AuditAnchor"), "latest", [[]]))[0] as {
    sequence: bigint;
    headHash: Hex;
  };
  const top = [...t.auditAnchor.rows.values()].at(-1);
  if (
    top !== undefined &&
    (top.sequence !== String(latest.sequence) || top.headHash !== latest.headHash.toLowerCase())
  )
    throw new Error("Latest anchor disagrees with AuditAnchor.latest()");

  return {
    tables: t,
    logCount: logs.length,
    handledEvents: handled,
    remittanceCount: remittances.size,
  };
}

export type Expected = Awaited<ReturnType<typeof expectedState>>;

function compareRows(
  expected: Table,
  actualRows: Record<string, unknown>[],
  fieldsOnly?: string[],
): number {
  let mismatches = 0;
  const seen = new Set<string>();
  for (const raw of actualRows) {
    const actual: Row = {};
    for (const [field, value] of Object.entries(raw)) actual[camel(field)] = canon(value);
    const key = expected.key.map((field) => actual[field]).join("|");
    if (seen.has(key)) {
      mismatches++;
      continue;
    }
    seen.add(key);
    const row = expected.rows.get(key);
    if (row === undefined) {
      mismatches++;
      continue;
    }
    for (const field of fieldsOnly ?? Object.keys(row)) {
      if (row[field] !== actual[field]) {
        mismatches++;
        if (process.env.VERIFY_DEBUG)
          console.error({
            table: expected.name,
            key,
            field,
            expected: row[field],
            actual: actual[field],
          });
        break;
      }
    }
  }
  mismatches += [...expected.rows.keys()].filter((key) => !seen.has(key)).length;
  return mismatches;
}

async function graphqlRows(
  indexer: IndexerProcess,
  tsName: string,
  fields: string[],
): Promise<Record<string, unknown>[]> {
  const rows: Record<string, unknown>[] = [];
  let after: string | null = null;
  for (;;) {
    const data: Record<
      string,
      { items: Record<string, unknown>[]; pageInfo: { hasNextPage: boolean; endCursor: string } }
    > = await indexer.graphql(
      `query ($after: String) { page: ${tsName}s(limit: 1000, after: $after) { items { ${fields.join(" ")} } pageInfo { hasNextPage endCursor } } }`,
      { after },
    );
    const page = data.page as {
      items: Record<string, unknown>[];
      pageInfo: { hasNextPage: boolean; endCursor: string };
    };
    rows.push(...page.items);
    if (!page.pageInfo.hasNextPage) return rows;
    after = page.pageInfo.endCursor;
  }
}

/** Compares every table through GraphQL (and SQL when `sql` is true) and the REST API. Returns mismatch counts. */
export async function compareSurfaces(
  indexer: IndexerProcess,
  expected: Expected,
  options: { sql: boolean },
): Promise<Report> {
  const report: Report = { graphql: {}, sql: {}, rest: {} };
  const graphql = report.graphql as Record<string, number>;
  const sql = report.sql as Record<string, number>;
  const rest = report.rest as Record<string, number>;
  for (const t of Object.values(expected.tables)) {
    const fields = Object.keys(
      [...t.rows.values()][0] ?? Object.fromEntries(t.key.map((k) => [k, null])),
    );
    graphql[t.name] = compareRows(t, await graphqlRows(indexer, t.tsName, fields), fields);
    if (options.sql)
      sql[t.name] = compareRows(t, await indexer.sql(`select * from ${t.name}`), fields);
  }
  if (!options.sql) delete report.sql;

  // REST: every account summary, every remittance, every account's history pages, counterparties and volume.
  const { account, balance, remittance, counterparty, dailyVolume } = expected.tables;
  let accountMismatches = 0;
  let historyMismatches = 0;
  let counterpartyMismatches = 0;
  const accounts = [...account.rows.values()];
  await inParallel(accounts, 8, async (row) => {
    const { body } = await indexer.get<{
      kyc: { level: number; expiresAt: string; provider: string | null };
      did: { owner: string };
      balances: { token: string; balance: string }[];
      remittances: { sent: number; received: number };
    }>(`/api/accounts/31337/${row.address}`);
    const expectedBalance =
      balance.rows.get(`31337|${[...balance.rows.values()][0]?.token}|${row.address}`)?.balance ??
      null;
    const actualBalance = body.balances[0]?.balance ?? null;
    if (
      String(body.kyc.level) !== row.kycLevel ||
      body.kyc.expiresAt !== row.kycExpiresAt ||
      canon(body.kyc.provider) !== row.kycProvider ||
      canon(body.did.owner) !== row.didOwner ||
      String(body.remittances.sent) !== row.remittancesSent ||
      String(body.remittances.received) !== row.remittancesReceived ||
      actualBalance !== expectedBalance
    )
      accountMismatches++;

    const mine = [...remittance.rows.values()]
      .filter(
        (r) => r.sender === row.address || r.recipient === row.address || r.claimer === row.address,
      )
      .sort((x, y) => (BigInt(y.sentOrder as string) > BigInt(x.sentOrder as string) ? 1 : -1))
      .map((r) => r.id);
    const got: string[] = [];
    let cursor: string | null = null;
    do {
      const page: { body: { items: { id: string }[]; nextCursor: string | null } } =
        await indexer.get(
          `/api/accounts/31337/${row.address}/remittances?limit=50${cursor === null ? "" : `&cursor=${cursor}`}`,
        );
      got.push(...page.body.items.map((item) => item.id));
      cursor = page.body.nextCursor;
    } while (cursor !== null);
    if (got.join() !== mine.join()) historyMismatches++;

    const links = await indexer.get<{ counterparties: Record<string, unknown>[] }>(
      `/api/accounts/31337/${row.address}/counterparties?limit=100`,
    );
    const subset: Table = {
      ...counterparty,
      rows: new Map([...counterparty.rows].filter(([, r]) => r.account === row.address)),
    };
    counterpartyMismatches += compareRows(subset, links.body.counterparties);
  });
  rest.account = accountMismatches;
  rest.accountRemittances = historyMismatches;
  rest.counterparty = counterpartyMismatches;

  let remittanceMismatches = 0;
  const found: Record<string, unknown>[] = [];
  await inParallel([...remittance.rows.values()], 16, async (row) => {
    const { status, body } = await indexer.get<Record<string, unknown>>(
      `/api/remittances/31337/${row.id}`,
    );
    if (status === 200) found.push(body);
    else remittanceMismatches++;
  });
  rest.remittance = remittanceMismatches + compareRows(remittance, found);

  const volume = await indexer.get<{ days: Record<string, unknown>[] }>(
    "/api/stats/volume?chainId=31337",
  );
  rest.dailyVolume = compareRows(
    dailyVolume,
    volume.body.days.map(({ date: _date, ...day }) => day),
  );
  return report;
}

async function inParallel<item>(
  items: item[],
  width: number,
  work: (item: item) => Promise<void>,
): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: width }, async () => {
      while (next < items.length) await work(items[next++] as item);
    }),
  );
}

/** Total of every count in a report. */
export const totalMismatches = (report: Report) =>
  Object.values(report).reduce(
    (sum, surface) => sum + Object.values(surface).reduce((a, b) => a + b, 0),
    0,
  );
