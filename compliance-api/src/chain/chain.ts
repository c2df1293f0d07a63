// The chain as the service sees it: address book, cached reads (KYC levels, fee, tokens, merchants) and writes.
import {
  type Abi,
  type Address,
  BaseError,
  ContractFunctionRevertedError,
  createPublicClient,
  createWalletClient,
  encodeFunctionData,
  erc20Abi,
  getAddress,
  type Hex,
  HttpRequestError,
  http,
  keccak256,
  type PrivateKeyAccount,
  type PublicClient,
  TimeoutError,
  TransactionNotFoundError,
  TransactionReceiptNotFoundError,
  WaitForTransactionReceiptTimeoutError,
  type WalletClient,
} from "viem";
import { createNonceManager, jsonRpc } from "viem/nonce";
import { type AddressBook, readAddressBook } from "../../../deploy/address-book.ts";
import type { ChainSettings } from "../config.ts";
import { UnprocessableError, UpstreamError } from "../errors.ts";
import {
  auditAnchorAbi,
  ccipRemittanceSenderAbi,
  KYB_APPROVED,
  kycRegistryAbi,
  merchantRegistryAbi,
  remittanceAbi,
  sanctionsOracleAbi,
} from "./abis.ts";

/** A small time-bounded cache; `get` shares one in-flight load between concurrent callers. */
export class TtlCache<K, V> {
  #entries = new Map<K, { value: Promise<V>; expires: number }>();
  constructor(
    private readonly ttlMs: number,
    private readonly maxEntries = 50_000,
  ) {}

