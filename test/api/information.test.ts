import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { toGlobalId } from '../../src/shared/global-id';
import { subscribeFeed } from '../helpers/feed-client';
import { startTestHub, type GraphQLResponse, type TestHub } from '../helpers/hub';
import { createIdentity, type TestIdentity } from '../helpers/identities';

const ITEM_FIELDS = `id kind title titleZh titleEn body bodyZh bodyEn tier status effectiveFrom expiresOn advisoryLevel version
  publishedAt archivedAt createdAt updatedAt attachments { title url } countries { code } localities { id } publisher { code }`;

const CREATE = `mutation Create($input: CreateInformationItemInput!) { createInformationItem(input: $input) { item { ${ITEM_FIELDS} } } }`;
const UPDATE = `mutation Update($id: ID!, $input: UpdateInformationItemInput!, $expectedVersion: Int) {
  updateInformationItem(id: $id, input: $input, expectedVersion: $expectedVersion) { item { ${ITEM_FIELDS} } }
}`;
const PUBLISH = `mutation Publish($id: ID!, $expectedVersion: Int) { publishInformationItem(id: $id, expectedVersion: $expectedVersion) { item { ${ITEM_FIELDS} } } }`;
const ARCHIVE = `mutation Archive($id: ID!, $expectedVersion: Int) { archiveInformationItem(id: $id, expectedVersion: $expectedVersion) { item { ${ITEM_FIELDS} } } }`;
const NODE = `query Node($id: ID!) { node(id: $id) { ... on InformationItem { id status tier } } }`;
const LIST = `query List($filter: InformationItemFilter, $orderBy: InformationItemOrder, $first: Int, $after: String) {
  informationItems(filter: $filter, orderBy: $orderBy, first: $first, after: $after) {
    totalCount
    pageInfo { hasNextPage endCursor }
    edges { node { id titleEn status tier effectiveFrom countries { code } localities { id } publisher { code } } }
  }
}`;
const ADVISORIES = `query Advisories($countries: [CountryCode!]!, $on: LocalDate) {
  currentAdvisories(countries: $countries, on: $on) { id titleEn advisoryLevel effectiveFrom expiresOn countries { code } }
}`;

let hub: TestHub;
let db: pg.Client;
let editor: TestIdentity; // 610000-COMMERCE EDITOR: the publisher unit
let unitAdmin: TestIdentity; // 610000-COMMERCE ADMIN
let colleague: TestIdentity; // 610000-COMMERCE VIEWER: a member of the publisher unit who may not write
let readOnly: TestIdentity; // 610000-COMMERCE EDITOR with a read-only token
let other: TestIdentity; // 610000-EDUCATION EDITOR: a member of another unit
let hubAdmin: TestIdentity; // 610000-FAO ADMIN
const anonymous: Record<string, string> = {};

let xian: string; // Locality: Xi'an
let commerceUnit: string;
let educationUnit: string;

beforeAll(async () => {
  hub = await startTestHub({}, { GRAPHQL_MAX_BODY_BYTES: '2000000' });
  db = new pg.Client({ connectionString: hub.databaseUrl });
  await db.connect();
  const make = (unit: string, role: 'ADMIN' | 'EDITOR' | 'VIEWER', readOnlyToken = false) =>
    createIdentity(hub.databaseUrl, { unit, role, readOnly: readOnlyToken });
  [editor, unitAdmin, colleague, readOnly, other, hubAdmin] = await Promise.all([
    make('610000-COMMERCE', 'EDITOR'),
    make('610000-COMMERCE', 'ADMIN'),
    make('610000-COMMERCE', 'VIEWER'),
    make('610000-COMMERCE', 'EDITOR', true),
    make('610000-EDUCATION', 'EDITOR'),
    make('610000-FAO', 'ADMIN'),
  ]);
  xian = toGlobalId('Locality', (await db.query(`select id from locality where gb_code = '610100'`)).rows[0].id);
  commerceUnit = toGlobalId('MemberUnit', editor.unitId);
  educationUnit = toGlobalId('MemberUnit', other.unitId);
});

afterAll(async () => {
  await db?.end();
  await hub?.stop();
});

type Item = Record<string, any>;

