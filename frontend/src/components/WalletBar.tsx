// Wallet connection: the injected (EIP-1193) wallet and WalletConnect v2 when configured, the connected address,
// and wrong-network detection with a one-click switch (or, when the wallet is on another chain of the deployment, the
// choice to show that chain instead). Without a browser wallet, the hint under the connect button says what to do
// and links to the help page.
import { useId } from "react";
import { Link } from "react-router";
import { useAccount, useConnect, useDisconnect, useSwitchChain } from "wagmi";
import { useApp } from "../AppContext.tsx";
import { shortAddress } from "../lib/format.ts";
import { ErrorNote, Pending } from "./Status.tsx";

/** Route of the page that explains how to connect a wallet to the local demo. */
export const CONNECT_HELP_PATH = "/help/wallet";

/** Whether the browser has an injected (EIP-1193) wallet such as MetaMask. */
export function hasBrowserWallet(): boolean {
  return typeof window !== "undefined" && Boolean(window.ethereum);
}

export function WalletBar() {
  const { address, isConnected, chainId: walletChainId } = useAccount();
  const { chainId } = useApp();
  const { disconnect } = useDisconnect();

  if (!isConnected || !address) return <ConnectOptions />;
  return (
    <>
      <div className="wallet-bar">
        <div className="wallet-actions">
          <span className="wallet-address" title={address}>
            <span className="dot" aria-hidden="true" /> {shortAddress(address)}
          </span>
          <button type="button" className="secondary" onClick={() => disconnect()}>
            Disconnect
          </button>
        </div>
      </div>
      {walletChainId !== chainId ? <WrongNetwork walletChainId={walletChainId} /> : null}
    </>
  );
}

function ConnectOptions() {
  const { config } = useApp();
  const { connectors, connect, isPending, error, variables } = useConnect();
  const hintId = useId();
  const visible = connectors.filter((c) => c.type === "injected" || c.type === "walletConnect");
  const injectedConnector = visible.find((c) => c.type === "injected");
  const hasInjected = hasBrowserWallet();

  return (
    <div className="wallet-bar">
      <div className="wallet-actions">
        {injectedConnector ? (
          <button
            type="button"
            onClick={() => connect({ connector: injectedConnector })}
            disabled={isPending || !hasInjected}
            aria-describedby={hasInjected ? undefined : hintId}
          >
            Connect browser wallet
          </button>
        ) : null}
        {visible
          .filter((c) => c.type === "walletConnect")
          .map((connector) => (
            <button
              key={connector.uid}
              type="button"
              className="secondary"
              onClick={() => connect({ connector })}
              disabled={isPending}
            >
              WalletConnect
            </button>
          ))}
      </div>
      {hasInjected ? null : (
        <NoWalletHint id={hintId} scanToConnect={!!config.walletConnectProjectId} />
      )}
      {isPending ? (
        <Pending>
          Waiting for{" "}
          {variables?.connector && "name" in variables.connector
            ? variables.connector.name
            : "your wallet"}
          …
        </Pending>
      ) : null}
      {error ? <ErrorNote error={error} /> : null}
    </div>
  );
}

/**
 * What to do without a browser wallet, right under the connect button: install one (or read how to connect one to
 * the local demo); and, when this server has no WalletConnect project id, that scan-to-connect is off (the reason
 * for operators is in the tooltip).
 */
function NoWalletHint(props: { id: string; scanToConnect: boolean }) {
  return (
    <div className="wallet-hint" id={props.id}>
      <p>
        No browser wallet found: install one such as MetaMask, then reload.{" "}
        <Link to={CONNECT_HELP_PATH}>How to connect a wallet to the local demo</Link>
      </p>
      {props.scanToConnect ? null : (
        <p title="For operators: set WALLETCONNECT_PROJECT_ID on the app server to offer WalletConnect.">
          Scan-to-connect (WalletConnect) is switched off on this server.
        </p>
      )}
    </div>
  );
}

function WrongNetwork(props: { walletChainId: number | undefined }) {
  const { chainId, network, networkOf, selectNetwork } = useApp();
  const { switchChain, isPending, error } = useSwitchChain();
  const target = network.chain.name;
  const walletNetwork =
    props.walletChainId === undefined ? undefined : networkOf(props.walletChainId);
  return (
    <div className="wrong-network" role="alert">
      <p>
        {walletNetwork
          ? `Your wallet is on ${walletNetwork.chain.name}. The app is showing ${target}.`
          : `Your wallet is on another network. This app works on ${target}.`}
      </p>
      <button type="button" onClick={() => switchChain({ chainId })} disabled={isPending}>
        Switch to {target}
      </button>
      {walletNetwork ? (
        <button type="button" className="secondary" onClick={() => selectNetwork(walletNetwork.id)}>
          Show {walletNetwork.chain.name} instead
        </button>
      ) : null}
      {isPending ? <Pending>Confirm the switch in your wallet…</Pending> : null}
      {error ? <ErrorNote error={error} /> : null}
    </div>
  );
}

declare global {
  interface Window {
    ethereum?: unknown;
  }
}
