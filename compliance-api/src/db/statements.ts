// Hot-path SQL: fixed parameterised statements ($1, $2 …), run as named prepared statements on PostgreSQL.
import { type SQL, sql } from "drizzle-orm";
import type { Db } from "./client.ts";

/** A statement whose text never changes, so PostgreSQL parses and plans it once per connection. */
export interface Statement {
  readonly name: string;
  readonly text: string;
  /** `text` split around its placeholders, and the 0-based parameter index after each part. */
  readonly parts: readonly string[];
  readonly params: readonly number[];
}

/** Declares a statement; `name` must be unique across the service (it names the prepared statement). */
export function statement(name: string, text: string): Statement {
  const parts: string[] = [];
  const params: number[] = [];
  let last = 0;
  for (const m of text.matchAll(/\$(\d+)/g)) {
    parts.push(text.slice(last, m.index));
    params.push(Number(m[1]) - 1);
    last = m.index + m[0].length;
  }
  parts.push(text.slice(last));
  return { name, text, parts, params };
}

/** Runs a statement outside any transaction (it is atomic by itself) and returns its rows. */
export type RunStatement = <Row>(s: Statement, values: readonly unknown[]) => Promise<Row[]>;

/** The same statement inside a drizzle transaction: same text, parameters bound by drizzle. */
export async function runInTransaction<Row>(
  tx: Db,
  s: Statement,
  values: readonly unknown[],
): Promise<Row[]> {
  const chunks: SQL[] = [sql.raw(s.parts[0] ?? "")];
  s.params.forEach((index, i) => {
    chunks.push(sql`${values[index] ?? null}`, sql.raw(s.parts[i + 1] ?? ""));
  });
  const result = (await tx.execute(sql.join(chunks))) as unknown as { rows: Row[] };
  return result.rows;
}
