// How a co-signed transfer reaches the chain with the fewest wallet prompts, tested with only the network faked (a
// FakeChain node and a FakeWallet signing with a real key): the plain send when the allowance covers it, one atomic
// EIP-5792 batch (approve + send) for wallets that batch, and permit + send (two prompts) for a plain EOA.
import {
  type Address,
  createPublicClient,
  createWalletClient,
  custom,
  defineChain,
  type Hex,
} from "viem";
import { describe, expect, it } from "vitest";
import { FakeChain, Revert } from "../../test/fake-chain.ts";
import { fakeWallet } from "../../test/fake-wallet.ts";
import { permitSigner } from "../../test/permit.ts";
import { ALICE, BOB } from "../../test/render.tsx";
import { permitTokenAbi, remittanceAbi } from "../chain/abis.ts";
import { explainError } from "./errors.ts";
import {
  type CosignedApproval,
  planTransfer,
  submitTransfer,
  type TransferKind,
} from "./transfer.ts";

const TOKEN: Address = "0x0000000000000000000000000000000000002001";
const REMITTANCE: Address = "0x0000000000000000000000000000000000001001";
const chain = defineChain({
  id: 31337,
  name: "test",
  nativeCurrency: { name: "Ether", symbol: "ETH", decimals: 18 },
  rpcUrls: { default: { http: ["http://127.0.0.1:1"] } },
});

const cosigned: CosignedApproval = {
  remittanceId: `0x${"00".repeat(31)}07`,
  approval: {
    sender: ALICE,
    recipient: BOB,
    claimHash: `0x${"00".repeat(32)}`,
    token: TOKEN,
    amount: "25000000",
    fee: "125000",
    memoHash: `0x${"00".repeat(32)}`,
    travelRuleHash: `0x${"00".repeat(32)}`,
    destinationChainId: "31337",
    nonce: "7",
    deadline: "1900000000",
  },
  coSignature: {
    signer: "0x70997970C51812dc3A010C7d01b50e0d17dc79C8",
    signature: `0x${"11".repeat(65)}`,
  },
};
const TOTAL = 25_125_000n;

/** A node with the token (allowance `allowance`) and Remittance, whose sends emit RemittanceSent. */
function nodeWith(options: { allowance: bigint; refuse?: Revert }) {
  const state = { allowance: options.allowance };
  const sent = () => {
    if (options.refuse) throw options.refuse;
    return [
      {
        eventName: "RemittanceSent",
        args: { id: cosigned.remittanceId, sender: ALICE, recipient: BOB, amount: 25_000_000n },
      },
    ];
  };
  const check = () => {
    if (options.refuse) throw options.refuse;
    return cosigned.remittanceId;
  };
  const node = new FakeChain()
    .contract(TOKEN, {
      abi: permitTokenAbi,
      read: {
        allowance: () => state.allowance,
        nonces: () => 3n,
        eip712Domain: () => [
          "0x0f",
          "CLXEND Test Dollar",
          "1",
          31337n,
          TOKEN,
          `0x${"00".repeat(32)}`,
          [],
        ],
      },
      write: {
        approve: ([, value]) => {
          state.allowance = value as bigint;
          return [];
        },
      },
    })
    .contract(REMITTANCE, {
      abi: remittanceAbi,
      read: {
        send: check,
        sendWithPermit: check,
        sendToEscrowWithPermit: check,
        payMerchant: check,
      },
      write: { send: sent, sendWithPermit: sent, sendToEscrowWithPermit: sent, payMerchant: sent },
    });
  return { node, state };
}

function clientsOf(node: FakeChain, options: { batching?: boolean } = {}) {
  const wallet = fakeWallet(node, options);
  const publicClient = createPublicClient({
    chain,
    transport: custom({ request: ({ method, params }) => node.request(method, params ?? []) }),
  });
  const walletClient = createWalletClient({
    chain,
    account: ALICE,
    transport: custom(wallet.provider),
    pollingInterval: 10,
  });
  return { wallet, publicClient, walletClient };
}

