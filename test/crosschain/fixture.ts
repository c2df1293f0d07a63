// Shared setup for the CCIP bridge tests: Chainlink's in-process simulator, a bridge sender and receiver joined by a
// lane each way, KYC'd wallets, co-signed approvals and hand-built CCIP messages for the router to route.
import type { NetworkConnection } from "hardhat/types/network";
import {
  type Address,
  erc20Abi,
  getContract,
  type Hex,
  keccak256,
  maxUint256,
  pad,
  parseEther,
  stringToHex,
  toHex,
  zeroAddress,
  zeroHash,
} from "viem";
import { type PrivateKeyAccount, privateKeyToAccount } from "viem/accounts";
import {
  APPROVAL_TYPES,
  type Approval,
  CLAIM_KEY,
  CLAIM_TYPES,
  COMPLIANCE_SIGNER_KEY,
  type CoSignature,
  claimHashOf,
  DAY,
  HOUR,
  OTHER_SIGNER_KEY,
  USD,
} from "../contracts/fixture.ts";
import {
  encodeRemittanceMessage,
  GAS_FOR_CALL_EXACT_CHECK,
} from "../../scripts/stack/ccip-relayer.ts";

export { encodeRemittanceMessage, GAS_FOR_CALL_EXACT_CHECK };

/** The selector the simulator's router stamps on every message it sends: Ethereum Sepolia. */
export const SOURCE_SELECTOR = 16015286601757825753n;
/** The chain the test sends to: Polygon Amoy (the simulator delivers on the same in-process chain). */
export const DESTINATION_SELECTOR = 16281711391670634445n;
export const SOURCE_CHAIN_ID = 11155111n;
export const DESTINATION_CHAIN_ID = 80002n;
/** Another real selector (Ethereum mainnet) for which no lane exists. */
export const UNKNOWN_SELECTOR = 5009297550715157269n;

export const FEE_BPS = 50;
export const CCIP_FEE = parseEther("0.01");
export const LANE_LIMIT = 1_000n * USD;
export const LANE_WINDOW = Number(DAY);
export const DESTINATION_GAS_LIMIT = 300_000n;

/** The Any2EVMMessage the router hands to a receiver. */
export interface Any2EvmMessage {
  messageId: Hex;
  sourceChainSelector: bigint;
  sender: Hex;
  data: Hex;
  destTokenAmounts: readonly { token: Address; amount: bigint }[];
}

/** A transfer the receiver holds after a failed delivery, as CrossChainDeliveryFailed reports it. */
export interface InboundTransfer {
  remittanceId: Hex;
  sourceChainSelector: bigint;
  sender: Address;
  recipient: Address;
  claimHash: Hex;
  expiresAt: bigint;
  token: Address;
  amount: bigint;
}

/** The remittance id of a nonce, as bytes32. */
export const idOf = (nonce: bigint): Hex => pad(toHex(nonce), { size: 32 });

