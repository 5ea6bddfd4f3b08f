import { createClient } from 'graphql-ws';
import WebSocket from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestHub, type TestHub } from '../helpers/hub';
import { FEED_QUERY, subscribeFeed } from '../helpers/feed-client';
import { createIdentity, type TestIdentity } from '../helpers/identities';
import { withClient } from '../helpers/resources';

/** Two hub instances on one database: activities committed through one reach subscribers of the other. */
let hubA: TestHub;
let hubB: TestHub;
let owner: TestIdentity;
let other: TestIdentity;

beforeAll(async () => {
  hubA = await startTestHub();
  hubB = await startTestHub({ databaseUrl: hubA.databaseUrl });
  [owner, other] = await Promise.all([
    createIdentity(hubA.databaseUrl, { unit: '610000-INVESTMENT', role: 'EDITOR' }),
    createIdentity(hubA.databaseUrl, { unit: '610000-AGRICULTURE', role: 'EDITOR' }),
  ]);
});
afterAll(async () => {
  await hubB?.stop();
  await hubA?.stop();
});

const FEED = FEED_QUERY;

/** A subscriber collecting events (resource activities unless `filter` says otherwise); `until(n)` waits for n of them. */
function subscribe(hub: TestHub, headers: Record<string, string>, variables: { after?: string; filter?: Record<string, unknown> } = {}) {
  const feed = subscribeFeed({ url: hub.url, headers, after: variables.after, filter: variables.filter ?? { subjectTypes: ['SharedResource'] } });
  return Object.assign(feed, { closedWith: () => feed.closeCodes.at(-1) });
}

async function contribute(hub: TestHub, headers: Record<string, string>, tier: string, title: string, publish = true) {
  const response = await hub.gql(
    `mutation($input: ContributeResourceInput!) { contributeResource(input: $input) { resource { id version } } }`,
    {
      input: { kind: 'EVENT', tier, titleEn: title, summaryEn: 'First version', publish, notSharedBasis: tier === 'NOT_SHARED' ? 'Internal only.' : undefined },
    },
    headers,
  );
  expect(response.errors).toBeUndefined();
  return response.data.contributeResource.resource as { id: string; version: number };
}

let admin: TestIdentity;
/**
 * The cursor of the newest activity: a subscription started after it gets everything committed
 * since, however long the socket takes to open (cursors hold positions, valid for any caller).
 */
async function now(): Promise<{ after: string }> {
  admin ??= await createIdentity(hubA.databaseUrl, { unit: '610000-FAO', role: 'ADMIN' });
  const newest = async () => (await hubA.gql(`{ activities(first: 1) { edges { cursor } } }`, {}, admin.headers)).data.activities.edges[0]?.cursor;
  // An empty log has no cursor yet: a draft (which only its unit and hub admins see) makes one.
  return { after: (await newest()) ?? (await contribute(hubA, admin.headers, 'PUBLIC', 'Start of the log', false), await newest()) };
}
const settle = () => new Promise((resolve) => setTimeout(resolve, 300));