async function submit(
  node: FakeChain,
  transfer: TransferKind = { kind: "direct" },
  options: { batching?: boolean } = {},
) {
  const { wallet, publicClient, walletClient } = clientsOf(node, options);
  const args = { publicClient: publicClient as never, wallet: walletClient as never };
  const plan = await planTransfer({ ...args, spender: REMITTANCE, token: TOKEN, total: TOTAL });
  const hash = await submitTransfer({
    ...args,
    target: { kind: "remittance", address: REMITTANCE },
    cosigned,
    transfer,
  });
  return { plan, hash, prompts: wallet.prompts.map((prompt) => prompt.method) };
}

describe("submitTransfer", () => {
  it("sends the plain transfer with one prompt when the allowance covers amount + fee", async () => {
    const { node } = nodeWith({ allowance: TOTAL });

    const { plan, prompts } = await submit(node);

    expect(plan).toEqual({ kind: "allowance", prompts: 1 });
    expect(prompts).toEqual(["eth_sendTransaction"]);
    expect(node.sentTo(REMITTANCE).map((tx) => tx.functionName)).toEqual(["send"]);
  });

  it("asks a plain EOA for a permit of exactly amount + fee, then the *WithPermit transaction (two prompts)", async () => {
    const { node } = nodeWith({ allowance: 0n });

    const { plan, prompts } = await submit(node);

    expect(plan).toEqual({ kind: "permit", prompts: 2 });
    expect(prompts).toEqual(["eth_signTypedData_v4", "eth_sendTransaction"]);
    const [tx] = node.sentTo(REMITTANCE, "sendWithPermit");
    const permit = tx?.args[2] as { value: bigint; deadline: bigint; v: number; r: Hex; s: Hex };
    expect(permit.value).toBe(TOTAL);
    expect(permit.deadline).toBe(1_900_000_000n);
    const signer = await permitSigner({
      chainId: 31337,
      token: TOKEN,
      owner: ALICE,
      spender: REMITTANCE,
      value: TOTAL,
      nonce: 3n,
      deadline: 1_900_000_000n,
      permit,
    });
    expect(signer).toBe(ALICE);
  });

  it("uses the escrow variant with the claim period for an escrow", async () => {
    const { node } = nodeWith({ allowance: 0n });

    await submit(node, { kind: "escrow", expiresAt: 1_800_000_000n });

    const [tx] = node.sentTo(REMITTANCE, "sendToEscrowWithPermit");
    expect(tx?.args[1]).toBe(1_800_000_000n);
  });

  it("sends approve + send as one atomic batch, one prompt, when the wallet batches (EIP-5792)", async () => {
    const { node, state } = nodeWith({ allowance: 0n });

    const { plan, prompts, hash } = await submit(
      node,
      { kind: "merchant", merchantId: 1n },
      { batching: true },
    );

    expect(plan).toEqual({ kind: "batch", prompts: 1 });
    expect(prompts).toEqual(["wallet_sendCalls"]);
    expect(node.transactions.map((tx) => [tx.to, tx.functionName])).toEqual([
      [TOKEN, "approve"],
      [REMITTANCE, "payMerchant"],
    ]);
    expect(node.transactions[0]?.args).toEqual([REMITTANCE, TOTAL]);
    expect(state.allowance).toBe(TOTAL);
    expect(hash).toBe(node.transactions[1]?.hash);
  });

  it("explains a transfer the contract would refuse before the wallet asks anything", async () => {
    const { node } = nodeWith({
      allowance: TOTAL,
      refuse: new Revert("RemittanceKycRequired", [BOB]),
    });
    const { wallet, publicClient, walletClient } = clientsOf(node);

    const error = await submitTransfer({
      publicClient: publicClient as never,
      wallet: walletClient as never,
      target: { kind: "remittance", address: REMITTANCE },
      cosigned,
      transfer: { kind: "direct" },
    }).catch((e: unknown) => e);

    expect(explainError(error)).toBe(
      `The wallet ${BOB} has no KYC in force. It must complete verification first.`,
    );
    expect(wallet.prompts).toEqual([]);
  });
});