/** Deploys the simulator, a KYC registry, tUSD, the bridge sender ("on Sepolia") and receiver ("on Amoy"). */
export async function deployBridge(connection: NetworkConnection) {
  const { viem, networkHelpers } = connection;
  const wallets = await viem.getWalletClients();
  const [admin, pauser, treasury, kycProvider, alice, bob, carol, stranger] = wallets;
  if (!admin || !pauser || !treasury || !kycProvider || !alice || !bob || !carol || !stranger) {
    throw new Error("The network has too few accounts");
  }
  const signer = privateKeyToAccount(COMPLIANCE_SIGNER_KEY);
  const otherSigner = privateKeyToAccount(OTHER_SIGNER_KEY);
  const claimKey = privateKeyToAccount(CLAIM_KEY);
  const publicClient = await viem.getPublicClient();
  const chainId = BigInt(await publicClient.getChainId());

  const simulator = await viem.deployContract("CCIPLocalSimulator");
  const [, routerAddress, , , linkAddress] = await simulator.read.configuration();
  const router = await viem.getContractAt("MockCCIPRouter", routerAddress);
  const link = getContract({
    address: linkAddress,
    abi: erc20Abi,
    client: { public: publicClient, wallet: admin },
  });
  const token = await viem.deployContract("TestStablecoin", [admin.account.address]);
  const kyc = await viem.deployContract("KycRegistry", [
    admin.account.address,
    kycProvider.account.address,
  ]);
  const sender = await viem.deployContract("CcipRemittanceSender", [
    admin.account.address,
    signer.address,
    pauser.account.address,
    treasury.account.address,
    FEE_BPS,
    kyc.address,
    routerAddress,
    linkAddress,
    SOURCE_SELECTOR,
  ]);
  const receiver = await viem.deployContract("CcipRemittanceReceiver", [
    admin.account.address,
    pauser.account.address,
    kyc.address,
    routerAddress,
    DESTINATION_SELECTOR,
  ]);
  await router.write.setFee([CCIP_FEE]);

  /** Points both ends of the lane at `laneToken` with the given rate limits. */
  async function configureLanes(
    laneToken: Address,
    outboundLimit = LANE_LIMIT,
    inboundLimit = LANE_LIMIT,
  ) {
    await sender.write.setLane([
      {
        remoteChainSelector: DESTINATION_SELECTOR,
        remoteChainId: DESTINATION_CHAIN_ID,
        remoteBridge: receiver.address,
        token: laneToken,
        rateLimitAmount: outboundLimit,
        rateLimitWindow: LANE_WINDOW,
      },
    ]);
    await receiver.write.setLane([
      {
        remoteChainSelector: SOURCE_SELECTOR,
        remoteChainId: SOURCE_CHAIN_ID,
        remoteBridge: sender.address,
        token: laneToken,
        rateLimitAmount: inboundLimit,
        rateLimitWindow: LANE_WINDOW,
      },
    ]);
  }
  await configureLanes(token.address);

  const now = BigInt(await networkHelpers.time.latest());
  for (const wallet of [alice, bob, carol]) {
    await kyc.write.attest([wallet.account.address, 2, now + 365n * DAY, keccak256("0x01")], {
      account: kycProvider.account,
    });
  }
  for (const wallet of [alice, bob]) {
    await token.write.mint([wallet.account.address, 100_000n * USD]);
    await token.write.approve([sender.address, maxUint256], { account: wallet.account });
  }

  const aliceAddress = alice.account.address;
  const bobAddress = bob.account.address;
  const domain = {
    name: "CLXEND Bridge",
    version: "1",
    chainId,
    verifyingContract: sender.address,
  } as const;
  const receiverDomain = { ...domain, verifyingContract: receiver.address } as const;
  let nonce = 0n;

  /** An approval for a direct cross-chain send of 100 tUSD from alice to bob on Amoy; override any field. */
  async function approvalFor(overrides: Partial<Approval> = {}): Promise<Approval> {
    const amount = overrides.amount ?? 100n * USD;
    const latest = BigInt(await networkHelpers.time.latest());
    return {
      sender: aliceAddress,
      recipient: bobAddress,
      claimHash: zeroHash,
      token: token.address,
      amount,
      fee: (amount * BigInt(FEE_BPS)) / 10_000n,
      memoHash: keccak256(stringToHex("school fees")),
      travelRuleHash: keccak256(stringToHex("ivms101 payload")),
      destinationChainId: DESTINATION_CHAIN_ID,
      nonce: nonce++,
      deadline: latest + HOUR,
      ...overrides,
    };
  }

  /** An approval for a cross-chain escrow send from alice to the test claim key. */
  function escrowApprovalFor(overrides: Partial<Approval> = {}): Promise<Approval> {
    return approvalFor({
      recipient: zeroAddress,
      claimHash: claimHashOf(claimKey.address),
      ...overrides,
    });
  }

  /** Co-signs `approval` with `by` (the compliance signer unless given) in `signDomain` (the sender's unless given). */
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

  /** The claim key's signature letting `claimer` claim escrow `id` on the receiver. */
  function signClaim(id: Hex, claimer: Address, key: PrivateKeyAccount = claimKey): Promise<Hex> {
    return key.signTypedData({
      domain: receiverDomain,
      types: CLAIM_TYPES,
      primaryType: "Claim",
      message: { id, claimer },
    });
  }

  /** The message the router delivers for `approval`, with the given message id (for replays and forgeries). */
  function messageFor(approval: Approval, messageId: Hex, expiresAt = 0n): Any2EvmMessage {
    return {
      messageId,
      sourceChainSelector: SOURCE_SELECTOR,
      sender: pad(sender.address, { size: 32 }),
      data: encodeRemittanceMessage({
        remittanceId: idOf(approval.nonce),
        sender: approval.sender,
        recipient: approval.recipient,
        claimHash: approval.claimHash,
        expiresAt,
        sourceAmount: approval.amount,
      }),
      destTokenAmounts: [{ token: approval.token, amount: approval.amount }],
    };
  }

  /** What routeMessage would return for `message` (success flag and the receiver's revert data). */
  async function route(message: Any2EvmMessage) {
    const { result } = await router.simulate.routeMessage([
      message,
      GAS_FOR_CALL_EXACT_CHECK,
      DESTINATION_GAS_LIMIT,
      receiver.address,
    ]);
    const [success, retData] = result;
    return { success, retData };
  }

  return {
    connection,
    viem,
    networkHelpers,
    publicClient,
    chainId,
    simulator,
    router,
    link,
    token,
    kyc,
    sender,
    receiver,
    signer,
    otherSigner,
    claimKey,
    wallets: { admin, pauser, treasury, kycProvider, alice, bob, carol, stranger },
    configureLanes,
    approvalFor,
    escrowApprovalFor,
    coSign,
    signClaim,
    messageFor,
    route,
  };
}

export type Bridge = Awaited<ReturnType<typeof deployBridge>>;
