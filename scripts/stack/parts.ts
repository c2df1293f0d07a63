// The parts the local stack can run (each an npm workspace with a `start` script), and the environment contract
// every part receives: where the chain, the address book, the other parts and its own port and data folder are.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { DemoAccount, DemoRole } from "../../deploy/demo-accounts.ts";
import { REPO_ROOT } from "./paths.ts";

/** The parts in PARTS, and the CCIP relayer that `--chains 2` adds (a root script, not a workspace). */
export type PartName = "face-service" | "indexer" | "compliance-api" | "frontend" | "ccip-relayer";

export interface PartDefinition {
  name: PartName;
  /** npm workspace folder. */
  workspace: string;
  /** What a person sees in the URL table. */
  title: string;
  /** Environment variable carrying the part's own port. */
  portVariable: string;
  /** Environment variable carrying the part's URL to the other parts. */
  urlVariable: string;
  healthPath: string;
  /** Whether `--database-url` is passed to it as DATABASE_URL. */
  usesDatabase: boolean;
}

/** In start order. */
export const PARTS: readonly PartDefinition[] = [
  {
    name: "face-service",
    workspace: "face-service",
    title: "Face service",
    portVariable: "FACE_SERVICE_PORT",
    urlVariable: "FACE_SERVICE_URL",
    healthPath: "/health",
    usesDatabase: false,
  },
  {
    name: "indexer",
    workspace: "indexer",
    // SQL over HTTP (/sql/db) answers 501 on the default embedded PGlite: PostgreSQL only (indexer/README.md).
    title: "Indexer (GraphQL, REST; SQL only with --database-url)",
    portVariable: "INDEXER_PORT",
    urlVariable: "INDEXER_URL",
    healthPath: "/health",
    usesDatabase: true,
  },
  {
    name: "compliance-api",
    workspace: "compliance-api",
    title: "Compliance API",
    portVariable: "COMPLIANCE_API_PORT",
    urlVariable: "COMPLIANCE_API_URL",
    healthPath: "/health",
    usesDatabase: true,
  },
  {
    name: "frontend",
    workspace: "frontend",
    title: "Frontend (open this)",
    portVariable: "FRONTEND_PORT",
    urlVariable: "FRONTEND_URL",
    healthPath: "/health",
    usesDatabase: false,
  },
];

/** Ports of a stack: the chain, each part, and (with `--chains 2`) the second chain and the CCIP relayer. */
export type StackPorts = Record<PartName | "chain" | "chain2", number>;

/** Default ports of the demo stack. */
export const DEFAULT_PORTS: StackPorts = {
  chain: 18545,
  chain2: 18546,
  "ccip-relayer": 18100,
  indexer: 18069,
  "compliance-api": 18080,
  "face-service": 18090,
  frontend: 18173,
};

/** Whether the part's workspace has a `start` script (parts without one are not built yet and are skipped). */
export function hasStartScript(part: PartDefinition): boolean {
  try {
    const pkg = JSON.parse(
      readFileSync(join(REPO_ROOT, part.workspace, "package.json"), "utf8"),
    ) as {
      scripts?: Record<string, string>;
    };
    return typeof pkg.scripts?.start === "string";
  } catch {
    return false;
  }
}

export interface EnvironmentInput {
  part: PartDefinition;
  chainId: number;
  rpcUrl: string;
  /** Every chain of the stack, the first one being `chainId`; two with `--chains 2`. */
  chains?: readonly { chainId: number; rpcUrl: string }[];
  addressBookDir: string;
  stateDir: string;
  ports: StackPorts;
  databaseUrl?: string;
  demo: Record<DemoRole, DemoAccount>;
}

/** The indexer's PGlite folder in the state folder (its PGLITE_DIR). */
export function indexerPgliteDir(stateDir: string): string {
  return join(stateDir, "indexer", "pglite");
}

/** The compliance API's PGlite folder in the state folder (its PGLITE_DIR). */
export function compliancePgliteDir(stateDir: string): string {
  return join(stateDir, "compliance-api", "pglite");
}

/** The host every URL of the stack uses (the start-up table, the parts' URLs, the staff sign-in message). */
export const STACK_HOST = "127.0.0.1";

export function urlOf(port: number): string {
  return `http://${STACK_HOST}:${port}`;
}

/**
 * Staff of the demo compliance API, by demo role: the admin, and two compliance officers (two, as four eyes needs
 * two different officers for a high-risk case; the same two the frontend's end-to-end tests sign in as).
 */
export const DEMO_STAFF = {
  admins: ["admin"],
  officers: ["kycProvider", "anchorer"],
} as const satisfies Record<string, readonly DemoRole[]>;

/**
 * The environment of one part. Documented in deploy/README.md ("Environment contract"); keep the two in step.
 */
export function environmentOf(input: EnvironmentInput): NodeJS.ProcessEnv {
  const { part, ports, demo } = input;
  const dataDir = join(input.stateDir, part.name);
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    NODE_ENV: "development",
    CHAIN_ID: String(input.chainId),
    RPC_URL: input.rpcUrl,
    ADDRESS_BOOK_DIR: input.addressBookDir,
    DATA_DIR: dataDir,
  };
  for (const other of PARTS) {
    env[other.portVariable] = String(ports[other.name]);
    env[other.urlVariable] = urlOf(ports[other.name]);
  }
  const chains = input.chains ?? [];
  if (chains.length > 1) {
    // Several chains: CHAIN_ID stays the first (the chain a single-chain part serves), CHAIN_IDS lists them all.
    env.CHAIN_IDS = chains.map((chain) => chain.chainId).join(",");
    for (const chain of chains) env[`RPC_URL_${chain.chainId}`] = chain.rpcUrl;
    if (part.name === "indexer") env.CHAIN_ID = env.CHAIN_IDS;
  }
  if (part.usesDatabase && input.databaseUrl !== undefined) env.DATABASE_URL = input.databaseUrl;
  else delete env.DATABASE_URL;

  if (part.name === "indexer") env.PGLITE_DIR = indexerPgliteDir(input.stateDir);
  if (part.name === "face-service") env.FACE_TEMPLATE_DIR = join(dataDir, "templates");
  if (part.name === "compliance-api") {
    env.PGLITE_DIR = compliancePgliteDir(input.stateDir);
    env.DEV_KEY_FILE = join(dataDir, "data-key.hex");
    env.COSIGNER_PRIVATE_KEY = demo.compliance.privateKey;
    env.KYC_PROVIDER_PRIVATE_KEY = demo.kycProvider.privateKey;
    env.ANCHORER_PRIVATE_KEY = demo.anchorer.privateKey;
    env.STAFF_ADMINS = DEMO_STAFF.admins.map((role) => demo[role].account.address).join(",");
    env.STAFF_OFFICERS = DEMO_STAFF.officers.map((role) => demo[role].account.address).join(",");
    // The sign-in message names the site the stack prints and serves, so a wallet sees no domain mismatch.
    env.SIWE_DOMAIN = `${STACK_HOST}:${ports.frontend}`;
    env.SIWE_URI = urlOf(ports.frontend);
  }
  return env;
}
