// A fake Ethereum node for component tests: answers the JSON-RPC methods viem, wagmi and ethers use (calls, blocks,
// transactions, receipts, logs) from small contract models written by each test, and mines every transaction sent
// to it into a block of its own. The app's code above the transport is real; only the node is faked. Also served
// over HTTP (serveOverHttp) for libraries that open their own connection (ethers in ethr-did-resolver).
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import {
  type Abi,
  type AbiEvent,
  type Address,
  decodeFunctionData,
  encodeAbiParameters,
  encodeErrorResult,
  encodeEventTopics,
  encodeFunctionResult,
  type Hex,
  HttpRequestError,
  keccak256,
  numberToHex,
  toHex,
} from "viem";

/** Thrown by a contract model to make the call revert with the custom error `errorName(args)`. */
export class Revert extends Error {
  constructor(
    readonly errorName: string,
    readonly args: readonly unknown[] = [],
  ) {
    super(`reverted with ${errorName}`);
  }
}

/** A log a write emits: an event of the contract's ABI with its arguments. */
export interface EmittedEvent {
  eventName: string;
  args: Record<string, unknown>;
}

/** What a test says a contract does: answers to calls, and the effects of transactions. */
export interface ContractModel {
  abi: Abi;
  /** Answers eth_call (and the simulation before a write): function name → result. May throw Revert. */
  read?: Record<string, (args: readonly unknown[], from: Address | undefined) => unknown>;
  /** Applies a mined transaction: function name → events it emits. May throw Revert (the receipt then fails). */
  write?: Record<
    string,
    (args: readonly unknown[], from: Address, block: bigint) => EmittedEvent[] | undefined
  >;
}

/** A transaction the node mined, decoded against the model of its target. */
export interface MinedTransaction {
  hash: Hex;
  from: Address;
  to: Address;
  data: Hex;
  /** Native token sent with the call (wei). */
  value: bigint;
  functionName: string;
  args: readonly unknown[];
  blockNumber: bigint;
  status: "success" | "reverted";
}

interface StoredLog {
  address: Address;
  topics: Hex[];
  data: Hex;
  blockNumber: bigint;
  transactionHash: Hex;
  logIndex: number;
}

/** A JSON-RPC error as a node returns it. */
export class RpcError extends Error {
  constructor(
    readonly code: number,
    message: string,
    readonly data?: Hex,
  ) {
    super(message);
  }
}

const BLOCK_TIME = 1_800_000_000n;

export class FakeChain {
  blockNumber = 100n;
  readonly transactions: MinedTransaction[] = [];
  /** When set, every request fails like an unreachable node (to test error states). */
  unreachable = false;
  /** Methods that fail with a node error while the rest answers (e.g. eth_call of a broken registry read). */
  readonly failing = new Set<string>();
  /** Native balances (wei) eth_getBalance answers; an address not listed holds 1 ETH. */
  readonly nativeBalances = new Map<string, bigint>();
  readonly #contracts = new Map<string, ContractModel>();
  readonly #logs: StoredLog[] = [];

  constructor(readonly chainId = 31337) {}

  #hold: Promise<void> | undefined;

  /** Makes every request wait for `gate` (to look at pending states); undefined answers at once. */
  holdUntil(gate: Promise<void> | undefined): this {
    this.#hold = gate;
    return this;
  }

  /** Registers the model of the contract at `address`. */
  contract(address: Address, model: ContractModel): this {
    this.#contracts.set(address.toLowerCase(), model);
    return this;
  }

