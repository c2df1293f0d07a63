// The service's configuration: every environment variable, validated with zod at start-up (see .env.example).
import path from "node:path";
import { fileURLToPath } from "node:url";
import { z } from "zod";
import { countryCode } from "./api/countries.ts";
import { ConfigError } from "./errors.ts";

/** The repository root (compliance-api/..), against which default paths are resolved. */
export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..");

/** Member states of the EU/EEA, which share the EU Travel-Rule threshold (Regulation (EU) 2023/1113). */
export const EU_COUNTRIES = new Set(
  "AT BE BG HR CY CZ DK EE FI FR DE GR HU IE IT LV LT LU MT NL PL PT RO SK SI ES SE IS LI NO".split(
    " ",
  ),
);

/** Jurisdictions with their own data-retention rule; others use `default`. */
export const RETENTION_JURISDICTIONS = [
  "EU",
  "GB",
  "US",
  "SG",
  "AE",
  "NG",
  "KE",
  "IN",
  "BR",
  "MX",
] as const;

const address = z
  .string()
  .regex(/^0x[0-9a-fA-F]{40}$/, "must be a 0x-prefixed 20-byte hex address");
const privateKey = z.string().regex(/^0x[0-9a-fA-F]{64}$/, "must be a 0x-prefixed 32-byte hex key");
const bool = z.enum(["true", "false", "1", "0"]).transform((v) => v === "true" || v === "1");
const csv = z.string().transform((s) =>
  s
    .split(",")
    .map((x) => x.trim())
    .filter((x) => x.length > 0),
);
/** A browser origin as the Origin header spells it: scheme, host and port only (`https://app.example.com`). */
const origin = z
  .string()
  .refine((s) => URL.canParse(s) && new URL(s).origin === s && /^https?:/.test(s), {
    message:
      "must be an http(s) origin without path or trailing slash, e.g. https://app.example.com or http://localhost:5173",
  });
const addressList = csv.pipe(z.array(address)).transform((xs) => xs.map((x) => x.toLowerCase()));
/** "KEY=number,KEY=number" → record; keys upper-cased. */
const numberMap = z.string().transform((s, ctx) => {
  const out: Record<string, number> = {};
  for (const pair of s.split(",").filter((p) => p.trim())) {
    const [k, v] = pair.split("=").map((x) => x.trim());
    const n = Number(v);
    if (!k || v === undefined || v === "" || !Number.isFinite(n) || n < 0) {
      ctx.addIssue({ code: "custom", message: `"${pair}" is not KEY=non-negative-number` });
      return z.NEVER;
    }
    out[k === "default" ? "default" : k.toUpperCase()] = n;
  }
  return out;
});

const levelLimits = z.object({
  perTransferUsd: z.number().nonnegative(),
  dailyUsd: z.number().nonnegative(),
  weeklyUsd: z.number().nonnegative(),
});

const riskWeights = z.object({
  amountOverLevelLimit: z.number().int().min(0).max(100),
  velocityCount24h: z.number().int().min(0).max(100),
  velocityCount7d: z.number().int().min(0).max(100),
  velocitySum24h: z.number().int().min(0).max(100),
  velocitySum7d: z.number().int().min(0).max(100),
  structuring: z.number().int().min(0).max(100),
  newRecipient: z.number().int().min(0).max(100),
  highRiskCorridor: z.number().int().min(0).max(100),
  exposureSanctioned: z.number().int().min(0).max(100),
  exposureFlagged: z.number().int().min(0).max(100),
});
export type RiskWeights = z.infer<typeof riskWeights>;

const DEFAULT_WEIGHTS: RiskWeights = {
  amountOverLevelLimit: 50,
  velocityCount24h: 20,
  velocityCount7d: 15,
  velocitySum24h: 40,
  velocitySum7d: 40,
  structuring: 45,
  newRecipient: 10,
  highRiskCorridor: 35,
  exposureSanctioned: 60,
  exposureFlagged: 30,
};

