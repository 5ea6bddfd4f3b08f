/** What every bench script reads from its environment and writes to docs/BENCHMARKS.md. */
import fs from 'node:fs';
import path from 'node:path';

const ROOT = path.resolve(__dirname, '../..');

/** A positive number from the environment, or `fallback` when unset. */
export function positive(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value <= 0) throw new Error(`${name} must be a positive number, got "${raw}"`);
  return value;
}

/** The command that made a run, for the record: its BENCH_* settings (the database URL hidden) and the script. */
export function benchCommand(script: string): string {
  const vars = Object.keys(process.env)
    .filter((name) => name.startsWith('BENCH_') && name !== 'BENCH_DATABASE_URL')
    .sort()
    .map((name) => `${name}=${process.env[name]}`);
  if (process.env.BENCH_DATABASE_URL) vars.unshift('BENCH_DATABASE_URL=…');
  const npmScript = process.env.npm_lifecycle_event;
  return [...vars, npmScript ? `npm run ${npmScript}` : `node dist/bench/${script}`].join(' ');
}

/** Replaces (or appends) the section headed `heading` of docs/BENCHMARKS.md, up to the next second-level heading. */
export function writeDocSection(heading: string, body: string, file = path.join(ROOT, 'docs/BENCHMARKS.md')): void {
  const current = fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : '# Benchmarks\n';
  const section = `${heading}\n\n${body}\n`;
  const start = current.indexOf(`${heading}\n`);
  if (start < 0) return fs.writeFileSync(file, `${current.trimEnd()}\n\n${section}`);
  const next = current.indexOf('\n## ', start + heading.length);
  fs.writeFileSync(file, current.slice(0, start) + section + (next < 0 ? '' : current.slice(next)));
}