  /** Answers one JSON-RPC request; throws RpcError like a node's error answer. */
  async request(method: string, params: readonly unknown[] = []): Promise<unknown> {
    await this.#hold;
    // What the app's HTTP transport reports when the /rpc proxy cannot reach the node.
    if (this.unreachable)
      throw new HttpRequestError({ url: "/rpc", status: 502, details: "Bad Gateway" });
    if (this.failing.has(method)) throw new RpcError(-32603, `${method} failed on the node`);
    switch (method) {
      case "eth_chainId":
        return numberToHex(this.chainId);
      case "net_version":
        return String(this.chainId);
      case "eth_blockNumber":
        return numberToHex(this.blockNumber);
      case "eth_getBlockByNumber":
        return this.#block(params[0] as string);
      case "eth_gasPrice":
      case "eth_maxPriorityFeePerGas":
        return numberToHex(1_000_000_000n);
      case "eth_estimateGas":
        return numberToHex(100_000n);
      case "eth_getBalance":
        return numberToHex(
          this.nativeBalances.get((params[0] as string).toLowerCase()) ?? 10n ** 18n,
        );
      case "eth_getCode":
        return this.#contracts.has(String((params[0] as string).toLowerCase())) ? "0x60" : "0x";
      case "eth_getTransactionCount":
        return numberToHex(this.#countFrom(params[0] as Address));
      case "eth_call":
        return this.#call(params[0] as { to: Address; data: Hex; from?: Address });
      case "eth_sendTransaction":
        return this.send(params[0] as { from: Address; to: Address; data: Hex; value?: Hex });
      case "eth_getTransactionReceipt":
        return this.#receipt(params[0] as Hex);
      case "eth_getTransactionByHash":
        return this.#transaction(params[0] as Hex);
      case "eth_getLogs":
        return this.#getLogs(params[0] as LogFilter);
      default:
        throw new RpcError(-32601, `the method ${method} does not exist/is not available`);
    }
  }

  /** Mines `tx` in a new block: applies the model's write and stores its logs. Returns the hash. */
  send(tx: { from: Address; to: Address; data: Hex; value?: Hex }): Hex {
    const model = this.#model(tx.to);
    const { functionName, args } = decodeFunctionData({ abi: model.abi, data: tx.data });
    this.blockNumber += 1n;
    const hash = keccak256(toHex(`${this.blockNumber}:${tx.from}:${tx.data}`));
    let status: MinedTransaction["status"] = "success";
    try {
      model.read?.[functionName]?.(args ?? [], tx.from);
      const events = model.write?.[functionName]?.(args ?? [], tx.from, this.blockNumber) ?? [];
      for (const event of events) this.#storeLog(tx.to, model.abi, event, hash);
    } catch (error) {
      if (!(error instanceof Revert)) throw error;
      status = "reverted";
    }
    this.transactions.push({
      hash,
      from: tx.from,
      to: tx.to,
      data: tx.data,
      value: tx.value ? BigInt(tx.value) : 0n,
      functionName,
      args: args ?? [],
      blockNumber: this.blockNumber,
      status,
    });
    return hash;
  }

  /** The transactions mined to `to` calling `functionName`. */
  sentTo(to: Address, functionName?: string): MinedTransaction[] {
    return this.transactions.filter(
      (tx) =>
        tx.to.toLowerCase() === to.toLowerCase() &&
        (functionName === undefined || tx.functionName === functionName),
    );
  }

  #model(address: Address): ContractModel {
    const model = this.#contracts.get(address.toLowerCase());
    if (!model) throw new RpcError(-32000, `no contract model at ${address} in this test`);
    return model;
  }

