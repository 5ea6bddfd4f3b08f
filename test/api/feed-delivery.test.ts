import WebSocket from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, dropTestDatabase, startTestHub, type TestHub } from '../helpers/hub';
import { subscribeFeed } from '../helpers/feed-client';
import { createIdentity, type TestIdentity } from '../helpers/identities';

// How the feed delivers: slow subscribers, expiring tokens, restarts, and the database work of a
// delivery as subscribers grow.
let databaseUrl: string;
let hub: TestHub;
let editor: TestIdentity;
let admin: TestIdentity;

beforeAll(async () => {
  databaseUrl = await createTestDatabase();
  hub = await startTestHub({ databaseUrl, wsMaxBufferedBytes: 256 * 1024, feedMaxBacklog: 20 });
  [editor, admin] = await Promise.all([
    createIdentity(databaseUrl, { unit: '610000-COMMERCE', role: 'EDITOR' }),
    createIdentity(databaseUrl, { unit: '610000-FAO', role: 'ADMIN' }),
  ]);
  // The copied database has an empty log: one activity gives the tests a cursor to start after.
  await contribute(hub, 'Start of the log');
});
afterAll(async () => {
  await hub?.stop();
  await dropTestDatabase(databaseUrl);
});

async function contribute(target: TestHub, title: string, bodyEn?: string) {
  const response = await target.gql(
    `mutation($input: ContributeResourceInput!) { contributeResource(input: $input) { resource { id } } }`,
    { input: { kind: 'EVENT', tier: 'PUBLIC', titleEn: title, summaryEn: 'Feed delivery', bodyEn, publish: true } },
    editor.headers,
  );
  expect(response.errors).toBeUndefined();
  return response.data.contributeResource.resource.id as string;
}

/** The newest cursor of the log (as a hub admin sees it). */
async function newestCursor(target: TestHub): Promise<string> {
  const response = await target.gql(`{ activities(first: 1) { edges { cursor } } }`, {}, admin.headers);
  return response.data.activities.edges[0].cursor;
}

/** The titles of the PUBLIC activities after `after`, oldest first, as the log has them. */
async function titlesInLog(target: TestHub, after: string): Promise<string[]> {
  const titles: string[] = [];
  for (let cursor: string | null = after; cursor; ) {
    type Page = { edges: Array<{ node: { subjectTitle: string } }>; pageInfo: { hasNextPage: boolean; endCursor: string } };
    const response: { data?: { activities: Page } } = await target.gql(
      `query($after: String) { activities(after: $after, first: 100, orderBy: OLDEST_FIRST) { edges { node { subjectTitle } } pageInfo { hasNextPage endCursor } } }`,
      { after: cursor },
    );
    const page = response.data!.activities;
    titles.push(...page.edges.map((edge) => edge.node.subjectTitle));
    cursor = page.pageInfo.hasNextPage ? page.pageInfo.endCursor : null;
  }
  return titles;
}

