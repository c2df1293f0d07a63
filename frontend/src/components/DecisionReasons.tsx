// The reasons of a compliance decision: each one's sentence and code, blocking ones marked, and for a sanctions hit
// the list it was found in (sources and snapshot date of the list version the decision recorded).
import { useQuery } from "@tanstack/react-query";
import { useApp } from "../AppContext.tsx";
import type { Reason } from "../api/compliance.ts";
import { ErrorNote, Pending } from "./Status.tsx";

export function DecisionReasons(props: { reasons: Reason[] }) {
  if (props.reasons.length === 0) return <p>No risk found.</p>;
  return (
    <ul className="reasons">
      {props.reasons.map((reason) => {
        const listVersion = reason.details?.listVersion;
        return (
          <li key={reason.code} className={reason.blocking ? "blocking" : undefined}>
            {reason.message} <code className="reason-code">{reason.code}</code>
            {typeof listVersion === "string" ? <SanctionsList version={listVersion} /> : null}
          </li>
        );
      })}
    </ul>
  );
}

/** The file or URL name of a list source, without its folder. */
function sourceName(source: string): string {
  return source.split(/[\\/]/).filter(Boolean).pop() ?? source;
}

function SanctionsList(props: { version: string }) {
  const { compliance } = useApp();
  const lists = useQuery({
    queryKey: ["sanctions-version"],
    queryFn: () => compliance.sanctionsVersion(),
    staleTime: 60_000,
  });
  const short = `${props.version.slice(0, 10)}…`;
  if (lists.isPending) return <Pending>Reading which sanctions list matched…</Pending>;
  if (lists.error) return <ErrorNote error={lists.error} onRetry={() => lists.refetch()} />;
  if (lists.data.version !== props.version) {
    return (
      <p className="hint" data-testid="sanctions-list">
        Sanctions list version {short}; the service has loaded a newer list since.
      </p>
    );
  }
  const snapshot = lists.data.snapshotDate ? `, snapshot of ${lists.data.snapshotDate}` : "";
  return (
    <p className="hint" data-testid="sanctions-list">
      Sanctions list {short} ({lists.data.addressCount} addresses{snapshot}):{" "}
      {lists.data.sources.map((source) => sourceName(source.source)).join(", ")}.
    </p>
  );
}
