// What a wallet and a co-signer do against a deployed Remittance, through the chain's public JSON-RPC only: sign the
// EIP-712 approval (as the compliance service would), sign the EIP-2612 permit and the escrow claim, send, claim and
// refund. Shared by the smoke test and the fork tests.
import type { ArtifactMap } from "hardhat/types/artifacts";
import {
  type Address,
  type Hex,
  type LocalAccount,
  type TransactionReceipt,
  encodePacked,
  keccak256,
  parseEventLogs,
  parseSignature,
  zeroAddress,
  zeroHash,
} from "viem";
import { generatePrivateKey, privateKeyToAccount } from "viem/accounts";
import type { ChainClients } from "../../deploy/clients.ts";
import {
  APPROVAL_TYPES,
  CLAIM_TYPES,
  PERMIT_TYPES,
  remittanceDomain,
} from "../../deploy/eip712.ts";

export type RemittanceAbi = ArtifactMap["Remittance"]["abi"];
export type TokenAbi = ArtifactMap["TestStablecoin"]["abi"];

export interface RemittanceContext {
  clients: ChainClients;
  remittance: Address;
  token: Address;
  abis: { remittance: RemittanceAbi; token: TokenAbi };
}

/** The EIP-712 Approval of IRemittance. */
export interface Approval {
  sender: Address;
  recipient: Address;
  claimHash: Hex;
  token: Address;
  amount: bigint;
  fee: bigint;
  memoHash: Hex;
  travelRuleHash: Hex;
  destinationChainId: bigint;
  nonce: bigint;
  deadline: bigint;
}

export interface CoSigned {
  approval: Approval;
  coSignature: { signer: Address; signature: Hex };
}

export interface EscrowTerms {
  sender: Address;
  token: Address;
  amount: bigint;
  claimHash: Hex;
  expiresAt: bigint;
}

/** A transfer as a wallet asks for it: to a recipient (direct) or to a claim hash (escrow). */
export interface TransferRequest {
  sender: Address;
  recipient?: Address;
  claimHash?: Hex;
  amount: bigint;
  memo?: string;
}

function remittanceDomainOf(context: RemittanceContext) {
  return remittanceDomain(context.clients.chain.id, context.remittance);
}

/** Time of the latest block (the chain's clock, which a fork test may have moved). */
export async function chainTime(context: RemittanceContext): Promise<bigint> {
  const block = await context.clients.publicClient.getBlock({ blockTag: "latest" });
  return block.timestamp;
}

/** The first nonce at or after `from` that the contract has not used. */
export async function nextUnusedNonce(context: RemittanceContext, from = 0n): Promise<bigint> {
  let nonce = from;
  while (
    await context.clients.publicClient.readContract({
      address: context.remittance,
      abi: context.abis.remittance,
      functionName: "isNonceUsed",
      args: [nonce],
    })
  ) {
    nonce++;
  }
  return nonce;
}

/**
 * Co-signs `request` with `signer` the way the compliance service does: fee from the contract's quote, the next
 * unused nonce, a 10-minute deadline. Used where no compliance API runs.
 */
export async function coSignLocally(
  context: RemittanceContext,
  signer: LocalAccount,
  request: TransferRequest,
): Promise<CoSigned> {
  const { publicClient } = context.clients;
  const fee = await publicClient.readContract({
    address: context.remittance,
    abi: context.abis.remittance,
    functionName: "quoteFee",
    args: [request.amount],
  });
  const approval: Approval = {
    sender: request.sender,
    recipient: request.recipient ?? zeroAddress,
    claimHash: request.claimHash ?? zeroHash,
    token: context.token,
    amount: request.amount,
    fee,
    memoHash:
      request.memo === undefined ? zeroHash : keccak256(new TextEncoder().encode(request.memo)),
    travelRuleHash: zeroHash,
    destinationChainId: BigInt(context.clients.chain.id),
    nonce: await nextUnusedNonce(context),
    deadline: (await chainTime(context)) + 600n,
  };
  const signature = await signer.signTypedData({
    domain: remittanceDomainOf(context),
    types: APPROVAL_TYPES,
    primaryType: "Approval",
    message: approval,
  });
  return { approval, coSignature: { signer: signer.address, signature } };
}

/** The owner's EIP-2612 permit letting Remittance pull `value` of the token. */
export async function signPermit(context: RemittanceContext, owner: LocalAccount, value: bigint) {
  const { publicClient } = context.clients;
  const [nonce, domain] = await Promise.all([
    publicClient.readContract({
      address: context.token,
      abi: context.abis.token,
      functionName: "nonces",
      args: [owner.address],
    }),
    tokenDomain(context),
  ]);
  const deadline = (await chainTime(context)) + 600n;
  const signature = await owner.signTypedData({
    domain,
    types: PERMIT_TYPES,
    primaryType: "Permit",
    message: { owner: owner.address, spender: context.remittance, value, nonce, deadline },
  });
  const { r, s, v, yParity } = parseSignature(signature);
  return { value, deadline, v: Number(v ?? BigInt(yParity + 27)), r, s };
}