describe('feed delivery', () => {
  it('holds back a subscriber that stops reading (its socket holds little more than the bound) and disconnects it once its backlog passes its bound; it resumes by cursor and misses nothing', async () => {
    const after = await newestCursor(hub);
    // A raw graphql-ws client that stops reading its socket after the first event.
    const socket = new WebSocket(hub.url.replace(/^http/, 'ws'), 'graphql-transport-ws');
    const received: Array<{ cursor: string; activity: { subjectTitle: string } }> = [];
    const closed = new Promise<number>((resolve) => socket.on('close', (code) => resolve(code)));
    socket.on('open', () => socket.send(JSON.stringify({ type: 'connection_init', payload: {} })));
    socket.on('message', (data) => {
      const message = JSON.parse(String(data));
      if (message.type === 'connection_ack') {
        socket.send(
          JSON.stringify({
            id: '1',
            type: 'subscribe',
            payload: {
              query: `subscription($after: String) { activityFeed(after: $after) { cursor activity { subjectTitle subject { ... on SharedResource { bodyEn } } } } }`,
              variables: { after },
            },
          }),
        );
      }
      if (message.type === 'next') {
        received.push(message.payload.data.activityFeed);
        if (received.length === 1) (socket as unknown as { _socket: { pause(): void } })._socket.pause();
      }
    });
    // Large events (72 KB each, over the 64 KB of a short frame header; 11.5 MB in all) fill the kernel's socket buffers; then events queue up on the server.
    const body = 'A long programme of the trade fair. '.repeat(2000);
    const total = 160;
    for (let i = 0; i < total; i += 8) {
      await Promise.all(Array.from({ length: 8 }, (_, j) => contribute(hub, `Slow reader ${String(i + j).padStart(3, '0')}`, body)));
    }
    (socket as unknown as { _socket: { resume(): void } })._socket.resume();
    const code = await closed;
    // 1013 "try again later" when the close frame gets through, 1006 when the socket had to be dropped.
    expect([1013, 1006]).toContain(code);
    expect(received.length).toBeLessThan(total);

    const resumed = subscribeFeed({ url: hub.url, after: received.at(-1)!.cursor });
    await resumed.until(total - received.length, 30_000);
    expect([...received.map((event) => event.activity.subjectTitle), ...resumed.titles()]).toEqual(await titlesInLog(hub, after));
    await resumed.close();
  });

  it('closes the socket with 4403 when its token expires, without waiting for an event', async () => {
    const expiring = await createIdentity(databaseUrl, { unit: '610000-EDUCATION', role: 'VIEWER', expiresAt: new Date(Date.now() + 1500) });
    const feed = subscribeFeed({ url: hub.url, headers: expiring.headers });
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(feed.closeCodes).toEqual([]);
    expect(await feed.closed(10_000)).toBe(4403);
    await feed.close();
  });

  it('closes the socket with 4403 when the account is disabled', async () => {
    const person = await createIdentity(databaseUrl, { unit: '610000-EDUCATION', role: 'EDITOR' });
    const feed = subscribeFeed({ url: hub.url, headers: person.headers });
    await new Promise((resolve) => setTimeout(resolve, 300));
    const disabled = await hub.gql(
      `mutation($input: UpdateAccountInput!) { updateAccount(input: $input) { account { disabledAt } } }`,
      { input: { id: Buffer.from(`Account:${person.accountId}`).toString('base64url'), disabled: true } },
      admin.headers,
    );
    expect(disabled.errors).toBeUndefined();
    expect(await feed.closed(10_000)).toBe(4403);
    await feed.close();
  });

  it('reads the log once per delivery for all subscribers: the statements do not grow with them', async () => {
    const statementsFor = async (subscribers: number) => {
      const people = await Promise.all(
        Array.from({ length: subscribers }, (_, i) => createIdentity(databaseUrl, { unit: i % 2 ? '610000-COMMERCE' : '610000-EDUCATION', role: 'VIEWER' })),
      );
      const after = await newestCursor(hub);
      const query = 'subscription($after: String) { activityFeed(after: $after) { cursor activity { subjectTitle actorUnit { name } } } }';
      const feeds = people.map((person) => subscribeFeed({ url: hub.url, headers: person.headers, after, query }));
      // Once every subscriber has had one event, all are live: the next event is what we count.
      await contribute(hub, `Warm-up with ${subscribers}`);
      await Promise.all(feeds.map((feed) => feed.until(1)));
      const { statements } = await hub.countQueries(async () => {
        await contribute(hub, `Counted with ${subscribers}`);
        await Promise.all(feeds.map((feed) => feed.until(2)));
      });
      expect(feeds.map((feed) => feed.titles())).toEqual(feeds.map(() => [`Warm-up with ${subscribers}`, `Counted with ${subscribers}`]));
      await Promise.all(feeds.map((feed) => feed.close()));
      return statements.length;
    };
    const few = await statementsFor(2);
    const many = await statementsFor(30);
    // The log read, the visibility check (per unit) and the reference data (actorUnit) are shared by
    // every subscriber; reading per subscriber would add 28 statements or more. (A spare one for a
    // wake-up that finds the log unchanged.)
    expect(many - few).toBeLessThanOrEqual(1);
  });
});

describe('feed across a restart', () => {
  it('a subscriber closed with 1001 by a stopping hub reconnects to its successor and resumes by cursor', async () => {
    const url = await createTestDatabase();
    const first = await startTestHub({ databaseUrl: url });
    const port = Number(new URL(first.url).port);
    const writer = await createIdentity(url, { unit: '610000-COMMERCE', role: 'EDITOR' });
    const write = async (target: TestHub, title: string) => {
      const response = await target.gql(
        `mutation($input: ContributeResourceInput!) { contributeResource(input: $input) { resource { id } } }`,
        { input: { kind: 'EVENT', tier: 'PUBLIC', titleEn: title, summaryEn: 'Restart', publish: true } },
        writer.headers,
      );
      expect(response.errors).toBeUndefined();
    };
    await write(first, 'Before the start');
    const start = (await first.gql(`{ activities(first: 1) { edges { cursor } } }`)).data.activities.edges[0].cursor;
    const feed = subscribeFeed({ url: first.url, after: start, resume: true });
    await write(first, 'Restart one');
    await feed.until(1);
    await first.stop();
    expect(feed.closeCodes).toContain(1001);
    // Written while no hub runs for the subscriber: it must still arrive.
    const other = await startTestHub({ databaseUrl: url });
    await write(other, 'Restart two');
    const second = await startTestHub({ databaseUrl: url, port });
    await write(other, 'Restart three');
    await feed.until(3, 20_000);
    expect(feed.titles()).toEqual(['Restart one', 'Restart two', 'Restart three']);
    await feed.close();
    await other.stop();
    await second.stop();
    await dropTestDatabase(url);
  });
});
