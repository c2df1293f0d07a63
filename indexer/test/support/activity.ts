// Random but valid CLXEND activity on a test chain: KYC, DIDs, merchants, direct sends, escrows (claimed, refunded,
// left open), merchant payments, token transfers, audit anchors and admin changes, many transactions per block.
import {
  type Abi,
  type Address,
  decodeFunctionResult,
  encodeFunctionData,
  encodePacked,
  type Hex,
  keccak256,
  maxUint256,
  numberToHex,
  toHex,
} from "viem";
import { privateKeyToAccount, privateKeyToAddress } from "viem/accounts";
import { APPROVAL_TYPES, CLAIM_TYPES, remittanceDomain } from "../../../deploy/eip712.ts";
import { artifact, DEPLOYER_KEY, type Deployment, SIGNER_KEY, type TestChain } from "./chain.ts";

/** Small seeded PRNG (mulberry32) so a failing run can be replayed with the same seed. */
export function random(seed: number) {
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
  return {
    next,
    int: (max: number) => Math.floor(next() * max),
    pick: <item>(items: readonly item[]): item => items[Math.floor(next() * items.length)] as item,
  };
}

type Call = { from: Address; to: Address; data: Hex };
type Escrow = {
  id: Hex;
  sender: Address;
  amount: bigint;
  claimHash: Hex;
  expiresAt: bigint;
  claimKey: Hex;
};

const admin = privateKeyToAccount(DEPLOYER_KEY).address;
const signer = privateKeyToAccount(SIGNER_KEY);
const DID_TYPES = [keccak256(toHex("veriKey")), keccak256(toHex("sigAuth"))] as const;
const DID_NAMES = [
  keccak256(toHex("did/svc/MessagingService")),
  keccak256(toHex("did/pub/Secp256k1/veriKey/hex")),
];

export class ActivityGenerator {
  readonly users: Address[];
  readonly escrows: Escrow[] = [];
  private readonly rng;
  private readonly abi: Record<string, Abi> = {};
  private nonce = 1n;
  private feeBps = 50n;
  private readonly kycOff = new Set<Address>();
  private readonly merchants: {
    id: bigint;
    owner: Address;
    payout: Address;
    feeBps: bigint;
    approved: boolean;
  }[] = [];
  private readonly didOwner = new Map<Address, Address>();
  private anchorSequence = 0n;
  /** Next transaction nonce of each sending wallet (anvil would hand out duplicates within one batch). */
  readonly txNonces = new Map<Address, number>();
  remittances = 0;
  transactions = 0;

  constructor(
    readonly chain: TestChain,
    readonly deployment: Deployment,
    seed: number,
    userCount = 80,
    firstNonce = 1n,
  ) {
    this.rng = random(seed);
    this.nonce = firstNonce;
    this.users = Array.from({ length: userCount }, (_, i) =>
      privateKeyToAddress(
        keccak256(encodePacked(["uint256", "uint256"], [BigInt(seed), BigInt(i)])),
      ),
    );
    for (const name of [
      "Remittance",
      "KycRegistry",
      "MerchantRegistry",
      "AuditAnchor",
      "DIDRegistry",
      "TestStablecoin",
    ]) {
      this.abi[name] = artifact(name).abi;
    }
  }

  private call(
    contract: keyof Omit<Deployment, "blocks">,
    from: Address,
    functionName: string,
    args: unknown[],
  ): Call {
    const data = encodeFunctionData({ abi: this.abi[contract] as Abi, functionName, args });
    return { from, to: this.deployment[contract], data };
  }

  private async read(
    contract: keyof Omit<Deployment, "blocks">,
    functionName: string,
    args: unknown[],
  ): Promise<unknown> {
    const abi = this.abi[contract] as Abi;
    const data = await this.chain.rpc<Hex>("eth_call", [
      { to: this.deployment[contract], data: encodeFunctionData({ abi, functionName, args }) },
      "latest",
    ]);
    return decodeFunctionResult({ abi, functionName, data });
  }

