// Test harness: builds the real service (PGlite in memory or a fresh PostgreSQL database) and signs staff in.
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import pg from "pg";
import type { PrivateKeyAccount } from "viem";
import { createApp } from "../../src/app.ts";
import { loadConfig, REPO_ROOT } from "../../src/config.ts";
import { createLogger } from "../../src/logger.ts";
import { createServices, type Services } from "../../src/services.ts";
import { accounts, DEV_KEYS, type TestChain } from "./chain.ts";

export const POSTGRES_ADMIN_URL =
  process.env.TEST_POSTGRES_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";
export const REAL_SANCTIONS_DIR = path.join(REPO_ROOT, "..", "shared", "data", "sanctions");

/** Creates a uniquely named PostgreSQL database; `drop` removes it. */
export async function createTestDatabase(): Promise<{ url: string; drop(): Promise<void> }> {
  const name = `clxend_ca_test_${randomBytes(6).toString("hex")}`;
  const admin = new pg.Client({ connectionString: POSTGRES_ADMIN_URL });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const url = new URL(POSTGRES_ADMIN_URL);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    async drop() {
      const c = new pg.Client({ connectionString: POSTGRES_ADMIN_URL });
      await c.connect();
      await c.query(`drop database if exists ${name} with (force)`);
      await c.end();
    },
  };
}

export interface TestService {
  services: Services;
  app: ReturnType<typeof createApp>;
  /** A folder holding an extra sanctions list (extra.txt) the test can rewrite, then reload. */
  extraListDir: string;
  call(
    method: string,
    route: string,
    body?: unknown,
    headers?: Record<string, string>,
  ): Promise<{ status: number; body: any }>;
  signIn(account: PrivateKeyAccount): Promise<string>;
  close(): Promise<void>;
}

/** Starts the service against `chain` (or an unreachable chain when none is given). */
export async function startService(
  options: {
    chain?: TestChain;
    databaseUrl?: string;
    env?: Record<string, string>;
    extraSanctioned?: string[];
  } = {},
): Promise<TestService> {
  const extraListDir = mkdtempSync(path.join(tmpdir(), "clxend-ca-lists-"));
  writeFileSync(
    path.join(extraListDir, "extra.txt"),
    `${(options.extraSanctioned ?? []).join("\n")}\n`,
  );
  const env: Record<string, string> = {
    NODE_ENV: "test",
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? "silent",
    CHAIN_ID: "31337",
    RPC_URL: options.chain?.rpcUrl ?? "http://127.0.0.1:9",
    ADDRESS_BOOK_DIR: options.chain?.addressBookDir ?? path.join(extraListDir, "no-book"),
    PGLITE_DIR: "memory://",
    DATA_ENCRYPTION_KEY: randomBytes(32).toString("hex"),
    COSIGNER_PRIVATE_KEY: DEV_KEYS[1] as string,
    KYC_PROVIDER_PRIVATE_KEY: DEV_KEYS[2] as string,
    ANCHORER_PRIVATE_KEY: DEV_KEYS[3] as string,
    STAFF_ADMINS: accounts.admin.address,
    STAFF_OFFICERS: `${accounts.officer1.address},${accounts.officer2.address},${accounts.carol.address}`,
    STAFF_AUDITORS: accounts.treasury.address,
    SANCTIONS_SOURCES: `${REAL_SANCTIONS_DIR},${extraListDir}`,
    SANCTIONS_WATCH: "false",
    JOBS_ENABLED: "false",
    RATE_LIMIT_IP_PER_MINUTE: "1000000",
    RATE_LIMIT_WALLET_PER_MINUTE: "1000000",
    KYC_CACHE_SECONDS: "0",
    EXPOSURE_CACHE_SECONDS: "0",
    ...(options.databaseUrl ? { DATABASE_URL: options.databaseUrl } : {}),
    ...options.env,
  };
  const config = loadConfig(env);
  const services = await createServices(config, createLogger(config.log));
  const app = createApp(services);
  const call: TestService["call"] = async (method, route, body, headers = {}) => {
    const res = await app.request(route, {
      method,
      headers: {
        ...(body !== undefined ? { "content-type": "application/json" } : {}),
        ...headers,
      },
      ...(body !== undefined
        ? { body: typeof body === "string" ? body : JSON.stringify(body) }
        : {}),
    });
    const text = await res.text();
    let parsed: unknown = text;
    try {
      parsed = JSON.parse(text);
    } catch {
      // not JSON (metrics, docs)
    }
    return { status: res.status, body: parsed };
  };
  return {
    services,
    app,
    extraListDir,
    call,
    async signIn(account) {
      const nonce = await call("POST", "/v1/auth/nonce", { address: account.address });
      if (nonce.status !== 200) throw new Error(`nonce: ${JSON.stringify(nonce.body)}`);
      const signature = await account.signMessage({ message: nonce.body.message });
      const session = await call("POST", "/v1/auth/session", {
        message: nonce.body.message,
        signature,
      });
      if (session.status !== 200) throw new Error(`session: ${JSON.stringify(session.body)}`);
      return session.body.token as string;
    },
    async close() {
      await services.close();
      rmSync(extraListDir, { recursive: true, force: true });
    },
  };
}
