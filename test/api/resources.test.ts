import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestHub, type GraphQLResponse, type TestHub } from '../helpers/hub';
import { createIdentity, type TestIdentity } from '../helpers/identities';
import {
  globalId,
  insertGrant,
  insertResource,
  insertResources,
  localityId,
  relationId,
  withClient,
  type InsertedResource,
  type ResourceFixture,
} from '../helpers/resources';

let hub: TestHub;
/** Callers: an editor of the owner unit (Commerce), a viewer of another unit, an FAO editor (not a hub admin), a hub admin. */
let owner: TestIdentity;
let other: TestIdentity;
let faoEditor: TestIdentity;
let admin: TestIdentity;
const ANONYMOUS: Record<string, string> = {};

const OWNER_UNIT = '610000-COMMERCE';
const OTHER_UNIT = '610000-EDUCATION';

beforeAll(async () => {
  hub = await startTestHub();
  [owner, other, faoEditor, admin] = await Promise.all([
    createIdentity(hub.databaseUrl, { unit: OWNER_UNIT, role: 'EDITOR' }),
    createIdentity(hub.databaseUrl, { unit: OTHER_UNIT, role: 'VIEWER' }),
    createIdentity(hub.databaseUrl, { unit: '610000-FAO', role: 'EDITOR' }),
    createIdentity(hub.databaseUrl, { unit: '610000-FAO', role: 'ADMIN' }),
  ]);
});
afterAll(async () => {
  await hub?.stop();
});

/** Sends a query and fails the test on any error. */
async function data<T = any>(query: string, variables: Record<string, unknown> = {}, headers: Record<string, string> = ANONYMOUS): Promise<T> {
  const response = await hub.gql<T>(query, variables, headers);
  expect(response.errors).toBeUndefined();
  return response.data as T;
}

/** Sends a query that must fail; returns its first error. */
async function failure(query: string, variables: Record<string, unknown> = {}, headers: Record<string, string> = ANONYMOUS) {
  const response: GraphQLResponse = await hub.gql(query, variables, headers);
  expect(response.errors?.length).toBeGreaterThan(0);
  return response.errors![0];
}

const LIST = `query List($filter: ResourceFilter, $orderBy: ResourceOrder, $first: Int, $after: String, $last: Int, $before: String) {
  resources(filter: $filter, orderBy: $orderBy, first: $first, after: $after, last: $last, before: $before) {
    totalCount
    edges { cursor node { id title titleEn titleZh tier status contentReadable bodyEn } }
    pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
  }
}`;

interface ListNode {
  id: string;
  title: string;
  titleEn: string | null;
  titleZh: string | null;
  tier: string;
  status: string;
  contentReadable: boolean;
  bodyEn: string | null;
}
interface ListResult {
  resources: {
    totalCount: number;
    edges: Array<{ cursor: string; node: ListNode }>;
    pageInfo: { hasNextPage: boolean; hasPreviousPage: boolean; startCursor: string | null; endCursor: string | null };
  };
}

const list = (variables: Record<string, unknown>, headers: Record<string, string> = ANONYMOUS) => data<ListResult>(LIST, variables, headers);
const titles = (result: ListResult) => result.resources.edges.map((edge) => edge.node.title);

async function unitGlobalId(code: string): Promise<string> {
  const id = await withClient(hub.databaseUrl, async (client) => (await client.query('select id from member_unit where code = $1', [code])).rows[0].id);
  return globalId('MemberUnit', id);
}

