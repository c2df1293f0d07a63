// Proves that did:ethr identifiers of a CLXEND chain resolve with the unmodified ethr-did-resolver and ethr-did
// libraries against our EthereumDIDRegistry: owner change, delegates and service endpoints, directly and through
// signed meta-transactions sent by a relayer. Runs on Hardhat's in-process network (`npm run test:did`).
import assert from "node:assert/strict";
import { before, describe, it } from "node:test";
import { Resolver, type ResolverRegistry } from "did-resolver";
import { BrowserProvider, type Eip1193Provider, SigningKey, Wallet } from "ethers";
import { DelegateTypes, EthrDID } from "ethr-did";
import { EthrDidController, getResolver } from "ethr-did-resolver";
import { network } from "hardhat";
import { getAddress } from "viem";
import { mnemonicToAccount } from "viem/accounts";
import { DEV_MNEMONIC } from "../../deploy/demo-accounts.ts";

const CHAIN_ID = 31337;
const DAY = 86_400;
const INBOX = "https://relay.clxend.example/inbox";
const WEBSITE = "https://shop.clxend.example";

/** A funded development key of the in-process network, as an ethers Wallet. */
function devWallet(index: number, provider: BrowserProvider): Wallet {
  const key = mnemonicToAccount(DEV_MNEMONIC, { addressIndex: index }).getHdKey().privateKey;
  assert.ok(key);
  return new Wallet(Buffer.from(key).toString("hex"), provider);
}

/** Signs an ERC-1056 meta-transaction hash with the raw key, as the registry's *Signed functions expect. */
function metaSignature(wallet: Wallet, hash: string) {
  const signature = new SigningKey(wallet.privateKey).sign(hash);
  return { sigV: signature.v, sigR: signature.r, sigS: signature.s };
}

