// Staff console: Sign-In with Ethereum, the review queue (decide with a reason; high-risk cases need a second
// officer), SAR drafts, audit-chain verification against the latest on-chain anchor, and the pause switch. Each
// section asks the compliance API only for what the session's roles allow and otherwise says which role it needs.
import { Section } from "../components/Section.tsx";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useId, useState } from "react";
import { type Address, keccak256, toHex } from "viem";
import { useConfig, usePublicClient, useSignMessage } from "wagmi";
import { useApp } from "../AppContext.tsx";
import type { CaseSummary, StaffRole, StaffSession } from "../api/compliance.ts";
import { auditAnchorAbi, remittanceAbi } from "../chain/abis.ts";
import { DecisionReasons } from "../components/DecisionReasons.tsx";
import { RequireHomeNetwork } from "../components/Networks.tsx";
import { RequireWallet } from "../components/RequireWallet.tsx";
import { ErrorNote, Pending, Success } from "../components/Status.tsx";
import { formatTime, shortAddress } from "../lib/format.ts";
import { simulateAndWrite } from "../lib/write.ts";

const SESSION_KEY = "clxend.staff-session";

/** The roles the compliance API lets use each part of the console (its README's staff table). */
const ALLOWED = {
  readCases: ["admin", "officer", "auditor"],
  decideCases: ["officer"],
  readSars: ["officer", "auditor"],
  verifyAudit: ["admin", "auditor"],
} as const satisfies Record<string, readonly StaffRole[]>;
type Permission = keyof typeof ALLOWED;

const ROLE_PLURALS: Record<StaffRole, string> = {
  admin: "admins",
  officer: "officers",
  auditor: "auditors",
};

/** Whether a staff member with `roles` may do `what`. */
function may(roles: readonly StaffRole[], what: Permission): boolean {
  return roles.some((role) => (ALLOWED[what] as readonly StaffRole[]).includes(role));
}

/** "Only officers and auditors can read SAR drafts; you are signed in as admin." */
function onlyFor(what: Permission, action: string, roles: readonly StaffRole[]): string {
  const names = ALLOWED[what].map((role) => ROLE_PLURALS[role]);
  const listed =
    names.length > 1 ? `${names.slice(0, -1).join(", ")} and ${names.at(-1)}` : names[0];
  const yours = roles.length > 0 ? roles.join(", ") : "no role";
  return `Only ${listed} can ${action}; you are signed in as ${yours}.`;
}

function storedSession(address: Address): StaffSession | null {
  try {
    const session = JSON.parse(
      sessionStorage.getItem(SESSION_KEY) ?? "null",
    ) as StaffSession | null;
    if (!session || !Array.isArray(session.roles)) return null;
    if (session.address.toLowerCase() !== address.toLowerCase()) return null;
    return Date.parse(session.expiresAt) > Date.now() ? session : null;
  } catch {
    return null;
  }
}

export default function StaffPage() {
  return (
    <Section title="Compliance console">
      <RequireHomeNetwork
        action="The compliance console"
        reason="staff sign in with a message for that chain, and the audit trail is anchored there"
      >
        <RequireWallet purpose="sign in as staff">
          {(address) => <StaffConsole key={address} address={address} />}
        </RequireWallet>
      </RequireHomeNetwork>
    </Section>
  );
}

function StaffConsole(props: { address: Address }) {
  const { compliance } = useApp();
  const [session, setSession] = useState<StaffSession | null>(() => storedSession(props.address));
  const { signMessageAsync } = useSignMessage();
  const signIn = useMutation({
    mutationFn: async () => {
      const { message } = await compliance.siweNonce(props.address);
      const signature = await signMessageAsync({ message });
      return compliance.siweSession(message, signature);
    },
    onSuccess: (next) => {
      sessionStorage.setItem(SESSION_KEY, JSON.stringify(next));
      setSession(next);
    },
  });

  if (!session) {
    return (
      <div className="card">
        <p>
          Sign in with your staff wallet. Your wallet signs a Sign-In with Ethereum message; no
          transaction.
        </p>
        <button type="button" onClick={() => signIn.mutate()} disabled={signIn.isPending}>
          Sign in with Ethereum
        </button>
        {signIn.isPending ? <Pending>Sign the message in your wallet…</Pending> : null}
        {signIn.error ? <ErrorNote error={signIn.error} onRetry={() => signIn.mutate()} /> : null}
      </div>
    );
  }
  return (
    <>
      <div className="card row spread">
        <p>
          Signed in as <span className="mono">{shortAddress(session.address)}</span> (
          {session.roles.join(", ")}).
        </p>
        <button
          type="button"
          className="secondary"
          onClick={() => {
            sessionStorage.removeItem(SESSION_KEY);
            setSession(null);
          }}
        >
          Sign out
        </button>
      </div>
      <ReviewQueue token={session.token} roles={session.roles} />
      <SarDrafts token={session.token} roles={session.roles} />
      <AuditPanel token={session.token} roles={session.roles} />
      <PauseSwitch address={props.address} />
    </>
  );
}

