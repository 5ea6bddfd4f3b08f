import pg from 'pg';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { subscribeFeed, type FeedSubscriber } from '../helpers/feed-client';
import {
  burstContribution,
  contribute,
  expectExactFeeds,
  graphqlErrors,
  loggedAfter,
  newestCursor,
  positionsOf,
  sleep,
  troubles,
  type Contribution,
  type FeedCheck,
  type Headers,
  type Written,
} from '../helpers/feed-scenario';
import { createTestDatabase, dropTestDatabase, startTestHub, type TestHub } from '../helpers/hub';
import { createIdentity, type TestIdentity } from '../helpers/identities';
import { startHubProcess, type HubProcess } from '../helpers/hub-process';
import { freePort } from '../helpers/ports';
import { startScratchPostgres, type ScratchPostgres } from '../helpers/scratch-postgres';

// Failures under a write burst: a hub process killed outright and started again, and PostgreSQL
// itself restarted. Subscribers that resume by cursor must end up with exactly the activities the
// log shows them: nothing lost, nothing twice, in order.

const processes = new Set<HubProcess>();
const subscribers = new Set<FeedSubscriber>();
const track = (feed: FeedSubscriber) => (subscribers.add(feed), feed);
afterEach(async () => {
  await Promise.all([...subscribers].map((feed) => feed.close()));
  subscribers.clear();
  for (const hub of processes) {
    if (hub.child.exitCode === null && hub.child.signalCode === null) hub.child.kill('SIGKILL');
    await hub.exited;
  }
  processes.clear();
});

/** A hub process, stopped after each test. */
async function startHub(env: Record<string, string>, port: number): Promise<HubProcess> {
  const hub = await startHubProcess(env, port);
  processes.add(hub);
  return hub;
}

interface Reader {
  label: string;
  headers: Headers;
}

/** Subscribers that reconnect and resume by cursor whenever their socket closes. */
function subscribeAll(readers: Reader[], instances: Array<[string, string]>, after: string) {
  return readers.flatMap((reader) =>
    instances.map(([instance, url]) => ({ label: `${reader.label} on ${instance}`, reader, feed: track(subscribeFeed({ url, headers: reader.headers, after, resume: true })) })),
  );
}

async function checkFeeds(url: string, after: string, subscribed: ReturnType<typeof subscribeAll>) {
  const checks: FeedCheck[] = await Promise.all(
    subscribed.map(async ({ label, reader, feed }) => ({
      label,
      received: () => positionsOf(feed),
      details: troubles(feed),
      expected: (await loggedAfter(url, reader.headers, after)).map((activity) => activity.position),
    })),
  );
  await expectExactFeeds(checks, 45_000);
  // An event delivered with errors (a field the hub could not read while PostgreSQL was away) is
  // data the subscriber lost just the same: the hub should hold it back until it can read it.
  for (const { label, feed } of subscribed) expect(graphqlErrors(feed), `${label}: events without errors`).toEqual([]);
}

describe('the activity feed when a hub process is killed', () => {
  const databases: string[] = [];
  afterAll(async () => {
    for (const url of databases) await dropTestDatabase(url);
  });

  it('subscribers of a hub killed with SIGKILL during a write burst resume on its restart and lose nothing', async () => {
    const databaseUrl = await createTestDatabase();
    databases.push(databaseUrl);
    // The copy is seeded already; the processes only migrate it.
    const env = { DATABASE_URL: databaseUrl, SEED_ON_START: 'false' };
    const [portA, portB] = [await freePort(), await freePort()];
    const [hubA, hubB] = await Promise.all([startHub(env, portA), startHub(env, portB)]);

    const [admin, commerce, investment, viewer] = await Promise.all([
      createIdentity(databaseUrl, { unit: '610000-FAO', role: 'ADMIN' }),
      createIdentity(databaseUrl, { unit: '610000-COMMERCE', role: 'EDITOR' }),
      createIdentity(databaseUrl, { unit: '610000-INVESTMENT', role: 'EDITOR' }),
      createIdentity(databaseUrl, { unit: '610000-AGRICULTURE', role: 'VIEWER' }),
    ]);
    const writers = [commerce, investment, admin];
    const readers: Reader[] = [
      { label: 'hub admin', headers: admin.headers },
      { label: 'COMMERCE editor', headers: commerce.headers },
      { label: 'AGRICULTURE viewer', headers: viewer.headers },
      { label: 'anonymous', headers: {} },
    ];
    const start = await newestCursor(hubA.url, admin.headers);
    const subscribed = subscribeAll(readers, [['A', hubA.url], ['B', hubB.url]], start);

    // 60 contributions in waves of six at once; B is killed while the fifth wave is in flight.
    const wave = (url: (i: number) => string, from: number) =>
      Promise.all(Array.from({ length: 6 }, (_, k) => from + k).map((i) => contribute(url(i), writers[i % writers.length].headers, burstContribution('Kill burst', i))));
    for (let w = 0; w < 4; w++) await wave(() => hubA.url, w * 6);
    await Promise.all([wave(() => hubA.url, 24), (async () => (hubB.child.kill('SIGKILL'), await hubB.exited))()]);
    for (let w = 5; w < 7; w++) await wave(() => hubA.url, w * 6);
    const restarted = await startHub(env, portB);
    // Once B is back, writes go through both instances.
    for (let w = 7; w < 10; w++) await wave((i) => (i % 2 ? restarted.url : hubA.url), w * 6);

    await checkFeeds(hubA.url, start, subscribed);
    for (const { label, feed } of subscribed) {
      if (label.endsWith('on B')) expect(feed.reconnects(), `${label} reconnected`).toBeGreaterThan(0);
    }
  }, 120_000); // two hub processes start, one twice: slow on a busy machine
});

