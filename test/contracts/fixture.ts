// Shared setup for the contract tests and the gas benchmark: deploys the suite, KYCs wallets and signs approvals.
import type { NetworkConnection } from "hardhat/types/network";
import {
  type Address,
  encodePacked,
  type Hex,
  keccak256,
  maxUint256,
  parseSignature,
  stringToHex,
  zeroAddress,
  zeroHash,
} from "viem";
import { type PrivateKeyAccount, privateKeyToAccount } from "viem/accounts";
import {
  APPROVAL_TYPES,
  CLAIM_TYPES,
  PERMIT_TYPES,
  remittanceDomain,
} from "../../deploy/eip712.ts";

export { APPROVAL_TYPES, CLAIM_TYPES, PERMIT_TYPES };

export interface Approval {
  sender: Address;
  recipient: Address;
  claimHash: Hex;
  token: Address;
  amount: bigint;
  fee: bigint;
  memoHash: Hex;
  travelRuleHash: Hex;
  destinationChainId: bigint;
  nonce: bigint;
  deadline: bigint;
}

export interface EscrowTerms {
  sender: Address;
  token: Address;
  amount: bigint;
  claimHash: Hex;
  expiresAt: bigint;
}

export interface CoSignature {
  signer: Address;
  signature: Hex;
}

export interface Permit {
  value: bigint;
  deadline: bigint;
  v: number;
  r: Hex;
  s: Hex;
}

/** Order of the secp256k1 group; s and n - s are the two valid s values of one signature. */
export const SECP256K1_N = 0xfffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141n;

/** Fixed keys so that every run signs the same bytes (not funded: they only sign). */
export const COMPLIANCE_SIGNER_KEY = keccak256(stringToHex("clxend test compliance signer"));
export const OTHER_SIGNER_KEY = keccak256(stringToHex("clxend test other signer"));
export const CLAIM_KEY = keccak256(stringToHex("clxend test claim key"));

export const HOUR = 3_600n;
export const DAY = 86_400n;
export const USD = 1_000_000n;
export const DEFAULT_FEE_BPS = 50;
export const MERCHANT_FEE_BPS = 150;

/** keccak256 of a claim key's address, as IRemittance defines a claim hash. */
export function claimHashOf(claimKeyAddress: Address): Hex {
  return keccak256(encodePacked(["address"], [claimKeyAddress]));
}

/** Rewrites a 65-byte signature into its high-s twin (s' = n - s, v flipped): same signer, different bytes. */
export function malleate(signature: Hex): Hex {
  const { r, s, yParity } = parseSignature(signature);
  const highS = SECP256K1_N - BigInt(s);
  const v = yParity === 0 ? 28 : 27;
  return `${r}${highS.toString(16).padStart(64, "0")}${v.toString(16)}` as Hex;
}