function ReviewQueue(props: { token: string; roles: readonly StaffRole[] }) {
  const { compliance } = useApp();
  const id = useId();
  const [status, setStatus] = useState<CaseSummary["status"] | "">("open");
  const [selected, setSelected] = useState<string | null>(null);
  const allowed = may(props.roles, "readCases");
  const cases = useQuery({
    queryKey: ["cases", status],
    queryFn: () => compliance.cases(props.token, status || undefined),
    enabled: allowed,
    refetchInterval: 5_000,
  });
  if (!allowed) {
    return (
      <Section className="card" level={2} title="Review queue">
        <p data-testid="role-needed">
          {onlyFor("readCases", "read the review queue", props.roles)}
        </p>
      </Section>
    );
  }
  return (
    <Section className="card" level={2} title="Review queue">
      <div className="field inline">
        <label htmlFor={`${id}-status`}>Status</label>
        <select
          id={`${id}-status`}
          value={status}
          onChange={(event) => setStatus(event.target.value as typeof status)}
        >
          <option value="open">Open</option>
          <option value="awaiting_second_approval">Awaiting second approval</option>
          <option value="approved">Approved</option>
          <option value="rejected">Rejected</option>
          <option value="">All</option>
        </select>
      </div>
      {cases.isPending ? <Pending>Loading cases…</Pending> : null}
      {cases.error ? <ErrorNote error={cases.error} onRetry={() => cases.refetch()} /> : null}
      {cases.data?.cases.length === 0 ? <p>No cases with this status.</p> : null}
      {cases.data && cases.data.cases.length > 0 ? (
        <ul className="case-list" data-testid="case-list">
          {cases.data.cases.map((c) => (
            <li key={c.caseId}>
              <button
                type="button"
                className="link"
                onClick={() => setSelected(c.caseId)}
                aria-pressed={selected === c.caseId}
              >
                Case {c.caseId.slice(0, 8)} · score {c.score}
                {c.highRisk ? " · high risk" : ""} · {c.status.replace(/_/g, " ")} · from{" "}
                {shortAddress(c.submittedBy)}
              </button>
            </li>
          ))}
        </ul>
      ) : null}
      {selected ? (
        <CaseDetailPanel token={props.token} roles={props.roles} caseId={selected} />
      ) : null}
    </Section>
  );
}

