import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestHub, type TestHub } from '../helpers/hub';
import { createIdentity, type TestIdentity } from '../helpers/identities';
import { globalId, localityId, withClient } from '../helpers/resources';

let hub: TestHub;
let owner: TestIdentity;
let other: TestIdentity;
let admin: TestIdentity;

beforeAll(async () => {
  hub = await startTestHub();
  [owner, other, admin] = await Promise.all([
    createIdentity(hub.databaseUrl, { unit: '610000-INVESTMENT', role: 'EDITOR' }),
    createIdentity(hub.databaseUrl, { unit: '610000-AGRICULTURE', role: 'EDITOR' }),
    createIdentity(hub.databaseUrl, { unit: '610000-FAO', role: 'ADMIN' }),
  ]);
});
afterAll(async () => {
  await hub?.stop();
});

async function data(query: string, variables: Record<string, unknown>, headers: Record<string, string> = {}) {
  const response = await hub.gql(query, variables, headers);
  expect(response.errors).toBeUndefined();
  return response.data;
}

const CONTRIBUTE = `mutation($input: ContributeResourceInput!) { contributeResource(input: $input) { resource { id version } } }`;
const ACTIVITIES = `query($filter: ActivityFilter, $orderBy: ActivityOrder, $first: Int, $after: String) {
  activities(filter: $filter, orderBy: $orderBy, first: $first, after: $after) {
    totalCount
    edges { cursor node { id position verb subjectType subjectId subjectTitle tier actorUnit { code } countries { code } } }
    pageInfo { hasNextPage endCursor }
  }
}`;

async function contribute(tier: string, title: string, headers = owner.headers, publish = true) {
  const result = await data(CONTRIBUTE, { input: { kind: 'DATASET', tier, titleEn: title, countries: ['NZ'], publish, notSharedBasis: tier === 'NOT_SHARED' ? 'Internal planning data.' : undefined } }, headers);
  return result.contributeResource.resource.id as string;
}

async function titlesSeenBy(headers: Record<string, string>, titlePrefix: string): Promise<string[]> {
  const result = await data(ACTIVITIES, { filter: { subjectTypes: ['SharedResource'] }, first: 100 }, headers);
  return result.activities.edges
    .map((edge: { node: { subjectTitle: string; verb: string } }) => `${edge.node.verb}:${edge.node.subjectTitle}`)
    .filter((entry: string) => entry.includes(titlePrefix));
}