  async get(key: K, load: () => Promise<V>): Promise<V> {
    const now = Date.now();
    const hit = this.#entries.get(key);
    if (hit && hit.expires > now) return hit.value;
    const value = load();
    if (this.ttlMs > 0) {
      if (this.#entries.size >= this.maxEntries) this.#entries.clear();
      this.#entries.set(key, { value, expires: now + this.ttlMs });
      value.catch(() => this.#entries.delete(key));
    }
    return value;
  }

  set(key: K, value: V): void {
    if (this.ttlMs > 0)
      this.#entries.set(key, { value: Promise.resolve(value), expires: Date.now() + this.ttlMs });
  }

  delete(key: K): void {
    this.#entries.delete(key);
  }
}

/** A token the service can price: from the address book's `tokens`. */
export interface KnownToken {
  symbol: string;
  address: Address;
  decimals: number;
}

/** Turns any viem failure into a retryable UpstreamError that names the call. */
function upstream(what: string, cause: unknown): UpstreamError {
  return new UpstreamError(
    "CHAIN_UNAVAILABLE",
    `Reading ${what} from the chain failed; try again shortly.`,
    { cause },
  );
}

/**
 * A transaction was signed and handed to the node, but whether the node took it is not known (no answer, a timeout,
 * or no receipt in time). Its hash is the way to find out; sending another could put the call on the chain twice.
 */
export class TransactionUnconfirmedError extends UpstreamError {
  constructor(
    readonly txHash: Hex,
    message: string,
    cause: unknown,
  ) {
    super("CHAIN_TRANSACTION_UNCONFIRMED", message, { cause, details: { txHash } });
  }
}

/** A write that put nothing on the chain: refused by the simulation (a revert) or by the node, or never sent. */
export class TransactionRefusedError extends UpstreamError {
  constructor(message: string, options: { cause: unknown; details: Record<string, unknown> }) {
    super("CHAIN_WRITE_FAILED", message, options);
  }
}

/** What the chain knows of a transaction: mined (`success` / `reverted`), waiting in the mempool, or not at all. */
export type TransactionState = "success" | "reverted" | "pending" | "unknown";

/** A contract call to send. */
export interface ContractCall {
  address: Address;
  abi: Abi;
  functionName: string;
  args: readonly unknown[];
}

/** How long a write waits for its receipt. */
const RECEIPT_TIMEOUT_MS = 60_000;

/** The decoded custom error name of a reverted write, if any. */
export function revertName(err: unknown): string | null {
  if (err instanceof BaseError) {
    const revert = err.walk((e) => e instanceof ContractFunctionRevertedError);
    if (revert instanceof ContractFunctionRevertedError) return revert.data?.errorName ?? null;
  }
  return null;
}

export class Chain {
  readonly client: PublicClient;
  readonly chainId: number;
  #book: AddressBook | null = null;
  readonly #kyc: TtlCache<string, number>;
  readonly #balances: TtlCache<string, bigint>;
  readonly #reads: TtlCache<string, unknown>;
  readonly #wallet: WalletClient;
  /**
   * Nonces of the service's keys on this chain (viem's nonce manager: the node's pending count, then counted up in
   * this process), so that concurrent sends with one key never take the same nonce.
   */
  readonly #nonces = createNonceManager({ source: jsonRpc() });

  constructor(private readonly settings: ChainSettings) {
    this.chainId = settings.chainId;
    this.client = createPublicClient({
      transport: http(settings.rpcUrl, { batch: true, retryCount: 1 }),
    });
    this.#wallet = createWalletClient({ transport: http(settings.rpcUrl, { retryCount: 0 }) });
    this.#kyc = new TtlCache(settings.kycCacheMs);
    this.#balances = new TtlCache(settings.kycCacheMs);
    this.#reads = new TtlCache(settings.cacheMs);
  }

  /** The address book, read lazily so the service can start before the chain is deployed. */
  book(): AddressBook {
    if (this.#book) return this.#book;
    try {
      this.#book = readAddressBook(this.chainId, this.settings.addressBookDir);
    } catch (cause) {
      throw new UpstreamError(
        "ADDRESS_BOOK_UNAVAILABLE",
        `No valid address book for chain ${this.chainId} in ${this.settings.addressBookDir}; deploy the contracts first.`,
        { cause },
      );
    }
    return this.#book;
  }

  /** Forgets the address book (after a redeploy). */
  reloadBook(): void {
    this.#book = null;
  }

  get remittance(): Address {
    return this.book().contracts.Remittance.address;
  }

  /** The token entry for `address`, or a 422 if the address book does not list it. */
  token(address: string): KnownToken {
    const wanted = address.toLowerCase();
    for (const [symbol, t] of Object.entries(this.book().tokens)) {
      if (t.address.toLowerCase() === wanted)
        return { symbol, address: t.address, decimals: t.decimals };
    }
    throw new UnprocessableError(
      "TOKEN_NOT_SUPPORTED",
      `Token ${address} is not in this chain's address book.`,
      {
        token: address,
      },
    );
  }

  /** KYC levels in force of one or two wallets (cached for KYC_CACHE_SECONDS). */
  async kycLevels(first: Address, second: Address | null): Promise<[number, number | null]> {
    const registry = this.book().contracts.KycRegistry.address;
    const one = (a: Address) =>
      this.#kyc.get(a.toLowerCase(), async () => {
        try {
          return await this.client.readContract({
            address: registry,
            abi: kycRegistryAbi,
            functionName: "validLevel",
            args: [a],
          });
        } catch (err) {
          throw upstream("KYC levels", err);
        }
      });
    return Promise.all([one(first), second ? one(second) : Promise.resolve(null)]);
  }

  /**
   * The token balance of `owner` (ERC-20 balanceOf, whatever it allowed anyone to spend), cached for
   * KYC_CACHE_SECONDS; `fresh` reads the chain again (and refreshes the cache).
   */
  async balanceOf(token: Address, owner: Address, fresh = false): Promise<bigint> {
    const key = `${token.toLowerCase()}:${owner.toLowerCase()}`;
    if (fresh) this.#balances.delete(key);
    return this.#balances.get(key, async () => {
      try {
        return await this.client.readContract({
          address: token,
          abi: erc20Abi,
          functionName: "balanceOf",
          args: [owner],
        });
      } catch (err) {
        throw upstream("the token balance", err);
      }
    });
  }

  /** Drops the cached level of `subject` (after this service attested it). */
  forgetKyc(subject: string): void {
    this.#kyc.delete(subject.toLowerCase());
  }

  /** Default fee in basis points of the Remittance contract. */
  async feeBps(): Promise<number> {
    return this.#cachedRead("feeBps", () =>
      this.client.readContract({
        address: this.remittance,
        abi: remittanceAbi,
        functionName: "feeBps",
      }),
    );
  }

  async isTokenAllowed(token: Address): Promise<boolean> {
    return this.#cachedRead(`token:${token.toLowerCase()}`, () =>
      this.client.readContract({
        address: this.remittance,
        abi: remittanceAbi,
        functionName: "isTokenAllowed",
        args: [token],
      }),
    );
  }

  /** Payout wallet and fee of an Approved merchant; a 422 if the merchant is unknown or not approved. */
  async merchantTerms(merchantId: bigint): Promise<{ payout: Address; feeBps: number }> {
    const [payout, feeBps, status] = await this.#cachedRead(`merchant:${merchantId}`, () =>
      this.client.readContract({
        address: this.book().contracts.MerchantRegistry.address,
        abi: merchantRegistryAbi,
        functionName: "paymentTermsOf",
        args: [merchantId],
      }),
    );
    if (status !== KYB_APPROVED) {
      throw new UnprocessableError(
        "MERCHANT_NOT_PAYABLE",
        `Merchant ${merchantId} is unknown or not approved.`,
        {
          merchantId: merchantId.toString(),
        },
      );
    }
    return { payout: getAddress(payout), feeBps };
  }

  /** The CCIP bridge sender of this chain, or null when it was deployed without the bridge. */
  get bridgeSender(): Address | null {
    return this.book().contracts.CcipRemittanceSender?.address ?? null;
  }

  /**
   * The lane of the bridge sender to the EVM chain `destinationChainId` (selector zero when there is none), and what
   * may still cross it now. Read fresh: a lane can be paused at any moment.
   */
  async laneTo(bridge: Address, destinationChainId: number) {
    const read = async () => {
      const selector = await this.client.readContract({
        address: bridge,
        abi: ccipRemittanceSenderAbi,
        functionName: "remoteChainSelectorOf",
        args: [BigInt(destinationChainId)],
      });
      if (selector === 0n) return { selector, lane: null, available: 0n, windowEndsAt: 0n };
      const [lane, [available, windowEndsAt]] = await Promise.all([
        this.client.readContract({
          address: bridge,
          abi: ccipRemittanceSenderAbi,
          functionName: "laneOf",
          args: [selector],
        }),
        this.client.readContract({
          address: bridge,
          abi: ccipRemittanceSenderAbi,
          functionName: "availableInWindow",
          args: [selector],
        }),
      ]);
      return { selector, lane, available, windowEndsAt };
    };
    try {
      return await read();
    } catch (err) {
      throw upstream("the bridge lane", err);
    }
  }

  /** The EVM chain ids the bridge sender has lanes to. */
  async bridgeDestinations(bridge: Address): Promise<number[]> {
    try {
      const selectors = await this.client.readContract({
        address: bridge,
        abi: ccipRemittanceSenderAbi,
        functionName: "remoteChainSelectors",
      });
      const lanes = await Promise.all(
        selectors.map((selector) =>
          this.client.readContract({
            address: bridge,
            abi: ccipRemittanceSenderAbi,
            functionName: "laneOf",
            args: [selector],
          }),
        ),
      );
      return lanes.map((lane) => Number(lane.remoteChainId));
    } catch (err) {
      throw upstream("the bridge lanes", err);
    }
  }

  /** Fee in basis points of the bridge sender (its own, not Remittance's). */
  async bridgeFeeBps(bridge: Address): Promise<number> {
    return this.#cachedRead(`bridgeFee:${bridge.toLowerCase()}`, () =>
      this.client.readContract({
        address: bridge,
        abi: ccipRemittanceSenderAbi,
        functionName: "feeBps",
      }),
    );
  }

  /** Whether `nonce` is used on `contract` (Remittance unless given; the bridge sender keeps its own bitmap). */
  async isNonceUsed(nonce: bigint, contract: Address = this.remittance): Promise<boolean> {
    try {
      return await this.client.readContract({
        address: contract,
        abi: remittanceAbi,
        functionName: "isNonceUsed",
        args: [nonce],
      });
    } catch (err) {
      throw upstream("nonce state", err);
    }
  }

  /** Whether `account` holds `role` on `contract` (AccessControl.hasRole). */
  async hasRole(
    contract: "Remittance" | "KycRegistry",
    role: Hex,
    account: Address,
  ): Promise<boolean> {
    try {
      return await this.client.readContract({
        address: this.book().contracts[contract].address,
        abi: remittanceAbi,
        functionName: "hasRole",
        args: [role, account],
      });
    } catch (err) {
      throw upstream("roles", err);
    }
  }

  /** Chainalysis oracle answer for the given addresses (only those it flags), when an oracle is configured. */
  async oracleSanctioned(addresses: Address[]): Promise<Address[]> {
    const oracle = this.settings.sanctionsOracle;
    if (!oracle) return [];
    const flags = await Promise.all(
      addresses.map((a) =>
        this.#cachedRead(`oracle:${a.toLowerCase()}`, () =>
          this.client.readContract({
            address: oracle,
            abi: sanctionsOracleAbi,
            functionName: "isSanctioned",
            args: [a],
          }),
        ),
      ),
    );
    return addresses.filter((_, i) => flags[i]);
  }

  /** Latest on-chain audit anchor. */
  async latestAnchor(): Promise<{ sequence: number; headHash: Hex } | null> {
    try {
      const a = await this.client.readContract({
        address: this.book().contracts.AuditAnchor.address,
        abi: auditAnchorAbi,
        functionName: "latest",
      });
      return a.sequence === 0n ? null : { sequence: Number(a.sequence), headHash: a.headHash };
    } catch (err) {
      throw upstream("the audit anchor", err);
    }
  }

  /** Sends a transaction with `account` and waits for its receipt; throws UpstreamError on revert. */
  async write(
    account: PrivateKeyAccount,
    request: {
      address: Address;
      abi: readonly unknown[];
      functionName: string;
      args: readonly unknown[];
    },
    what: string,
  ): Promise<Hex> {
    const wallet = createWalletClient({ account, transport: http(this.settings.rpcUrl) });
    try {
      const { request: simulated } = await this.client.simulateContract({
        ...(request as Parameters<PublicClient["simulateContract"]>[0]),
        account,
      });
      const hash = await wallet.writeContract({ ...simulated, chain: null } as Parameters<
        typeof wallet.writeContract
      >[0]);
      const receipt = await this.client.waitForTransactionReceipt({
        hash,
        timeout: RECEIPT_TIMEOUT_MS,
      });
      if (receipt.status !== "success") throw new Error(`transaction ${hash} reverted`);
      return hash;
    } catch (err) {
      const name = revertName(err);
      throw new UpstreamError(
        "CHAIN_WRITE_FAILED",
        name
          ? `Writing ${what} was refused by the contract (${name}).`
          : `Writing ${what} to the chain failed; try again.`,
        { cause: err, details: name ? { revert: name } : undefined },
      );
    }
  }

  /**
   * Sends `call` with `account` without waiting for it to be mined: simulates it (a revert is refused with its custom
   * error's name and nothing is sent), signs it with a nonce from this chain's nonce manager, hands the transaction's
   * hash to `beforeBroadcast` (which stores it, so the transaction can be looked up whatever happens next) and then
   * broadcasts it. Throws UpstreamError when nothing was sent and TransactionUnconfirmedError when the node's answer
   * to the broadcast was lost.
   */
  async send(
    account: PrivateKeyAccount,
    call: ContractCall,
    what: string,
    beforeBroadcast: (txHash: Hex) => Promise<void>,
  ): Promise<Hex> {
    const refused = (cause: unknown) => {
      const name = revertName(cause);
      return new TransactionRefusedError(
        name
          ? `Writing ${what} to chain ${this.chainId} was refused by the contract (${name}).`
          : `Writing ${what} to chain ${this.chainId} failed: the chain could not be reached or refused the transaction; try again.`,
        { cause, details: { chainId: this.chainId, ...(name ? { revert: name } : {}) } },
      );
    };
    try {
      await this.client.simulateContract({ ...call, account } as Parameters<
        PublicClient["simulateContract"]
      >[0]);
    } catch (err) {
      throw refused(err);
    }
    const nonceKey = { address: account.address, chainId: this.chainId };
    let serializedTransaction: Hex;
    try {
      const prepared = await this.#wallet.prepareTransactionRequest({
        account,
        chain: null,
        to: call.address,
        data: encodeFunctionData(call as Parameters<typeof encodeFunctionData>[0]),
        nonceManager: this.#nonces,
      });
      serializedTransaction = await this.#wallet.signTransaction({
        ...prepared,
        chain: null,
      } as Parameters<WalletClient["signTransaction"]>[0]);
    } catch (err) {
      this.#nonces.reset(nonceKey);
      throw refused(err);
    }
    const txHash = keccak256(serializedTransaction);
    try {
      await beforeBroadcast(txHash);
    } catch (err) {
      this.#nonces.reset(nonceKey);
      throw err;
    }
    try {
      await this.#wallet.sendRawTransaction({ serializedTransaction });
      return txHash;
    } catch (err) {
      this.#nonces.reset(nonceKey);
      if (/already known/i.test(String((err as Error).message))) return txHash;
      const lost =
        err instanceof BaseError &&
        err.walk((e) => e instanceof HttpRequestError || e instanceof TimeoutError) !== null;
      if (lost)
        throw new TransactionUnconfirmedError(
          txHash,
          `Chain ${this.chainId} did not answer when the transaction writing ${what} was sent; it may still be mined.`,
          err,
        );
      throw refused(err);
    }
  }

  /** Waits for the receipt of `txHash`; TransactionUnconfirmedError when none came within 60 s. */
  async waitForReceipt(txHash: Hex, what: string): Promise<"success" | "reverted"> {
    try {
      const receipt = await this.client.waitForTransactionReceipt({
        hash: txHash,
        timeout: RECEIPT_TIMEOUT_MS,
      });
      return receipt.status;
    } catch (err) {
      const timedOut =
        err instanceof BaseError &&
        err.walk((e) => e instanceof WaitForTransactionReceiptTimeoutError) !== null;
      throw new TransactionUnconfirmedError(
        txHash,
        timedOut
          ? `The transaction writing ${what} to chain ${this.chainId} was sent but not mined within ${RECEIPT_TIMEOUT_MS / 1000} s.`
          : `The transaction writing ${what} to chain ${this.chainId} was sent, but the chain could not be asked for its receipt.`,
        err,
      );
    }
  }

  /** Whether `txHash` was mined (and how), waits in the mempool, or is unknown to the node. */
  async transactionState(txHash: Hex): Promise<TransactionState> {
    try {
      const receipt = await this.client.getTransactionReceipt({ hash: txHash });
      return receipt.status;
    } catch (err) {
      if (!(err instanceof TransactionReceiptNotFoundError)) throw upstream("a receipt", err);
    }
    try {
      await this.client.getTransaction({ hash: txHash });
      return "pending";
    } catch (err) {
      if (err instanceof TransactionNotFoundError) return "unknown";
      throw upstream("a transaction", err);
    }
  }

  async #cachedRead<T>(key: string, read: () => Promise<T>): Promise<T> {
    try {
      return (await this.#reads.get(key, read)) as T;
    } catch (err) {
      throw upstream(key.split(":")[0] ?? key, err);
    }
  }
}

