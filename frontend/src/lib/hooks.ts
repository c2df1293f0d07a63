// Hooks shared by screens: the connected wallet on the right chain, its token balance and its KYC attestation.
import { useAccount, useReadContract } from "wagmi";
import { useApp } from "../AppContext.tsx";
import { kycRegistryAbi, permitTokenAbi } from "../chain/abis.ts";
import type { Address } from "viem";

/** The connected address when the wallet is on the app's chain, else null. */
export function useReadyAccount(): Address | null {
  const { chainId } = useApp();
  const { address, chainId: walletChainId, isConnected } = useAccount();
  return isConnected && address && walletChainId === chainId ? address : null;
}

/** The stablecoin balance of `address`, refreshed every few seconds. */
export function useTokenBalance(address: Address | null | undefined) {
  const { token, chainId } = useApp();
  return useReadContract({
    chainId,
    address: token.address,
    abi: permitTokenAbi,
    functionName: "balanceOf",
    args: address ? [address] : undefined,
    query: { enabled: Boolean(address), refetchInterval: 4_000 },
  });
}

/** KYC days before expiry from which the app asks the user to verify again. */
export const REVERIFY_WITHIN_DAYS = 30;

export type KycState =
  | { status: "none" }
  | { status: "expired"; level: number; expiresAt: bigint }
  | { status: "valid"; level: number; expiresAt: bigint; expiringSoon: boolean; daysLeft: number };

/** Reads `address`'s attestation from KycRegistry and classifies it (none, expired, valid, expiring soon). */
export function useKyc(address: Address | null | undefined) {
  const { config, chainId } = useApp();
  const read = useReadContract({
    chainId,
    address: config.addressBook.contracts.KycRegistry.address,
    abi: kycRegistryAbi,
    functionName: "attestationOf",
    args: address ? [address] : undefined,
    query: { enabled: Boolean(address) },
  });
  return { ...read, state: read.data ? kycStateOf(read.data, Date.now() / 1000) : undefined };
}

/** Classifies an attestation at `nowSeconds`. */
export function kycStateOf(
  attestation: { level: number; expiresAt: bigint },
  nowSeconds: number,
): KycState {
  if (attestation.level === 0) return { status: "none" };
  const { level, expiresAt } = attestation;
  if (Number(expiresAt) <= nowSeconds) return { status: "expired", level, expiresAt };
  const daysLeft = Math.floor((Number(expiresAt) - nowSeconds) / 86_400);
  return {
    status: "valid",
    level,
    expiresAt,
    daysLeft,
    expiringSoon: daysLeft < REVERIFY_WITHIN_DAYS,
  };
}
