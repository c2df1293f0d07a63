// Local CCIP relayer between chains that each run Chainlink's CCIPLocalSimulator: carries every cross-chain send of a
// bridge sender on one chain to the simulator router of the other, which hands it to the bridge receiver there. The
// stack runs it as a part (ccip-relayer-main.ts); the cross-chain and indexer tests call it directly.
import type { Logger } from "pino";
import {
  type Account,
  type Address,
  type Chain,
  encodeAbiParameters,
  type Hash,
  type Hex,
  pad,
  parseAbi,
  parseEventLogs,
  type PublicClient,
  type Transport,
  type WalletClient,
} from "viem";
import type { AddressBook } from "../../deploy/address-book.ts";

/** Gas the simulator router keeps for its own exact-gas check, as CCIP's off-ramp does. */
export const GAS_FOR_CALL_EXACT_CHECK = 5_000;

const SENDER_ABI = parseAbi([
  "event CrossChainRemittanceSent(bytes32 indexed id, bytes32 indexed messageId, uint64 indexed destinationChainSelector, address sender, address recipient, uint256 amount)",
  "event CrossChainRemittanceDetails(bytes32 indexed id, address token, uint256 fee, bytes32 claimHash, uint64 expiresAt, address ccipFeeToken, uint256 ccipFee)",
  "function destinationGasLimit() view returns (uint32)",
]);
const RECEIVER_ABI = parseAbi([
  "function isMessageProcessed(bytes32 messageId) view returns (bool)",
]);
const ROUTER_ABI = parseAbi([
  "struct EVMTokenAmount { address token; uint256 amount; }",
  "struct Any2EVMMessage { bytes32 messageId; uint64 sourceChainSelector; bytes sender; bytes data; EVMTokenAmount[] destTokenAmounts; }",
  "function routeMessage(Any2EVMMessage message, uint16 gasForCallExactCheck, uint256 gasLimit, address receiver) returns (bool success, bytes retData, uint256 gasUsed)",
]);
const MINT_ABI = parseAbi(["function mint(address to, uint256 amount)"]);

/** abi.encode(ICcipRemittanceSender.RemittanceMessage), the data of every bridge message. */
export function encodeRemittanceMessage(fields: {
  remittanceId: Hex;
  sender: Address;
  recipient: Address;
  claimHash: Hex;
  expiresAt: bigint;
  sourceAmount: bigint;
}): Hex {
  return encodeAbiParameters(
    [
      {
        type: "tuple",
        components: [
          { name: "remittanceId", type: "bytes32" },
          { name: "sender", type: "address" },
          { name: "recipient", type: "address" },
          { name: "claimHash", type: "bytes32" },
          { name: "expiresAt", type: "uint64" },
          { name: "sourceAmount", type: "uint256" },
        ],
      },
    ],
    [fields],
  );
}

/** One direction between two local chains. */
export interface RelayLane {
  source: { client: PublicClient; sender: Address; chainSelector: bigint };
  destination: {
    client: PublicClient;
    /** Owner of `token`: it mints what the source locked, as a CCIP token pool would release it. */
    wallet: WalletClient<Transport, Chain, Account>;
    chainSelector: bigint;
    router: Address;
    receiver: Address;
    token: Address;
    /** Gas for the receiver; the source sender's destinationGasLimit() when omitted. */
    gasLimit?: bigint;
  };
}

/** A message carried to the destination. */
export interface RelayedMessage {
  messageId: Hex;
  remittanceId: Hex;
  sourceTransaction: Hash;
  /** The routeMessage transaction; absent when the receiver rejected the message. */
  destinationTransaction?: Hash;
  /** Whether the receiver accepted the message (a failed delivery it recorded counts as accepted). */
  accepted: boolean;
}

/**
 * Carries every send of `lane.source.sender` to `lane.destination.chainSelector` logged in `fromBlock..toBlock`,
 * skipping messages the receiver already processed. Returns what it carried.
 * @example const relayed = await relayPending(lane, 0n);
 */
