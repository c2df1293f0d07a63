// Wallet connection: the injected (EIP-1193) wallet and WalletConnect v2 when configured, the connected address,
// and wrong-network detection with a one-click switch (or, when the wallet is on another chain of the deployment, the
// choice to show that chain instead).
import { useAccount, useConnect, useDisconnect, useSwitchChain } from "wagmi";
import { useApp } from "../AppContext.tsx";
import { shortAddress } from "../lib/format.ts";
import { ErrorNote, Pending } from "./Status.tsx";

export function WalletBar() {
  const { address, isConnected, chainId: walletChainId } = useAccount();
  const { chainId } = useApp();
  const { disconnect } = useDisconnect();

  if (!isConnected || !address) return <ConnectOptions />;
  return (
    <div className="wallet-bar">
      <span className="wallet-address" title={address}>
        <span className="dot" aria-hidden="true" /> {shortAddress(address)}
      </span>
      <button type="button" className="secondary" onClick={() => disconnect()}>
        Disconnect
      </button>
      {walletChainId !== chainId ? <WrongNetwork walletChainId={walletChainId} /> : null}
    </div>
  );
}

function ConnectOptions() {
  const { config } = useApp();
  const { connectors, connect, isPending, error, variables } = useConnect();
  const visible = connectors.filter((c) => c.type === "injected" || c.type === "walletConnect");
  const injectedConnector = visible.find((c) => c.type === "injected");
  const hasInjected = typeof window !== "undefined" && "ethereum" in window && window.ethereum;

  return (
    <div className="wallet-bar">
      {injectedConnector ? (
        <button
          type="button"
          onClick={() => connect({ connector: injectedConnector })}
          disabled={isPending || !hasInjected}
          title={hasInjected ? undefined : "No browser wallet found"}
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
      {config.walletConnectProjectId ? null : (
        <p className="note wallet-note">
          WalletConnect is not available on this deployment (no project id configured).
        </p>
      )}
      {hasInjected ? null : (
        <p className="note wallet-note">
          No browser wallet found: install one such as MetaMask, then reload.
        </p>
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
