// Component tests of the identity screen (@vitest-environment jsdom) with only the network faked: a node (served
// over HTTP too, for ethr-did-resolver's own connection) holding the DID and KYC registries, and the wallet. The DID,
// its resolved document (pending, error, data) and adding a service endpoint through the wallet.
import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { type Hex, hexToString, parseAbi, stringToHex } from "viem";
import { afterEach, describe, expect, it } from "vitest";
import { FakeChain } from "../../test/fake-chain.ts";
import { FakeServices } from "../../test/fake-services.ts";
import { fakeWallet } from "../../test/fake-wallet.ts";
import { ALICE, connectWallet, renderWithApp, testConfig } from "../../test/render.tsx";
import { kycRegistryAbi } from "../chain/abis.ts";
import IdentityPage from "./IdentityPage.tsx";

const DID_REGISTRY = testConfig.addressBook.contracts.DIDRegistry.address;
const KYC_REGISTRY = testConfig.addressBook.contracts.KycRegistry.address;
const DID = `did:ethr:0x7a69:${ALICE}`;
const ONE_YEAR = 365n * 86_400n;

/** The parts of ethr-did-registry's EthereumDIDRegistry the app and the resolver use, and the event of a write. */
const registryModelAbi = parseAbi([
  "function setAttribute(address identity, bytes32 name, bytes value, uint256 validity)",
  "function identityOwner(address identity) view returns (address)",
  "function changed(address identity) view returns (uint256)",
  "event DIDAttributeChanged(address indexed identity, bytes32 name, bytes value, uint256 validTo, uint256 previousChange)",
]);

/** A node with alice's DID (no attribute yet) and her level-2 KYC; setAttribute works like the real registry. */
function identityNode() {
  const changed = new Map<string, bigint>();
  return new FakeChain()
    .contract(DID_REGISTRY, {
      abi: registryModelAbi,
      read: {
        changed: ([identity]) => changed.get(String(identity)) ?? 0n,
        identityOwner: ([identity]) => identity,
      },
      write: {
        setAttribute: ([identity, name, value, validity], _from, block) => {
          const previousChange = changed.get(String(identity)) ?? 0n;
          changed.set(String(identity), block);
          const validTo = 1_800_000_000n + block + (validity as bigint);
          return [
            {
              eventName: "DIDAttributeChanged",
              args: { identity, name, value, validTo, previousChange },
            },
          ];
        },
      },
    })
    .contract(KYC_REGISTRY, {
      abi: kycRegistryAbi,
      read: {
        attestationOf: () => ({
          level: 2,
          expiresAt: BigInt(Math.floor(Date.now() / 1000) + 200 * 86_400),
          provider: "0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC",
        }),
      },
    });
}

const servers: { close: () => Promise<void> }[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => server.close()));
});

async function renderIdentity(node: FakeChain) {
  const served = await node.serveOverHttp();
  servers.push(served);
  const config = { ...testConfig, chain: { ...testConfig.chain, rpcUrl: served.url } };
  const wallet = fakeWallet(node);
  const view = renderWithApp(<IdentityPage />, {
    node,
    wallet,
    config,
    services: new FakeServices(),
  });
  await connectWallet(view.wagmiConfig);
  return { ...view, wallet };
}

function documentJson(): {
  id: string;
  verificationMethod: { id: string; blockchainAccountId: string }[];
  service?: { type: string; serviceEndpoint: string }[];
} {
  return JSON.parse(screen.getByTestId("did-document").textContent ?? "null");
}

describe("IdentityPage", () => {
  it("shows the DID, the KYC badge and, once resolved, the DID document from the registry", async () => {
    let release = () => {};
    const node = identityNode().holdUntil(
      new Promise<void>((resolve) => {
        release = resolve;
      }),
    );
    await renderIdentity(node);

    expect(screen.getByTestId("did")).toHaveTextContent(DID);
    expect(await screen.findByText("Resolving your DID from the registry…")).toBeVisible();
    release();

    await screen.findByTestId("did-document", {}, { timeout: 5_000 });
    const document = documentJson();
    expect(document.id).toBe(DID);
    expect(document.verificationMethod[0]).toMatchObject({
      id: `${DID}#controller`,
      blockchainAccountId: `eip155:31337:${ALICE}`,
    });
    expect(document.service ?? []).toEqual([]);
    expect(screen.getByTestId("kyc-state")).toHaveTextContent(/^Verified \(level 2\) until /);
  });

  it("explains a registry it cannot read, and reads it again when asked", async () => {
    const node = identityNode();
    node.failing.add("eth_call");
    await renderIdentity(node);

    const sentence =
      /^Your DID document cannot be read from the DID registry right now \(notFound\)\. Check your connection and try again\.$/;
    const alert = await screen.findByText(sentence, {}, { timeout: 15_000 });
    node.failing.clear();
    await userEvent.click(
      within(alert.closest("[role=alert]") as HTMLElement).getByRole("button", {
        name: "Try again",
      }),
    );

    await screen.findByTestId("did-document", {}, { timeout: 5_000 });
    expect(documentJson().id).toBe(DID);
  }, 30_000);

  it("adds a service endpoint with a wallet transaction and shows it in the document", async () => {
    const node = identityNode();
    const { wallet } = await renderIdentity(node);
    const user = userEvent.setup();
    await screen.findByTestId("did-document", {}, { timeout: 5_000 });

    await user.type(screen.getByLabelText("Endpoint URL"), "not a url");
    expect(screen.getByLabelText("Endpoint URL")).toHaveAttribute("aria-invalid", "true");
    expect(screen.getByRole("button", { name: "Add service" })).toBeDisabled();
    await user.clear(screen.getByLabelText("Endpoint URL"));
    await user.type(screen.getByLabelText("Endpoint URL"), "https://alice.example/inbox");
    await user.selectOptions(screen.getByLabelText("Service type"), "MessagingService");
    await user.click(screen.getByRole("button", { name: "Add service" }));

    expect(await screen.findByText("Service added; the document above is updated.")).toBeVisible();
    const [sent] = node.sentTo(DID_REGISTRY, "setAttribute");
    expect(sent?.args).toEqual([
      ALICE,
      stringToHex("did/svc/MessagingService", { size: 32 }),
      stringToHex("https://alice.example/inbox"),
      ONE_YEAR,
    ]);
    expect(hexToString(sent?.args[2] as Hex)).toBe("https://alice.example/inbox");
    expect(wallet.prompts.map((prompt) => prompt.method)).toEqual(["eth_sendTransaction"]);
    await waitFor(() =>
      expect(documentJson().service).toEqual([
        {
          id: `${DID}#service-1`,
          type: "MessagingService",
          serviceEndpoint: "https://alice.example/inbox",
        },
      ]),
    );
  });
});