export async function relayPending(
  lane: RelayLane,
  fromBlock: bigint,
  toBlock?: bigint,
  logger?: Logger,
): Promise<RelayedMessage[]> {
  const { source, destination } = lane;
  const logs = await source.client.getLogs({
    address: source.sender,
    fromBlock,
    toBlock: toBlock ?? "latest",
  });
  const events = parseEventLogs({ abi: SENDER_ABI, logs });
  const relayed: RelayedMessage[] = [];
  for (const sent of events) {
    if (sent.eventName !== "CrossChainRemittanceSent") continue;
    if (sent.args.destinationChainSelector !== destination.chainSelector) continue;
    const details = events.find(
      (event) =>
        event.eventName === "CrossChainRemittanceDetails" &&
        event.args.id === sent.args.id &&
        event.transactionHash === sent.transactionHash,
    );
    if (details?.eventName !== "CrossChainRemittanceDetails") continue;
    const result = await relayOne(lane, sent, details.args);
    if (result === undefined) continue;
    logger?.info(
      {
        messageId: result.messageId,
        remittanceId: result.remittanceId,
        sourceTx: result.sourceTransaction,
        destinationTx: result.destinationTransaction,
        accepted: result.accepted,
      },
      result.accepted
        ? "Relayed a cross-chain remittance"
        : "Left a message the receiver refuses for manual execution",
    );
    relayed.push(result);
  }
  return relayed;
}

type SentLog = Extract<
  ReturnType<typeof parseEventLogs<typeof SENDER_ABI>>[number],
  { eventName: "CrossChainRemittanceSent" }
>;
type DetailsArgs = Extract<
  ReturnType<typeof parseEventLogs<typeof SENDER_ABI>>[number],
  { eventName: "CrossChainRemittanceDetails" }
>["args"];

/** Carries one send; undefined when the receiver already processed it. */
async function relayOne(
  lane: RelayLane,
  sent: SentLog,
  details: DetailsArgs,
): Promise<RelayedMessage | undefined> {
  const { source, destination } = lane;
  const { messageId } = sent.args;
  const base = { messageId, remittanceId: sent.args.id, sourceTransaction: sent.transactionHash };
  const processed = await destination.client.readContract({
    address: destination.receiver,
    abi: RECEIVER_ABI,
    functionName: "isMessageProcessed",
    args: [messageId],
  });
  if (processed) return undefined;

  const message = {
    messageId,
    sourceChainSelector: source.chainSelector,
    sender: pad(source.sender),
    data: encodeRemittanceMessage({
      remittanceId: sent.args.id,
      sender: sent.args.sender,
      recipient: sent.args.recipient,
      claimHash: details.claimHash,
      expiresAt: details.expiresAt,
      sourceAmount: sent.args.amount,
    }),
    destTokenAmounts: [{ token: destination.token, amount: sent.args.amount }],
  };
  const gasLimit =
    destination.gasLimit ??
    BigInt(
      await source.client.readContract({
        address: source.sender,
        abi: SENDER_ABI,
        functionName: "destinationGasLimit",
        blockNumber: sent.blockNumber,
      }),
    );
  // A message the receiver rejects (unknown lane or sender, replay) is not carried, so no tokens are minted for it.
  const { request, result } = await destination.client.simulateContract({
    account: destination.wallet.account,
    address: destination.router,
    abi: ROUTER_ABI,
    functionName: "routeMessage",
    args: [message, GAS_FOR_CALL_EXACT_CHECK, gasLimit, destination.receiver],
  });
  if (!result[0]) return { ...base, accepted: false };
  await sendAndWait(destination, {
    address: destination.token,
    abi: MINT_ABI,
    functionName: "mint",
    args: [destination.receiver, sent.args.amount],
  });
  const hash = await sendAndWait(destination, request);
  return { ...base, destinationTransaction: hash, accepted: true };
}