/** EIP-712 domain of the token: EIP-5267 when it has it (OpenZeppelin), else name() and version() (USDC). */
async function tokenDomain(context: RemittanceContext) {
  const { publicClient } = context.clients;
  try {
    const domain = await publicClient.getEip712Domain({ address: context.token });
    return {
      name: domain.domain.name,
      version: domain.domain.version,
      chainId: domain.domain.chainId,
      verifyingContract: domain.domain.verifyingContract,
    };
  } catch {
    const versionAbi = [
      {
        type: "function",
        name: "version",
        stateMutability: "view",
        inputs: [],
        outputs: [{ type: "string" }],
      },
    ] as const;
    const [name, version] = await Promise.all([
      publicClient.readContract({
        address: context.token,
        abi: context.abis.token,
        functionName: "name",
      }),
      publicClient.readContract({
        address: context.token,
        abi: versionAbi,
        functionName: "version",
      }),
    ]);
    return { name, version, chainId: context.clients.chain.id, verifyingContract: context.token };
  }
}

export interface SentRemittance {
  id: Hex;
  receipt: TransactionReceipt;
}

/** Direct send in one transaction (permit + send), signed by the sender's wallet. */
export async function sendDirectWithPermit(
  context: RemittanceContext,
  sender: LocalAccount,
  coSigned: CoSigned,
): Promise<SentRemittance> {
  const permit = await signPermit(
    context,
    sender,
    coSigned.approval.amount + coSigned.approval.fee,
  );
  const hash = await context.clients.walletFor(sender).writeContract({
    address: context.remittance,
    abi: context.abis.remittance,
    functionName: "sendWithPermit",
    args: [coSigned.approval, coSigned.coSignature, permit],
  });
  return await sentRemittance(context, hash);
}

/** Escrow send in one transaction (permit + sendToEscrow), refundable after `expiresAt`. */
export async function sendToEscrowWithPermit(
  context: RemittanceContext,
  sender: LocalAccount,
  coSigned: CoSigned,
  expiresAt: bigint,
): Promise<SentRemittance> {
  const permit = await signPermit(
    context,
    sender,
    coSigned.approval.amount + coSigned.approval.fee,
  );
  const hash = await context.clients.walletFor(sender).writeContract({
    address: context.remittance,
    abi: context.abis.remittance,
    functionName: "sendToEscrowWithPermit",
    args: [coSigned.approval, expiresAt, coSigned.coSignature, permit],
  });
  return await sentRemittance(context, hash);
}

async function sentRemittance(context: RemittanceContext, hash: Hex): Promise<SentRemittance> {
  await context.clients.confirm(hash);
  const receipt = await context.clients.publicClient.getTransactionReceipt({ hash });
  const [event] = parseEventLogs({
    abi: context.abis.remittance,
    eventName: "RemittanceSent",
    logs: receipt.logs,
  });
  if (event === undefined) throw new Error(`No RemittanceSent event in ${hash}`);
  return { id: event.args.id, receipt };
}

/** A fresh claim key: its private key is the secret the recipient receives off-chain. */
export function newClaimKey() {
  const privateKey = generatePrivateKey();
  const account = privateKeyToAccount(privateKey);
  return {
    privateKey,
    account,
    claimHash: keccak256(encodePacked(["address"], [account.address])),
  };
}

/** The claimer's wallet claims escrow `id` with the claim key's signature naming that wallet. */
export async function claimEscrow(
  context: RemittanceContext,
  claimer: LocalAccount,
  claimKey: LocalAccount,
  id: Hex,
  terms: EscrowTerms,
): Promise<TransactionReceipt> {
  const claimSignature = await claimKey.signTypedData({
    domain: remittanceDomainOf(context),
    types: CLAIM_TYPES,
    primaryType: "Claim",
    message: { id, claimer: claimer.address },
  });
  const hash = await context.clients.walletFor(claimer).writeContract({
    address: context.remittance,
    abi: context.abis.remittance,
    functionName: "claim",
    args: [id, terms, claimSignature],
  });
  await context.clients.confirm(hash);
  return await context.clients.publicClient.getTransactionReceipt({ hash });
}

/** The sender refunds an expired escrow. */
export async function refundEscrow(
  context: RemittanceContext,
  sender: LocalAccount,
  id: Hex,
  terms: EscrowTerms,
): Promise<TransactionReceipt> {
  const hash = await context.clients.walletFor(sender).writeContract({
    address: context.remittance,
    abi: context.abis.remittance,
    functionName: "refund",
    args: [id, terms],
  });
  await context.clients.confirm(hash);
  return await context.clients.publicClient.getTransactionReceipt({ hash });
}

/** Token balances of `accounts`, in the same order. */
export async function balancesOf(
  context: RemittanceContext,
  accounts: Address[],
): Promise<bigint[]> {
  return await Promise.all(
    accounts.map((account) =>
      context.clients.publicClient.readContract({
        address: context.token,
        abi: context.abis.token,
        functionName: "balanceOf",
        args: [account],
      }),
    ),
  );
}
