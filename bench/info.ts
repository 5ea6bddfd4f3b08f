/**
 * `npm run bench:info`: the speed target of issue 5. Loads the bench database (bench/dataset.ts)
 * and the foreign-affairs information (bench/info-dataset.ts), starts the hub as `npm start` runs
 * it, then measures as a member caller (an editor of the commerce bureau):
 *
 * - `search(text, first: 20)` over shared resources, information items and catalogue matters,
 *   cycling through SEARCH_TEXTS, at 16 and at 4 connections (target: p99 ≤ 50 ms at 16);
 * - `openDevelopmentIndex(period: 2025, level: PREFECTURE)`, 50 sequential requests and then 4
 *   connections (target: ≤ 200 ms).
 *
 * Environment: BENCH_DURATION (s, default 10), BENCH_WARMUP (s, default = duration),
 * BENCH_INFO_ITEMS (50000), BENCH_CATALOGUE_MATTERS (5000), BENCH_EXCHANGES (20000),
 * BENCH_RELATIONS (5000), BENCH_RESOURCES (200000), BENCH_POOL_MAX (10), BENCH_DATABASE_URL (a
 * PostgreSQL server to use instead of an embedded one), BENCH_KEEP_DATABASE=1 (with
 * BENCH_DATABASE_URL: keep the database fao_hub_bench afterwards, e.g. to EXPLAIN against it),
 * BENCH_WRITE_DOC (1: replace this benchmark's section of docs/BENCHMARKS.md; 0: print only).
 */
import os from 'node:os';
import { createLogger } from '../src/logger';
import { openBenchDatabase, withClient, type BenchDatabase } from './dataset';
import { benchCommand, positive, writeDocSection } from './env';
import { generateInformation, type InfoSizes } from './info-dataset';
import { freePort } from './measure';
import { measureWorkload, postGraphQL, startHub, stopAll, type ServerProcess, type WorkloadRow as Row } from './processes';
import { BENCH_CALLER_UNIT } from './resources-dataset';
import { benchViewer, loadSearchStatement, type StatementLoad } from './search-statement';

const say = (line: string) => console.error(`[bench:info] ${line}`);

const durationSeconds = positive('BENCH_DURATION', 10);
const options = {
  durationSeconds,
  warmupSeconds: positive('BENCH_WARMUP', durationSeconds),
  informationItems: positive('BENCH_INFO_ITEMS', 50_000),
  catalogueMatters: positive('BENCH_CATALOGUE_MATTERS', 5_000),
  exchanges: positive('BENCH_EXCHANGES', 20_000),
  relations: positive('BENCH_RELATIONS', 5000),
  resources: positive('BENCH_RESOURCES', 200_000),
  poolMax: positive('BENCH_POOL_MAX', 10),
  writeDoc: process.env.BENCH_WRITE_DOC !== '0',
  keepDatabase: process.env.BENCH_KEEP_DATABASE === '1',
};

const SEARCH_CONNECTIONS = [16, 4];
const INDEX_SEQUENTIAL = 50;
const INDEX_WARMUP = 5;
const INDEX_CONNECTIONS = 4;
const TARGET_SEARCH_P99_MS = 50;
const TARGET_INDEX_MS = 200;

/**
 * What people type: single English and Chinese words (common and rare), two words, mixed
 * languages, a quoted phrase, a city, an exclusion and an "or".
 */
export const SEARCH_TEXTS = [
  'visa', 'investment', 'tourism', 'trade', 'education', 'consular', 'customs', 'aviation', 'heritage', 'scholarship',
  '签证', '投资', '留学', '旅游', '贸易', '领事', '海关', '文化', '奖学金', '展览',
  'visa notice', 'trade policy', 'study abroad', 'investment Kyoto', 'tourism Hamburg', 'green energy', 'youth exchange',
  '签证 通知', '投资 指南', '旅游 京都', '留学 政策',
  'visa 签证', 'Kyoto 投资', '汉堡 trade',
  '"revised visa notice"', 'Samarkand', 'Edinburgh festival', 'trade -Kyoto', 'visa or consular', 'licence registration',
];

const SEARCH_QUERY = `query Search($text: String!) {
  search(text: $text, first: 20) {
    totalCount
    edges { rank type node {
      ... on SharedResource { id title owner { name } }
      ... on InformationItem { id title kind publisher { name } }
      ... on CatalogueMatter { id name code provider { name } }
    } }
  }
}`;

