// Gate for screens that act for a wallet: renders its children with the address once a wallet is connected on
// the app's network, and otherwise says what to do.
import type { ReactNode } from "react";
import type { Address } from "viem";
import { useAccount } from "wagmi";
import { useReadyAccount } from "../lib/hooks.ts";

export function RequireWallet(props: {
  children: (address: Address) => ReactNode;
  purpose: string;
}) {
  const { isConnected } = useAccount();
  const address = useReadyAccount();
  if (address) return <>{props.children(address)}</>;
  return (
    <div className="card notice">
      <p>
        {isConnected
          ? "Switch your wallet to the app's network (button at the top) to continue."
          : `Connect your wallet (button at the top) to ${props.purpose}.`}
      </p>
    </div>
  );
}