  /** Sends the calls, mines one block and checks that none reverted. */
  async block(calls: Call[]): Promise<void> {
    const unknown = [...new Set(calls.map((call) => call.from))].filter(
      (from) => !this.txNonces.has(from),
    );
    const counts = await this.chain.batch<Hex>(
      unknown.map((from) => ({ method: "eth_getTransactionCount", params: [from, "pending"] })),
    );
    for (const [i, from] of unknown.entries()) this.txNonces.set(from, Number(counts[i]));
    const sends = calls.map((call) => {
      const nonce = this.txNonces.get(call.from) as number;
      this.txNonces.set(call.from, nonce + 1);
      return {
        method: "eth_sendTransaction",
        params: [{ ...call, gas: numberToHex(1_500_000), nonce: numberToHex(nonce) }],
      };
    });
    for (let i = 0; i < sends.length; i += 250) await this.chain.batch(sends.slice(i, i + 250));
    await this.chain.mine(1);
    this.transactions += calls.length;
    const receipts = await this.chain.rpc<{ status: Hex; transactionHash: Hex }[]>(
      "eth_getBlockReceipts",
      ["latest"],
    );
    const failed = receipts.filter((receipt) => receipt.status !== "0x1");
    if (failed.length > 0)
      throw new Error(`${failed.length} of ${receipts.length} generated transactions reverted`);
  }

  async timestamp(): Promise<bigint> {
    const block = await this.chain.rpc<{ timestamp: Hex }>("eth_getBlockByNumber", [
      "latest",
      false,
    ]);
    return BigInt(block.timestamp);
  }

  private kycd(): Address[] {
    return this.users.filter((user) => !this.kycOff.has(user));
  }

  /** Wallets get ETH, tokens, KYC and an allowance for Remittance; a few register as merchants. */
  async setup(): Promise<void> {
    await this.chain.rpc("evm_setAutomine", [false]);
    await this.chain.batch(
      this.users.map((user) => ({ method: "anvil_setBalance", params: [user, toHex(10n ** 20n)] })),
    );
    const now = await this.timestamp();
    const calls: Call[] = [];
    for (const user of this.users) {
      calls.push(this.call("TestStablecoin", admin, "mint", [user, 10n ** 14n]));
      calls.push(
        this.call("KycRegistry", admin, "attest", [
          user,
          1 + this.rng.int(2),
          now + 365n * 86_400n,
          keccak256(user),
        ]),
      );
      calls.push(
        this.call("TestStablecoin", user, "approve", [this.deployment.Remittance, maxUint256]),
      );
    }
    await this.block(calls);

    // Another generator may have run on this chain before: continue its merchant ids and anchor sequence.
    const [merchantCount, latest] = await Promise.all([
      this.read("MerchantRegistry", "merchantCount", []) as Promise<bigint>,
      this.read("AuditAnchor", "latest", []) as Promise<{ sequence: bigint }>,
    ]);
    this.anchorSequence = latest.sequence / 10n;
    this.feeBps = BigInt((await this.read("Remittance", "feeBps", [])) as number);
    const register: Call[] = [];
    for (let i = 0; i < 8; i++) {
      const owner = this.users[i] as Address;
      register.push(
        this.call("MerchantRegistry", owner, "register", [
          owner,
          owner,
          5411 + i,
          keccak256(toHex(`shop ${i}`)),
        ]),
      );
      this.merchants.push({
        id: merchantCount + BigInt(i + 1),
        owner,
        payout: owner,
        feeBps: 0n,
        approved: false,
      });
    }
    await this.block(register);
    await this.block(
      this.merchants.map((merchant) =>
        this.call("MerchantRegistry", admin, "setKybStatus", [merchant.id, 2, keccak256("0x01")]),
      ),
    );
    for (const merchant of this.merchants) merchant.approved = true;
  }

  private async approval(
    sender: Address,
    recipient: Address,
    claimHash: Hex,
    amount: bigint,
    feeBps: bigint,
  ) {
    const nonce = this.nonce++;
    const message = {
      sender,
      recipient,
      claimHash,
      token: this.deployment.TestStablecoin,
      amount,
      fee: (amount * feeBps) / 10_000n,
      memoHash: keccak256(toHex(`memo ${nonce}`)),
      travelRuleHash: `0x${"00".repeat(32)}` as Hex,
      destinationChainId: 31337n,
      nonce,
      deadline: 2n ** 40n,
    };
    const signature = await signer.signTypedData({
      domain: remittanceDomain(31337, this.deployment.Remittance),
      types: APPROVAL_TYPES,
      primaryType: "Approval",
      message,
    });
    return { approval: message, coSignature: { signer: signer.address, signature } };
  }