function notice(overrides: Record<string, unknown> = {}) {
  return { kind: 'NOTICE', tier: 'PUBLIC', titleEn: 'Visa processing times at the Osaka consulate', effectiveFrom: '2026-01-01', ...overrides };
}

function advisory(overrides: Record<string, unknown> = {}) {
  return { kind: 'ADVISORY', tier: 'PUBLIC', titleEn: 'Travel advisory', countries: ['JP'], advisoryLevel: 2, effectiveFrom: '2026-01-01', ...overrides };
}

async function create(who: Record<string, string>, input: Record<string, unknown>): Promise<GraphQLResponse> {
  return hub.gql(CREATE, { input }, who);
}

async function created(who: Record<string, string>, input: Record<string, unknown>): Promise<Item> {
  const response = await create(who, input);
  expect(response.errors, JSON.stringify(response.errors)).toBeUndefined();
  return response.data.createInformationItem.item;
}

async function published(who: Record<string, string>, input: Record<string, unknown>): Promise<Item> {
  const item = await created(who, input);
  const response = await hub.gql(PUBLISH, { id: item.id }, who);
  expect(response.errors, JSON.stringify(response.errors)).toBeUndefined();
  return response.data.publishInformationItem.item;
}

const codeOf = (response: GraphQLResponse) => response.errors?.[0]?.extensions?.code;
const fieldOf = (response: GraphQLResponse) => response.errors?.[0]?.extensions?.field;

/** Rows of information items, allowed audit entries and activities: what a refused change must not add to. */
async function footprint() {
  const { rows } = await db.query(
    `select (select count(*) from information_item)::int as items,
            (select count(*) from information_item_country)::int as countries,
            (select count(*) from information_item_locality)::int as localities,
            (select count(*) from audit_entry where outcome = 'ALLOWED')::int as allowed,
            (select count(*) from activity)::int as activities`,
  );
  return rows[0];
}

