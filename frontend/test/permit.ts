// Test support: who signed the EIP-2612 permit a send carried. Recovers the signer with viem from the permit fields
// the test expects (domain of the test token on the given chain), so a test states every value it checks.
import { type Address, type Hex, recoverTypedDataAddress } from "viem";
import { PERMIT_TYPES } from "../../deploy/eip712.ts";

/** The permit signature as a `sendWithPermit` call carries it. */
export interface SentPermit {
  r: Hex;
  s: Hex;
  v: number;
}

/** The address that signed `permit` for these terms, on `chainId`'s test token `token`. */
export function permitSigner(args: {
  chainId: number;
  token: Address;
  owner: Address;
  spender: Address;
  value: bigint;
  nonce: bigint;
  deadline: bigint;
  permit: SentPermit;
}): Promise<Address> {
  const { permit } = args;
  return recoverTypedDataAddress({
    domain: {
      name: "CLXEND Test Dollar",
      version: "1",
      chainId: args.chainId,
      verifyingContract: args.token,
    },
    types: PERMIT_TYPES,
    primaryType: "Permit",
    message: {
      owner: args.owner,
      spender: args.spender,
      value: args.value,
      nonce: args.nonce,
      deadline: args.deadline,
    },
    signature: { r: permit.r, s: permit.s, v: BigInt(permit.v) },
  });
}
