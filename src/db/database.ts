import pg from 'pg';
import type { HubConfig } from '../config';
import type { Logger } from '../logger';
import { startEmbeddedPostgres } from './embedded';

export interface DatabaseHandle {
  url: string;
  /** For start-up logs: where the data lives, without credentials. */
  description: string;
  embedded: boolean;
  stop(): Promise<void>;
}

const EMBEDDED_DATABASE = 'hub';

/** Describes a connection URL without its password. */
export function describeUrl(url: string): string {
  const parsed = new URL(url);
  return `postgres://${parsed.username ? `${decodeURIComponent(parsed.username)}@` : ''}${parsed.host}${parsed.pathname}`;
}

/** DATABASE_URL when set; otherwise an embedded PostgreSQL kept in DATA_DIR. */
export async function openDatabase(config: HubConfig, logger: Logger): Promise<DatabaseHandle> {
  if (config.databaseUrl) {
    return { url: config.databaseUrl, description: describeUrl(config.databaseUrl), embedded: false, stop: async () => {} };
  }
  const server = await startEmbeddedPostgres(config.dataDir, config.embeddedPgPort, logger);
  try {
    await server.ensureDatabase(EMBEDDED_DATABASE);
  } catch (error) {
    await server.stop();
    throw error;
  }
  const url = server.urlFor(EMBEDDED_DATABASE);
  return {
    url,
    description: `embedded PostgreSQL in ${config.dataDir} (${describeUrl(url)})`,
    embedded: true,
    stop: () => server.stop(),
  };
}

/** True when the database holds no reference data yet (a fresh database). */
export async function isDatabaseEmpty(url: string): Promise<boolean> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query('select not exists (select 1 from country) as empty');
    return rows[0].empty as boolean;
  } finally {
    await client.end();
  }
}
