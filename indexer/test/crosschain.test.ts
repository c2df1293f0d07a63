// Correctness of the cross-chain rows against two real chains: two anvil nodes (31337, 31338) deployed with the CCIP
// bridge by the product's Ignition modules, lanes both ways, direct and escrow sends both ways, a failed delivery
// retried and one refunded, escrows claimed and refunded, carried by the local relayer; then the indexer (PGlite)
// on both chains, and every cross_chain_remittance row compared with what the contracts and their logs hold.
import assert from "node:assert/strict";
// Types of the Hardhat viem plugin, which deploy/deploy.ts uses through the network connection.
import type {} from "@nomicfoundation/hardhat-toolbox-viem";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import {
  type Address,
  encodePacked,
  type Hex,
  keccak256,
  maxUint256,
  parseAbi,
  parseEventLogs,
  zeroAddress,
  zeroHash,
} from "viem";
import { mnemonicToAccount, privateKeyToAccount } from "viem/accounts";
import type { AddressBook } from "../../deploy/address-book.ts";
import { type ChainClients, chainClients } from "../../deploy/clients.ts";
import { deployClxend } from "../../deploy/deploy.ts";
import {
  DEV_MNEMONIC,
  demoAccounts,
  SECOND_CHAIN_DEPLOYER_INDEX,
} from "../../deploy/demo-accounts.ts";
import { APPROVAL_TYPES, bridgeDomain, CLAIM_TYPES } from "../../deploy/eip712.ts";
import { configureLanes } from "../../deploy/lanes.ts";
import { readParameters } from "../../deploy/parameters.ts";
import { type RunningAnvil, startAnvil } from "../../scripts/stack/anvil.ts";
import { lanesBetween, relayPending } from "../../scripts/stack/ccip-relayer.ts";
import { freePort } from "../../scripts/stack/ports.ts";
import { IndexerProcess } from "./support/indexer.ts";

const abi = parseAbi([
  "struct Approval { address sender; address recipient; bytes32 claimHash; address token; uint256 amount; uint256 fee; bytes32 memoHash; bytes32 travelRuleHash; uint256 destinationChainId; uint256 nonce; uint256 deadline; }",
  "struct CoSignature { address signer; bytes signature; }",
  "struct EscrowTerms { address sender; address token; uint256 amount; bytes32 claimHash; uint64 expiresAt; }",
  "struct InboundTransfer { bytes32 remittanceId; uint64 sourceChainSelector; address sender; address recipient; bytes32 claimHash; uint64 expiresAt; address token; uint256 amount; }",
  "function send(Approval approval, CoSignature coSignature, address ccipFeeToken) payable returns (bytes32, bytes32)",
  "function sendToEscrow(Approval approval, uint64 expiresAt, CoSignature coSignature, address ccipFeeToken) payable returns (bytes32, bytes32)",
  "function quoteFee(uint256 amount) view returns (uint256)",
  "function pauseLane(uint64 remoteChainSelector)",
  "function unpauseLane(uint64 remoteChainSelector)",
  "function retryFailedDelivery(bytes32 messageId, InboundTransfer transfer)",
  "function refundFailedDelivery(bytes32 messageId, InboundTransfer transfer)",
  "function claim(bytes32 id, EscrowTerms terms, bytes claimSignature)",
  "function refundEscrow(bytes32 id, EscrowTerms terms)",
  "function isMessageProcessed(bytes32 messageId) view returns (bool)",
  "function isDeliveryFailed(bytes32 messageId) view returns (bool)",
  "function isEscrowOpen(bytes32 id) view returns (bool)",
  "function attest(address subject, uint8 level, uint64 expiresAt, bytes32 evidenceHash)",
  "function mint(address to, uint256 amount)",
  "function approve(address spender, uint256 value) returns (bool)",
  "event CrossChainRemittanceSent(bytes32 indexed id, bytes32 indexed messageId, uint64 indexed destinationChainSelector, address sender, address recipient, uint256 amount)",
  "event CrossChainRemittanceDetails(bytes32 indexed id, address token, uint256 fee, bytes32 claimHash, uint64 expiresAt, address ccipFeeToken, uint256 ccipFee)",
  "event CrossChainRemittanceReceived(bytes32 indexed messageId, uint64 indexed sourceChainSelector, bytes32 indexed remittanceId, address sender, address recipient, address token, uint256 amount)",
  "event CrossChainEscrowOpened(bytes32 indexed messageId, uint64 indexed sourceChainSelector, bytes32 indexed remittanceId, address sender, bytes32 claimHash, address token, uint256 amount, uint64 expiresAt)",
  "event CrossChainDeliveryFailed(bytes32 indexed messageId, uint64 indexed sourceChainSelector, bytes32 indexed remittanceId, InboundTransfer transfer, bytes reason)",
  "event FailedDeliveryRefunded(bytes32 indexed messageId, address indexed sender, address token, uint256 amount)",
  "event CrossChainEscrowClaimed(bytes32 indexed id, address indexed claimer, uint256 amount)",
  "event CrossChainEscrowRefunded(bytes32 indexed id, address indexed sender, uint256 amount)",
]);