describe("did:ethr on the CLXEND DIDRegistry", () => {
  let provider: BrowserProvider;
  let registry: string;
  let resolver: Resolver;
  let identity: Wallet;
  let newOwner: Wallet;
  let relayer: Wallet;
  let stranger: Wallet;
  let lastChangeBlock: (address: string) => Promise<bigint>;
  const veriKeyDelegate = getAddress(`0x${"d1".repeat(20)}`);
  const sigAuthDelegate = getAddress(`0x${"d2".repeat(20)}`);

  before(async () => {
    const { viem, provider: eip1193 } = await network.create();
    const deployed = await viem.deployContract("EthereumDIDRegistry");
    registry = deployed.address;
    lastChangeBlock = (address) => deployed.read.changed([getAddress(address)]);
    // No response cache: the in-process chain mines a block per transaction, and cached nonces go stale at once.
    provider = new BrowserProvider(eip1193 as Eip1193Provider, CHAIN_ID, { cacheTimeout: -1 });
    // ethr-did-resolver 11 is typed against did-resolver 5 and the CommonJS build of ethers; the objects are the
    // same at run time, so only the types are bridged here.
    const ethrResolver = getResolver({
      networks: [
        { name: "clxend-local", chainId: CHAIN_ID, provider: provider as never, registry },
      ],
    });
    resolver = new Resolver(ethrResolver as unknown as ResolverRegistry);
    identity = devWallet(5, provider);
    newOwner = devWallet(6, provider);
    relayer = devWallet(0, provider);
    stranger = devWallet(9, provider);
  });

  const didOf = (address: string) => `did:ethr:0x${CHAIN_ID.toString(16)}:${address}`;
  const ethrDid = (signer: Wallet) =>
    new EthrDID({
      identifier: identity.address,
      chainNameOrId: CHAIN_ID,
      provider,
      registry,
      txSigner: signer,
    });

  it("resolves a fresh identity to a document controlled by its own address", async () => {
    const { didDocument, didResolutionMetadata } = await resolver.resolve(didOf(identity.address));

    assert.equal(didResolutionMetadata.error, undefined);
    assert.equal(didDocument?.id, didOf(identity.address));
    const controller = didDocument?.verificationMethod?.find((method) =>
      method.id.endsWith("#controller"),
    );
    assert.equal(controller?.blockchainAccountId, `eip155:${CHAIN_ID}:${identity.address}`);
  });

  it("records an owner change made by the identity itself", async () => {
    await ethrDid(identity).changeOwner(newOwner.address);

    const { didDocument } = await resolver.resolve(didOf(identity.address));

    const controller = didDocument?.verificationMethod?.find((method) =>
      method.id.endsWith("#controller"),
    );
    assert.equal(controller?.blockchainAccountId, `eip155:${CHAIN_ID}:${newOwner.address}`);
  });

  it("adds a delegate and a service endpoint sent by the new owner", async () => {
    const asOwner = ethrDid(newOwner);

    await asOwner.addDelegate(veriKeyDelegate, {
      delegateType: DelegateTypes.veriKey,
      expiresIn: DAY,
    });
    await asOwner.setAttribute("did/svc/ClxendPay", "https://pay.clxend.example/identity", DAY);

    const { didDocument } = await resolver.resolve(didOf(identity.address));
    const accounts = didDocument?.verificationMethod?.map((method) => method.blockchainAccountId);
    assert.ok(accounts?.includes(`eip155:${CHAIN_ID}:${veriKeyDelegate}`));
    assert.deepEqual(
      didDocument?.service?.map(({ type, serviceEndpoint }) => ({ type, serviceEndpoint })),
      [{ type: "ClxendPay", serviceEndpoint: "https://pay.clxend.example/identity" }],
    );
  });

  it("accepts a service endpoint and a delegate signed by the owner and sent by a relayer", async () => {
    const viaRelayer = ethrDid(relayer);
    const relayerNonceBefore = await provider.getTransactionCount(relayer.address);
    const ownerNonceBefore = await provider.getTransactionCount(newOwner.address);

    const attributeHash = await viaRelayer.createSetAttributeHash(
      "did/svc/MessagingService",
      INBOX,
      DAY,
    );
    await viaRelayer.setAttributeSigned(
      "did/svc/MessagingService",
      INBOX,
      DAY,
      metaSignature(newOwner, attributeHash),
    );
    const delegateHash = await viaRelayer.createAddDelegateHash(
      DelegateTypes.sigAuth,
      sigAuthDelegate,
      DAY,
    );
    await viaRelayer.addDelegateSigned(sigAuthDelegate, metaSignature(newOwner, delegateHash), {
      delegateType: DelegateTypes.sigAuth,
      expiresIn: DAY,
    });

    const { didDocument } = await resolver.resolve(didOf(identity.address));
    const sigAuth = didDocument?.verificationMethod?.find(
      (method) => method.blockchainAccountId === `eip155:${CHAIN_ID}:${sigAuthDelegate}`,
    );
    assert.ok(sigAuth, "the sigAuth delegate is a verification method");
    assert.ok(
      didDocument?.authentication?.includes(sigAuth.id),
      "a sigAuth delegate can authenticate",
    );
    assert.deepEqual(
      didDocument?.service?.map(({ type }) => type),
      ["ClxendPay", "MessagingService"],
    );
    assert.equal(await provider.getTransactionCount(relayer.address), relayerNonceBefore + 2);
    assert.equal(await provider.getTransactionCount(newOwner.address), ownerNonceBefore);
  });

  it("signs attributes with ethr-did's legacy nonce, which no longer matches once the owner signed before", async () => {
    const viaRelayer = ethrDid(relayer);
    const hash = await viaRelayer.createSetAttributeHash("did/svc/LinkedDomains", WEBSITE, DAY);

    await assert.rejects(
      viaRelayer.setAttributeSigned(
        "did/svc/LinkedDomains",
        WEBSITE,
        DAY,
        metaSignature(newOwner, hash),
      ),
      /bad_signature/,
    );
  });

  it("accepts that attribute through ethr-did-resolver's controller with the current nonce scheme", async () => {
    const controller = new EthrDidController(
      identity.address,
      undefined,
      relayer as never,
      String(CHAIN_ID),
      provider as never,
      undefined,
      registry,
      false,
    );
    const hash = await controller.createSetAttributeHash("did/svc/LinkedDomains", WEBSITE, DAY);

    await controller.setAttributeSigned(
      "did/svc/LinkedDomains",
      WEBSITE,
      DAY,
      metaSignature(newOwner, hash),
    );

    const { didDocument } = await resolver.resolve(didOf(identity.address));
    const linked = didDocument?.service?.find(({ type }) => type === "LinkedDomains");
    assert.equal(linked?.serviceEndpoint, WEBSITE);
  });

  it("hands ownership back through an owner change signed by the owner and sent by a relayer", async () => {
    const viaRelayer = ethrDid(relayer);
    const hash = await viaRelayer.createChangeOwnerHash(identity.address);

    await viaRelayer.changeOwnerSigned(identity.address, metaSignature(newOwner, hash));

    const { didDocument } = await resolver.resolve(didOf(identity.address));
    const controller = didDocument?.verificationMethod?.find((method) =>
      method.id.endsWith("#controller"),
    );
    assert.equal(controller?.blockchainAccountId, `eip155:${CHAIN_ID}:${identity.address}`);
  });

  it("rejects a meta-transaction signed by someone who is not the owner", async () => {
    const viaRelayer = ethrDid(relayer);
    const hash = await viaRelayer.createSetAttributeHash(
      "did/svc/Evil",
      "https://evil.example",
      DAY,
    );

    await assert.rejects(
      viaRelayer.setAttributeSigned(
        "did/svc/Evil",
        "https://evil.example",
        DAY,
        metaSignature(stranger, hash),
      ),
      /bad_signature|revert/i,
    );

    const { didDocument } = await resolver.resolve(didOf(identity.address));
    assert.ok(!didDocument?.service?.some(({ type }) => type === "Evil"));
  });

  it("reports the block of the last change as the document version", async () => {
    const lastChange = await lastChangeBlock(identity.address);

    const { didDocumentMetadata } = await resolver.resolve(didOf(identity.address));

    assert.ok(lastChange > 0n);
    assert.equal(didDocumentMetadata.versionId, lastChange.toString());
  });
});
