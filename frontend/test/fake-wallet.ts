// A browser wallet for component tests: an EIP-1193 provider signing with a local test key (real secp256k1, so a
// fake server can verify what it signed) and sending to a FakeChain. It records every request a real wallet would
// show the user as a prompt, can decline them, and with `batching` speaks EIP-5792: it reports the `atomic`
// capability and mines the calls of a `wallet_sendCalls` one after another (a fake: it cannot undo the first call
// when a later one reverts, which a real batching wallet does). Given several chains it starts on the first and
// switches on `wallet_switchEthereumChain` (a prompt, emitting `chainChanged`), as a multi-chain wallet does.
import type { Address, Hex, TypedDataDefinition } from "viem";
import { numberToHex } from "viem";
import { privateKeyToAccount } from "viem/accounts";
import type { FakeChain } from "./fake-chain.ts";

/** anvil's development key of alice (public knowledge). */
export const ALICE_KEY: Hex = "0x8b3a350cf5c34c9194ca85829a2df0ec3153be0318b5e2d3348e872092edffba";
/** anvil's development key of bob (public knowledge). */
export const BOB_KEY: Hex = "0x92db14e403b83dfe3df233f83dfa3a0d7096f21ca9b0d6d6b8d88b2b4ec1564e";

const PROMPTS = new Set([
  "wallet_switchEthereumChain",
  "personal_sign",
  "eth_signTypedData_v4",
  "eth_sendTransaction",
  "wallet_sendCalls",
]);

export interface FakeWallet {
  address: Address;
  /** The EIP-1193 provider (what a wallet injects as window.ethereum). */
  provider: {
    request(args: { method: string; params?: unknown }): Promise<unknown>;
    on(event: string, listener: (...args: unknown[]) => void): void;
    removeListener(event: string, listener: (...args: unknown[]) => void): void;
  };
  /** Every prompt in order: its method and params. */
  prompts: { method: string; params: unknown[] }[];
  /** Methods the user declines (EIP-1193 error 4001). */
  declines: Set<string>;
  /** The chain the wallet is on now. */
  currentChainId(): number;
}

/** A wallet for `privateKey` on `chains` (the first is the current one); `batching` adds EIP-5792 atomic batches. */
export function fakeWallet(
  chains: FakeChain | FakeChain[],
  options: { privateKey?: Hex; batching?: boolean } = {},
): FakeWallet {
  const account = privateKeyToAccount(options.privateKey ?? ALICE_KEY);
  const prompts: FakeWallet["prompts"] = [];
  const declines = new Set<string>();
  const batches = new Map<string, Hex[]>();
  const known = [chains].flat();
  const first = known[0];
  if (first === undefined) throw new Error("fakeWallet needs at least one chain");
  let chain: FakeChain = first;
  const listeners = new Map<string, Set<(...args: unknown[]) => void>>();
  const emit = (event: string, ...args: unknown[]) => {
    for (const listener of listeners.get(event) ?? []) listener(...args);
  };

  const answer = async (method: string, params: unknown[]): Promise<unknown> => {
    switch (method) {
      case "eth_requestAccounts":
      case "eth_accounts":
        return [account.address];
      case "eth_chainId":
        return numberToHex(chain.chainId);
      case "wallet_requestPermissions":
      case "wallet_getPermissions":
        return [{ parentCapability: "eth_accounts" }];
      case "wallet_revokePermissions":
        return null;
      case "wallet_switchEthereumChain": {
        const wanted = Number((params[0] as { chainId: Hex }).chainId);
        const next = known.find((item) => item.chainId === wanted);
        if (!next) throw rpcError(4902, `Unrecognized chain ID ${wanted}.`);
        chain = next;
        emit("chainChanged", numberToHex(wanted));
        return null;
      }
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
        const tx = params[0] as { to: Address; data: Hex; value?: Hex };
        return chain.send({ from: account.address, to: tx.to, data: tx.data, value: tx.value });
      }
      case "wallet_getCapabilities":
        if (!options.batching)
          throw rpcError(4200, "The wallet does not support wallet_getCapabilities");
        return { [numberToHex(chain.chainId)]: { atomic: { status: "supported" } } };
      case "wallet_sendCalls": {
        if (!options.batching) throw rpcError(4200, "The wallet does not support wallet_sendCalls");
        const { calls } = params[0] as { calls: { to: Address; data: Hex; value?: Hex }[] };
        const hashes = calls.map((call) => chain.send({ from: account.address, ...call }));
        const id = hashes.at(-1) as Hex;
        batches.set(id, hashes);
        return { id };
      }
      case "wallet_getCallsStatus": {
        const hashes = batches.get(params[0] as string) ?? [];
        const receipts = await Promise.all(
          hashes.map((hash) => chain.request("eth_getTransactionReceipt", [hash])),
        );
        return {
          version: "2.0.0",
          id: params[0],
          chainId: numberToHex(chain.chainId),
          atomic: true,
          status: 200,
          receipts,
        };
      }
      default:
        return chain.request(method, params);
    }
  };

  return {
    address: account.address,
    prompts,
    declines,
    currentChainId: () => chain.chainId,
    provider: {
      request: async ({ method, params }) => {
        const list = (params ?? []) as unknown[];
        if (PROMPTS.has(method)) {
          prompts.push({ method, params: list });
          if (declines.has(method)) throw rpcError(4001, "User rejected the request.");
        }
        return answer(method, list);
      },
      on: (event, listener) => {
        if (!listeners.has(event)) listeners.set(event, new Set());
        listeners.get(event)?.add(listener);
      },
      removeListener: (event, listener) => {
        listeners.get(event)?.delete(listener);
      },
    },
  };
}

function rpcError(code: number, message: string) {
  return Object.assign(new Error(message), { code });
}