describe('who sees what: every path applies the sharing tiers', () => {
  // One resource per tier and status, all owned by Commerce and tied to the same relation and localities.
  const names = ['Public', 'Unconditional', 'Conditional', 'Not shared', 'Public draft', 'Withdrawn'] as const;
  type Name = (typeof names)[number];
  const byName = new Map<Name, InsertedResource>();
  let relation: string;
  let foreignCity: string;
  let baoji: string;
  let shaanxi: string;
  let commerce: string;

  const visible: Record<string, Name[]> = {
    anonymous: ['Public'],
    other: ['Public', 'Unconditional', 'Conditional'],
    faoEditor: ['Public', 'Unconditional', 'Conditional'],
    owner: [...names],
    admin: [...names],
  };
  const readable: Record<string, Name[]> = {
    anonymous: ['Public'],
    other: ['Public', 'Unconditional'],
    faoEditor: ['Public', 'Unconditional'],
    owner: [...names],
    admin: [...names],
  };
  const callers = () => ({ anonymous: ANONYMOUS, other: other.headers, faoEditor: faoEditor.headers, owner: owner.headers, admin: admin.headers });

  beforeAll(async () => {
    const relationKey = await relationId(hub.databaseUrl, '610300', 'Yawata');
    const yawata = await withClient(hub.databaseUrl, async (client) =>
      Number((await client.query('select foreign_locality_id from friendship_relation where id = $1', [relationKey])).rows[0].foreign_locality_id),
    );
    relation = globalId('FriendshipRelation', relationKey);
    foreignCity = globalId('Locality', yawata);
    baoji = globalId('Locality', await localityId(hub.databaseUrl, { gbCode: '610300' }));
    shaanxi = globalId('Locality', await localityId(hub.databaseUrl, { gbCode: '610000' }));
    commerce = await unitGlobalId(OWNER_UNIT);
    const tiers: Record<Name, Pick<ResourceFixture, 'tier' | 'status'>> = {
      Public: { tier: 'PUBLIC' },
      Unconditional: { tier: 'UNCONDITIONAL' },
      Conditional: { tier: 'CONDITIONAL' },
      'Not shared': { tier: 'NOT_SHARED' },
      'Public draft': { tier: 'PUBLIC', status: 'DRAFT' },
      Withdrawn: { tier: 'UNCONDITIONAL', status: 'WITHDRAWN' },
    };
    const inserted = await insertResources(
      hub.databaseUrl,
      names.map((name) => ({
        owner: OWNER_UNIT,
        ...tiers[name],
        kind: 'COOPERATION_PROJECT',
        titleEn: `${name} matrixword resource`,
        bodyEn: `Body of ${name}`,
        contact: { name: `Contact of ${name}` },
        tags: ['matrix'],
        countries: ['JP'],
        foreignLocalities: [yawata],
        relations: [relationKey],
        domesticLocality: '610302',
      })),
    );
    names.forEach((name, index) => byName.set(name, inserted[index]));
  });

  const expectedTitles = (list: Name[]) => list.map((name) => `${name} matrixword resource`).sort();

  it('lists, counts and searches only what each caller may see, with content only where it may read it', async () => {
    for (const [who, headers] of Object.entries(callers())) {
      for (const filter of [{ tag: 'matrix' }, { text: 'matrixword' }]) {
        const result = await list({ filter, first: 100 }, headers);
        expect(titles(result).sort(), `${who} ${JSON.stringify(filter)}`).toEqual(expectedTitles(visible[who]));
        expect(result.resources.totalCount, who).toBe(visible[who].length);
        for (const { node } of result.resources.edges) {
          const name = node.title.replace(' matrixword resource', '') as Name;
          const mayRead = readable[who].includes(name);
          expect(node.contentReadable, `${who} ${name}`).toBe(mayRead);
          expect(node.bodyEn, `${who} ${name}`).toBe(mayRead ? `Body of ${name}` : null);
        }
      }
    }
  });

  it('node(id) returns null for a resource the caller may not see, exactly as for one that does not exist', async () => {
    const query = `query($id: ID!) { node(id: $id) { id ... on SharedResource { title contentReadable bodyEn contact { name } } } }`;
    for (const [who, headers] of Object.entries(callers())) {
      for (const name of names) {
        const result = await data(query, { id: byName.get(name)!.globalId }, headers);
        if (!visible[who].includes(name)) {
          expect(result.node, `${who} ${name}`).toBeNull();
          continue;
        }
        expect(result.node.id).toBe(byName.get(name)!.globalId);
        const mayRead = readable[who].includes(name);
        expect(result.node.bodyEn, `${who} ${name}`).toBe(mayRead ? `Body of ${name}` : null);
        expect(result.node.contact, `${who} ${name}`).toEqual(mayRead ? { name: `Contact of ${name}` } : null);
      }
    }
    const missing = await data(query, { id: globalId('SharedResource', 2_000_000_000) }, other.headers);
    expect(missing.node).toBeNull();
  });

  it('reverse edges from the unit, the relation and both localities show the same resources as the list', async () => {
    const edge = `resources(filter: { tag: "matrix" }, first: 50) { totalCount edges { node { title bodyEn } } }`;
    const query = `query($unit: ID!, $relation: ID!, $city: ID!, $baoji: ID!, $shaanxi: ID!) {
      unit: node(id: $unit) { ... on MemberUnit { ${edge} } }
      relation: node(id: $relation) { ... on FriendshipRelation { ${edge} } }
      city: node(id: $city) { ... on Locality { ${edge} } }
      baoji: node(id: $baoji) { ... on Locality { own: ${edge} } }
      district: node(id: $shaanxi) { ... on Locality { own: ${edge} inside: resources(includeDescendants: true, filter: { tag: "matrix" }) { totalCount edges { node { title } } } } }
    }`;
    for (const [who, headers] of Object.entries(callers())) {
      const result = await data(query, { unit: commerce, relation, city: foreignCity, baoji, shaanxi }, headers);
      const expected = expectedTitles(visible[who]);
      for (const page of [result.unit.resources, result.relation.resources, result.city.resources, result.district.inside]) {
        expect(page.edges.map((e: any) => e.node.title).sort(), who).toEqual(expected);
        expect(page.totalCount, who).toBe(expected.length);
      }
      // The resources lie in a district of Baoji, not in Baoji or Shaanxi themselves.
      expect(result.baoji.own.totalCount).toBe(0);
      expect(result.district.own.totalCount).toBe(0);
      for (const { node } of result.relation.resources.edges) {
        const name = node.title.replace(' matrixword resource', '') as Name;
        expect(node.bodyEn, `${who} ${name}`).toBe(readable[who].includes(name) ? `Body of ${name}` : null);
      }
    }
  });

  it("a locality found through a list, without asking for its side, still lists the resources of its side", async () => {
    const query = `{ foreignLocalities(filter: { search: "Yawata", country: "JP" }, first: 1) { edges { node { id resources(filter: { tag: "matrix" }) { totalCount } } } } }`;
    const result = await data(query, {}, other.headers);
    expect(result.foreignLocalities.edges[0].node.id).toBe(foreignCity);
    expect(result.foreignLocalities.edges[0].node.resources.totalCount).toBe(visible.other.length);
  });

  it('contribution stats count only what the caller may see', async () => {
    const query = `{ contributionStats(groupBy: KIND, filter: { tag: "matrix" }) { key count kind } }`;
    for (const [who, headers] of Object.entries(callers())) {
      const result = await data(query, {}, headers);
      expect(result.contributionStats, who).toEqual([{ key: 'COOPERATION_PROJECT', count: visible[who].length, kind: 'COOPERATION_PROJECT' }]);
    }
  });

  it('a search for a word of a hidden title finds nothing, and says so with a zero count', async () => {
    const result = await list({ filter: { text: 'not shared matrixword' } }, other.headers);
    expect(result.resources.totalCount).toBe(0);
    const mine = await list({ filter: { text: 'not shared matrixword' } }, owner.headers);
    expect(titles(mine)).toEqual(['Not shared matrixword resource']);
  });
});