  /** One block of sends: direct, escrow and merchant payments between wallets with KYC in force. */
  async sendBlock(count: number): Promise<void> {
    const people = this.kycd();
    const payable = this.merchants.filter((merchant) => merchant.approved);
    const now = await this.timestamp();
    const calls: Call[] = [];
    for (let i = 0; i < count; i++) {
      const sender = this.rng.pick(people);
      const amount = BigInt(1 + this.rng.int(5_000)) * 10_000n;
      const kind = this.rng.next();
      const zero = `0x${"00".repeat(32)}` as Hex;
      if (kind < 0.6) {
        let recipient = this.rng.pick(people);
        if (recipient === sender)
          recipient = people[(people.indexOf(sender) + 1) % people.length] as Address;
        const { approval, coSignature } = await this.approval(
          sender,
          recipient,
          zero,
          amount,
          this.feeBps,
        );
        calls.push(this.call("Remittance", sender, "send", [approval, coSignature]));
      } else if (kind < 0.85 || payable.length === 0) {
        const claimKey = keccak256(encodePacked(["string", "uint256"], ["claim", this.nonce]));
        const claimHash = keccak256(privateKeyToAddress(claimKey));
        const expiresAt = now + 7_200n;
        const { approval, coSignature } = await this.approval(
          sender,
          `0x${"00".repeat(20)}`,
          claimHash,
          amount,
          this.feeBps,
        );
        calls.push(
          this.call("Remittance", sender, "sendToEscrow", [approval, expiresAt, coSignature]),
        );
        this.escrows.push({
          id: toHex(approval.nonce, { size: 32 }),
          sender,
          amount,
          claimHash,
          expiresAt,
          claimKey,
        });
      } else {
        const merchant = this.rng.pick(payable);
        if (merchant.payout === sender) continue;
        const { approval, coSignature } = await this.approval(
          sender,
          merchant.payout,
          zero,
          amount,
          merchant.feeBps,
        );
        calls.push(
          this.call("Remittance", sender, "payMerchant", [merchant.id, approval, coSignature]),
        );
      }
      this.remittances++;
    }
    await this.block(calls);
  }

  /** Claims `share` of the open escrows to random wallets with KYC in force (before they expire). */
  async claimBlock(share: number): Promise<void> {
    const open = this.escrows.filter(() => this.rng.next() < share);
    const calls: Call[] = [];
    for (const escrow of open) {
      const claimer = this.rng.pick(this.kycd());
      const signature = await privateKeyToAccount(escrow.claimKey).signTypedData({
        domain: remittanceDomain(31337, this.deployment.Remittance),
        types: CLAIM_TYPES,
        primaryType: "Claim",
        message: { id: escrow.id, claimer },
      });
      const terms = {
        sender: escrow.sender,
        token: this.deployment.TestStablecoin,
        amount: escrow.amount,
        claimHash: escrow.claimHash,
        expiresAt: escrow.expiresAt,
      };
      calls.push(this.call("Remittance", claimer, "claim", [escrow.id, terms, signature]));
      this.escrows.splice(this.escrows.indexOf(escrow), 1);
    }
    await this.block(calls);
  }

  /** Refunds `share` of the open escrows once they expired (moves time past every expiry first). */
  async refundBlock(share: number): Promise<void> {
    await this.chain.rpc("evm_increaseTime", [3 * 3_600]);
    const calls: Call[] = [];
    for (const escrow of this.escrows.filter(() => this.rng.next() < share)) {
      const terms = {
        sender: escrow.sender,
        token: this.deployment.TestStablecoin,
        amount: escrow.amount,
        claimHash: escrow.claimHash,
        expiresAt: escrow.expiresAt,
      };
      calls.push(this.call("Remittance", escrow.sender, "refund", [escrow.id, terms]));
      this.escrows.splice(this.escrows.indexOf(escrow), 1);
    }
    await this.block(calls);
  }

