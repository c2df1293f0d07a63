// Help for people without a wallet set up: install a browser wallet, add this deployment's chains (from the runtime
// config, so the RPC URLs are the ones this server gives wallets), import a demo key of the local demo, connect; and
// when the wallet's view of a chain can go stale (the chains keep their state across restarts; block 0 again only with
// --fresh or when npm start says so).
import { Link } from "react-router";
import { useApp } from "../AppContext.tsx";
import { Section } from "../components/Section.tsx";
import { hasBrowserWallet } from "../components/WalletBar.tsx";

export default function WalletHelpPage() {
  const { networks } = useApp();
  return (
    <Section title="How to connect a wallet to the local demo">
      <p className="lead">
        CLXEND never holds your keys: you sign every transfer in your own browser wallet. To try the
        local demo, give the wallet the demo {networks.length > 1 ? "chains" : "chain"} and a demo
        account.
      </p>
      <ol className="steps help-steps">
        <li>
          <strong>Install a browser wallet</strong> such as MetaMask (an extension for Chrome,
          Firefox, Brave or Edge), then reload this page.
          {hasBrowserWallet() ? <span className="pill pill-ok">found in this browser</span> : null}
        </li>
        <li>
          <strong>Add the {networks.length > 1 ? "networks" : "network"}</strong> to the wallet (in
          MetaMask: Networks, Add a custom network) with these settings:
          <NetworkSettings />
        </li>
        <li>
          <strong>Import a demo account.</strong> <code>npm start</code> prints the demo accounts
          with their private keys, for example <em>alice</em> (funded and verified, ready to send)
          and <em>bob</em>. In MetaMask: the account menu, Add account, Private key, then paste the
          key.
          <p className="note">
            These keys are public development keys: use them on the local demo chains only, never on
            a public network and never with real money.
          </p>
        </li>
        <li>
          <strong>Connect:</strong> click <em>Connect browser wallet</em> at the top of the page and
          approve in the wallet. When the wallet is on another network, the app offers to switch it.
        </li>
      </ol>
      <p className="note" data-testid="chain-state-note">
        The demo {networks.length > 1 ? "chains keep their" : "chain keeps its"} state when{" "}
        <code>npm start</code> runs again: balances, transfers and verifications are still there. A
        chain starts again from block 0 only with <code>npm start -- --fresh</code>, or when{" "}
        <code>npm start</code> says so (the contracts changed since the last run, or the
        chain&rsquo;s saved state is gone); restoring a chain&rsquo;s backup, which it also reports,
        takes the chain back to the time of the backup. After that the wallet may show old balances
        or refuse to send (&ldquo;nonce too high&rdquo;): clear the account&rsquo;s activity (in
        MetaMask: Settings, Advanced, Clear activity tab data).
      </p>
      <p>
        <Link to="/">Back to the start page</Link>
      </p>
    </Section>
  );
}

/** One row per chain of the deployment: what a wallet's "add network" form asks for. */
function NetworkSettings() {
  const { networks } = useApp();
  return (
    <div className="table-wrap">
      <table data-testid="wallet-networks">
        <thead>
          <tr>
            <th scope="col">Network name</th>
            <th scope="col">RPC URL</th>
            <th scope="col">Chain ID</th>
            <th scope="col">Currency symbol</th>
          </tr>
        </thead>
        <tbody>
          {networks.map((network) => (
            <tr key={network.id}>
              <td>{network.chain.name}</td>
              <td className="mono">{network.chain.walletRpcUrl}</td>
              <td className="mono">{network.id}</td>
              <td>ETH</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