  #call(call: { to: Address; data: Hex; from?: Address }): Hex {
    const model = this.#model(call.to);
    const { functionName, args } = decodeFunctionData({ abi: model.abi, data: call.data });
    const read = model.read?.[functionName];
    try {
      if (read) {
        const result = read(args ?? [], call.from);
        return encodeFunctionResult({ abi: model.abi, functionName, result } as never);
      }
    } catch (error) {
      if (!(error instanceof Revert)) throw error;
      const data = encodeErrorResult({
        abi: model.abi,
        errorName: error.errorName,
        args: error.args,
      } as never);
      throw new RpcError(3, "execution reverted", data);
    }
    if (model.write?.[functionName]) return "0x";
    throw new RpcError(-32000, `the model at ${call.to} does not answer ${functionName}`);
  }

  #storeLog(address: Address, abi: Abi, event: EmittedEvent, transactionHash: Hex) {
    const definition = abi.find(
      (item): item is AbiEvent => item.type === "event" && item.name === event.eventName,
    );
    if (!definition) throw new Error(`The ABI has no event ${event.eventName}`);
    const topics = encodeEventTopics({
      abi: [definition],
      eventName: event.eventName,
      args: event.args,
    } as never) as Hex[];
    const plain = definition.inputs.filter((input) => !input.indexed);
    const data = encodeAbiParameters(
      plain,
      plain.map((input) => event.args[input.name ?? ""]),
    );
    this.#logs.push({
      address,
      topics,
      data,
      blockNumber: this.blockNumber,
      transactionHash,
      logIndex: this.#logs.length,
    });
  }

  #countFrom(address: Address): number {
    return this.transactions.filter((tx) => tx.from.toLowerCase() === address.toLowerCase()).length;
  }

  #block(tag: string) {
    const number = tag === "latest" || tag === "pending" ? this.blockNumber : BigInt(tag);
    if (number > this.blockNumber) return null;
    return {
      number: numberToHex(number),
      hash: keccak256(toHex(`block ${number}`)),
      parentHash: keccak256(toHex(`block ${number - 1n}`)),
      timestamp: numberToHex(BLOCK_TIME + number),
      nonce: "0x0000000000000000",
      difficulty: "0x0",
      gasLimit: numberToHex(30_000_000n),
      gasUsed: "0x0",
      baseFeePerGas: numberToHex(1_000_000_000n),
      miner: "0x0000000000000000000000000000000000000000",
      extraData: "0x",
      logsBloom: `0x${"00".repeat(256)}`,
      sha3Uncles: keccak256("0x"),
      stateRoot: keccak256(toHex(`state ${number}`)),
      transactionsRoot: keccak256("0x"),
      receiptsRoot: keccak256("0x"),
      mixHash: keccak256("0x"),
      size: "0x200",
      totalDifficulty: "0x0",
      transactions: this.transactions
        .filter((tx) => tx.blockNumber === number)
        .map((tx) => tx.hash),
      uncles: [],
    };
  }

  #transaction(hash: Hex) {
    const tx = this.transactions.find((item) => item.hash === hash);
    if (!tx) return null;
    return {
      hash,
      from: tx.from,
      to: tx.to,
      input: tx.data,
      value: "0x0",
      gas: numberToHex(100_000n),
      gasPrice: numberToHex(1_000_000_000n),
      nonce: "0x0",
      blockNumber: numberToHex(tx.blockNumber),
      blockHash: keccak256(toHex(`block ${tx.blockNumber}`)),
      transactionIndex: "0x0",
      type: "0x0",
      chainId: numberToHex(this.chainId),
      v: "0x1b",
      r: keccak256("0x01"),
      s: keccak256("0x02"),
    };
  }

  #receipt(hash: Hex) {
    const tx = this.transactions.find((item) => item.hash === hash);
    if (!tx) return null;
    const blockHash = keccak256(toHex(`block ${tx.blockNumber}`));
    return {
      transactionHash: hash,
      transactionIndex: "0x0",
      blockHash,
      blockNumber: numberToHex(tx.blockNumber),
      from: tx.from,
      to: tx.to,
      cumulativeGasUsed: numberToHex(50_000n),
      gasUsed: numberToHex(50_000n),
      effectiveGasPrice: numberToHex(1_000_000_000n),
      contractAddress: null,
      logs: this.#logs
        .filter((log) => log.transactionHash === hash)
        .map((log) => this.#formatLog(log)),
      logsBloom: `0x${"00".repeat(256)}`,
      status: tx.status === "success" ? "0x1" : "0x0",
      type: "0x2",
    };
  }

  #getLogs(filter: LogFilter) {
    const from = filter.fromBlock === undefined ? 0n : blockOf(filter.fromBlock, this.blockNumber);
    const to =
      filter.toBlock === undefined ? this.blockNumber : blockOf(filter.toBlock, this.blockNumber);
    const addresses = [filter.address ?? []].flat().map((a) => a.toLowerCase());
    return this.#logs
      .filter((log) => log.blockNumber >= from && log.blockNumber <= to)
      .filter((log) => addresses.length === 0 || addresses.includes(log.address.toLowerCase()))
      .filter((log) =>
        (filter.topics ?? []).every((wanted, index) => {
          if (wanted === null || wanted === undefined) return true;
          const options = [wanted].flat().map((t) => t.toLowerCase());
          return options.includes(log.topics[index]?.toLowerCase() ?? "");
        }),
      )
      .map((log) => this.#formatLog(log));
  }

  #formatLog(log: StoredLog) {
    return {
      address: log.address,
      topics: log.topics,
      data: log.data,
      blockNumber: numberToHex(log.blockNumber),
      blockHash: keccak256(toHex(`block ${log.blockNumber}`)),
      transactionHash: log.transactionHash,
      transactionIndex: "0x0",
      logIndex: numberToHex(log.logIndex),
      removed: false,
    };
  }

  /**
   * Serves this node as JSON-RPC over HTTP on a free local port (single and batch requests), for libraries that
   * make their own connection. Resolves with its URL and a function that stops it.
   */
  async serveOverHttp(): Promise<{ url: string; close: () => Promise<void> }> {
    const answer = async (message: { id: unknown; method: string; params?: unknown[] }) => {
      try {
        return {
          jsonrpc: "2.0",
          id: message.id,
          result: await this.request(message.method, message.params),
        };
      } catch (error) {
        const e = error instanceof RpcError ? error : new RpcError(-32603, String(error));
        return {
          jsonrpc: "2.0",
          id: message.id,
          error: { code: e.code, message: e.message, data: e.data },
        };
      }
    };
    const server = createServer((req, res) => {
      let body = "";
      req.on("data", (chunk) => {
        body += chunk;
      });
      req.on("end", async () => {
        if (this.unreachable) {
          res.writeHead(502).end();
          return;
        }
        const parsed = JSON.parse(body) as
          | Parameters<typeof answer>[0]
          | Parameters<typeof answer>[0][];
        const reply = Array.isArray(parsed)
          ? await Promise.all(parsed.map(answer))
          : await answer(parsed);
        res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify(reply));
      });
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const { port } = server.address() as AddressInfo;
    return {
      url: `http://127.0.0.1:${port}`,
      close: () => new Promise((resolve) => server.close(() => resolve())),
    };
  }
}

interface LogFilter {
  address?: Address | Address[];
  topics?: (Hex | Hex[] | null)[];
  fromBlock?: string;
  toBlock?: string;
}

function blockOf(tag: string, latest: bigint): bigint {
  return tag === "latest" || tag === "pending" ? latest : tag === "earliest" ? 0n : BigInt(tag);
}