describe('conditional resources: content follows the grants', () => {
  let active: InsertedResource;
  let revoked: InsertedResource;
  let expired: InsertedResource;
  let future: InsertedResource;
  let elsewhere: InsertedResource;

  beforeAll(async () => {
    const conditional = (titleEn: string): ResourceFixture => ({
      owner: OWNER_UNIT,
      tier: 'CONDITIONAL',
      titleEn,
      bodyEn: `Body of ${titleEn}`,
      contact: { name: 'Ms Li', email: 'li@example.org' },
      links: [{ title: 'Page', url: 'https://example.org/page' }],
      attachments: [{ title: 'Plan', url: 'https://example.org/plan.pdf', mediaType: 'application/pdf', bytes: 1024 }],
      tags: ['grants'],
    });
    [active, revoked, expired, future, elsewhere] = await insertResources(hub.databaseUrl, [
      conditional('Granted'),
      conditional('Revoked'),
      conditional('Expired'),
      conditional('Expiring later'),
      conditional('Granted to another unit'),
      { ...conditional('Unconditional'), tier: 'UNCONDITIONAL' },
    ]);
    await insertGrant(hub.databaseUrl, { resourceId: active.id, unit: OTHER_UNIT });
    await insertGrant(hub.databaseUrl, { resourceId: revoked.id, unit: OTHER_UNIT, revokedAt: new Date(Date.now() - 60_000) });
    await insertGrant(hub.databaseUrl, { resourceId: expired.id, unit: OTHER_UNIT, expiresAt: new Date(Date.now() - 1_000) });
    await insertGrant(hub.databaseUrl, { resourceId: future.id, unit: OTHER_UNIT, expiresAt: new Date(Date.now() + 3_600_000) });
    await insertGrant(hub.databaseUrl, { resourceId: elsewhere.id, unit: '610000-CULTURE-TOURISM' });
  });

  const CONTENT = `query($filter: ResourceFilter) {
    resources(filter: $filter, first: 50) {
      edges { node { id title contentReadable body bodyEn bodyZh contact { name email phone } links { title url } attachments { title url mediaType bytes } } }
    }
  }`;

  async function readContentEntries(): Promise<Array<{ subject_id: string; unit_id: number; subject_owner_unit_id: number; detail: any }>> {
    return withClient(hub.databaseUrl, async (client) =>
      (await client.query(`select subject_id, unit_id, subject_owner_unit_id, detail from audit_entry where action = 'readContent' order by id`)).rows,
    );
  }

  it('a unit reads the content under an active grant, and not under a revoked one, one that expired a second ago, or one of another unit', async () => {
    const result = await data(CONTENT, { filter: { tag: 'grants' } }, other.headers);
    const byTitle = new Map<string, any>(result.resources.edges.map((edge: any) => [edge.node.title, edge.node]));
    for (const title of ['Granted', 'Expiring later', 'Unconditional']) {
      expect(byTitle.get(title)).toMatchObject({
        contentReadable: true,
        body: `Body of ${title}`,
        bodyEn: `Body of ${title}`,
        bodyZh: null,
        contact: { name: 'Ms Li', email: 'li@example.org', phone: null },
        links: [{ title: 'Page', url: 'https://example.org/page' }],
        attachments: [{ title: 'Plan', url: 'https://example.org/plan.pdf', mediaType: 'application/pdf', bytes: 1024 }],
      });
    }
    for (const title of ['Revoked', 'Expired', 'Granted to another unit']) {
      expect(byTitle.get(title)).toMatchObject({ contentReadable: false, body: null, bodyEn: null, contact: null, links: null, attachments: null });
    }
  });

  it("records one readContent entry per conditional resource another unit reads, and none for the owner's reads", async () => {
    const before = (await readContentEntries()).length;
    await data(CONTENT, { filter: { tag: 'grants' } }, owner.headers);
    await data(`{ resources(filter: { tag: "grants" }) { edges { node { title contentReadable } } } }`, {}, other.headers);
    expect((await readContentEntries()).length, 'no content read, no entry').toBe(before);

    await data(CONTENT, { filter: { tag: 'grants' } }, other.headers);
    const entries = (await readContentEntries()).slice(before);
    // Body, contact, links and attachments of a resource in one operation: one entry. Unconditional content is not audited.
    expect(entries.map((entry) => Number(entry.subject_id)).sort((a, b) => a - b)).toEqual([active.id, future.id].sort((a, b) => a - b));
    for (const entry of entries) {
      expect(entry.unit_id).toBe(other.unitId);
      expect(entry.subject_owner_unit_id).toBe(active.ownerUnitId);
      expect(entry.detail).toEqual({ tier: 'CONDITIONAL' });
    }
  });

  it("records a hub admin's read of another unit's conditional content too", async () => {
    const before = (await readContentEntries()).length;
    const result = await data(`query($id: ID!) { node(id: $id) { ... on SharedResource { bodyEn } } }`, { id: elsewhere.globalId }, admin.headers);
    expect(result.node.bodyEn).toBe('Body of Granted to another unit');
    const entries = (await readContentEntries()).slice(before);
    expect(entries.map((entry) => [Number(entry.subject_id), entry.unit_id])).toEqual([[elsewhere.id, admin.unitId]]);
  });
});

