import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { inject } from 'vitest';
import { createApp, type App } from '../../src/app';
import { loadConfig, type HubConfig } from '../../src/config';
import { createLogger } from '../../src/logger';

export interface GraphQLResponse<T = any> {
  status: number;
  data?: T;
  errors?: Array<{ message: string; path?: unknown[]; extensions?: Record<string, any> }>;
  headers: Headers;
}

export interface TestHub {
  app: App;
  /** http://127.0.0.1:PORT/graphql */
  url: string;
  /** The hub's own database (a copy of the seeded template). */
  databaseUrl: string;
  gql<T = any>(query: string, variables?: Record<string, unknown>, headers?: Record<string, string>): Promise<GraphQLResponse<T>>;
  /** SQL statements the ORM sent while `run` ran. */
  countQueries<T>(run: () => Promise<T>): Promise<{ result: T; statements: string[] }>;
  stop(): Promise<void>;
}

/** Creates a database for one test file as a copy of the seeded template. */
export async function createTestDatabase(): Promise<string> {
  const templateUrl = inject('templateUrl');
  const template = new URL(templateUrl).pathname.slice(1); // hub_test_template_<run>
  const name = `${template.replace('_template_', '_')}_${randomBytes(4).toString('hex')}`; // hub_test_<run>_<hex>
  const admin = new pg.Client({ connectionString: templateUrl.replace(/\/[^/]+$/, '/postgres') });
  await admin.connect();
  try {
    await admin.query(`create database "${name}" template "${template}"`);
  } finally {
    await admin.end();
  }
  return templateUrl.replace(/\/[^/]+$/, `/${name}`);
}

export async function dropTestDatabase(url: string): Promise<void> {
  const name = new URL(url).pathname.slice(1);
  const admin = new pg.Client({ connectionString: url.replace(/\/[^/]+$/, '/postgres') });
  await admin.connect();
  try {
    await admin.query(`drop database if exists "${name}" with (force)`);
  } finally {
    await admin.end();
  }
}

/** Starts a real hub (HTTP + WebSocket) on a free port over its own copy of the seeded database. */
export async function startTestHub(overrides: Partial<HubConfig> = {}, env: Record<string, string> = {}): Promise<TestHub> {
  const databaseUrl = overrides.databaseUrl ?? (await createTestDatabase());
  const config = loadConfig({ NODE_ENV: 'test', ...env }, { databaseUrl, seedOnStart: false, ...overrides });
  let log: string[] | undefined;
  const app = await createApp(config, {
    logger: createLogger(process.env.TEST_LOG_LEVEL ?? 'silent'),
    onQuery: (message) => log?.push(message),
  });
  const url = (await app.listen(overrides.port ?? 0, '127.0.0.1')).replace('localhost', '127.0.0.1');
  return {
    app,
    url,
    databaseUrl,
    async gql(query, variables, headers = {}) {
      const response = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        body: JSON.stringify({ query, variables }),
      });
      const body = (await response.json()) as { data?: any; errors?: any[] };
      return { status: response.status, data: body.data, errors: body.errors, headers: response.headers };
    },
    async countQueries(run) {
      log = [];
      try {
        const result = await run();
        return { result, statements: log.filter((line) => /\[query\]/.test(line)) };
      } finally {
        log = undefined;
      }
    },
    async stop() {
      await app.stop();
      if (!overrides.databaseUrl) await dropTestDatabase(databaseUrl);
    },
  };
}
