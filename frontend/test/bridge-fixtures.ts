// Two-chain fixtures for component tests of cross-chain transfers: FakeChain models of the home chain (token, bridge
// sender with its lanes and CCIP fee) and of the second chain (token, bridge receiver; as a source chain also its
// Remittance and bridge sender with a lane back), the co-signature the compliance API returns for a cross-chain
// decision, and cross-chain records as the indexer serves them.
import { type Address, type Hex, zeroHash } from "viem";
import type { CrossChainRow } from "../src/api/indexer.ts";
import {
  bridgeReceiverAbi,
  bridgeSenderAbi,
  permitTokenAbi,
  remittanceAbi,
} from "../src/chain/abis.ts";
import { networksOf } from "../src/config/runtime.ts";
import { type EmittedEvent, FakeChain } from "./fake-chain.ts";
import { DECISION_ID } from "./fixtures.ts";
import { ALICE, BOB, twoChainConfig } from "./render.tsx";

const [homeNetwork, secondNetwork] = networksOf(twoChainConfig);
if (!homeNetwork || !secondNetwork) throw new Error("twoChainConfig has two chains");
export const HOME = homeNetwork;
export const SECOND = secondNetwork;
export const HOME_TOKEN = HOME.token.address;
export const SECOND_TOKEN = SECOND.token.address;
export const BRIDGE = HOME.addressBook.contracts.CcipRemittanceSender?.address as Address;
export const RECEIVER = SECOND.addressBook.contracts.CcipRemittanceReceiver?.address as Address;
/** The second chain's bridge sender and Remittance (sends starting on 31338), and the home chain's receiver. */
export const SECOND_BRIDGE = SECOND.addressBook.contracts.CcipRemittanceSender?.address as Address;
export const SECOND_REMITTANCE = SECOND.addressBook.contracts.Remittance.address;
export const HOME_RECEIVER = HOME.addressBook.contracts.CcipRemittanceReceiver?.address as Address;
export const SECOND_SELECTOR = 1_000_031_338n;
export const HOME_SELECTOR = 1_000_031_337n;
export const MESSAGE_ID: Hex = `0x${"4d".repeat(32)}`;
export const BRIDGE_REMITTANCE_ID: Hex = `0x${"00".repeat(24)}4000000000000001`;
/** The CCIP fee the fake bridge quotes: 0.0015 ETH. */
export const CCIP_FEE = 1_500_000_000_000_000n;

/** The lane struct laneOf returns for a lane to `remoteChainId`'s receiver `remoteBridge` carrying `token`. */
function laneBody(paused: boolean, remoteBridge: Address, remoteChainId: bigint, token: Address) {
  return {
    remoteBridge,
    remoteChainId,
    paused,
    token,
    rateLimitWindow: 86_400,
    windowStart: 0n,
    rateLimitAmount: 50_000_000_000n,
    usedInWindow: 0n,
  };
}

type LaneState = "live" | "paused" | "none";

/**
 * A bridge sender with one lane (`lane`) to `remote` (chain id, selector, receiver) for `token`, quoting CCIP_FEE;
 * every send emits CrossChainRemittanceSent with MESSAGE_ID.
 */
function bridgeSenderModel(
  lane: LaneState,
  token: Address,
  remote: { chainId: bigint; selector: bigint; receiver: Address },
) {
  const sent = (args: readonly unknown[]): EmittedEvent[] => {
    const approval = args[0] as { sender: Address; recipient: Address; amount: bigint };
    return [
      {
        eventName: "CrossChainRemittanceSent",
        args: {
          id: BRIDGE_REMITTANCE_ID,
          messageId: MESSAGE_ID,
          destinationChainSelector: remote.selector,
          sender: approval.sender,
          recipient: approval.recipient,
          amount: approval.amount,
        },
      },
    ];
  };
  const ids = () => [BRIDGE_REMITTANCE_ID, MESSAGE_ID];
  return {
    abi: bridgeSenderAbi,
    read: {
      remoteChainSelectorOf: ([chainId]: readonly unknown[]) =>
        lane !== "none" && chainId === remote.chainId ? remote.selector : 0n,
      laneOf: () => laneBody(lane === "paused", remote.receiver, remote.chainId, token),
      quoteCcipFee: () => CCIP_FEE,
      send: ids,
      sendWithPermit: ids,
      sendToEscrow: ids,
      sendToEscrowWithPermit: ids,
    },
    write: {
      send: sent,
      sendWithPermit: sent,
      sendToEscrow: sent,
      sendToEscrowWithPermit: sent,
    },
  };
}

