import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestHub, type TestHub } from '../helpers/hub';
import { createIdentity, type TestIdentity } from '../helpers/identities';
import { globalId, insertResources, withClient, type ResourceFixture } from '../helpers/resources';

const SEARCH = `query Search($text: String!, $types: [SearchType!], $first: Int, $after: String) {
  search(text: $text, types: $types, first: $first, after: $after) {
    totalCount
    pageInfo { hasNextPage hasPreviousPage endCursor }
    edges {
      cursor rank type
      node {
        __typename
        ... on SharedResource { id title owner { name } }
        ... on InformationItem { id title publisher { name } }
        ... on CatalogueMatter { id name provider { name } }
      }
    }
  }
}`;

let hub: TestHub;
let editor: TestIdentity; // 610000-COMMERCE EDITOR: owns every fixture below
let other: TestIdentity; // 610000-EDUCATION EDITOR: a member of another unit
let hubAdmin: TestIdentity; // 610000-FAO ADMIN
const anonymous: Record<string, string> = {};

beforeAll(async () => {
  hub = await startTestHub();
  [editor, other, hubAdmin] = await Promise.all([
    createIdentity(hub.databaseUrl, { unit: '610000-COMMERCE', role: 'EDITOR' }),
    createIdentity(hub.databaseUrl, { unit: '610000-EDUCATION', role: 'EDITOR' }),
    createIdentity(hub.databaseUrl, { unit: '610000-FAO', role: 'ADMIN' }),
  ]);
});

afterAll(async () => {
  await hub?.stop();
});

type Tier = 'PUBLIC' | 'UNCONDITIONAL' | 'NOT_SHARED';

interface ItemFixture {
  titleEn?: string | null;
  titleZh?: string | null;
  bodyEn?: string | null;
  tier?: Tier;
  status?: 'DRAFT' | 'PUBLISHED' | 'ARCHIVED';
  createdAt?: Date;
}

interface MatterFixture {
  code: string;
  nameEn?: string | null;
  nameZh?: string | null;
  acceptingOffice?: string;
  legalBasis?: string;
  tier?: Tier;
  status?: 'ACTIVE' | 'WITHDRAWN';
  createdAt?: Date;
}

/** Information items of the editor's unit (PUBLISHED, PUBLIC unless given); their global IDs. */
async function insertItems(items: ItemFixture[]): Promise<string[]> {
  return withClient(hub.databaseUrl, async (client) => {
    const ids: string[] = [];
    for (const item of items) {
      const status = item.status ?? 'PUBLISHED';
      const createdAt = item.createdAt ?? new Date();
      const { rows } = await client.query<{ id: number }>(
        `insert into information_item (owner_unit_id, kind, title_en, title_zh, body_en, tier, status, effective_from, created_at, updated_at, published_at, archived_at)
         values ($1, 'NOTICE', $2, $3, $4, $5, $6, '2026-01-01', $7, $7, $8, $9) returning id`,
        [
          editor.unitId,
          item.titleEn === undefined ? 'Test item' : item.titleEn,
          item.titleZh ?? null,
          item.bodyEn ?? null,
          item.tier ?? 'PUBLIC',
          status,
          createdAt,
          status === 'DRAFT' ? null : createdAt,
          status === 'ARCHIVED' ? createdAt : null,
        ],
      );
      ids.push(globalId('InformationItem', rows[0].id));
    }
    return ids;
  });
}

/** Catalogue matters of the editor's unit (ACTIVE, PUBLIC unless given); their global IDs. */
async function insertMatters(matters: MatterFixture[]): Promise<string[]> {
  return withClient(hub.databaseUrl, async (client) => {
    const ids: string[] = [];
    for (const matter of matters) {
      const status = matter.status ?? 'ACTIVE';
      const createdAt = matter.createdAt ?? new Date();
      const { rows } = await client.query<{ id: number }>(
        `insert into catalogue_matter (provider_unit_id, kind, code, name_en, name_zh, accepting_office, consultation, processing_time_limit_days,
           legal_basis, procedure, online, update_cycle, tier, status, withdrawn_at, created_at, updated_at)
         values ($1, 'LICENCE', $2, $3, $4, $5, '{"text": "Counter 3"}', 20, $6, '{Apply,Review}', 'OFFLINE', 'YEARLY', $7, $8, $9, $10, $10) returning id`,
        [
          editor.unitId,
          matter.code,
          matter.nameEn === undefined ? `Matter ${matter.code}` : matter.nameEn,
          matter.nameZh ?? null,
          matter.acceptingOffice ?? 'Visa Division, Shaanxi FAO',
          matter.legalBasis ?? 'Exit and Entry Administration Law',
          matter.tier ?? 'PUBLIC',
          status,
          status === 'WITHDRAWN' ? createdAt : null,
          createdAt,
        ],
      );
      ids.push(globalId('CatalogueMatter', rows[0].id));
    }
    return ids;
  });
}

