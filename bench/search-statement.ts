/**
 * bench:info's yardstick for search: the statement `search` sends, run straight against
 * PostgreSQL by as many callers as the hub run had, through a pool as large as the hub's, with no
 * hub, GraphQL or HTTP in between.
 * Its p99 is the least the hub could reach on this machine: if PostgreSQL alone cannot answer
 * within the target, no change to the hub can.
 */
import pg from 'pg';
import type { MemberViewer } from '../src/auth/viewer';
import { AccountRole } from '../src/modules/accounts/account.enums';
import { searchStatement } from '../src/modules/search/search.service';
import { toNumbered } from '../src/shared/sql';
import type { CpuProbe } from './measure';

export interface StatementLoad {
  connections: number;
  requests: number;
  reqPerSec: number;
  p50: number;
  p99: number;
  pgCpuMsPerRequest: number;
}

const percentile = (sorted: number[], q: number) => sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)] ?? NaN;

/** The bench caller as a viewer: an editor of `unitId`. */
export function benchViewer(unitId: number): MemberViewer {
  return { kind: 'member', accountId: 0, unitId, role: AccountRole.EDITOR, hubAdmin: false, readOnly: false, service: false, tokenId: null };
}

/**
 * `connections` callers, each sending the search statement for the next text as soon as the last
 * answered, for `seconds` (after as long a warm-up when `warmup`), on sessions set like the hub's.
 */
export async function loadSearchStatement(
  url: string,
  viewer: MemberViewer,
  texts: string[],
  options: { connections: number; poolMax: number; seconds: number; warmup: boolean; pgCpu: CpuProbe },
): Promise<StatementLoad> {
  const statements = texts.map((text) => {
    const { sql, params } = searchStatement(viewer, { text, first: 20 });
    return { text: toNumbered(sql), values: params };
  });
  const pool = new pg.Pool({ connectionString: url, max: Math.min(options.connections, options.poolMax) });
  pool.on('connect', (client) => void client.query('set join_collapse_limit = 1'));
  try {
    const run = async (seconds: number) => {
      const until = performance.now() + seconds * 1000;
      const times: number[] = [];
      let next = 0;
      await Promise.all(
        Array.from({ length: options.connections }, async () => {
          while (performance.now() < until) {
            const statement = statements[next++ % statements.length];
            const started = performance.now();
            await pool.query(statement);
            times.push(performance.now() - started);
          }
        }),
      );
      return times.sort((a, b) => a - b);
    };
    if (options.warmup) await run(options.seconds);
    const before = options.pgCpu();
    const times = await run(options.seconds);
    const pgCpu = options.pgCpu() - before;
    return {
      connections: options.connections,
      requests: times.length,
      reqPerSec: times.length / options.seconds,
      p50: percentile(times, 0.5),
      p99: percentile(times, 0.99),
      pgCpuMsPerRequest: pgCpu / Math.max(1, times.length),
    };
  } finally {
    await pool.end();
  }
}