const INDEX_QUERY = `query Index {
  openDevelopmentIndex(period: 2025, level: PREFECTURE) {
    rank index coverage locality { id nameEn }
    components { indicator { code } rawValue perCapitaValue normalised weight contribution }
  }
}`;



const percentile = (sorted: number[], q: number) => (sorted.length ? sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)] : NaN);
const fixed = (value: number, digits = 0) => (Number.isFinite(value) ? value.toFixed(digits) : 'n/a');

/** Every search text answers without errors; returns each text's totalCount. */
async function checkSearch(hub: ServerProcess, bodies: string[], headers: Record<string, string>): Promise<number[]> {
  const totals: number[] = [];
  for (const [i, body] of bodies.entries()) {
    const answer = await postGraphQL(hub.url, body, headers);
    if (answer.errors?.length || !answer.data) throw new Error(`search "${SEARCH_TEXTS[i]}" answered with errors: ${JSON.stringify(answer.errors)}`);
    totals.push((answer.data.search as { totalCount: number }).totalCount);
  }
  return totals;
}

/** The index lists every prefecture, each with an index (every prefecture has values). */
async function checkIndex(hub: ServerProcess, body: string, headers: Record<string, string>, prefectures: number): Promise<void> {
  const answer = await postGraphQL(hub.url, body, headers);
  if (answer.errors?.length || !answer.data) throw new Error(`openDevelopmentIndex answered with errors: ${JSON.stringify(answer.errors)}`);
  const rows = answer.data.openDevelopmentIndex as Array<{ index: number | null; components: unknown[] }>;
  if (rows.length !== prefectures) throw new Error(`openDevelopmentIndex listed ${rows.length} localities, the database has ${prefectures} prefectures`);
  const without = rows.filter((row) => row.index == null).length;
  if (without) throw new Error(`openDevelopmentIndex has no index for ${without} of ${prefectures} prefectures`);
}

async function sequential(hub: ServerProcess, body: string, headers: Record<string, string>): Promise<number[]> {
  for (let i = 0; i < INDEX_WARMUP; i++) await postGraphQL(hub.url, body, headers);
  const times: number[] = [];
  for (let i = 0; i < INDEX_SEQUENTIAL; i++) {
    const started = performance.now();
    const answer = await postGraphQL(hub.url, body, headers);
    times.push(performance.now() - started);
    if (answer.errors?.length) throw new Error(`openDevelopmentIndex answered with errors: ${JSON.stringify(answer.errors)}`);
  }
  return times.sort((a, b) => a - b);
}

/** A workload of this bench at `connections`, after a warm-up when asked. */
function measureLoad(
  name: string,
  hub: ServerProcess,
  db: BenchDatabase,
  bodies: string[],
  headers: Record<string, string>,
  connections: number,
  warmup: boolean,
): Promise<Row> {
  const { durationSeconds, warmupSeconds } = options;
  return measureWorkload({ name, hub, pgCpu: db.pgCpu, bodies, headers, connections, durationSeconds, warmupSeconds: warmup ? warmupSeconds : 0 }, say);
}

interface Results {
  db: BenchDatabase;
  sizes: InfoSizes & { resources: number; prefectures: number; indicators: number; destinations: number; itemsPublished: number };
  totals: number[];
  search: Row[];
  statement: StatementLoad[];
  indexSequential: number[];
  index: Row;
  loadAverage: [number, number];
}

