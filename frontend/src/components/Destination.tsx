// The recipient's chain of a send: this chain, or another chain of the deployment that the bridge sender here has a
// live lane to (read from the chain: the lane's selector for that chain id, and whether it is paused). Hidden when the
// deployment has one chain or this chain has no bridge.
import { useQuery } from "@tanstack/react-query";
import { useId } from "react";
import type { Address } from "viem";
import { usePublicClient } from "wagmi";
import { useApp } from "../AppContext.tsx";
import { bridgeSenderAbi } from "../chain/abis.ts";
import type { Network } from "../config/runtime.ts";
import { ErrorNote, Pending } from "./Status.tsx";

/** Another chain the bridge could send to, and whether its lane takes transfers now. */
export interface Destination {
  network: Network;
  /** CCIP chain selector of the lane to it. */
  selector: bigint;
  paused: boolean;
}

/**
 * The chains a send from the active network can reach over the bridge: every other chain of the deployment whose
 * address book has a bridge receiver and to which the bridge sender here has a lane. Disabled (empty) without a
 * bridge sender here.
 */
export function useDestinations() {
  const { network, networks } = useApp();
  const publicClient = usePublicClient({ chainId: network.id });
  const bridge = network.addressBook.contracts.CcipRemittanceSender?.address;
  const candidates = networks.filter(
    (other) =>
      other.id !== network.id && other.addressBook.contracts.CcipRemittanceReceiver !== undefined,
  );
  return useQuery({
    queryKey: ["destinations", network.id, bridge, candidates.map((other) => other.id)],
    enabled: Boolean(publicClient && bridge) && candidates.length > 0,
    queryFn: async (): Promise<Destination[]> => {
      if (!publicClient || !bridge) return [];
      const found = await Promise.all(
        candidates.map((other) => laneTo(publicClient, bridge, other)),
      );
      return found.filter((item): item is Destination => item !== null);
    },
    refetchInterval: 30_000,
  });
}

async function laneTo(
  publicClient: NonNullable<ReturnType<typeof usePublicClient>>,
  bridge: Address,
  other: Network,
): Promise<Destination | null> {
  const selector = await publicClient.readContract({
    address: bridge,
    abi: bridgeSenderAbi,
    functionName: "remoteChainSelectorOf",
    args: [BigInt(other.id)],
  });
  if (selector === 0n) return null;
  const lane = await publicClient.readContract({
    address: bridge,
    abi: bridgeSenderAbi,
    functionName: "laneOf",
    args: [selector],
  });
  return { network: other, selector, paused: lane.paused };
}

/** Whether the active network can send across chains at all (so the picker is worth showing). */
export function useCanSendAcrossChains(): boolean {
  const { network, networks } = useApp();
  return networks.length > 1 && network.addressBook.contracts.CcipRemittanceSender !== undefined;
}

/** The recipient's chain picker: this chain first, then every chain with a lane (paused lanes disabled). */
export function DestinationPicker(props: {
  value: number;
  onChange: (chainId: number) => void;
  disabled: boolean;
}) {
  const { network } = useApp();
  const id = useId();
  const destinations = useDestinations();
  if (!useCanSendAcrossChains()) return null;
  const crossing = props.value !== network.id;
  return (
    <div className="field">
      <label htmlFor={id}>Recipient's chain</label>
      <select
        id={id}
        value={props.value}
        onChange={(event) => props.onChange(Number(event.target.value))}
        disabled={props.disabled}
        aria-describedby={`${id}-help`}
      >
        <option value={network.id}>{network.chain.name} (this chain)</option>
        {destinations.data?.map((destination) => (
          <option
            key={destination.network.id}
            value={destination.network.id}
            disabled={destination.paused}
          >
            {destination.network.chain.name}
            {destination.paused ? " (bridge lane paused)" : " (over Chainlink CCIP)"}
          </option>
        ))}
      </select>
      <p id={`${id}-help`} className="hint">
        {crossing
          ? "The money crosses to the recipient's chain over the Chainlink CCIP bridge; you pay a CCIP fee in ETH on top of the transfer fee."
          : destinations.data && destinations.data.length === 0
            ? `No bridge lane leads from ${network.chain.name} to another chain right now.`
            : "Choose another chain to pay a recipient there."}
      </p>
      {destinations.isPending && destinations.fetchStatus !== "idle" ? (
        <Pending>Checking which chains the bridge reaches…</Pending>
      ) : null}
      {destinations.error ? (
        <ErrorNote error={destinations.error} onRetry={() => destinations.refetch()} />
      ) : null}
    </div>
  );
}
