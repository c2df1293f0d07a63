// zod schemas of the REST API's path and query parameters.
import { isAddress, isHex } from "viem";
import { z } from "zod";
import { ApiError, invalidRequest } from "./errors.ts";

export const chainIdParam = z.coerce
  .number({ invalid_type_error: "must be a number" })
  .int("must be an integer")
  .positive("must be a positive chain id");

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

export const limitParam = z.coerce
  .number({ invalid_type_error: "must be a number" })
  .int("must be an integer")
  .min(1, "must be at least 1")
  .max(100, "must be at most 100")
  .default(25);

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
  .refine(
    (value) => !Number.isNaN(Date.parse(`${value}T00:00:00Z`)),
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

export { ApiError };