describe('the life of an information item', () => {
  it('an editor creates a draft, changes it, publishes it and archives it, each step audited and in the activity log', async () => {
    const draft = await created(editor.headers, notice({ titleZh: '大阪总领馆签证办理时间', bodyEn: 'Ten working days.', countries: ['JP'], localities: [xian] }));
    expect(draft).toMatchObject({
      kind: 'NOTICE',
      status: 'DRAFT',
      version: 1,
      tier: 'PUBLIC',
      effectiveFrom: '2026-01-01',
      expiresOn: null,
      advisoryLevel: null,
      publishedAt: null,
      publisher: { code: '610000-COMMERCE' },
      countries: [{ code: 'JP' }],
      localities: [{ id: xian }],
      body: 'Ten working days.',
    });

    const update = await hub.gql(
      UPDATE,
      {
        id: draft.id,
        expectedVersion: 1,
        input: { titleEn: 'Visa processing times in Osaka', expiresOn: '2026-12-31', countries: ['JP', 'KR'], attachments: [{ url: 'https://example.org/visa.pdf', title: 'Form' }] },
      },
      editor.headers,
    );
    expect(update.errors).toBeUndefined();
    const changed = update.data.updateInformationItem.item;
    expect(changed).toMatchObject({
      version: 2,
      status: 'DRAFT',
      titleEn: 'Visa processing times in Osaka',
      titleZh: '大阪总领馆签证办理时间',
      expiresOn: '2026-12-31',
      attachments: [{ url: 'https://example.org/visa.pdf', title: 'Form' }],
    });
    expect(changed.countries.map((c: { code: string }) => c.code).sort()).toEqual(['JP', 'KR']);
    expect(changed.title).toBe('Visa processing times in Osaka');

    const publish = await hub.gql(PUBLISH, { id: draft.id, expectedVersion: 2 }, editor.headers);
    expect(publish.errors).toBeUndefined();
    expect(publish.data.publishInformationItem.item).toMatchObject({ status: 'PUBLISHED', version: 3 });
    expect(publish.data.publishInformationItem.item.publishedAt).not.toBeNull();

    const archive = await hub.gql(ARCHIVE, { id: draft.id }, editor.headers);
    expect(archive.errors).toBeUndefined();
    expect(archive.data.archiveInformationItem.item).toMatchObject({ status: 'ARCHIVED', version: 4 });

    const key = String((await db.query(`select max(id) as id from information_item`)).rows[0].id);
    const audit = await db.query(`select action, outcome from audit_entry where subject_type = 'InformationItem' and subject_id = $1 order by id`, [key]);
    expect(audit.rows).toEqual([
      { action: 'createInformationItem', outcome: 'ALLOWED' },
      { action: 'updateInformationItem', outcome: 'ALLOWED' },
      { action: 'publishInformationItem', outcome: 'ALLOWED' },
      { action: 'archiveInformationItem', outcome: 'ALLOWED' },
    ]);

    const log = await hub.gql(
      `query($filter: ActivityFilter) { activities(filter: $filter, orderBy: OLDEST_FIRST, first: 10) {
         edges { node { verb subjectType subjectTitle tier countries { code } localities { id } subject { ... on InformationItem { id status } } } }
      } }`,
      { filter: { subjectTypes: ['InformationItem'], localities: [xian] } },
      editor.headers,
    );
    expect(log.errors).toBeUndefined();
    const nodes = log.data.activities.edges.map((edge: { node: Item }) => edge.node);
    expect(nodes.map((node: Item) => node.verb)).toEqual(['INFORMATION_CREATED', 'INFORMATION_UPDATED', 'INFORMATION_PUBLISHED', 'INFORMATION_ARCHIVED']);
    expect(nodes[3]).toMatchObject({ subjectType: 'InformationItem', subjectTitle: 'Visa processing times in Osaka', tier: 'PUBLIC', subject: { id: draft.id, status: 'ARCHIVED' } });
    expect(nodes[3].countries.map((c: { code: string }) => c.code)).toEqual(['JP', 'KR']);
  });

  it('a change based on an old version is a CONFLICT and changes nothing', async () => {
    const item = await created(editor.headers, notice({ titleEn: 'Version check' }));
    const first = await hub.gql(UPDATE, { id: item.id, expectedVersion: 1, input: { bodyEn: 'First change.' } }, editor.headers);
    expect(first.errors).toBeUndefined();
    const stale = await hub.gql(UPDATE, { id: item.id, expectedVersion: 1, input: { bodyEn: 'Second change.' } }, editor.headers);
    expect(codeOf(stale)).toBe('CONFLICT');
    expect(stale.errors![0].extensions!.reason).toBe('STALE_VERSION');
    const stalePublish = await hub.gql(PUBLISH, { id: item.id, expectedVersion: 1 }, editor.headers);
    expect(codeOf(stalePublish)).toBe('CONFLICT');
    const row = (await db.query(`select version, body_en, status from information_item where id = $1`, [Number(Buffer.from(item.id, 'base64url').toString().split(':')[1])])).rows[0];
    expect(row).toEqual({ version: 2, body_en: 'First change.', status: 'DRAFT' });
  });

  it('publishing a published item or archiving a draft is a CONFLICT', async () => {
    const draft = await created(editor.headers, notice({ titleEn: 'Transitions' }));
    expect(codeOf(await hub.gql(ARCHIVE, { id: draft.id }, editor.headers))).toBe('CONFLICT');
    await hub.gql(PUBLISH, { id: draft.id }, editor.headers);
    expect(codeOf(await hub.gql(PUBLISH, { id: draft.id }, editor.headers))).toBe('CONFLICT');
  });
});