async function insertOwnResources(fixtures: Array<Omit<ResourceFixture, 'owner'>>): Promise<string[]> {
  const inserted = await insertResources(
    hub.databaseUrl,
    fixtures.map((fixture) => ({ owner: '610000-COMMERCE', ...fixture })),
  );
  return inserted.map((resource) => resource.globalId);
}

interface Edge {
  cursor: string;
  rank: number;
  type: string;
  node: { __typename: string; id: string; title?: string; name?: string; owner?: { name: string }; publisher?: { name: string }; provider?: { name: string } };
}

async function search(headers: Record<string, string>, variables: Record<string, unknown>) {
  const response = await hub.gql(SEARCH, variables, headers);
  expect(response.errors).toBeUndefined();
  return response.data.search as { totalCount: number; pageInfo: { hasNextPage: boolean; hasPreviousPage: boolean; endCursor: string | null }; edges: Edge[] };
}

const ids = (edges: Edge[]) => edges.map((edge) => edge.node.id).sort();

describe('search', () => {
  it('finds one word in an information item, a catalogue matter and a shared resource, best match first', async () => {
    // In an item's title (weight A), a resource's summary (B), a matter's legal basis (C).
    const [item] = await insertItems([{ titleEn: 'Marlinspike notice for delegations' }]);
    const [resource] = await insertOwnResources([{ titleEn: 'Harbour logistics', summaryEn: 'The marlinspike knot course.' }]);
    const [matter] = await insertMatters([{ code: 'SEARCH-RANK-1', legalBasis: 'Marlinspike Regulations, art. 3' }]);

    const result = await search(anonymous, { text: 'marlinspike' });
    expect(result.totalCount).toBe(3);
    expect(result.edges.map((edge) => [edge.type, edge.node.__typename, edge.node.id])).toEqual([
      ['INFORMATION', 'InformationItem', item],
      ['RESOURCE', 'SharedResource', resource],
      ['CATALOGUE', 'CatalogueMatter', matter],
    ]);
    const ranks = result.edges.map((edge) => edge.rank);
    expect(ranks[0]).toBeGreaterThan(ranks[1]);
    expect(ranks[1]).toBeGreaterThan(ranks[2]);
    expect(result.edges[0].node).toMatchObject({ title: 'Marlinspike notice for delegations', publisher: { name: expect.any(String) } });
    expect(result.edges[2].node).toMatchObject({ name: 'Matter SEARCH-RANK-1', provider: { name: expect.any(String) } });
  });

  it('searches only the types asked for', async () => {
    const [item] = await insertItems([{ titleEn: 'Quillwort exhibition' }]);
    const [resource] = await insertOwnResources([{ titleEn: 'Quillwort cultural asset' }]);
    const [matter] = await insertMatters([{ code: 'SEARCH-TYPES-1', nameEn: 'Quillwort import licence' }]);

    expect(ids((await search(anonymous, { text: 'quillwort' })).edges)).toEqual([item, resource, matter].sort());
    const narrowed = await search(anonymous, { text: 'quillwort', types: ['CATALOGUE', 'RESOURCE'] });
    expect(ids(narrowed.edges)).toEqual([resource, matter].sort());
    expect(narrowed.totalCount).toBe(2);
    const items = await search(anonymous, { text: 'quillwort', types: ['INFORMATION'] });
    expect(items.edges.map((edge) => edge.node.id)).toEqual([item]);
    expect(items.totalCount).toBe(1);
  });

  it('finds Chinese words in Chinese titles and names by their characters in order', async () => {
    const [item] = await insertItems([{ titleEn: null, titleZh: '赴柬埔寨签证办理须知' }]);
    const [matter] = await insertMatters([{ code: 'SEARCH-ZH-1', nameEn: null, nameZh: '柬埔寨签证证明出具' }]);

    const found = await search(anonymous, { text: '柬埔寨签证', types: ['INFORMATION', 'CATALOGUE'] });
    expect(ids(found.edges)).toEqual([item, matter].sort());
    expect(found.edges.map((edge) => edge.node.title ?? edge.node.name)).toContain('赴柬埔寨签证办理须知');
    // The same characters in another order are another word.
    expect((await search(anonymous, { text: '签证柬埔寨', types: ['INFORMATION', 'CATALOGUE'] })).edges).toEqual([]);
    // Mixed with English, and as a quoted phrase.
    const [mixed] = await insertItems([{ titleEn: 'Wolframite brief', titleZh: '钨锰铁矿简报' }]);
    expect((await search(anonymous, { text: 'wolframite 钨锰铁矿' })).edges.map((edge) => edge.node.id)).toEqual([mixed]);
    expect((await search(anonymous, { text: '"钨锰铁矿简报"' })).edges.map((edge) => edge.node.id)).toEqual([mixed]);
  });

  describe('only what the caller may read', () => {
    let visible: Record<string, string>;
    beforeAll(async () => {
      const word = 'Hornbeam';
      const [itemPublic, itemDraft, itemMembers, itemOwn, itemArchived] = await insertItems([
        { titleEn: `${word} public item` },
        { titleEn: `${word} draft item`, status: 'DRAFT' },
        { titleEn: `${word} members item`, tier: 'UNCONDITIONAL' },
        { titleEn: `${word} own item`, tier: 'NOT_SHARED' },
        { titleEn: `${word} archived item`, status: 'ARCHIVED' },
      ]);
      const [matterPublic, matterMembers, matterOwn, matterWithdrawn] = await insertMatters([
        { code: 'SEARCH-VIS-1', nameEn: `${word} public matter` },
        { code: 'SEARCH-VIS-2', nameEn: `${word} members matter`, tier: 'UNCONDITIONAL' },
        { code: 'SEARCH-VIS-3', nameEn: `${word} own matter`, tier: 'NOT_SHARED' },
        { code: 'SEARCH-VIS-4', nameEn: `${word} withdrawn matter`, status: 'WITHDRAWN' },
      ]);
      const [resourcePublic, resourceDraft, resourceMembers, resourceConditional, resourceOwn] = await insertOwnResources([
        { titleEn: `${word} public resource` },
        { titleEn: `${word} draft resource`, status: 'DRAFT' },
        { titleEn: `${word} members resource`, tier: 'UNCONDITIONAL' },
        { titleEn: `${word} conditional resource`, tier: 'CONDITIONAL' },
        { titleEn: `${word} own resource`, tier: 'NOT_SHARED' },
      ]);
      visible = {
        itemPublic, itemDraft, itemMembers, itemOwn, itemArchived,
        matterPublic, matterMembers, matterOwn, matterWithdrawn,
        resourcePublic, resourceDraft, resourceMembers, resourceConditional, resourceOwn,
      };
    });

    const expectFinds = async (headers: Record<string, string>, names: string[]) => {
      const result = await search(headers, { text: 'hornbeam', first: 100 });
      expect(ids(result.edges)).toEqual(names.map((name) => visible[name]).sort());
      expect(result.totalCount).toBe(names.length);
    };

    it('an anonymous caller finds only public published items, public active matters and public published resources', async () => {
      await expectFinds(anonymous, ['itemPublic', 'itemArchived', 'matterPublic', 'resourcePublic']);
    });

    it('a member of another unit does not find drafts or what is not shared, nor are they counted', async () => {
      await expectFinds(other.headers, [
        'itemPublic', 'itemArchived', 'itemMembers',
        'matterPublic', 'matterMembers',
        'resourcePublic', 'resourceMembers', 'resourceConditional',
      ]);
    });

    it("the owner unit finds its own drafts and what it does not share, but not withdrawn matters", async () => {
      const all = Object.keys(visible).filter((name) => name !== 'matterWithdrawn');
      await expectFinds(editor.headers, all);
      await expectFinds(hubAdmin.headers, all);
    });
  });

  it('pages through every hit exactly once, ties included', async () => {
    // Identical titles at the same moment: equal ranks and times, ordered by type and id.
    const createdAt = new Date('2026-03-01T08:00:00Z');
    const expected = [
      ...(await insertItems(Array.from({ length: 4 }, () => ({ titleEn: 'Tamarack forum', createdAt })))),
      ...(await insertMatters(Array.from({ length: 3 }, (_, index) => ({ code: `SEARCH-PAGE-${index}`, nameEn: 'Tamarack forum', createdAt })))),
      ...(await insertOwnResources(Array.from({ length: 4 }, () => ({ titleEn: 'Tamarack forum', createdAt })))),
      ...(await insertItems([{ titleEn: 'Tamarack', bodyEn: 'Tamarack forum, tamarack trees.' }])),
    ];
    const seen: string[] = [];
    let after: string | null = null;
    let pages = 0;
    for (;;) {
      const page = await search(other.headers, { text: 'tamarack forum', first: 3, after });
      expect(page.totalCount).toBe(expected.length);
      expect(page.pageInfo.hasPreviousPage).toBe(after != null);
      seen.push(...page.edges.map((edge) => edge.node.id));
      pages++;
      if (!page.pageInfo.hasNextPage) break;
      after = page.pageInfo.endCursor;
    }
    expect(pages).toBe(4);
    expect(seen).toHaveLength(expected.length);
    expect([...seen].sort()).toEqual([...expected].sort());

    const whole = await search(other.headers, { text: 'tamarack forum', first: 100 });
    expect(whole.edges.map((edge) => edge.node.id)).toEqual(seen);
    const ranks = whole.edges.map((edge) => edge.rank);
    expect([...ranks].sort((a, b) => b - a)).toEqual(ranks);
  });

  it('takes %, _, backslashes, quotes and web-search syntax as text, never as an error', async () => {
    const [item] = await insertItems([{ titleEn: 'Sassafras 100% tariff_free notice' }, { titleEn: 'Sassafras duty notice' }]);
    for (const text of ['%', '_', '\\', '"', '100%', 'tariff_free', 'a\\b', "O'Brien", '"sassafras notice', 'sassafras -duty', 'sassafras or', '!&|:*()', '<->']) {
      const response = await hub.gql(SEARCH, { text }, {});
      expect(response.errors, text).toBeUndefined();
    }
    expect((await search(anonymous, { text: 'sassafras -duty', types: ['INFORMATION'] })).edges.map((edge) => edge.node.id)).toEqual([item]);
    expect((await search(anonymous, { text: '%' })).edges).toEqual([]);
  });

  it.each([
    ['an empty text', { text: '' }, 'text'],
    ['a blank text', { text: '   ' }, 'text'],
    ['a text of punctuation that searches for nothing', { text: " - ' . " }, 'text'],
    ['a text over 200 characters', { text: 'x'.repeat(201) }, 'text'],
    ['an empty list of types', { text: 'visa', types: [] }, 'types'],
    ['a page of no results', { text: 'visa', first: 0 }, 'first'],
    ['a page of over 100 results', { text: 'visa', first: 101 }, 'first'],
    ['a cursor the search did not hand out', { text: 'visa', after: 'bm90LWEtY3Vyc29y' }, 'after'],
  ])('refuses %s as bad input naming the field', async (_case, variables, field) => {
    const response = await hub.gql(SEARCH, variables, {});
    expect(response.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field });
  });

  it('reads the owners, publishers and providers of a page in the same number of statements for 3 hits as for 30', async () => {
    const statementsFor = async (word: string, perType: number) => {
      await insertItems(Array.from({ length: perType }, () => ({ titleEn: `${word} bulletin` })));
      await insertMatters(Array.from({ length: perType }, (_, index) => ({ code: `SEARCH-${word}-${index}`, nameEn: `${word} licence` })));
      await insertOwnResources(Array.from({ length: perType }, () => ({ titleEn: `${word} project` })));
      const { result, statements } = await hub.countQueries(() => hub.gql(SEARCH, { text: word, first: 100 }, other.headers));
      expect(result.errors).toBeUndefined();
      expect(result.data.search.edges).toHaveLength(3 * perType);
      expect(result.data.search.edges.every((edge: Edge) => (edge.node.owner ?? edge.node.publisher ?? edge.node.provider)?.name)).toBe(true);
      return statements;
    };
    const few = await statementsFor('Larkspur', 1);
    const many = await statementsFor('Bittersweet', 10);
    expect(many.length).toBe(few.length);
    // The search itself, then one statement per type for the objects, their units joined.
    expect(many.filter((statement) => /hub_resource_query/.test(statement))).toHaveLength(1);
    expect(many.length).toBeLessThanOrEqual(5); // with the token lookup
  });

  describe('follows what is written through the API, in the same transaction', () => {
    const CREATE_ITEM = `mutation($input: CreateInformationItemInput!) { createInformationItem(input: $input) { item { id version } } }`;
    const UPDATE_ITEM = `mutation($id: ID!, $input: UpdateInformationItemInput!) { updateInformationItem(id: $id, input: $input) { item { id version } } }`;
    const PUBLISH_ITEM = `mutation($id: ID!) { publishInformationItem(id: $id) { item { id version } } }`;
    const ADD_MATTER = `mutation($input: AddCatalogueMatterInput!) { addCatalogueMatter(input: $input) { matter { id } } }`;
    const WITHDRAW_MATTER = `mutation($id: ID!) { withdrawCatalogueMatter(id: $id) { matter { id } } }`;
    const CONTRIBUTE = `mutation($input: ContributeResourceInput!) { contributeResource(input: $input) { resource { id version } } }`;
    const UPDATE_RESOURCE = `mutation($input: UpdateResourceInput!) { updateResource(input: $input) { resource { id version } } }`;
    const WITHDRAW_RESOURCE = `mutation($input: WithdrawResourceInput!) { withdrawResource(input: $input) { resource { id version } } }`;

    async function must(query: string, variables: Record<string, unknown>, headers: Record<string, string>) {
      const response = await hub.gql(query, variables, headers);
      expect(response.errors, JSON.stringify(response.errors)).toBeUndefined();
      return Object.values(response.data)[0] as Record<string, any>;
    }
    const found = async (headers: Record<string, string>, text: string) => ids((await search(headers, { text, first: 100 })).edges);

    it('an information item is found once published, and by its new title after an edit, not its old one', async () => {
      const { item } = await must(CREATE_ITEM, { input: { kind: 'NOTICE', tier: 'UNCONDITIONAL', titleEn: 'Hornwort survey notice', effectiveFrom: '2026-01-01' } }, editor.headers);
      expect(await found(editor.headers, 'hornwort')).toEqual([item.id]);
      expect(await found(other.headers, 'hornwort')).toEqual([]);

      await must(PUBLISH_ITEM, { id: item.id }, editor.headers);
      expect(await found(other.headers, 'hornwort')).toEqual([item.id]);
      expect(await found(anonymous, 'hornwort')).toEqual([]); // UNCONDITIONAL: members only

      await must(UPDATE_ITEM, { id: item.id, input: { titleEn: 'Bladderwort survey notice', tier: 'PUBLIC' } }, editor.headers);
      expect(await found(other.headers, 'hornwort')).toEqual([]);
      expect(await found(anonymous, 'bladderwort')).toEqual([item.id]);
    });

    it('a catalogue matter is found while ACTIVE and no longer once withdrawn', async () => {
      const { matter } = await must(
        ADD_MATTER,
        {
          input: {
            kind: 'LICENCE', code: 'SEARCH-FOLLOW-1', nameEn: 'Sundew import permit', acceptingOffice: 'Service window', processingTimeLimitDays: 10,
            legalBasis: 'Test regulation', procedure: ['Apply'], online: 'OFFLINE', updateCycle: 'YEARLY', tier: 'PUBLIC', free: true,
            consultation: { text: 'Counter 1' }, applicationMaterials: [],
          },
        },
        editor.headers,
      );
      expect(await found(anonymous, 'sundew')).toEqual([matter.id]);
      await must(WITHDRAW_MATTER, { id: matter.id }, editor.headers);
      expect(await found(anonymous, 'sundew')).toEqual([]);
      expect(await found(editor.headers, 'sundew')).toEqual([]);
    });

    it('a shared resource is found by its new summary after an edit, and no longer by others once withdrawn', async () => {
      const { resource } = await must(
        CONTRIBUTE,
        { input: { kind: 'EVENT', tier: 'PUBLIC', titleEn: 'Orchid fair', summaryEn: 'Venus flytrap growers meet', publish: true } },
        editor.headers,
      );
      expect(await found(other.headers, 'flytrap')).toEqual([resource.id]);
      const updated = (await must(UPDATE_RESOURCE, { input: { id: resource.id, expectedVersion: resource.version, summaryEn: 'Pitcher plant growers meet' } }, editor.headers)).resource;
      expect(await found(other.headers, 'flytrap')).toEqual([]);
      expect(await found(anonymous, 'pitcher')).toEqual([resource.id]);
      await must(WITHDRAW_RESOURCE, { input: { id: resource.id, expectedVersion: updated.version, reason: 'Cancelled.' } }, editor.headers);
      expect(await found(other.headers, 'pitcher')).toEqual([]);
      expect(await found(editor.headers, 'pitcher')).toEqual([resource.id]); // its own unit still sees it
    });
  });

  it('ranks the newest matches of each type, at most 100 of them, and counts those', async () => {
    const base = Date.parse('2025-01-01T00:00:00Z');
    const items = await insertItems(Array.from({ length: 105 }, (_, index) => ({ titleEn: `Butterwort notice ${index}`, createdAt: new Date(base + index * 60_000) })));
    const seen: string[] = [];
    let after: string | null = null;
    let total = 0;
    do {
      const page = await search(other.headers, { text: 'butterwort', first: 40, after });
      total = page.totalCount;
      seen.push(...page.edges.map((edge) => edge.node.id));
      after = page.pageInfo.hasNextPage ? page.pageInfo.endCursor : null;
    } while (after);
    expect(total).toBe(100);
    expect(seen.sort()).toEqual(items.slice(5).sort()); // the five oldest are left out
  });
});
