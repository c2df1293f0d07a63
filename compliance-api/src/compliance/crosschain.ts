// Cross-chain transfers over the CCIP bridge: checks that the bridge sender has a live lane to the destination chain
// for the token and amount, and names the contract and EIP-712 domain a co-signature is made in.
import type { Address } from "viem";
import { BRIDGE_DOMAIN, REMITTANCE_DOMAIN } from "../chain/abis.ts";
import type { Chain } from "../chain/chain.ts";
import { UnprocessableError } from "../errors.ts";

/** What a cross-chain transfer goes through: the bridge sender, the lane's CCIP selector and the bridge's fee. */
export interface BridgeRoute {
  bridge: Address;
  destinationChainSelector: bigint;
  feeBps: number;
}

/**
 * The route of a transfer of `amount` of `token` to `destinationChainId` (not this chain), or a 422 that says why
 * there is none: no bridge here, no lane to that chain, a paused lane, another token, or the lane's rate limit.
 */
export async function resolveBridgeRoute(
  chain: Chain,
  destinationChainId: number,
  token: Address,
  amount: bigint,
): Promise<BridgeRoute> {
  const bridge = chain.bridgeSender;
  if (bridge === null) {
    throw new UnprocessableError(
      "DESTINATION_CHAIN_NOT_SUPPORTED",
      `Chain ${chain.chainId} has no cross-chain bridge; send on chain ${chain.chainId} only (omit destinationChainId).`,
      { destinationChainId },
    );
  }
  const { selector, lane, available, windowEndsAt } = await chain.laneTo(
    bridge,
    destinationChainId,
  );
  if (lane === null) {
    const known = await chain.bridgeDestinations(bridge);
    throw new UnprocessableError(
      "DESTINATION_CHAIN_NOT_SUPPORTED",
      `No bridge lane leads from chain ${chain.chainId} to chain ${destinationChainId}; destinations with a lane: ${known.length === 0 ? "none" : known.join(", ")}.`,
      { destinationChainId, supportedDestinationChainIds: known },
    );
  }
  if (lane.paused) {
    throw new UnprocessableError(
      "BRIDGE_LANE_PAUSED",
      `The bridge lane to chain ${destinationChainId} is paused; try again once it is resumed.`,
      { destinationChainId },
    );
  }
  if (lane.token.toLowerCase() !== token.toLowerCase()) {
    throw new UnprocessableError(
      "TOKEN_NOT_ON_LANE",
      `The bridge lane to chain ${destinationChainId} moves ${lane.token}, not ${token}.`,
      { destinationChainId, laneToken: lane.token },
    );
  }
  if (amount > available) {
    throw new UnprocessableError(
      "BRIDGE_RATE_LIMITED",
      `The bridge lane to chain ${destinationChainId} can take ${available} more base units until ${new Date(Number(windowEndsAt) * 1000).toISOString()}; send less or wait.`,
      { destinationChainId, available: available.toString(), windowEndsAt: Number(windowEndsAt) },
    );
  }
  return { bridge, destinationChainSelector: selector, feeBps: await chain.bridgeFeeBps(bridge) };
}

/**
 * First nonce of the bridge sender's sequence. The bridge keeps its own nonce bitmap, but decisions are unique per
 * (chain, nonce), so its sequence starts far above any Remittance nonce (2^62: Remittance would need 4.6e18 sends to
 * reach it, and the counter column is a signed 64-bit integer).
 */
export const BRIDGE_FIRST_NONCE = 2n ** 62n;

/** Where the nonce counter of `contract` (lower case) starts: 1 for Remittance, BRIDGE_FIRST_NONCE for the bridge. */
export function firstNonceOf(chain: Chain, contract: string): bigint {
  return chain.bridgeSender?.toLowerCase() === contract.toLowerCase() ? BRIDGE_FIRST_NONCE : 1n;
}

/** The contract that verifies an approval for `destinationChainId`: Remittance here, the bridge sender elsewhere. */
export function signingTarget(chain: Chain, destinationChainId: number) {
  if (destinationChainId === chain.chainId) {
    return {
      contract: "Remittance" as const,
      verifyingContract: chain.remittance,
      domain: REMITTANCE_DOMAIN,
    };
  }
  const bridge = chain.bridgeSender;
  if (bridge === null) {
    throw new UnprocessableError(
      "DESTINATION_CHAIN_NOT_SUPPORTED",
      `Chain ${chain.chainId} has no cross-chain bridge; screen the transfer again for this chain.`,
      { destinationChainId },
    );
  }
  return {
    contract: "CcipRemittanceSender" as const,
    verifyingContract: bridge,
    domain: BRIDGE_DOMAIN,
  };
}
