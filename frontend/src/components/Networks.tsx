// The chains of a multi-chain deployment in the UI: the header's network picker (which network the app shows, the
// wallet asked to follow), a button that switches the wallet to a network, and the gate of the screens that only
// work on the home chain (KYC verification, made once there and attested on every chain, and the staff console, whose
// sign-in and audit anchor are on that chain; sends and merchant payments work on every chain).
import type { ReactNode } from "react";
import { useId } from "react";
import { useAccount, useSwitchChain } from "wagmi";
import { useApp } from "../AppContext.tsx";
import { ErrorNote, Pending } from "./Status.tsx";

/** The network picker; renders nothing when the deployment has a single chain. */
export function NetworkPicker() {
  const { networks, chainId, selectNetwork } = useApp();
  const { isConnected, chainId: walletChainId } = useAccount();
  const { switchChain, isPending, error } = useSwitchChain();
  const id = useId();
  if (networks.length < 2) return null;
  return (
    <div className="network-picker">
      <label htmlFor={id}>Network</label>
      <select
        id={id}
        value={chainId}
        onChange={(event) => {
          const next = Number(event.target.value);
          selectNetwork(next);
          // The wallet follows the app; if the user declines, the wallet bar offers the switch again.
          if (isConnected && walletChainId !== next) switchChain({ chainId: next });
        }}
      >
        {networks.map((network) => (
          <option key={network.id} value={network.id}>
            {network.chain.name}
          </option>
        ))}
      </select>
      {isPending ? <Pending>Confirm the network switch in your wallet…</Pending> : null}
      {error ? <ErrorNote error={error} /> : null}
    </div>
  );
}

/** A button asking the wallet to switch to `chainId`, with its pending and error states. */
export function SwitchWalletButton(props: { chainId: number; label?: string }) {
  const { networkOf } = useApp();
  const { switchChain, isPending, error } = useSwitchChain();
  const name = networkOf(props.chainId)?.chain.name ?? `chain ${props.chainId}`;
  return (
    <>
      <button
        type="button"
        onClick={() => switchChain({ chainId: props.chainId })}
        disabled={isPending}
      >
        {props.label ?? `Switch wallet to ${name}`}
      </button>
      {isPending ? <Pending>Confirm the switch in your wallet…</Pending> : null}
      {error ? <ErrorNote error={error} /> : null}
    </>
  );
}

/**
 * Renders its children only while the app shows the home chain; elsewhere it says that `action` works on the home
 * chain and why (`reason`), and offers to go there (the wallet is asked to follow).
 */
export function RequireHomeNetwork(props: { action: string; reason: string; children: ReactNode }) {
  const { home, network, selectNetwork } = useApp();
  const { isConnected, chainId: walletChainId } = useAccount();
  const { switchChain } = useSwitchChain();
  if (network.id === home.id) return <>{props.children}</>;
  return (
    <div className="card notice" data-testid="home-network-only">
      <p>
        {props.action} works on {home.chain.name} only: {props.reason}. The app is showing{" "}
        {network.chain.name}.
      </p>
      <button
        type="button"
        onClick={() => {
          selectNetwork(home.id);
          if (isConnected && walletChainId !== home.id) switchChain({ chainId: home.id });
        }}
      >
        Use {home.chain.name}
      </button>
    </div>
  );
}
