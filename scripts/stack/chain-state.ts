// The saved state of a local chain (`<chain folder>/state.json`, which anvil loads at start and writes at exit) and
// its backup (`state.json.bak`): a state file that does not parse is replaced by the backup before anvil starts,
// and the backup is refreshed from the running chain (anvil_dumpState) whenever the stack has a good state to keep.
import {
  copyFileSync,
  existsSync,
  readFileSync,
  renameSync,
  statSync,
  writeFileSync,
} from "node:fs";
import { gunzipSync } from "node:zlib";
import { z } from "zod";

/** The top-level fields anvil writes in a state file (its SerializableState). */
const stateSchema = z.object({ block: z.unknown(), accounts: z.record(z.unknown()) }).passthrough();

/** The backup next to a state file. */
export function backupOf(stateFile: string): string {
  return `${stateFile}.bak`;
}

/** Why the state file cannot be loaded, or undefined when it parses as anvil's state. */
export function stateProblem(file: string): string | undefined {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (error) {
    return `cannot be read (${(error as NodeJS.ErrnoException).code ?? String(error)})`;
  }
  if (text.trim() === "") return "is empty";
  try {
    return stateSchema.safeParse(JSON.parse(text)).success ? undefined : "is not anvil state";
  } catch {
    return `is cut off or not JSON (${text.length.toLocaleString("en")} bytes)`;
  }
}

export type StateCheck =
  | { kind: "none" }
  | { kind: "good" }
  | { kind: "restored"; problem: string; backupSavedAt: Date };

/** The state file is damaged and there is no good backup. */
export class DamagedChainStateError extends Error {
  override name = "DamagedChainStateError";
  constructor(
    readonly stateFile: string,
    readonly problem: string,
  ) {
    super(`The saved chain state ${stateFile} ${problem}, and there is no backup to restore`);
  }
}

/**
 * Makes sure anvil can load `stateFile`: nothing to do when it is absent (a new chain) or parses; when it does not,
 * restores the backup (if that parses) and says so; throws DamagedChainStateError when neither is usable.
 */
export function prepareStateFile(stateFile: string): StateCheck {
  if (!existsSync(stateFile)) return { kind: "none" };
  const problem = stateProblem(stateFile);
  if (problem === undefined) return { kind: "good" };
  const backup = backupOf(stateFile);
  if (!existsSync(backup) || stateProblem(backup) !== undefined) {
    throw new DamagedChainStateError(stateFile, problem);
  }
  copyFileSync(backup, `${stateFile}.restoring`);
  renameSync(`${stateFile}.restoring`, stateFile);
  return { kind: "restored", problem, backupSavedAt: statSync(backup).mtime };
}

/**
 * Writes the running chain's state to the backup file, atomically (a temporary file renamed over it), so that the
 * backup is always a complete state. Uses anvil_dumpState (gzip-compressed JSON, the same format as the state file).
 */
export async function backUpChainState(rpcUrl: string, stateFile: string): Promise<void> {
  const response = await fetch(rpcUrl, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ jsonrpc: "2.0", id: 1, method: "anvil_dumpState", params: [] }),
    signal: AbortSignal.timeout(60_000),
  });
  const body = z
    .object({ result: z.string().regex(/^0x[0-9a-f]*$/i) })
    .parse(await response.json());
  const json = gunzipSync(Buffer.from(body.result.slice(2), "hex"));
  stateSchema.parse(JSON.parse(json.toString("utf8")));
  const backup = backupOf(stateFile);
  writeFileSync(`${backup}.tmp`, json);
  renameSync(`${backup}.tmp`, backup);
}
