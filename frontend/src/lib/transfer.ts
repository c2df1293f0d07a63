// Executes a co-signed transfer from the user's wallet with as few wallet prompts as the wallet allows:
// - allowance already covers amount + fee: one prompt, the plain transaction;
// - the wallet executes batches atomically (EIP-5792 `wallet_sendCalls`, e.g. a smart account or an EIP-7702
//   account): one prompt, a batch of `approve(amount + fee)` and the send, executed together or not at all;
// - any other wallet (a plain EOA): an EIP-2612 permit signature (no gas) and then the *WithPermit transaction,
//   two prompts, which is the minimum for an EOA (it cannot run two calls in one transaction).
// The same three paths serve cross-chain sends, with the CCIP bridge sender as the spender and target and the CCIP
// fee paid in the native token as the transaction's value.
import {
  type Account,
  type Address,
  BaseError,
  type Chain,
  type Hex,
  MethodNotFoundRpcError,
  MethodNotSupportedRpcError,
  parseEventLogs,
  parseSignature,
  type PublicClient,
  type TransactionReceipt,
  type Transport,
  type WalletClient,
  zeroAddress,
} from "viem";
import { PERMIT_TYPES } from "../../../deploy/eip712.ts";
import { bridgeSenderAbi, permitTokenAbi, remittanceAbi } from "../chain/abis.ts";

/** How a transfer reaches the chain, and so how many times the wallet asks. */
export type SendPlan =
  | { kind: "allowance"; prompts: 1 }
  | { kind: "batch"; prompts: 1 }
  | { kind: "permit"; prompts: 2 };

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
  /** The contract that verifies the co-signature: Remittance here, or the CCIP bridge sender for another chain. */
  contract?: "Remittance" | "CcipRemittanceSender";
  domain?: { name: string; version: string; chainId: number; verifyingContract: Address };
}

/**
 * Where a co-signed transfer is sent: Remittance on this chain, or the CCIP bridge sender for another chain, which
 * also takes the CCIP fee (native token, as the transaction's value; a surplus is returned).
 */
export type SendTarget =
  | { kind: "remittance"; address: Address }
  | { kind: "bridge"; address: Address; ccipFee: bigint };

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
    types: PERMIT_TYPES,
    primaryType: "Permit",
    message: { owner, spender: args.spender, value: args.value, nonce, deadline: args.deadline },
  });
  const { r, s, v, yParity } = parseSignature(signature);
  return { value: args.value, deadline: args.deadline, v: Number(v ?? BigInt(yParity + 27)), r, s };
}

/** Whether the wallet runs a batch of calls atomically on `chainId` (EIP-5792 `atomic` capability). */
export async function walletBatchesAtomically(wallet: Wallet, chainId: number): Promise<boolean> {
  try {
    const capabilities = await wallet.getCapabilities({ account: wallet.account, chainId });
    const status = (capabilities as { atomic?: { status?: string } } | undefined)?.atomic?.status;
    return status === "supported" || status === "ready";
  } catch {
    // Wallets without EIP-5792 answer wallet_getCapabilities with "method not found".
    return false;
  }
}

/**
 * Picks the path with the fewest wallet prompts for moving `total` (amount + fee) of `token` through `spender` (the
 * contract that pulls the tokens: Remittance, or the bridge sender of a cross-chain send).
 */
export async function planTransfer(args: {
  publicClient: PublicClient;
  wallet: Wallet;
  spender: Address;
  token: Address;
  total: bigint;
}): Promise<SendPlan> {
  const { publicClient, wallet } = args;
  const [allowance, batches] = await Promise.all([
    publicClient.readContract({
      address: args.token,
      abi: permitTokenAbi,
      functionName: "allowance",
      args: [wallet.account.address, args.spender],
    }),
    walletBatchesAtomically(wallet, wallet.chain.id),
  ]);
  if (allowance >= args.total) return { kind: "allowance", prompts: 1 };
  return batches ? { kind: "batch", prompts: 1 } : { kind: "permit", prompts: 2 };
}

/** Sends the transfer along the plan of planTransfer and returns its transaction hash (before it is mined). */
export async function submitTransfer(args: {
  publicClient: PublicClient;
  wallet: Wallet;
  target: SendTarget;
  cosigned: CosignedApproval;
  transfer: TransferKind;
}): Promise<Hex> {
  const { publicClient, wallet, target, cosigned, transfer } = args;
  const approval = approvalArgs(cosigned);
  const total = approval.amount + approval.fee;
  const plan = await planTransfer({
    publicClient,
    wallet,
    spender: target.address,
    token: approval.token,
    total,
  });
  const co = cosigned.coSignature;
  if (plan.kind === "batch") {
    return sendBatch({
      publicClient,
      wallet,
      target,
      approval,
      call: pickCall(target, transfer, approval, co, null),
    });
  }
  const permit =
    plan.kind === "allowance"
      ? null
      : await signPermit({
          publicClient,
          wallet,
          token: approval.token,
          spender: target.address,
          value: total,
          deadline: approval.deadline,
        });
  const call = pickCall(target, transfer, approval, co, permit);
  // Simulating first turns a would-be revert into a decoded custom error before the wallet is asked to sign.
  const { request } = await publicClient.simulateContract({
    address: target.address,
    abi: abiOf(target),
    account: wallet.account,
    ...call,
  } as Parameters<PublicClient["simulateContract"]>[0]);
  return wallet.writeContract(request as Parameters<Wallet["writeContract"]>[0]);
}

