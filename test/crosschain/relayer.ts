// Local CCIP relayer for two JSON-RPC chains that each run Chainlink's simulator: carries every cross-chain send of
// a bridge sender on one chain to the simulator router of the other, which hands it to the bridge receiver there.
import {
  type Account,
  type Address,
  type Chain,
  type Hash,
  type Hex,
  pad,
  parseAbi,
  parseEventLogs,
  type PublicClient,
  type Transport,
  type WalletClient,
} from "viem";
import { encodeRemittanceMessage, GAS_FOR_CALL_EXACT_CHECK } from "./fixture.ts";

const SENDER_EVENTS = parseAbi([
  "event CrossChainRemittanceSent(bytes32 indexed id, bytes32 indexed messageId, uint64 indexed destinationChainSelector, address sender, address recipient, uint256 amount)",
  "event CrossChainRemittanceDetails(bytes32 indexed id, address token, uint256 fee, bytes32 claimHash, uint64 expiresAt, address ccipFeeToken, uint256 ccipFee)",
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
    gasLimit: bigint;
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
 * Carries every send of `lane.source.sender` to `lane.destination.chainSelector` logged from `fromBlock` on, skipping
 * messages the receiver already processed. Returns what it carried.
 * @example const relayed = await relayPending(lane, 0n);
 */
export async function relayPending(lane: RelayLane, fromBlock: bigint): Promise<RelayedMessage[]> {
  const { source, destination } = lane;
  const logs = await source.client.getLogs({
    address: source.sender,
    fromBlock,
    toBlock: "latest",
  });
  const events = parseEventLogs({ abi: SENDER_EVENTS, logs });
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
    const { messageId } = sent.args;
    const processed = await destination.client.readContract({
      address: destination.receiver,
      abi: RECEIVER_ABI,
      functionName: "isMessageProcessed",
      args: [messageId],
    });
    if (processed) continue;

    const message = {
      messageId,
      sourceChainSelector: source.chainSelector,
      sender: pad(source.sender),
      data: encodeRemittanceMessage({
        remittanceId: sent.args.id,
        sender: sent.args.sender,
        recipient: sent.args.recipient,
        claimHash: details.args.claimHash,
        expiresAt: details.args.expiresAt,
        sourceAmount: sent.args.amount,
      }),
      destTokenAmounts: [{ token: destination.token, amount: sent.args.amount }],
    };
    // A message the receiver rejects (unknown lane or sender, replay) is not carried, so no tokens are minted for it.
    const { request, result } = await destination.client.simulateContract({
      account: destination.wallet.account,
      address: destination.router,
      abi: ROUTER_ABI,
      functionName: "routeMessage",
      args: [message, GAS_FOR_CALL_EXACT_CHECK, destination.gasLimit, destination.receiver],
    });
    if (!result[0]) {
      relayed.push({
        messageId,
        remittanceId: sent.args.id,
        sourceTransaction: sent.transactionHash,
        accepted: false,
      });
      continue;
    }
    await send(destination, destination.token, MINT_ABI, "mint", [
      destination.receiver,
      sent.args.amount,
    ]);
    const hash = await destination.wallet.writeContract(request);
    await destination.client.waitForTransactionReceipt({ hash });
    relayed.push({
      messageId,
      remittanceId: sent.args.id,
      sourceTransaction: sent.transactionHash,
      destinationTransaction: hash,
      accepted: true,
    });
  }
  return relayed;
}

/** Sends one transaction from the destination wallet and waits for it. */
async function send(
  destination: RelayLane["destination"],
  address: Address,
  abi: typeof MINT_ABI,
  functionName: "mint",
  args: readonly [Address, bigint],
): Promise<void> {
  const hash = await destination.wallet.writeContract({
    address,
    abi,
    functionName,
    args,
    chain: destination.wallet.chain,
    account: destination.wallet.account,
  });
  await destination.client.waitForTransactionReceipt({ hash });
}