function tokenModel(chainId: number, token: Address, balance: bigint, allowance: bigint) {
  return {
    abi: permitTokenAbi,
    read: {
      balanceOf: () => balance,
      allowance: () => allowance,
      nonces: () => 0n,
      eip712Domain: () => ["0x0f", "CLXEND Test Dollar", "1", BigInt(chainId), token, zeroHash, []],
    },
    write: { approve: () => [] },
  };
}

/**
 * The home chain: alice holds `balance` tUSD, the bridge sender has a lane to 31338 (`lane`: live, paused or none)
 * and quotes CCIP_FEE; every cross-chain send emits CrossChainRemittanceSent with MESSAGE_ID.
 */
export function homeNode(options: { balance?: bigint; allowance?: bigint; lane?: LaneState } = {}) {
  return new FakeChain(31337)
    .contract(
      HOME_TOKEN,
      tokenModel(31337, HOME_TOKEN, options.balance ?? 100_000_000n, options.allowance ?? 0n),
    )
    .contract(
      BRIDGE,
      bridgeSenderModel(options.lane ?? "live", HOME_TOKEN, {
        chainId: 31338n,
        selector: SECOND_SELECTOR,
        receiver: RECEIVER,
      }),
    );
}

/** Remittance id of a local send on the second chain. */
export const SECOND_REMITTANCE_ID: Hex = `0x${"00".repeat(31)}2b`;

/**
 * The second chain as the chain a send starts on: its token (alice holds `balance` tUSD), its Remittance accepting
 * every send (RemittanceSent with SECOND_REMITTANCE_ID), its bridge sender with a lane back to 31337 (`lane`), and the
 * bridge receiver of secondNode.
 */
export function secondSourceNode(options: { balance?: bigint; lane?: LaneState } = {}) {
  const sent = (args: readonly unknown[], from: Address): EmittedEvent[] => {
    const approval = args[0] as { recipient: Address; amount: bigint };
    return [
      {
        eventName: "RemittanceSent",
        args: {
          id: SECOND_REMITTANCE_ID,
          sender: from,
          recipient: approval.recipient,
          amount: approval.amount,
        },
      },
    ];
  };
  return secondNode()
    .contract(SECOND_TOKEN, tokenModel(31338, SECOND_TOKEN, options.balance ?? 100_000_000n, 0n))
    .contract(SECOND_REMITTANCE, {
      abi: remittanceAbi,
      read: { send: () => SECOND_REMITTANCE_ID, sendWithPermit: () => SECOND_REMITTANCE_ID },
      write: { send: sent, sendWithPermit: sent },
    })
    .contract(
      SECOND_BRIDGE,
      bridgeSenderModel(options.lane ?? "live", SECOND_TOKEN, {
        chainId: 31337n,
        selector: HOME_SELECTOR,
        receiver: HOME_RECEIVER,
      }),
    );
}

/**
 * The second chain: its token and the bridge receiver, whose writes succeed (retries, refunds, claims). `state` is
 * read on every call, so a test can open the escrow (the message arrived) while the screen is up.
 */
export function secondNode(state: { escrowOpen: boolean } = { escrowOpen: false }) {
  return new FakeChain(31338)
    .contract(SECOND_TOKEN, tokenModel(31338, SECOND_TOKEN, 0n, 0n))
    .contract(RECEIVER, {
      abi: bridgeReceiverAbi,
      read: {
        isEscrowOpen: () => state.escrowOpen,
        isDeliveryFailed: () => true,
      },
      write: {
        retryFailedDelivery: () => [],
        refundFailedDelivery: () => [],
        refundEscrow: () => [],
        claim: () => [],
      },
    });
}

