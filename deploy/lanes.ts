// Joins the CCIP bridges of two deployed chains both ways: on each chain the sender gets a lane to the other chain's
// receiver and the receiver a lane from the other chain's sender, each with the lane token and a rate limit.
// Idempotent: a lane already set as wanted is left alone, so a re-run sends nothing.
import { type Account, type Address, getAddress, parseAbi } from "viem";
import type { AddressBook } from "./address-book.ts";
import { chainClients } from "./clients.ts";

const LANE_TABLE_ABI = parseAbi([
  "struct LaneConfig { uint64 remoteChainSelector; uint64 remoteChainId; address remoteBridge; address token; uint128 rateLimitAmount; uint32 rateLimitWindow; }",
  "struct Lane { address remoteBridge; uint64 remoteChainId; bool paused; address token; uint32 rateLimitWindow; uint64 windowStart; uint128 rateLimitAmount; uint128 usedInWindow; }",
  "function setLane(LaneConfig config)",
  "function laneOf(uint64 remoteChainSelector) view returns (Lane)",
]);

/** One chain of a lane pair: its address book and JSON-RPC URL. */
export interface LaneEnd {
  book: AddressBook;
  rpcUrl: string;
}

export interface LaneOptions {
  /** Holder of DEFAULT_ADMIN_ROLE on both bridges. */
  admin: Account;
  /** Symbol of the lane token in both address books (`tUSD` locally). */
  tokenSymbol: string;
  /** Most base units per window, each direction. */
  rateLimitAmount: bigint;
  /** Window length in seconds. */
  rateLimitWindow: number;
  onProgress?: (message: string) => void;
}

/** The bridge of `end`, its selector and the lane token there; throws when the chain was deployed without one. */
function bridgeOf(end: LaneEnd, tokenSymbol: string) {
  const { book } = end;
  const sender = book.contracts.CcipRemittanceSender?.address;
  const receiver = book.contracts.CcipRemittanceReceiver?.address;
  const token = book.tokens[tokenSymbol]?.address;
  if (sender === undefined || receiver === undefined || book.ccip === undefined) {
    throw new Error(
      `Chain ${book.chainId} has no CCIP bridge in its address book; deploy it with the bridge`,
    );
  }
  if (token === undefined)
    throw new Error(`Chain ${book.chainId} has no ${tokenSymbol} in its address book`);
  return {
    sender,
    receiver,
    token,
    selector: BigInt(book.ccip.chainSelector),
    chainId: book.chainId,
  };
}

/** Sets the four lanes between `a` and `b` (sender and receiver on each side); returns the transactions sent. */
export async function configureLanes(
  a: LaneEnd,
  b: LaneEnd,
  options: LaneOptions,
): Promise<number> {
  const progress = options.onProgress ?? (() => {});
  const ends = [a, b].map((end) => ({ end, bridge: bridgeOf(end, options.tokenSymbol) }));
  let sent = 0;
  for (const [index, { end, bridge }] of ends.entries()) {
    const remote = ends[1 - index]?.bridge;
    if (remote === undefined) continue;
    const lanes: [Address, Address][] = [
      [bridge.sender, remote.receiver],
      [bridge.receiver, remote.sender],
    ];
    for (const [contract, remoteBridge] of lanes) {
      const config = {
        remoteChainSelector: remote.selector,
        remoteChainId: BigInt(remote.chainId),
        remoteBridge,
        token: bridge.token,
        rateLimitAmount: options.rateLimitAmount,
        rateLimitWindow: options.rateLimitWindow,
      };
      if (await laneMatches(end, contract, config)) continue;
      progress(
        `Setting the lane ${contract === bridge.sender ? "to" : "from"} chain ${remote.chainId} on chain ${bridge.chainId}`,
      );
      const clients = chainClients(end.book.chainId, end.rpcUrl);
      const hash = await clients.walletFor(options.admin).writeContract({
        address: contract,
        abi: LANE_TABLE_ABI,
        functionName: "setLane",
        args: [config],
      });
      await clients.confirm(hash);
      sent += 1;
    }
  }
  return sent;
}

async function laneMatches(
  end: LaneEnd,
  contract: Address,
  wanted: {
    remoteChainSelector: bigint;
    remoteChainId: bigint;
    remoteBridge: Address;
    token: Address;
    rateLimitAmount: bigint;
    rateLimitWindow: number;
  },
): Promise<boolean> {
  const { publicClient } = chainClients(end.book.chainId, end.rpcUrl);
  const lane = await publicClient.readContract({
    address: contract,
    abi: LANE_TABLE_ABI,
    functionName: "laneOf",
    args: [wanted.remoteChainSelector],
  });
  return (
    getAddress(lane.remoteBridge) === getAddress(wanted.remoteBridge) &&
    lane.remoteChainId === wanted.remoteChainId &&
    getAddress(lane.token) === getAddress(wanted.token) &&
    lane.rateLimitAmount === wanted.rateLimitAmount &&
    lane.rateLimitWindow === wanted.rateLimitWindow
  );
}
