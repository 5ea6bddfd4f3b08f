import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { toGlobalId } from '../../src/shared/global-id';
import { subscribeFeed } from '../helpers/feed-client';
import { startTestHub, type TestHub } from '../helpers/hub';
import { createIdentity, type IdentityOptions, type TestIdentity } from '../helpers/identities';
import { insertResource } from '../helpers/resources';

const EXCHANGE_FIELDS = `
  id kind title titleZh titleEn startDate endDate fields participants purpose outcome status tier version createdAt updatedAt
  organisingUnit { code }
  destinations { locality { name } country { code } }
  relations { id }
  resources { id }`;

const RECORD = `mutation Record($input: RecordExchangeInput!) { recordExchange(input: $input) { exchange { ${EXCHANGE_FIELDS} } } }`;
const UPDATE = `mutation Update($input: UpdateExchangeInput!) { updateExchange(input: $input) { exchange { ${EXCHANGE_FIELDS} } } }`;
const CANCEL = `mutation Cancel($input: CancelExchangeInput!) { cancelExchange(input: $input) { exchange { id status version outcome } } }`;
const NODE = `query Node($id: ID!) { node(id: $id) { ... on Exchange { id title tier } } }`;
const HEALTH = `query Health($id: ID!) { node(id: $id) { ... on FriendshipRelation { health { lastExchangeOn exchangesInLastThreeYears quiet } } } }`;

let hub: TestHub;
let db: pg.Client;
const identities = new Map<string, TestIdentity>();

async function as(unit: string, role: IdentityOptions['role'] = 'EDITOR', extra: Partial<IdentityOptions> = {}): Promise<Record<string, string>> {
  const key = JSON.stringify([unit, role, extra]);
  let identity = identities.get(key);
  if (!identity) {
    identity = await createIdentity(hub.databaseUrl, { unit, role, ...extra });
    identities.set(key, identity);
  }
  return identity.headers;
}

const ORGANISER = '610000-CULTURE-TOURISM';
const OTHER = '610000-COMMERCE';
const organiser = () => as(ORGANISER);
const otherMember = () => as(OTHER);
const hubAdmin = () => as('610000-FAO', 'ADMIN');

/** A day `days` from today (negative: in the past), as YYYY-MM-DD in China's calendar. */
function day(days: number): string {
  const date = new Date(Date.now() + days * 86_400_000);
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit' }).format(date);
}

async function foreignCity(name: string, country: string): Promise<string> {
  const { rows } = await db.query<{ id: number }>(
    `select id from locality where side = 'FOREIGN' and name_en = $1 and country_code = $2 order by population desc nulls last, id limit 1`,
    [name, country],
  );
  return toGlobalId('Locality', rows[0].id);
}

async function relation(gbCode: string, foreignName: string): Promise<string> {
  const { rows } = await db.query<{ id: number }>(
    `select r.id from friendship_relation r join locality d on d.id = r.domestic_locality_id join locality f on f.id = r.foreign_locality_id
     where d.gb_code = $1 and f.name_en = $2 order by r.id limit 1`,
    [gbCode, foreignName],
  );
  return toGlobalId('FriendshipRelation', rows[0].id);
}

async function xianId(): Promise<string> {
  const { rows } = await db.query<{ id: number }>(`select id from locality where gb_code = '610100' and side = 'DOMESTIC'`);
  return toGlobalId('Locality', rows[0].id);
}

/** What an exchange mutation may leave behind: rows, links, allowed audit entries, activities. */
async function traces() {
  const { rows } = await db.query(
    `select (select count(*) from exchange)::int as exchanges,
            (select count(*) from exchange_destination)::int as destinations,
            (select count(*) from exchange_relation)::int as relations,
            (select count(*) from audit_entry where action like '%Exchange' and outcome = 'ALLOWED')::int as audited,
            (select count(*) from activity where subject_type = 'Exchange')::int as activities`,
  );
  return rows[0];
}

