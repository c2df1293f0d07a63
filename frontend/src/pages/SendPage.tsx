// Send: a transfer to a wallet, a DID, or a phone number / e-mail (escrow with a claim link). Also serves
// /pay/<address or DID>, the payment link a user publishes as their DID service endpoint. Sends start on the chain the
// app shows (the compliance service screens and co-signs on every chain of the deployment); the recipient may be on
// that chain or on another chain joined by a bridge lane.
import { Section } from "../components/Section.tsx";
import { useParams } from "react-router";
import { useApp } from "../AppContext.tsx";
import { RequireWallet } from "../components/RequireWallet.tsx";
import { TransferFlow } from "../components/TransferFlow.tsx";

export function SendPage() {
  const { recipient } = useParams();
  const { network } = useApp();
  return (
    <Section title="Send money">
      <RequireWallet purpose="send money">
        {(address) => (
          // A transfer belongs to one chain (token, quote, co-signature): another network starts a fresh form.
          <TransferFlow key={network.id} sender={address} initialRecipient={recipient ?? ""} />
        )}
      </RequireWallet>
    </Section>
  );
}