describe('filters', () => {
  let relation: string;
  let kyoto: string;

  beforeAll(async () => {
    const relationKey = await relationId(hub.databaseUrl, '610000', 'Kyōto Prefecture');
    const kyotoKey = await localityId(hub.databaseUrl, { name: 'Kyoto', country: 'JP' });
    relation = globalId('FriendshipRelation', relationKey);
    kyoto = globalId('Locality', kyotoKey);
    await insertResources(hub.databaseUrl, [
      {
        owner: OWNER_UNIT,
        titleEn: 'F1',
        kind: 'INVESTMENT_LEAD',
        countries: ['JP'],
        foreignLocalities: [kyotoKey],
        relations: [relationKey],
        domesticLocality: '610100',
        tags: ['filters', 'silk-road'],
        themes: ['TRADE'],
        validFrom: '2026-01-01',
        validUntil: '2026-12-31',
      },
      { owner: OWNER_UNIT, titleEn: 'F2', kind: 'EVENT', countries: ['KR'], domesticLocality: '610113', tags: ['filters'], themes: ['CULTURE'], validUntil: '2025-12-31' },
      { owner: OTHER_UNIT, titleEn: 'F3', kind: 'DATASET', tier: 'UNCONDITIONAL', tags: ['filters'] },
      { owner: OWNER_UNIT, titleEn: 'F4', kind: 'EVENT', status: 'DRAFT', tags: ['filters'], validFrom: '2026-07-01' },
    ]);
  });

  const found = async (filter: Record<string, unknown>, headers = owner.headers) => {
    const result = await list({ filter: { tag: 'filters', ...filter }, first: 100 }, headers);
    expect(result.resources.totalCount).toBe(result.resources.edges.length);
    return titles(result).sort();
  };

  it('filters by kind, status, tier and owner', async () => {
    expect(await found({ kind: ['EVENT'] })).toEqual(['F2', 'F4']);
    expect(await found({ kind: ['EVENT', 'DATASET'], status: ['PUBLISHED'] })).toEqual(['F2', 'F3']);
    expect(await found({ tier: ['UNCONDITIONAL'] })).toEqual(['F3']);
    expect(await found({ owner: await unitGlobalId(OTHER_UNIT) })).toEqual(['F3']);
    expect(await found({ owner: await unitGlobalId(OWNER_UNIT) })).toEqual(['F1', 'F2', 'F4']);
    // Another unit never sees Commerce's draft, whatever it asks for.
    expect(await found({ status: ['DRAFT'] }, other.headers)).toEqual([]);
  });

  it('filters by country, foreign locality, relation, tag, theme and validity', async () => {
    expect(await found({ country: 'JP' })).toEqual(['F1']);
    expect(await found({ country: 'kr' })).toEqual(['F2']);
    expect(await found({ foreignLocality: kyoto })).toEqual(['F1']);
    expect(await found({ relation })).toEqual(['F1']);
    expect(await found({ tag: 'silk-road' })).toEqual(['F1']);
    expect(await found({ theme: 'CULTURE' })).toEqual(['F2']);
    expect(await found({ validAt: '2026-06-01' })).toEqual(['F1', 'F3']);
    expect(await found({ validAt: '2025-06-01' })).toEqual(['F2', 'F3']);
    expect(await found({ validAt: '2026-08-01' })).toEqual(['F1', 'F3', 'F4']);
  });

  it("filters by domestic locality, with or without the divisions inside it", async () => {
    const xian = globalId('Locality', await localityId(hub.databaseUrl, { gbCode: '610100' }));
    const shaanxi = globalId('Locality', await localityId(hub.databaseUrl, { gbCode: '610000' }));
    expect(await found({ domesticLocality: xian })).toEqual(['F1']);
    expect(await found({ domesticLocality: xian, includeDescendants: true })).toEqual(['F1', 'F2']);
    expect(await found({ domesticLocality: shaanxi })).toEqual([]);
    expect(await found({ domesticLocality: shaanxi, includeDescendants: true })).toEqual(['F1', 'F2']);
  });

  it('an ID of nothing is NOT_FOUND naming the field; a malformed one, or one of the wrong kind, is BAD_USER_INPUT', async () => {
    const cases: Array<[Record<string, unknown>, string, string, string?]> = [
      [{ owner: globalId('MemberUnit', 999_999) }, 'NOT_FOUND', 'filter.owner', 'OBJECT_NOT_FOUND'],
      [{ relation: globalId('FriendshipRelation', 999_999) }, 'NOT_FOUND', 'filter.relation', 'OBJECT_NOT_FOUND'],
      [{ foreignLocality: globalId('Locality', 99_999_999) }, 'NOT_FOUND', 'filter.foreignLocality', 'OBJECT_NOT_FOUND'],
      [{ domesticLocality: globalId('Locality', 99_999_999) }, 'NOT_FOUND', 'filter.domesticLocality', 'OBJECT_NOT_FOUND'],
      [{ owner: kyoto }, 'BAD_USER_INPUT', 'filter.owner', 'INVALID_ID'],
      [{ relation: 'not-an-id' }, 'BAD_USER_INPUT', 'filter.relation', 'INVALID_ID'],
      [{ foreignLocality: globalId('Locality', await localityId(hub.databaseUrl, { gbCode: '610100' })) }, 'BAD_USER_INPUT', 'filter.foreignLocality', 'WRONG_SIDE'],
      [{ domesticLocality: kyoto }, 'BAD_USER_INPUT', 'filter.domesticLocality', 'WRONG_SIDE'],
      [{ includeDescendants: true }, 'BAD_USER_INPUT', 'filter.includeDescendants'],
      [{ text: 'x'.repeat(201) }, 'BAD_USER_INPUT', 'filter.text', 'SEARCH_TOO_LONG'],
      [{ tag: 'a\u0000b' }, 'BAD_USER_INPUT', 'filter.tag', 'INVALID_CHARACTER'],
    ];
    for (const [filter, code, field, reason] of cases) {
      const error = await failure(LIST, { filter }, other.headers);
      expect(error.extensions?.code, JSON.stringify(filter)).toBe(code);
      expect(error.extensions?.field, JSON.stringify(filter)).toBe(field);
      if (reason) expect(error.extensions?.reason, JSON.stringify(filter)).toBe(reason);
    }
  });

  it('an unknown country code is BAD_USER_INPUT naming the value', async () => {
    const error = await failure(LIST, { filter: { country: 'ZZ' } }, other.headers);
    expect(error.extensions?.code).toBe('BAD_USER_INPUT');
    expect(error.message).toContain('ZZ');
  });

  it('ordering by relevance without a text search is BAD_USER_INPUT', async () => {
    const error = await failure(LIST, { orderBy: { field: 'RELEVANCE' } }, other.headers);
    expect(error.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'orderBy.field' });
  });

  it('the same filter on a nested list is checked once for all parents', async () => {
    const query = `query($owner: ID!) { memberUnits(filter: { search: "610000-" }, first: 30) { edges { node { resources(filter: { owner: $owner, tag: "filters" }) { totalCount } } } } }`;
    const ownerId = await unitGlobalId(OTHER_UNIT);
    const { result, statements } = await hub.countQueries(() => hub.gql(query, { owner: ownerId }, other.headers));
    expect(result.errors).toBeUndefined();
    expect(statements.filter((sql) => /from member_unit where id = \?\) as c0/.test(sql))).toHaveLength(1);
    const counts = result.data.memberUnits.edges.map((edge: any) => edge.node.resources.totalCount);
    expect(counts.filter((n: number) => n > 0)).toEqual([1]);
  });
});

