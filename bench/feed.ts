/**
 * `npm run bench:feed`: one hub process, thousands of graphql-ws subscribers of `activityFeed`,
 * bursts of contributed resources. Per step (a number of subscribers, on a fresh hub) it reports
 * the hub's resident memory per idle connection, then per burst the commit-to-delivery latency
 * over every delivery to every subscriber, and every event lost, duplicated, out of order or
 * delivered to a subscriber that should not see it, checked against the `activities` query run
 * afterwards as the same viewer with the same filter. Subscribers pass `after` (the newest cursor
 * when the step starts), so none can miss a burst while its subscription is being set up.
 *
 * Environment: BENCH_FEED_STEPS (subscribers per step, "5000,10000"; BENCH_FEED_SUBSCRIBERS=n for
 * one step), BENCH_FEED_BURSTS (3 measured after one warm-up; 0: connections and memory only),
 * BENCH_FEED_BURST_SIZE (100), BENCH_FEED_WRITERS (12 mutations in flight), BENCH_FEED_CLIENTS (2
 * subscriber processes), BENCH_FEED_CONNECT_WINDOW (200 handshakes in flight),
 * BENCH_FEED_ANONYMOUS (0.5), BENCH_FEED_FILTERED (0.2), BENCH_FEED_ACCOUNTS (200),
 * BENCH_FEED_HUB_ADMINS (4), BENCH_FEED_IDLE_S (5), BENCH_FEED_QUIET_S (20),
 * BENCH_FEED_DELIVERY_TIMEOUT_S (300), BENCH_FEED_CONNECT_TIMEOUT_S (600), BENCH_POOL_MAX (10),
 * BENCH_RESOURCES (10000, embedded database only), BENCH_DATABASE_URL (an existing migrated and
 * seeded database, used as is, e.g. `createdb -T hub_seeded hub_bench_feed`), BENCH_WRITE_DOC=1
 * (record in docs/BENCHMARKS.md; otherwise print only), BENCH_FEED_COUNT_SQL=1 (count the hub's
 * SQL statements through bench/statement-counter.ts in this process: exact counts per phase, but
 * timings no longer comparable).
 */
import { fork, spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { generateTokenSecret } from '../src/auth/tokens';
import { createLogger } from '../src/logger';
import { benchCommand, positive, writeDocSection } from './env';
import { openBenchDatabase, withClient } from './dataset';
import type { FromClient, SubscriberSpec, Tally, ToClient } from './feed-client';
import { allPostgresCpu, freePort, processCpu, type CpuProbe } from './measure';
import { startStatementCounter, type StatementCounter } from './statement-counter';
import { stopChild as stopProcess, waitForExit } from './processes';

const ROOT = path.resolve(__dirname, '../..');
const say = (line: string) => console.error(`[bench:feed] ${line}`);

function fraction(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value < 0 || value > 1) throw new Error(`${name} must be between 0 and 1, got "${raw}"`);
  return value;
}

function steps(): number[] {
  const raw = process.env.BENCH_FEED_SUBSCRIBERS || process.env.BENCH_FEED_STEPS || '5000,10000';
  const values = raw.split(',').map((part) => Number(part.trim()));
  if (!values.length || values.some((n) => !Number.isInteger(n) || n <= 0)) throw new Error(`BENCH_FEED_STEPS must list whole numbers, got "${raw}"`);
  return values;
}

const options = {
  steps: steps(),
  bursts: Math.floor(Number(process.env.BENCH_FEED_BURSTS || 3)),
  burstSize: positive('BENCH_FEED_BURST_SIZE', 100),
  writers: positive('BENCH_FEED_WRITERS', 12),
  clients: positive('BENCH_FEED_CLIENTS', 2),
  connectWindow: positive('BENCH_FEED_CONNECT_WINDOW', 200),
  anonymous: fraction('BENCH_FEED_ANONYMOUS', 0.5),
  filtered: fraction('BENCH_FEED_FILTERED', 0.2),
  accounts: positive('BENCH_FEED_ACCOUNTS', 200),
  hubAdmins: Number(process.env.BENCH_FEED_HUB_ADMINS ?? 4),
  idleMs: positive('BENCH_FEED_IDLE_S', 5) * 1000,
  quietMs: positive('BENCH_FEED_QUIET_S', 20) * 1000,
  deliveryTimeoutMs: positive('BENCH_FEED_DELIVERY_TIMEOUT_S', 300) * 1000,
  connectTimeoutMs: positive('BENCH_FEED_CONNECT_TIMEOUT_S', 600) * 1000,
  poolMax: positive('BENCH_POOL_MAX', 10),
  resources: positive('BENCH_RESOURCES', 10_000),
  writeDoc: process.env.BENCH_WRITE_DOC === '1',
  /** The hub talks to PostgreSQL through bench/statement-counter.ts (exact counts, slower timings). */
  countSql: process.env.BENCH_FEED_COUNT_SQL === '1',
};

if (!Number.isInteger(options.bursts) || options.bursts < 0) throw new Error(`BENCH_FEED_BURSTS must be a whole number, got "${process.env.BENCH_FEED_BURSTS}"`);

