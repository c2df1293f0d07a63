// Send: a transfer to a wallet, a DID, or a phone number / e-mail (escrow with a claim link).
import { RequireWallet } from "../components/RequireWallet.tsx";
import { TransferFlow } from "../components/TransferFlow.tsx";

export function SendPage() {
  return (
    <section aria-labelledby="send-title">
      <h1 id="send-title">Send money</h1>
      <RequireWallet purpose="send money">{(address) => <TransferFlow sender={address} />}</RequireWallet>
    </section>
  );
}