const DEFAULT_LEVEL_LIMITS = {
  "1": { perTransferUsd: 1_000, dailyUsd: 3_000, weeklyUsd: 10_000 },
  "2": { perTransferUsd: 50_000, dailyUsd: 100_000, weeklyUsd: 250_000 },
};

const jsonOf = <T extends z.ZodType>(schema: T) =>
  z
    .string()
    .transform((s, ctx) => {
      try {
        return JSON.parse(s) as unknown;
      } catch {
        ctx.addIssue({ code: "custom", message: "is not valid JSON" });
        return z.NEVER;
      }
    })
    .pipe(schema);

const keySource = (prefix: string) => ({
  [`${prefix}_PRIVATE_KEY`]: privateKey.optional(),
  [`${prefix}_KEYSTORE_FILE`]: z.string().min(1).optional(),
  [`${prefix}_KEYSTORE_PASSWORD`]: z.string().optional(),
});

const envSchema = z.object({
  NODE_ENV: z.enum(["development", "test", "production"]).default("development"),
  COMPLIANCE_API_HOST: z.string().min(1).default("127.0.0.1"),
  COMPLIANCE_API_PORT: z.coerce.number().int().min(0).max(65535).default(18080),
  CORS_ORIGINS: csv.pipe(z.array(origin)).default([]),
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
  LOG_PRETTY: bool.default(false),
  CHAIN_ID: z.coerce.number().int().positive().default(31337),
  CHAIN_IDS: csv
    .pipe(
      z
        .array(z.string().regex(/^[1-9][0-9]*$/, "must be chain ids (positive integers)"))
        .min(1, "must name at least one chain id"),
    )
    .transform((ids) => ids.map(Number))
    .refine((ids) => new Set(ids).size === ids.length, "must not repeat a chain id")
    .optional(),
  RPC_URL: z.string().url().default("http://127.0.0.1:18545"),
  ADDRESS_BOOK_DIR: z.string().min(1).default(path.join(REPO_ROOT, "deployments")),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, "must be a postgres:// URL")
    .optional(),
  PGLITE_DIR: z
    .string()
    .min(1)
    .default(path.join(REPO_ROOT, ".clxend", "compliance-api", "pglite")),
  DATABASE_POOL_SIZE: z.coerce.number().int().min(1).max(200).default(16),
  REDIS_URL: z
    .string()
    .regex(/^rediss?:\/\//, "must be a redis:// URL")
    .optional(),
  INDEXER_URL: z.string().url().optional(),
  FACE_SERVICE_URL: z.string().url().default("http://127.0.0.1:18090"),
  SANCTIONS_SOURCES: csv.default([path.join(REPO_ROOT, "..", "shared", "data", "sanctions")]),
  SANCTIONS_WATCH: bool.default(true),
  SANCTIONS_ORACLE_ADDRESS: address.optional(),
  ...keySource("COSIGNER"),
  ...keySource("KYC_PROVIDER"),
  ...keySource("ANCHORER"),
  DATA_ENCRYPTION_KEY: z
    .string()
    .regex(/^(0x)?[0-9a-fA-F]{64}$/, "must be 32 bytes as hex")
    .optional(),
  DEV_KEY_FILE: z
    .string()
    .default(path.join(REPO_ROOT, ".clxend", "compliance-api", "data-key.hex")),
  COSIGN_TTL_SECONDS: z.coerce.number().int().min(30).max(3600).default(300),
  DECISION_TTL_SECONDS: z.coerce.number().int().min(30).max(86_400).default(900),
  NONCE_BLOCK_SIZE: z.coerce.number().int().min(1).max(10_000).default(64),
  STAFF_ADMINS: addressList.default([]),
  STAFF_OFFICERS: addressList.default([]),
  STAFF_AUDITORS: addressList.default([]),
  SIWE_DOMAIN: z.string().min(1).default("localhost:18173"),
  SIWE_URI: z.string().url().default("http://localhost:18173"),
  STAFF_SESSION_HOURS: z.coerce.number().positive().max(24).default(8),
  RISK_REVIEW_THRESHOLD: z.coerce.number().int().min(1).max(100).default(40),
  RISK_REJECT_THRESHOLD: z.coerce.number().int().min(1).max(100).default(90),
  RISK_HIGH_THRESHOLD: z.coerce.number().int().min(1).max(100).default(70),
  RISK_WEIGHTS: jsonOf(riskWeights.partial()).default({}),
  HIGH_RISK_JURISDICTIONS: csv
    .transform((xs) => xs.map((x) => x.toUpperCase()))
    .pipe(z.array(countryCode("KP")))
    .default(["KP", "IR", "MM"]),
  KYC_LEVEL_LIMITS: jsonOf(z.record(z.enum(["1", "2"]), levelLimits)).default(DEFAULT_LEVEL_LIMITS),
  VELOCITY_MAX_COUNT_24H: z.coerce.number().int().positive().default(10),
  VELOCITY_MAX_COUNT_7D: z.coerce.number().int().positive().default(40),
  STRUCTURING_THRESHOLD_USD: z.coerce.number().positive().default(1_000),
  STRUCTURING_BAND: z.coerce.number().gt(0).lt(1).default(0.9),
  STRUCTURING_MIN_COUNT: z.coerce.number().int().min(2).default(3),
  TRAVEL_RULE_THRESHOLDS_USD: numberMap.default({ default: 1_000, EU: 0 }),
  RETENTION_YEARS: numberMap.default({
    default: 5,
    EU: 5,
    GB: 5,
    US: 5,
    SG: 5,
    AE: 5,
    NG: 5,
    KE: 7,
    IN: 5,
    BR: 5,
    MX: 10,
  }),
  RATE_LIMIT_IP_PER_MINUTE: z.coerce.number().int().positive().default(600),
  RATE_LIMIT_WALLET_PER_MINUTE: z.coerce.number().int().positive().default(120),
  RATE_LIMIT_KEY_PREFIX: z.string().min(1).default("clxend-compliance"),
  KYC_CACHE_SECONDS: z.coerce.number().min(0).default(15),
  CHAIN_CACHE_SECONDS: z.coerce.number().min(0).default(30),
  EXPOSURE_CACHE_SECONDS: z.coerce.number().min(0).default(30),
  KYC_ATTESTATION_DAYS: z.coerce.number().int().positive().max(3650).default(365),
  KYC_EXPIRY_WARNING_DAYS: z.coerce.number().int().positive().default(30),
  AUDIT_ANCHOR_INTERVAL_SECONDS: z.coerce.number().int().min(0).default(300),
  RETENTION_PURGE_INTERVAL_SECONDS: z.coerce.number().int().min(0).default(86_400),
  APPROVAL_CHECK_INTERVAL_SECONDS: z.coerce.number().int().min(0).default(30),
  JOBS_ENABLED: bool.default(true),
});

