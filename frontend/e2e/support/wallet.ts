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
  await context.addInitScript(() => {
    const listeners = new Map<string, Set<(...args: unknown[]) => void>>();
    const bridge = (
      window as unknown as { __clxendWallet: (m: string, p?: unknown) => Promise<unknown> }
    ).__clxendWallet;
    (window as unknown as { ethereum: unknown }).ethereum = {
      isClxendTestWallet: true,
      request: async ({ method, params }: { method: string; params?: unknown }) => {
        try {
          return await bridge(method, params);
        } catch (error) {
          throw Object.assign(new Error((error as Error).message), { code: -32603 });
        }
      },
      on: (event: string, listener: (...args: unknown[]) => void) => {
        listeners.set(event, (listeners.get(event) ?? new Set()).add(listener));
      },
      removeListener: (event: string, listener: (...args: unknown[]) => void) => {
        listeners.get(event)?.delete(listener);
      },
    };
  });
  return account.address;
}