function CaseDetailPanel(props: { token: string; roles: readonly StaffRole[]; caseId: string }) {
  const { compliance } = useApp();
  const id = useId();
  const queryClient = useQueryClient();
  const [reason, setReason] = useState("");
  const detail = useQuery({
    queryKey: ["case", props.caseId],
    queryFn: () => compliance.caseDetail(props.token, props.caseId),
  });
  const decide = useMutation({
    mutationFn: (action: "approve" | "reject") =>
      compliance.decideCase(props.token, props.caseId, action, reason.trim()),
    onSuccess: (updated) => {
      queryClient.setQueryData(["case", props.caseId], updated);
      queryClient.invalidateQueries({ queryKey: ["cases"] });
      setReason("");
    },
  });
  if (detail.isPending) return <Pending>Loading the case…</Pending>;
  if (detail.error) return <ErrorNote error={detail.error} onRetry={() => detail.refetch()} />;
  const c = detail.data;
  const open = c.status === "open" || c.status === "awaiting_second_approval";
  return (
    <div className="case-detail" data-testid="case-detail">
      <h3>
        Case {c.caseId.slice(0, 8)}{" "}
        <span className="pill pill-wait">{c.status.replace(/_/g, " ")}</span>
      </h3>
      <p>
        Score {c.score}
        {c.highRisk
          ? `; high risk: needs ${c.approvalsNeeded} approvals from different officers`
          : ""}
        .
      </p>
      <DecisionReasons reasons={c.decision.reasons} />
      {c.actions.length > 0 ? (
        <ol className="actions">
          {c.actions.map((a) => (
            <li key={`${a.officer}-${a.at}`}>
              {shortAddress(a.officer)} {a.action === "approve" ? "approved" : "rejected"} on{" "}
              {new Date(a.at).toLocaleString()}: “{a.reason}”
            </li>
          ))}
        </ol>
      ) : null}
      {open && !may(props.roles, "decideCases") ? (
        <p className="hint" data-testid="role-needed">
          {onlyFor("decideCases", "decide a case", props.roles)}
        </p>
      ) : null}
      {open && may(props.roles, "decideCases") ? (
        <form onSubmit={(event) => event.preventDefault()}>
          <div className="field">
            <label htmlFor={`${id}-reason`}>Reason for your decision</label>
            <textarea
              id={`${id}-reason`}
              rows={2}
              value={reason}
              onChange={(event) => setReason(event.target.value)}
            />
          </div>
          <div className="row">
            <button
              type="button"
              disabled={reason.trim().length < 3 || decide.isPending}
              onClick={() => decide.mutate("approve")}
            >
              Approve
            </button>
            <button
              type="button"
              className="danger"
              disabled={reason.trim().length < 3 || decide.isPending}
              onClick={() => decide.mutate("reject")}
            >
              Reject
            </button>
          </div>
          {reason.trim().length < 3 ? (
            <p className="hint">A reason of at least 3 characters is required.</p>
          ) : null}
          {decide.isPending ? <Pending>Recording your decision…</Pending> : null}
          {decide.error ? <ErrorNote error={decide.error} /> : null}
        </form>
      ) : null}
      {decide.data ? (
        <Success>
          <p data-testid="case-decided">
            Decision recorded; the case is now {decide.data.status.replace(/_/g, " ")}.
            {decide.data.status === "awaiting_second_approval"
              ? " It is high risk: a second officer must approve it before the transfer can be sent."
              : ""}
          </p>
        </Success>
      ) : null}
    </div>
  );
}

function SarDrafts(props: { token: string; roles: readonly StaffRole[] }) {
  const { compliance } = useApp();
  const [open, setOpen] = useState<string | null>(null);
  const allowed = may(props.roles, "readSars");
  const sars = useQuery({
    queryKey: ["sars"],
    queryFn: () => compliance.sars(props.token),
    enabled: allowed,
  });
  const sar = useQuery({
    queryKey: ["sar", open],
    queryFn: () => compliance.sar(props.token, open as string),
    enabled: allowed && open !== null,
  });
  if (!allowed) {
    return (
      <Section className="card" level={2} title="Suspicious activity report drafts">
        <p data-testid="role-needed">{onlyFor("readSars", "read SAR drafts", props.roles)}</p>
      </Section>
    );
  }
  return (
    <Section className="card" level={2} title="Suspicious activity report drafts">
      {sars.isPending ? <Pending>Loading drafts…</Pending> : null}
      {sars.error ? <ErrorNote error={sars.error} onRetry={() => sars.refetch()} /> : null}
      {sars.data?.sars.length === 0 ? <p>No drafts.</p> : null}
      <ul>
        {sars.data?.sars.map((s) => (
          <li key={s.sarId}>
            <button
              type="button"
              className="link"
              onClick={() => setOpen(s.sarId)}
              aria-pressed={open === s.sarId}
            >
              {new Date(s.createdAt).toLocaleDateString()} · {shortAddress(s.subject)} · score{" "}
              {s.score} · {s.status}
            </button>
          </li>
        ))}
      </ul>
      {sar.isFetching ? <Pending>Loading the draft…</Pending> : null}
      {sar.error ? <ErrorNote error={sar.error} /> : null}
      {sar.data ? <pre className="narrative">{sar.data.narrative}</pre> : null}
    </Section>
  );
}

