// The EIP-712 domains and types that Remittance and the CCIP bridge verify (see contracts/interfaces/IRemittance.sol
// and contracts/bridge/interfaces/): one copy for every part that signs or checks an approval, a claim or a permit.
import type { Address } from "viem";

/** Name and version of the Remittance EIP-712 domain. */
export const REMITTANCE_DOMAIN = { name: "CLXEND Remittance", version: "1" } as const;

/** The full Remittance domain on one chain. */
export function remittanceDomain<ChainId extends number | bigint>(
  chainId: ChainId,
  verifyingContract: Address,
) {
  return { ...REMITTANCE_DOMAIN, chainId, verifyingContract } as const;
}

/** Name and version of the EIP-712 domain of the CCIP bridge (CcipRemittanceSender approvals, receiver claims). */
export const BRIDGE_DOMAIN = { name: "CLXEND Bridge", version: "1" } as const;

/** The full bridge domain of one bridge contract on one chain. */
export function bridgeDomain<ChainId extends number | bigint>(
  chainId: ChainId,
  verifyingContract: Address,
) {
  return { ...BRIDGE_DOMAIN, chainId, verifyingContract } as const;
}

/** The EIP-712 Approval type of IRemittance, field for field, that a compliance signer signs. */
export const APPROVAL_TYPES = {
  Approval: [
    { name: "sender", type: "address" },
    { name: "recipient", type: "address" },
    { name: "claimHash", type: "bytes32" },
    { name: "token", type: "address" },
    { name: "amount", type: "uint256" },
    { name: "fee", type: "uint256" },
    { name: "memoHash", type: "bytes32" },
    { name: "travelRuleHash", type: "bytes32" },
    { name: "destinationChainId", type: "uint256" },
    { name: "nonce", type: "uint256" },
    { name: "deadline", type: "uint256" },
  ],
} as const;

/** The EIP-712 Claim type that an escrow's claim key signs to name the wallet that claims. */
export const CLAIM_TYPES = {
  Claim: [
    { name: "id", type: "bytes32" },
    { name: "claimer", type: "address" },
  ],
} as const;

/** The EIP-2612 Permit type of the token. */
export const PERMIT_TYPES = {
  Permit: [
    { name: "owner", type: "address" },
    { name: "spender", type: "address" },
    { name: "value", type: "uint256" },
    { name: "nonce", type: "uint256" },
    { name: "deadline", type: "uint256" },
  ],
} as const;
