// Page frame: a header of two tiers (the brand, the network picker of multi-chain deployments and the wallet bar on
// top, the navigation below, at every width so nothing wraps by accident), and the main area for the current screen.
import { type ReactNode, useId } from "react";
import { NavLink } from "react-router";
import { NetworkPicker } from "./Networks.tsx";
import { WalletBar } from "./WalletBar.tsx";

const links = [
  { to: "/", label: "Home" },
  { to: "/verify", label: "Verify" },
  { to: "/identity", label: "Identity" },
  { to: "/send", label: "Send" },
  { to: "/claim", label: "Claim" },
  { to: "/history", label: "History" },
  { to: "/merchants", label: "Merchants" },
  { to: "/staff", label: "Staff" },
];

export function Layout(props: { children: ReactNode }) {
  const mainId = useId();
  return (
    <>
      <a className="skip-link" href={`#${mainId}`}>
        Skip to content
      </a>
      <header className="site-header">
        <div className="header-bar">
          <div className="brand">
            <span className="logo" aria-hidden="true">
              ◆
            </span>{" "}
            CLXEND
          </div>
          <NetworkPicker />
          <WalletBar />
        </div>
        <nav aria-label="Main">
          <ul>
            {links.map((link) => (
              <li key={link.to}>
                <NavLink to={link.to} end={link.to === "/"}>
                  {link.label}
                </NavLink>
              </li>
            ))}
          </ul>
        </nav>
      </header>
      <main id={mainId} tabIndex={-1}>
        {props.children}
      </main>
    </>
  );
}