describe('full-text search', () => {
  beforeAll(async () => {
    await insertResources(hub.databaseUrl, [
      { owner: OWNER_UNIT, titleZh: '西安与京都缔结友好城市五十周年', titleEn: "Fifty years of Xi'an and Kyoto as sister cities", tags: ['search'] },
      { owner: OWNER_UNIT, titleZh: '城市友好交流活动', titleEn: 'Exchange activities', tags: ['search'] },
      { owner: OWNER_UNIT, titleEn: 'Investment partnerships with Kraków', summaryEn: 'Leads for Polish investors.', tags: ['search'] },
      { owner: OWNER_UNIT, titleEn: 'Cultural network', summaryEn: 'A café network for partnership building.', tags: ['search'] },
      { owner: OWNER_UNIT, titleEn: 'Quarterly report', tier: 'CONDITIONAL', bodyEn: 'The body mentions zephyrine.', tags: ['search'] },
      { owner: OWNER_UNIT, titleEn: 'Confidential zephyrine negotiation', tier: 'NOT_SHARED', tags: ['search'] },
      { owner: OTHER_UNIT, titleEn: 'Green fund', themes: ['TRADE'], tags: ['search', 'museum'] },
    ]);
  });

  const search = async (text: string, headers = other.headers, extra: Record<string, unknown> = {}) =>
    titles(await list({ filter: { tag: 'search', text }, first: 50, ...extra }, headers));

  it('finds Chinese text by its characters in sequence, not by the same characters in another order', async () => {
    expect(await search('友好城市')).toEqual(["Fifty years of Xi'an and Kyoto as sister cities"]);
    expect(await search('城市友好')).toEqual(['Exchange activities']);
    expect(await search('京都')).toEqual(["Fifty years of Xi'an and Kyoto as sister cities"]);
  });

  it('finds English words in other forms and without accents, titles before summaries', async () => {
    expect(await search('partnership')).toEqual(['Investment partnerships with Kraków', 'Cultural network']);
    expect(await search('krakow')).toEqual(['Investment partnerships with Kraków']);
    expect(await search('CAFE')).toEqual(['Cultural network']);
    expect(await search('"sister cities"')).toEqual(["Fifty years of Xi'an and Kyoto as sister cities"]);
    expect(await search('partnership -krakow')).toEqual(['Cultural network']);
    expect(await search('museum')).toEqual(['Green fund']);
    expect(await search('trade')).toEqual(['Green fund']);
  });

  it('never matches bodies, nor resources the caller may not see', async () => {
    expect(await search('zephyrine')).toEqual([]);
    expect(await search('zephyrine', owner.headers)).toEqual(['Confidential zephyrine negotiation']);
    expect(await search('zephyrine', ANONYMOUS)).toEqual([]);
  });

  it('pages through ranked results with stable cursors, and can order them otherwise', async () => {
    const first = await list({ filter: { tag: 'search', text: 'partnership' }, first: 1 }, other.headers);
    expect(titles(first)).toEqual(['Investment partnerships with Kraków']);
    expect(first.resources.pageInfo.hasNextPage).toBe(true);
    expect(first.resources.totalCount).toBe(2);
    // A new, better match does not move the cursor's place.
    await insertResource(hub.databaseUrl, { owner: OWNER_UNIT, titleEn: 'Partnership partnership partnerships', tags: ['search'] });
    const second = await list({ filter: { tag: 'search', text: 'partnership' }, first: 5, after: first.resources.pageInfo.endCursor }, other.headers);
    expect(titles(second)).toEqual(['Cultural network']);
    expect(second.resources.pageInfo.hasNextPage).toBe(false);
    const byTitle = await search('partnership', other.headers, { orderBy: { field: 'TITLE' } });
    expect(byTitle).toEqual(['Cultural network', 'Investment partnerships with Kraków', 'Partnership partnership partnerships']);
  });

  it('also searches the text of a question mark or quote without breaking', async () => {
    expect(await search("what's new? 'krakow'")).toEqual([]);
    expect(await search('krakow?')).toEqual(['Investment partnerships with Kraków']);
  });
});