describe('who may publish information', () => {
  it('an anonymous caller is UNAUTHENTICATED and a VIEWER or a read-only token is FORBIDDEN', async () => {
    const before = await footprint();
    expect(codeOf(await create(anonymous, notice()))).toBe('UNAUTHENTICATED');
    expect(codeOf(await create(colleague.headers, notice()))).toBe('FORBIDDEN');
    expect(codeOf(await create(readOnly.headers, notice()))).toBe('FORBIDDEN');
    const item = await published(editor.headers, notice({ titleEn: 'Only writers change this' }));
    expect(codeOf(await hub.gql(UPDATE, { id: item.id, input: { titleEn: 'x' } }, anonymous))).toBe('UNAUTHENTICATED');
    expect(codeOf(await hub.gql(UPDATE, { id: item.id, input: { titleEn: 'x' } }, colleague.headers))).toBe('FORBIDDEN');
    expect(codeOf(await hub.gql(ARCHIVE, { id: item.id }, readOnly.headers))).toBe('FORBIDDEN');
    const after = await footprint();
    expect(after.items).toBe(before.items + 1);
    const denied = await db.query(`select count(*)::int as n from audit_entry where action like '%InformationItem' and outcome = 'DENIED'`);
    expect(denied.rows[0].n).toBeGreaterThanOrEqual(6);
  });

  it("an editor of another unit cannot change a unit's item: FORBIDDEN when it can see it, NOT_FOUND when it cannot", async () => {
    const shared = await published(editor.headers, notice({ tier: 'UNCONDITIONAL', titleEn: 'Shared notice' }));
    const draft = await created(editor.headers, notice({ titleEn: 'Private draft' }));
    expect(codeOf(await hub.gql(UPDATE, { id: shared.id, input: { titleEn: 'Taken over' } }, other.headers))).toBe('FORBIDDEN');
    expect(codeOf(await hub.gql(ARCHIVE, { id: shared.id }, other.headers))).toBe('FORBIDDEN');
    expect(codeOf(await hub.gql(PUBLISH, { id: draft.id }, other.headers))).toBe('NOT_FOUND');
  });

  it("a unit's admin and a hub admin may change the unit's items; only a hub admin publishes for another unit", async () => {
    const item = await created(editor.headers, notice({ titleEn: 'Admins may edit' }));
    const byUnitAdmin = await hub.gql(UPDATE, { id: item.id, input: { bodyEn: 'Unit admin' } }, unitAdmin.headers);
    expect(byUnitAdmin.errors).toBeUndefined();
    const byHubAdmin = await hub.gql(PUBLISH, { id: item.id }, hubAdmin.headers);
    expect(byHubAdmin.errors).toBeUndefined();
    expect(codeOf(await create(editor.headers, notice({ publisher: educationUnit })))).toBe('FORBIDDEN');
    const forEducation = await created(hubAdmin.headers, notice({ publisher: educationUnit, titleEn: 'Published for education' }));
    expect(forEducation.publisher.code).toBe('610000-EDUCATION');
    const own = await created(hubAdmin.headers, notice({ publisher: commerceUnit, titleEn: 'For commerce' }));
    expect(own.publisher.code).toBe('610000-COMMERCE');
  });
});