const demo = demoAccounts();
const USD = 1_000_000n;

interface Side {
  anvil: RunningAnvil;
  clients: ChainClients;
  book: AddressBook;
}

describe("cross-chain rows against two chains and the relayer", { timeout: 600_000 }, () => {
  const work = mkdtempSync(join(tmpdir(), "clxend-indexer-crosschain-"));
  const books = join(work, "deployments");
  const sides: Side[] = [];
  let indexer: IndexerProcess;
  let nonce = 1n;

  const bridgeOf = (side: Side) => side.book.contracts.CcipRemittanceSender?.address as Address;
  const receiverOf = (side: Side) => side.book.contracts.CcipRemittanceReceiver?.address as Address;
  const tokenOf = (side: Side) => side.book.tokens.tUSD?.address as Address;
  const selectorOf = (side: Side) => BigInt(side.book.ccip?.chainSelector ?? 0);

  async function write(
    side: Side,
    from: typeof demo.admin.account,
    address: Address,
    functionName: string,
    args: unknown[],
  ) {
    const hash = await side.clients.walletFor(from).writeContract({
      address,
      abi,
      functionName: functionName as "attest",
      args: args as never,
    });
    await side.clients.confirm(hash);
    return hash;
  }

  /** Co-signs and sends a cross-chain remittance from alice on `from` to bob (or a claim hash) on `to`. */
  async function send(from: Side, to: Side, amount: bigint, claimHash?: Hex) {
    const block = await from.clients.publicClient.getBlock();
    const approval = {
      sender: demo.alice.account.address,
      recipient: claimHash === undefined ? demo.bob.account.address : zeroAddress,
      claimHash: claimHash ?? zeroHash,
      token: tokenOf(from),
      amount,
      fee: await from.clients.publicClient.readContract({
        address: bridgeOf(from),
        abi,
        functionName: "quoteFee",
        args: [amount],
      }),
      memoHash: zeroHash,
      travelRuleHash: zeroHash,
      destinationChainId: BigInt(to.book.chainId),
      nonce: nonce++,
      deadline: block.timestamp + 3_600n,
    };
    const signature = await demo.compliance.account.signTypedData({
      domain: bridgeDomain(from.book.chainId, bridgeOf(from)),
      types: APPROVAL_TYPES,
      primaryType: "Approval",
      message: approval,
    });
    const coSignature = { signer: demo.compliance.account.address, signature };
    const expiresAt = block.timestamp + 7_200n;
    return claimHash === undefined
      ? write(from, demo.alice.account, bridgeOf(from), "send", [
          approval,
          coSignature,
          zeroAddress,
        ])
      : write(from, demo.alice.account, bridgeOf(from), "sendToEscrow", [
          approval,
          expiresAt,
          coSignature,
          zeroAddress,
        ]);
  }

  async function relayAll(): Promise<void> {
    const [a, b] = sides as [Side, Side];
    const relayChain = (side: Side) => ({
      book: side.book,
      client: side.clients.publicClient,
      wallet: side.clients.walletFor(demo.admin.account),
      tokenSymbol: "tUSD",
    });
    for (const lane of lanesBetween(relayChain(a), relayChain(b))) await relayPending(lane, 0n);
  }

  async function logsOf(side: Side, address: Address) {
    const logs = await side.clients.publicClient.getLogs({
      address,
      fromBlock: 0n,
      toBlock: "latest",
    });
    return parseEventLogs({ abi, logs });
  }

  before(async () => {
    const { default: hre } = await import("hardhat");
    await hre.tasks.getTask("build").run({ quiet: true, noTests: true });
    for (const [chainId, network] of [
      [31337, "local"],
      [31338, "local2"],
    ] as const) {
      const anvil = await startAnvil({
        port: await freePort(),
        chainId,
        logFile: join(work, `anvil-${chainId}.log`),
        name: `chain ${chainId}`,
      });
      const connection = await hre.network.create({ network, override: { url: anvil.rpcUrl } });
      const { book } = await deployClxend({
        hre,
        connection,
        networkName: network,
        kind: "local",
        parameters: readParameters(network),
        journalDir: join(work, "ignition", network),
        addressBookDir: books,
        requiredConfirmations: 1,
        bridge: true,
        ...(chainId === 31338
          ? {
              defaultSender: mnemonicToAccount(DEV_MNEMONIC, {
                addressIndex: SECOND_CHAIN_DEPLOYER_INDEX,
              }).address,
            }
          : {}),
      });
      await connection.close();
      sides.push({ anvil, clients: chainClients(chainId, anvil.rpcUrl), book });
    }
    const [a, b] = sides as [Side, Side];
    await configureLanes(
      { book: a.book, rpcUrl: a.anvil.rpcUrl },
      { book: b.book, rpcUrl: b.anvil.rpcUrl },
      {
        admin: demo.admin.account,
        tokenSymbol: "tUSD",
        rateLimitAmount: 1_000_000n * USD,
        rateLimitWindow: 86_400,
      },
    );
    for (const side of sides) {
      const now = (await side.clients.publicClient.getBlock()).timestamp;
      for (const person of [demo.alice, demo.bob]) {
        await write(
          side,
          demo.kycProvider.account,
          side.book.contracts.KycRegistry.address,
          "attest",
          [person.account.address, 2, now + 365n * 86_400n, keccak256("0x01")],
        );
      }
      await write(side, demo.admin.account, tokenOf(side), "mint", [
        demo.alice.account.address,
        10_000n * USD,
      ]);
      await write(side, demo.alice.account, tokenOf(side), "approve", [bridgeOf(side), maxUint256]);
    }

    // Direct sends both ways, two escrows from a to b.
    await send(a, b, 25n * USD);
    await send(a, b, 40n * USD);
    await send(b, a, 15n * USD);
    const claimKeys = [`0x${"11".repeat(32)}`, `0x${"22".repeat(32)}`].map((key) =>
      privateKeyToAccount(key as Hex),
    );
    for (const key of claimKeys) {
      await send(a, b, 10n * USD, keccak256(encodePacked(["address"], [key.address])));
    }
    await relayAll();
    // Two failed deliveries (inbound lane paused on b): one retried after the lane resumed, one refunded.
    await write(b, demo.admin.account, receiverOf(b), "pauseLane", [selectorOf(a)]);
    await send(a, b, 5n * USD);
    await send(a, b, 6n * USD);
    await relayAll();
    await write(b, demo.admin.account, receiverOf(b), "unpauseLane", [selectorOf(a)]);
    const failures = (await logsOf(b, receiverOf(b))).filter(
      (e) => e.eventName === "CrossChainDeliveryFailed",
    );
    assert.equal(failures.length, 2);
    const [retried, refunded] = failures;
    if (
      retried?.eventName !== "CrossChainDeliveryFailed" ||
      refunded?.eventName !== "CrossChainDeliveryFailed"
    )
      throw new Error("no failures");
    await write(b, demo.bob.account, receiverOf(b), "retryFailedDelivery", [
      retried.args.messageId,
      retried.args.transfer,
    ]);
    await write(b, demo.alice.account, receiverOf(b), "refundFailedDelivery", [
      refunded.args.messageId,
      refunded.args.transfer,
    ]);
    // Escrows on b: the first claimed by bob, the second refunded to alice after its expiry.
    const opened = (await logsOf(b, receiverOf(b))).filter(
      (e) => e.eventName === "CrossChainEscrowOpened",
    );
    for (const [index, event] of opened.entries()) {
      if (event.eventName !== "CrossChainEscrowOpened") continue;
      const terms = {
        sender: event.args.sender,
        token: event.args.token,
        amount: event.args.amount,
        claimHash: event.args.claimHash,
        expiresAt: event.args.expiresAt,
      };
      if (index === 0) {
        const key = claimKeys[0] as ReturnType<typeof privateKeyToAccount>;
        const claimSignature = await key.signTypedData({
          domain: bridgeDomain(31338, receiverOf(b)),
          types: CLAIM_TYPES,
          primaryType: "Claim",
          message: { id: event.args.messageId, claimer: demo.bob.account.address },
        });
        await write(b, demo.bob.account, receiverOf(b), "claim", [
          event.args.messageId,
          terms,
          claimSignature,
        ]);
      } else {
        await b.clients.publicClient.request({
          method: "evm_increaseTime" as never,
          params: [3 * 3_600] as never,
        });
        await write(b, demo.alice.account, receiverOf(b), "refundEscrow", [
          event.args.messageId,
          terms,
        ]);
      }
    }

    indexer = await IndexerProcess.create({
      rpcUrl: a.anvil.rpcUrl,
      addressBookDir: books,
      database: { kind: "pglite", dir: join(work, "pglite") },
      logFile: join(work, "indexer.log"),
      extraEnv: {
        CHAIN_ID: "31337,31338",
        RPC_URL_31337: a.anvil.rpcUrl,
        RPC_URL_31338: b.anvil.rpcUrl,
      },
    });
    indexer.start();
    await waitForBoth(indexer, sides);
  });

  after(async () => {
    await indexer?.stop();
    await Promise.all(sides.map((side) => side.anvil.child.stop()));
  });

  it("links each send with its delivery and holds what the contracts hold, on REST and GraphQL", async () => {
    const expected = await expectedRows(sides);
    const { crossChainRemittances } = await indexer.graphql<{
      crossChainRemittances: { totalCount: number; items: Record<string, unknown>[] };
    }>(
      `{ crossChainRemittances(limit: 100) { totalCount items { messageId status sourceChainId destinationChainId sentTx deliveredTx settledTx amount deliveredAmount sender recipient claimer fee } } }`,
    );

    assert.equal(expected.size, 7);
    assert.equal(crossChainRemittances.totalCount, expected.size);
    const mismatches: string[] = [];
    for (const [messageId, want] of expected) {
      const { status, body } = await indexer.get<Record<string, unknown>>(
        `/api/crosschain/${messageId}`,
      );
      const fromGraphql = crossChainRemittances.items.find((item) => item.messageId === messageId);
      for (const [field, value] of Object.entries(want)) {
        if (status !== 200 || String(body[field]) !== String(value)) {
          mismatches.push(
            `REST ${messageId.slice(0, 10)} ${field}: ${String(body[field])} ≠ ${String(value)}`,
          );
        }
        if (field in (fromGraphql ?? {}) && String(fromGraphql?.[field]) !== String(value)) {
          mismatches.push(
            `GraphQL ${messageId.slice(0, 10)} ${field}: ${String(fromGraphql?.[field])} ≠ ${String(value)}`,
          );
        }
      }
    }
    assert.deepEqual(mismatches, []);
  });

  it("lists cross-chain remittances in both parties' histories, with both transactions", async () => {
    const alice = demo.alice.account.address.toLowerCase();
    const bob = demo.bob.account.address.toLowerCase();

    const sent = await indexer.get<{ items: Record<string, unknown>[] }>(
      `/api/accounts/31337/${alice}/remittances?limit=100`,
    );
    const received = await indexer.get<{ items: Record<string, unknown>[] }>(
      `/api/accounts/31338/${bob}/remittances?role=recipient&limit=100`,
    );

    const outgoing = sent.body.items.filter((item) => item.kind === "crosschain");
    assert.equal(outgoing.length, 6);
    assert.ok(
      outgoing.every(
        (item) => item.direction === "outgoing" && item.sentTx !== null && item.receivedTx !== null,
      ),
    );
    const incoming = received.body.items.filter((item) => item.kind === "crosschain");
    // Addressed to bob (two deliveries, the retried and the refunded failure) and the escrow he claimed.
    assert.equal(incoming.length, 5);
    assert.ok(
      incoming.every(
        (item) => item.direction === "incoming" && item.sentTx !== null && item.receivedTx !== null,
      ),
    );
  });

  it("counts cross-chain sends and deliveries in the account counters and the source chain's volume", async () => {
    // This test sends no local remittance, so the counters and the volume hold cross-chain remittances only.
    const people = [demo.alice.account.address, demo.bob.account.address];
    const counters: string[] = [];
    const volumes: string[] = [];
    for (const side of sides) {
      const sourceLogs = await logsOf(side, bridgeOf(side));
      const destinationLogs = await logsOf(side, receiverOf(side));
      const sends = sourceLogs.filter((e) => e.eventName === "CrossChainRemittanceSent");
      for (const person of people) {
        const sent = sends.filter(
          (e) => e.eventName === "CrossChainRemittanceSent" && e.args.sender === person,
        ).length;
        const received = destinationLogs.filter(
          (e) =>
            (e.eventName === "CrossChainRemittanceReceived" && e.args.recipient === person) ||
            (e.eventName === "CrossChainEscrowClaimed" && e.args.claimer === person),
        ).length;
        const { body } = await indexer.get<{ remittances: { sent: number; received: number } }>(
          `/api/accounts/${side.book.chainId}/${person.toLowerCase()}`,
        );
        counters.push(
          `${side.book.chainId} ${person}: ${JSON.stringify(body.remittances)} (chain: sent ${sent}, received ${received})`,
        );
        assert.deepEqual(body.remittances, { sent, received }, counters.at(-1));
      }

      const days = new Map<number, { volume: bigint; fees: bigint; count: number }>();
      for (const send of sends) {
        if (send.eventName !== "CrossChainRemittanceSent") continue;
        const details = sourceLogs.find(
          (e) =>
            e.eventName === "CrossChainRemittanceDetails" &&
            e.transactionHash === send.transactionHash,
        );
        if (details?.eventName !== "CrossChainRemittanceDetails") throw new Error("no details");
        const block = await side.clients.publicClient.getBlock({ blockNumber: send.blockNumber });
        const day = Number(block.timestamp / 86_400n);
        const total = days.get(day) ?? { volume: 0n, fees: 0n, count: 0 };
        days.set(day, {
          volume: total.volume + send.args.amount,
          fees: total.fees + details.args.fee,
          count: total.count + 1,
        });
      }
      const expected = [...days.entries()]
        .sort(([a], [b]) => a - b)
        .map(([day, total]) => ({
          day,
          volume: String(total.volume),
          fees: String(total.fees),
          count: total.count,
        }));
      const { body } = await indexer.get<{
        days: { day: number; volume: string; fees: string; count: number }[];
      }>(`/api/stats/volume?chainId=${side.book.chainId}&token=${tokenOf(side).toLowerCase()}`);
      const got = body.days.map(({ day, volume, fees, count }) => ({ day, volume, fees, count }));
      volumes.push(`${side.book.chainId}: ${JSON.stringify(got)}`);
      assert.deepEqual(got, expected, `volume of ${side.book.chainId}`);
    }
    // What the setup sent: six sends a → b by alice; bob credited four times on b (two deliveries, the retried failed
    // delivery, the claimed escrow) and once on a.
    assert.match(counters[0] ?? "", /"sent":6,"received":0/);
    assert.match(counters[1] ?? "", /"sent":0,"received":1/);
    assert.match(counters[3] ?? "", /"sent":0,"received":4/);
    assert.equal(volumes.length, 2);
  });

  it("answers 404 with a clear message for an unknown message id", async () => {
    const { status, body } = await indexer.get<{ error: { code: string; message: string } }>(
      `/api/crosschain/0x${"ab".repeat(32)}`,
    );

    assert.equal(status, 404);
    assert.equal(body.error.code, "crosschain_remittance_not_found");
  });
});

