// The chain as the service sees it: address book, cached reads (KYC levels, fee, tokens, merchants) and writes.
import {
  type Address,
  BaseError,
  ContractFunctionRevertedError,
  createPublicClient,
  createWalletClient,
  erc20Abi,
  getAddress,
  type Hex,
  http,
  type PrivateKeyAccount,
  type PublicClient,
} from "viem";
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

  constructor(private readonly settings: ChainSettings) {
    this.chainId = settings.chainId;
    this.client = createPublicClient({
      transport: http(settings.rpcUrl, { batch: true, retryCount: 1 }),
    });
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
      const receipt = await this.client.waitForTransactionReceipt({ hash, timeout: 60_000 });
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
