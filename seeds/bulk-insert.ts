/**
 * Chunked bulk writes: every column travels as one PostgreSQL array parameter and is expanded
 * with unnest(), so one statement writes thousands of rows.
 */

export interface Queryable {
  query(sql: string, params?: unknown[]): Promise<{ rows: any[]; rowCount: number | null }>;
}

export type PgArrayType = 'text' | 'int' | 'bigint' | 'float8' | 'smallint' | 'bool';

export interface BulkSpec<T> {
  /** [name in the unnest alias, element type, value getter] */
  columns: Array<[string, PgArrayType, (row: T) => unknown]>;
  /** Statement builder; `src` is `unnest($1::text[], …) as u(col, …)`. */
  sql: (src: string) => string;
  chunkSize?: number;
}

export const DEFAULT_CHUNK = 20_000;

/** Run the statement once per chunk; returns the summed rowCount. */
export async function bulkInsert<T>(db: Queryable, rows: readonly T[], spec: BulkSpec<T>): Promise<number> {
  const chunk = spec.chunkSize ?? DEFAULT_CHUNK;
  const src =
    `unnest(${spec.columns.map(([, type], i) => `$${i + 1}::${type}[]`).join(', ')}) ` +
    `as u(${spec.columns.map(([name]) => name).join(', ')})`;
  const sql = spec.sql(src);
  let total = 0;
  for (let start = 0; start < rows.length; start += chunk) {
    const part = rows.slice(start, start + chunk);
    const params = spec.columns.map(([, , get]) => part.map((r) => {
      const v = get(r);
      return v === undefined ? null : v;
    }));
    const res = await db.query(sql, params);
    total += res.rowCount ?? 0;
  }
  return total;
}

/** Separator used to pass a text[] per row through a text column (unnest cannot take ragged arrays). */
export const LIST_SEP = '\u001f';
export const joinList = (values: readonly string[]): string => values.join(LIST_SEP);
/** SQL expression turning a LIST_SEP-joined text back into text[]. */
export const splitListSql = (expr: string): string => `coalesce(string_to_array(nullif(${expr}, ''), chr(31)), '{}')`;
