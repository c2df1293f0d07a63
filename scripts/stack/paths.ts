// Folders the local stack works with: the repository root, the default state folder and the default address book.
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "..", "..");

/** Everything the stack keeps between runs: chain state, Ignition journal, service data, logs. */
export const DEFAULT_STATE_DIR = join(REPO_ROOT, ".clxend");

/** Where `npm start` writes deployments/31337.json and the ABIs. */
export const DEFAULT_ADDRESS_BOOK_DIR = join(REPO_ROOT, "deployments");
