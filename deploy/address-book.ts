// Address book of one chain (deployments/<chainId>.json): its zod schema, the typed reader every part uses to find
// contract addresses, deployment blocks and ABIs, and the writer the deploy scripts use.
import { mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { type Address, getAddress, isAddress } from "viem";
import { z } from "zod";

/**
 * Keys of `contracts` in an address book. TestStablecoin exists on local chains only; the CCIP bridge contracts only
 * on chains deployed with a bridge.
 */
export const CONTRACT_NAMES = [
  "Remittance",
  "KycRegistry",
  "MerchantRegistry",
  "AuditAnchor",
  "DIDRegistry",
  "TestStablecoin",
  "CcipRemittanceSender",
  "CcipRemittanceReceiver",
] as const;
export type ContractName = (typeof CONTRACT_NAMES)[number];

/** The repository's `deployments/` folder. */
export const REPO_ADDRESS_BOOK_DIR = resolve(
  dirname(fileURLToPath(import.meta.url)),
  "..",
  "deployments",
);

const addressSchema = z
  .string()
  .refine((value) => isAddress(value, { strict: false }), {
    message: "must be a 0x-prefixed 20-byte hex address",
  })
  .transform((value): Address => getAddress(value));

const contractEntrySchema = z.object({
  address: addressSchema,
  deploymentBlock: z.number().int().nonnegative(),
  abi: z.string().regex(/^abi\/[A-Za-z0-9]+\.json$/, "must look like abi/<ContractName>.json"),
});

const tokenEntrySchema = z.object({
  address: addressSchema,
  decimals: z.number().int().min(0).max(36),
});

/** A uint64 CCIP chain selector, kept as a decimal string in JSON (it does not fit a JavaScript number). */
const chainSelectorSchema = z
  .string()
  .regex(/^[1-9][0-9]{0,19}$/, "must be a CCIP chain selector as a decimal string")
  .refine((value) => BigInt(value) < 2n ** 64n, { message: "must fit in 64 bits" });

const ccipSchema = z.object({
  chainSelector: chainSelectorSchema,
  router: addressSchema,
  /** LINK token accepted for CCIP fees; null when only the native gas token is accepted. */
  linkToken: addressSchema.nullable(),
});

export const addressBookSchema = z.object({
  chainId: z.number().int().positive(),
  name: z.string().min(1),
  contracts: z.object({
    Remittance: contractEntrySchema,
    KycRegistry: contractEntrySchema,
    MerchantRegistry: contractEntrySchema,
    AuditAnchor: contractEntrySchema,
    DIDRegistry: contractEntrySchema,
    TestStablecoin: contractEntrySchema.optional(),
    CcipRemittanceSender: contractEntrySchema.optional(),
    CcipRemittanceReceiver: contractEntrySchema.optional(),
  }),
  /** The chain's Chainlink CCIP settings; only on chains deployed with the bridge. */
  ccip: ccipSchema.optional(),
  tokens: z.record(z.string().regex(/^[A-Za-z0-9.]+$/, "token keys are symbols"), tokenEntrySchema),
});

export type AddressBook = z.infer<typeof addressBookSchema>;
export type ContractEntry = z.infer<typeof contractEntrySchema>;
export type TokenEntry = z.infer<typeof tokenEntrySchema>;
export type CcipSettings = z.infer<typeof ccipSchema>;

/** An address book is missing, unreadable or does not match the schema. Retrying does not help: redeploy. */
export class AddressBookError extends Error {
  override name = "AddressBookError";
  constructor(
    message: string,
    readonly path: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/**
 * The folder that holds address books when none is given: `$ADDRESS_BOOK_DIR` if set (the stack sets it for every
 * service), else the repository's `deployments/`.
 */
export function defaultAddressBookDir(): string {
  return process.env.ADDRESS_BOOK_DIR ?? REPO_ADDRESS_BOOK_DIR;
}

/** Path of the address book of `chainId` in `dir`. */
export function addressBookPath(chainId: number, dir = defaultAddressBookDir()): string {
  return join(dir, `${chainId}.json`);
}

/**
 * Reads and validates the address book of `chainId`. Addresses come back checksummed.
 *
 * @example
 * const book = readAddressBook(31337);
 * const remittance = book.contracts.Remittance.address;
 */
export function readAddressBook(chainId: number, dir = defaultAddressBookDir()): AddressBook {
  const path = addressBookPath(chainId, dir);
  const book = parseAddressBook(readJson(path), path);
  if (book.chainId !== chainId) {
    throw new AddressBookError(`Address book is for chain ${book.chainId}, not ${chainId}`, path);
  }
  return book;
}

/** Validates an address book object that did not come from a file (`source` names it in errors). */
export function parseAddressBook(value: unknown, source = "<address book>"): AddressBook {
  const result = addressBookSchema.safeParse(value);
  if (!result.success) {
    const problems = result.error.issues.map(
      (issue) => `${issue.path.join(".")}: ${issue.message}`,
    );
    throw new AddressBookError(`Invalid address book: ${problems.join("; ")}`, source);
  }
  return result.data;
}

/** Reads the ABI (a plain JSON array) of `name` as referenced by `book`. For typed ABIs import deployments/abi. */
export function readAbi(
  book: AddressBook,
  name: ContractName,
  dir = defaultAddressBookDir(),
): unknown[] {
  const entry = book.contracts[name];
  if (entry === undefined) {
    throw new AddressBookError(`Contract ${name} is not deployed on chain ${book.chainId}`, dir);
  }
  const path = join(dir, entry.abi);
  const abi = readJson(path);
  if (!Array.isArray(abi)) throw new AddressBookError("ABI file is not a JSON array", path);
  return abi;
}

/** Validates `book` and writes it atomically to `<dir>/<chainId>.json`. Returns the path. */
export function writeAddressBook(book: AddressBook, dir = defaultAddressBookDir()): string {
  const path = addressBookPath(book.chainId, dir);
  const valid = parseAddressBook(book, path);
  mkdirSync(dir, { recursive: true });
  const temporary = `${path}.${process.pid}.tmp`;
  writeFileSync(temporary, `${JSON.stringify(valid, null, 2)}\n`);
  renameSync(temporary, path);
  return path;
}

function readJson(path: string): unknown {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (error) {
    throw new AddressBookError(`Cannot read ${path}; has the chain been deployed?`, path, {
      cause: error,
    });
  }
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new AddressBookError(`${path} is not valid JSON`, path, { cause: error });
  }
}
