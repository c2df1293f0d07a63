// zod schemas of the REST API's path and query parameters, and the parsers that turn a bad request into a 400.
import { isAddress, isHex } from "viem";
import { z } from "zod";
import { ApiError, invalidRequest } from "./errors.ts";

/** The largest chain id the indexer stores: chain ids are 32-bit signed integer columns. */
export const MAX_CHAIN_ID = 2_147_483_647;

/**
 * A whole number written in decimal digits only, from `min` to `max`: no sign, exponent, `0x` prefix, fraction,
 * spaces or leading zeros (`Number()` would read `1e5`, `0x7a69` and ` 7` as numbers).
 */
function decimalInteger(example: string, min: number, max: number) {
  return z
    .string({ invalid_type_error: "must be given once" })
    .regex(/^(0|[1-9][0-9]*)$/, `must be a whole number in decimal digits, such as ${example}`)
    .transform(Number)
    .refine((value) => value >= min, `must be at least ${min}`)
    .refine((value) => value <= max, `must be at most ${max}`);
}

export const chainIdParam = decimalInteger("31337", 1, MAX_CHAIN_ID);

/** Throws a 404 naming the indexed chains when `chainId` is well-formed but not one of them. */
export function requireIndexedChain(chainId: number, indexed: readonly number[]): void {
  if (indexed.includes(chainId)) return;
  throw new ApiError(
    404,
    "chain_not_indexed",
    `Chain ${chainId} is not indexed here; this indexer indexes chain${indexed.length === 1 ? "" : "s"} ${indexed.join(", ")}.`,
    { chainId, indexedChainIds: indexed },
  );
}

export const addressParam = z
  .string()
  .refine(
    (value) => isAddress(value, { strict: false }),
    "must be a 0x-prefixed 20-byte hex address",
  )
  .transform((value) => value.toLowerCase() as `0x${string}`);

export const bytes32Param = z
  .string()
  .refine((value) => isHex(value) && value.length === 66, "must be a 0x-prefixed 32-byte hex value")
  .transform((value) => value.toLowerCase() as `0x${string}`);

export const limitParam = decimalInteger("25", 1, 100).default("25");

/** Opaque cursor: the sort key of the last item returned, base64url-encoded. */
export const cursorParam = z
  .string()
  .regex(/^[A-Za-z0-9_-]{1,40}$/, "must be a cursor returned by a previous page")
  .transform((value, ctx) => {
    const decoded = Buffer.from(value, "base64url").toString("utf8");
    if (!/^\d{1,30}$/.test(decoded)) {
      ctx.addIssue({
        code: z.ZodIssueCode.custom,
        message: "must be a cursor returned by a previous page",
      });
      return z.NEVER;
    }
    return BigInt(decoded);
  });

export const encodeCursor = (order: bigint) =>
  Buffer.from(order.toString(), "utf8").toString("base64url");

export const dayParam = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, "must be a date like 2025-01-31")
  // Date.parse rolls 2025-02-30 over to March 2; a real date prints back as itself.
  .refine(
    (value) =>
      !Number.isNaN(Date.parse(`${value}T00:00:00Z`)) &&
      new Date(`${value}T00:00:00Z`).toISOString().slice(0, 10) === value,
    "must be a real calendar date",
  )
  .transform((value) => Math.floor(Date.parse(`${value}T00:00:00Z`) / 86_400_000));

/** Parses `input` with `schema`, throwing a 400 ApiError that lists every problem. */
export function parse<schema extends z.ZodTypeAny>(
  schema: schema,
  input: unknown,
): z.output<schema> {
  const result = schema.safeParse(input);
  if (!result.success) throw invalidRequest(result.error);
  return result.data;
}

/** The parameter names of an object schema (also behind `.refine()`). */
function parameterNames(schema: z.ZodTypeAny): string[] {
  if (schema instanceof z.ZodEffects) return parameterNames(schema.innerType());
  return schema instanceof z.ZodObject ? Object.keys(schema.shape) : [];
}

/**
 * Parses a query string (every value of every name, as `c.req.queries()` gives it) with an object schema. A name
 * the route does not take, or one given more than once, is a 400 like an invalid value.
 */
export function parseQuery<schema extends z.ZodTypeAny>(
  schema: schema,
  queries: Record<string, string[]>,
): z.output<schema> {
  const names = parameterNames(schema);
  const takes = names.length === 0 ? "it takes no parameters" : `it takes ${names.join(", ")}`;
  const problems = Object.entries(queries).flatMap(([name, values]) =>
    !names.includes(name)
      ? [{ parameter: name, problem: `is not a parameter of this route (${takes})` }]
      : values.length > 1
        ? [{ parameter: name, problem: `is given ${values.length} times; give it once` }]
        : [],
  );
  const [first] = problems;
  if (first !== undefined) {
    throw new ApiError(
      400,
      "invalid_request",
      `Invalid ${first.parameter}: ${first.problem}.`,
      problems,
    );
  }
  return parse(
    schema,
    Object.fromEntries(Object.entries(queries).map(([name, [value]]) => [name, value])),
  );
}

export { ApiError };
