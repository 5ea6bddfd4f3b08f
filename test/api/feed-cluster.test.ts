import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { subscribeFeed, type FeedSubscriber } from '../helpers/feed-client';
import {
  burstContribution,
  contribute,
  expectExactFeeds,
  loggedAfter,
  newestCursor,
  positionsOf,
  publish,
  TIERS,
  updateSummary,
  type FeedCheck,
  type Headers,
  troubles,
  type Written,
} from '../helpers/feed-scenario';
import { startTestHub, type TestHub } from '../helpers/hub';
import { createIdentity, type TestIdentity } from '../helpers/identities';
import { globalId } from '../helpers/resources';

// Two hub instances on one database, subscribers of several units and roles on both, and many
// writers committing at once through both: each subscriber must get exactly what the log lets it
// see, once, in position order, wherever it is connected and whoever wrote through which instance.
let hubA: TestHub;
let hubB: TestHub;
let hubAdmin: TestIdentity;
const readers: Record<string, TestIdentity> = {};
let writers: TestIdentity[];

beforeAll(async () => {
  hubA = await startTestHub();
  hubB = await startTestHub({ databaseUrl: hubA.databaseUrl });
  const db = hubA.databaseUrl;
  [hubAdmin, readers.commerceEditor, readers.investmentEditor, readers.agricultureViewer] = await Promise.all([
    createIdentity(db, { unit: '610000-FAO', role: 'ADMIN' }),
    createIdentity(db, { unit: '610000-COMMERCE', role: 'EDITOR' }),
    createIdentity(db, { unit: '610000-INVESTMENT', role: 'EDITOR' }),
    createIdentity(db, { unit: '610000-AGRICULTURE', role: 'VIEWER' }),
  ]);
  writers = await Promise.all([
    createIdentity(db, { unit: '610000-COMMERCE', role: 'EDITOR' }),
    createIdentity(db, { unit: '610000-INVESTMENT', role: 'EDITOR' }),
    createIdentity(db, { unit: '610000-EDUCATION', role: 'EDITOR' }),
    createIdentity(db, { unit: '610000-CULTURE-TOURISM', role: 'ADMIN' }),
    createIdentity(db, { unit: '610000-FAO', role: 'ADMIN' }),
  ]);
});
/** Subscribers still open when a test ends (a failed one) are closed before the hubs stop. */
const open = new Set<FeedSubscriber>();
const track = (feed: FeedSubscriber) => (open.add(feed), feed);
afterEach(async () => {
  await Promise.all([...open].map((feed) => feed.close()));
  open.clear();
});
afterAll(async () => {
  await hubB?.stop();
  await hubA?.stop();
});

interface Reader {
  label: string;
  headers: Headers;
  filter?: Record<string, unknown>;
}

/** Who subscribes (on each instance): a hub admin, editors of two bureaus, a viewer, anonymous, and a filtered feed. */
function readerList(): Reader[] {
  return [
    { label: 'hub admin', headers: hubAdmin.headers },
    { label: 'COMMERCE editor', headers: readers.commerceEditor.headers },
    { label: 'INVESTMENT editor', headers: readers.investmentEditor.headers },
    { label: 'AGRICULTURE viewer', headers: readers.agricultureViewer.headers },
    { label: 'anonymous', headers: {} },
    {
      label: 'INVESTMENT editor, resource activities of COMMERCE only',
      headers: readers.investmentEditor.headers,
      filter: { units: [globalId('MemberUnit', writers[0].unitId)], verbs: ['RESOURCE_UPDATED', 'RESOURCE_PUBLISHED', 'RESOURCE_CONTRIBUTED'] },
    },
  ];
}

/**
 * Resources made before the feed starts, to be published or updated during the burst. Their
 * visibility does not change after the start cursor except by the burst's own activities, so
 * what a subscriber may see at delivery equals what the log shows it at the end.
 */
async function prepareTargets(label: string) {
  const drafts: Array<{ owner: TestIdentity; resource: Written }> = [];
  const published: Array<{ owner: TestIdentity; resource: Written }> = [];
  for (const [i, tier] of TIERS.entries()) {
    const owner = writers[i % 2];
    drafts.push({ owner, resource: await contribute(hubA.url, owner.headers, { tier, title: `${label} draft ${tier}`, publish: false }) });
    published.push({ owner, resource: await contribute(hubB.url, owner.headers, { tier, title: `${label} published ${tier}`, publish: true }) });
  }
  return { drafts, published };
}