describe('ordering and paging', () => {
  const created = (minutesAgo: number) => new Date(Date.UTC(2026, 5, 1, 12, 0, 0) - minutesAgo * 60_000);
  let inserted: InsertedResource[];

  beforeAll(async () => {
    const fixtures: ResourceFixture[] = Array.from({ length: 25 }, (_, i) => ({
      owner: OWNER_UNIT,
      titleEn: `Item ${String.fromCharCode(65 + ((i * 7) % 25))}`,
      titleZh: i % 5 === 0 ? null : `条目${String(25 - i).padStart(2, '0')}`,
      tags: ['paging'],
      // Contributed one minute apart, oldest first; every fourth still a draft.
      createdAt: created(25 - i),
      updatedAt: created(i),
      status: i % 4 === 0 ? 'DRAFT' : 'PUBLISHED',
    }));
    inserted = await insertResources(hub.databaseUrl, fixtures);
  });

  const allIds = async (orderBy?: Record<string, unknown>) =>
    (await list({ filter: { tag: 'paging' }, orderBy, first: 100 }, owner.headers)).resources.edges.map((edge) => edge.node.id);

  it('lists newest first by default', async () => {
    expect(await allIds()).toEqual([...inserted].reverse().map((resource) => resource.globalId));
    expect(await allIds({ field: 'CREATED_AT', direction: 'ASC' })).toEqual(inserted.map((resource) => resource.globalId));
  });

  it('pages forward and backward without repeating or skipping a resource', async () => {
    const everything = await allIds();
    const forward: string[] = [];
    let after: string | null = null;
    for (;;) {
      const page: ListResult = await list({ filter: { tag: 'paging' }, first: 10, after }, owner.headers);
      expect(page.resources.totalCount).toBe(25);
      forward.push(...page.resources.edges.map((edge) => edge.node.id));
      if (!page.resources.pageInfo.hasNextPage) break;
      after = page.resources.pageInfo.endCursor;
    }
    expect(forward).toEqual(everything);

    const backward: string[] = [];
    let before: string | null = null;
    for (;;) {
      const page: ListResult = await list({ filter: { tag: 'paging' }, last: 10, before }, owner.headers);
      backward.unshift(...page.resources.edges.map((edge) => edge.node.id));
      if (!page.resources.pageInfo.hasPreviousPage) break;
      before = page.resources.pageInfo.startCursor;
    }
    expect(backward).toEqual(everything);
  });

  it('orders by title in either language, by update and by publication with drafts last', async () => {
    const byTitle = (await list({ filter: { tag: 'paging' }, orderBy: { field: 'TITLE' }, first: 100 }, owner.headers)).resources.edges;
    const english = byTitle.map((edge) => edge.node.titleEn!);
    expect(english).toEqual([...english].sort());

    const zh = (await list({ filter: { tag: 'paging' }, orderBy: { field: 'TITLE', language: 'ZH', direction: 'DESC' }, first: 100 }, owner.headers))
      .resources.edges.map((edge) => edge.node.titleZh ?? edge.node.titleEn!);
    expect(zh).toEqual([...zh].sort().reverse());

    expect(await allIds({ field: 'UPDATED_AT', direction: 'ASC' })).toEqual([...inserted].reverse().map((resource) => resource.globalId));

    for (const direction of ['ASC', 'DESC']) {
      const statuses = (await list({ filter: { tag: 'paging' }, orderBy: { field: 'PUBLISHED_AT', direction }, first: 100 }, owner.headers)).resources.edges.map(
        (edge) => edge.node.status,
      );
      const firstDraft = statuses.indexOf('DRAFT');
      expect(firstDraft).toBe(statuses.length - 7);
      expect(statuses.slice(firstDraft).every((status) => status === 'DRAFT')).toBe(true);
    }
  });

  it('refuses a cursor it did not hand out, and one from another order', async () => {
    const error = await failure(LIST, { filter: { tag: 'paging' }, after: 'bm9wZQ' }, owner.headers);
    expect(error.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'after', reason: 'INVALID_CURSOR' });
    const byTitle = await list({ filter: { tag: 'paging' }, orderBy: { field: 'TITLE' }, first: 2 }, owner.headers);
    const mixed = await failure(LIST, { filter: { tag: 'paging' }, after: byTitle.resources.pageInfo.endCursor }, owner.headers);
    expect(mixed.extensions).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'INVALID_CURSOR' });
  });
});