describe('who may read information', () => {
  const TIERS = ['PUBLIC', 'UNCONDITIONAL', 'NOT_SHARED'] as const;
  const items: Array<{ id: string; tier: (typeof TIERS)[number]; status: 'DRAFT' | 'PUBLISHED' | 'ARCHIVED' }> = [];

  beforeAll(async () => {
    for (const tier of TIERS) {
      const draft = await created(editor.headers, notice({ tier, titleEn: `Matrix ${tier} draft`, countries: ['IS'] }));
      items.push({ id: draft.id, tier, status: 'DRAFT' });
      const live = await published(editor.headers, notice({ tier, titleEn: `Matrix ${tier} published`, countries: ['IS'] }));
      items.push({ id: live.id, tier, status: 'PUBLISHED' });
      const old = await published(editor.headers, notice({ tier, titleEn: `Matrix ${tier} archived`, countries: ['IS'] }));
      expect((await hub.gql(ARCHIVE, { id: old.id }, editor.headers)).errors).toBeUndefined();
      items.push({ id: old.id, tier, status: 'ARCHIVED' });
    }
  });

  const callers = () =>
    [
      { name: 'anonymous', headers: anonymous, sees: (i: (typeof items)[number]) => i.status !== 'DRAFT' && i.tier === 'PUBLIC' },
      { name: 'a member of another unit', headers: other.headers, sees: (i: (typeof items)[number]) => i.status !== 'DRAFT' && i.tier !== 'NOT_SHARED' },
      { name: 'a viewer of the publisher unit', headers: colleague.headers, sees: () => true },
      { name: 'a hub admin', headers: hubAdmin.headers, sees: () => true },
    ] as const;

  it('drafts reach only the publisher unit and hub admins, published and archived items reach whom their tier names, by node(id)', async () => {
    for (const caller of callers()) {
      for (const item of items) {
        const response = await hub.gql(NODE, { id: item.id }, caller.headers);
        expect(response.errors).toBeUndefined();
        expect(response.data.node != null, `${caller.name} × ${item.tier} ${item.status}`).toBe(caller.sees(item));
      }
    }
  });

  it('the informationItems list shows each caller exactly what it may see, and counts only that', async () => {
    for (const caller of callers()) {
      const response = await hub.gql(LIST, { filter: { countries: ['IS'] }, first: 50 }, caller.headers);
      expect(response.errors, caller.name).toBeUndefined();
      const ids = response.data.informationItems.edges.map((edge: { node: Item }) => edge.node.id).sort();
      expect(ids, caller.name).toEqual(items.filter(caller.sees).map((item) => item.id).sort());
      expect(response.data.informationItems.totalCount, caller.name).toBe(ids.length);
    }
  });

  it('the list filters by kind, status, tier, publisher, locality and effective day, pages newest first and refuses a page size over 100', async () => {
    const early = await published(editor.headers, notice({ titleEn: 'Filter early', countries: ['LI'], localities: [xian], effectiveFrom: '2024-01-01', expiresOn: '2024-12-31' }));
    const late = await published(editor.headers, notice({ kind: 'BRIEF', titleEn: 'Filter late', countries: ['LI'], effectiveFrom: '2026-03-01' }));
    const ids = async (filter: Record<string, unknown>, extra: Record<string, unknown> = {}) => {
      const response = await hub.gql(LIST, { filter: { countries: ['LI'], ...filter }, ...extra }, other.headers);
      expect(response.errors, JSON.stringify(filter)).toBeUndefined();
      return response.data.informationItems.edges.map((edge: { node: Item }) => edge.node.id);
    };
    expect(await ids({})).toEqual([late.id, early.id]);
    expect(await ids({}, { orderBy: 'EFFECTIVE_FROM' })).toEqual([late.id, early.id]);
    expect(await ids({ kinds: ['BRIEF'] })).toEqual([late.id]);
    expect(await ids({ localities: [xian] })).toEqual([early.id]);
    expect(await ids({ effectiveOn: '2024-06-01' })).toEqual([early.id]);
    expect(await ids({ effectiveOn: '2026-06-01' })).toEqual([late.id]);
    expect(await ids({ publishers: [educationUnit] })).toEqual([]);
    expect(await ids({ publishers: [commerceUnit], statuses: ['PUBLISHED'], tiers: ['PUBLIC'] })).toEqual([late.id, early.id]);
    const firstPage = await hub.gql(LIST, { filter: { countries: ['LI'] }, first: 1 }, other.headers);
    expect(firstPage.data.informationItems.pageInfo.hasNextPage).toBe(true);
    const second = await hub.gql(LIST, { filter: { countries: ['LI'] }, first: 1, after: firstPage.data.informationItems.pageInfo.endCursor }, other.headers);
    expect(second.data.informationItems.edges.map((edge: { node: Item }) => edge.node.id)).toEqual([early.id]);
    for (const first of [0, 101]) {
      const response = await hub.gql(LIST, { first }, other.headers);
      expect(codeOf(response)).toBe('BAD_USER_INPUT');
      expect(fieldOf(response)).toBe('first');
    }
    const unknown = await hub.gql(LIST, { filter: { countries: ['XX'] } }, other.headers);
    expect(codeOf(unknown)).toBe('BAD_USER_INPUT');
    expect(unknown.errors![0].message).toContain('XX');
    expect(fieldOf(unknown)).toBe('filter.countries[0]');
  });

  it('a list with countries, localities and publishers reads them in a fixed number of statements, however many items', async () => {
    const query = `query($first: Int) { informationItems(filter: { countries: ["IS"] }, first: $first) {
      edges { node { id title publisher { name } countries { name } localities { name } } } } }`;
    const counts: number[] = [];
    for (const first of [1, 9]) {
      const { result, statements } = await hub.countQueries(() => hub.gql(query, { first }, hubAdmin.headers));
      expect(result.errors).toBeUndefined();
      counts.push(statements.filter((sql) => /^\s*select/i.test(sql)).length);
    }
    expect(counts[1]).toBe(counts[0]);
  });
});

