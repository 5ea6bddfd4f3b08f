/**
 * The load generator, run as its own process (forked by run.ts) so that autocannon's CPU is
 * never counted as the server's. Receives one LoadRequest over IPC, answers one LoadResult.
 */

export interface LoadRequest {
  url: string;
  connections: number;
  durationSeconds: number;
  bodies: string[];
  headers?: Record<string, string>;
}

export interface LoadResult {
  requests: number;
  reqPerSec: number;
  p50: number;
  p99: number;
  errors: number;
  timeouts: number;
  non2xx: number;
  /** CPU ms the load generator itself spent. */
  cpuMs: number;
}

interface AutocannonResult {
  requests: { average: number; total: number };
  latency: { p50: number; p99: number };
  duration: number;
  errors: number;
  timeouts: number;
  non2xx: number;
}

type Autocannon = (options: Record<string, unknown>) => Promise<AutocannonResult>;

async function run(request: LoadRequest): Promise<LoadResult> {
  // autocannon ships no type declarations.
  const autocannon = require('autocannon') as Autocannon;
  const before = process.cpuUsage();
  const result = await autocannon({
    url: request.url,
    connections: request.connections,
    duration: request.durationSeconds,
    method: 'POST',
    headers: { 'content-type': 'application/json', ...request.headers },
    requests: request.bodies.map((body) => ({ method: 'POST', body })),
  });
  const cpu = process.cpuUsage(before);
  return {
    requests: result.requests.total,
    // Completed requests over the run's real duration (autocannon's average is per whole second sampled).
    reqPerSec: result.requests.total / result.duration,
    p50: result.latency.p50,
    p99: result.latency.p99,
    errors: result.errors,
    timeouts: result.timeouts,
    non2xx: result.non2xx,
    cpuMs: (cpu.user + cpu.system) / 1000,
  };
}

process.once('message', (message: LoadRequest) => {
  run(message).then(
    (result) => process.send!(result, () => process.exit(0)),
    (error) => {
      console.error(error);
      process.exit(1);
    },
  );
});
