// The wallet's KYC state in one line, with the re-verification prompt when it lapses soon or has lapsed.
import type { Address } from "viem";
import { Link } from "react-router";
import { formatDate } from "../lib/format.ts";
import { useKyc } from "../lib/hooks.ts";
import { ErrorNote, Pending } from "./Status.tsx";

export function KycBadge(props: { address: Address }) {
  const kyc = useKyc(props.address);
  if (kyc.isPending) return <Pending>Reading your verification…</Pending>;
  if (kyc.error) return <ErrorNote error={kyc.error} onRetry={() => kyc.refetch()} />;
  const state = kyc.state;
  if (!state || state.status === "none") {
    return (
      <p className="kyc kyc-none" data-testid="kyc-state">
        Not verified. <Link to="/verify">Verify your identity</Link> to send and claim.
      </p>
    );
  }
  if (state.status === "expired") {
    return (
      <p className="kyc kyc-expired" data-testid="kyc-state">
        Verification expired on {formatDate(state.expiresAt)}.{" "}
        <Link to="/verify">Verify again</Link>.
      </p>
    );
  }
  return (
    <p className={state.expiringSoon ? "kyc kyc-soon" : "kyc kyc-valid"} data-testid="kyc-state">
      Verified (level {state.level}) until {formatDate(state.expiresAt)}.
      {state.expiringSoon ? (
        <>
          {" "}
          It lapses in {state.daysLeft} days: <Link to="/verify">verify again</Link> to keep
          sending.
        </>
      ) : null}
    </p>
  );
}
