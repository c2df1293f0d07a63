// Rate limits per IP address and per wallet: Redis when REDIS_URL is set (shared by instances), memory otherwise.
import { Redis } from "ioredis";
import {
  RateLimiterMemory,
  RateLimiterRedis,
  RateLimiterRes,
  type RateLimiterAbstract,
} from "rate-limiter-flexible";
import { RateLimitedError } from "../errors.ts";

export class RateLimits {
  readonly store: "redis" | "memory";
  /** Resolves once Redis is connected (or after 3 s; until then the in-memory limiter stands in). */
  ready: Promise<void> = Promise.resolve();
  #redis: Redis | null = null;
  readonly #ip: RateLimiterAbstract;
  readonly #wallet: RateLimiterAbstract;

  constructor(options: {
    redisUrl?: string | undefined;
    ipPerMinute: number;
    walletPerMinute: number;
    prefix?: string;
  }) {
    const prefix = options.prefix ?? "clxend-compliance";
    const make = (name: string, points: number): RateLimiterAbstract => {
      const memory = new RateLimiterMemory({
        keyPrefix: `${prefix}:${name}`,
        points,
        duration: 60,
      });
      if (!this.#redis) return memory;
      // When Redis is unreachable, the in-memory limiter takes over so requests are still limited.
      return new RateLimiterRedis({
        storeClient: this.#redis,
        keyPrefix: `${prefix}:${name}`,
        points,
        duration: 60,
        insuranceLimiter: memory,
      });
    };
    if (options.redisUrl) {
      this.#redis = new Redis(options.redisUrl, {
        enableOfflineQueue: false,
        maxRetriesPerRequest: 1,
        lazyConnect: false,
      });
      this.#redis.on("error", () => {});
      const redis = this.#redis;
      this.ready = new Promise((resolve) => {
        const done = () => {
          clearTimeout(timer);
          resolve();
        };
        const timer = setTimeout(done, 3_000);
        redis.once("ready", done);
      });
    }
    this.store = this.#redis ? "redis" : "memory";
    this.#ip = make("ip", options.ipPerMinute);
    this.#wallet = make("wallet", options.walletPerMinute);
  }

  /** Counts one request from `ip`; throws RateLimitedError when over the limit. */
  ip(ip: string): Promise<void> {
    return this.#consume(this.#ip, ip, "ip");
  }

  /** Counts one request for `wallet`; throws RateLimitedError when over the limit. */
  wallet(wallet: string): Promise<void> {
    return this.#consume(this.#wallet, wallet.toLowerCase(), "wallet");
  }

  async #consume(limiter: RateLimiterAbstract, key: string, scope: "ip" | "wallet"): Promise<void> {
    try {
      await limiter.consume(key);
    } catch (res) {
      if (res instanceof RateLimiterRes)
        throw new RateLimitedError(scope, Math.max(1, Math.ceil(res.msBeforeNext / 1000)));
      throw res;
    }
  }

  async close(): Promise<void> {
    await this.#redis?.quit().catch(() => {});
  }
}