/** CLOCK_MONOTONIC in ms: the subscriber processes read the same clock. */
const now = () => Number(process.hrtime.bigint()) / 1e6;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function within<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} did not finish within ${Math.round(ms / 1000)} s`)), ms);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** A deterministic PRNG (mulberry32): the same population on every run. */
function random(seed: number) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

// ---------------------------------------------------------------------------------------------
// Processes: the hub and the subscriber clients, each started with the hard open-files limit
// (bash `ulimit -n`, which Node cannot set), all ended on success, failure and Ctrl-C.

const running = new Set<ChildProcess>();
const RAISE_FILES = 'ulimit -n "$(ulimit -Hn)" 2>/dev/null; exec "$0" "$@"';

async function stopChild(child: ChildProcess): Promise<void> {
  await stopProcess(child);
  running.delete(child);
}

/** The Node.js flags of `npm start` (as bench/processes.ts reads them), so the hub runs as users run it. */
function startFlags(): string[] {
  const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> };
  const match = /\bnode((?:\s+--\S+)*)\s+dist\/src\/main\.js/.exec(pkg.scripts.start);
  if (!match) throw new Error('package.json "start" no longer runs node … dist/src/main.js; update bench/feed.ts');
  return match[1].trim().split(/\s+/).filter(Boolean);
}

interface Hub {
  pid: number;
  url: string;
  /** The hub's output so far (LOG_LEVEL=warn: warnings and errors only). */
  output(): string;
  /** How the hub ended ("code 1", "SIGKILL"), or null while it runs. */
  ended(): string | null;
  stop(): Promise<void>;
}

async function startHub(databaseUrl: string): Promise<Hub> {
  const port = await freePort();
  // BENCH_HUB_NODE_FLAGS adds Node.js flags for the hub alone, e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof".
  const extraFlags = (process.env.BENCH_HUB_NODE_FLAGS ?? '').split(/\s+/).filter(Boolean);
  const child = spawn('bash', ['-c', RAISE_FILES, process.execPath, ...startFlags(), ...extraFlags, path.join(ROOT, 'dist/src/main.js')], {
    cwd: ROOT,
    env: {
      ...process.env,
      NODE_ENV: 'production',
      DATABASE_URL: databaseUrl,
      SEED_ON_START: 'false',
      LOG_LEVEL: 'warn',
      DB_POOL_MAX: String(options.poolMax),
      PORT: String(port),
      HOST: '127.0.0.1',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  running.add(child);
  let output = '';
  const keep = (chunk: Buffer) => void (output = (output + chunk.toString('utf8')).slice(-20_000));
  child.stdout!.on('data', keep);
  child.stderr!.on('data', keep);
  const base = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 120_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`the hub exited with code ${child.exitCode} while starting:\n${output}`);
    try {
      if ((await fetch(`${base}/readyz`)).ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`the hub did not become ready within 120 s:\n${output}`);
    await sleep(100);
  }
  const ended = () => (child.signalCode ? child.signalCode : child.exitCode !== null ? `code ${child.exitCode}` : null);
  return { pid: child.pid!, url: `${base}/graphql`, output: () => output, ended, stop: () => stopChild(child) };
}

/** One subscriber process and its request/reply messages. */
class Client {
  private readonly child: ChildProcess;
  private readonly waiting = new Map<string, Array<(message: FromClient) => void>>();
  private failure: Error | undefined;

  constructor(readonly name: string) {
    this.child = fork(path.join(__dirname, 'feed-client.js'), [], {
      execPath: 'bash',
      execArgv: ['-c', RAISE_FILES, process.execPath],
      serialization: 'advanced',
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    running.add(this.child);
    this.child.on('message', (message: FromClient) => {
      if (message.type === 'fatal') return this.fail(new Error(`${name}: ${message.message}`));
      this.waiting.get(message.type)?.shift()?.(message);
    });
    this.child.on('exit', (code, signal) => this.fail(new Error(`${name} exited (${signal ?? code})`)));
  }

  private fail(error: Error) {
    this.failure ??= error;
    for (const queue of this.waiting.values()) queue.splice(0).forEach((resolve) => resolve({ type: 'fatal', message: error.message }));
  }

  post(message: ToClient) {
    if (this.failure) throw this.failure;
    this.child.send(message);
  }

  async ask<T extends FromClient['type']>(message: ToClient, reply: T, timeoutMs: number, what: string): Promise<Extract<FromClient, { type: T }>> {
    this.post(message);
    const answer = await within(
      new Promise<FromClient>((resolve) => {
        const queue = this.waiting.get(reply) ?? [];
        queue.push(resolve);
        this.waiting.set(reply, queue);
      }),
      timeoutMs,
      `${this.name}: ${what}`,
    );
    if (answer.type === 'fatal') throw new Error(answer.message);
    return answer as Extract<FromClient, { type: T }>;
  }

  async stop() {
    if (!this.failure && this.child.connected) this.child.send({ type: 'close' } satisfies ToClient);
    if (!(await waitForExit(this.child, 5_000))) await stopChild(this.child);
    running.delete(this.child);
  }
}

// ---------------------------------------------------------------------------------------------
// Database, identities, GraphQL over HTTP.

interface FeedDatabase {
  url: string;
  description: string;
  version: string;
  pgCpu: CpuProbe;
  stop(): Promise<void>;
}

async function openDatabase(): Promise<FeedDatabase> {
  const external = process.env.BENCH_DATABASE_URL?.trim();
  if (!external) {
    const db = await openBenchDatabase(0, options.resources, createLogger(process.env.BENCH_LOG_LEVEL ?? 'warn'), say);
    return { url: db.url, description: db.description, version: db.version, pgCpu: db.pgCpu, stop: db.stop };
  }
  const version = await withClient(external, async (client) => {
    const units = await client.query('select count(*)::int as n from member_unit').catch(() => null);
    if (!units?.rows[0].n) throw new Error('BENCH_DATABASE_URL must name a migrated, seeded hub database (e.g. createdb -T hub_seeded hub_bench_feed)');
    return (await client.query('show server_version')).rows[0].server_version as string;
  });
  const parsed = new URL(external);
  return {
    url: external,
    description: `PostgreSQL at ${parsed.host} (BENCH_DATABASE_URL), database ${parsed.pathname.slice(1)}`,
    version,
    pgCpu: allPostgresCpu(),
    stop: async () => undefined,
  };
}

interface Identity {
  accountId: number;
  unitId: number;
  unitCode: string;
  kind: 'PERSON' | 'SERVICE';
  role: 'ADMIN' | 'EDITOR' | 'VIEWER';
  hubAdmin: boolean;
  authorization: string;
}

/** Editors of several units (provincial departments, city FAOs) and one hub admin write the bursts. */
const WRITER_UNITS = ['610000-COMMERCE', '610000-EDUCATION', '330000-FAO', '350000-COMMERCE', '410000-INVESTMENT', '140100-FAO', '330100-FAO', '350200-FAO'];

/** Accounts and tokens straight in the database, as test/helpers/identities.ts makes them. */
async function createIdentities(url: string) {
  return withClient(url, async (client) => {
    const units = (await client.query<{ id: number; code: string; hub_operator: boolean }>('select id, code, hub_operator from member_unit order by id')).rows;
    const operators = units.filter((unit) => unit.hub_operator);
    if (!operators.length) throw new Error('the database has no hub operator unit');
    const byCode = new Map(units.map((unit) => [unit.code, unit]));
    const create = async (unit: (typeof units)[number], role: Identity['role'], kind: Identity['kind'], name: string): Promise<Identity> => {
      const account = await client.query<{ id: number }>(
        `insert into account (member_unit_id, kind, role, display_name) values ($1, $2, $3, $4) returning id`,
        [unit.id, kind, role, name],
      );
      const secret = generateTokenSecret();
      await client.query(`insert into api_token (account_id, name, token_hash, prefix) values ($1, 'bench-feed', $2, $3)`, [
        account.rows[0].id,
        secret.hash,
        secret.prefix,
      ]);
      return {
        accountId: account.rows[0].id,
        unitId: unit.id,
        unitCode: unit.code,
        kind,
        role,
        hubAdmin: unit.hub_operator && role === 'ADMIN',
        authorization: `Bearer ${secret.secret}`,
      };
    };
    await client.query('begin');
    try {
      const writers: Identity[] = [];
      for (const [i, code] of WRITER_UNITS.entries()) {
        writers.push(await create(byCode.get(code) ?? units[(i * 7) % units.length], 'EDITOR', 'PERSON', `bench-feed writer ${code}`));
      }
      const admin = await create(operators[0], 'ADMIN', 'PERSON', 'bench-feed hub admin writer');
      writers.push(admin);
      // Subscribing accounts over every unit: a few hub admins, a quarter service dashboards,
      // the rest people; roles other than a hub operator's ADMIN do not change what a viewer reads.
      const members: Identity[] = [];
      const hubAdmins = Math.min(Math.max(0, Math.floor(options.hubAdmins)), options.accounts);
      for (let j = 0; j < options.accounts; j++) {
        if (j < hubAdmins) {
          members.push(await create(operators[j % operators.length], 'ADMIN', 'PERSON', `bench-feed hub admin ${j}`));
          continue;
        }
        const unit = units[j % units.length];
        const service = j % 4 === 1;
        const role = service || unit.hub_operator ? 'VIEWER' : (['VIEWER', 'EDITOR', 'ADMIN'] as const)[j % 3];
        members.push(await create(unit, role, service ? 'SERVICE' : 'PERSON', `bench-feed ${service ? 'dashboard' : 'member'} ${j}`));
      }
      await client.query('commit');
      return { writers, admin, members, units: units.length };
    } catch (error) {
      await client.query('rollback').catch(() => undefined);
      throw error;
    }
  });
}

async function gql<T>(url: string, query: string, variables: Record<string, unknown>, authorization: string | null): Promise<T> {
  const operation = /\{\s*(\w+)/.exec(query)?.[1] ?? 'request';
  let response: Response;
  let text: string;
  try {
    response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(authorization ? { authorization } : {}) },
      body: JSON.stringify({ query, variables }),
      signal: AbortSignal.timeout(30_000),
    });
    text = await response.text();
  } catch (error) {
    const cause = (error as Error & { cause?: Error }).cause?.message ?? (error as Error).message;
    throw new Error(`${operation} over HTTP failed: ${cause}`);
  }
  let body: { data?: T; errors?: unknown[] };
  try {
    body = JSON.parse(text);
  } catch {
    throw new Error(`${operation} answered HTTP ${response.status}: ${text.slice(0, 300)}`);
  }
  if (!response.ok || body.errors?.length || !body.data) {
    throw new Error(`${operation} answered HTTP ${response.status}: ${JSON.stringify(body.errors ?? body).slice(0, 500)}`);
  }
  return body.data;
}

/** Runs `work` over `items` with at most `lanes` at once. */
async function inLanes<T>(items: T[], lanes: number, work: (item: T, index: number) => Promise<void>) {
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.max(1, Math.min(lanes, items.length)) }, async () => {
      while (next < items.length) {
        const index = next++;
        await work(items[index], index);
      }
    }),
  );
}

const NEWEST = `query { activities(first: 1) { edges { cursor } } }`;
const ACTIVITIES = `query($filter: ActivityFilter, $after: String) {
  activities(filter: $filter, after: $after, first: 100, orderBy: OLDEST_FIRST) { edges { node { position } } pageInfo { hasNextPage endCursor } }
}`;
const CONTRIBUTE = `mutation($input: ContributeResourceInput!) { contributeResource(input: $input) { resource { id } } }`;
const FEED_QUERY = `subscription($after: String, $filter: ActivityFilter) {
  activityFeed(after: $after, filter: $filter) { cursor activity { position verb subjectTitle tier occurredAt actorUnit { id } } }
}`;

/** The cursor of the newest activity (a hub admin sees all); makes one when the log is empty. */
async function newestCursor(url: string, admin: Identity): Promise<string> {
  const read = async () => (await gql<{ activities: { edges: { cursor: string }[] } }>(url, NEWEST, {}, admin.authorization)).activities.edges[0]?.cursor;
  const cursor = await read();
  if (cursor) return cursor;
  await gql(url, CONTRIBUTE, { input: { kind: 'OTHER', tier: 'PUBLIC', titleEn: 'bench-feed marker', publish: true } }, admin.authorization);
  return (await read())!;
}

// ---------------------------------------------------------------------------------------------
// Population: who subscribes with which filter.

const FILTERS: Array<{ key: string; filter: Record<string, unknown> }> = [
  { key: 'countries:DE', filter: { countries: ['DE'] } },
  { key: 'countries:JP,KR', filter: { countries: ['JP', 'KR'] } },
  { key: 'subjectTypes:SharedResource', filter: { subjectTypes: ['SharedResource'] } },
  { key: 'subjectTypes:AccessRequest,AccessGrant', filter: { subjectTypes: ['AccessRequest', 'AccessGrant'] } },
];

interface ViewerClass {
  key: string;
  viewer: Identity | null;
  filter: (typeof FILTERS)[number] | null;
  subscribers: number;
}

function population(n: number, members: Identity[], after: string) {
  const next = random(4);
  const classes = new Map<string, ViewerClass>();
  const specs: SubscriberSpec[] = [];
  let memberCount = 0;
  let filteredCount = 0;
  for (let k = 0; k < n; k++) {
    // Interleaved, so every prefix of the list (the first half, one client's share) has the same mix.
    const anonymous = Math.floor((k + 1) * options.anonymous) > Math.floor(k * options.anonymous);
    const viewer = anonymous ? null : members[memberCount++ % members.length];
    const filter = next() < options.filtered ? FILTERS[filteredCount++ % FILTERS.length] : null;
    const key = `${viewer ? `account ${viewer.accountId}` : 'anonymous'}|${filter?.key ?? 'all'}`;
    const known = classes.get(key) ?? { key, viewer, filter, subscribers: 0 };
    known.subscribers++;
    classes.set(key, known);
    specs.push({ authorization: viewer?.authorization ?? null, variables: { after, filter: filter?.filter ?? null }, classKey: key });
  }
  return { specs, classes };
}

function describePopulation(classes: Map<string, ViewerClass>): string {
  let anonymous = 0, admins = 0, services = 0, people = 0, filtered = 0;
  const accounts = new Set<number>();
  const units = new Set<number>();
  const byFilter = new Map<string, number>();
  for (const c of classes.values()) {
    if (!c.viewer) anonymous += c.subscribers;
    else if (c.viewer.hubAdmin) admins += c.subscribers;
    else if (c.viewer.kind === 'SERVICE') services += c.subscribers;
    else people += c.subscribers;
    if (c.viewer) accounts.add(c.viewer.accountId), units.add(c.viewer.unitId);
    if (c.filter) {
      filtered += c.subscribers;
      byFilter.set(c.filter.key, (byFilter.get(c.filter.key) ?? 0) + c.subscribers);
    }
  }
  const filters = [...byFilter].map(([key, count]) => `${key} ${count}`).join(', ');
  return (
    `${anonymous} anonymous; ${admins + services + people} members on ${accounts.size} accounts in ${units.size} units ` +
    `(${admins} hub admins, ${services} service dashboards, ${people} people); ${filtered} with a filter (${filters || 'none'}), ` +
    `the rest unfiltered; ${classes.size} distinct viewer × filter classes`
  );
}

// ---------------------------------------------------------------------------------------------
// Bursts.

const TIERS = ['PUBLIC', 'PUBLIC', 'PUBLIC', 'PUBLIC', 'UNCONDITIONAL', 'UNCONDITIONAL', 'CONDITIONAL', 'CONDITIONAL', 'NOT_SHARED', 'UNCONDITIONAL'];
const COUNTRIES = ['DE', 'FR', 'JP', 'KR', 'US'];

interface Contribution {
  title: string;
  writer: Identity;
  tier: string;
  publish: boolean;
  country: string;
  sentAt: number;
  answeredAt: number;
  error?: string;
}

/** The i-th contribution of a burst: 40% PUBLIC, 30% UNCONDITIONAL (a third as drafts), 20% CONDITIONAL, 10% NOT_SHARED. */
function plan(prefix: string, size: number, writers: Identity[]): Contribution[] {
  return Array.from({ length: size }, (_, i) => ({
    title: `${prefix}${i}`,
    writer: writers[i % writers.length],
    tier: TIERS[i % 10],
    publish: i % 10 !== 9,
    country: COUNTRIES[(i * 3 + Math.floor(i / 10)) % COUNTRIES.length],
    sentAt: Number.NaN,
    answeredAt: Number.NaN,
  }));
}

async function contribute(url: string, contributions: Contribution[]) {
  await inLanes(contributions, options.writers, async (c) => {
    const input = {
      kind: 'EVENT',
      tier: c.tier,
      titleEn: c.title,
      summaryEn: 'A burst of the activity feed benchmark.',
      bodyEn: 'Contributed by npm run bench:feed.',
      publish: c.publish,
      countries: [c.country],
      ...(c.tier === 'NOT_SHARED' ? { notSharedBasis: 'Benchmark data stays inside the unit.' } : {}),
    };
    c.sentAt = now();
    try {
      await gql(url, CONTRIBUTE, { input }, c.writer.authorization);
      c.answeredAt = now();
    } catch (error) {
      c.error = (error as Error).message;
      c.sentAt = Number.NaN;
    }
  });
}

/** What the sharing rules say a class should receive of a burst (to know when delivery is done; the server's answer is checked too). */
function predicted(c: ViewerClass, contributions: Contribution[]): number {
  let count = 0;
  for (const k of contributions) {
    if (k.error) continue;
    const visible = !c.viewer
      ? k.publish && k.tier === 'PUBLIC'
      : c.viewer.hubAdmin || k.writer.unitId === c.viewer.unitId || (k.publish && k.tier !== 'NOT_SHARED');
    if (!visible) continue;
    const filter = c.filter?.filter as { countries?: string[]; subjectTypes?: string[] } | undefined;
    if (filter?.countries && !filter.countries.includes(k.country)) continue;
    if (filter?.subjectTypes && !filter.subjectTypes.includes('SharedResource')) continue;
    count++;
  }
  return count;
}

/** The positions each class may read after `after`, from the `activities` query as that viewer. */
async function expectedSets(url: string, classes: ViewerClass[], after: string): Promise<Record<string, number[]>> {
  const result: Record<string, number[]> = {};
  await inLanes(classes, 8, async (c) => {
    const positions: number[] = [];
    let cursor = after;
    for (;;) {
      const page = await gql<{ activities: { edges: { node: { position: string } }[]; pageInfo: { hasNextPage: boolean; endCursor: string | null } } }>(
        url,
        ACTIVITIES,
        { filter: c.filter?.filter ?? null, after: cursor },
        c.viewer?.authorization ?? null,
      );
      positions.push(...page.activities.edges.map((edge) => Number(edge.node.position)));
      if (!page.activities.pageInfo.hasNextPage || !page.activities.pageInfo.endCursor) break;
      cursor = page.activities.pageInfo.endCursor;
    }
    result[c.key] = positions;
  });
  return result;
}

interface BurstResult {
  label: string;
  warmup: boolean;
  mutations: number;
  failedMutations: number;
  mutationErrors: string[];
  commitSpanMs: number;
  /** Response − request of each mutation, sorted: queueing for the write path shows here. */
  mutationMs: Float64Array;
  ended: 'all delivered' | 'quiet' | 'timeout';
  tally: Omit<Tally, 'fromRequest' | 'fromResponse' | 'fromCommit' | 'cpuMs'>;
  fromRequest: Float64Array;
  fromResponse: Float64Array;
  fromCommit: Float64Array;
  /** Last delivery − first request of the burst. */
  deliverySpanMs: number;
  modelMismatches: string[];
  /** Response times of GET /healthz every 100 ms during the burst, sorted. */
  health: Float64Array;
  /** With BENCH_FEED_COUNT_SQL=1: the hub's statements from the first mutation to the last delivery. */
  statements?: SqlSummary;
  cpu: { server: number; pg: number; clients: number; writer: number; wallMs: number };
}

/**
 * When each activity committed: PostgreSQL delivers the hub's NOTIFY hub_activity (its payload
 * is the newest position of the committing statement; one activity per mutation here) at
 * commit, and this process, which does little else, notes the time it arrives.
 */
const commits = new Map<number, number>();
async function listenForCommits(databaseUrl: string): Promise<() => Promise<void>> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  client.on('notification', (message) => {
    const position = Number(message.payload);
    if (position > 0 && !commits.has(position)) commits.set(position, now());
  });
  await client.query('listen hub_activity');
  return () => client.end();
}

const ownCpuMs = () => {
  const usage = process.cpuUsage();
  return (usage.user + usage.system) / 1000;
};

async function runBurst(
  hub: Hub,
  clients: Client[],
  classes: ViewerClass[],
  writers: Identity[],
  admin: Identity,
  prefix: string,
  label: string,
  warmup: boolean,
  pgCpu: CpuProbe,
  sql: StatementCounter | undefined,
): Promise<BurstResult> {
  const after = await newestCursor(hub.url, admin);
  sql?.reset();
  for (const client of clients) client.post({ type: 'reset', titlePrefix: prefix });
  const counts = () => Promise.all(clients.map((client) => client.ask({ type: 'count' }, 'count', 60_000, 'counting events')));
  const serverCpu = processCpu(hub.pid);
  const before = { server: serverCpu(), pg: pgCpu(), clients: (await counts()).reduce((sum, c) => sum + c.cpuMs, 0), writer: ownCpuMs(), at: now() };

  // GET /healthz touches neither the database nor GraphQL: its response time shows how long the
  // hub's event loop is blocked while it delivers.
  const health: number[] = [];
  let probing = true;
  const healthUrl = hub.url.replace(/\/graphql$/, '/healthz');
  const probe = (async () => {
    while (probing) {
      const started = now();
      try {
        await fetch(healthUrl, { signal: AbortSignal.timeout(60_000) }).then((response) => response.arrayBuffer());
        health.push(now() - started);
      } catch {
        health.push(Number.POSITIVE_INFINITY);
      }
      await sleep(100);
    }
  })();

  const contributions = plan(prefix, options.burstSize, writers);
  await within(contribute(hub.url, contributions), 300_000, `the mutations of ${label}`);
  const ok = contributions.filter((c) => !c.error);
  const gone = hub.ended();
  if (gone) throw new Error(`the hub ended (${gone}) during the mutations of ${label}:\n${hub.output().slice(-3000)}`);
  if (!ok.length) throw new Error(`every mutation of ${label} failed, e.g. ${contributions[0].error}`);
  const commitSpanMs = Math.max(...ok.map((c) => c.answeredAt)) - Math.min(...ok.map((c) => c.sentAt));

  const target = classes.reduce((sum, c) => sum + c.subscribers * predicted(c, contributions), 0);
  const started = now();
  let received = -1;
  let lastChange = now();
  let ended: BurstResult['ended'] = 'all delivered';
  for (;;) {
    const gone = hub.ended();
    if (gone) throw new Error(`the hub ended (${gone}) while delivering ${label}:\n${hub.output().slice(-3000)}`);
    const total = (await counts()).reduce((sum, c) => sum + c.received, 0);
    if (total !== received) (received = total), (lastChange = now());
    if (total >= target) break;
    if (now() - lastChange > options.quietMs) {
      ended = 'quiet';
      break;
    }
    if (now() - started > options.deliveryTimeoutMs) {
      ended = 'timeout';
      break;
    }
    await sleep(50);
  }
  const cpuAfter = { server: serverCpu(), pg: pgCpu(), clients: (await counts()).reduce((sum, c) => sum + c.cpuMs, 0), writer: ownCpuMs(), at: now() };
  const statements = sql ? summarize(sql.statements()) : undefined;
  probing = false;
  await probe;
  // Late duplicates or events the rules did not predict still get a moment to show up.
  await sleep(1000);

  const expected = await within(expectedSets(hub.url, classes, after), 600_000, `the expected sets of ${label}`);
  const modelMismatches: string[] = [];
  for (const c of classes) {
    const model = predicted(c, contributions);
    if (model !== expected[c.key].length) modelMismatches.push(`${c.key}: activities query ${expected[c.key].length}, sharing rules ${model}`);
  }
  const sentAt = contributions.map((c) => c.sentAt);
  const answeredAt = contributions.map((c) => c.answeredAt);
  const tallies = await Promise.all(
    clients.map((client) =>
      client.ask({ type: 'collect', expected, sentAt, answeredAt, committedAt: [...commits.entries()] }, 'collected', 300_000, 'collecting the tallies'),
    ),
  );
  const merged: BurstResult['tally'] = {
    subscribers: 0, expected: 0, delivered: 0, lost: 0, duplicates: 0, outOfOrder: 0, extra: 0, stale: 0,
    subscribersWithLoss: 0, lostSamples: [], extraSamples: [], firstReceipt: Infinity, lastReceipt: -Infinity,
  };
  for (const { tally } of tallies) {
    for (const key of ['subscribers', 'expected', 'delivered', 'lost', 'duplicates', 'outOfOrder', 'extra', 'stale', 'subscribersWithLoss'] as const) merged[key] += tally[key];
    merged.lostSamples.push(...tally.lostSamples);
    merged.extraSamples.push(...tally.extraSamples);
    merged.firstReceipt = Math.min(merged.firstReceipt, tally.firstReceipt);
    merged.lastReceipt = Math.max(merged.lastReceipt, tally.lastReceipt);
  }
  return {
    label,
    warmup,
    mutations: contributions.length,
    failedMutations: contributions.length - ok.length,
    mutationErrors: contributions.filter((c) => c.error).slice(0, 3).map((c) => c.error!),
    commitSpanMs,
    mutationMs: Float64Array.from(ok.map((c) => c.answeredAt - c.sentAt)).sort(),
    ended,
    tally: merged,
    fromRequest: join(tallies.map((t) => t.tally.fromRequest)),
    fromResponse: join(tallies.map((t) => t.tally.fromResponse)),
    fromCommit: join(tallies.map((t) => t.tally.fromCommit)),
    deliverySpanMs: merged.lastReceipt - Math.min(...ok.map((c) => c.sentAt)),
    modelMismatches,
    statements,
    health: Float64Array.from(health).sort(),
    cpu: {
      server: cpuAfter.server - before.server,
      pg: cpuAfter.pg - before.pg,
      clients: cpuAfter.clients - before.clients,
      writer: cpuAfter.writer - before.writer,
      wallMs: cpuAfter.at - before.at,
    },
  };
}

// ---------------------------------------------------------------------------------------------
// One step: a fresh hub, N subscribers, memory, bursts.

function rssKb(pid: number): number {
  const match = /VmRSS:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
  return match ? Number(match[1]) : Number.NaN;
}

function openFilesLimit(pid: number): number {
  const match = /Max open files\s+(\d+|unlimited)/.exec(fs.readFileSync(`/proc/${pid}/limits`, 'utf8'));
  return !match || match[1] === 'unlimited' ? Infinity : Number(match[1]);
}

const openFiles = (pid: number) => fs.readdirSync(`/proc/${pid}/fd`).length;

interface StepResult {
  subscribers: number;
  clients: number;
  mix: string;
  connected: number;
  connectFailures: string[];
  connectMs: number;
  rss: { before: number; half: number; full: number };
  serverFiles: number;
  filesLimit: number;
  bursts: BurstResult[];
  openAtEnd: number;
  closes: Record<string, number>;
  errors: number;
  errorSamples: string[];
  hubOutput: string;
  connectStatements?: SqlSummary;
}

async function runStep(n: number, db: FeedDatabase, identities: Awaited<ReturnType<typeof createIdentities>>, runId: string): Promise<StepResult> {
  say(`step ${n}: starting the hub`);
  const sql = options.countSql ? await startStatementCounter(new URL(db.url).hostname, Number(new URL(db.url).port || 5432)) : undefined;
  const hubDatabase = new URL(db.url);
  if (sql) (hubDatabase.hostname = '127.0.0.1'), (hubDatabase.port = String(sql.port));
  const hub = await startHub(hubDatabase.toString()).catch(async (error) => {
    await sql?.close();
    throw error;
  });
  const clients: Client[] = [];
  try {
    const filesLimit = openFilesLimit(hub.pid);
    if (n + 200 > filesLimit) throw new Error(`the hub may open ${filesLimit} files (ulimit -Hn), too few for ${n} subscribers`);
    const after = await newestCursor(hub.url, identities.admin);
    const { specs, classes } = population(n, identities.members, after);
    const mix = describePopulation(classes);
    say(`step ${n}: ${mix}`);

    const count = Math.max(1, Math.min(Math.floor(options.clients), n));
    const shares: SubscriberSpec[][] = Array.from({ length: count }, () => []);
    specs.forEach((spec, k) => shares[k % count].push(spec));
    for (let c = 0; c < count; c++) {
      const client = new Client(`subscriber process ${c + 1}/${count}`);
      clients.push(client);
      client.post({ type: 'init', url: hub.url.replace(/^http/, 'ws'), query: FEED_QUERY, subscribers: shares[c] });
    }
    await sleep(options.idleMs);
    const rssBefore = rssKb(hub.pid);
    sql?.reset();

    // Two halves: the second half's growth is the cost of a connection without one-time costs.
    const window = Math.max(1, Math.ceil(options.connectWindow / count));
    const connected = { opened: 0, failures: [] as string[], ms: 0 };
    const rssAfter: number[] = [];
    for (const half of [0, 1]) {
      const started = now();
      const replies = await Promise.all(
        clients.map((client, c) => {
          const size = shares[c].length;
          const mid = Math.floor(size / 2);
          const [from, to] = half === 0 ? [0, mid] : [mid, size];
          return client.ask({ type: 'connect', from, to, window, timeoutMs: 60_000 }, 'connected', options.connectTimeoutMs, `connecting subscribers ${from}–${to}`);
        }),
      );
      connected.ms += now() - started;
      for (const reply of replies) (connected.opened += reply.opened), connected.failures.push(...reply.failures);
      say(`step ${n}: ${connected.opened} subscribers connected (${connected.failures.length} failed) after ${(connected.ms / 1000).toFixed(1)} s; idle ${options.idleMs / 1000} s`);
      await sleep(options.idleMs);
      rssAfter.push(rssKb(hub.pid));
    }
    const serverFiles = openFiles(hub.pid);
    const connectStatements = sql ? summarize(sql.statements()) : undefined;

    const bursts: BurstResult[] = [];
    // BENCH_FEED_BURSTS=0: connections and memory only.
    for (let b = 0; options.bursts > 0 && b <= options.bursts; b++) {
      const warmup = b === 0;
      const label = warmup ? 'warm-up' : `burst ${b}`;
      const result = await runBurst(hub, clients, [...classes.values()], identities.writers, identities.admin, `bench-feed-${runId}-n${n}-b${b}-`, label, warmup, db.pgCpu, sql);
      bursts.push(result);
      say(`step ${n} ${label}: ${burstLine(result)}`);
      await sleep(1000);
    }
    const final = await Promise.all(clients.map((client) => client.ask({ type: 'count' }, 'count', 60_000, 'counting sockets')));
    const closes: Record<string, number> = {};
    for (const f of final) for (const [code, times] of Object.entries(f.closes)) closes[code] = (closes[code] ?? 0) + times;
    return {
      subscribers: n,
      clients: count,
      mix,
      connected: connected.opened,
      connectFailures: connected.failures.slice(0, 5),
      connectMs: connected.ms,
      rss: { before: rssBefore, half: rssAfter[0], full: rssAfter[1] },
      serverFiles,
      filesLimit,
      bursts,
      openAtEnd: final.reduce((sum, f) => sum + f.open, 0),
      closes,
      errors: final.reduce((sum, f) => sum + f.errors, 0),
      errorSamples: final.flatMap((f) => f.errorSamples).slice(0, 5),
      hubOutput: hub.output(),
      connectStatements,
    };
  } catch (error) {
    const ended = hub.ended();
    if (!ended || (error as Error).message.includes('the hub ended')) throw error;
    throw new Error(`step ${n}: ${(error as Error).message}; the hub had ended (${ended}):\n${hub.output().slice(-3000)}`);
  } finally {
    await Promise.all(clients.map((client) => client.stop().catch(() => undefined)));
    await hub.stop();
    await sql?.close();
  }
}

// ---------------------------------------------------------------------------------------------
// Report.

interface SqlSummary {
  count: number;
  /** The most frequent statements (whitespace collapsed, cut at 160 characters), most first. */
  top: Array<[string, number]>;
}

function summarize(statements: string[]): SqlSummary {
  const shapes = new Map<string, number>();
  for (const sql of statements) {
    const shape = sql.replace(/\s+/g, ' ').trim().slice(0, 160);
    shapes.set(shape, (shapes.get(shape) ?? 0) + 1);
  }
  return { count: statements.length, top: [...shapes].sort((a, b) => b[1] - a[1]).slice(0, 5) };
}

const fixed = (value: number, digits = 0) => (Number.isFinite(value) ? value.toFixed(digits) : 'n/a');
function percentile(sorted: Float64Array, q: number): number {
  if (!sorted.length) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))];
}

function burstLine(r: BurstResult): string {
  const t = r.tally;
  return (
    `${t.delivered}/${t.expected} deliveries (${r.ended}), from commit p50 ${fixed(percentile(r.fromCommit, 0.5))} ms, p99 ${fixed(percentile(r.fromCommit, 0.99))} ms, ` +
    `max ${fixed(percentile(r.fromCommit, 1))} ms; lost ${t.lost}, duplicates ${t.duplicates}, out of order ${t.outOfOrder}, unexpected ${t.extra}` +
    (r.failedMutations ? `; ${r.failedMutations} mutations failed: ${r.mutationErrors[0]}` : '')
  );
}


function join(arrays: Float64Array[]): Float64Array {
  const out = new Float64Array(arrays.reduce((sum, a) => sum + a.length, 0));
  let at = 0;
  for (const a of arrays) out.set(a, at), (at += a.length);
  return out.sort();
}

function markdown(results: StepResult[], db: FeedDatabase, started: Date, loadAverage: [number, number]): string {
  const cpu = os.cpus()[0]?.model.trim() ?? 'unknown CPU';
  const lines = [
    `Run ${started.toISOString().slice(0, 16).replace('T', ' ')} UTC with \`${benchCommand('feed.js')}\`.`,
    '',
    `Machine: ${os.availableParallelism()} cores (${cpu}), ${Math.round(os.totalmem() / 2 ** 30)} GB RAM, ${os.type()} ${os.release()}; ` +
      `Node ${process.version}; PostgreSQL ${db.version} (${db.description}). One hub process (\`npm start\`'s flags, pool ${options.poolMax}), ` +
      `${results[0]?.clients ?? options.clients} subscriber processes (raw \`ws\`, graphql-transport-ws) and the writers on the same machine. ` +
      `Bursts of ${options.burstSize} \`contributeResource\` mutations, ${options.writers} in flight, by ${WRITER_UNITS.length} editors and a hub admin ` +
      `(40% PUBLIC, 20% UNCONDITIONAL, 10% UNCONDITIONAL draft, 20% CONDITIONAL, 10% NOT_SHARED); one warm-up burst, then ${options.bursts} measured. ` +
      `1-minute load average ${loadAverage[0].toFixed(1)} before, ${loadAverage[1].toFixed(1)} after.`,
    '',
    'Latency "from commit" is receipt by the subscriber process − the moment the bench, listening on `hub_activity` itself, got ' +
      "PostgreSQL's notification of the activity's commit (the notification carries the position; the clocks are the same machine's " +
      'monotonic clock). "From request start" (receipt − start of the HTTP request of the mutation) is an upper bound that adds the ' +
      "mutation's own time and its wait behind the other writers (the mutation p50 column). " +
      'Lost, duplicates, out of order and unexpected compare each subscriber\'s events with the `activities` query run afterwards as the same ' +
      'viewer with the same filter, from the cursor before the burst. Memory is the hub\'s VmRSS before connecting, and after each half of the ' +
      'subscribers connected and sat idle; "marginal" is the second half\'s growth per connection. CPU is utime + stime from /proc, from the ' +
      'first mutation to the last expected delivery.',
    '',
  ];
  for (const s of results) {
    const perConnection = ((s.rss.full - s.rss.before) / s.subscribers).toFixed(1);
    const marginal = ((s.rss.full - s.rss.half) / (s.subscribers - Math.floor(s.subscribers / 2))).toFixed(1);
    lines.push(
      `### ${s.subscribers.toLocaleString('en-US')} subscribers`,
      '',
      `Subscribers: ${s.mix}. Connected ${s.connected}/${s.subscribers} in ${(s.connectMs / 1000).toFixed(1)} s` +
        (s.connectFailures.length ? ` (failures, e.g. ${s.connectFailures[0]})` : '') +
        `; hub open files ${s.serverFiles} (limit ${s.filesLimit}). At the end ${s.openAtEnd} sockets open` +
        (Object.keys(s.closes).length ? `, closes by code ${JSON.stringify(s.closes)}` : '') +
        (s.errors ? `, ${s.errors} protocol errors (e.g. ${s.errorSamples[0]})` : '') +
        '.',
      '',
      `Memory: hub RSS ${(s.rss.before / 1024).toFixed(0)} MB before, ${(s.rss.half / 1024).toFixed(0)} MB at half, ` +
        `${(s.rss.full / 1024).toFixed(0)} MB with all subscribers idle: **${perConnection} KB per idle connection** (marginal ${marginal} KB).`,
    );
    if (s.connectStatements) {
      const c = s.connectStatements;
      lines.push(
        '',
        `SQL statements the hub sent (BENCH_FEED_COUNT_SQL=1, so timings here are slowed by the counting proxy): connecting ${c.count} ` +
          `(${(c.count / s.subscribers).toFixed(2)} per subscriber)` +
          s.bursts.map((r) => `; ${r.label} ${r.statements?.count ?? 'n/a'}`).join('') +
          '. Most frequent in the last burst:',
        '',
        ...(s.bursts.at(-1)?.statements ?? c).top.map(([shape, times]) => `- ${times}× \`${shape.replace(/`/g, "'")}\``),
      );
    }
    if (!s.bursts.length) {
      lines.push('', 'No bursts (BENCH_FEED_BURSTS=0).', '');
      continue;
    }
    lines.push(
      '',
      '| burst | deliveries | mutations: span / p50 ms | from commit: p50 ms | p95 ms | p99 ms | max ms | from request start: p50 / p99 ms | delivered within ms | lost | dup | out of order | unexpected | CPU ms: hub / PG / subscribers / writers | hub µs per delivery | subscriber µs per event | /healthz p50 / max ms | done |',
      '|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|---|',
    );
    for (const r of s.bursts) {
      const t = r.tally;
      lines.push(
        `| ${r.label} | ${t.delivered}/${t.expected} | ${fixed(r.commitSpanMs)} / ${fixed(percentile(r.mutationMs, 0.5))}${r.failedMutations ? ` (${r.failedMutations} failed)` : ''} | ` +
          `${fixed(percentile(r.fromCommit, 0.5))} | ${fixed(percentile(r.fromCommit, 0.95))} | ${fixed(percentile(r.fromCommit, 0.99))} | ` +
          `${fixed(percentile(r.fromCommit, 1))} | ${fixed(percentile(r.fromRequest, 0.5))} / ${fixed(percentile(r.fromRequest, 0.99))} | ` +
          `${fixed(r.deliverySpanMs)} | ${t.lost} | ${t.duplicates} | ${t.outOfOrder} | ${t.extra} | ` +
          `${fixed(r.cpu.server)} / ${fixed(r.cpu.pg)} / ${fixed(r.cpu.clients)} / ${fixed(r.cpu.writer)} | ` +
          `${fixed((r.cpu.server * 1000) / Math.max(1, t.delivered), 1)} | ${fixed((r.cpu.clients * 1000) / Math.max(1, t.delivered), 1)} | ` +
          `${fixed(percentile(r.health, 0.5))} / ${fixed(percentile(r.health, 1))} | ${r.ended} |`,
      );
    }
    const measured = s.bursts.filter((r) => !r.warmup);
    const all = join(measured.map((r) => r.fromCommit));
    const lost = measured.reduce((sum, r) => sum + r.tally.lost, 0);
    const wrong = measured.reduce((sum, r) => sum + r.tally.duplicates + r.tally.outOfOrder + r.tally.extra, 0);
    const busy = measured.reduce((sum, r) => sum + r.cpu.server + r.cpu.pg + r.cpu.clients + r.cpu.writer, 0);
    const wall = measured.reduce((sum, r) => sum + r.cpu.wallMs, 0);
    const clientShare = measured.reduce((sum, r) => sum + r.cpu.clients, 0) / Math.max(1, busy);
    lines.push(
      '',
      `Measured bursts together, from commit to delivery: p50 ${fixed(percentile(all, 0.5))} ms, p95 ${fixed(percentile(all, 0.95))} ms, p99 ${fixed(percentile(all, 0.99))} ms, ` +
        `max ${fixed(percentile(all, 1))} ms over ${all.length} deliveries; lost ${lost}; duplicates + out of order + unexpected ${wrong}. ` +
        `CPU busy ${fixed((busy / Math.max(1, wall * os.availableParallelism())) * 100)}% of ${os.availableParallelism()} cores during the bursts, ` +
        `${fixed(clientShare * 100)}% of it in the subscriber processes.`,
    );
    const mismatches = s.bursts.flatMap((r) => r.modelMismatches);
    if (mismatches.length) lines.push('', `The sharing rules and the \`activities\` query disagree on ${mismatches.length} class-bursts, e.g. ${mismatches.slice(0, 3).join('; ')}.`);
    const samples = s.bursts.flatMap((r) => [...r.tally.lostSamples.map((x) => `lost: ${x}`), ...r.tally.extraSamples.map((x) => `unexpected: ${x}`)]);
    if (samples.length) lines.push('', `Examples: ${samples.slice(0, 4).join('; ')}.`);
    lines.push('');
  }
  const target = results.find((s) => s.subscribers >= 10_000) ?? results.at(-1);
  if (target) {
    const measured = target.bursts.filter((r) => !r.warmup);
    const p99 = percentile(join(measured.map((r) => r.fromCommit)), 0.99);
    const p99Request = percentile(join(measured.map((r) => r.fromRequest)), 0.99);
    const kb = (target.rss.full - target.rss.before) / target.subscribers;
    const marginalKb = (target.rss.full - target.rss.half) / (target.subscribers - Math.floor(target.subscribers / 2));
    const lost = measured.reduce((sum, r) => sum + r.tally.lost, 0);
    const yes = (ok: boolean) => (ok ? 'yes' : '**no**');
    lines.push(
      `| target (issue 4, 2 cores) | at ${target.subscribers.toLocaleString('en-US')} subscribers | met |`,
      '|---|--:|---|',
      `| 10,000 subscribers | ${target.connected.toLocaleString('en-US')} connected | ${yes(target.connected >= 10_000)} |`,
      `| p99 ≤ 1 s for a ${options.burstSize}-event burst | ${fixed(p99)} ms from commit (${fixed(p99Request)} ms from the mutation's request start) | ${measured.length ? yes(p99 <= 1000) : 'n/a'} |`,
      `| ≤ 20 KB per idle connection | ${kb.toFixed(1)} KB averaged over all connections, ${marginalKb.toFixed(1)} KB for each of the second half | ${yes(kb <= 20)} averaged, ${yes(marginalKb <= 20)} per added connection |`,
      `| 0 events lost | ${lost} | ${measured.length ? yes(lost === 0) : 'n/a'} |`,
    );
  }
  return lines.join('\n');
}

