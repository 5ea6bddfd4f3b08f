import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestHub, type TestHub } from '../helpers/hub';
import { expectNoInternalDetail, postGraphQL, request } from '../helpers/http';
import { startScratchPostgres, type ScratchPostgres } from '../helpers/scratch-postgres';

// This file stops and starts a PostgreSQL server: its own embedded one, never the shared server
// the other test files use.
const COUNTRIES = '{ countries(first: 10) { totalCount edges { node { code name } } } }';

let postgres: ScratchPostgres | undefined;
let hub: TestHub | undefined;
const crashes: unknown[] = [];
const recordCrash = (error: unknown) => crashes.push(error);

/** How many connections the hub's database has open from clients other than `client` itself. */
async function hubConnections(url: string): Promise<number> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query(
      'select count(*)::int as n from pg_stat_activity where datname = current_database() and pid <> pg_backend_pid()',
    );
    return rows[0].n;
  } finally {
    await client.end();
  }
}

beforeAll(async () => {
  process.on('uncaughtException', recordCrash);
  process.on('unhandledRejection', recordCrash);
  postgres = await startScratchPostgres('fao-hub-restart');
  const databaseUrl = postgres.url;
  // createApp applies the migrations; two countries are all the data these requests need.
  hub = await startTestHub({ databaseUrl, seedOnStart: false, dbAcquireTimeoutMs: 1000, dbPoolMax: 5 });
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  await client.query(`insert into country (code, alpha3, name_en, name_zh) values ('JP', 'JPN', 'Japan', '日本'), ('FR', 'FRA', 'France', '法国')`);
  await client.end();
});

afterAll(async () => {
  await hub?.stop().catch(() => undefined);
  await postgres?.remove();
  process.off('uncaughtException', recordCrash);
  process.off('unhandledRejection', recordCrash);
});

describe('PostgreSQL restarting under a running hub', () => {
  it('requests fail fast with SERVICE_UNAVAILABLE, /readyz says 503, nothing crashes, and the hub serves again once PostgreSQL is back', async () => {
    const running = hub!;
    const databaseUrl = running.databaseUrl;

    // Concurrent requests make the pool open several connections, which then sit idle: the ones
    // PostgreSQL drops when it shuts down.
    const warmUp = await Promise.all(Array.from({ length: 5 }, () => postGraphQL(running.url, COUNTRIES)));
    for (const response of warmUp) expect(response.json.data.countries.totalCount).toBe(2);
    expect(await hubConnections(databaseUrl)).toBeGreaterThanOrEqual(2);

    await postgres!.stop();

    // Each request is answered (not left hanging) with SERVICE_UNAVAILABLE.
    const during = await Promise.all(
      Array.from({ length: 6 }, () => postGraphQL(running.url, COUNTRIES, undefined)),
    );
    for (const response of during) {
      expectNoInternalDetail(response.text);
      expect(response.json.errors?.[0]?.extensions?.code, response.text).toBe('SERVICE_UNAVAILABLE');
      expect(response.json.errors[0].message).toMatch(/database is unavailable/i);
      expect(response.json.data ?? null).toBeNull();
    }

    const notReady = await request(running.url.replace('/graphql', '/readyz'));
    expect(notReady.status).toBe(503);
    expect(notReady.json).toMatchObject({ status: 'unavailable', database: 'down' });
    const health = await request(running.url.replace('/graphql', '/healthz'));
    expect(health.status).toBe(200);

    await postgres!.start();

    // Back: the very next requests succeed, several at once so that every pooled connection is
    // a fresh one rather than one PostgreSQL dropped.
    const after = await Promise.all(Array.from({ length: 6 }, () => postGraphQL(running.url, COUNTRIES)));
    for (const response of after) {
      expect(response.json.errors, response.text).toBeUndefined();
      expect(response.json.data.countries.edges.map((edge: any) => edge.node.code).sort()).toEqual(['FR', 'JP']);
    }
    const ready = await request(running.url.replace('/graphql', '/readyz'));
    expect(ready.status).toBe(200);

    expect(crashes).toEqual([]);
  });
});