function visit(overrides: Record<string, unknown> = {}) {
  return {
    kind: 'OUTBOUND_VISIT',
    titleEn: 'Culture delegation to Kansai',
    titleZh: '赴关西文化代表团',
    startDate: day(-40),
    endDate: day(-33),
    tier: 'PUBLIC',
    fields: ['CULTURE_AND_ARTS', 'TOURISM'],
    participants: 6,
    purpose: 'Renew the cultural exchange agreement.',
    ...overrides,
  };
}

beforeAll(async () => {
  hub = await startTestHub();
  db = new pg.Client({ connectionString: hub.databaseUrl });
  await db.connect();
});
afterAll(async () => {
  await db?.end();
  await hub?.stop();
});

describe('recording an exchange', () => {
  it('a unit records a multi-destination outbound visit under a relation, and the relation and the foreign city both show it', async () => {
    const [kyoto, nara, kyotoRelation, naraRelation] = await Promise.all([
      foreignCity('Kyoto', 'JP'),
      foreignCity('Nara-shi', 'JP'),
      relation('610100', 'Kyoto'),
      relation('610100', 'Nara-shi'),
    ]);
    const response = await hub.gql(
      RECORD,
      {
        input: visit({
          status: 'DONE',
          outcome: 'Signed a memorandum on museum loans.',
          destinations: [{ locality: kyoto }, { locality: nara }, { country: 'KR' }],
          relations: [kyotoRelation, naraRelation],
        }),
      },
      await organiser(),
    );
    expect(response.errors).toBeUndefined();
    const exchange = response.data.recordExchange.exchange;
    expect(exchange).toMatchObject({
      kind: 'OUTBOUND_VISIT',
      title: 'Culture delegation to Kansai',
      status: 'DONE',
      tier: 'PUBLIC',
      version: 1,
      participants: 6,
      fields: ['CULTURE_AND_ARTS', 'TOURISM'],
      organisingUnit: { code: ORGANISER },
      destinations: [
        { locality: { name: 'Kyoto' }, country: { code: 'JP' } },
        { locality: { name: 'Nara-shi' }, country: { code: 'JP' } },
        { locality: null, country: { code: 'KR' } },
      ],
    });
    expect(exchange.relations.map((r: { id: string }) => r.id).sort()).toEqual([kyotoRelation, naraRelation].sort());

    const history = await hub.gql(
      `query($id: ID!) { node(id: $id) { ... on FriendshipRelation { exchanges(first: 10) { totalCount edges { node { id title } } } } } }`,
      { id: kyotoRelation },
    );
    expect(history.errors).toBeUndefined();
    expect(history.data.node.exchanges.edges.map((e: any) => e.node.id)).toContain(exchange.id);

    const record = await hub.gql(
      `query($id: ID!) { node(id: $id) { ... on Locality { exchanges(first: 10) { edges { node { id kind } } } } } }`,
      { id: nara },
    );
    expect(record.data.node.exchanges.edges).toEqual([{ node: { id: exchange.id, kind: 'OUTBOUND_VISIT' } }]);

    const xian = await hub.gql(`query($id: ID!) { node(id: $id) { ... on Locality { exchanges(first: 10) { edges { node { id } } } } } }`, {
      id: await xianId(),
    });
    expect(xian.data.node.exchanges.edges.map((e: any) => e.node.id)).toContain(exchange.id);

    const listed = await hub.gql(`{ exchanges(first: 5, filter: { countries: ["KR"], fields: [TOURISM] }) { edges { node { id } } } }`);
    expect(listed.data.exchanges.edges.map((e: any) => e.node.id)).toEqual([exchange.id]);
  });

  it('a relation list with nested exchange histories and health costs the same few statements however many relations it shows', async () => {
    const query = `query($id: ID!, $n: Int!) { friendshipRelations(first: $n, filter: { domesticLocality: $id }) {
      edges { node { id health { quiet lastExchangeOn exchangesInLastThreeYears } exchanges(first: 3) { totalCount edges { node { id title destinations { country { code } } } } } } } } }`;
    const id = await xianId();
    // Both pages hold the relations with exchanges (Kyoto, Nara): the larger one only adds relations.
    const small = await hub.countQueries(() => hub.gql(query, { id, n: 17 }));
    const large = await hub.countQueries(() => hub.gql(query, { id, n: 34 }));
    expect(small.result.errors).toBeUndefined();
    expect(large.result.errors).toBeUndefined();
    expect(large.statements.length).toBe(small.statements.length);
  });
});