/** Waits until the indexer serves both chains up to their heads. */
async function waitForBoth(indexer: IndexerProcess, sides: Side[]): Promise<void> {
  const heads = await Promise.all(sides.map((side) => side.clients.publicClient.getBlockNumber()));
  const deadline = Date.now() + 300_000;
  while (Date.now() < deadline) {
    const { status, body } = await indexer
      .get<{
        ready?: boolean;
        chains?: Record<string, { block: { number: number } }> | null;
      }>("/health")
      .catch(() => ({ status: 0, body: {} as never }));
    const done = sides.every(
      (side, i) =>
        (body.chains?.[`chain${side.book.chainId}`]?.block.number ?? -1) >= Number(heads[i]),
    );
    if (status === 200 && body.ready === true && done) return;
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  throw new Error("The indexer did not reach both chain heads in time");
}

/** Every cross-chain remittance as the chains hold it: logs of both bridges plus the receivers' state. */
async function expectedRows(sides: Side[]): Promise<Map<Hex, Record<string, unknown>>> {
  const rows = new Map<Hex, Record<string, unknown>>();
  for (const source of sides) {
    const destination = sides.find((side) => side !== source) as Side;
    const sender = source.book.contracts.CcipRemittanceSender?.address as Address;
    const receiver = destination.book.contracts.CcipRemittanceReceiver?.address as Address;
    const sourceLogs = parseEventLogs({
      abi,
      logs: await source.clients.publicClient.getLogs({ address: sender, fromBlock: 0n }),
    });
    const destinationLogs = parseEventLogs({
      abi,
      logs: await destination.clients.publicClient.getLogs({ address: receiver, fromBlock: 0n }),
    });
    for (const sent of sourceLogs) {
      if (sent.eventName !== "CrossChainRemittanceSent") continue;
      const { messageId } = sent.args;
      const details = sourceLogs.find(
        (e) =>
          e.eventName === "CrossChainRemittanceDetails" &&
          e.transactionHash === sent.transactionHash,
      );
      const about = destinationLogs.filter(
        (e) =>
          ("messageId" in e.args && e.args.messageId === messageId) ||
          ("id" in e.args && e.args.id === messageId),
      );
      const read = (functionName: "isDeliveryFailed" | "isEscrowOpen" | "isMessageProcessed") =>
        destination.clients.publicClient.readContract({
          address: receiver,
          abi,
          functionName,
          args: [messageId],
        });
      const [processed, failed, open] = await Promise.all([
        read("isMessageProcessed"),
        read("isDeliveryFailed"),
        read("isEscrowOpen"),
      ]);
      assert.ok(processed, `message ${messageId} was relayed`);
      const delivered = about.find(
        (e) =>
          e.eventName === "CrossChainRemittanceReceived" ||
          e.eventName === "CrossChainEscrowOpened",
      );
      const claimed = about.find((e) => e.eventName === "CrossChainEscrowClaimed");
      const settled = about.find(
        (e) =>
          e.eventName === "CrossChainEscrowClaimed" ||
          e.eventName === "CrossChainEscrowRefunded" ||
          e.eventName === "FailedDeliveryRefunded",
      );
      const status = failed
        ? "failed"
        : open
          ? "escrowed"
          : claimed !== undefined
            ? "claimed"
            : settled !== undefined
              ? "refunded"
              : "delivered";
      rows.set(messageId, {
        status,
        remittanceId: sent.args.id,
        sender: sent.args.sender.toLowerCase(),
        sourceChainId: source.book.chainId,
        destinationChainId: destination.book.chainId,
        amount: sent.args.amount,
        fee: details?.eventName === "CrossChainRemittanceDetails" ? details.args.fee : undefined,
        sentTx: sent.transactionHash,
        deliveredTx: delivered?.transactionHash ?? null,
        settledTx: settled?.transactionHash ?? null,
        claimer:
          claimed?.eventName === "CrossChainEscrowClaimed"
            ? claimed.args.claimer.toLowerCase()
            : null,
      });
    }
  }
  return rows;
}