describe('the activity feed across two hub instances', () => {
  it('gives every subscriber on either instance exactly the activities it may see, once and in order, while 50 writers commit through both', async () => {
    const targets = await prepareTargets('Cluster');
    const start = await newestCursor(hubA.url, hubAdmin.headers);

    const subscribers: Array<{ reader: Reader; instance: string; feed: FeedSubscriber }> = [];
    for (const reader of readerList()) {
      for (const [instance, hub] of [['A', hubA], ['B', hubB]] as const) {
        subscribers.push({ reader, instance, feed: track(subscribeFeed({ url: hub.url, headers: reader.headers, after: start, filter: reader.filter })) });
      }
    }

    // 50 contributions from five units of every tier (drafts among them), plus publications of
    // drafts and updates of published resources, all at once, alternating the instances.
    const hubs = [hubA, hubB];
    await Promise.all([
      ...Array.from({ length: 50 }, (_, i) => contribute(hubs[i % 2].url, writers[i % writers.length].headers, burstContribution('Cluster burst', i))),
      ...targets.drafts.map(({ owner, resource }, i) => publish(hubs[i % 2].url, owner.headers, resource)),
      ...targets.published.map(({ owner, resource }, i) => updateSummary(hubs[(i + 1) % 2].url, owner.headers, resource, 'Updated in the burst')),
    ]);

    const checks: FeedCheck[] = await Promise.all(
      subscribers.map(async ({ reader, instance, feed }) => ({
        label: `${reader.label} on ${instance}`,
        received: () => positionsOf(feed),
        details: troubles(feed),
        expected: (await loggedAfter(hubA.url, reader.headers, start, reader.filter)).map((activity) => activity.position),
      })),
    );
    // The readers see different slices of the log (else this would test less than it claims).
    const sizes = new Map(checks.map((check) => [check.label, check.expected.length]));
    expect(sizes.get('hub admin on A')).toBe(58);
    expect(new Set(sizes.values()).size).toBeGreaterThanOrEqual(5);

    await expectExactFeeds(checks);
    for (const { reader, instance, feed } of subscribers) expect(feed.errors, `${reader.label} on ${instance}`).toEqual([]);
  });

  it('a subscriber that disconnects mid-stream and resumes with its last cursor on the other instance misses nothing and sees nothing twice', async () => {
    const start = await newestCursor(hubA.url, hubAdmin.headers);
    const resumers = [
      { label: 'COMMERCE editor, A then B', headers: readers.commerceEditor.headers, from: hubA, to: hubB },
      { label: 'AGRICULTURE viewer, B then A', headers: readers.agricultureViewer.headers, from: hubB, to: hubA },
    ];
    const firsts = resumers.map((resumer) => track(subscribeFeed({ url: resumer.from.url, headers: resumer.headers, after: start })));
    const hubs = [hubA, hubB];
    const wave = (from: number, count: number) =>
      Promise.all(
        Array.from({ length: count }, (_, k) => from + k).map((i) =>
          contribute(hubs[i % 2].url, writers[i % writers.length].headers, { ...burstContribution('Resume burst', i), publish: true }),
        ),
      );

    // Writes keep coming while the subscribers drop out after a few events and come back.
    const first = wave(0, 25);
    await Promise.all(firsts.map((feed) => feed.until(5)));
    await Promise.all(firsts.map((feed) => feed.close()));
    const second = wave(25, 25);
    const resumed = resumers.map((resumer, i) => track(subscribeFeed({ url: resumer.to.url, headers: resumer.headers, after: firsts[i].cursor() })));
    await Promise.all([first, second]);
    await wave(50, 10);

    const checks = await Promise.all(
      resumers.map(async (resumer, i) => ({
        label: resumer.label,
        received: () => [...positionsOf(firsts[i]), ...positionsOf(resumed[i])],
        details: troubles(firsts[i], resumed[i]),
        expected: (await loggedAfter(hubA.url, resumer.headers, start)).map((activity) => activity.position),
      })),
    );
    for (const [i, check] of checks.entries()) {
      // The break really fell inside the stream: some events before it, most after it.
      expect(firsts[i].events.length, check.label).toBeGreaterThanOrEqual(5);
      expect(firsts[i].events.length, check.label).toBeLessThan(check.expected.length);
    }
    await expectExactFeeds(checks);
    for (const feed of [...firsts, ...resumed]) expect(feed.errors).toEqual([]);
  });
});