describe('the activity feed over graphql-ws', () => {
  it('delivers activities committed through another instance, in order, only those the subscriber may see', async () => {
    const start = await now();
    const member = subscribe(hubB, other.headers, start);
    const anonymous = subscribe(hubB, {}, start);
    await contribute(hubA, owner.headers, 'PUBLIC', 'Feed public one');
    await contribute(hubA, owner.headers, 'NOT_SHARED', 'Feed secret');
    await contribute(hubA, owner.headers, 'CONDITIONAL', 'Feed conditional');
    await contribute(hubA, owner.headers, 'PUBLIC', 'Feed public two');
    const seen = (await member.until(3)).map((event) => event.activity.subjectTitle);
    expect(seen).toEqual(['Feed public one', 'Feed conditional', 'Feed public two']);
    expect((await anonymous.until(2)).map((event) => event.activity.subjectTitle)).toEqual(['Feed public one', 'Feed public two']);
    await settle();
    expect(member.events).toHaveLength(3);
    expect(anonymous.events).toHaveLength(2);
    expect(member.errors).toEqual([]);
    await member.close();
    await anonymous.close();
  });

  it('resumes after a cursor: first what was missed, then live, without gap or duplicate', async () => {
    const first = subscribe(hubA, owner.headers, await now());
    await contribute(hubA, owner.headers, 'UNCONDITIONAL', 'Resume one');
    const [one] = await first.until(1);
    await first.close();
    await contribute(hubB, owner.headers, 'UNCONDITIONAL', 'Resume two');
    await contribute(hubA, owner.headers, 'UNCONDITIONAL', 'Resume three');
    const resumed = subscribe(hubB, owner.headers, { after: one.cursor });
    await resumed.until(2);
    await contribute(hubA, owner.headers, 'UNCONDITIONAL', 'Resume four');
    const titles = (await resumed.until(3)).map((event) => event.activity.subjectTitle);
    expect(titles).toEqual(['Resume two', 'Resume three', 'Resume four']);
    await resumed.close();
  });

  it('loads each event afresh: a resource updated twice shows its latest data with each event', async () => {
    const feed = subscribe(hubA, owner.headers, { ...(await now()), filter: { subjectTypes: ['SharedResource'], verbs: ['RESOURCE_UPDATED'] } });
    const resource = await contribute(hubA, owner.headers, 'UNCONDITIONAL', 'Fresh data');
    const update = (version: number, summaryEn: string) =>
      hubA.gql(
        `mutation($input: UpdateResourceInput!) { updateResource(input: $input) { resource { version } } }`,
        { input: { id: resource.id, expectedVersion: version, summaryEn } },
        owner.headers,
      );
    await update(1, 'Second version');
    const [firstEvent] = await feed.until(1);
    expect(firstEvent.activity.subject?.summaryEn).toBe('Second version');
    await update(2, 'Third version');
    const events = await feed.until(2);
    expect(events[1].activity.subject?.summaryEn).toBe('Third version');
    await feed.close();
  });

  it('refuses a cursor it did not hand out', async () => {
    const feed = subscribe(hubA, owner.headers, { after: 'not-a-cursor' });
    const deadline = Date.now() + 5000;
    while (!feed.errors.length && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
    expect(JSON.stringify(feed.errors)).toContain('BAD_USER_INPUT');
    await feed.close();
  });

  it('closes the socket with 4403 once the token behind a running feed is revoked', async () => {
    const holder = await createIdentity(hubA.databaseUrl, { unit: '610000-AGRICULTURE', role: 'VIEWER' });
    const feed = subscribe(hubB, holder.headers, await now());
    await contribute(hubA, owner.headers, 'PUBLIC', 'Before the revocation');
    await feed.until(1);
    await withClient(hubA.databaseUrl, (client) => client.query('update api_token set revoked_at = now() where account_id = $1', [holder.accountId]));
    await contribute(hubA, owner.headers, 'PUBLIC', 'After the revocation');
    const deadline = Date.now() + 10_000;
    while (feed.closedWith() === undefined && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
    expect(feed.closedWith()).toBe(4403);
    expect(feed.events.map((event) => event.activity.subjectTitle)).toEqual(['Before the revocation']);
    await feed.close();
  });

  it('limits the operations one connection runs at once', async () => {
    const client = createClient({ url: hubA.url.replace(/^http/, 'ws'), webSocketImpl: WebSocket, retryAttempts: 0, connectionParams: { authorization: owner.headers.authorization } });
    const disposers: Array<() => void> = [];
    try {
      for (let i = 0; i < 20; i++) disposers.push(client.subscribe({ query: FEED }, { next: () => undefined, error: () => undefined, complete: () => undefined }));
      const refused = await new Promise<unknown>((resolve) =>
        disposers.push(client.subscribe({ query: FEED }, { next: () => undefined, error: resolve, complete: () => undefined })),
      );
      expect(JSON.stringify(refused)).toContain('TOO_MANY_SUBSCRIPTIONS');
      // Completing one makes room for another.
      disposers[0]();
      await new Promise((resolve) => setTimeout(resolve, 200));
      const accepted = await new Promise<string>((resolve) => {
        disposers.push(client.subscribe({ query: '{ me { authenticated } }' }, { next: () => resolve('answered'), error: () => resolve('refused'), complete: () => undefined }));
      });
      expect(accepted).toBe('answered');
    } finally {
      for (const dispose of disposers) dispose();
      await client.dispose();
    }
  });
});
