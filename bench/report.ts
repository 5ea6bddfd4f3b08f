/**
 * The results as Markdown: printed by `npm run bench` and written between the markers of
 * docs/BENCHMARKS.md, so the hand-written method and interpretation around them stay.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { LoadResult } from './load';
import type { Workload } from './workloads';

export interface Measurement {
  server: 'hub' | 'ceiling';
  load: LoadResult;
  statementsPerRequest: number | null;
  serverCpuMsPerRequest: number;
  pgCpuMsPerRequest: number;
}

export interface WorkloadResult {
  workload: Workload;
  hub: Measurement;
  ceiling: Measurement;
}

export interface RunInfo {
  command: string;
  connections: number;
  durationSeconds: number;
  warmupSeconds: number;
  poolMax: number;
  relations: { seeded: number; generated: number };
  resources: number;
  database: string;
  pgVersion: string;
  pgCpuScope: string;
  /** os.loadavg()[0] when the measured runs started and ended: other work on the machine skews req/s. */
  loadAverage: [number, number];
}

const START = '<!-- bench:results:start -->';
const END = '<!-- bench:results:end -->';

const fixed = (value: number, digits: number) => (Number.isFinite(value) ? value.toFixed(digits) : 'n/a');

function row(name: string, m: Measurement): string {
  const sql = m.statementsPerRequest == null ? 'n/a' : fixed(m.statementsPerRequest, 1);
  const failures = m.load.errors + m.load.timeouts + m.load.non2xx;
  return (
    `| ${name} | ${m.server} | ${fixed(m.load.reqPerSec, 0)} | ${fixed(m.load.p50, 0)} | ${fixed(m.load.p99, 0)} | ${sql} | ` +
    `${fixed(m.serverCpuMsPerRequest, 2)} | ${fixed(m.pgCpuMsPerRequest, 2)} | ${fixed(m.load.cpuMs / m.load.requests, 2)} | ${failures} |`
  );
}

export function resultsMarkdown(results: WorkloadResult[], info: RunInfo, date = new Date()): string {
  const cpu = os.cpus()[0]?.model.trim() ?? 'unknown CPU';
  const lines = [
    `Run ${date.toISOString().slice(0, 16).replace('T', ' ')} UTC with \`${info.command}\`.`,
    '',
    `Machine: ${os.availableParallelism()} cores (nproc; ${cpu}), ${Math.round(os.totalmem() / 2 ** 30)} GB RAM, ` +
      `${os.type()} ${os.release()}; Node ${process.version}; PostgreSQL ${info.pgVersion} (${info.database}).`,
    `Data: full seed (${info.relations.seeded} relations) + ${info.relations.generated} generated = ` +
      `${info.relations.seeded + info.relations.generated} friendship relations; ${info.resources} shared resources. Load: autocannon, ${info.connections} connections, ` +
      `${info.warmupSeconds} s warm-up (discarded), then ${info.durationSeconds} s measured per workload and server; ` +
      `database pool ${info.poolMax} on both servers. PostgreSQL CPU: ${info.pgCpuScope}. ` +
      `1-minute load average ${info.loadAverage[0].toFixed(1)} before the timed runs, ${info.loadAverage[1].toFixed(1)} after.`,
    '',
    '| workload | server | req/s | p50 ms | p99 ms | SQL/req | server CPU ms/req | PG CPU ms/req | load-gen CPU ms/req | failed |',
    '|---|---|--:|--:|--:|--:|--:|--:|--:|--:|',
  ];
  for (const r of results) lines.push(row(r.workload.key, r.hub), row(r.workload.key, r.ceiling));
  lines.push('', '| workload | hub / ceiling req/s | hub p99 ms | target | met | hub + PG CPU ms/req: hub vs ceiling |', '|---|--:|--:|--:|---|--:|');
  for (const r of results) {
    const ratio = r.hub.load.reqPerSec / r.ceiling.load.reqPerSec;
    const hubTotal = r.hub.serverCpuMsPerRequest + r.hub.pgCpuMsPerRequest;
    const ceilingTotal = r.ceiling.serverCpuMsPerRequest + r.ceiling.pgCpuMsPerRequest;
    const { target, p99TargetMs } = r.workload;
    const targets = [target != null ? `≥ ${target}×` : '', p99TargetMs != null ? `p99 ≤ ${p99TargetMs} ms` : ''].filter(Boolean).join(', ');
    const met = (target == null || ratio >= target) && (p99TargetMs == null || r.hub.load.p99 <= p99TargetMs);
    lines.push(
      `| ${r.workload.key} | ${fixed(ratio, 2)}× | ${fixed(r.hub.load.p99, 0)} | ${targets} | ${met ? 'yes' : '**no**'} | ` +
        `${fixed(hubTotal, 2)} vs ${fixed(ceilingTotal, 2)} |`,
    );
  }
  lines.push('', 'Workloads:', '');
  for (const r of results) {
    const connections = r.workload.connections ? ` (${r.workload.connections} connections)` : '';
    lines.push(`- \`${r.workload.key}\`: ${r.workload.title}${connections}`);
  }
  return lines.join('\n');
}

/** Replaces the generated section of docs/BENCHMARKS.md (creating the file when missing). */
export function writeResults(markdown: string, file = path.resolve(__dirname, '../../docs/BENCHMARKS.md')) {
  const section = `${START}\n${markdown}\n${END}`;
  const current = fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : `# Benchmarks\n\n${START}\n${END}\n`;
  const start = current.indexOf(START);
  const end = current.indexOf(END);
  const next = start >= 0 && end > start ? current.slice(0, start) + section + current.slice(end + END.length) : `${current.trimEnd()}\n\n${section}\n`;
  fs.writeFileSync(file, next);
}
