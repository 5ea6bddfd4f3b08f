/**
 * CPU time of processes, read from /proc (Linux only): what the hub and PostgreSQL spend per
 * request, independent of how the load generator is scheduled.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';

const TICKS_PER_SECOND = (() => {
  try {
    return Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
  } catch {
    return 100;
  }
})();

interface ProcStat {
  pid: number;
  comm: string;
  ppid: number;
  /** utime + stime, in ms. */
  ownMs: number;
  /** cutime + cstime: CPU of children that exited and were reaped, in ms. */
  reapedMs: number;
}

function readStat(pid: number): ProcStat | null {
  let text: string;
  try {
    text = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return null; // exited meanwhile
  }
  // comm is in parentheses and may hold spaces; the fields after the last ')' are fixed.
  const close = text.lastIndexOf(')');
  const comm = text.slice(text.indexOf('(') + 1, close);
  const fields = text.slice(close + 2).split(' ');
  // fields[0] is field 3 (state): utime is field 14, stime 15, cutime 16, cstime 17.
  const at = (field: number) => Number(fields[field - 3]);
  const ms = (ticks: number) => (ticks * 1000) / TICKS_PER_SECOND;
  return { pid, comm, ppid: at(4), ownMs: ms(at(14) + at(15)), reapedMs: ms(at(16) + at(17)) };
}

function allStats(): ProcStat[] {
  return fs
    .readdirSync('/proc')
    .filter((name) => /^\d+$/.test(name))
    .map((name) => readStat(Number(name)))
    .filter((stat): stat is ProcStat => stat !== null);
}

/** A way to read the cumulative CPU ms of a process group. */
export type CpuProbe = () => number;

/** One process (the hub, the ceiling server): its own user + system time. */
export function processCpu(pid: number): CpuProbe {
  return () => readStat(pid)?.ownMs ?? Number.NaN;
}

/**
 * A PostgreSQL server from its postmaster: the postmaster, every live descendant (backends,
 * background workers), and the time of backends that already exited (the postmaster reaps them,
 * so their CPU lands in its cutime/cstime).
 */
export function postmasterCpu(postmasterPid: number): CpuProbe {
  return () => {
    const stats = allStats();
    const children = new Map<number, ProcStat[]>();
    for (const stat of stats) children.set(stat.ppid, [...(children.get(stat.ppid) ?? []), stat]);
    const root = stats.find((stat) => stat.pid === postmasterPid);
    if (!root) return Number.NaN;
    let total = root.reapedMs;
    const stack = [root];
    while (stack.length) {
      const stat = stack.pop()!;
      total += stat.ownMs;
      stack.push(...(children.get(stat.pid) ?? []));
    }
    return total;
  };
}

/**
 * Every process named "postgres" on the machine (for BENCH_DATABASE_URL, whose postmaster we
 * cannot name): live ones, plus what each postmaster (a postgres whose parent is not one) reaped.
 */
export function allPostgresCpu(): CpuProbe {
  return () => {
    const stats = allStats();
    const pids = new Set(stats.filter((stat) => stat.comm === 'postgres').map((stat) => stat.pid));
    let total = 0;
    for (const stat of stats) {
      if (!pids.has(stat.pid)) continue;
      total += stat.ownMs;
      if (!pids.has(stat.ppid)) total += stat.reapedMs;
    }
    return total;
  };
}

/** The postmaster pid of a data directory: the first line of postmaster.pid. */
export function postmasterPid(dataDir: string): number {
  const first = fs.readFileSync(path.join(dataDir, 'postmaster.pid'), 'utf8').split('\n')[0];
  const pid = Number(first);
  if (!Number.isInteger(pid) || pid <= 0) throw new Error(`no postmaster pid in ${dataDir}/postmaster.pid`);
  return pid;
}

/** A TCP port nobody listens on right now. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}
