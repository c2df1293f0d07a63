// Send: a transfer to a wallet, a DID, or a phone number / e-mail (escrow with a claim link). Also serves
// /pay/<address or DID>, the payment link a user publishes as their DID service endpoint. Sends start on the home
// chain; the recipient may be on another chain joined by a bridge lane.
import { Section } from "../components/Section.tsx";
import { useParams } from "react-router";
import { RequireHomeNetwork } from "../components/Networks.tsx";
import { RequireWallet } from "../components/RequireWallet.tsx";
import { TransferFlow } from "../components/TransferFlow.tsx";

export function SendPage() {
  const { recipient } = useParams();
  return (
    <Section title="Send money">
      <RequireHomeNetwork action="Sending">
        <RequireWallet purpose="send money">
          {(address) => <TransferFlow sender={address} initialRecipient={recipient ?? ""} />}
        </RequireWallet>
      </RequireHomeNetwork>
    </Section>
  );
}
