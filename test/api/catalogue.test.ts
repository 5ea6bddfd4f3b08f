import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { subscribeFeed } from '../helpers/feed-client';
import { startTestHub, type TestHub } from '../helpers/hub';
import { createIdentity, type TestIdentity } from '../helpers/identities';
import { globalId, withClient } from '../helpers/resources';

let hub: TestHub;
let admin: TestIdentity;
let editor: TestIdentity;
let unitAdmin: TestIdentity;
let viewer: TestIdentity;
let readOnly: TestIdentity;
let other: TestIdentity;

beforeAll(async () => {
  hub = await startTestHub();
  [admin, editor, unitAdmin, viewer, readOnly, other] = await Promise.all([
    createIdentity(hub.databaseUrl, { unit: '610000-FAO', role: 'ADMIN' }),
    createIdentity(hub.databaseUrl, { unit: '610000-INVESTMENT', role: 'EDITOR' }),
    createIdentity(hub.databaseUrl, { unit: '610000-INVESTMENT', role: 'ADMIN' }),
    createIdentity(hub.databaseUrl, { unit: '610000-INVESTMENT', role: 'VIEWER' }),
    createIdentity(hub.databaseUrl, { unit: '610000-INVESTMENT', role: 'EDITOR', readOnly: true }),
    createIdentity(hub.databaseUrl, { unit: '610000-AGRICULTURE', role: 'EDITOR' }),
  ]);
});
afterAll(async () => {
  await hub?.stop();
});

const MATTER_FIELDS = `id code nameZh nameEn name kind tier status version online onlineUrl updateCycle free fees
  acceptingOffice legalBasis processingTimeLimitDays promisedTimeLimitDays procedure
  consultation { text phone url } applicationMaterials { name required copies note } provider { code }`;

const ADD = `mutation($input: AddCatalogueMatterInput!) { addCatalogueMatter(input: $input) { matter { ${MATTER_FIELDS} } } }`;
const UPDATE = `mutation($id: ID!, $input: UpdateCatalogueMatterInput!, $expectedVersion: Int!) {
  updateCatalogueMatter(id: $id, input: $input, expectedVersion: $expectedVersion) { matter { ${MATTER_FIELDS} } } }`;
const WITHDRAW = `mutation($id: ID!) { withdrawCatalogueMatter(id: $id) { matter { id status version } } }`;
const PUBLISH = `mutation($input: PublishCatalogueEditionInput!) { publishCatalogueEdition(input: $input) { edition { id name note } } }`;
const LIST = `query($filter: CatalogueMatterFilter, $first: Int) {
  catalogueMatters(filter: $filter, first: $first) { totalCount edges { node { id code tier status } } } }`;

let counter = 0;
/** A valid matter input; `overrides` replace fields (undefined leaves one out). */
function matterInput(overrides: Record<string, unknown> = {}) {
  counter++;
  return {
    kind: 'LICENCE',
    code: `TEST-${counter}`,
    nameZh: `测试事项${counter}`,
    nameEn: `Test matter ${counter}`,
    acceptingOffice: 'Visa and Passport Division, Shaanxi FAO',
    consultation: { text: 'Counter 3, weekdays 9:00-17:00', phone: '029-63913000', url: 'https://wb.shaanxi.gov.cn/' },
    processingTimeLimitDays: 20,
    promisedTimeLimitDays: 5,
    legalBasis: 'Exit and Entry Administration Law, art. 15',
    applicationMaterials: [{ name: 'Application form', required: true, copies: 1 }],
    procedure: ['Apply', 'Review', 'Decision'],
    fees: null,
    free: true,
    online: 'ONLINE_APPLICATION',
    onlineUrl: 'https://zwfw.shaanxi.gov.cn/apply',
    updateCycle: 'YEARLY',
    tier: 'PUBLIC',
    ...overrides,
  };
}