describe('current advisories', () => {
  let items: Record<string, Item>;

  beforeAll(async () => {
    items = {
      nzLevel2: await published(editor.headers, advisory({ titleEn: 'NZ level 2', countries: ['NZ'], advisoryLevel: 2, effectiveFrom: '2026-01-01', expiresOn: '2026-12-31' })),
      nzLevel4: await published(editor.headers, advisory({ titleEn: 'NZ level 4', countries: ['NZ'], advisoryLevel: 4, effectiveFrom: '2026-06-01' })),
      nzOld: await published(editor.headers, advisory({ titleEn: 'NZ expired', countries: ['NZ'], advisoryLevel: 3, effectiveFrom: '2025-01-01', expiresOn: '2025-12-31' })),
      nzDraft: await created(editor.headers, advisory({ titleEn: 'NZ draft', countries: ['NZ'], advisoryLevel: 3, effectiveFrom: '2026-01-01' })),
      nzInternal: await published(editor.headers, advisory({ titleEn: 'NZ internal', countries: ['NZ'], advisoryLevel: 3, tier: 'NOT_SHARED', effectiveFrom: '2026-01-01' })),
      fjLevel1: await published(editor.headers, advisory({ titleEn: 'FJ level 1', countries: ['FJ'], advisoryLevel: 1, effectiveFrom: '2026-01-01' })),
      fjArchived: await published(editor.headers, advisory({ titleEn: 'FJ archived', countries: ['FJ'], advisoryLevel: 4, effectiveFrom: '2026-01-01' })),
      ckAlways: await published(editor.headers, advisory({ titleEn: 'CK since 2000', countries: ['CK'], advisoryLevel: 1, effectiveFrom: '2000-01-01' })),
    };
    expect((await hub.gql(ARCHIVE, { id: items.fjArchived.id }, editor.headers)).errors).toBeUndefined();
  });

  const titles = async (headers: Record<string, string>, countries: string[], on?: string) => {
    const response = await hub.gql(ADVISORIES, { countries, on }, headers);
    expect(response.errors, JSON.stringify(response.errors)).toBeUndefined();
    return response.data.currentAdvisories.map((item: Item) => item.titleEn);
  };

  it('a delegation sees the published advisories in effect on the day for its countries, highest level first', async () => {
    expect(await titles(anonymous, ['NZ', 'FJ'], '2026-07-01')).toEqual(['NZ level 4', 'NZ level 2', 'FJ level 1']);
    expect(await titles(anonymous, ['NZ'], '2026-03-01')).toEqual(['NZ level 2']);
    expect(await titles(anonymous, ['NZ'], '2025-06-01')).toEqual(['NZ expired']);
    expect(await titles(anonymous, ['nz'], '2027-01-01')).toEqual(['NZ level 4']);
  });

  it('a NOT_SHARED advisory applies only for its publisher unit and hub admins, and drafts for nobody', async () => {
    expect(await titles(other.headers, ['NZ'], '2026-07-01')).toEqual(['NZ level 4', 'NZ level 2']);
    expect(await titles(colleague.headers, ['NZ'], '2026-07-01')).toEqual(['NZ level 4', 'NZ internal', 'NZ level 2']);
    expect(await titles(hubAdmin.headers, ['NZ'], '2026-07-01')).toEqual(['NZ level 4', 'NZ internal', 'NZ level 2']);
  });

  it('without a day, the advisories in effect today apply', async () => {
    expect(await titles(anonymous, ['CK'])).toEqual(['CK since 2000']);
  });

  it('an unknown country code or an empty list is BAD_USER_INPUT naming the problem', async () => {
    // The CountryCode scalar refuses a code that is not ISO 3166-1 before the resolver runs; the
    // message names the value and `field` where it was (the hub knows every ISO code, see the seeds).
    const unknown = await hub.gql(ADVISORIES, { countries: ['NZ', 'XX'] }, anonymous);
    expect(codeOf(unknown)).toBe('BAD_USER_INPUT');
    expect(unknown.errors![0].message).toMatch(/"XX".*countries/);
    expect(fieldOf(unknown)).toBe('countries[1]');
    const empty = await hub.gql(ADVISORIES, { countries: [] }, anonymous);
    expect(codeOf(empty)).toBe('BAD_USER_INPUT');
    expect(fieldOf(empty)).toBe('countries');
  });
});