/**
 * The chains this service screens and co-signs for, by EVM chain id; the first is the default source chain (a request
 * that names none is for it).
 */
export class Chains {
  readonly #byId: Map<number, Chain>;
  readonly default: Chain;

  constructor(settings: readonly ChainSettings[]) {
    const all = settings.map((s) => new Chain(s));
    const first = all[0];
    if (!first) throw new Error("at least one chain is required");
    this.default = first;
    this.#byId = new Map(all.map((c) => [c.chainId, c]));
  }

  /** Every chain, the default first. */
  get all(): Chain[] {
    return [...this.#byId.values()];
  }

  get ids(): number[] {
    return [...this.#byId.keys()];
  }

  /** The chain `chainId` (the default when undefined), or a 422 naming the chains served. */
  get(chainId: number | undefined): Chain {
    if (chainId === undefined) return this.default;
    const chain = this.#byId.get(chainId);
    if (!chain) {
      throw new UnprocessableError(
        "SOURCE_CHAIN_NOT_SUPPORTED",
        `This service does not sign for chain ${chainId}; it serves ${this.ids.join(", ")}.`,
        { sourceChainId: chainId, supportedSourceChainIds: this.ids },
      );
    }
    return chain;
  }

  /** The chain `chainId`, or undefined when it is not served. */
  find(chainId: number): Chain | undefined {
    return this.#byId.get(chainId);
  }
}