describe('fields', () => {
  it('title, summary and body fall back to the other language; the owner and hub admins alone see a stored basis', async () => {
    const resource = await insertResource(hub.databaseUrl, {
      owner: OWNER_UNIT,
      tier: 'UNCONDITIONAL',
      titleZh: '兵马俑展览',
      titleEn: null,
      summaryEn: 'Loans of Terracotta Army figures',
      bodyZh: '展览详情',
      notSharedBasis: 'Was internal until 2026',
      domesticLocality: '610100',
      countries: ['JP', 'FR'],
      tags: ['fields'],
    });
    const query = `query($id: ID!) { node(id: $id) { ... on SharedResource {
      title titleEn titleZh en: summary zh: summary(language: ZH) body zhBody: body(language: ZH) notSharedBasis
      owner { code name } domesticLocality { name nameZh } countries { code } foreignLocalities { id } relations { id }
    } } }`;
    const seen = await data(query, { id: resource.globalId }, other.headers);
    expect(seen.node).toEqual({
      title: '兵马俑展览',
      titleEn: null,
      titleZh: '兵马俑展览',
      en: 'Loans of Terracotta Army figures',
      zh: 'Loans of Terracotta Army figures',
      body: '展览详情',
      zhBody: '展览详情',
      notSharedBasis: null,
      owner: { code: OWNER_UNIT, name: expect.any(String) },
      domesticLocality: { name: "Xi'an", nameZh: '西安市' },
      countries: [{ code: 'FR' }, { code: 'JP' }],
      foreignLocalities: [],
      relations: [],
    });
    for (const headers of [owner.headers, admin.headers]) {
      expect((await data(query, { id: resource.globalId }, headers)).node.notSharedBasis).toBe('Was internal until 2026');
    }
  });

  it('a list asking for the domestic locality and its country keeps the resources that have none', async () => {
    await insertResources(hub.databaseUrl, [
      { owner: OWNER_UNIT, titleEn: 'Somewhere', domesticLocality: '610100', tags: ['located'] },
      { owner: OWNER_UNIT, titleEn: 'Nowhere', tags: ['located'] },
    ]);
    const result = await data(
      `{ resources(filter: { tag: "located" }, orderBy: { field: TITLE }) { totalCount edges { node { title domesticLocality { name country { name } } } } } }`,
      {},
      other.headers,
    );
    expect(result.resources.edges.map((edge: any) => edge.node)).toEqual([
      { title: 'Nowhere', domesticLocality: null },
      { title: 'Somewhere', domesticLocality: { name: "Xi'an", country: { name: "People's Republic of China" } } },
    ]);
  });
});