function AuditPanel(props: { token: string; roles: readonly StaffRole[] }) {
  const { compliance, config, chainId } = useApp();
  const publicClient = usePublicClient({ chainId });
  const verify = useMutation({ mutationFn: () => compliance.verifyAudit(props.token) });
  const anchor = useQuery({
    queryKey: ["anchor"],
    enabled: Boolean(publicClient),
    queryFn: () => {
      if (!publicClient) throw new Error("The network is not ready. Reload and try again.");
      return publicClient.readContract({
        address: config.addressBook.contracts.AuditAnchor.address,
        abi: auditAnchorAbi,
        functionName: "latest",
      });
    },
  });
  return (
    <Section className="card" level={2} title="Audit log">
      {anchor.isPending ? <Pending>Reading the latest anchor…</Pending> : null}
      {anchor.error ? <ErrorNote error={anchor.error} onRetry={() => anchor.refetch()} /> : null}
      {anchor.data ? (
        anchor.data.sequence === 0n && anchor.data.anchoredAt === 0n ? (
          <p>No anchor on-chain yet.</p>
        ) : (
          <p>
            Latest on-chain anchor: entry {anchor.data.sequence.toString()} at{" "}
            {formatTime(anchor.data.anchoredAt)}, head{" "}
            <span className="mono">{anchor.data.headHash.slice(0, 18)}…</span>
          </p>
        )
      ) : null}
      {may(props.roles, "verifyAudit") ? (
        <button type="button" onClick={() => verify.mutate()} disabled={verify.isPending}>
          Verify the audit chain
        </button>
      ) : (
        <p className="hint" data-testid="role-needed">
          {onlyFor("verifyAudit", "verify the audit chain", props.roles)}
        </p>
      )}
      {verify.isPending ? <Pending>Re-hashing every entry…</Pending> : null}
      {verify.error ? <ErrorNote error={verify.error} onRetry={() => verify.mutate()} /> : null}
      {verify.data ? (
        verify.data.valid ? (
          <Success>
            <p data-testid="audit-valid">
              Intact: {verify.data.checked} entries checked, head {verify.data.head.seq}
              {verify.data.anchor
                ? verify.data.anchor.matches
                  ? `; matches the on-chain anchor at entry ${verify.data.anchor.seq}.`
                  : `; does NOT match the on-chain anchor at entry ${verify.data.anchor.seq}.`
                : "; not anchored yet."}
            </p>
          </Success>
        ) : (
          <p className="status status-error" role="alert">
            Broken at entry {verify.data.failure?.seq}: {verify.data.failure?.reason}. Escalate to
            the security officer.
          </p>
        )
      ) : null}
    </Section>
  );
}

const PAUSER_ROLE = keccak256(toHex("PAUSER_ROLE"));

function PauseSwitch(props: { address: Address }) {
  const { config, chainId } = useApp();
  const wagmiConfig = useConfig();
  const publicClient = usePublicClient({ chainId });
  const remittance = config.addressBook.contracts.Remittance.address;
  const state = useQuery({
    queryKey: ["pause", props.address],
    enabled: Boolean(publicClient),
    queryFn: async () => {
      const client = publicClient;
      if (!client) throw new Error("The network is not ready. Reload and try again.");
      const [paused, canPause] = await Promise.all([
        client.readContract({ address: remittance, abi: remittanceAbi, functionName: "paused" }),
        client.readContract({
          address: remittance,
          abi: remittanceAbi,
          functionName: "hasRole",
          args: [PAUSER_ROLE, props.address],
        }),
      ]);
      return { paused, canPause };
    },
  });
  const toggle = useMutation({
    mutationFn: (pause: boolean) => {
      if (!publicClient) throw new Error("The network is not ready. Reload and try again.");
      return simulateAndWrite({
        wagmiConfig,
        publicClient,
        chainId,
        address: remittance,
        abi: remittanceAbi,
        functionName: pause ? "pause" : "unpause",
        args: [],
      });
    },
    onSuccess: () => state.refetch(),
  });
  if (state.isPending) return <Pending>Reading the contract state…</Pending>;
  if (state.error) return <ErrorNote error={state.error} onRetry={() => state.refetch()} />;
  return (
    <Section className="card" level={2} title="Emergency pause">
      <p data-testid="pause-state">
        Transfers are <strong>{state.data.paused ? "paused" : "running"}</strong>.
      </p>
      {state.data.canPause ? (
        <>
          <button
            type="button"
            className={state.data.paused ? undefined : "danger"}
            onClick={() => toggle.mutate(!state.data.paused)}
            disabled={toggle.isPending}
          >
            {state.data.paused ? "Resume transfers" : "Pause all transfers"}
          </button>
          {toggle.isPending ? (
            <Pending>Confirm in your wallet, then wait for the block…</Pending>
          ) : null}
          {toggle.error ? <ErrorNote error={toggle.error} /> : null}
        </>
      ) : (
        <p className="hint">Only a wallet with the pauser role (admins) can change this.</p>
      )}
    </Section>
  );
}