describe('the activity log', () => {
  it('records each change once, with its subject, actor, tier and countries, newest first', async () => {
    const id = await contribute('UNCONDITIONAL', 'Kiwi fruit orchard partnership');
    const result = await data(ACTIVITIES, { filter: { subjectTypes: ['SharedResource'], countries: ['NZ'] }, first: 5 }, owner.headers);
    const [latest] = result.activities.edges;
    expect(latest.node).toMatchObject({
      verb: 'RESOURCE_CONTRIBUTED',
      subjectType: 'SharedResource',
      subjectId: id,
      subjectTitle: 'Kiwi fruit orchard partnership',
      tier: 'UNCONDITIONAL',
      actorUnit: { code: '610000-INVESTMENT' },
      countries: [{ code: 'NZ' }],
    });
    const oldestFirst = await data(ACTIVITIES, { orderBy: 'OLDEST_FIRST', first: 100 }, admin.headers);
    const positions = oldestFirst.activities.edges.map((edge: { node: { position: string } }) => Number(edge.node.position));
    expect(positions).toEqual([...positions].sort((a, b) => a - b));
  });

  it('shows each caller only the activities of subjects it may see now', async () => {
    await contribute('PUBLIC', 'Tier test public');
    await contribute('CONDITIONAL', 'Tier test conditional');
    await contribute('NOT_SHARED', 'Tier test secret');
    await contribute('UNCONDITIONAL', 'Tier test draft', owner.headers, false);
    expect(await titlesSeenBy({}, 'Tier test')).toEqual(['RESOURCE_CONTRIBUTED:Tier test public']);
    expect((await titlesSeenBy(other.headers, 'Tier test')).sort()).toEqual([
      'RESOURCE_CONTRIBUTED:Tier test conditional',
      'RESOURCE_CONTRIBUTED:Tier test public',
    ]);
    expect(await titlesSeenBy(owner.headers, 'Tier test')).toHaveLength(4);
    expect(await titlesSeenBy(admin.headers, 'Tier test')).toHaveLength(4);
  });

  it('shows access activities only to the owner unit, the applying unit and hub admins', async () => {
    const resource = await contribute('CONDITIONAL', 'Access activity dataset');
    const third = await createIdentity(hub.databaseUrl, { unit: '610000-EDUCATION', role: 'EDITOR' });
    await data(
      `mutation($input: RequestAccessInput!) { requestAccess(input: $input) { request { id } } }`,
      { input: { resource, purpose: 'Planning an agricultural delegation to New Zealand.' } },
      other.headers,
    );
    const seen = async (headers: Record<string, string>) =>
      (await data(ACTIVITIES, { filter: { verbs: ['ACCESS_REQUESTED'] }, first: 20 }, headers)).activities.edges.map(
        (edge: { node: { subjectTitle: string } }) => edge.node.subjectTitle,
      );
    expect(await seen(owner.headers)).toContain('Access activity dataset');
    expect(await seen(other.headers)).toContain('Access activity dataset');
    expect(await seen(admin.headers)).toContain('Access activity dataset');
    expect(await seen(third.headers)).not.toContain('Access activity dataset');
    expect(await seen({})).toEqual([]);
  });

  it('records a proposed relation as public, with both localities and the country', async () => {
    const domestic = await localityId(hub.databaseUrl, { gbCode: '610100' });
    const foreign = await localityId(hub.databaseUrl, { name: 'Dunedin', country: 'NZ' });
    await data(
      `mutation($input: ProposeRelationInput!) { proposeRelation(input: $input) { relation { id } } }`,
      { input: { domesticLocality: globalId('Locality', domestic), foreignLocality: globalId('Locality', foreign), kind: 'FRIENDLY_EXCHANGE' } },
      admin.headers,
    );
    const result = await data(
      `query($filter: ActivityFilter) { activities(filter: $filter, first: 1) { edges { node { verb subjectTitle countries { code } localities { name } } } } }`,
      { filter: { verbs: ['RELATION_PROPOSED'], localities: [globalId('Locality', foreign)] } },
    );
    expect(result.activities.edges[0].node).toMatchObject({ verb: 'RELATION_PROPOSED', countries: [{ code: 'NZ' }] });
    expect(result.activities.edges[0].node.localities.map((l: { name: string }) => l.name).sort()).toEqual(['Dunedin', "Xi'an"].sort());
  });

  it('leaves no activity behind a mutation that failed', async () => {
    const id = await contribute('PUBLIC', 'Stale version target');
    const count = async () =>
      withClient(hub.databaseUrl, async (client) => Number((await client.query(`select count(*)::int as n from activity`)).rows[0].n));
    const before = await count();
    const response = await hub.gql(
      `mutation($input: UpdateResourceInput!) { updateResource(input: $input) { resource { id } } }`,
      { input: { id, expectedVersion: 7, summaryEn: 'Too late' } },
      owner.headers,
    );
    expect(response.errors?.[0].extensions?.code).toBe('CONFLICT');
    expect(await count()).toBe(before);
  });

  it('hands out positions so that a reader following the log by cursor misses nothing, under 50 concurrent writers', async () => {
    const writers = await Promise.all(
      ['610000-COMMERCE', '610000-EDUCATION', '610000-CULTURE-TOURISM', '610000-SCIENCE-TECH', '610100-FAO'].map((unit) =>
        createIdentity(hub.databaseUrl, { unit, role: 'EDITOR' }),
      ),
    );
    const newest = await data(ACTIVITIES, { first: 1 }, admin.headers);
    let cursor: string = newest.activities.edges[0].cursor;
    const seen: number[] = [];
    // A reader that never looks below what it has seen, as a feed resuming by cursor does: if a
    // position were handed out below one already committed and seen, it would miss that activity.
    const follow = async () => {
      for (;;) {
        const page: any = await data(
          `query($after: String) { activities(orderBy: OLDEST_FIRST, first: 100, after: $after) { edges { cursor node { position } } } }`,
          { after: cursor },
          admin.headers,
        );
        for (const edge of page.activities.edges) {
          seen.push(Number(edge.node.position));
          cursor = edge.cursor;
        }
        if (!page.activities.edges.length) return;
      }
    };
    let writing = true;
    const reader = (async () => {
      while (writing) await follow();
      await follow();
    })();
    await Promise.all(Array.from({ length: 50 }, (_, i) => contribute('PUBLIC', `Concurrent writer ${i}`, writers[i % writers.length].headers)));
    writing = false;
    await reader;
    const all = await data(ACTIVITIES, { filter: { verbs: ['RESOURCE_CONTRIBUTED'] }, first: 100 }, admin.headers);
    const written = all.activities.edges
      .filter((edge: { node: { subjectTitle: string } }) => edge.node.subjectTitle.startsWith('Concurrent writer'))
      .map((edge: { node: { position: string } }) => Number(edge.node.position));
    expect(written).toHaveLength(50);
    expect(new Set(seen).size).toBe(seen.length);
    for (const position of written) expect(seen, `position ${position}`).toContain(position);
    expect(seen).toEqual([...seen].sort((a, b) => a - b));
  });
});
