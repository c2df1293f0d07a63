// The test wallet: an EIP-1193 provider injected as window.ethereum whose requests are answered in Node by a viem
// local account (a test key) over HTTP to the chain. Signs messages, typed data and transactions like a wallet and
// records every request that would show the user a prompt. With `batchAccount` it also speaks EIP-5792
// (`wallet_getCapabilities`, `wallet_sendCalls`, `wallet_getCallsStatus`) and runs a batch atomically in one
// EIP-7702 transaction to itself, delegated to the ERC-7821 executor TestBatchAccount, as smart-account wallets do.
// It knows every chain of the stack, starts on the first, and switches on `wallet_switchEthereumChain` (emitting
// `chainChanged` to the page), as a multi-chain wallet does; a chain it does not know answers 4902.
import type { BrowserContext } from "playwright-core";
import {
  type Address,
  createPublicClient,
  createWalletClient,
  encodeAbiParameters,
  encodeFunctionData,
  type Hex,
  http,
  numberToHex,
  parseAbi,
  type TransactionReceipt,
  type TypedDataDefinition,
} from "viem";
import { privateKeyToAccount } from "viem/accounts";

/** The wallet methods a real wallet asks the user to confirm. */
const PROMPTS = new Set([
  "wallet_switchEthereumChain",
  "personal_sign",
  "eth_signTypedData_v4",
  "eth_sendTransaction",
  "wallet_sendCalls",
]);

/** ERC-7821 execution mode "batch, revert on failure" (call type 0x01, exec type 0x00, no selector). */
const BATCH_MODE: Hex = `0x01${"00".repeat(31)}`;
const executeAbi = parseAbi(["function execute(bytes32 mode, bytes executionData) payable"]);

export interface TestWallet {
  address: Address;
  /** Every prompting request in order (method names); a flow slices it around one action. */
  prompts: string[];
  /** The chain the wallet is on now. */
  chainId(): number;
}

/** A chain the wallet knows. */
export interface WalletChain {
  chainId: number;
  rpcUrl: string;
}

interface SendCallsRequest {
  calls: { to: Address; data?: Hex; value?: Hex }[];
  atomicRequired?: boolean;
}

/** The signing and reading clients of `account` on one chain. */
function clientsOn(
  account: ReturnType<typeof privateKeyToAccount>,
  { chainId, rpcUrl }: WalletChain,
) {
  const transport = http(rpcUrl);
  const chain = {
    id: chainId,
    name: `e2e ${chainId}`,
    nativeCurrency: { name: "Ether", symbol: "ETH", decimals: 18 },
    rpcUrls: { default: { http: [rpcUrl] } },
  } as const;
  return {
    chainId,
    wallet: createWalletClient({ account, chain, transport }),
    reader: createPublicClient({ chain, transport }),
  };
}