type Env = z.infer<typeof envSchema>;

/** One signing key: a raw private key, or an encrypted JSON keystore file and its password. */
export type KeySource =
  | { kind: "privateKey"; privateKey: `0x${string}` }
  | { kind: "keystore"; file: string; password: string }
  | { kind: "none" };

function keyFrom(env: Record<string, unknown>, prefix: string): KeySource {
  const pk = env[`${prefix}_PRIVATE_KEY`] as `0x${string}` | undefined;
  const file = env[`${prefix}_KEYSTORE_FILE`] as string | undefined;
  if (pk && file) {
    throw new ConfigError(`Set either ${prefix}_PRIVATE_KEY or ${prefix}_KEYSTORE_FILE, not both.`);
  }
  if (pk) return { kind: "privateKey", privateKey: pk };
  if (file) {
    const password = env[`${prefix}_KEYSTORE_PASSWORD`] as string | undefined;
    if (password === undefined) {
      throw new ConfigError(
        `${prefix}_KEYSTORE_FILE is set but ${prefix}_KEYSTORE_PASSWORD is not.`,
      );
    }
    return { kind: "keystore", file: path.resolve(REPO_ROOT, file), password };
  }
  return { kind: "none" };
}

/** One chain the service screens and co-signs for: its RPC endpoint and, if it has one, a sanctions oracle. */
export interface ChainSettings {
  chainId: number;
  rpcUrl: string;
  /** Folder of the address books (`<chainId>.json`), shared by every chain. */
  addressBookDir: string;
  sanctionsOracle: `0x${string}` | undefined;
  kycCacheMs: number;
  cacheMs: number;
}

