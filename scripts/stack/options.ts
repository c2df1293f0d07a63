// Command line of `npm start`: the usage text, and the options parsed and checked into what startStack needs.
import { join, resolve } from "node:path";
import { parseArgs } from "node:util";
import { DEFAULT_PORTS, PARTS, type PartName, type StackPorts } from "./parts.ts";
import { DEFAULT_ADDRESS_BOOK_DIR, DEFAULT_STATE_DIR } from "./paths.ts";

/** The highest port of the stack without an offset; every port plus --port-offset must stay a valid port. */
const HIGHEST_DEFAULT_PORT = Math.max(...Object.values(DEFAULT_PORTS));

export const USAGE = `Usage: npm start -- [options]

Options go after a single "--" (npm passes everything after it on), all of them together:
  npm start -- --fresh --chains 2 --skip face-service

  --fresh                 wipe the local state (.clxend/) first: new chain, new deployment, empty databases
                          (with --database-url: the indexer's schema and the compliance API's tables are dropped
                          and the local chains' rows deleted from Ponder's sync cache, ponder_sync)
  --chains <1|2>          2: a second chain (31338, port 18546) joined to the first over CCIP lanes both ways,
                          with the local CCIP relayer carrying messages between them (default 1)
  --database-url <url>    run the indexer and the compliance API on PostgreSQL (postgres://user@host:port/db)
                          instead of embedded PGlite; the database must exist
  --skip <parts>          comma-separated parts not to start (${PARTS.map((part) => part.name).join(", ")})
  --state-dir <dir>       keep the state somewhere else than .clxend/ (the address books then go to
                          <dir>/deployments/ instead of deployments/, unless $ADDRESS_BOOK_DIR is set)
  --health-timeout <s>    seconds to wait for each part's /health (default 240)
  --port-offset <n>       add n to every port (chain 18545, 18546; indexer 18069; compliance API 18080;
                          face service 18090; frontend 18173; CCIP relayer 18100), to run beside another stack
  -h, --help              print this text`;

/** The options `npm start` accepts (the README's Quick start documents each of them). */
export const OPTIONS = {
  fresh: { type: "boolean", default: false },
  "database-url": { type: "string" },
  "state-dir": { type: "string", default: DEFAULT_STATE_DIR },
  "health-timeout": { type: "string", default: "240" },
  skip: { type: "string", default: "" },
  chains: { type: "string", default: "1" },
  "port-offset": { type: "string", default: "0" },
  help: { type: "boolean", short: "h", default: false },
} as const;

/** A command line that cannot be run; the message says what is wrong, the usage text follows it. */
export class UsageError extends Error {
  override name = "UsageError";
}

export interface StartOptions {
  fresh: boolean;
  help: boolean;
  stateDir: string;
  /** Where the address books go: see addressBookDirOf. */
  addressBookDir: string;
  databaseUrl: string | undefined;
  parts: PartName[];
  chains: 1 | 2;
  healthTimeoutMs: number;
  ports: StackPorts;
}

/**
 * Where a stack on `stateDir` writes its address books: $ADDRESS_BOOK_DIR if set (as for every part), else the
 * repository's deployments/ for the default state folder and `<stateDir>/deployments` for any other, so that a
 * second stack beside the first does not overwrite the first one's books.
 */
export function addressBookDirOf(stateDir: string, env: NodeJS.ProcessEnv = process.env): string {
  if (env.ADDRESS_BOOK_DIR !== undefined && env.ADDRESS_BOOK_DIR !== "") {
    return resolve(env.ADDRESS_BOOK_DIR);
  }
  return resolve(stateDir) === DEFAULT_STATE_DIR
    ? DEFAULT_ADDRESS_BOOK_DIR
    : join(resolve(stateDir), "deployments");
}

/** Parses the arguments after `npm start --`; throws UsageError with a sentence about the first bad option. */
export function parseStartOptions(
  args: string[],
  env: NodeJS.ProcessEnv = process.env,
): StartOptions {
  if (args.includes("--")) {
    // npm removed the first "--"; a second one ends the options, and what follows it would be ignored.
    const corrected = args.filter((arg) => arg !== "--").join(" ");
    throw new UsageError(
      `Put one "--" before all the options, not one before each: npm start -- ${corrected}`,
    );
  }
  let values: ReturnType<typeof parse>;
  try {
    values = parse(args);
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
  const databaseUrl = values["database-url"];
  if (databaseUrl !== undefined && !/^postgres(ql)?:\/\/.+/.test(databaseUrl)) {
    throw new UsageError("--database-url must be a postgres:// or postgresql:// URL");
  }
  const healthTimeout = Number(values["health-timeout"]);
  if (!Number.isFinite(healthTimeout) || healthTimeout <= 0) {
    throw new UsageError("--health-timeout must be a positive number of seconds");
  }
  if (values.chains !== "1" && values.chains !== "2") {
    throw new UsageError("--chains must be 1 or 2");
  }
  const skip = values.skip.split(",").filter((name) => name !== "");
  const unknown = skip.filter((name) => !PARTS.some((part) => part.name === name));
  if (unknown.length > 0) throw new UsageError(`--skip: unknown part ${unknown.join(", ")}`);
  return {
    fresh: values.fresh,
    help: values.help,
    stateDir: values["state-dir"],
    addressBookDir: addressBookDirOf(values["state-dir"], env),
    databaseUrl,
    parts: PARTS.map((part) => part.name).filter((name) => !skip.includes(name)),
    chains: values.chains === "2" ? 2 : 1,
    healthTimeoutMs: healthTimeout * 1000,
    ports: portsWithOffset(values["port-offset"]),
  };
}

function parse(args: string[]) {
  return parseArgs({ args, options: OPTIONS, strict: true, allowPositionals: false }).values;
}

function portsWithOffset(text: string): StackPorts {
  const offset = Number(text);
  const highest = 65_535 - HIGHEST_DEFAULT_PORT;
  if (!/^\d+$/.test(text) || offset > highest) {
    throw new UsageError(`--port-offset must be a whole number from 0 to ${highest}`);
  }
  const ports = { ...DEFAULT_PORTS };
  for (const name of Object.keys(ports) as (keyof StackPorts)[]) ports[name] += offset;
  return ports;
}