describe('bad input', () => {
  const cases: Array<{ name: string; input: Record<string, unknown>; field: string; message?: RegExp }> = [
    { name: 'expiresOn before effectiveFrom', input: notice({ effectiveFrom: '2026-05-01', expiresOn: '2026-04-30' }), field: 'input.expiresOn', message: /before/ },
    { name: 'an unknown locality', input: notice({ localities: [toGlobalId('Locality', 2_000_000_000)] }), field: 'input.localities', message: new RegExp(toGlobalId('Locality', 2_000_000_000)) },
    { name: 'a locality ID of another type', input: notice({ localities: [toGlobalId('MemberUnit', 1)] }), field: 'input.localities' },
    { name: 'an advisory level above 4', input: advisory({ advisoryLevel: 5 }), field: 'input.advisoryLevel' },
    { name: 'an advisory level below 1', input: advisory({ advisoryLevel: 0 }), field: 'input.advisoryLevel' },
    { name: 'an advisory without a level', input: advisory({ advisoryLevel: null }), field: 'input.advisoryLevel' },
    { name: 'a level on a notice', input: notice({ advisoryLevel: 2 }), field: 'input.advisoryLevel' },
    { name: 'an advisory for two countries', input: advisory({ countries: ['JP', 'KR'] }), field: 'input.countries', message: /exactly one country/ },
    { name: 'an advisory for no country', input: advisory({ countries: [] }), field: 'input.countries' },
    { name: 'an attachment that is not an http(s) URL', input: notice({ attachments: [{ url: 'ftp://example.org/a.pdf' }] }), field: 'input.attachments[0].url' },
    {
      name: 'more than 20 attachments',
      input: notice({ attachments: Array.from({ length: 21 }, (_, i) => ({ url: `https://example.org/${i}.pdf` })) }),
      field: 'input.attachments',
    },
    { name: 'no title in either language', input: notice({ titleEn: '  ', titleZh: null }), field: 'input.titleEn', message: /title/ },
    { name: 'a title over 300 characters', input: notice({ titleEn: 'x'.repeat(301) }), field: 'input.titleEn', message: /300/ },
    { name: 'a body over 100,000 characters', input: notice({ bodyZh: '字'.repeat(100_001) }), field: 'input.bodyZh' },
    { name: 'the CONDITIONAL tier', input: notice({ tier: 'CONDITIONAL' }), field: 'input.tier', message: /access grants apply to shared resources only/ },
  ];

  it('an unknown country is BAD_USER_INPUT naming the value and input.countries, and nothing is stored', async () => {
    const before = await footprint();
    const response = await create(editor.headers, notice({ countries: ['JP', 'XX'] }));
    expect(codeOf(response)).toBe('BAD_USER_INPUT');
    // Refused by the CountryCode scalar while the variables are read: the message names the value,
    // and `field` the path, as for the hub's own input errors.
    expect(response.errors![0].message).toMatch(/"XX".*input\.countries/);
    expect(fieldOf(response)).toBe('input.countries[1]');
    expect(await footprint()).toEqual(before);
  });

  for (const { name, input, field, message } of cases) {
    it(`${name} is BAD_USER_INPUT naming ${field}, and nothing is stored`, async () => {
      const before = await footprint();
      const response = await create(editor.headers, input);
      expect(codeOf(response), JSON.stringify(response.errors)).toBe('BAD_USER_INPUT');
      expect(fieldOf(response)).toBe(field);
      if (message) expect(response.errors![0].message).toMatch(message);
      expect(await footprint()).toEqual(before);
    });
  }

  it('a bad change to an existing item is BAD_USER_INPUT and leaves the item as it was', async () => {
    const item = await created(editor.headers, advisory({ titleEn: 'Unchanged advisory', countries: ['MN'], advisoryLevel: 2, effectiveFrom: '2026-02-01' }));
    const before = await footprint();
    for (const [input, field] of [
      [{ expiresOn: '2026-01-31' }, 'input.expiresOn'],
      [{ countries: ['MN', 'KZ'] }, 'input.countries'],
      [{ advisoryLevel: 7 }, 'input.advisoryLevel'],
      [{ kind: 'NOTICE', advisoryLevel: 2 }, 'input.advisoryLevel'],
      [{ tier: 'CONDITIONAL' }, 'input.tier'],
      [{ titleEn: null }, 'input.titleEn'],
    ] as const) {
      const response = await hub.gql(UPDATE, { id: item.id, input }, editor.headers);
      expect(codeOf(response), JSON.stringify(input)).toBe('BAD_USER_INPUT');
      expect(fieldOf(response), JSON.stringify(input)).toBe(field);
    }
    expect(await footprint()).toEqual(before);
    const node = await hub.gql(`query($id: ID!) { node(id: $id) { ... on InformationItem { version advisoryLevel countries { code } } } }`, { id: item.id }, editor.headers);
    expect(node.data.node).toEqual({ version: 1, advisoryLevel: 2, countries: [{ code: 'MN' }] });
  });
});