function markdown(r: Results, date = new Date()): string {
  const cpu = os.cpus()[0]?.model.trim() ?? 'unknown CPU';
  const n = (value: number) => value.toLocaleString('en-US');
  const failures = (row: Row) => row.load.errors + row.load.timeouts + row.load.non2xx;
  const loadRow = (row: Row) =>
    `| ${row.name} | ${row.connections} | ${fixed(row.load.reqPerSec)} | ${fixed(row.load.p50)} | ${fixed(row.load.p99)} | – | ` +
    `${fixed(row.hubCpuMsPerRequest, 2)} | ${fixed(row.pgCpuMsPerRequest, 2)} | ${failures(row)} |`;
  const seq = r.indexSequential;
  const search16 = r.search.find((row) => row.connections === 16)!;
  const indexMax = percentile(seq, 1);
  const sortedTotals = [...r.totals].sort((a, b) => a - b);
  const yes = (ok: boolean) => (ok ? 'yes' : '**no**');
  const s = r.sizes;
  return [
    `Run ${date.toISOString().slice(0, 16).replace('T', ' ')} UTC with \`${benchCommand('info.js')}\`.`,
    '',
    `Machine: ${os.availableParallelism()} cores (nproc; ${cpu}), ${Math.round(os.totalmem() / 2 ** 30)} GB RAM, ` +
      `${os.type()} ${os.release()}; Node ${process.version}; PostgreSQL ${r.db.version} (${r.db.description}). ` +
      `Load average ${r.loadAverage[0].toFixed(2)} when the measured runs started, ${r.loadAverage[1].toFixed(2)} when they ended ` +
      '(other work on the machine, e.g. a CI run, shares the cores).',
    '',
    `Data: ${n(s.informationItems)} information items (${n(s.itemsPublished)} PUBLISHED), ${n(s.catalogueMatters)} catalogue matters, ` +
      `${n(s.exchanges)} exchanges (${n(s.destinations)} destinations), ${n(s.indicatorValues)} indicator values ` +
      `(${s.indicators} reported indicators × ${n(s.prefectures)} prefectures × 2021-2025, 10% with a revision 2), ` +
      `${n(s.resources)} shared resources, ${n(r.db.relations.seeded + r.db.relations.generated)} friendship relations. ` +
      `Hub: one process, \`npm start\`'s Node flags, DB_POOL_MAX=${options.poolMax}; caller: an editor of the provincial Department of Commerce.`,
    '',
    `Search: \`search(text, first: 20)\` with resources, items and matters as nodes (owner, publisher, provider), ` +
      `cycling through ${SEARCH_TEXTS.length} texts (bench/info.ts SEARCH_TEXTS; English, Chinese, two-word, mixed, a phrase, ` +
      `-word, or), whose totalCount ranges from ${n(sortedTotals[0])} to ${n(sortedTotals.at(-1)!)} (median ${n(percentile(sortedTotals, 0.5))}). ` +
      `Each load run lasts ${options.durationSeconds} s after a ${options.warmupSeconds} s warm-up (autocannon in its own process). ` +
      `\`openDevelopmentIndex(period: 2025, level: PREFECTURE)\` with every component: ${INDEX_SEQUENTIAL} sequential requests after ` +
      `${INDEX_WARMUP} warm-up ones, then ${INDEX_CONNECTIONS} connections. ` +
      '"Search statement alone" sends the statement `search` makes for the same texts and caller straight to PostgreSQL ' +
      `(node-postgres, one loop per connection, through a pool of DB_POOL_MAX=${options.poolMax} connections as the hub has, in the bench process): ` +
      'what the hub could reach at best.',
    '',
    '| workload | connections | req/s | p50 ms | p99 ms | max ms | hub CPU ms/req | PG CPU ms/req | errors |',
    '|---|--:|--:|--:|--:|--:|--:|--:|--:|',
    ...r.search.map(loadRow),
    ...r.statement.map(
      (row) =>
        `| search statement alone (no hub) | ${row.connections} | ${fixed(row.reqPerSec)} | ${fixed(row.p50, 1)} | ${fixed(row.p99, 1)} | – | – | ` +
        `${fixed(row.pgCpuMsPerRequest, 2)} | 0 |`,
    ),
    `| openDevelopmentIndex, sequential | 1 | ${fixed(1000 / (seq.reduce((a, b) => a + b, 0) / Math.max(1, seq.length)))} | ` +
      `${fixed(percentile(seq, 0.5))} | ${fixed(percentile(seq, 0.99))} | ${fixed(indexMax)} | – | – | 0 |`,
    loadRow(r.index),
    '',
    '| target (issue 5) | measured | met |',
    '|---|--:|---|',
    `| search p99 ≤ ${TARGET_SEARCH_P99_MS} ms at 16 connections | ${fixed(search16.load.p99)} ms | ${yes(search16.load.p99 <= TARGET_SEARCH_P99_MS && !failures(search16))} |`,
    `| openDevelopmentIndex for all prefectures ≤ ${TARGET_INDEX_MS} ms | p50 ${fixed(percentile(seq, 0.5))} ms, p99 ${fixed(percentile(seq, 0.99))} ms, ` +
      `max ${fixed(indexMax)} ms (sequential) | ${yes(percentile(seq, 0.99) <= TARGET_INDEX_MS)} (p99) |`,
  ].join('\n');
}

const SECTION = '## Foreign-affairs information (npm run bench:info)';