describe('contribution stats', () => {
  beforeAll(async () => {
    await insertResources(hub.databaseUrl, [
      { owner: OWNER_UNIT, kind: 'EVENT', countries: ['JP', 'KR'], tags: ['stats'], createdAt: new Date('2026-01-15T20:00:00Z') },
      // 01:00 on 1 February in China.
      { owner: OWNER_UNIT, kind: 'EVENT', tier: 'UNCONDITIONAL', countries: ['JP'], tags: ['stats'], createdAt: new Date('2026-01-31T17:00:00Z') },
      { owner: OTHER_UNIT, kind: 'DATASET', countries: ['JP'], tags: ['stats'], createdAt: new Date('2026-02-10T08:00:00Z') },
      { owner: OTHER_UNIT, kind: 'DATASET', tier: 'NOT_SHARED', countries: ['KR'], tags: ['stats'], createdAt: new Date('2026-02-11T08:00:00Z') },
    ]);
  });

  const STATS = `query($groupBy: ContributionStatsGroupBy!) {
    contributionStats(groupBy: $groupBy, filter: { tag: "stats" }) { key count unit { code } kind country { code nameZh } month }
  }`;
  const stats = async (groupBy: string, headers: Record<string, string>) =>
    (await data(STATS, { groupBy }, headers)).contributionStats.map((stat: any) => [stat.key, stat.count]);

  it('groups by unit, kind, country and month (China time), most first', async () => {
    const culture = await createIdentity(hub.databaseUrl, { unit: '610000-CULTURE-TOURISM', role: 'VIEWER' });
    expect(await stats('UNIT', culture.headers)).toEqual([[OWNER_UNIT, 2], [OTHER_UNIT, 1]]);
    expect(await stats('KIND', culture.headers)).toEqual([['EVENT', 2], ['DATASET', 1]]);
    expect(await stats('COUNTRY', culture.headers)).toEqual([['JP', 3], ['KR', 1]]);
    expect(await stats('MONTH', culture.headers)).toEqual([['2026-02', 2], ['2026-01', 1]]);

    const full = await data(STATS, { groupBy: 'COUNTRY' }, culture.headers);
    expect(full.contributionStats[0]).toEqual({ key: 'JP', count: 3, unit: null, kind: null, country: { code: 'JP', nameZh: expect.any(String) }, month: null });
    const units = await data(STATS, { groupBy: 'UNIT' }, culture.headers);
    expect(units.contributionStats[0]).toMatchObject({ unit: { code: OWNER_UNIT }, kind: null, country: null, month: null });
  });

  it('counts only what the caller may see', async () => {
    expect(await stats('UNIT', ANONYMOUS)).toEqual([[OWNER_UNIT, 1], [OTHER_UNIT, 1]]);
    expect(await stats('COUNTRY', ANONYMOUS)).toEqual([['JP', 2], ['KR', 1]]);
    expect(await stats('UNIT', admin.headers)).toEqual([[OWNER_UNIT, 2], [OTHER_UNIT, 2]]);
    expect(await stats('COUNTRY', other.headers)).toEqual([['JP', 3], ['KR', 2]]);
  });
});

describe('statements per query', () => {
  beforeAll(async () => {
    const tiers = ['PUBLIC', 'UNCONDITIONAL', 'CONDITIONAL'] as const;
    const bulk = await insertResources(
      hub.databaseUrl,
      Array.from({ length: 60 }, (_, i) => ({
        owner: i % 2 ? OWNER_UNIT : '610100-FAO',
        tier: tiers[i % 3],
        titleEn: `Bulk ${i}`,
        bodyEn: `Body ${i}`,
        contact: { name: `Contact ${i}` },
        links: [{ url: `https://example.org/${i}` }],
        countries: ['JP', 'US'],
        domesticLocality: '610100',
        tags: ['bulk'],
        createdAt: new Date(Date.UTC(2026, 0, 1) + i * 60_000),
      })),
    );
    for (const [index, resource] of bulk.entries()) {
      if (index % 3 === 2) await insertGrant(hub.databaseUrl, { resourceId: resource.id, unit: OTHER_UNIT });
    }
  });

  it('a nested list with owners, countries and content runs as many statements for 50 resources as for 20', async () => {
    const query = `query($first: Int) { resources(filter: { tag: "bulk" }, first: $first) {
      totalCount
      edges { node { id title owner { code name } countries { code name } domesticLocality { name country { code } } body contact { name } links { url } contentReadable } }
    } }`;
    const counts: number[] = [];
    for (const first of [20, 50]) {
      const { result, statements } = await hub.countQueries(() => hub.gql(query, { first }, other.headers));
      expect(result.errors).toBeUndefined();
      expect(result.data.resources.edges).toHaveLength(first);
      expect(result.data.resources.edges.filter((edge: any) => edge.node.body !== null)).toHaveLength(first);
      counts.push(statements.length);
    }
    expect(counts[0]).toBe(counts[1]);
    // Token, page, count, countries, and the audit entries of the conditional reads.
    expect(counts[1]).toBeLessThanOrEqual(5);
  });

  it("reverse edges are batched: a list of units with their resources costs the same for 5 units as for 40", async () => {
    const query = `query($first: Int) { memberUnits(first: $first) { edges { node { code resources(first: 3, filter: { tag: "bulk" }) {
      totalCount edges { node { title owner { code } bodyEn } }
    } } } } }`;
    const counts: number[] = [];
    for (const first of [5, 40]) {
      const { result, statements } = await hub.countQueries(() => hub.gql(query, { first }, other.headers));
      expect(result.errors).toBeUndefined();
      counts.push(statements.length);
    }
    expect(counts[0]).toBe(counts[1]);
  });
});
