/**
 * `npm run bench:search`: the speed target of issue 6 (city offices find partner cities). Seeds a
 * database as `npm start` does (the full real data: every foreign city and region and Chinese
 * division, the real friendship relations, padded to BENCH_RELATIONS as bench/dataset.ts does),
 * gives a realistic share of localities a profile with themes (so themed filters have something to
 * find), starts the hub as `npm start` runs it, checks that every query answers without errors,
 * then measures `searchLocalities` over SEARCHES (50 realistic queries) at 4 and 32 connections:
 * p50/p99, throughput, and PostgreSQL CPU per search (target: ≤ 2 ms, p99 ≤ 30 ms at 4).
 *
 * Then `partnerSuggestions` (bench/partner-workload.ts: about twenty Chinese localities, with and
 * without a filter), as a member, at 4 connections (target: p99 ≤ 150 ms).
 *
 * Environment: BENCH_DURATION (s, default 10), BENCH_WARMUP (s, default = duration),
 * BENCH_RELATIONS (5000), BENCH_POOL_MAX (10), BENCH_DATABASE_URL, BENCH_KEEP_DATABASE=1,
 * BENCH_WRITE_DOC (1, the default: replace this benchmark's section of docs/BENCHMARKS.md; 0: print only).
 */
import os from 'node:os';
import { MikroORM, type EntityManager } from '@mikro-orm/postgresql';
import { createOrmConfig } from '../src/db/orm.config';
import { createLogger } from '../src/logger';
import { searchLocalities } from '../src/modules/locality-search/locality-search.service';
import { openBenchDatabase, withClient, type BenchDatabase } from './dataset';
import { benchCommand, positive, writeDocSection } from './env';
import { freePort } from './measure';
import { partnerSuggestionBodies } from './partner-workload';
import { searches } from './search-list';
import { measureWorkload, postGraphQL, startHub, stopAll, type ServerProcess, type WorkloadRow } from './processes';

const say = (line: string) => console.error(`[bench:search] ${line}`);

const durationSeconds = positive('BENCH_DURATION', 10);
const options = {
  durationSeconds,
  warmupSeconds: positive('BENCH_WARMUP', durationSeconds),
  relations: positive('BENCH_RELATIONS', 5000),
  poolMax: positive('BENCH_POOL_MAX', 10),
  writeDoc: process.env.BENCH_WRITE_DOC !== '0',
  keepDatabase: process.env.BENCH_KEEP_DATABASE === '1',
};

const TARGET_PG_CPU_MS = 2;
const TARGET_SEARCH_P99_MS = 30;
const TARGET_PARTNER_P99_MS = 150;

type Filter = Record<string, unknown>;

/** What a city office's search page shows: each result with its country and its Chinese partners. */
const SEARCH_QUERY = `query SearchLocalities($query: String, $filter: LocalitySearchFilter) {
  searchLocalities(query: $query, filter: $filter, first: 20) {
    pageInfo { hasNextPage endCursor }
    edges { match score matchedName node {
      id name nameZh level population country { code name }
      partnerships { kind status establishedYear partner { id name level } }
    } }
  }
}`;


/** Every body answers without errors; returns how many edges each gave. */
export async function checkWorkload(hub: ServerProcess, name: string, bodies: string[], headers: Record<string, string> = {}): Promise<number[]> {
  const counts: number[] = [];
  for (const body of bodies) {
    const answer = await postGraphQL(hub.url, body, headers);
    if (answer.errors?.length || !answer.data) throw new Error(`${name}: ${body.slice(0, 200)} answered with errors: ${JSON.stringify(answer.errors)}`);
    const first = Object.values(answer.data)[0] as { edges?: unknown[]; suggestions?: unknown[] } | unknown[];
    counts.push(Array.isArray(first) ? first.length : (first?.edges?.length ?? first?.suggestions?.length ?? 0));
  }
  return counts;
}

