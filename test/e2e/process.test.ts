import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createTestDatabase, dropTestDatabase } from '../helpers/hub';
import { startHubProcess } from '../helpers/hub-process';
import { freePort } from '../helpers/ports';

const NESTED = `{ friendshipRelations(first: 100) { totalCount edges { node { id domesticLocality { name } foreignLocality { name country { name } } statusHistory { edges { node { toStatus } } } } } } }`;

const post = (url: string, query: string) =>
  fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query }) }).then(
    async (response) => ({ status: response.status, body: (await response.json()) as { data?: any; errors?: unknown[] } }),
  );

describe('the hub process', () => {
  const databases: string[] = [];
  afterAll(async () => {
    for (const url of databases) await dropTestDatabase(url);
  });

  it('with DATABASE_URL, says where it listens and which database it uses, and on SIGTERM finishes in-flight requests and exits 0', async () => {
    const databaseUrl = await createTestDatabase();
    databases.push(databaseUrl);
    const hub = await startHubProcess({ DATABASE_URL: databaseUrl, SEED_ON_START: 'false' });

    const started = hub.logs().find((entry) => typeof entry.url === 'string')!;
    expect(started.url).toMatch(/^http:\/\/localhost:\d+\/graphql$/);
    expect(started.database).toBe(`postgres://postgres@${new URL(databaseUrl).host}${new URL(databaseUrl).pathname}`);
    expect(JSON.stringify(hub.logs())).not.toContain(':postgres@'); // no password in the logs

    // Open the 24 connections first (fetch keeps them alive), so that the requests below reach the
    // server at once: a connection still waiting in the listen backlog when the signal closes the
    // listener is reset by the kernel, and such a request was never in flight.
    await Promise.all(Array.from({ length: 24 }, () => post(hub.url, '{ __typename }')));
    await new Promise((resolve) => setTimeout(resolve, 100)); // fetch returns the sockets to its pool
    let answered = 0;
    const inFlight = Array.from({ length: 24 }, () => post(hub.url, NESTED).finally(() => answered++));
    await Promise.race(inFlight); // the server is answering; the other requests were sent before the signal
    hub.child.kill('SIGTERM');
    const answeredBeforeSignal = answered;
    expect(answeredBeforeSignal).toBeLessThan(24);
    const answers = await Promise.all(inFlight);
    for (const answer of answers) {
      expect(answer.status).toBe(200);
      expect(answer.body.errors).toBeUndefined();
      expect(answer.body.data.friendshipRelations.edges).toHaveLength(100);
    }
    expect(await hub.exited).toBe(0);
    const messages = hub.logs().map((entry) => entry.msg);
    expect(messages).toContain('stopped cleanly');
    expect(messages).not.toContain('second signal: exiting now');
    await expect(post(hub.url, '{ __typename }')).rejects.toThrow();
  });

  it('without DATABASE_URL, runs its own PostgreSQL in DATA_DIR, migrates it, and stops it on SIGINT', async () => {
    const dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'fao-hub-process-'));
    await fs.chmod(dataDir, 0o755); // the embedded server runs as the "postgres" user when we are root
    const pgPort = await freePort();
    try {
      const hub = await startHubProcess({ DATA_DIR: dataDir, EMBEDDED_PG_PORT: String(pgPort), SEED_ON_START: 'false' });
      const started = hub.logs().find((entry) => typeof entry.url === 'string')!;
      expect(String(started.database)).toContain(`embedded PostgreSQL in ${dataDir}`);
      expect(hub.logs().some((entry) => Array.isArray(entry.migrations))).toBe(true);

      const ready = await fetch(hub.url.replace('/graphql', '/readyz'));
      expect(ready.status).toBe(200);
      const empty = await post(hub.url, '{ countries { totalCount } }');
      expect(empty.body).toEqual({ data: { countries: { totalCount: 0 } } });

      hub.child.kill('SIGINT');
      expect(await hub.exited).toBe(0);
      // PostgreSQL was stopped with the hub: its port no longer answers.
      const net = await import('node:net');
      const refused = await new Promise<boolean>((resolve) => {
        const socket = net.connect(pgPort, '127.0.0.1');
        socket.once('connect', () => (socket.destroy(), resolve(false)));
        socket.once('error', () => resolve(true));
      });
      expect(refused).toBe(true);
      await expect(fs.access(path.join(dataDir, 'pg', 'PG_VERSION'))).resolves.toBeUndefined();
    } finally {
      await fs.rm(dataDir, { recursive: true, force: true });
    }
  });
});
