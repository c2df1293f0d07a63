// What a wallet does for a cross-chain remittance through the CCIP bridge sender, over public JSON-RPC only: co-sign
// as the compliance service would (bridge domain, bridge fee and nonces) where no compliance API runs, sign the
// permit for the bridge, send with the CCIP fee as msg.value, and read the message id. Used by the smoke test.
import {
  type Address,
  type Hash,
  type Hex,
  type LocalAccount,
  parseAbi,
  parseEventLogs,
  zeroAddress,
  zeroHash,
} from "viem";
import { APPROVAL_TYPES, bridgeDomain } from "../../deploy/eip712.ts";
import {
  type Approval,
  type CoSigned,
  chainTime,
  type RemittanceContext,
  signPermit,
} from "./remittance-client.ts";

export const bridgeSenderAbi = parseAbi([
  "struct Approval { address sender; address recipient; bytes32 claimHash; address token; uint256 amount; uint256 fee; bytes32 memoHash; bytes32 travelRuleHash; uint256 destinationChainId; uint256 nonce; uint256 deadline; }",
  "struct CoSignature { address signer; bytes signature; }",
  "struct Permit { uint256 value; uint256 deadline; uint8 v; bytes32 r; bytes32 s; }",
  "function sendWithPermit(Approval approval, CoSignature coSignature, Permit permit, address ccipFeeToken) payable returns (bytes32 id, bytes32 messageId)",
  "function quoteCcipFee(Approval approval, uint64 expiresAt, address ccipFeeToken) view returns (uint256)",
  "function quoteFee(uint256 amount) view returns (uint256)",
  "function isNonceUsed(uint256 nonce) view returns (bool)",
  "event CrossChainRemittanceSent(bytes32 indexed id, bytes32 indexed messageId, uint64 indexed destinationChainSelector, address sender, address recipient, uint256 amount)",
]);

/** A bridge context: `remittance` is the bridge sender, so permits name it as the spender. */
export type BridgeContext = RemittanceContext;

/** Co-signs a direct cross-chain send with `signer` as the compliance service does (no compliance API running). */
export async function coSignCrossChainLocally(
  context: BridgeContext,
  signer: LocalAccount,
  request: { sender: Address; recipient: Address; amount: bigint; destinationChainId: number },
): Promise<CoSigned> {
  const { publicClient } = context.clients;
  const bridge = context.remittance;
  let nonce = 1n;
  while (
    await publicClient.readContract({
      address: bridge,
      abi: bridgeSenderAbi,
      functionName: "isNonceUsed",
      args: [nonce],
    })
  ) {
    nonce++;
  }
  const approval: Approval = {
    sender: request.sender,
    recipient: request.recipient,
    claimHash: zeroHash,
    token: context.token,
    amount: request.amount,
    fee: await publicClient.readContract({
      address: bridge,
      abi: bridgeSenderAbi,
      functionName: "quoteFee",
      args: [request.amount],
    }),
    memoHash: zeroHash,
    travelRuleHash: zeroHash,
    destinationChainId: BigInt(request.destinationChainId),
    nonce,
    deadline: (await chainTime(context)) + 600n,
  };
  const signature = await signer.signTypedData({
    domain: bridgeDomain(context.clients.chain.id, bridge),
    types: APPROVAL_TYPES,
    primaryType: "Approval",
    message: approval,
  });
  return { approval, coSignature: { signer: signer.address, signature } };
}

/** Permit + cross-chain send in one transaction, the CCIP fee paid in the native token; returns the ids. */
export async function sendCrossChainWithPermit(
  context: BridgeContext,
  sender: LocalAccount,
  coSigned: CoSigned,
): Promise<{ id: Hex; messageId: Hex; hash: Hash }> {
  const { publicClient } = context.clients;
  const permit = await signPermit(
    context,
    sender,
    coSigned.approval.amount + coSigned.approval.fee,
  );
  const ccipFee = await publicClient.readContract({
    address: context.remittance,
    abi: bridgeSenderAbi,
    functionName: "quoteCcipFee",
    args: [coSigned.approval, 0n, zeroAddress],
  });
  const hash = await context.clients.walletFor(sender).writeContract({
    address: context.remittance,
    abi: bridgeSenderAbi,
    functionName: "sendWithPermit",
    args: [coSigned.approval, coSigned.coSignature, permit, zeroAddress],
    value: ccipFee,
  });
  await context.clients.confirm(hash);
  const receipt = await publicClient.getTransactionReceipt({ hash });
  const [sent] = parseEventLogs({
    abi: bridgeSenderAbi,
    eventName: "CrossChainRemittanceSent",
    logs: receipt.logs,
  });
  if (sent === undefined) throw new Error(`No CrossChainRemittanceSent event in ${hash}`);
  return { id: sent.args.id, messageId: sent.args.messageId, hash };
}