async function add(identity: TestIdentity, overrides: Record<string, unknown> = {}) {
  const response = await hub.gql(ADD, { input: matterInput(overrides) }, identity.headers);
  expect(response.errors).toBeUndefined();
  return response.data.addCatalogueMatter.matter as Record<string, any>;
}

async function visibleCodes(headers: Record<string, string>, filter: Record<string, unknown> = {}) {
  const response = await hub.gql(LIST, { filter, first: 100 }, headers);
  expect(response.errors).toBeUndefined();
  return (response.data.catalogueMatters.edges as Array<{ node: { code: string } }>).map((edge) => edge.node.code);
}

/** Rows of the catalogue, the audit trail and the activity log: a refused mutation changes none of them (but the audit's refusal entry). */
async function counts() {
  return withClient(hub.databaseUrl, async (client) => {
    const { rows } = await client.query(
      `select (select count(*)::int from catalogue_matter) as matters,
              (select count(*)::int from catalogue_edition) as editions,
              (select count(*)::int from audit_entry where outcome = 'ALLOWED') as allowed,
              (select count(*)::int from activity) as activities`,
    );
    return rows[0];
  });
}

describe('catalogue matters', () => {
  it('a unit editor adds, updates and withdraws its own matters, each change audited and in the activity log', async () => {
    const matter = await add(editor, { code: 'FAO-INVITE-01', nameZh: '外国人来华邀请函审批', nameEn: 'Approval of invitations for foreigners' });
    expect(matter).toMatchObject({
      code: 'FAO-INVITE-01',
      name: 'Approval of invitations for foreigners',
      kind: 'LICENCE',
      status: 'ACTIVE',
      version: 1,
      provider: { code: '610000-INVESTMENT' },
      consultation: { text: 'Counter 3, weekdays 9:00-17:00', phone: '029-63913000', url: 'https://wb.shaanxi.gov.cn/' },
      applicationMaterials: [{ name: 'Application form', required: true, copies: 1, note: null }],
      procedure: ['Apply', 'Review', 'Decision'],
    });

    const updated = await hub.gql(UPDATE, { id: matter.id, expectedVersion: 1, input: { processingTimeLimitDays: 15, fees: 'None' } }, unitAdmin.headers);
    expect(updated.errors).toBeUndefined();
    expect(updated.data.updateCatalogueMatter.matter).toMatchObject({ processingTimeLimitDays: 15, fees: 'None', version: 2, promisedTimeLimitDays: 5 });

    const withdrawn = await hub.gql(WITHDRAW, { id: matter.id }, editor.headers);
    expect(withdrawn.data.withdrawCatalogueMatter.matter).toMatchObject({ status: 'WITHDRAWN', version: 3 });
    const again = await hub.gql(WITHDRAW, { id: matter.id }, editor.headers);
    expect(again.errors?.[0].extensions?.code).toBe('CONFLICT');

    const activities = await hub.gql(
      `query($filter: ActivityFilter) { activities(filter: $filter, orderBy: OLDEST_FIRST) { edges { node { verb subjectTitle tier subject { id } } } } }`,
      { filter: { subjectTypes: ['CatalogueMatter'] } },
      admin.headers,
    );
    const mine = activities.data.activities.edges.map((edge: any) => edge.node).filter((node: any) => node.subject?.id === matter.id);
    expect(mine.map((node: any) => node.verb)).toEqual(['CATALOGUE_MATTER_ADDED', 'CATALOGUE_MATTER_UPDATED', 'CATALOGUE_MATTER_WITHDRAWN']);
    expect(mine[0]).toMatchObject({ subjectTitle: 'Approval of invitations for foreigners', tier: 'PUBLIC' });

    const audit = await withClient(hub.databaseUrl, (client) =>
      client.query(`select action from audit_entry where subject_type = 'CatalogueMatter' and subject_id = $1 and outcome = 'ALLOWED' order by id`, [
        String(Buffer.from(matter.id, 'base64url').toString().split(':')[1]),
      ]),
    );
    expect(audit.rows.map((row) => row.action)).toEqual(['addCatalogueMatter', 'updateCatalogueMatter', 'withdrawCatalogueMatter']);
  });

  it('a withdrawn matter leaves the default list but can still be found by status', async () => {
    const matter = await add(editor, { code: 'WITHDRAW-LIST' });
    await hub.gql(WITHDRAW, { id: matter.id }, editor.headers);
    expect(await visibleCodes(other.headers)).not.toContain('WITHDRAW-LIST');
    expect(await visibleCodes(other.headers, { statuses: ['WITHDRAWN'] })).toContain('WITHDRAW-LIST');
  });

  it('another unit, a viewer, a read-only token and an anonymous caller cannot change a matter', async () => {
    const matter = await add(editor, { code: 'GUARDED' });
    const change = (headers: Record<string, string>) => hub.gql(UPDATE, { id: matter.id, expectedVersion: 1, input: { fees: 'Changed' } }, headers);
    expect((await change(other.headers)).errors?.[0].extensions?.code).toBe('FORBIDDEN');
    expect((await change(viewer.headers)).errors?.[0].extensions?.code).toBe('FORBIDDEN');
    expect((await change(readOnly.headers)).errors?.[0].extensions?.code).toBe('FORBIDDEN');
    expect((await change({})).errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
    expect((await hub.gql(WITHDRAW, { id: matter.id }, other.headers)).errors?.[0].extensions?.code).toBe('FORBIDDEN');
    expect((await hub.gql(ADD, { input: matterInput() }, viewer.headers)).errors?.[0].extensions?.code).toBe('FORBIDDEN');
    expect((await hub.gql(ADD, { input: matterInput() }, {})).errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
    const forOther = await hub.gql(ADD, { input: matterInput({ provider: globalId('MemberUnit', other.unitId) }) }, editor.headers);
    expect(forOther.errors?.[0].extensions?.code).toBe('FORBIDDEN');

    const unchanged = await hub.gql(`query($id: ID!) { catalogueMatter(id: $id) { fees version } }`, { id: matter.id }, editor.headers);
    expect(unchanged.data.catalogueMatter).toEqual({ fees: null, version: 1 });
  });

  it('a hub admin can change any unit\'s matter and add matters for any unit', async () => {
    const matter = await add(editor, { code: 'ADMIN-EDITS' });
    const updated = await hub.gql(UPDATE, { id: matter.id, expectedVersion: 1, input: { updateCycle: 'MONTHLY' } }, admin.headers);
    expect(updated.data.updateCatalogueMatter.matter).toMatchObject({ updateCycle: 'MONTHLY', version: 2 });
    const added = await add(admin, { code: 'ADDED-BY-ADMIN', provider: globalId('MemberUnit', other.unitId) });
    expect(added.provider.code).toBe('610000-AGRICULTURE');
  });

  it('anonymous callers read PUBLIC matters only, and members see by tier', async () => {
    const pub = await add(editor, { code: 'TIER-PUBLIC', tier: 'PUBLIC' });
    const members = await add(editor, { code: 'TIER-MEMBERS', tier: 'UNCONDITIONAL' });
    const internal = await add(editor, { code: 'TIER-INTERNAL', tier: 'NOT_SHARED' });
    const tiers = { tiers: null };
    const codes = async (headers: Record<string, string>) => (await visibleCodes(headers, tiers)).filter((code) => code.startsWith('TIER-'));

    expect(await codes({})).toEqual(['TIER-PUBLIC']);
    expect(await codes(other.headers)).toEqual(['TIER-PUBLIC', 'TIER-MEMBERS']);
    expect(await codes(viewer.headers)).toEqual(['TIER-PUBLIC', 'TIER-MEMBERS', 'TIER-INTERNAL']);
    expect(await codes(admin.headers)).toEqual(['TIER-PUBLIC', 'TIER-MEMBERS', 'TIER-INTERNAL']);

    const byId = `query($id: ID!) { node(id: $id) { ... on CatalogueMatter { code } } catalogueMatter(id: $id) { code } }`;
    expect((await hub.gql(byId, { id: pub.id }, {})).data).toEqual({ node: { code: 'TIER-PUBLIC' }, catalogueMatter: { code: 'TIER-PUBLIC' } });
    expect((await hub.gql(byId, { id: members.id }, {})).data).toEqual({ node: null, catalogueMatter: null });
    expect((await hub.gql(byId, { id: internal.id }, other.headers)).data).toEqual({ node: null, catalogueMatter: null });
    expect((await hub.gql(byId, { id: internal.id }, viewer.headers)).data.catalogueMatter).toEqual({ code: 'TIER-INTERNAL' });

    // Another unit cannot tell a NOT_SHARED matter from a missing one.
    const hidden = await hub.gql(UPDATE, { id: internal.id, expectedVersion: 1, input: { fees: 'x' } }, other.headers);
    expect(hidden.errors?.[0].extensions?.code).toBe('NOT_FOUND');

    // The activity log follows the same tiers.
    const feedCodes = async (headers: Record<string, string>) => {
      const response = await hub.gql(
        `{ activities(first: 100, filter: { subjectTypes: ["CatalogueMatter"], verbs: [CATALOGUE_MATTER_ADDED] }) { edges { node { subjectId } } } }`,
        {},
        headers,
      );
      const ids = new Set(response.data.activities.edges.map((edge: any) => edge.node.subjectId));
      return [pub, members, internal].filter((matter) => ids.has(matter.id)).map((matter) => matter.code);
    };
    expect(await feedCodes({})).toEqual(['TIER-PUBLIC']);
    expect(await feedCodes(other.headers)).toEqual(['TIER-PUBLIC', 'TIER-MEMBERS']);
    expect(await feedCodes(editor.headers)).toEqual(['TIER-PUBLIC', 'TIER-MEMBERS', 'TIER-INTERNAL']);
  });

  it('filters by kind, provider, online availability and tier', async () => {
    await add(other, { code: 'FILTER-SERVICE', kind: 'PUBLIC_SERVICE', online: 'OFFLINE', onlineUrl: null, tier: 'UNCONDITIONAL' });
    const services = await visibleCodes(admin.headers, { kinds: ['PUBLIC_SERVICE'], providers: [globalId('MemberUnit', other.unitId)] });
    expect(services).toEqual(['FILTER-SERVICE']);
    expect(await visibleCodes(admin.headers, { online: ['OFFLINE'], tiers: ['UNCONDITIONAL'] })).toContain('FILTER-SERVICE');
    expect(await visibleCodes(admin.headers, { online: ['FULLY_ONLINE'] })).not.toContain('FILTER-SERVICE');
  });

  it('searches names, codes, the accepting office and the legal basis, ignoring case and taking % _ \\ literally', async () => {
    await add(editor, {
      code: 'APEC-CARD',
      nameZh: 'APEC商务旅行卡申办',
      nameEn: 'APEC Business Travel Card',
      acceptingOffice: 'Consular Affairs Division',
      legalBasis: 'Measures for the ABTC 100%_rule\\one',
    });
    expect(await visibleCodes({}, { text: 'apec商务' })).toEqual(['APEC-CARD']);
    expect(await visibleCodes({}, { text: 'business travel' })).toEqual(['APEC-CARD']);
    expect(await visibleCodes({}, { text: 'apec-card' })).toEqual(['APEC-CARD']);
    expect(await visibleCodes({}, { text: 'CONSULAR AFFAIRS' })).toEqual(['APEC-CARD']);
    expect(await visibleCodes({}, { text: '100%_rule\\one' })).toEqual(['APEC-CARD']);
    expect(await visibleCodes({}, { text: '100_' })).toEqual([]);
    expect(await visibleCodes({}, { text: 'A%C' })).toEqual([]);

    const long = await hub.gql(LIST, { filter: { text: 'x'.repeat(201) } }, {});
    expect(long.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'filter.text' });
    for (const first of [0, 101]) {
      const page = await hub.gql(LIST, { first }, {});
      expect(page.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'first' });
    }
  });

  it('lists matters with their provider units in one statement, however many there are', async () => {
    await add(editor, { code: 'COUNT-1' });
    await add(other, { code: 'COUNT-2' });
    const { result, statements } = await hub.countQueries(() =>
      hub.gql(`{ catalogueMatters(first: 50) { edges { node { id code name provider { name } } } } }`, {}, editor.headers),
    );
    expect(result.errors).toBeUndefined();
    expect(result.data.catalogueMatters.edges.length).toBeGreaterThan(2);
    expect(statements.filter((statement) => /catalogue_matter/.test(statement))).toHaveLength(1);
  });

  it.each([
    ['a negative time limit', { processingTimeLimitDays: -1 }, 'input.processingTimeLimitDays'],
    ['a promised time limit above the legal one', { processingTimeLimitDays: 10, promisedTimeLimitDays: 11 }, 'input.promisedTimeLimitDays'],
    ['an online matter without an online URL', { online: 'FULLY_ONLINE', onlineUrl: null }, 'input.onlineUrl'],
    ['an online URL that is not http or https', { onlineUrl: 'ftp://example.org/apply' }, 'input.onlineUrl'],
    ['the CONDITIONAL tier', { tier: 'CONDITIONAL' }, 'input.tier'],
    ['no name at all', { nameZh: null, nameEn: '  ' }, 'input.nameEn'],
    ['a material wanted in no copies', { applicationMaterials: [{ name: 'Passport copy', copies: 0 }] }, 'input.applicationMaterials[0].copies'],
    ['a blank procedure step', { procedure: ['Apply', ' '] }, 'input.procedure[1]'],
    ['a consultation phone that is no phone number', { consultation: { text: 'Ask us', phone: 'call me' } }, 'input.consultation.phone'],
    ['a name longer than 300 characters', { nameEn: 'n'.repeat(301) }, 'input.nameEn'],
  ])('refuses %s with BAD_USER_INPUT naming the field, storing nothing', async (_case, overrides, field) => {
    const before = await counts();
    const response = await hub.gql(ADD, { input: matterInput(overrides) }, editor.headers);
    expect(response.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field });
    expect(await counts()).toEqual(before);
  });

  it('refuses an update that breaks a rule across fields, leaving the matter as it was', async () => {
    const matter = await add(editor, { code: 'CROSS-RULE', processingTimeLimitDays: 20, promisedTimeLimitDays: 10 });
    const before = await counts();
    const response = await hub.gql(UPDATE, { id: matter.id, expectedVersion: 1, input: { processingTimeLimitDays: 5 } }, editor.headers);
    expect(response.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.promisedTimeLimitDays' });
    const cleared = await hub.gql(UPDATE, { id: matter.id, expectedVersion: 1, input: { legalBasis: null } }, editor.headers);
    expect(cleared.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.legalBasis' });
    expect(await counts()).toEqual(before);
  });

  it('going OFFLINE drops the online URL', async () => {
    const matter = await add(editor, { code: 'GO-OFFLINE' });
    const response = await hub.gql(UPDATE, { id: matter.id, expectedVersion: 1, input: { online: 'OFFLINE' } }, editor.headers);
    expect(response.data.updateCatalogueMatter.matter).toMatchObject({ online: 'OFFLINE', onlineUrl: null, version: 2 });
  });

  it('a change based on a stale version is a CONFLICT and stores nothing', async () => {
    const matter = await add(editor, { code: 'STALE' });
    await hub.gql(UPDATE, { id: matter.id, expectedVersion: 1, input: { fees: 'First' } }, editor.headers);
    const before = await counts();
    const stale = await hub.gql(UPDATE, { id: matter.id, expectedVersion: 1, input: { fees: 'Second' } }, unitAdmin.headers);
    expect(stale.errors?.[0].extensions).toMatchObject({ code: 'CONFLICT', reason: 'STALE_VERSION' });
    expect(await counts()).toEqual(before);
  });

  it('a code is unique within its unit, and another unit may use it too', async () => {
    await add(editor, { code: 'SAME-CODE' });
    const twice = await hub.gql(ADD, { input: matterInput({ code: 'SAME-CODE' }) }, editor.headers);
    expect(twice.errors?.[0].extensions).toMatchObject({ code: 'CONFLICT', field: 'input.code' });
    await add(other, { code: 'SAME-CODE' });
  });
});

describe('catalogue editions', () => {
  const CHANGES = `query($from: ID!, $to: ID!) { catalogueChanges(from: $from, to: $to) {
    added { code matterId }
    removed { code matterId }
    changed { matter { code } before { processingTimeLimitDays version } after { processingTimeLimitDays version } fields }
  } }`;

  it('lists exactly what was added, removed and changed between two editions, with the changed field names', async () => {
    const kept = await add(editor, { code: 'ED-KEPT', tier: 'PUBLIC' });
    const changed = await add(editor, { code: 'ED-CHANGED', tier: 'PUBLIC', processingTimeLimitDays: 20 });
    const gone = await add(editor, { code: 'ED-GONE', tier: 'PUBLIC' });
    const secret = await add(editor, { code: 'ED-SECRET', tier: 'NOT_SHARED' });

    const first = await hub.gql(PUBLISH, { input: { name: '2026 edition', note: 'First catalogue' } }, admin.headers);
    expect(first.errors).toBeUndefined();
    const from = first.data.publishCatalogueEdition.edition.id;

    const update = await hub.gql(UPDATE, { id: changed.id, expectedVersion: 1, input: { processingTimeLimitDays: 10, fees: 'CNY 0' } }, editor.headers);
    expect(update.errors).toBeUndefined();
    await hub.gql(UPDATE, { id: secret.id, expectedVersion: 1, input: { fees: 'Internal' } }, editor.headers);
    const added = await add(editor, { code: 'ED-ADDED', tier: 'PUBLIC' });
    await hub.gql(WITHDRAW, { id: gone.id }, editor.headers);

    const second = await hub.gql(PUBLISH, { input: { name: '2027 edition' } }, admin.headers);
    const to = second.data.publishCatalogueEdition.edition.id;

    const changes = (await hub.gql(CHANGES, { from, to }, {})).data.catalogueChanges;
    expect(changes.added).toEqual([{ code: 'ED-ADDED', matterId: added.id }]);
    expect(changes.removed).toEqual([{ code: 'ED-GONE', matterId: gone.id }]);
    expect(changes.changed).toEqual([
      {
        matter: { code: 'ED-CHANGED' },
        before: { processingTimeLimitDays: 20, version: 1 },
        after: { processingTimeLimitDays: 10, version: 2 },
        fields: ['processingTimeLimitDays', 'fees'],
      },
    ]);
    expect(JSON.stringify(changes)).not.toContain(kept.id);

    // The provider unit also sees its NOT_SHARED matter change.
    const own = (await hub.gql(CHANGES, { from, to }, editor.headers)).data.catalogueChanges;
    expect(own.changed.map((change: any) => change.matter.code)).toEqual(['ED-CHANGED', 'ED-SECRET']);

    // An edition keeps the list as it was, whatever happens later.
    const frozen = await hub.gql(
      `query($id: ID!) { catalogueEdition(id: $id) { name note matters(first: 100) { edges { node { code processingTimeLimitDays matter { status } } } } } }`,
      { id: from },
      {},
    );
    const nodes = frozen.data.catalogueEdition.matters.edges.map((edge: any) => edge.node);
    expect(frozen.data.catalogueEdition).toMatchObject({ name: '2026 edition', note: 'First catalogue' });
    expect(nodes.find((node: any) => node.code === 'ED-CHANGED')).toMatchObject({ processingTimeLimitDays: 20 });
    expect(nodes.find((node: any) => node.code === 'ED-GONE')).toMatchObject({ matter: { status: 'WITHDRAWN' } });
    expect(nodes.map((node: any) => node.code)).not.toContain('ED-SECRET');

    const editions = await hub.gql(`{ catalogueEditions(first: 10) { edges { node { name } } } }`, {}, {});
    expect(editions.data.catalogueEditions.edges.map((edge: any) => edge.node.name).slice(0, 2)).toEqual(['2027 edition', '2026 edition']);

    const same = await hub.gql(CHANGES, { from: to, to }, {});
    expect(same.data.catalogueChanges).toEqual({ added: [], removed: [], changed: [] });
    const unknown = await hub.gql(CHANGES, { from, to: globalId('CatalogueEdition', 999999) }, {});
    expect(unknown.errors?.[0].extensions).toMatchObject({ code: 'NOT_FOUND', field: 'to' });

    const published = await hub.gql(
      `{ activities(first: 5, filter: { verbs: [CATALOGUE_EDITION_PUBLISHED] }) { edges { node { subjectTitle subjectId } } } }`,
      {},
      {},
    );
    expect(published.data.activities.edges.map((edge: any) => edge.node.subjectTitle)).toEqual(['2027 edition', '2026 edition']);
  });

  it('only hub admins publish editions, and an edition name is used once', async () => {
    const before = await counts();
    for (const identity of [unitAdmin, editor]) {
      const response = await hub.gql(PUBLISH, { input: { name: 'Unit edition' } }, identity.headers);
      expect(response.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    }
    expect((await hub.gql(PUBLISH, { input: { name: 'Anonymous edition' } }, {})).errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
    expect(await counts()).toEqual(before);

    await hub.gql(PUBLISH, { input: { name: 'Once only' } }, admin.headers);
    const twice = await hub.gql(PUBLISH, { input: { name: 'Once only' } }, admin.headers);
    expect(twice.errors?.[0].extensions).toMatchObject({ code: 'CONFLICT', field: 'input.name' });
    const blank = await hub.gql(PUBLISH, { input: { name: '   ' } }, admin.headers);
    expect(blank.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.name' });
  });
});

describe('the activity feed', () => {
  it('tells a subscriber about a PUBLIC matter as it is added, and an anonymous subscriber never about a NOT_SHARED one', async () => {
    const newest = await hub.gql(`{ activities(first: 1) { edges { cursor } } }`, {}, admin.headers);
    const after = newest.data.activities.edges[0]?.cursor ?? null;
    const filter = { subjectTypes: ['CatalogueMatter'] };
    const member = subscribeFeed({ url: hub.url, headers: other.headers, after, filter });
    const anonymous = subscribeFeed({ url: hub.url, headers: {}, after, filter });
    await add(editor, { code: 'FEED-SECRET', nameEn: 'Feed secret matter', tier: 'NOT_SHARED' });
    await add(editor, { code: 'FEED-PUBLIC', nameEn: 'Feed public matter', tier: 'PUBLIC' });

    const seen = await anonymous.until(1);
    expect(seen.map((event) => [event.activity.verb, event.activity.subjectTitle])).toEqual([['CATALOGUE_MATTER_ADDED', 'Feed public matter']]);
    expect((await member.until(1)).map((event) => event.activity.subjectTitle)).toEqual(['Feed public matter']);

    // A later PUBLIC event proves the NOT_SHARED one, committed before it, was not held back but withheld.
    await add(editor, { code: 'FEED-PUBLIC-2', nameEn: 'Second public matter', tier: 'PUBLIC' });
    expect((await anonymous.until(2)).map((event) => event.activity.subjectTitle)).toEqual(['Feed public matter', 'Second public matter']);
    expect(anonymous.errors).toEqual([]);
    await member.close();
    await anonymous.close();
  });
});