/** A workload of this bench at `connections`, after a warm-up unless told otherwise. */
function measure(
  hub: ServerProcess,
  db: BenchDatabase,
  name: string,
  bodies: string[],
  connections: number,
  headers: Record<string, string> = {},
): Promise<WorkloadRow> {
  const { durationSeconds, warmupSeconds } = options;
  return measureWorkload({ name, hub, pgCpu: db.pgCpu, bodies, headers, connections, durationSeconds, warmupSeconds }, say);
}

/**
 * Profiles for a realistic share of localities: every Chinese prefecture, and one foreign city of
 * 50,000+ people in eight, each with two to four themes drawn by a hash of its id (repeatable).
 */
async function addProfiles(url: string): Promise<number> {
  return withClient(url, async (client) => {
    const { rowCount } = await client.query(
      `with themes as (select array_agg(code order by code) as codes from profile_theme),
       picked as (
         select l.id from locality l
         where (l.side = 'DOMESTIC' and l.level = 'PREFECTURE')
            or (l.level = 'CITY' and l.population >= 50000 and mod(hashint4(l.id) & 2147483647, 8) = 0)
       )
       insert into locality_profile (locality_id, themes, seed)
       select p.id, array(select distinct t.codes[1 + mod(hashint8extended(p.id::bigint, k) & 9223372036854775807, cardinality(t.codes))::int]
                          from generate_series(1, 2 + mod(hashint4(p.id) & 2147483647, 3)) k), true
       from picked p, themes t
       on conflict (locality_id) do nothing`,
    );
    // Every table as autovacuum leaves it after a load (visibility maps set, so index-only scans
    // skip the heap; statistics fresh), and the load's pages written out: otherwise autovacuum
    // and the checkpointer do that work during the first measured run, and their CPU counts as
    // the searches' (PG CPU counts every process of the server).
    await client.query('vacuum analyze');
    await client.query('checkpoint');
    return rowCount ?? 0;
  });
}

/** EXPLAIN ANALYZE of every statement searchLocalities sends for `query` and `filter`, run in this process. */
async function explainSearch(em: EntityManager, query: string | null, filter?: Filter): Promise<string[]> {
  const client = em.getConnection().getKnex().client as { acquireConnection(): Promise<any> };
  const original = client.acquireConnection.bind(client);
  const plans: string[] = [];
  // The pool must get back the very connection it lent: patch its query() while lent, restore on release.
  const release = (client as unknown as { releaseConnection(connection: any): Promise<unknown> }).releaseConnection.bind(client);
  client.acquireConnection = async () => {
    const connection = await original();
    const query = connection.query;
    connection.query = async (config: { text: string; values: unknown[] }) => {
      const explained = await query.call(connection, { text: `explain (analyze, buffers, costs off) ${config.text}`, values: config.values });
      plans.push(`${config.text}\n\n${explained.rows.map((row: Record<string, string>) => row['QUERY PLAN']).join('\n')}`);
      return query.call(connection, config);
    };
    connection.__restoreQuery = () => {
      connection.query = query;
      delete connection.__restoreQuery;
    };
    return connection;
  };
  (client as unknown as { releaseConnection(connection: any): Promise<unknown> }).releaseConnection = (connection: any) => {
    connection.__restoreQuery?.();
    return release(connection);
  };
  try {
    await searchLocalities(em.fork(), query, filter as never, { first: 20 });
  } finally {
    client.acquireConnection = original;
    (client as unknown as { releaseConnection(connection: any): Promise<unknown> }).releaseConnection = release;
  }
  return plans;
}

const fixed = (value: number, digits = 0) => (Number.isFinite(value) ? value.toFixed(digits) : 'n/a');
const SECTION = '## Locality search (npm run bench:search)';

