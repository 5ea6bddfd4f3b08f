import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import type { TestProject } from 'vitest/node';
import { MikroORM } from '@mikro-orm/postgresql';
import { startEmbeddedPostgres, type EmbeddedServer } from '../../src/db/embedded';
import { createOrmConfig } from '../../src/db/orm.config';
import { runSeed } from '../../src/db/seed';
import { createLogger } from '../../src/logger';

declare module 'vitest' {
  export interface ProvidedContext {
    templateUrl: string;
  }
}

const TEMPLATE = `hub_test_template_${process.pid}`;

function withDatabase(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
}

/**
 * Once per test run: a PostgreSQL server (embedded, or TEST_DATABASE_URL's), and a template
 * database migrated and seeded with the full data set. Each test file copies the template.
 */
export default async function setup(project: TestProject) {
  const logger = createLogger(process.env.TEST_LOG_LEVEL ?? 'warn');
  let embedded: EmbeddedServer | undefined;
  let tempDir: string | undefined;
  let serverUrl: string;
  if (process.env.TEST_DATABASE_URL) {
    serverUrl = process.env.TEST_DATABASE_URL;
  } else {
    tempDir = await fs.mkdtemp(path.join(os.tmpdir(), 'fao-hub-test-'));
    // The server runs as the "postgres" user when we are root: it must be able to enter the folder.
    await fs.chmod(tempDir, 0o755);
    const port = 20000 + Math.floor(Math.random() * 20000);
    embedded = await startEmbeddedPostgres(tempDir, port, logger);
    serverUrl = embedded.urlFor('postgres');
  }

  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`drop database if exists ${TEMPLATE}`);
  // Development shortcut: TEST_SEEDED_DATABASE names a database on TEST_DATABASE_URL's server that
  // is already seeded; the template copies it (and applies newer migrations) instead of seeding.
  const seeded = process.env.TEST_DATABASE_URL ? process.env.TEST_SEEDED_DATABASE : undefined;
  await admin.query(seeded ? `create database ${TEMPLATE} template "${seeded}"` : `create database ${TEMPLATE}`);
  const templateUrl = withDatabase(serverUrl, TEMPLATE);

  const orm = await MikroORM.init(createOrmConfig({ clientUrl: templateUrl, poolMax: 2, acquireTimeoutMs: 10_000, logger }));
  await orm.getMigrator().up();
  await orm.close(true);
  if (!seeded) await runSeed(templateUrl, logger);
  project.provide('templateUrl', templateUrl);

  return async () => {
    const { rows } = await admin.query(`select datname from pg_database where datname like 'hub_test_%'`);
    for (const { datname } of rows) {
      if (datname === TEMPLATE || datname.startsWith(`hub_test_${process.pid}_`)) {
        await admin.query(`drop database if exists "${datname}" with (force)`).catch(() => undefined);
      }
    }
    await admin.end();
    await embedded?.stop();
    if (tempDir) await fs.rm(tempDir, { recursive: true, force: true });
  };
}
