/**
 * `npm run bench`: loads the bench database, checks that the ceiling answers every workload with
 * the hub's exact body, counts SQL statements per request, then measures the hub and the ceiling
 * under the same load and prints (and records in docs/BENCHMARKS.md) the comparison.
 *
 * Environment: BENCH_DURATION (s, default 10), BENCH_WARMUP (s, default = duration),
 * BENCH_CONNECTIONS (32), BENCH_RELATIONS (5000), BENCH_RESOURCES (200000), BENCH_POOL_MAX (10, the hub's default),
 * BENCH_DATABASE_URL (a PostgreSQL server to use instead of an embedded one), BENCH_WRITE_DOC (1),
 * BENCH_ONLY (comma-separated workload keys; all by default).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import pg from 'pg';
import { createLogger } from '../src/logger';
import { benchCommand, positive } from './env';
import { openBenchDatabase, type BenchDatabase } from './dataset';
import { freePort, processCpu } from './measure';
import { postText, runLoad, startCeiling, startHub, stopAll, type ServerProcess } from './processes';
import { resultsMarkdown, writeResults, type Measurement, type RunInfo, type WorkloadResult } from './report';
import { startStatementCounter } from './statement-counter';
import { buildWorkloads, type Workload } from './workloads';

const durationSeconds = positive('BENCH_DURATION', 10);
const options = {
  durationSeconds,
  warmupSeconds: positive('BENCH_WARMUP', durationSeconds),
  connections: positive('BENCH_CONNECTIONS', 32),
  relations: positive('BENCH_RELATIONS', 5000),
  resources: positive('BENCH_RESOURCES', 200_000),
  poolMax: positive('BENCH_POOL_MAX', 10),
  writeDoc: process.env.BENCH_WRITE_DOC !== '0',
};
/** Sequential passes over a workload's bodies when counting statements. */
const COUNT_PASSES = 3;

const say = (line: string) => console.error(`[bench] ${line}`);



function viaPort(url: string, port: number): string {
  const parsed = new URL(url);
  parsed.hostname = '127.0.0.1';
  parsed.port = String(port);
  return parsed.toString();
}

async function lookupIds(url: string): Promise<number[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    // Xi'an and Hangzhou, the two busiest prefectures of the seed data.
    const { rows } = await client.query(`select id from locality where gb_code in ('610100', '330100') order by gb_code desc`);
    if (rows.length !== 2) throw new Error("Xi'an or Hangzhou is missing from the bench database");
    return rows.map((row: { id: number }) => row.id);
  } finally {
    await client.end();
  }
}

/** Hub and ceiling behind counting proxies: identical bodies, then statements per request. */
async function verifyAndCount(db: BenchDatabase, workloads: Workload[]) {
  const hubCounter = await startStatementCounter(db.host, db.port);
  const ceilingCounter = await startStatementCounter(db.host, db.port);
  const counts = new Map<string, { hub: number | null; ceiling: number | null; hubSql: string[] }>();
  let hub: ServerProcess | undefined;
  let ceiling: ServerProcess | undefined;
  try {
    hub = await startHub(viaPort(db.url, hubCounter.port), await freePort(), options.poolMax);
    ceiling = await startCeiling(viaPort(db.url, ceilingCounter.port), await freePort(), options.poolMax);
    for (const workload of workloads) {
      for (const body of workload.bodies) {
        const [fromHub, fromCeiling] = [
          JSON.parse(await postText(hub.url, body, workload.headers)),
          JSON.parse(await postText(ceiling.url, body, workload.headers)),
        ];
        if (fromHub.errors || !fromHub.data) throw new Error(`the hub answered ${workload.key} with errors: ${JSON.stringify(fromHub.errors)}`);
        if (!isDeepStrictEqual(fromHub, fromCeiling)) {
          const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fao-hub-bench-diff-'));
          fs.writeFileSync(path.join(dir, 'hub.json'), JSON.stringify(fromHub, null, 2));
          fs.writeFileSync(path.join(dir, 'ceiling.json'), JSON.stringify(fromCeiling, null, 2));
          throw new Error(`the ceiling's ${workload.key} body differs from the hub's for ${body}; both are in ${dir}`);
        }
      }
      say(`${workload.key}: ceiling body equals the hub's for all ${workload.bodies.length} request bodies`);
      const count = async (server: ServerProcess, counter: typeof hubCounter) => {
        counter.reset();
        for (let pass = 0; pass < COUNT_PASSES; pass++) for (const body of workload.bodies) await postText(server.url, body, workload.headers);
        const statements = counter.statements();
        return { perRequest: counter.unreadable() ? null : statements.length / (COUNT_PASSES * workload.bodies.length), statements };
      };
      const fromHub = await count(hub, hubCounter);
      const fromCeiling = await count(ceiling, ceilingCounter);
      const oneRequest = fromHub.statements.slice(0, Math.round(fromHub.perRequest ?? 0));
      counts.set(workload.key, { hub: fromHub.perRequest, ceiling: fromCeiling.perRequest, hubSql: oneRequest });
      say(`${workload.key}: ${fromHub.perRequest} SQL statements per request from the hub, ${fromCeiling.perRequest} from the ceiling`);
    }
  } finally {
    await hub?.stop();
    await ceiling?.stop();
    await hubCounter.close();
    await ceilingCounter.close();
  }
  return counts;
}