/** Injects a wallet for `privateKey`, on the first of `chains`, into every page of `context`. */
export async function injectWallet(
  context: BrowserContext,
  privateKey: Hex,
  chains: WalletChain[],
  options: { batchAccount?: Address } = {},
): Promise<TestWallet> {
  const account = privateKeyToAccount(privateKey);
  const known = chains.map((chain) => clientsOn(account, chain));
  const first = known[0];
  if (first === undefined) throw new Error("The test wallet needs at least one chain");
  let current = first;
  const prompts: string[] = [];
  const batches = new Map<string, Hex>();

  /** One EIP-7702 transaction to the wallet's own address running every call through TestBatchAccount. */
  async function sendCalls(
    request: SendCallsRequest,
    batchAccount: Address,
  ): Promise<{ id: string }> {
    const executions = request.calls.map((call) => ({
      target: call.to,
      value: call.value ? BigInt(call.value) : 0n,
      callData: call.data ?? "0x",
    }));
    const executionData = encodeAbiParameters(
      [
        {
          type: "tuple[]",
          components: [
            { name: "target", type: "address" },
            { name: "value", type: "uint256" },
            { name: "callData", type: "bytes" },
          ],
        },
      ],
      [executions],
    );
    const { wallet } = current;
    const authorization = await wallet.signAuthorization({
      contractAddress: batchAccount,
      executor: "self",
    });
    const hash = await wallet.sendTransaction({
      to: account.address,
      data: encodeFunctionData({
        abi: executeAbi,
        functionName: "execute",
        args: [BATCH_MODE, executionData],
      }),
      authorizationList: [authorization],
    });
    batches.set(hash, hash);
    return { id: hash };
  }

  /** EIP-5792 status of a batch: 100 pending, 200 confirmed, 500 reverted on-chain. */
  async function callsStatus(id: string) {
    const hash = batches.get(id);
    if (!hash) throw new Error(`Unknown batch ${id}`);
    const receipt: TransactionReceipt | null = await current.reader
      .getTransactionReceipt({ hash })
      .catch(() => null);
    const base = { version: "2.0.0", id, chainId: numberToHex(current.chainId), atomic: true };
    if (!receipt) return { ...base, status: 100 };
    return {
      ...base,
      status: receipt.status === "success" ? 200 : 500,
      receipts: [
        {
          logs: receipt.logs.map((log) => ({
            address: log.address,
            data: log.data,
            topics: log.topics,
          })),
          status: receipt.status === "success" ? "0x1" : "0x0",
          blockHash: receipt.blockHash,
          blockNumber: numberToHex(receipt.blockNumber),
          gasUsed: numberToHex(receipt.gasUsed),
          transactionHash: receipt.transactionHash,
        },
      ],
    };
  }

  async function answer(method: string, params: unknown[]): Promise<unknown> {
    switch (method) {
      case "eth_requestAccounts":
      case "eth_accounts":
        return [account.address];
      case "eth_chainId":
        return numberToHex(current.chainId);
      case "wallet_switchEthereumChain":
      case "wallet_addEthereumChain": {
        const wanted = Number((params[0] as { chainId: Hex }).chainId);
        const next = known.find((chain) => chain.chainId === wanted);
        if (!next) {
          throw Object.assign(new Error(`Unrecognized chain ID ${wanted}.`), { code: 4902 });
        }
        current = next;
        return null;
      }
      case "wallet_requestPermissions":
      case "wallet_getPermissions":
        return [{ parentCapability: "eth_accounts" }];
      case "personal_sign":
        return account.signMessage({ message: { raw: params[0] as Hex } });
      case "eth_signTypedData_v4": {
        const typed = JSON.parse(params[1] as string) as TypedDataDefinition & {
          types: Record<string, unknown>;
        };
        const { EIP712Domain: _domain, ...types } = typed.types;
        return account.signTypedData({ ...typed, types } as TypedDataDefinition);
      }
      case "eth_sendTransaction": {
        const tx = params[0] as { to: Hex; data?: Hex; value?: Hex; gas?: Hex };
        return current.wallet.sendTransaction({
          to: tx.to,
          data: tx.data,
          value: tx.value ? BigInt(tx.value) : undefined,
          gas: tx.gas ? BigInt(tx.gas) : undefined,
        });
      }
      case "wallet_getCapabilities":
        if (!options.batchAccount) throw unsupported(method);
        return { [numberToHex(current.chainId)]: { atomic: { status: "supported" } } };
      case "wallet_sendCalls":
        if (!options.batchAccount) throw unsupported(method);
        return sendCalls(params[0] as SendCallsRequest, options.batchAccount);
      case "wallet_getCallsStatus":
        if (!options.batchAccount) throw unsupported(method);
        return callsStatus(params[0] as string);
      default:
        return current.reader.request({ method, params } as never);
    }
  }

  await context.exposeBinding(
    "__clxendWallet",
    async (_source, method: string, params: unknown[] = []) => {
      if (PROMPTS.has(method)) prompts.push(method);
      try {
        const before = current.chainId;
        const result = await answer(method, params);
        // The page's provider emits chainChanged when the answer says the chain moved.
        return current.chainId === before
          ? { result }
          : { result, chainChanged: numberToHex(current.chainId) };
      } catch (error) {
        const { code, message } = error as { code?: unknown; message?: unknown };
        return {
          error: {
            code: typeof code === "number" ? code : -32603,
            message: String(message ?? error),
          },
        };
      }
    },
  );
  // A string, not a function: the test runner's transpiler adds helpers a serialised function cannot reach.
  await context.addInitScript(INJECTED_PROVIDER);
  return { address: account.address, prompts, chainId: () => current.chainId };
}

/** EIP-1193 error 4200: the wallet does not support this method. */
function unsupported(method: string) {
  return Object.assign(new Error(`The test wallet does not support ${method}`), { code: 4200 });
}

/** window.ethereum of the test wallet: every request goes to the __clxendWallet binding answered in Node. */
const INJECTED_PROVIDER = `
(() => {
  const listeners = new Map();
  window.ethereum = {
    isClxendTestWallet: true,
    request: async ({ method, params }) => {
      const answer = await window.__clxendWallet(method, params);
      if (answer.error) {
        const error = new Error(answer.error.message);
        error.code = answer.error.code;
        throw error;
      }
      if (answer.chainChanged) {
        for (const listener of listeners.get("chainChanged") ?? []) listener(answer.chainChanged);
      }
      return answer.result;
    },
    on: (event, listener) => {
      if (!listeners.has(event)) listeners.set(event, new Set());
      listeners.get(event).add(listener);
    },
    removeListener: (event, listener) => {
      if (listeners.has(event)) listeners.get(event).delete(listener);
    },
  };
})();
`;
