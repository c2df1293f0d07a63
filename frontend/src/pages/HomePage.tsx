// Home: what the wallet holds, its KYC state and the next step to take.
import { Section } from "../components/Section.tsx";
import { Link } from "react-router";
import { useApp } from "../AppContext.tsx";
import { KycBadge } from "../components/KycBadge.tsx";
import { ErrorNote, Pending } from "../components/Status.tsx";
import { formatToken } from "../lib/format.ts";
import { useReadyAccount, useTokenBalance } from "../lib/hooks.ts";

export function HomePage() {
  const address = useReadyAccount();
  return (
    <Section title="Send money home, from your own wallet">
      <p className="lead">
        Transfers in {useApp().token.symbol} that you sign yourself. Every transfer is checked for
        compliance before the chain accepts it; nobody else ever holds your keys.
      </p>
      {address ? <AccountOverview address={address} /> : <p>Connect your wallet to begin.</p>}
      <div className="tiles">
        <Link className="tile" to="/verify">
          <strong>1. Verify</strong> your identity once with a selfie and your ID.
        </Link>
        <Link className="tile" to="/send">
          <strong>2. Send</strong> to a wallet, a DID, or a phone number or e-mail.
        </Link>
        <Link className="tile" to="/history">
          <strong>3. Track</strong> every transfer in your history.
        </Link>
      </div>
    </Section>
  );
}

function AccountOverview(props: { address: `0x${string}` }) {
  const { token } = useApp();
  const balance = useTokenBalance(props.address);
  return (
    <div className="card overview">
      <div>
        <h2>Balance</h2>
        {balance.isPending ? <Pending>Reading your balance…</Pending> : null}
        {balance.error ? (
          <ErrorNote error={balance.error} onRetry={() => balance.refetch()} />
        ) : null}
        {balance.data !== undefined ? (
          <p className="big" data-testid="balance">
            {formatToken(balance.data, token.decimals, token.symbol)}
          </p>
        ) : null}
      </div>
      <div>
        <h2>Identity</h2>
        <KycBadge address={props.address} />
      </div>
    </div>
  );
}