const url = z.string().url();

/**
 * The chains served: CHAIN_IDS (the first is the default source chain) or else CHAIN_ID alone. Each chain's RPC is
 * RPC_URL_<chainId>; the default chain may use RPC_URL instead. SANCTIONS_ORACLE_ADDRESS_<chainId> names a chain's
 * oracle (SANCTIONS_ORACLE_ADDRESS the default chain's).
 */
function chainsFrom(env: Env, input: Record<string, unknown>): ChainSettings[] {
  const ids = env.CHAIN_IDS ?? [env.CHAIN_ID];
  if (env.CHAIN_IDS && input.CHAIN_ID !== undefined && !env.CHAIN_IDS.includes(env.CHAIN_ID)) {
    throw new ConfigError(
      `CHAIN_ID ${env.CHAIN_ID} is not in CHAIN_IDS (${env.CHAIN_IDS.join(",")}); list it there or drop it.`,
    );
  }
  const problems: string[] = [];
  const chains = ids.map((chainId, i) => {
    const rpc = input[`RPC_URL_${chainId}`] ?? (i === 0 ? env.RPC_URL : undefined);
    const oracle =
      input[`SANCTIONS_ORACLE_ADDRESS_${chainId}`] ??
      (i === 0 ? env.SANCTIONS_ORACLE_ADDRESS : undefined);
    if (!url.safeParse(rpc).success)
      problems.push(
        `RPC_URL_${chainId}: ${rpc === undefined ? "is required for a chain of CHAIN_IDS" : "must be a URL"}`,
      );
    if (oracle !== undefined && !address.safeParse(oracle).success)
      problems.push(
        `SANCTIONS_ORACLE_ADDRESS_${chainId}: must be a 0x-prefixed 20-byte hex address`,
      );
    return {
      chainId,
      rpcUrl: String(rpc),
      addressBookDir: path.resolve(REPO_ROOT, env.ADDRESS_BOOK_DIR),
      sanctionsOracle: oracle as `0x${string}` | undefined,
      kycCacheMs: env.KYC_CACHE_SECONDS * 1000,
      cacheMs: env.CHAIN_CACHE_SECONDS * 1000,
    };
  });
  if (problems.length > 0)
    throw new ConfigError(`Invalid configuration: ${problems.join("; ")}`, { problems });
  return chains;
}

