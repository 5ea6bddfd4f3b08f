import { defineConfig, type Options } from '@mikro-orm/postgresql';
import { Migrator } from '@mikro-orm/migrations';
import type { Logger } from '../logger';
import { entities } from '../modules/entities';
import { migrationsList } from './migrations';

export interface OrmOptions {
  clientUrl: string;
  poolMax: number;
  acquireTimeoutMs: number;
  logger: Logger;
  /** Called with every SQL statement the ORM sends; tests count them to catch N+1 queries. */
  onQuery?: (sql: string) => void;
}

/** MikroORM settings; the schema comes from committed migrations, never from entity sync. */
export function createOrmConfig(options: OrmOptions): Options {
  const { logger } = options;
  return defineConfig({
    clientUrl: options.clientUrl,
    entities,
    extensions: [Migrator],
    migrations: { migrationsList, transactional: true, allOrNothing: true, snapshot: false },
    // Each GraphQL operation forks its own EntityManager; the global one must never be used.
    allowGlobalContext: false,
    forceUtcTimezone: true,
    debug: options.onQuery ? ['query'] : false,
    logger: (message: string) => {
      if (options.onQuery) options.onQuery(message);
      else logger.debug({ orm: message }, 'orm');
    },
    // knex reports dropped connections ("Connection Error: Connection ended unexpectedly") with
    // console.log by default; send them to the hub's JSON log instead of bare lines on stdout.
    driverOptions: {
      log: {
        warn: (message: unknown) => logger.warn({ detail: String(message) }, 'database client warning'),
        error: (message: unknown) => logger.error({ detail: String(message) }, 'database client error'),
        deprecate: (message: unknown) => logger.debug({ detail: String(message) }, 'database client deprecation'),
        debug: (message: unknown) => logger.debug({ detail: String(message) }, 'database client'),
      },
    },
    pool: {
      min: 0,
      max: options.poolMax,
      acquireTimeoutMillis: options.acquireTimeoutMs,
      createTimeoutMillis: options.acquireTimeoutMs,
      idleTimeoutMillis: 30_000,
      // A pooled connection that PostgreSQL drops (restart, admin termination) emits 'error';
      // with no listener that would crash the process. Log it; the pool discards the client.
      afterCreate: (connection: { on(event: string, listener: (error: Error) => void): void; query: Function }, done: (error: Error | null, connection: unknown) => void) => {
        connection.on('error', (error: Error) => logger.warn({ err: error.message }, 'database connection lost'));
        // Typo matches like "Kyto" -> "Kyoto" score 0.4; the default threshold (0.6) would drop them.
        // join_collapse_limit 1: the hub's hand-written list queries join from a page's rows out to
        // their references by primary key, in the order written; searching every order of a
        // five-way join cost the planner more than running the query.
        // similarity_threshold 0.4 (pg_trgm's default is 0.3): searchLocalities' typo fallback; at 0.3
        // the common trigrams of a name's first letters made the index scan three times dearer, and
        // the typos it then misses ("Tokio", "Kyto") share their name's sound, which it also matches.
        // jit off: a statement estimated above jit_above_cost (partner matching's, at some 80,000)
        // spent 400 ms compiling to run in 30; no query of the hub runs long enough to gain from it.
        connection.query(
          'set pg_trgm.word_similarity_threshold = 0.4; set pg_trgm.similarity_threshold = 0.4; set join_collapse_limit = 1; set statement_timeout = 15000; set jit = off',
          (error: Error | null) => done(error, connection),
        );
      },
    },
  } as Options);
}