/** Deploys KycRegistry, MerchantRegistry, AuditAnchor, TestStablecoin and Remittance with the given default fee. */
export async function deploySuite(connection: NetworkConnection, feeBps: number) {
  const { viem, networkHelpers } = connection;
  const wallets = await viem.getWalletClients();
  const wallet = (index: number) => {
    const found = wallets[index];
    if (!found) throw new Error(`The network has no account #${index}`);
    return found;
  };
  const admin = wallet(0);
  const pauser = wallet(1);
  const treasury = wallet(2);
  const kycProvider = wallet(3);
  const complianceOfficer = wallet(4);
  const anchorer = wallet(5);
  const alice = wallet(6);
  const bob = wallet(7);
  const carol = wallet(8);
  const merchantOwner = wallet(9);
  const merchantPayout = wallet(10);
  const stranger = wallet(11);
  const signer = privateKeyToAccount(COMPLIANCE_SIGNER_KEY);
  const otherSigner = privateKeyToAccount(OTHER_SIGNER_KEY);
  const claimKey = privateKeyToAccount(CLAIM_KEY);
  const publicClient = await viem.getPublicClient();
  const chainId = BigInt(await publicClient.getChainId());

  const token = await viem.deployContract("TestStablecoin", [admin.account.address]);
  const kyc = await viem.deployContract("KycRegistry", [
    admin.account.address,
    kycProvider.account.address,
  ]);
  const merchants = await viem.deployContract("MerchantRegistry", [
    admin.account.address,
    complianceOfficer.account.address,
  ]);
  const anchor = await viem.deployContract("AuditAnchor", [
    admin.account.address,
    anchorer.account.address,
  ]);
  const remittance = await viem.deployContract("Remittance", [
    admin.account.address,
    signer.address,
    pauser.account.address,
    treasury.account.address,
    feeBps,
    kyc.address,
    merchants.address,
    [token.address],
  ]);

  const now = BigInt(await networkHelpers.time.latest());
  for (const wallet of [alice, bob, carol]) {
    await kyc.write.attest([wallet.account.address, 2, now + 365n * DAY, keccak256("0x01")], {
      account: kycProvider.account,
    });
    await token.write.mint([wallet.account.address, 1_000_000n * USD]);
  }
  // alice and bob approve once for good; carol pays only through permits.
  for (const wallet of [alice, bob]) {
    await token.write.approve([remittance.address, maxUint256], { account: wallet.account });
  }
  await token.write.mint([treasury.account.address, 1n]);
  await token.write.mint([merchantPayout.account.address, 1n]);
  await merchants.write.register(
    [
      merchantPayout.account.address,
      merchantOwner.account.address,
      5812,
      keccak256(stringToHex("Café")),
    ],
    { account: merchantOwner.account },
  );
  await merchants.write.setKybStatus([1n, 2, keccak256(stringToHex("kyb ok"))], {
    account: complianceOfficer.account,
  });
  await merchants.write.setFee([1n, MERCHANT_FEE_BPS], { account: complianceOfficer.account });

  const domain = remittanceDomain(chainId, remittance.address);
  let nonce = 0n;

  /** An approval for a direct send from alice to bob at the current default fee; override any field. */
  async function approvalFor(overrides: Partial<Approval> = {}): Promise<Approval> {
    const amount = overrides.amount ?? 100n * USD;
    const latest = BigInt(await networkHelpers.time.latest());
    return {
      sender: alice.account.address,
      recipient: bob.account.address,
      claimHash: zeroHash,
      token: token.address,
      amount,
      fee: overrides.fee ?? (await remittance.read.quoteFee([amount])),
      memoHash: keccak256(stringToHex("rent for March")),
      travelRuleHash: keccak256(stringToHex("ivms101 payload")),
      destinationChainId: chainId,
      nonce: nonce++,
      deadline: latest + HOUR,
      ...overrides,
    };
  }

  /** An approval for an escrow send from alice to the test claim key. */
  function escrowApprovalFor(overrides: Partial<Approval> = {}): Promise<Approval> {
    return approvalFor({
      recipient: zeroAddress,
      claimHash: claimHashOf(claimKey.address),
      ...overrides,
    });
  }

  /** An approval for paying merchant 1 (fee at the merchant's rate). */
  function merchantApprovalFor(overrides: Partial<Approval> = {}): Promise<Approval> {
    const amount = overrides.amount ?? 100n * USD;
    return approvalFor({
      recipient: merchantPayout.account.address,
      amount,
      fee: (amount * BigInt(MERCHANT_FEE_BPS)) / 10_000n,
      ...overrides,
    });
  }

  /** Co-signs `approval` with `by` (the compliance signer unless given) in `signDomain` (this contract's unless given). */
  async function coSign(
    approval: Approval,
    by: PrivateKeyAccount = signer,
    signDomain: {
      name: string;
      version: string;
      chainId: bigint;
      verifyingContract: Address;
    } = domain,
  ): Promise<CoSignature> {
    const signature = await by.signTypedData({
      domain: signDomain,
      types: APPROVAL_TYPES,
      primaryType: "Approval",
      message: approval,
    });
    return { signer: by.address, signature };
  }

  /** The claim key's signature letting `claimer` claim escrow `id`. */
  function signClaim(id: Hex, claimer: Address, key: PrivateKeyAccount = claimKey): Promise<Hex> {
    return key.signTypedData({
      domain,
      types: CLAIM_TYPES,
      primaryType: "Claim",
      message: { id, claimer },
    });
  }

  /** An EIP-2612 permit from `owner` to Remittance for `value`, signed by the owner's wallet. */
  async function permitFor(
    owner: typeof alice,
    value: bigint,
    permitToken = token,
  ): Promise<Permit> {
    const latest = BigInt(await networkHelpers.time.latest());
    const deadline = latest + HOUR;
    const permitNonce = await permitToken.read.nonces([owner.account.address]);
    const signature = await owner.signTypedData({
      account: owner.account,
      domain: {
        name: await permitToken.read.name(),
        version: "1",
        chainId,
        verifyingContract: permitToken.address,
      },
      types: PERMIT_TYPES,
      primaryType: "Permit",
      message: {
        owner: owner.account.address,
        spender: remittance.address,
        value,
        nonce: permitNonce,
        deadline,
      },
    });
    const { r, s, yParity } = parseSignature(signature);
    return { value, deadline, v: yParity + 27, r, s };
  }

  /** The escrow terms matching an escrow approval and expiry. */
  function termsOf(approval: Approval, expiresAt: bigint): EscrowTerms {
    return {
      sender: approval.sender,
      token: approval.token,
      amount: approval.amount,
      claimHash: approval.claimHash,
      expiresAt,
    };
  }

  return {
    connection,
    viem,
    networkHelpers,
    publicClient,
    chainId,
    domain,
    feeBps,
    token,
    kyc,
    merchants,
    anchor,
    remittance,
    signer,
    otherSigner,
    claimKey,
    wallets: {
      admin,
      pauser,
      treasury,
      kycProvider,
      complianceOfficer,
      anchorer,
      alice,
      bob,
      carol,
      merchantOwner,
      merchantPayout,
      stranger,
    },
    approvalFor,
    escrowApprovalFor,
    merchantApprovalFor,
    coSign,
    signClaim,
    permitFor,
    termsOf,
  };
}

export type Suite = Awaited<ReturnType<typeof deploySuite>>;

/** The suite with the default fee (0.5 %). Named so that loadFixture can snapshot it. */
export function suiteWithFee(connection: NetworkConnection): Promise<Suite> {
  return deploySuite(connection, DEFAULT_FEE_BPS);
}

/** The suite without a default fee. */
export function suiteWithoutFee(connection: NetworkConnection): Promise<Suite> {
  return deploySuite(connection, 0);
}
