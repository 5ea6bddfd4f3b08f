/**
 * Child processes of the bench: the hub, the ceiling server and the load generator. Every one
 * started is remembered so that stopAll() can end them, on success and on failure alike.
 */
import { fork, spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import type { LoadRequest, LoadResult } from './load';
import { processCpu } from './measure';

const ROOT = path.resolve(__dirname, '../..');
const running = new Set<ChildProcess>();

export interface ServerProcess {
  name: string;
  pid: number;
  url: string;
  stop(): Promise<void>;
}

/** Whether `child` exited within `ms`. */
export function waitForExit(child: ChildProcess, ms: number): Promise<boolean> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve(true);
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(false), ms);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve(true);
    });
  });
}

/** SIGTERM, then SIGKILL after 15 s. */
export async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode === null && child.signalCode === null) {
    child.kill('SIGTERM');
    if (!(await waitForExit(child, 15_000))) {
      child.kill('SIGKILL');
      await waitForExit(child, 5_000);
    }
  }
  running.delete(child);
}

export async function stopAll(): Promise<void> {
  await Promise.all([...running].map(stopChild));
}

/** Starts `script` with `env` and waits until GET `readyPath` answers 200. */
async function startServer(
  name: string,
  script: string,
  env: Record<string, string>,
  port: number,
  readyPath: string,
  nodeFlags: string[] = [],
): Promise<ServerProcess> {
  const child = spawn(process.execPath, [...nodeFlags, script], {
    cwd: ROOT,
    env: { ...process.env, ...env, PORT: String(port), HOST: '127.0.0.1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  running.add(child);
  let output = '';
  const keep = (chunk: Buffer) => void (output = (output + chunk.toString('utf8')).slice(-4000));
  child.stdout!.on('data', keep);
  child.stderr!.on('data', keep);
  const base = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 120_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`${name} exited with code ${child.exitCode} while starting:\n${output}`);
    try {
      if ((await fetch(base + readyPath)).ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      await stopChild(child);
      throw new Error(`${name} did not become ready within 120 s:\n${output}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return { name, pid: child.pid!, url: `${base}/graphql`, stop: () => stopChild(child) };
}

/** The Node.js flags of `npm start` (package.json), so the hub runs here as users run it. */
function startFlags(): string[] {
  const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> };
  const match = /\bnode((?:\s+--\S+)*)\s+dist\/src\/main\.js/.exec(pkg.scripts.start);
  if (!match) throw new Error('package.json "start" no longer runs node … dist/src/main.js; update bench/processes.ts');
  return match[1].trim().split(/\s+/).filter(Boolean);
}

/** The hub as users run it (`npm start`'s node flags) against an existing, seeded database. */
export function startHub(databaseUrl: string, port: number, poolMax: number): Promise<ServerProcess> {
  return startServer(
    'hub',
    path.join(ROOT, 'dist/src/main.js'),
    { NODE_ENV: 'production', DATABASE_URL: databaseUrl, SEED_ON_START: 'false', LOG_LEVEL: 'warn', DB_POOL_MAX: String(poolMax) },
    port,
    '/readyz',
    startFlags(),
  );
}

export function startCeiling(databaseUrl: string, port: number, poolMax: number): Promise<ServerProcess> {
  return startServer('ceiling', path.join(__dirname, 'ceiling-server.js'), { DATABASE_URL: databaseUrl, DB_POOL_MAX: String(poolMax) }, port, '/healthz');
}

/** One autocannon run in a forked process. */
export function runLoad(request: LoadRequest): Promise<LoadResult> {
  const child = fork(path.join(__dirname, 'load.js'), [], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  running.add(child);
  return new Promise<LoadResult>((resolve, reject) => {
    let result: LoadResult | undefined;
    child.once('message', (message) => void (result = message as LoadResult));
    child.once('exit', (code) => {
      running.delete(child);
      if (result) resolve(result);
      else reject(new Error(`the load generator exited with code ${code} and no result`));
    });
    child.send(request);
  });
}

/** One measured workload: its load figures and the CPU the hub and PostgreSQL spent per request. */
export interface WorkloadRow {
  name: string;
  connections: number;
  load: LoadResult;
  hubCpuMsPerRequest: number;
  pgCpuMsPerRequest: number;
}

/**
 * Runs `bodies` (cycled) against the hub at `connections` for `durationSeconds`, after a warm-up
 * of `warmupSeconds` when given, and reads the hub's and PostgreSQL's CPU around the measured run.
 */
export async function measureWorkload(
  run: {
    name: string;
    hub: ServerProcess;
    pgCpu: () => number;
    bodies: string[];
    headers?: Record<string, string>;
    connections: number;
    durationSeconds: number;
    warmupSeconds?: number;
  },
  say: (line: string) => void,
): Promise<WorkloadRow> {
  const { name, hub, connections } = run;
  const request = { url: hub.url, connections, bodies: run.bodies, headers: run.headers ?? {} };
  if (run.warmupSeconds) await runLoad({ ...request, durationSeconds: run.warmupSeconds });
  const hubCpu = processCpu(hub.pid);
  const [hubBefore, pgBefore] = [hubCpu(), run.pgCpu()];
  const load = await runLoad({ ...request, durationSeconds: run.durationSeconds });
  const [hubAfter, pgAfter] = [hubCpu(), run.pgCpu()];
  if (load.errors + load.timeouts + load.non2xx) {
    say(`WARNING: ${name} at ${connections}: ${load.errors} errors, ${load.timeouts} timeouts, ${load.non2xx} non-2xx`);
  }
  const row = {
    name,
    connections,
    load,
    hubCpuMsPerRequest: (hubAfter - hubBefore) / Math.max(1, load.requests),
    pgCpuMsPerRequest: (pgAfter - pgBefore) / Math.max(1, load.requests),
  };
  say(`${name} at ${connections} connections: ${load.reqPerSec.toFixed(0)} req/s, p50 ${load.p50} ms, p99 ${load.p99} ms, PG CPU ${row.pgCpuMsPerRequest.toFixed(2)} ms/req`);
  return row;
}

export interface GraphQLAnswer {
  data?: Record<string, unknown> | null;
  errors?: Array<{ message: string; extensions?: { code?: string } }>;
}

/** POSTs a GraphQL request body; the answer's text, or an error naming the HTTP status. */
export async function postText(url: string, body: string, headers: Record<string, string> = {}): Promise<string> {
  const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });
  const text = await response.text();
  if (!response.ok) throw new Error(`${url} answered ${response.status}: ${text.slice(0, 500)}`);
  return text;
}

/** POSTs a GraphQL request body and parses the answer. */
export const postGraphQL = async (url: string, body: string, headers: Record<string, string> = {}): Promise<GraphQLAnswer> =>
  JSON.parse(await postText(url, body, headers)) as GraphQLAnswer;
