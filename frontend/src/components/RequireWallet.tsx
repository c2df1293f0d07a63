// Gate for screens that act for a wallet: renders its children with the address once a wallet is connected on
// the network the app shows (or on any network, for screens that only read), and otherwise says what to do.
import type { ReactNode } from "react";
import { Link } from "react-router";
import type { Address } from "viem";
import { useAccount } from "wagmi";
import { useApp } from "../AppContext.tsx";
import { useReadyAccount } from "../lib/hooks.ts";
import { SwitchWalletButton } from "./Networks.tsx";
import { CONNECT_HELP_PATH, hasBrowserWallet } from "./WalletBar.tsx";

export function RequireWallet(props: {
  children: (address: Address) => ReactNode;
  purpose: string;
  /** The screen only reads for the address, so the wallet's network does not matter. */
  anyNetwork?: boolean;
}) {
  const { isConnected, address: connected } = useAccount();
  const { network } = useApp();
  const address = useReadyAccount();
  if (address) return <>{props.children(address)}</>;
  if (props.anyNetwork && isConnected && connected) return <>{props.children(connected)}</>;
  return (
    <div className="card notice">
      {isConnected ? (
        <>
          <p>
            Your wallet is on another network. Switch it to {network.chain.name} to {props.purpose}.
          </p>
          <SwitchWalletButton chainId={network.id} />
        </>
      ) : (
        <>
          <p>{`Connect your wallet (button at the top) to ${props.purpose}.`}</p>
          {hasBrowserWallet() ? null : (
            <p>
              No wallet yet?{" "}
              <Link to={CONNECT_HELP_PATH}>How to connect a wallet to the local demo</Link>
            </p>
          )}
        </>
      )}
    </div>
  );
}
