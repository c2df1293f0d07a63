// Executes a co-signed transfer from the user's wallet in one confirm step: when the allowance is short it asks
// the wallet for an EIP-2612 permit signature and then immediately for the *WithPermit transaction (two wallet
// prompts, one click in the app); when the allowance already covers amount + fee it sends the plain variant.
import {
  type Account,
  type Address,
  type Chain,
  type Hex,
  parseEventLogs,
  parseSignature,
  type PublicClient,
  type TransactionReceipt,
  type Transport,
  type WalletClient,
} from "viem";
import { permitTokenAbi, remittanceAbi } from "../chain/abis.ts";

/** The co-signed approval as the compliance API returns it (integers as decimal strings). */
export interface CosignedApproval {
  remittanceId: Hex;
  approval: {
    sender: Address;
    recipient: Address;
    claimHash: Hex;
    token: Address;
    amount: string;
    fee: string;
    memoHash: Hex;
    travelRuleHash: Hex;
    destinationChainId: string;
    nonce: string;
    deadline: string;
  };
  coSignature: { signer: Address; signature: Hex };
}

export type TransferKind =
  | { kind: "direct" }
  | { kind: "escrow"; expiresAt: bigint }
  | { kind: "merchant"; merchantId: bigint };

type Wallet = WalletClient<Transport, Chain, Account>;

/** The approval struct with bigint fields, as the contract call needs it. */
export function approvalArgs(cosigned: CosignedApproval) {
  const a = cosigned.approval;
  return {
    ...a,
    amount: BigInt(a.amount),
    fee: BigInt(a.fee),
    destinationChainId: BigInt(a.destinationChainId),
    nonce: BigInt(a.nonce),
    deadline: BigInt(a.deadline),
  };
}

/** Asks the wallet to sign an EIP-2612 permit of `value` for `spender`, valid until `deadline`. */
export async function signPermit(args: {
  publicClient: PublicClient;
  wallet: Wallet;
  token: Address;
  spender: Address;
  value: bigint;
  deadline: bigint;
}) {
  const { publicClient, wallet, token } = args;
  const owner = wallet.account.address;
  const [nonce, domain] = await Promise.all([
    publicClient.readContract({
      address: token,
      abi: permitTokenAbi,
      functionName: "nonces",
      args: [owner],
    }),
    publicClient.readContract({
      address: token,
      abi: permitTokenAbi,
      functionName: "eip712Domain",
    }),
  ]);
  const signature = await wallet.signTypedData({
    account: wallet.account,
    domain: {
      name: domain[1],
      version: domain[2],
      chainId: Number(domain[3]),
      verifyingContract: token,
    },
    types: {
      Permit: [
        { name: "owner", type: "address" },
        { name: "spender", type: "address" },
        { name: "value", type: "uint256" },
        { name: "nonce", type: "uint256" },
        { name: "deadline", type: "uint256" },
      ],
    },
    primaryType: "Permit",
    message: { owner, spender: args.spender, value: args.value, nonce, deadline: args.deadline },
  });
  const { r, s, v, yParity } = parseSignature(signature);
  return { value: args.value, deadline: args.deadline, v: Number(v ?? BigInt(yParity + 27)), r, s };
}

/** Sends the transfer and returns its transaction hash (before it is mined). */
export async function submitTransfer(args: {
  publicClient: PublicClient;
  wallet: Wallet;
  remittance: Address;
  cosigned: CosignedApproval;
  transfer: TransferKind;
}): Promise<Hex> {
  const { publicClient, wallet, remittance, cosigned, transfer } = args;
  const approval = approvalArgs(cosigned);
  const total = approval.amount + approval.fee;
  const allowance = await publicClient.readContract({
    address: approval.token,
    abi: permitTokenAbi,
    functionName: "allowance",
    args: [wallet.account.address, remittance],
  });
  const permit =
    allowance >= total
      ? null
      : await signPermit({
          publicClient,
          wallet,
          token: approval.token,
          spender: remittance,
          value: total,
          deadline: approval.deadline,
        });
  const co = cosigned.coSignature;
  const call = pickCall(transfer, approval, co, permit);
  // Simulating first turns a would-be revert into a decoded custom error before the wallet is asked to sign.
  const { request } = await publicClient.simulateContract({
    address: remittance,
    abi: remittanceAbi,
    account: wallet.account,
    ...call,
  } as Parameters<PublicClient["simulateContract"]>[0]);
  return wallet.writeContract(request as Parameters<Wallet["writeContract"]>[0]);
}

type Permit = Awaited<ReturnType<typeof signPermit>>;

function pickCall(
  transfer: TransferKind,
  approval: ReturnType<typeof approvalArgs>,
  co: CosignedApproval["coSignature"],
  permit: Permit | null,
): { functionName: string; args: readonly unknown[] } {
  if (transfer.kind === "escrow") {
    return permit
      ? { functionName: "sendToEscrowWithPermit", args: [approval, transfer.expiresAt, co, permit] }
      : { functionName: "sendToEscrow", args: [approval, transfer.expiresAt, co] };
  }
  if (transfer.kind === "merchant") {
    return permit
      ? { functionName: "payMerchantWithPermit", args: [transfer.merchantId, approval, co, permit] }
      : { functionName: "payMerchant", args: [transfer.merchantId, approval, co] };
  }
  return permit
    ? { functionName: "sendWithPermit", args: [approval, co, permit] }
    : { functionName: "send", args: [approval, co] };
}

/** The remittance id from a mined transfer's RemittanceSent log, or null if the log is missing. */
export function remittanceIdOf(receipt: TransactionReceipt): Hex | null {
  const [sent] = parseEventLogs({
    abi: remittanceAbi,
    logs: receipt.logs,
    eventName: "RemittanceSent",
  });
  return sent?.args.id ?? null;
}