describe('information in the activity feed', () => {
  const FEED = `subscription($after: String, $filter: ActivityFilter) {
    activityFeed(after: $after, filter: $filter) { cursor activity { position verb subjectType subjectTitle tier } }
  }`;

  it('subscribers see a publication only if they may read the item: anonymous PUBLIC ones, other units not NOT_SHARED ones', async () => {
    const newest = await hub.gql(`{ activities(first: 1) { edges { cursor } } }`, {}, hubAdmin.headers);
    const after = newest.data.activities.edges[0].cursor;
    const filter = { verbs: ['INFORMATION_PUBLISHED'] };
    const anon = subscribeFeed({ url: hub.url, headers: anonymous, after, filter, query: FEED });
    const otherUnit = subscribeFeed({ url: hub.url, headers: other.headers, after, filter, query: FEED });
    const ownUnit = subscribeFeed({ url: hub.url, headers: colleague.headers, after, filter, query: FEED });
    try {
      await published(editor.headers, notice({ titleEn: 'Feed public' }));
      await published(editor.headers, notice({ titleEn: 'Feed members', tier: 'UNCONDITIONAL' }));
      await published(editor.headers, notice({ titleEn: 'Feed internal', tier: 'NOT_SHARED' }));
      await published(editor.headers, notice({ titleEn: 'Feed last public' }));

      await anon.until(2);
      await otherUnit.until(3);
      await ownUnit.until(4);
      // Events arrive in position order: once the last one is in, nothing earlier can still come.
      expect(anon.titles()).toEqual(['Feed public', 'Feed last public']);
      expect(anon.events.map((event) => event.activity.verb)).toEqual(['INFORMATION_PUBLISHED', 'INFORMATION_PUBLISHED']);
      expect(anon.events[0].activity).toMatchObject({ subjectType: 'InformationItem', tier: 'PUBLIC' });
      expect(otherUnit.titles()).toEqual(['Feed public', 'Feed members', 'Feed last public']);
      expect(ownUnit.titles()).toEqual(['Feed public', 'Feed members', 'Feed internal', 'Feed last public']);
      expect([...anon.errors, ...otherUnit.errors, ...ownUnit.errors]).toEqual([]);
    } finally {
      await Promise.all([anon.close(), otherUnit.close(), ownUnit.close()]);
    }
  });

  it("an item's activities follow the item: once published, its draft-time activities show to anyone who may read it", async () => {
    const item = await created(editor.headers, notice({ titleEn: 'Feed follows the item', countries: ['MT'] }));
    const query = `{ activities(filter: { subjectTypes: ["InformationItem"], countries: ["MT"] }, orderBy: OLDEST_FIRST) { edges { node { verb } } } }`;
    const verbs = async (headers: Record<string, string>) =>
      (await hub.gql(query, {}, headers)).data.activities.edges.map((edge: { node: { verb: string } }) => edge.node.verb);
    expect(await verbs(anonymous)).toEqual([]);
    expect(await verbs(other.headers)).toEqual([]);
    expect(await verbs(colleague.headers)).toEqual(['INFORMATION_CREATED']);
    await hub.gql(PUBLISH, { id: item.id }, editor.headers);
    expect(await verbs(anonymous)).toEqual(['INFORMATION_CREATED', 'INFORMATION_PUBLISHED']);
    await hub.gql(UPDATE, { id: item.id, input: { tier: 'NOT_SHARED' } }, editor.headers);
    expect(await verbs(anonymous)).toEqual([]);
    expect(await verbs(other.headers)).toEqual([]);
    expect(await verbs(hubAdmin.headers)).toEqual(['INFORMATION_CREATED', 'INFORMATION_PUBLISHED', 'INFORMATION_UPDATED']);
  });
});