/**
 * A co-signature the compliance API answers for a cross-chain decision (the bridge's domain): from the home chain to
 * 31338, or with `from: "second"` from 31338's bridge to 31337.
 */
export function bridgeCosignBody(
  overrides: { contract?: string; recipient?: Address; from?: "home" | "second" } = {},
) {
  const second = overrides.from === "second";
  return {
    decisionId: DECISION_ID,
    remittanceId: BRIDGE_REMITTANCE_ID,
    approval: {
      sender: ALICE,
      recipient: overrides.recipient ?? BOB,
      claimHash: zeroHash as Hex,
      token: second ? SECOND_TOKEN : HOME_TOKEN,
      amount: "25000000",
      fee: "125000",
      memoHash: zeroHash,
      travelRuleHash: zeroHash,
      destinationChainId: second ? "31337" : "31338",
      nonce: "4611686018427387905",
      deadline: "1900000000",
    },
    coSignature: {
      signer: "0x70997970C51812dc3A010C7d01b50e0d17dc79C8",
      signature: `0x${"11".repeat(65)}`,
    },
    contract: overrides.contract ?? "CcipRemittanceSender",
    domain: {
      name: "CLXEND Bridge",
      version: "1",
      chainId: second ? 31338 : 31337,
      verifyingContract: second ? SECOND_BRIDGE : BRIDGE,
    },
  };
}

/**
 * A co-signature for a local send on 31338 (alice → bob), in the domain of 31338's Remittance unless `domain` says
 * otherwise (a service that signed for another chain or contract).
 */
export function secondRemittanceCosignBody(
  domain: { chainId?: number; verifyingContract?: Address } = {},
) {
  return {
    decisionId: DECISION_ID,
    remittanceId: SECOND_REMITTANCE_ID,
    approval: {
      sender: ALICE,
      recipient: BOB,
      claimHash: zeroHash,
      token: SECOND_TOKEN,
      amount: "25000000",
      fee: "125000",
      memoHash: zeroHash,
      travelRuleHash: zeroHash,
      destinationChainId: "31338",
      nonce: "1",
      deadline: "1900000000",
    },
    coSignature: {
      signer: "0x70997970C51812dc3A010C7d01b50e0d17dc79C8",
      signature: `0x${"11".repeat(65)}`,
    },
    contract: "Remittance",
    domain: {
      name: "CLXEND Remittance",
      version: "1",
      chainId: domain.chainId ?? 31338,
      verifyingContract: domain.verifyingContract ?? SECOND_REMITTANCE,
    },
  };
}

const NOW = Math.floor(Date.now() / 1000);

/** A cross-chain record as GET /api/crosschain/:messageId returns it; delivered alice → bob by default. */
export function crossChainRow(overrides: Partial<CrossChainRow> = {}): CrossChainRow {
  return {
    kind: "crosschain",
    messageId: MESSAGE_ID,
    remittanceId: BRIDGE_REMITTANCE_ID,
    status: "delivered",
    sender: ALICE,
    recipient: BOB,
    claimHash: null,
    expiresAt: null,
    sourceChainId: 31337,
    sourceChainSelector: HOME_SELECTOR.toString(),
    sourceContract: BRIDGE,
    sourceToken: HOME_TOKEN,
    amount: "25000000",
    fee: "125000",
    ccipFeeToken: null,
    ccipFee: CCIP_FEE.toString(),
    sentBlock: "101",
    sentTimestamp: String(NOW - 120),
    sentTx: `0x${"5e".repeat(32)}`,
    destinationChainId: 31338,
    destinationChainSelector: SECOND_SELECTOR.toString(),
    destinationContract: RECEIVER,
    destinationToken: SECOND_TOKEN,
    deliveredAmount: "25000000",
    receivedTimestamp: String(NOW - 60),
    receivedTx: `0x${"de".repeat(32)}`,
    deliveredTx: `0x${"de".repeat(32)}`,
    failedTx: null,
    failureReason: null,
    retries: 0,
    claimer: null,
    settledTimestamp: null,
    settledTx: null,
    ...overrides,
  };
}