  /** One block of state changes: KYC, DIDs, merchants, anchors and plain transfers. */
  async changeBlock(): Promise<void> {
    const now = await this.timestamp();
    const calls: Call[] = [];
    // KYC: re-attest some, revoke one, restore the previously revoked ones.
    for (const user of this.kycOff)
      calls.push(
        this.call("KycRegistry", admin, "attest", [user, 2, now + 30n * 86_400n, keccak256(user)]),
      );
    const restored = new Set(this.kycOff);
    this.kycOff.clear();
    for (let i = 0; i < 5; i++) {
      const user = this.rng.pick(this.users);
      if (restored.has(user) || this.kycOff.has(user)) continue;
      if (i === 0) {
        calls.push(this.call("KycRegistry", admin, "revoke", [user, keccak256(toHex("reason"))]));
        this.kycOff.add(user);
      } else {
        calls.push(
          this.call("KycRegistry", admin, "attest", [
            user,
            1 + this.rng.int(2),
            now + BigInt(1 + this.rng.int(400)) * 86_400n,
            keccak256(toHex(i)),
          ]),
        );
      }
    }
    // DIDs: owners, delegates and attributes, each sent by the identity's current owner.
    for (let i = 0; i < 6; i++) {
      const identity = this.rng.pick(this.users.slice(this.users.length / 2));
      if (
        calls.some(
          (call) =>
            call.data.includes(identity.slice(2).toLowerCase()) &&
            call.to === this.deployment.DIDRegistry,
        )
      )
        continue;
      const owner = this.didOwner.get(identity) ?? identity;
      const other = this.rng.pick(this.users.slice(this.users.length / 8, this.users.length / 2));
      const op = this.rng.int(5);
      if (op === 0) {
        calls.push(this.call("DIDRegistry", owner, "changeOwner", [identity, other]));
        this.didOwner.set(identity, other);
      } else if (op === 1)
        calls.push(
          this.call("DIDRegistry", owner, "addDelegate", [
            identity,
            this.rng.pick(DID_TYPES),
            other,
            86_400n * 30n,
          ]),
        );
      else if (op === 2)
        calls.push(
          this.call("DIDRegistry", owner, "revokeDelegate", [
            identity,
            this.rng.pick(DID_TYPES),
            other,
          ]),
        );
      else if (op === 3)
        calls.push(
          this.call("DIDRegistry", owner, "setAttribute", [
            identity,
            this.rng.pick(DID_NAMES),
            toHex(`value ${this.rng.int(3)}`),
            86_400n * 365n,
          ]),
        );
      else
        calls.push(
          this.call("DIDRegistry", owner, "revokeAttribute", [
            identity,
            this.rng.pick(DID_NAMES),
            toHex(`value ${this.rng.int(3)}`),
          ]),
        );
    }
    // Merchants: one new payout (back to pending), one suspension, re-approval of the rest, one fee change.
    const merchant = this.rng.pick(this.merchants);
    const op = this.rng.int(3);
    if (op === 0) {
      merchant.payout = this.rng.pick(this.users.slice((this.users.length * 3) / 4));
      calls.push(
        this.call("MerchantRegistry", merchant.owner, "setPayout", [merchant.id, merchant.payout]),
      );
      merchant.approved = false;
    } else if (op === 1) {
      calls.push(
        this.call("MerchantRegistry", admin, "setKybStatus", [merchant.id, 3, keccak256("0x02")]),
      );
      merchant.approved = false;
    } else {
      merchant.feeBps = BigInt(this.rng.int(300));
      calls.push(this.call("MerchantRegistry", admin, "setFee", [merchant.id, merchant.feeBps]));
    }
    for (const other of this.merchants) {
      if (other === merchant || other.approved) continue;
      calls.push(
        this.call("MerchantRegistry", admin, "setKybStatus", [other.id, 2, keccak256("0x03")]),
      );
      other.approved = true;
    }
    calls.push(
      this.call("AuditAnchor", admin, "anchor", [
        ++this.anchorSequence * 10n,
        keccak256(toHex(this.anchorSequence)),
      ]),
    );
    for (let i = 0; i < 10; i++) {
      const from = this.rng.pick(this.users);
      calls.push(
        this.call("TestStablecoin", from, "transfer", [
          this.rng.pick(this.users),
          BigInt(1 + this.rng.int(1_000)),
        ]),
      );
    }
    await this.block(calls);
  }

  /** Admin changes in their own blocks: fee, treasury, escrow bounds, pause and unpause. */
  async adminBlocks(): Promise<void> {
    this.feeBps = 75n;
    await this.block([
      this.call("Remittance", admin, "setFee", [75]),
      this.call("Remittance", admin, "setTreasury", ["0x000000000000000000000000000000000000fee6"]),
      this.call("Remittance", admin, "setEscrowDurationBounds", [3_600n, 60n * 86_400n]),
    ]);
    await this.block([this.call("Remittance", admin, "pause", [])]);
    await this.block([this.call("Remittance", admin, "unpause", [])]);
  }

  /** The full scenario: about `remittances` sends over many blocks, with claims, refunds and changes between. */
  async run(remittances: number, perBlock = 100): Promise<void> {
    await this.setup();
    let round = 0;
    while (this.remittances < remittances) {
      await this.sendBlock(Math.min(perBlock, remittances - this.remittances));
      if (round % 3 === 2) await this.changeBlock();
      if (round % 4 === 3) await this.claimBlock(0.5);
      if (round === 5) await this.adminBlocks();
      round++;
    }
    await this.claimBlock(0.3);
    await this.refundBlock(0.6);
    await this.changeBlock();
    await this.chain.rpc("evm_setAutomine", [true]);
  }
}
