import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { freePort } from './ports';

// The hub as `npm start` runs it: the compiled entry point (npm test builds first), its own
// process, real signals. Everything else tests createApp() in-process.
const ROOT = path.resolve(__dirname, '../..');
const START_FLAGS = (() => {
  const { scripts } = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> };
  const match = /\bnode((?:\s+--\S+)*)\s+dist\/src\/main\.js/.exec(scripts.start);
  if (!match) throw new Error('package.json "start" no longer runs node … dist/src/main.js');
  return match[1].trim().split(/\s+/).filter(Boolean);
})();

export interface HubProcess {
  child: ChildProcess;
  port: number;
  /** http://127.0.0.1:PORT/graphql */
  url: string;
  /** Everything it printed. */
  output: () => string;
  /** Its JSON log lines. */
  logs: () => Array<Record<string, unknown>>;
  exited: Promise<number | null>;
}

/** Starts `node dist/src/main.js` with `env` (on `port`, or a free one); resolves once it says where it listens. */
export async function startHubProcess(env: Record<string, string>, port?: number): Promise<HubProcess> {
  const listenPort = port ?? (await freePort());
  const child = spawn(process.execPath, [...START_FLAGS, path.join(ROOT, 'dist/src/main.js')], {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', LOG_LEVEL: 'info', PORT: String(listenPort), HOST: '127.0.0.1', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const logs = () =>
    output
      .split('\n')
      .filter((line) => line.startsWith('{'))
      .map((line) => JSON.parse(line) as Record<string, unknown>);
  const deadline = Date.now() + 90_000;
  while (!logs().some((entry) => typeof entry.url === 'string')) {
    if (child.exitCode !== null) throw new Error(`the hub exited with ${child.exitCode}:\n${output}`);
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`the hub did not start:\n${output}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return { child, port: listenPort, url: `http://127.0.0.1:${listenPort}/graphql`, output: () => output, logs, exited };
}