function abiOf(target: SendTarget) {
  return target.kind === "bridge" ? bridgeSenderAbi : remittanceAbi;
}

/**
 * One wallet prompt: `approve(target, amount + fee)` and the send as one atomic EIP-5792 batch. The batch is
 * simulated first (eth_simulateV1) where the node supports it, so a refusal is explained before the wallet asks.
 * Resolves with the hash of the transaction that carried the batch once the wallet reports it included.
 */
async function sendBatch(args: {
  publicClient: PublicClient;
  wallet: Wallet;
  target: SendTarget;
  approval: ReturnType<typeof approvalArgs>;
  call: { functionName: string; args: readonly unknown[]; value?: bigint };
}): Promise<Hex> {
  const { publicClient, wallet, approval, target } = args;
  const calls = [
    {
      to: approval.token,
      abi: permitTokenAbi,
      functionName: "approve",
      args: [target.address, approval.amount + approval.fee],
    },
    { to: target.address, abi: abiOf(target), ...args.call },
  ] as const;
  await simulateBatch(publicClient, wallet.account.address, calls);
  const { id } = await wallet.sendCalls({
    account: wallet.account,
    calls: calls as never,
    forceAtomic: true,
  });
  const status = await wallet.waitForCallsStatus({ id, timeout: 300_000 });
  const hash = status.receipts?.at(-1)?.transactionHash;
  if (status.status !== "success" || !hash)
    throw new Error("The transfer failed on-chain; nothing was moved. Start again.");
  return hash;
}

async function simulateBatch(
  publicClient: PublicClient,
  account: Address,
  calls: readonly { to: Address; abi: unknown; functionName: string; args: readonly unknown[] }[],
) {
  let results: { status: string; error?: Error }[];
  try {
    ({ results } = await publicClient.simulateCalls({ account, calls: calls as never }));
  } catch (error) {
    // Nodes without eth_simulateV1: the wallet still simulates the batch before it asks.
    const unsupported =
      error instanceof BaseError &&
      error.walk(
        (e) => e instanceof MethodNotFoundRpcError || e instanceof MethodNotSupportedRpcError,
      );
    if (unsupported) return;
    throw error;
  }
  const failed = results.find((result) => result.status === "failure");
  if (failed?.error) throw failed.error;
}

type Permit = Awaited<ReturnType<typeof signPermit>>;
type Call = { functionName: string; args: readonly unknown[]; value?: bigint };

function pickCall(
  target: SendTarget,
  transfer: TransferKind,
  approval: ReturnType<typeof approvalArgs>,
  co: CosignedApproval["coSignature"],
  permit: Permit | null,
): Call {
  if (target.kind === "bridge") return pickBridgeCall(target, transfer, approval, co, permit);
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

/** The bridge sender's call: the CCIP fee in the native token (fee token zero), paid as the value. */
function pickBridgeCall(
  target: Extract<SendTarget, { kind: "bridge" }>,
  transfer: TransferKind,
  approval: ReturnType<typeof approvalArgs>,
  co: CosignedApproval["coSignature"],
  permit: Permit | null,
): Call {
  const value = target.ccipFee;
  if (transfer.kind === "merchant") {
    throw new Error("Merchant payments cannot cross chains; pay the merchant on its own chain.");
  }
  if (transfer.kind === "escrow") {
    return permit
      ? {
          functionName: "sendToEscrowWithPermit",
          args: [approval, transfer.expiresAt, co, permit, zeroAddress],
          value,
        }
      : {
          functionName: "sendToEscrow",
          args: [approval, transfer.expiresAt, co, zeroAddress],
          value,
        };
  }
  return permit
    ? { functionName: "sendWithPermit", args: [approval, co, permit, zeroAddress], value }
    : { functionName: "send", args: [approval, co, zeroAddress], value };
}

/** The CCIP fee in the native token of sending `approval` (an escrow when `expiresAt` is not zero) now. */
export function quoteCcipFee(args: {
  publicClient: PublicClient;
  bridge: Address;
  approval: ReturnType<typeof approvalArgs>;
  expiresAt: bigint;
}): Promise<bigint> {
  return args.publicClient.readContract({
    address: args.bridge,
    abi: bridgeSenderAbi,
    functionName: "quoteCcipFee",
    args: [args.approval, args.expiresAt, zeroAddress],
  });
}

/** The ids of a mined cross-chain send from its CrossChainRemittanceSent log, or null if the log is missing. */
export function crossChainIdsOf(receipt: TransactionReceipt): { id: Hex; messageId: Hex } | null {
  const [sent] = parseEventLogs({
    abi: bridgeSenderAbi,
    logs: receipt.logs,
    eventName: "CrossChainRemittanceSent",
  });
  return sent ? { id: sent.args.id, messageId: sent.args.messageId } : null;
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