async function measure(
  server: ServerProcess,
  kind: 'hub' | 'ceiling',
  db: BenchDatabase,
  workload: Workload,
  statementsPerRequest: number | null,
): Promise<Measurement> {
  const request = { url: server.url, connections: workload.connections ?? options.connections, bodies: workload.bodies, headers: workload.headers };
  await runLoad({ ...request, durationSeconds: options.warmupSeconds });
  const serverCpu = processCpu(server.pid);
  const [serverBefore, pgBefore] = [serverCpu(), db.pgCpu()];
  const load = await runLoad({ ...request, durationSeconds: options.durationSeconds });
  const [serverAfter, pgAfter] = [serverCpu(), db.pgCpu()];
  const failures = load.errors + load.timeouts + load.non2xx;
  if (failures) say(`WARNING: ${kind} ${workload.key}: ${load.errors} errors, ${load.timeouts} timeouts, ${load.non2xx} non-2xx`);
  say(`${kind} ${workload.key}: ${load.reqPerSec.toFixed(0)} req/s, p50 ${load.p50} ms, p99 ${load.p99} ms`);
  return {
    server: kind,
    load,
    statementsPerRequest,
    serverCpuMsPerRequest: (serverAfter - serverBefore) / load.requests,
    pgCpuMsPerRequest: (pgAfter - pgBefore) / load.requests,
  };
}

async function main() {
  const logger = createLogger(process.env.BENCH_LOG_LEVEL ?? 'warn');
  let db: BenchDatabase | undefined;
  let cleaning: Promise<void> | undefined;
  const cleanup = () => (cleaning ??= (async () => {
    await stopAll();
    await db?.stop();
  })());
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      say(`${signal}: stopping the servers and the database`);
      void cleanup().finally(() => process.exit(130));
    });
  }
  try {
    db = await openBenchDatabase(options.relations, options.resources, logger, say);
    const only = process.env.BENCH_ONLY?.split(',').map((key) => key.trim()).filter(Boolean);
    const workloads = buildWorkloads(await lookupIds(db.url), db.token, db.resources).filter((w) => !only?.length || only.includes(w.key));
    if (!workloads.length) throw new Error(`BENCH_ONLY names no workload: ${process.env.BENCH_ONLY}`);
    const counts = await verifyAndCount(db, workloads);

    const loadBefore = os.loadavg()[0];
    const measured = new Map<string, Partial<Record<'hub' | 'ceiling', Measurement>>>();
    for (const kind of ['hub', 'ceiling'] as const) {
      const server = await (kind === 'hub' ? startHub : startCeiling)(db.url, await freePort(), options.poolMax);
      try {
        for (const workload of workloads) {
          const m = await measure(server, kind, db, workload, counts.get(workload.key)![kind]);
          measured.set(workload.key, { ...measured.get(workload.key), [kind]: m });
        }
      } finally {
        await server.stop();
      }
    }
    const results: WorkloadResult[] = workloads.map((workload) => ({
      workload,
      hub: measured.get(workload.key)!.hub!,
      ceiling: measured.get(workload.key)!.ceiling!,
    }));
    const info: RunInfo = {
      command: benchCommand('run.js'),
      connections: options.connections,
      durationSeconds: options.durationSeconds,
      warmupSeconds: options.warmupSeconds,
      poolMax: options.poolMax,
      relations: db.relations,
      resources: db.resources,
      database: db.description,
      pgVersion: db.version,
      pgCpuScope: db.cpuScope,
      loadAverage: [loadBefore, os.loadavg()[0]],
    };
    const markdown = resultsMarkdown(results, info);
    console.log(`\n${markdown}\n`);
    for (const workload of workloads) {
      console.log(`SQL of one ${workload.key} request from the hub:`);
      for (const sql of counts.get(workload.key)!.hubSql) console.log(`  ${sql.replace(/\s+/g, ' ').slice(0, 220)}`);
    }
    if (options.writeDoc) {
      writeResults(markdown);
      say('results written to docs/BENCHMARKS.md');
    }
  } finally {
    await cleanup();
  }
}

main().catch((error) => {
  console.error('[bench] failed:', error instanceof Error ? error.message : error);
  process.exit(1);
});