/** Sends one transaction from the destination wallet and waits for it; throws if it reverted. */
async function sendAndWait(
  destination: RelayLane["destination"],
  request: Parameters<RelayLane["destination"]["wallet"]["writeContract"]>[0],
): Promise<Hash> {
  const hash = await destination.wallet.writeContract(request);
  const receipt = await destination.client.waitForTransactionReceipt({ hash, timeout: 60_000 });
  if (receipt.status !== "success") throw new Error(`Relayer transaction ${hash} reverted`);
  return hash;
}

/** A chain the relayer serves: its address book (with the bridge and CCIP settings) and its clients. */
export interface RelayChain {
  book: AddressBook;
  client: PublicClient;
  /** Owner of the lane token on this chain (mints what arrives), paying for the delivery transactions. */
  wallet: WalletClient<Transport, Chain, Account>;
  tokenSymbol: string;
}

/** The two lanes (a → b and b → a) between two chains deployed with the bridge. */
export function lanesBetween(a: RelayChain, b: RelayChain): RelayLane[] {
  return [
    [a, b],
    [b, a],
  ].map(([from, to]) => laneOf(from as RelayChain, to as RelayChain));
}

function laneOf(from: RelayChain, to: RelayChain): RelayLane {
  const sender = from.book.contracts.CcipRemittanceSender?.address;
  const receiver = to.book.contracts.CcipRemittanceReceiver?.address;
  const token = to.book.tokens[to.tokenSymbol]?.address;
  if (sender === undefined || from.book.ccip === undefined) {
    throw new Error(`Chain ${from.book.chainId} has no CCIP bridge sender in its address book`);
  }
  if (receiver === undefined || to.book.ccip === undefined || token === undefined) {
    throw new Error(
      `Chain ${to.book.chainId} has no CCIP bridge receiver or ${to.tokenSymbol} in its address book`,
    );
  }
  return {
    source: {
      client: from.client,
      sender,
      chainSelector: BigInt(from.book.ccip.chainSelector),
    },
    destination: {
      client: to.client,
      wallet: to.wallet,
      chainSelector: BigInt(to.book.ccip.chainSelector),
      router: to.book.ccip.router,
      receiver,
      token,
    },
  };
}

export interface RelayerStatus {
  relayed: number;
  refused: number;
  /** Per lane ("<source chain id>→<destination chain id>"): the last source block scanned. */
  scannedBlocks: Record<string, string>;
  lastError: string | null;
}

/**
 * Polls each lane every `intervalMs` and relays new sends, from the bridge sender's deployment block on (messages the
 * receiver already processed are skipped, so a restart carries nothing twice). Stops when `signal` aborts.
 */
export async function runRelayer(options: {
  lanes: { lane: RelayLane; fromBlock: bigint; name: string }[];
  intervalMs: number;
  logger: Logger;
  signal: AbortSignal;
  status: RelayerStatus;
}): Promise<void> {
  const next = new Map(options.lanes.map((entry) => [entry.name, entry.fromBlock]));
  while (!options.signal.aborted) {
    for (const { lane, name } of options.lanes) {
      try {
        const head = await lane.source.client.getBlockNumber();
        const from = next.get(name) ?? 0n;
        if (head < from) continue;
        const relayed = await relayPending(lane, from, head, options.logger);
        options.status.relayed += relayed.filter((m) => m.destinationTransaction).length;
        options.status.refused += relayed.filter((m) => !m.accepted).length;
        next.set(name, head + 1n);
        options.status.scannedBlocks[name] = head.toString();
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        if (options.status.lastError !== message) {
          options.logger.warn({ lane: name, error: message }, "Relaying failed; retrying");
        }
        options.status.lastError = message;
      }
    }
    await new Promise((resolve) => setTimeout(resolve, options.intervalMs));
  }
}