describe('relationship health', () => {
  it('shows the last exchange, the three-year count and the quiet flag, and friendshipRelations filters on it', async () => {
    const funabashi = await relation('610100', 'Funabashi');
    const xian = await xianId();
    const quietIds = async (quiet: boolean) => {
      const response = await hub.gql(
        `query($id: ID!, $quiet: Boolean) { friendshipRelations(first: 100, filter: { domesticLocality: $id, quiet: $quiet }) { edges { node { id } } } }`,
        { id: xian, quiet },
      );
      expect(response.errors).toBeUndefined();
      return response.data.friendshipRelations.edges.map((e: any) => e.node.id) as string[];
    };

    const before = await hub.gql(HEALTH, { id: funabashi });
    expect(before.data.node.health).toEqual({ lastExchangeOn: null, exchangesInLastThreeYears: 0, quiet: true });
    expect(await quietIds(true)).toContain(funabashi);
    expect(await quietIds(false)).not.toContain(funabashi);

    // A planned exchange does not count; one done four years ago counts as the last but not in three years.
    const kind = { kind: 'EVENT', relations: [funabashi], tier: 'NOT_SHARED' };
    await hub.gql(RECORD, { input: visit({ ...kind, startDate: day(30), endDate: day(31) }) }, await organiser());
    await hub.gql(RECORD, { input: visit({ ...kind, status: 'DONE', startDate: day(-1500), endDate: day(-1499) }) }, await organiser());
    const old = await hub.gql(HEALTH, { id: funabashi });
    expect(old.data.node.health).toEqual({ lastExchangeOn: day(-1499), exchangesInLastThreeYears: 0, quiet: true });

    const recent = await hub.gql(RECORD, { input: visit({ ...kind, status: 'DONE', startDate: day(-10), endDate: day(-9) }) }, await organiser());
    expect(recent.errors).toBeUndefined();
    // Counted whatever the tier: an anonymous caller sees the figures, not the NOT_SHARED exchanges.
    const after = await hub.gql(HEALTH, { id: funabashi });
    expect(after.data.node.health).toEqual({ lastExchangeOn: day(-9), exchangesInLastThreeYears: 1, quiet: false });
    expect(await quietIds(false)).toContain(funabashi);
    expect(await quietIds(true)).not.toContain(funabashi);
    const hidden = await hub.gql(`query($id: ID!) { node(id: $id) { ... on FriendshipRelation { exchanges { totalCount } } } }`, { id: funabashi });
    expect(hidden.data.node.exchanges.totalCount).toBe(0);
  });

  it('counts a relation as quiet after a shorter gap when the hub is configured so', async () => {
    const short = await startTestHub({ databaseUrl: hub.databaseUrl }, { RELATION_QUIET_AFTER_DAYS: '5' });
    try {
      const response = await short.gql(HEALTH, { id: await relation('610100', 'Funabashi') });
      expect(response.data.node.health).toMatchObject({ exchangesInLastThreeYears: 1, quiet: true });
    } finally {
      await short.app.stop();
    }
  });
});

