import type { EntityManager } from '@mikro-orm/postgresql';

type Row = Record<string, unknown>;

/** The part of knex's client that lends connections (the pool's, or a transaction's own). */
interface PoolClient {
  acquireConnection(): Promise<unknown>;
  releaseConnection(connection: unknown): Promise<unknown>;
}

interface PgConnection {
  query(config: { text: string; values: unknown[] }): Promise<{ rows: Row[] }>;
}

// `?` placeholders, as the queries are written, become PostgreSQL's `$n` once per distinct text.
const numbered = new Map<string, string>();
const NUMBERED_LIMIT = 2000;

export function toNumbered(sql: string): string {
  let text = numbered.get(sql);
  if (text === undefined) {
    let index = 0;
    text = sql.replace(/\?/g, () => `$${++index}`);
    if (numbered.size >= NUMBERED_LIMIT) numbered.clear();
    numbered.set(sql, text);
  }
  return text;
}

/**
 * Runs one read statement on a connection of the ORM's pool, with its values sent as parameters.
 * MikroORM's `execute` would inline the values into the text and go through knex's query runner;
 * on a search that cost a tenth of the hub's CPU per request. The statement is still logged
 * through the ORM's logger (tests count statements there), and errors keep PostgreSQL's codes,
 * which the error masking maps. Queries must not contain `?` other than as placeholders.
 */
export async function queryRows<T extends Row = Row>(em: EntityManager, sql: string, params: readonly unknown[]): Promise<T[]> {
  // Inside a transaction, its own connection (knex's transaction client hands out that one), so
  // the statement sees the transaction's writes and holds no second connection.
  const transaction = em.getTransactionContext<{ client: PoolClient }>();
  const client = transaction?.client ?? (em.getConnection().getKnex().client as PoolClient);
  em.config.getLogger().log('query', sql);
  const pg = (await client.acquireConnection()) as PgConnection;
  try {
    const result = await pg.query({ text: toNumbered(sql), values: params as unknown[] });
    return result.rows as T[];
  } finally {
    await client.releaseConnection(pg);
  }
}