async function main() {
  const logger = createLogger(process.env.BENCH_LOG_LEVEL ?? 'warn');
  let db: BenchDatabase | undefined;
  let cleaning: Promise<void> | undefined;
  const keep = options.keepDatabase && Boolean(process.env.BENCH_DATABASE_URL?.trim());
  const cleanup = () =>
    (cleaning ??= (async () => {
      await stopAll();
      if (keep && db) say(`kept the bench database: ${db.url}`);
      else await db?.stop();
    })());
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => void cleanup().finally(() => process.exit(130)));
  }
  try {
    // One generated shared resource: this benchmark reads localities and relations only.
    db = await openBenchDatabase(options.relations, 1, logger, say);
    const profiles = await addProfiles(db.url);
    say(`added ${profiles} locality profiles with themes`);
    const ids = await withClient(db.url, async (client) => {
      const id = async (sql: string) => Buffer.from(`Locality:${(await client.query(sql)).rows[0].id}`).toString('base64url');
      return {
        shaanxi: await id(`select id from locality where gb_code = '610000'`),
        kyotoPrefecture: await id(`select id from locality where level = 'REGION' and country_code = 'JP' and iso_code = '26'`),
      };
    });
    const sizes = await withClient(db.url, async (client) => (await client.query(
      `select (select count(*) from locality where side = 'FOREIGN' and level = 'CITY')::int as cities,
              (select count(*) from locality where side = 'FOREIGN' and level = 'REGION')::int as regions,
              (select count(*) from locality where side = 'DOMESTIC')::int as divisions,
              (select count(*) from locality_name_key)::int as keys,
              (select count(*) from friendship_relation)::int as relations`,
    )).rows[0] as Record<string, number>);
    say(`data: ${JSON.stringify(sizes)}`);
    const list = searches(ids);
    const bodies = list.map(({ query, filter }) => JSON.stringify({ query: SEARCH_QUERY, variables: { query, filter } }));

    const hub = await startHub(db.url, await freePort(), options.poolMax);
    const counts = await checkWorkload(hub, 'searchLocalities', bodies);
    const empty = list.filter((_, i) => counts[i] === 0).map((s) => JSON.stringify(s));
    say(`all ${bodies.length} searches answer without errors${empty.length ? `; without results: ${empty.join(', ')}` : ''}`);

    const loadBefore = os.loadavg()[0];
    const rows: WorkloadRow[] = [];
    rows.push(await measure(hub, db, 'searchLocalities', bodies, 4));
    rows.push(await measure(hub, db, 'searchLocalities', bodies, 32));
    // partnerSuggestions is for members: the bench caller (an editor of the commerce bureau) asks.
    const member = { authorization: `Bearer ${db.token}` };
    const partnerBodies = await withClient(db.url, (client) => partnerSuggestionBodies(client));
    const partnerCounts = await checkWorkload(hub, 'partnerSuggestions', partnerBodies, member);
    say(`all ${partnerBodies.length} partnerSuggestions requests answer without errors (${partnerCounts.filter((n) => n === 0).length} without suggestions)`);
    const partnerRow = await measure(hub, db, 'partnerSuggestions', partnerBodies, 4, member);
    rows.push(partnerRow);
    const loadAfter = os.loadavg()[0];
    await hub.stop();

    const orm = await MikroORM.init(createOrmConfig({ clientUrl: db.url, poolMax: 1, acquireTimeoutMs: 10_000, logger }));
    const explained: Array<{ title: string; plans: string[] }> = [];
    try {
      for (const [title, query, filter] of [
        ['a typo ("Hamburgg": prefix range, then the trigram fallback)', 'Hamburgg', undefined],
        ['a short prefix ("Mosc")', 'Mosc', undefined],
        ['a Chinese name (西安)', '西安', undefined],
        ['a common prefix with a partner filter ("san", hasChinesePartner)', 'san', { hasChinesePartner: true }],
        ['a filter alone (partneredWithProvince: Shaanxi)', null, { partneredWithProvince: ids.shaanxi }],
      ] as Array<[string, string | null, Filter | undefined]>) {
        explained.push({ title, plans: await explainSearch(orm.em as EntityManager, query, filter) });
      }
    } finally {
      await orm.close(true);
    }

    const search4 = rows[0];
    const search32 = rows[1];
    const yes = (ok: boolean) => (ok ? 'yes' : '**no**');
    const failures = (row: WorkloadRow) => row.load.errors + row.load.timeouts + row.load.non2xx;
    const cpu = os.cpus()[0]?.model.trim() ?? 'unknown CPU';
    const text = [
      `Run ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC with \`${benchCommand('search.js')}\`.`,
      '',
      `Machine: ${os.availableParallelism()} cores (${cpu}), ${Math.round(os.totalmem() / 2 ** 30)} GB RAM; Node ${process.version}; ` +
        `PostgreSQL ${db.version} (${db.description}); PG CPU counts ${db.cpuScope}. Load average ${loadBefore.toFixed(2)} before the ` +
        `measured runs, ${loadAfter.toFixed(2)} after (other work on the machine shares the cores).`,
      '',
      `Data: ${sizes.cities.toLocaleString('en-US')} foreign cities, ${sizes.regions.toLocaleString('en-US')} foreign regions, ` +
        `${sizes.divisions.toLocaleString('en-US')} Chinese divisions (${sizes.keys.toLocaleString('en-US')} name keys), ` +
        `${sizes.relations.toLocaleString('en-US')} friendship relations, ${profiles.toLocaleString('en-US')} locality profiles with themes. ` +
        `Hub: one process, \`npm start\`'s Node flags, DB_POOL_MAX=${options.poolMax}; searches as an anonymous caller, partnerSuggestions as a member (an editor of the commerce bureau).`,
      '',
      `Workload: \`searchLocalities(query, filter, first: 20)\` with each result's country and partnerships, cycling through the ` +
        `${list.length} searches of bench/search.ts (typos, Chinese, pinyin, prefixes, names without accents, with and without filters, ` +
        `five filters alone). Each run lasts ${options.durationSeconds} s after a ${options.warmupSeconds} s warm-up (autocannon in its own process).`,
      '',
      '| workload | connections | req/s | p50 ms | p99 ms | hub CPU ms/req | PG CPU ms/req | errors |',
      '|---|--:|--:|--:|--:|--:|--:|--:|',
      ...rows.map(
        (row) =>
          `| ${row.name} | ${row.connections} | ${fixed(row.load.reqPerSec)} | ${fixed(row.load.p50)} | ${fixed(row.load.p99)} | ` +
          `${fixed(row.hubCpuMsPerRequest, 2)} | ${fixed(row.pgCpuMsPerRequest, 2)} | ${failures(row)} |`,
      ),
      '',
      '| target (issue 6) | measured | met |',
      '|---|--:|---|',
      `| PostgreSQL CPU per search ≤ ${TARGET_PG_CPU_MS} ms (average, 4 connections) | ${fixed(search4.pgCpuMsPerRequest, 2)} ms | ${yes(search4.pgCpuMsPerRequest <= TARGET_PG_CPU_MS)} |`,
      `| search p99 ≤ ${TARGET_SEARCH_P99_MS} ms at 4 connections | ${fixed(search4.load.p99)} ms | ${yes(search4.load.p99 <= TARGET_SEARCH_P99_MS && !failures(search4))} |`,
      `| search throughput at 32 connections (reported) | ${fixed(search32.load.reqPerSec)} req/s | – |`,
      `| partnerSuggestions p99 ≤ ${TARGET_PARTNER_P99_MS} ms at 4 connections | ${fixed(partnerRow.load.p99)} ms | ${yes(partnerRow.load.p99 <= TARGET_PARTNER_P99_MS && !failures(partnerRow))} |`,
      '',
      'Plans of representative searches (EXPLAIN (ANALYZE, BUFFERS) of each statement searchLocalities sends, on the bench database after the runs):',
      '',
      ...explained.flatMap(({ title, plans }) => [`### ${title}`, '', ...plans.map((plan) => '```\n' + plan + '\n```\n')]),
    ].join('\n');
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
  console.error('[bench:search] failed:', error instanceof Error ? error.stack : error);
  process.exit(1);
});
