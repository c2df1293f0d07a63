// The test wallet: an EIP-1193 provider injected as window.ethereum whose requests are answered in Node by a viem
// local account (a test key) over HTTP to the chain. Signs messages, typed data and transactions like a wallet.
import type { BrowserContext } from "playwright-core";
import {
  createPublicClient,
  createWalletClient,
  type Hex,
  http,
  type TypedDataDefinition,
} from "viem";
import { privateKeyToAccount } from "viem/accounts";

/** Injects a wallet for `privateKey` into every page of `context`. */
export async function injectWallet(
  context: BrowserContext,
  privateKey: Hex,
  rpcUrl: string,
  chainId: number,
) {
  const account = privateKeyToAccount(privateKey);
  const transport = http(rpcUrl);
  const chain = {
    id: chainId,
    name: "e2e",
    nativeCurrency: { name: "Ether", symbol: "ETH", decimals: 18 },
    rpcUrls: { default: { http: [rpcUrl] } },
  } as const;
  const wallet = createWalletClient({ account, chain, transport });
  const reader = createPublicClient({ chain, transport });

  await context.exposeBinding(
    "__clxendWallet",
    async (_source, method: string, params: unknown[] = []) => {
      switch (method) {
        case "eth_requestAccounts":
        case "eth_accounts":
          return [account.address];
        case "eth_chainId":
          return `0x${chainId.toString(16)}`;
        case "wallet_switchEthereumChain":
        case "wallet_addEthereumChain":
          return null;
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
          return wallet.sendTransaction({
            to: tx.to,
            data: tx.data,
            value: tx.value ? BigInt(tx.value) : undefined,
            gas: tx.gas ? BigInt(tx.gas) : undefined,
          });
        }
        default:
          return reader.request({ method, params } as never);
      }
    },
  );
  // A string, not a function: the test runner's transpiler adds helpers a serialised function cannot reach.
  await context.addInitScript(INJECTED_PROVIDER);
  return account.address;
}

/** window.ethereum of the test wallet: every request goes to the __clxendWallet binding answered in Node. */
const INJECTED_PROVIDER = `
(() => {
  const listeners = new Map();
  window.ethereum = {
    isClxendTestWallet: true,
    request: async ({ method, params }) => {
      try {
        return await window.__clxendWallet(method, params);
      } catch (error) {
        const wrapped = new Error(String(error && error.message ? error.message : error));
        wrapped.code = -32603;
        throw wrapped;
      }
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