describe('the activity feed when PostgreSQL restarts', () => {
  let postgres: ScratchPostgres | undefined;
  let hub: TestHub | undefined;
  const crashes: unknown[] = [];
  const recordCrash = (error: unknown) => crashes.push(error);
  afterAll(async () => {
    await hub?.stop().catch(() => undefined);
    await postgres?.remove();
    process.off('uncaughtException', recordCrash);
    process.off('unhandledRejection', recordCrash);
  });

  /** Retries a write until it commits: the idempotency key keeps a retry of a committed write from doubling it. */
  async function committed(url: string, headers: Headers, contribution: Contribution, failures: string[]): Promise<Written> {
    const deadline = Date.now() + 60_000;
    for (;;) {
      try {
        return await contribute(url, headers, contribution);
      } catch (error) {
        failures.push(String(error));
        if (Date.now() > deadline) throw error;
        await sleep(250);
      }
    }
  }

  it('subscribers get every activity committed before, during and after a PostgreSQL restart, once and in order', async () => {
    process.on('uncaughtException', recordCrash);
    process.on('unhandledRejection', recordCrash);
    // Its own embedded server (never the shared one other files use), with just the schema and
    // three member units: a full seed would take most of the time budget.
    postgres = await startScratchPostgres('fao-hub-feed-restart');
    const databaseUrl = postgres.url;
    hub = await startTestHub({ databaseUrl, seedOnStart: false, dbAcquireTimeoutMs: 1000, dbPoolMax: 8 });
    const client = new pg.Client({ connectionString: databaseUrl });
    await client.connect();
    await client.query(`insert into member_unit (code, name_zh, name_en, kind, hub_operator) values
      ('610000-FAO', '陕西省外事办公室', 'Foreign Affairs Office', 'FAO', true),
      ('610000-COMMERCE', '陕西省商务厅', 'Department of Commerce', 'BUREAU', false),
      ('610000-INVESTMENT', '陕西省投资促进局', 'Investment Promotion Bureau', 'BUREAU', false)`);
    await client.end();
    const [admin, commerce, investment, investmentViewer] = await Promise.all([
      createIdentity(databaseUrl, { unit: '610000-FAO', role: 'ADMIN' }),
      createIdentity(databaseUrl, { unit: '610000-COMMERCE', role: 'EDITOR' }),
      createIdentity(databaseUrl, { unit: '610000-INVESTMENT', role: 'EDITOR' }),
      createIdentity(databaseUrl, { unit: '610000-INVESTMENT', role: 'VIEWER' }),
    ]);
    const readers: Reader[] = [
      { label: 'hub admin', headers: admin.headers },
      { label: 'COMMERCE editor', headers: commerce.headers },
      { label: 'INVESTMENT viewer', headers: investmentViewer.headers },
      { label: 'anonymous', headers: {} },
    ];
    const start = await newestCursor(hub.url, admin.headers);
    const subscribed = subscribeAll(readers, [['the hub', hub.url]], start);

    // 40 contributions, four at a time; PostgreSQL stops once a dozen have committed and comes
    // back two seconds later. Writers caught by the outage retry until they commit.
    const writers = [commerce, investment, admin];
    const url = hub.url;
    const failures: string[] = [];
    const titles: string[] = [];
    let done = 0;
    let over = false;
    const burst = (async () => {
      for (let from = 0; from < 40; from += 4) {
        await Promise.all(
          Array.from({ length: 4 }, (_, k) => from + k).map(async (i) => {
            const contribution = { ...burstContribution('Restart burst', i), idempotencyKey: `restart-burst-${i}` };
            await committed(url, writers[i % writers.length].headers, contribution, failures);
            titles.push(contribution.title);
            done++;
          }),
        );
      }
    })().finally(() => (over = true));
    while (done < 12 && !over) await sleep(20);
    await postgres.stop();
    await sleep(2000);
    await postgres.start();
    await burst;
    expect(failures.length, 'some writes met the outage').toBeGreaterThan(0);

    // The log holds each committed contribution once (a retried write is not recorded twice).
    const logged = await loggedAfter(hub.url, admin.headers, start);
    expect(logged.map((activity) => activity.subjectTitle).sort()).toEqual([...titles].sort());

    await checkFeeds(hub.url, start, subscribed);
    expect(crashes).toEqual([]);
  }, 120_000); // initdb and two PostgreSQL starts
});