/** Builds the typed configuration from the environment; throws ConfigError naming every bad variable. */
export function loadConfig(source: NodeJS.ProcessEnv = process.env) {
  const input = Object.fromEntries(
    Object.entries(source).filter(([, v]) => v !== undefined && v !== ""),
  );
  const parsed = envSchema.safeParse(input);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`);
    throw new ConfigError(`Invalid configuration: ${problems.join("; ")}`, { problems });
  }
  const env: Env = parsed.data;
  if (env.RISK_REVIEW_THRESHOLD >= env.RISK_REJECT_THRESHOLD) {
    throw new ConfigError("RISK_REVIEW_THRESHOLD must be below RISK_REJECT_THRESHOLD.");
  }
  if (env.NODE_ENV === "production" && !env.DATA_ENCRYPTION_KEY) {
    throw new ConfigError("DATA_ENCRYPTION_KEY is required in production (32 bytes as hex).");
  }
  const chains = chainsFrom(env, input);
  return {
    env: env.NODE_ENV,
    host: env.COMPLIANCE_API_HOST,
    port: env.COMPLIANCE_API_PORT,
    /** Browser origins whose cross-origin requests (and CORS preflights) are answered; none by default. */
    corsOrigins: env.CORS_ORIGINS,
    log: { level: env.LOG_LEVEL, pretty: env.LOG_PRETTY },
    /** The default source chain (the first of `chains`): staff sign-in and the audit anchor. */
    chain: chains[0] as ChainSettings,
    /** Every chain served, the default first. */
    chains,
    database: {
      url: env.DATABASE_URL,
      poolSize: env.DATABASE_POOL_SIZE,
      pgliteDir: env.PGLITE_DIR.startsWith("memory://")
        ? env.PGLITE_DIR
        : path.resolve(REPO_ROOT, env.PGLITE_DIR),
    },
    redisUrl: env.REDIS_URL,
    indexerUrl: env.INDEXER_URL,
    faceServiceUrl: env.FACE_SERVICE_URL,
    exposureCacheMs: env.EXPOSURE_CACHE_SECONDS * 1000,
    sanctions: {
      sources: env.SANCTIONS_SOURCES.map((s) =>
        /^https?:\/\//.test(s) ? s : path.resolve(REPO_ROOT, s),
      ),
      watch: env.SANCTIONS_WATCH,
    },
    keys: {
      cosigner: keyFrom(input, "COSIGNER"),
      kycProvider: keyFrom(input, "KYC_PROVIDER"),
      anchorer: keyFrom(input, "ANCHORER"),
    },
    dataKey: {
      hex: env.DATA_ENCRYPTION_KEY?.replace(/^0x/, ""),
      devKeyFile: path.resolve(REPO_ROOT, env.DEV_KEY_FILE),
    },
    cosignTtlSeconds: env.COSIGN_TTL_SECONDS,
    decisionTtlMs: env.DECISION_TTL_SECONDS * 1000,
    nonceBlockSize: env.NONCE_BLOCK_SIZE,
    staff: {
      admins: env.STAFF_ADMINS,
      officers: env.STAFF_OFFICERS,
      auditors: env.STAFF_AUDITORS,
      siweDomain: env.SIWE_DOMAIN,
      siweUri: env.SIWE_URI,
      sessionMs: env.STAFF_SESSION_HOURS * 3_600_000,
    },
    risk: {
      reviewThreshold: env.RISK_REVIEW_THRESHOLD,
      rejectThreshold: env.RISK_REJECT_THRESHOLD,
      highRiskThreshold: env.RISK_HIGH_THRESHOLD,
      weights: { ...DEFAULT_WEIGHTS, ...env.RISK_WEIGHTS } as RiskWeights,
      highRiskJurisdictions: new Set(env.HIGH_RISK_JURISDICTIONS),
      levelLimits: { ...DEFAULT_LEVEL_LIMITS, ...env.KYC_LEVEL_LIMITS },
      velocityMaxCount24h: env.VELOCITY_MAX_COUNT_24H,
      velocityMaxCount7d: env.VELOCITY_MAX_COUNT_7D,
      structuringThresholdUsd: env.STRUCTURING_THRESHOLD_USD,
      structuringBand: env.STRUCTURING_BAND,
      structuringMinCount: env.STRUCTURING_MIN_COUNT,
    },
    travelRuleThresholdsUsd: { default: 1_000, EU: 0, ...env.TRAVEL_RULE_THRESHOLDS_USD } as Record<
      string,
      number
    >,
    retentionYears: { default: 5, ...env.RETENTION_YEARS } as Record<string, number>,
    rateLimit: {
      ipPerMinute: env.RATE_LIMIT_IP_PER_MINUTE,
      walletPerMinute: env.RATE_LIMIT_WALLET_PER_MINUTE,
      keyPrefix: env.RATE_LIMIT_KEY_PREFIX,
    },
    kyc: {
      attestationDays: env.KYC_ATTESTATION_DAYS,
      expiryWarningDays: env.KYC_EXPIRY_WARNING_DAYS,
    },
    jobs: {
      enabled: env.JOBS_ENABLED,
      anchorIntervalMs: env.AUDIT_ANCHOR_INTERVAL_SECONDS * 1000,
      purgeIntervalMs: env.RETENTION_PURGE_INTERVAL_SECONDS * 1000,
      approvalCheckIntervalMs: env.APPROVAL_CHECK_INTERVAL_SECONDS * 1000,
    },
  };
}

export type Config = ReturnType<typeof loadConfig>;
