// Simulate-then-write for contract calls from the wallet: a call that would revert fails with a decoded custom
// error (explained by lib/errors.ts) before the wallet is asked anything; returns after the block confirms it. When
// the call belongs on another chain than the wallet's (a claim or refund on the destination chain of a cross-chain
// transfer), the wallet is asked to switch to that chain first.
import type {
  Abi,
  ContractFunctionArgs,
  ContractFunctionName,
  Hex,
  PublicClient,
  TransactionReceipt,
} from "viem";
import type { Config } from "wagmi";
import { getAccount, getWalletClient, switchChain } from "wagmi/actions";

/** Asks the connected wallet to switch to `chainId` unless it is on it already. */
export async function ensureWalletOn(wagmiConfig: Config, chainId: number): Promise<void> {
  if (getAccount(wagmiConfig).chainId !== chainId) await switchChain(wagmiConfig, { chainId });
}

export async function simulateAndWrite<
  const abi extends Abi,
  name extends ContractFunctionName<abi, "nonpayable" | "payable">,
>(args: {
  wagmiConfig: Config;
  publicClient: PublicClient;
  chainId: number;
  address: Hex;
  abi: abi;
  functionName: name;
  args: ContractFunctionArgs<abi, "nonpayable" | "payable", name>;
}): Promise<{ hash: Hex; receipt: TransactionReceipt }> {
  await ensureWalletOn(args.wagmiConfig, args.chainId);
  const wallet = await getWalletClient(args.wagmiConfig, { chainId: args.chainId });
  const { request } = await args.publicClient.simulateContract({
    address: args.address,
    abi: args.abi,
    functionName: args.functionName,
    args: args.args,
    account: wallet.account,
  } as never);
  const hash = await wallet.writeContract(request as never);
  const receipt = await args.publicClient.waitForTransactionReceipt({ hash });
  if (receipt.status === "reverted")
    throw new Error("The transaction failed on-chain; nothing changed. Try again.");
  return { hash, receipt };
}