describe('who sees an exchange', () => {
  it('follows the tier: PUBLIC for anyone, UNCONDITIONAL for members, NOT_SHARED for the organiser and hub admins', async () => {
    const ids: Record<string, string> = {};
    for (const tier of ['PUBLIC', 'UNCONDITIONAL', 'NOT_SHARED']) {
      const response = await hub.gql(RECORD, { input: visit({ kind: 'VIDEO_CONFERENCE', tier, titleEn: `Tier ${tier}` }) }, await organiser());
      expect(response.errors).toBeUndefined();
      ids[tier] = response.data.recordExchange.exchange.id;
    }
    const callers: Record<string, Record<string, string>> = {
      anonymous: {},
      otherMember: await otherMember(),
      organiser: await organiser(),
      hubAdmin: await hubAdmin(),
    };
    const expected: Record<string, string[]> = {
      anonymous: ['PUBLIC'],
      otherMember: ['PUBLIC', 'UNCONDITIONAL'],
      organiser: ['PUBLIC', 'UNCONDITIONAL', 'NOT_SHARED'],
      hubAdmin: ['PUBLIC', 'UNCONDITIONAL', 'NOT_SHARED'],
    };
    for (const [caller, headers] of Object.entries(callers)) {
      const seen: string[] = [];
      for (const [tier, id] of Object.entries(ids)) {
        const response = await hub.gql(NODE, { id }, headers);
        expect(response.errors).toBeUndefined();
        if (response.data.node) seen.push(tier);
      }
      expect({ caller, seen }).toEqual({ caller, seen: expected[caller] });
      const listed = await hub.gql(`{ exchanges(first: 100, filter: { kinds: [VIDEO_CONFERENCE] }) { edges { node { tier } } } }`, {}, headers);
      expect([...new Set(listed.data.exchanges.edges.map((e: any) => e.node.tier))].sort()).toEqual([...expected[caller]].sort());
    }
  });

  it('shows only the resources the caller may read among those an exchange concerns', async () => {
    const [open, secret] = await Promise.all([
      insertResource(hub.databaseUrl, { owner: ORGANISER, tier: 'PUBLIC', titleEn: 'Open programme' }),
      insertResource(hub.databaseUrl, { owner: ORGANISER, tier: 'NOT_SHARED', titleEn: 'Internal brief' }),
    ]);
    const response = await hub.gql(RECORD, { input: visit({ kind: 'PROJECT', resources: [open.globalId, secret.globalId] }) }, await organiser());
    expect(response.errors).toBeUndefined();
    const id = response.data.recordExchange.exchange.id;
    expect(response.data.recordExchange.exchange.resources).toHaveLength(2);
    const anonymous = await hub.gql(`query($id: ID!) { node(id: $id) { ... on Exchange { resources { id } } } }`, { id });
    expect(anonymous.data.node.resources).toEqual([{ id: open.globalId }]);
  });

  it('refuses anonymous callers, viewers and read-only tokens, and another unit cannot change an exchange it does not organise', async () => {
    const input = visit({ kind: 'EVENT' });
    const anonymous = await hub.gql(RECORD, { input });
    expect(anonymous.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
    const viewer = await hub.gql(RECORD, { input }, await as(ORGANISER, 'VIEWER'));
    expect(viewer.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    const readOnly = await hub.gql(RECORD, { input }, await as(ORGANISER, 'EDITOR', { readOnly: true }));
    expect(readOnly.errors?.[0].extensions?.code).toBe('FORBIDDEN');

    const recorded = await hub.gql(RECORD, { input: visit({ kind: 'EVENT', tier: 'UNCONDITIONAL' }) }, await organiser());
    const { id } = recorded.data.recordExchange.exchange;
    const before = await traces();
    const other = await hub.gql(UPDATE, { input: { id, expectedVersion: 1, titleEn: 'Taken over' } }, await otherMember());
    expect(other.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    const cancel = await hub.gql(CANCEL, { input: { id } }, await otherMember());
    expect(cancel.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    const forOtherUnit = await hub.gql(
      RECORD,
      { input: visit({ organisingUnit: toGlobalId('MemberUnit', identities.get(JSON.stringify([ORGANISER, 'EDITOR', {}]))!.unitId) }) },
      await otherMember(),
    );
    expect(forOtherUnit.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    expect(await traces()).toEqual(before);

    const admin = await hub.gql(UPDATE, { input: { id, expectedVersion: 1, participants: 40 } }, await hubAdmin());
    expect(admin.errors).toBeUndefined();
    expect(admin.data.updateExchange.exchange).toMatchObject({ participants: 40, version: 2 });
  });
});

describe('changing an exchange', () => {
  it('marks a planned exchange done with its outcome, refuses a stale version and cancels it for good', async () => {
    const recorded = await hub.gql(RECORD, { input: visit({ kind: 'INBOUND_VISIT', destinations: [{ country: 'FR' }] }) }, await organiser());
    const { id } = recorded.data.recordExchange.exchange;
    const done = await hub.gql(UPDATE, { input: { id, expectedVersion: 1, status: 'DONE', outcome: 'Two schools twinned.' } }, await organiser());
    expect(done.errors).toBeUndefined();
    expect(done.data.updateExchange.exchange).toMatchObject({ status: 'DONE', outcome: 'Two schools twinned.', version: 2 });

    const before = await traces();
    const stale = await hub.gql(UPDATE, { input: { id, expectedVersion: 1, titleEn: 'Late edit' } }, await organiser());
    expect(stale.errors?.[0].extensions).toMatchObject({ code: 'CONFLICT', field: 'input.expectedVersion' });
    expect(await traces()).toEqual(before);

    const cancelled = await hub.gql(CANCEL, { input: { id, expectedVersion: 2 } }, await organiser());
    expect(cancelled.data.cancelExchange.exchange).toMatchObject({ status: 'CANCELLED', version: 3 });
    const again = await hub.gql(UPDATE, { input: { id, expectedVersion: 3, status: 'PLANNED' } }, await organiser());
    expect(again.errors?.[0].extensions?.code).toBe('CONFLICT');

    const { rows } = await db.query(
      `select verb from activity where subject_type = 'Exchange' and subject_id = $1 order by position`,
      [Number(Buffer.from(id, 'base64url').toString().split(':')[1])],
    );
    expect(rows.map((row) => row.verb)).toEqual(['EXCHANGE_RECORDED', 'EXCHANGE_UPDATED', 'EXCHANGE_CANCELLED']);
  });
});

describe('bad input', () => {
  const cases: Array<[string, () => Promise<Record<string, unknown>>, string]> = [
    ['an end date before the start date', async () => visit({ startDate: day(-5), endDate: day(-6) }), 'input.endDate'],
    ['an unknown locality', async () => visit({ destinations: [{ locality: toGlobalId('Locality', 2_000_000_000) }] }), 'input.destinations'],
    ['an unknown country', async () => visit({ destinations: [{ country: 'XX' }] }), 'input.destinations'],
    ['a destination that is neither a locality nor a country', async () => visit({ destinations: [{}] }), 'input.destinations'],
    ['a visit without destinations', async () => visit({ destinations: [] }), 'input.destinations'],
    ['an unknown relation', async () => visit({ relations: [toGlobalId('FriendshipRelation', 2_000_000_000)] }), 'input.relations'],
    [
      'a resource the caller may not read',
      async () => visit({ resources: [(await insertResource(hub.databaseUrl, { owner: OTHER, tier: 'NOT_SHARED', titleEn: 'Not yours' })).globalId] }),
      'input.resources',
    ],
    ['a negative participant count', async () => visit({ participants: -3 }), 'input.participants'],
    ['a title that is too long', async () => visit({ titleEn: 'x'.repeat(301) }), 'input.titleEn'],
    ['no title at all', async () => visit({ titleEn: ' ', titleZh: null }), 'input.titleEn'],
    ['a purpose that is too long', async () => visit({ purpose: 'x'.repeat(4001) }), 'input.purpose'],
    ['a DONE exchange that starts in the future', async () => visit({ status: 'DONE', startDate: day(10), endDate: day(12) }), 'input.status'],
    ['the CONDITIONAL tier', async () => visit({ tier: 'CONDITIONAL' }), 'input.tier'],
  ];
  for (const [what, input, field] of cases) {
    it(`refuses ${what}, naming ${field}, and stores nothing`, async () => {
      const headers = await organiser();
      const kyoto = await foreignCity('Kyoto', 'JP');
      const given = await input();
      const before = await traces();
      const response = await hub.gql(RECORD, { input: { destinations: [{ locality: kyoto }], ...given } }, headers);
      expect(response.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field });
      expect(await traces()).toEqual(before);
    });
  }

  it('says why a CONDITIONAL exchange is refused and names the offending value', async () => {
    const response = await hub.gql(RECORD, { input: visit({ tier: 'CONDITIONAL', destinations: [{ country: 'JP' }] }) }, await organiser());
    expect(response.errors?.[0].message).toMatch(/access grants apply to shared resources only/);
    const unknown = await hub.gql(RECORD, { input: visit({ destinations: [{ country: 'XX' }] }) }, await organiser());
    expect(unknown.errors?.[0].message).toContain('XX');
  });

  it('refuses a page size outside 1 to 100', async () => {
    const response = await hub.gql(`{ exchanges(first: 101) { edges { node { id } } } }`);
    expect(response.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'first' });
  });
});

describe('the activity feed', () => {
  it('a subscriber receives EXCHANGE_RECORDED for a PUBLIC exchange, and an anonymous subscriber never receives a NOT_SHARED one', async () => {
    const newest = await hub.gql(`{ activities(first: 1) { edges { cursor } } }`, {}, await hubAdmin());
    const after = newest.data.activities.edges[0].cursor;
    const filter = { subjectTypes: ['Exchange'] };
    const member = subscribeFeed({ url: hub.url, headers: await otherMember(), after, filter });
    const anonymous = subscribeFeed({ url: hub.url, headers: {}, after, filter });
    try {
      await hub.gql(RECORD, { input: visit({ kind: 'EVENT', tier: 'NOT_SHARED', titleEn: 'Feed secret' }) }, await organiser());
      await hub.gql(RECORD, { input: visit({ kind: 'EVENT', tier: 'PUBLIC', titleEn: 'Feed public' }) }, await organiser());
      // Events arrive in commit order: the first one an anonymous subscriber gets is the public one.
      const [first] = await anonymous.until(1);
      expect(first.activity).toMatchObject({ verb: 'EXCHANGE_RECORDED', subjectTitle: 'Feed public', tier: 'PUBLIC' });
      const [memberFirst] = await member.until(1);
      expect(memberFirst.activity).toMatchObject({ verb: 'EXCHANGE_RECORDED', subjectTitle: 'Feed public' });
      expect(anonymous.errors).toEqual([]);
    } finally {
      await member.close();
      await anonymous.close();
    }
  });

  it('lists exchange activities with their countries, localities and relations, as far as the caller may see the exchange', async () => {
    const kyotoRelation = await relation('610100', 'Kyoto');
    const response = await hub.gql(
      `query($relations: [ID!]) { activities(first: 50, filter: { subjectTypes: ["Exchange"], relations: $relations }) {
        edges { node { verb subjectTitle countries { code } localities { name } relations { id } subject { ... on Exchange { id } } } } } }`,
      { relations: [kyotoRelation] },
    );
    expect(response.errors).toBeUndefined();
    const [recorded] = response.data.activities.edges.map((e: any) => e.node);
    expect(recorded.verb).toBe('EXCHANGE_RECORDED');
    expect(recorded.countries.map((c: any) => c.code).sort()).toEqual(['JP', 'KR']);
    expect(recorded.localities.map((l: any) => l.name)).toEqual(expect.arrayContaining(['Kyoto', 'Nara-shi', "Xi'an"]));
    expect(recorded.subject.id).toBeTruthy();
  });
});
