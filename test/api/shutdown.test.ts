import http from 'node:http';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestHub, type TestHub } from '../helpers/hub';
import { postGraphQL } from '../helpers/http';

let hub: TestHub;
beforeAll(async () => {
  // A drain timeout longer than the test's own: stop() passes only by finishing the requests and
  // closing their connections, never by giving up and cutting them off.
  hub = await startTestHub({ shutdownTimeoutMs: 120_000 });
});
afterAll(async () => {
  await hub?.stop();
});

/** A POST on a connection of its own (no keep-alive pool), so that it must be accepted anew. */
function postOnNewConnection(url: string, query: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = http.request(url, { method: 'POST', agent: false, headers: { 'content-type': 'application/json' } }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
    });
    req.on('error', reject);
    req.end(JSON.stringify({ query }));
  });
}

// Fuzzy searches over the foreign cities with nested fields: among the heavier queries the hub serves.
const HEAVY = [
  '{ foreignLocalities(filter: { search: "Springfeld" }, first: 100) { totalCount edges { node { id name country { code name } } } } }',
  '{ foreignLocalities(filter: { search: "Nova" }, first: 100) { totalCount edges { node { id name country { code name } } } } }',
  '{ friendshipRelations(first: 100) { totalCount edges { node { id domesticLocality { name } foreignLocality { name population } } } } }',
];

describe('stopping the hub (what SIGTERM does)', () => {
  it('lets requests already received finish with their data, then refuses new connections', async () => {
    const count = 12;
    const received: Array<ServerResponse> = [];
    let unfinishedWhenStopped = -1;
    let stopped: Promise<void> | undefined;
    let finishedWhenStopResolved = -1;

    // Stop as soon as the server has received every request: the last one has only just begun.
    hub.app.http.on('request', (_request: IncomingMessage, response: ServerResponse) => {
      received.push(response);
      if (received.length === count) {
        unfinishedWhenStopped = received.filter((r) => !r.writableFinished).length;
        stopped = hub.app.stop().then(() => {
          finishedWhenStopResolved = received.filter((r) => r.writableFinished).length;
        });
      }
    });

    const responses = await Promise.all(Array.from({ length: count }, (_, i) => postGraphQL(hub.url, HEAVY[i % HEAVY.length])));

    expect(stopped).toBeDefined();
    // The test proves something only if some requests were still being worked on when stop() began.
    expect(unfinishedWhenStopped).toBeGreaterThanOrEqual(1);
    for (const response of responses) {
      expect(response.status, response.text.slice(0, 400)).toBe(200);
      expect(response.json.errors, response.text.slice(0, 300)).toBeUndefined();
      expect(response.json.data).toBeTruthy();
    }
    const searchResults = responses[0].json.data.foreignLocalities;
    expect(searchResults.edges.length).toBeGreaterThan(0);

    await stopped;
    expect(finishedWhenStopResolved).toBe(count);
    expect(hub.app.http.listening).toBe(false);
    await expect(postOnNewConnection(hub.url, '{ __typename }')).rejects.toMatchObject({ code: 'ECONNREFUSED' });
  });
});
