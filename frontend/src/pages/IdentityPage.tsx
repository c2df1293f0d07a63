// Identity: the wallet's did:ethr DID, its document resolved from the DID registry, and adding a service
// endpoint with a wallet transaction.
import { Section } from "../components/Section.tsx";
import { useMutation, useQuery } from "@tanstack/react-query";
import { useId, useState } from "react";
import { type Address, toHex } from "viem";
import { usePublicClient, useWriteContract } from "wagmi";
import { useApp } from "../AppContext.tsx";
import { didRegistryAbi } from "../chain/abis.ts";
import { KycBadge } from "../components/KycBadge.tsx";
import { RequireWallet } from "../components/RequireWallet.tsx";
import { ErrorNote, Pending, Success } from "../components/Status.tsx";
import { absoluteUrl } from "../config/runtime.ts";
import { resolveDid, SERVICE_TYPES, serviceAttributeName } from "../lib/did.ts";
import { didOf } from "../lib/format.ts";

export default function IdentityPage() {
  return (
    <Section title="Your decentralised identity">
      <RequireWallet purpose="see your DID">
        {(address) => <Identity address={address} />}
      </RequireWallet>
    </Section>
  );
}

const ONE_YEAR = 365n * 86_400n;

function Identity(props: { address: Address }) {
  const { config, chainId } = useApp();
  const id = useId();
  const did = didOf(chainId, props.address);
  const registry = config.addressBook.contracts.DIDRegistry.address;
  const document = useQuery({
    queryKey: ["did", did],
    queryFn: async () => {
      const result = await resolveDid(did, chainId, absoluteUrl(config.chain.rpcUrl), registry);
      const problem = result.didResolutionMetadata.error;
      if (problem || !result.didDocument) {
        throw new Error(
          `Your DID document cannot be read from the DID registry right now (${problem ?? "no document"}). ` +
            "Check your connection and try again.",
        );
      }
      return result.didDocument;
    },
  });
  const [type, setType] = useState<string>(SERVICE_TYPES[0]);
  const [endpoint, setEndpoint] = useState("");
  const publicClient = usePublicClient({ chainId });
  const { writeContractAsync } = useWriteContract();
  const endpointValid = /^(https?|did|mailto):\S+$/.test(endpoint.trim());
  const addService = useMutation({
    mutationFn: async () => {
      const hash = await writeContractAsync({
        chainId,
        address: registry,
        abi: didRegistryAbi,
        functionName: "setAttribute",
        args: [props.address, serviceAttributeName(type), toHex(endpoint.trim()), ONE_YEAR],
      });
      await publicClient?.waitForTransactionReceipt({ hash });
      return hash;
    },
    onSuccess: () => document.refetch(),
  });

  return (
    <>
      <div className="card">
        <h2>DID</h2>
        <p className="mono break" data-testid="did">
          {did}
        </p>
        <KycBadge address={props.address} />
      </div>
      <div className="card">
        <h2>DID document</h2>
        {document.isPending ? <Pending>Resolving your DID from the registry…</Pending> : null}
        {document.error ? (
          <ErrorNote error={document.error} onRetry={() => document.refetch()} />
        ) : null}
        {document.data ? (
          <pre className="json" data-testid="did-document">
            {JSON.stringify(document.data, null, 2)}
          </pre>
        ) : null}
      </div>
      <form
        className="card"
        onSubmit={(event) => {
          event.preventDefault();
          addService.mutate();
        }}
      >
        <h2>Add a service endpoint</h2>
        <p className="hint">
          Published in your DID document for one year. Your wallet sends a transaction to the DID
          registry.
        </p>
        <div className="grid-2">
          <div className="field">
            <label htmlFor={`${id}-type`}>Service type</label>
            <select
              id={`${id}-type`}
              value={type}
              onChange={(event) => setType(event.target.value)}
            >
              {SERVICE_TYPES.map((t) => (
                <option key={t}>{t}</option>
              ))}
            </select>
          </div>
          <div className="field">
            <label htmlFor={`${id}-endpoint`}>Endpoint URL</label>
            <input
              id={`${id}-endpoint`}
              value={endpoint}
              placeholder="https://example.com/inbox"
              onChange={(event) => setEndpoint(event.target.value)}
              aria-invalid={endpoint !== "" && !endpointValid}
            />
          </div>
        </div>
        <button type="submit" disabled={!endpointValid || addService.isPending}>
          Add service
        </button>
        {addService.isPending ? (
          <Pending>Confirm in your wallet, then wait for the block…</Pending>
        ) : null}
        {addService.error ? (
          <ErrorNote error={addService.error} onRetry={() => addService.mutate()} />
        ) : null}
        {addService.isSuccess ? (
          <Success>Service added; the document above is updated.</Success>
        ) : null}
      </form>
    </>
  );
}