const SECTION = '## Activity feed (npm run bench:feed)';


async function main() {
  const startedAt = new Date();
  let db: FeedDatabase | undefined;
  let stopListening: (() => Promise<void>) | undefined;
  let cleaning: Promise<void> | undefined;
  const cleanup = () =>
    (cleaning ??= (async () => {
      await Promise.all([...running].map(stopChild));
      await stopListening?.().catch(() => undefined);
      await db?.stop();
    })());
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      say(`${signal}: stopping the hub, the subscribers and the database`);
      void cleanup().finally(() => process.exit(130));
    });
  }
  try {
    db = await openDatabase();
    stopListening = await listenForCommits(db.url);
    const identities = await createIdentities(db.url);
    say(`${identities.members.length} subscribing accounts over ${identities.units} units, ${identities.writers.length} writers`);
    const runId = Date.now().toString(36);
    const loadBefore = os.loadavg()[0];
    const results: StepResult[] = [];
    for (const n of options.steps) {
      const result = await runStep(n, db, identities, runId);
      results.push(result);
      const warnings = result.hubOutput.trim();
      if (warnings) say(`the hub logged during step ${n}:\n${warnings.split('\n').slice(-20).join('\n')}`);
    }
    const text = markdown(results, db, startedAt, [loadBefore, os.loadavg()[0]]);
    console.log(`\n${text}\n`);
    if (options.writeDoc) {
      writeDocSection(SECTION, text);
      say('results written to docs/BENCHMARKS.md');
    }
  } finally {
    await cleanup();
  }
}

main().catch((error) => {
  console.error('[bench:feed] failed:', error instanceof Error ? error.message : error);
  process.exit(1);
});
