// SQL over HTTP (/sql/db, /sql/live): Ponder's client() middleware behind a check of the `sql` parameter, a deadline,
// and JSON errors. Ponder answers a refused or failed query with a plain-text 500 and retries a query that fails
// while running (such as a division by zero) for about a minute; this wrapper answers 400 with its reason instead, or
// once the deadline has passed (see the README's NOTE on SQL over HTTP for what Ponder still does then).
import { client } from "ponder";
import type { MiddlewareHandler } from "hono";
import { z } from "zod";
import { ApiError } from "./errors.ts";
import { parseQuery } from "./params.ts";

/** Ponder refuses longer SQL texts with a bare "Invalid query". */
const MAX_SQL_LENGTH = 5_000;

const EXAMPLE = `?sql=${encodeURIComponent(JSON.stringify({ json: { sql: "select count(*) from remittance", params: [] } }))}`;

/** The `sql` parameter as @ponder/client sends it: superjson of { sql, params }. */
const sqlRequest = z.object({
  sql: z
    .string({
      required_error: `is required: the query as superjson, e.g. /sql/db${EXAMPLE}`,
      invalid_type_error: "must be given once",
    })
    .transform((text, ctx) => {
      try {
        return JSON.parse(text) as unknown;
      } catch {
        ctx.addIssue({
          code: z.ZodIssueCode.custom,
          message: `must be JSON ({"json":{"sql":"select …","params":[]}}), as @ponder/client sends it`,
        });
        return z.NEVER;
      }
    })
    .pipe(
      z.object(
        {
          json: z.object(
            {
              sql: z
                .string({ message: "json.sql must be the SQL text" })
                .min(1, "json.sql must not be empty")
                .max(MAX_SQL_LENGTH, `json.sql must be at most ${MAX_SQL_LENGTH} characters`),
              params: z.array(z.unknown(), { message: "json.params must be an array" }).optional(),
            },
            { message: 'must hold "json": { "sql": …, "params": […] }' },
          ),
        },
        { message: 'must be a JSON object with "json": { "sql": …, "params": […] }' },
      ),
    ),
});

/**
 * Ponder's SQL over HTTP with a checked `sql` parameter, JSON errors and a deadline of `timeoutMs` for the answer.
 * Paths under /sql other than /sql/db and /sql/live fall through (404).
 */
export function sqlOverHttp(
  options: Parameters<typeof client>[0] & { timeoutMs: number },
): MiddlewareHandler {
  const ponder = client({ db: options.db, schema: options.schema });
  return async (c, next) => {
    if (c.req.path !== "/sql/db" && c.req.path !== "/sql/live") return next();
    parseQuery(sqlRequest, c.req.queries());

    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<"timeout">((resolve) => {
      timer = setTimeout(() => resolve("timeout"), options.timeoutMs);
    });
    const answer = await Promise.race([ponder(c, next), deadline]).finally(() =>
      clearTimeout(timer),
    );
    if (answer === "timeout") {
      throw new ApiError(
        400,
        "sql_timeout",
        `The query did not answer within ${options.timeoutMs} ms. Either it is too slow (filter on an indexed column, add a limit) or it fails while running, such as a division by zero, which Ponder retries for about a minute before it gives up; run it against PostgreSQL directly to see the error.`,
        { timeoutMs: options.timeoutMs },
      );
    }
    const response = answer ?? c.res;
    if (response.status < 400) return response;
    const reason = (await response.text()).trim();
    if (response.status === 500) {
      // Ponder's refusals (not a single read-only SELECT, a function or clause it does not allow, a syntax error,
      // an unknown table or column) come as a plain-text 500 at once; a query that fails while running comes back
      // only after Ponder's retries, past the deadline.
      throw new ApiError(
        400,
        "invalid_sql",
        `The query was refused: ${reason.replace(/\.$/, "")}. SQL over HTTP runs one read-only SELECT on the indexer's tables.`,
      );
    }
    // Live queries before the backfill is complete, or too many of them: 503 with Ponder's reason.
    throw new ApiError(
      response.status === 503 ? 503 : 400,
      "sql_unavailable",
      `${reason.replace(/\.$/, "")}.`,
    );
  };
}
