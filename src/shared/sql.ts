import { createHash } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';

type Row = Record<string, unknown>;

/** The part of knex's client that lends connections (the pool's, or a transaction's own). */
interface PoolClient {
  acquireConnection(): Promise<unknown>;
  releaseConnection(connection: unknown): Promise<unknown>;
}

/** A node-postgres client; `connection.parsedStatements` is its record of the statements prepared on it. */
interface PgConnection {
  query(config: { text: string; values: unknown[]; name?: string }): Promise<{ rows: Row[] }>;
  connection?: { parsedStatements?: Record<string, string> };
}

export interface QueryOptions {
  /**
   * Run as a named prepared statement, kept on the connection: PostgreSQL parses it once per
   * connection, and once it has planned it five times it may keep one generic plan instead of
   * planning every call. For the statements of hot read paths whose text takes a bounded number
   * of forms (the values go in parameters).
   */
  prepared?: boolean;
}

/** Per distinct text as written: PostgreSQL's `$n` form, and its prepared statement's name once one is made. */
interface Statement {
  text: string;
  name?: string;
}
const statements = new Map<string, Statement>();
const STATEMENTS_LIMIT = 2000;

function statementFor(sql: string): Statement {
  let statement = statements.get(sql);
  if (statement === undefined) {
    let index = 0;
    statement = { text: sql.replace(/\?/g, () => `$${++index}`) };
    if (statements.size >= STATEMENTS_LIMIT) statements.clear();
    statements.set(sql, statement);
  }
  return statement;
}

/** `?` placeholders, as the queries are written, as PostgreSQL's `$n`. */
export function toNumbered(sql: string): string {
  return statementFor(sql).text;
}

/**
 * A parameter hidden from the planner in a sub-select (an InitPlan, evaluated once per run). For
 * prepared statements whose best plan does not depend on the values: PostgreSQL keeps a generic
 * plan only when it costs no more than the plans it makes with the values, which holds when the
 * planner cannot see them at all. It then plans the statement once per connection, not per call.
 */
export function hiddenParameter(type: string): string {
  // The outer cast makes it an expression wherever it stands: `= any((select …))` alone would
  // compare with the rows of a sub-select instead of the elements of an array.
  return `(select ?::${type})::${type}`;
}

/** Prepared statements kept per connection; the least recently used is deallocated beyond this. */
export const PREPARED_PER_CONNECTION = 200;
const preparedOn = new WeakMap<PgConnection, Set<string>>();

/** The name to run `statement` under on `pg`, making room among the connection's statements first. */
async function preparedName(pg: PgConnection, statement: Statement): Promise<string> {
  const name = (statement.name ??= `hub_${createHash('sha1').update(statement.text).digest('base64url').slice(0, 20)}`);
  let names = preparedOn.get(pg);
  if (!names) preparedOn.set(pg, (names = new Set()));
  // A Set keeps insertion order: re-adding makes this the most recently used.
  const known = names.delete(name);
  if (!known && names.size >= PREPARED_PER_CONNECTION) {
    const oldest = names.values().next().value as string;
    names.delete(oldest);
    const parsed = pg.connection?.parsedStatements;
    if (parsed?.[oldest] !== undefined) {
      await pg.query({ text: `deallocate "${oldest}"`, values: [] });
      delete parsed[oldest];
    }
  }
  names.add(name);
  return name;
}

/**
 * Runs one read statement on a connection of the ORM's pool, with its values sent as parameters.
 * MikroORM's `execute` would inline the values into the text and go through knex's query runner;
 * on a search that cost a tenth of the hub's CPU per request. The statement is still logged
 * through the ORM's logger (tests count statements there), and errors keep PostgreSQL's codes,
 * which the error masking maps. Queries must not contain `?` other than as placeholders.
 */
export async function queryRows<T extends Row = Row>(em: EntityManager, sql: string, params: readonly unknown[], options: QueryOptions = {}): Promise<T[]> {
  // Inside a transaction, its own connection (knex's transaction client hands out that one), so
  // the statement sees the transaction's writes and holds no second connection.
  const transaction = em.getTransactionContext<{ client: PoolClient }>();
  const client = transaction?.client ?? (em.getConnection().getKnex().client as PoolClient);
  em.config.getLogger().log('query', sql);
  const pg = (await client.acquireConnection()) as PgConnection;
  try {
    const statement = statementFor(sql);
    const name = options.prepared ? await preparedName(pg, statement) : undefined;
    const result = await pg.query({ text: statement.text, values: params as unknown[], name });
    return result.rows as T[];
  } finally {
    await client.releaseConnection(pg);
  }
}