async function sizesOf(db: BenchDatabase, sizes: InfoSizes): Promise<Results['sizes']> {
  return withClient(db.url, async (client) => {
    const one = async (sql: string) => Number((await client.query(sql)).rows[0].n);
    return {
      ...sizes,
      resources: db.resources,
      prefectures: await one(`select count(*)::int as n from locality where side = 'DOMESTIC' and level = 'PREFECTURE'`),
      indicators: await one(`select count(distinct indicator_code)::int as n from indicator_value where source = 'bench'`),
      destinations: await one('select count(*)::int as n from exchange_destination'),
      itemsPublished: await one(`select count(*)::int as n from information_item where status = 'PUBLISHED'`),
    };
  });
}

async function main() {
  const logger = createLogger(process.env.BENCH_LOG_LEVEL ?? 'warn');
  let db: BenchDatabase | undefined;
  let cleaning: Promise<void> | undefined;
  const keep = options.keepDatabase && Boolean(process.env.BENCH_DATABASE_URL?.trim());
  if (options.keepDatabase && !keep) say('BENCH_KEEP_DATABASE=1 needs BENCH_DATABASE_URL (an embedded server is always removed); dropping it');
  const cleanup = () =>
    (cleaning ??= (async () => {
      await stopAll();
      if (keep && db) say(`kept the bench database: ${db.url}`);
      else await db?.stop();
    })());
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      say(`${signal}: stopping the hub and the database`);
      void cleanup().finally(() => process.exit(130));
    });
  }
  try {
    db = await openBenchDatabase(options.relations, options.resources, logger, say);
    const generated = await withClient(db.url, (client) =>
      generateInformation(client, { informationItems: options.informationItems, catalogueMatters: options.catalogueMatters, exchanges: options.exchanges }, say),
    );
    const sizes = await sizesOf(db, generated);
    say(`data: ${JSON.stringify(sizes)}`);
    const headers = { authorization: `Bearer ${db.token}` };
    const searchBodies = SEARCH_TEXTS.map((text) => JSON.stringify({ query: SEARCH_QUERY, variables: { text } }));
    const indexBody = JSON.stringify({ query: INDEX_QUERY });

    const hub = await startHub(db.url, await freePort(), options.poolMax);
    const totals = await checkSearch(hub, searchBodies, headers);
    say(`all ${SEARCH_TEXTS.length} search texts answer without errors; totalCount ${Math.min(...totals)}-${Math.max(...totals)}`);
    await checkIndex(hub, indexBody, headers, sizes.prefectures);
    say(`openDevelopmentIndex ranks all ${sizes.prefectures} prefectures`);

    const loadBefore = os.loadavg()[0];
    const search: Row[] = [];
    for (const [i, connections] of SEARCH_CONNECTIONS.entries()) {
      search.push(await measureLoad('search', hub, db, searchBodies, headers, connections, i === 0));
    }
    const unitId = await withClient(db.url, async (client) => (await client.query('select id from member_unit where code = $1', [BENCH_CALLER_UNIT])).rows[0].id as number);
    const statement: StatementLoad[] = [];
    for (const [i, connections] of SEARCH_CONNECTIONS.entries()) {
      const load = await loadSearchStatement(db.url, benchViewer(unitId), SEARCH_TEXTS, {
        connections,
        poolMax: options.poolMax,
        seconds: options.durationSeconds,
        warmup: i === 0,
        pgCpu: db.pgCpu,
      });
      say(`search statement alone at ${connections} connections: ${load.reqPerSec.toFixed(0)} req/s, p50 ${fixed(load.p50, 1)} ms, p99 ${fixed(load.p99, 1)} ms`);
      statement.push(load);
    }
    const indexSequential = await sequential(hub, indexBody, headers);
    say(`openDevelopmentIndex sequential: p50 ${fixed(percentile(indexSequential, 0.5))} ms, p99 ${fixed(percentile(indexSequential, 0.99))} ms`);
    const index = await measureLoad('openDevelopmentIndex', hub, db, [indexBody], headers, INDEX_CONNECTIONS, false);
    const loadAverage: [number, number] = [loadBefore, os.loadavg()[0]];
    await hub.stop();

    const text = markdown({ db, sizes, totals, search, statement, indexSequential, index, loadAverage });
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
  console.error('[bench:info] failed:', error instanceof Error ? error.message : error);
  process.exit(1);
});
