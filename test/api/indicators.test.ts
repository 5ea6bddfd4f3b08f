import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { toGlobalId } from '../../src/shared/global-id';
import { subscribeFeed } from '../helpers/feed-client';
import { startTestHub, type GraphQLResponse, type TestHub } from '../helpers/hub';
import { createIdentity, type TestIdentity } from '../helpers/identities';

const VALUE_FIELDS = `id period value revision reportedAt note source indicator { code } locality { id } reportedBy { code }`;
const REPORT = `mutation Report($input: ReportIndicatorValueInput!) {
  reportIndicatorValue(input: $input) { value { ${VALUE_FIELDS} } previous { ${VALUE_FIELDS} } }
}`;
const CORRECT = `mutation Correct($input: ReportIndicatorValueInput!) {
  correctIndicatorValue(input: $input) { value { ${VALUE_FIELDS} revisions { revision value note reportedBy { code } reportedAt } } previous { ${VALUE_FIELDS} } }
}`;
const VALUES = `query Values($filter: IndicatorValueFilter, $first: Int, $after: String) {
  indicatorValues(filter: $filter, first: $first, after: $after) {
    totalCount
    pageInfo { hasNextPage endCursor }
    edges { node { ${VALUE_FIELDS} revisions { revision value } } }
  }
}`;
const INDEX = `query Index($period: Int!, $level: LocalityLevel, $weights: [IndicatorWeightInput!]) {
  openDevelopmentIndex(period: $period, level: $level, weights: $weights) {
    rank index coverage locality { id gbCode }
    components { indicator { code } rawValue perCapitaValue normalised weight contribution }
  }
}`;
const INDICATORS = `{ indicators { id code nameEn nameZh unitOfMeasure perCapita computed defaultWeight assignedUnits { code } } }`;
const ASSIGN = `mutation Assign($indicator: String!, $unit: ID!) { assignIndicator(indicator: $indicator, unit: $unit) { indicator { code assignedUnits { code } } } }`;
const UNASSIGN = `mutation Unassign($indicator: String!, $unit: ID!) { unassignIndicator(indicator: $indicator, unit: $unit) { indicator { code assignedUnits { code } } } }`;

let hub: TestHub;
let db: pg.Client;
let commerce: TestIdentity; // 610000-COMMERCE EDITOR: reports EXPORTS and other commerce indicators
let commerceViewer: TestIdentity; // 610000-COMMERCE VIEWER
let commerceReadOnly: TestIdentity; // 610000-COMMERCE EDITOR with a read-only token
let education: TestIdentity; // 610000-EDUCATION EDITOR: reports FOREIGN_STUDENTS
let tourism: TestIdentity; // 610000-CULTURE-TOURISM EDITOR: reports INTERNATIONAL_VISITORS only
let cityOffice: TestIdentity; // 610100-FAO EDITOR: Xi'an's municipal FAO, assigned nothing
let hubAdmin: TestIdentity; // 610000-FAO ADMIN: reports RESIDENT_POPULATION
const anonymous: Record<string, string> = {};

const localities: Record<string, string> = {};
let tokyo: string;

beforeAll(async () => {
  hub = await startTestHub();
  db = new pg.Client({ connectionString: hub.databaseUrl });
  await db.connect();
  const make = (unit: string, role: 'ADMIN' | 'EDITOR' | 'VIEWER', readOnly = false) => createIdentity(hub.databaseUrl, { unit, role, readOnly });
  [commerce, commerceViewer, commerceReadOnly, education, tourism, cityOffice, hubAdmin] = await Promise.all([
    make('610000-COMMERCE', 'EDITOR'),
    make('610000-COMMERCE', 'VIEWER'),
    make('610000-COMMERCE', 'EDITOR', true),
    make('610000-EDUCATION', 'EDITOR'),
    make('610000-CULTURE-TOURISM', 'EDITOR'),
    make('610100-FAO', 'EDITOR'),
    make('610000-FAO', 'ADMIN'),
  ]);
  const { rows } = await db.query(`select id, gb_code from locality where gb_code in ('610000', '610100', '610300', '610400', '610500')`);
  for (const row of rows) localities[row.gb_code] = toGlobalId('Locality', row.id);
  const foreign = await db.query(`select id from locality where side = 'FOREIGN' order by id limit 1`);
  tokyo = toGlobalId('Locality', foreign.rows[0].id);
});

afterAll(async () => {
  await db?.end();
  await hub?.stop();
});

const codeOf = (response: GraphQLResponse) => response.errors?.[0]?.extensions?.code;
const fieldOf = (response: GraphQLResponse) => response.errors?.[0]?.extensions?.field;

function report(who: TestIdentity | Record<string, string>, input: Record<string, unknown>, query = REPORT) {
  return hub.gql(query, { input }, 'headers' in who ? (who as TestIdentity).headers : (who as Record<string, string>));
}

async function reported(who: TestIdentity, input: Record<string, unknown>) {
  const response = await report(who, input);
  expect(response.errors, JSON.stringify(response.errors)).toBeUndefined();
  return response.data.reportIndicatorValue;
}

/** Indicator values, allowed audit entries and activities: what a refused report must not add to. */
async function footprint() {
  const { rows } = await db.query(
    `select (select count(*) from indicator_value)::int as values,
            (select count(*) from audit_entry where outcome = 'ALLOWED')::int as allowed,
            (select count(*) from activity)::int as activities`,
  );
  return rows[0];
}

describe('indicator definitions', () => {
  it('members see every indicator with the units that report it, and anonymous callers are asked to sign in', async () => {
    const response = await hub.gql(INDICATORS, {}, tourism.headers);
    expect(response.errors).toBeUndefined();
    const byCode = Object.fromEntries(response.data.indicators.map((indicator: any) => [indicator.code, indicator]));
    expect(Object.keys(byCode)).toEqual([
      'FOREIGN_STUDENTS', 'ACTUAL_FOREIGN_CAPITAL_USED', 'EXPORTS', 'OUTBOUND_INVESTMENT', 'INTERNATIONAL_VISITORS',
      'FOREIGN_INVESTED_ENTERPRISES', 'FRIENDSHIP_RELATIONS', 'EXCHANGES', 'RESIDENT_POPULATION',
    ]);
    expect(byCode.EXPORTS).toMatchObject({ unitOfMeasure: 'USD 10k', perCapita: true, computed: false, defaultWeight: 2, assignedUnits: [{ code: '610000-COMMERCE' }] });
    expect(byCode.ACTUAL_FOREIGN_CAPITAL_USED.assignedUnits.map((unit: any) => unit.code).sort()).toEqual(['610000-COMMERCE', '610000-INVESTMENT']);
    expect(byCode.FOREIGN_STUDENTS.assignedUnits).toEqual([{ code: '610000-EDUCATION' }]);
    expect(byCode.INTERNATIONAL_VISITORS.assignedUnits).toEqual([{ code: '610000-CULTURE-TOURISM' }]);
    expect(byCode.RESIDENT_POPULATION.assignedUnits).toEqual([{ code: '610000-FAO' }]);
    expect(byCode.FRIENDSHIP_RELATIONS).toMatchObject({ computed: true, perCapita: false, assignedUnits: [] });

    const node = await hub.gql(`query($id: ID!) { node(id: $id) { ... on Indicator { code } } }`, { id: byCode.EXPORTS.id }, tourism.headers);
    expect(node.data.node).toEqual({ code: 'EXPORTS' });

    expect(codeOf(await hub.gql(INDICATORS, {}, anonymous))).toBe('UNAUTHENTICATED');
    expect(codeOf(await hub.gql(VALUES, {}, anonymous))).toBe('UNAUTHENTICATED');
    expect(codeOf(await hub.gql(INDEX, { period: 2024 }, anonymous))).toBe('UNAUTHENTICATED');
  });
});

describe('reporting and correcting values', () => {
  it('the commerce bureau reports exports, and a correction becomes revision 2 while revision 1 stays in the history', async () => {
    const first = await reported(commerce, {
      indicator: 'EXPORTS', locality: localities['610100'], period: 2024, value: 1234.5, note: 'Preliminary', source: 'Xi\'an statistical bulletin 2024',
    });
    expect(first.previous).toBeNull();
    expect(first.value).toMatchObject({
      period: 2024, value: 1234.5, revision: 1, note: 'Preliminary', source: "Xi'an statistical bulletin 2024",
      indicator: { code: 'EXPORTS' }, locality: { id: localities['610100'] }, reportedBy: { code: '610000-COMMERCE' },
    });

    const correction = await report(commerce, { indicator: 'EXPORTS', locality: localities['610100'], period: 2024, value: 1300, note: 'Final figure' }, CORRECT);
    expect(correction.errors).toBeUndefined();
    const { value, previous } = correction.data.correctIndicatorValue;
    expect(value).toMatchObject({ revision: 2, value: 1300, note: 'Final figure', source: null });
    expect(previous).toMatchObject({ id: first.value.id, revision: 1, value: 1234.5 });
    expect(value.revisions.map((r: any) => [r.revision, r.value, r.reportedBy.code])).toEqual([
      [1, 1234.5, '610000-COMMERCE'],
      [2, 1300, '610000-COMMERCE'],
    ]);
    expect(Date.parse(value.revisions[0].reportedAt)).toBeLessThanOrEqual(Date.parse(value.revisions[1].reportedAt));

    const latest = await hub.gql(VALUES, { filter: { indicators: ['EXPORTS'], localities: [localities['610100']], periods: [2024] } }, tourism.headers);
    expect(latest.errors).toBeUndefined();
    expect(latest.data.indicatorValues.totalCount).toBe(1);
    expect(latest.data.indicatorValues.edges[0].node).toMatchObject({ revision: 2, value: 1300, revisions: [{ revision: 1 }, { revision: 2 }] });

    const history = await hub.gql(VALUES, { filter: { indicators: ['EXPORTS'], localities: [localities['610100']], periods: [2024], includeHistory: true } }, tourism.headers);
    expect(history.data.indicatorValues.edges.map((edge: any) => edge.node.revision)).toEqual([2, 1]);

    const { rows } = await db.query(
      `select revision, reported_by_account_id from indicator_value where indicator_code = 'EXPORTS' and period = 2024 order by revision`,
    );
    expect(rows).toEqual([
      { revision: 1, reported_by_account_id: commerce.accountId },
      { revision: 2, reported_by_account_id: commerce.accountId },
    ]);
    const audit = await db.query(`select action from audit_entry where outcome = 'ALLOWED' and subject_type = 'IndicatorValue' order by id`);
    expect(audit.rows.map((row) => row.action)).toEqual(['reportIndicatorValue', 'correctIndicatorValue']);
  });

  it('a unit the indicator is not assigned to gets BAD_USER_INPUT on input.indicator, and nothing is stored', async () => {
    const before = await footprint();
    const response = await report(tourism, { indicator: 'EXPORTS', locality: localities['610100'], period: 2024, value: 10 });
    expect(codeOf(response)).toBe('BAD_USER_INPUT');
    expect(fieldOf(response)).toBe('input.indicator');
    expect(response.errors![0].message).toMatch(/EXPORTS is not assigned to your unit/);
    expect(await footprint()).toEqual(before);
    const failed = await db.query(`select outcome, error_code from audit_entry where action = 'reportIndicatorValue' order by id desc limit 1`);
    expect(failed.rows[0]).toEqual({ outcome: 'FAILED', error_code: 'BAD_USER_INPUT' });
  });

  it('a viewer and a read-only token are FORBIDDEN, and an anonymous caller is UNAUTHENTICATED', async () => {
    const before = await footprint();
    const input = { indicator: 'EXPORTS', locality: localities['610100'], period: 2024, value: 10 };
    expect(codeOf(await report(commerceViewer, input))).toBe('FORBIDDEN');
    expect(codeOf(await report(commerceReadOnly, input))).toBe('FORBIDDEN');
    expect(codeOf(await report(anonymous, input))).toBe('UNAUTHENTICATED');
    expect(await footprint()).toEqual(before);
  });

  it('a negative value, a year out of range, an unknown or foreign locality are each BAD_USER_INPUT naming the field', async () => {
    const before = await footprint();
    const valid = { indicator: 'EXPORTS', locality: localities['610100'], period: 2024, value: 10 };
    const cases: Array<[Record<string, unknown>, string]> = [
      [{ value: -1 }, 'input.value'],
      [{ period: 1999 }, 'input.period'],
      [{ period: 2101 }, 'input.period'],
      [{ locality: toGlobalId('Locality', 999_999_999) }, 'input.locality'],
      [{ locality: 'not-an-id' }, 'input.locality'],
      [{ locality: tokyo }, 'input.locality'],
      [{ indicator: 'GDP' }, 'input.indicator'],
    ];
    for (const [change, field] of cases) {
      const response = await report(commerce, { ...valid, ...change });
      expect(codeOf(response), JSON.stringify(change)).toBe('BAD_USER_INPUT');
      expect(fieldOf(response), JSON.stringify(change)).toBe(field);
    }
    expect(await footprint()).toEqual(before);
  });

  it('computed indicators cannot be reported, not even by a hub admin', async () => {
    for (const indicator of ['FRIENDSHIP_RELATIONS', 'EXCHANGES']) {
      const response = await report(hubAdmin, { indicator, locality: localities['610100'], period: 2024, value: 3 });
      expect(codeOf(response)).toBe('BAD_USER_INPUT');
      expect(fieldOf(response)).toBe('input.indicator');
      expect(response.errors![0].message).toMatch(/computed/);
    }
  });

  it('a hub admin assigns an indicator to a city office, which can then report it until it is unassigned', async () => {
    const unit = toGlobalId('MemberUnit', cityOffice.unitId);
    expect(codeOf(await hub.gql(ASSIGN, { indicator: 'INTERNATIONAL_VISITORS', unit }, commerce.headers))).toBe('FORBIDDEN');
    const input = { indicator: 'INTERNATIONAL_VISITORS', locality: localities['610100'], period: 2023, value: 150000 };
    expect(fieldOf(await report(cityOffice, input))).toBe('input.indicator');

    const assigned = await hub.gql(ASSIGN, { indicator: 'INTERNATIONAL_VISITORS', unit }, hubAdmin.headers);
    expect(assigned.errors).toBeUndefined();
    expect(assigned.data.assignIndicator.indicator.assignedUnits.map((u: any) => u.code).sort()).toEqual(['610000-CULTURE-TOURISM', '610100-FAO']);
    expect((await reported(cityOffice, input)).value).toMatchObject({ revision: 1, reportedBy: { code: '610100-FAO' } });

    const unassigned = await hub.gql(UNASSIGN, { indicator: 'INTERNATIONAL_VISITORS', unit }, hubAdmin.headers);
    expect(unassigned.data.unassignIndicator.indicator.assignedUnits).toEqual([{ code: '610000-CULTURE-TOURISM' }]);
    expect(fieldOf(await report(cityOffice, input))).toBe('input.indicator');
  });
});

describe('the open-development index', () => {
  const PERIOD = 2030;
  const component = (row: any, code: string) => row.components.find((c: any) => c.indicator.code === code);

  beforeAll(async () => {
    // Xi'an, Baoji and Xianyang with population; Weinan exports without a population.
    const population = { '610100': 10_000_000, '610300': 4_000_000, '610400': 5_000_000 };
    const exports = { '610100': 2_000_000, '610300': 400_000, '610400': 750_000, '610500': 100 };
    const students = { '610100': 5000, '610300': 2000 };
    for (const [gb, value] of Object.entries(population)) await reported(hubAdmin, { indicator: 'RESIDENT_POPULATION', locality: localities[gb], period: PERIOD, value });
    for (const [gb, value] of Object.entries(exports)) await reported(commerce, { indicator: 'EXPORTS', locality: localities[gb], period: PERIOD, value });
    for (const [gb, value] of Object.entries(students)) await reported(education, { indicator: 'FOREIGN_STUDENTS', locality: localities[gb], period: PERIOD, value });
    // A corrected figure counts with its newest revision only.
    await reported(education, { indicator: 'FOREIGN_STUDENTS', locality: localities['610300'], period: PERIOD - 1, value: 99 });
  });

  it('ranks the prefectures by the documented formula, per capita and min-max normalised, with each component explained', async () => {
    const response = await hub.gql(
      INDEX,
      { period: PERIOD, weights: [{ indicator: 'FRIENDSHIP_RELATIONS', weight: 0 }, { indicator: 'EXCHANGES', weight: 0 }] },
      tourism.headers,
    );
    expect(response.errors).toBeUndefined();
    const rows = response.data.openDevelopmentIndex;
    expect(rows.slice(0, 3).map((row: any) => [row.rank, row.locality.gbCode])).toEqual([[1, '610100'], [2, '610400'], [3, '610300']]);
    const [xian, xianyang, baoji] = rows;

    // Exports per capita: 0.2, 0.15, 0.1 -> 1, 0.5, 0; foreign students per capita 0.0005 twice -> 1, 1.
    expect(component(xian, 'EXPORTS')).toMatchObject({ rawValue: 2_000_000, weight: 2, normalised: 1 });
    expect(component(xian, 'EXPORTS').perCapitaValue).toBeCloseTo(0.2, 12);
    expect(component(xian, 'EXPORTS').contribution).toBeCloseTo(2 / 3, 12);
    expect(component(xianyang, 'EXPORTS').normalised).toBeCloseTo(0.5, 12);
    expect(component(baoji, 'EXPORTS').normalised).toBe(0);
    expect(component(xian, 'FOREIGN_STUDENTS')).toMatchObject({ rawValue: 5000, weight: 1, normalised: 1 });
    expect(component(baoji, 'FOREIGN_STUDENTS')).toMatchObject({ rawValue: 2000, normalised: 1 });
    expect(component(xianyang, 'FOREIGN_STUDENTS')).toBeUndefined();
    expect(component(xian, 'FRIENDSHIP_RELATIONS')).toMatchObject({ weight: 0, contribution: 0 });

    // index = Σ w·normalised / Σ w over the indicators with data; coverage = that Σ w / 8 (all default
    // weights, 10, with FRIENDSHIP_RELATIONS and EXCHANGES at 0).
    expect(xian.index).toBeCloseTo(1, 12);
    expect(xianyang.index).toBeCloseTo(0.5, 12);
    expect(baoji.index).toBeCloseTo(1 / 3, 12);
    expect(xian.coverage).toBeCloseTo(3 / 8, 12);
    expect(xianyang.coverage).toBeCloseTo(2 / 8, 12);
    for (const row of [xian, xianyang, baoji]) {
      expect(row.components.reduce((sum: number, c: any) => sum + (c.contribution ?? 0), 0)).toBeCloseTo(row.index, 12);
    }

    // Weinan reported exports but no population: the per-capita component is missing, not zero.
    const weinan = rows.find((row: any) => row.locality.gbCode === '610500');
    expect(component(weinan, 'EXPORTS')).toMatchObject({ rawValue: 100, perCapitaValue: null, normalised: null, contribution: null });
    expect(weinan).toMatchObject({ index: null, coverage: 0 });
    // Every prefecture-level division is ranked; those without data come last.
    expect(rows).toHaveLength(Number((await db.query(`select count(*) from locality where level = 'PREFECTURE'`)).rows[0].count));
    expect(rows.map((row: any) => row.rank)).toEqual(rows.map((_: unknown, i: number) => i + 1));
  });

  it('weights given with the query change the ranking', async () => {
    const response = await hub.gql(
      INDEX,
      {
        period: PERIOD,
        weights: [{ indicator: 'EXPORTS', weight: 0 }, { indicator: 'FRIENDSHIP_RELATIONS', weight: 0 }, { indicator: 'EXCHANGES', weight: 0 }],
      },
      tourism.headers,
    );
    expect(response.errors).toBeUndefined();
    const rows = response.data.openDevelopmentIndex;
    // Only foreign students count now: Xi'an and Baoji tie at 1 (by locality id), Xianyang has no weighted data.
    expect(rows.slice(0, 2).map((row: any) => [row.locality.gbCode, row.index])).toEqual([['610100', 1], ['610300', 1]]);
    expect(rows.find((row: any) => row.locality.gbCode === '610400').index).toBeNull();
  });

  it('weights that are all 0, negative or for an unknown indicator are BAD_USER_INPUT naming the weights', async () => {
    const zero = ['FOREIGN_STUDENTS', 'ACTUAL_FOREIGN_CAPITAL_USED', 'EXPORTS', 'OUTBOUND_INVESTMENT', 'INTERNATIONAL_VISITORS', 'FOREIGN_INVESTED_ENTERPRISES', 'FRIENDSHIP_RELATIONS', 'EXCHANGES']
      .map((indicator) => ({ indicator, weight: 0 }));
    const allZero = await hub.gql(INDEX, { period: PERIOD, weights: zero }, tourism.headers);
    expect(codeOf(allZero)).toBe('BAD_USER_INPUT');
    expect(fieldOf(allZero)).toBe('weights');
    const negative = await hub.gql(INDEX, { period: PERIOD, weights: [{ indicator: 'EXPORTS', weight: -1 }] }, tourism.headers);
    expect(fieldOf(negative)).toBe('weights[0].weight');
    const unknown = await hub.gql(INDEX, { period: PERIOD, weights: [{ indicator: 'GDP', weight: 1 }] }, tourism.headers);
    expect(fieldOf(unknown)).toBe('weights[0].indicator');
    const foreignLevel = await hub.gql(INDEX, { period: PERIOD, level: 'CITY' }, tourism.headers);
    expect([codeOf(foreignLevel), fieldOf(foreignLevel)]).toEqual(['BAD_USER_INPUT', 'level']);
  });

  it('FRIENDSHIP_RELATIONS counts the relations in force of a locality and the localities under it, established by the end of the year', async () => {
    const expected = async (gb: string, period: number) =>
      Number(
        (
          await db.query(
            `with recursive under as (select id from locality where gb_code = $1 union all select l.id from locality l join under u on l.parent_id = u.id)
             select count(*) from friendship_relation r where r.domestic_locality_id in (select id from under)
               and r.status in ('ESTABLISHED', 'DORMANT') and coalesce(r.established_year, 0) <= $2`,
            [gb, period],
          )
        ).rows[0].count,
      );
    const xianCount = await expected('610100', PERIOD);
    expect(xianCount).toBeGreaterThan(0);
    const prefectures = (await hub.gql(INDEX, { period: PERIOD }, tourism.headers)).data.openDevelopmentIndex;
    const xian = prefectures.find((row: any) => row.locality.gbCode === '610100');
    expect(component(xian, 'FRIENDSHIP_RELATIONS')).toMatchObject({ rawValue: xianCount, perCapitaValue: null, weight: 1 });

    const provinces = (await hub.gql(INDEX, { period: 2000, level: 'PROVINCE' }, tourism.headers)).data.openDevelopmentIndex;
    const shaanxi = provinces.find((row: any) => row.locality.gbCode === '610000');
    expect(component(shaanxi, 'FRIENDSHIP_RELATIONS').rawValue).toBe(await expected('610000', 2000));
    expect(await expected('610000', 2000)).toBeLessThan(await expected('610000', PERIOD));
  });

  it('EXCHANGES counts the DONE exchanges of the year under the relations of a locality and the localities under it', async () => {
    const year = 2025;
    const exchangesOf = async (level: 'PREFECTURE' | 'PROVINCE', gb: string) => {
      const rows = (await hub.gql(INDEX, { period: year, level }, tourism.headers)).data.openDevelopmentIndex;
      return component(rows.find((row: any) => row.locality.gbCode === gb), 'EXCHANGES').rawValue as number;
    };
    const before = { xian: await exchangesOf('PREFECTURE', '610100'), shaanxi: await exchangesOf('PROVINCE', '610000') };
    const { rows } = await db.query(
      `select r.id from friendship_relation r join locality d on d.id = r.domestic_locality_id
       where d.gb_code = '610100' or d.parent_id = (select id from locality where gb_code = '610100') order by r.id limit 1`,
    );
    const record = (status: 'DONE' | 'PLANNED', endDate: string) =>
      hub.gql(
        `mutation Record($input: RecordExchangeInput!) { recordExchange(input: $input) { exchange { id status } } }`,
        {
          input: {
            kind: 'OUTBOUND_VISIT', titleEn: `Visit ending ${endDate}`, startDate: endDate, endDate, status, tier: 'NOT_SHARED',
            destinations: [{ country: 'JP' }], relations: [toGlobalId('FriendshipRelation', rows[0].id)],
          },
        },
        commerce.headers,
      );
    for (const response of [await record('DONE', `${year}-05-03`), await record('DONE', `${year - 1}-05-03`)]) expect(response.errors).toBeUndefined();

    // Only the one that ended in the year counts, for Xi'an and for Shaanxi, whatever its tier.
    expect(await exchangesOf('PREFECTURE', '610100')).toBe(before.xian + 1);
    expect(await exchangesOf('PROVINCE', '610000')).toBe(before.shaanxi + 1);
  });

  it('computes the index for every prefecture in a fixed number of statements', async () => {
    const { statements } = await hub.countQueries(() => hub.gql(INDEX, { period: PERIOD }, tourism.headers));
    // Authentication, the definitions, the index, the localities (one batch).
    expect(statements.filter((sql) => /indicator|locality/.test(sql)).length).toBeLessThanOrEqual(4);
  });
});

describe('indicator reports in the activity feed', () => {
  const FEED = `subscription($after: String, $filter: ActivityFilter) {
    activityFeed(after: $after, filter: $filter) { cursor activity { verb subjectType subjectTitle subject { ... on IndicatorValue { revision value } } } }
  }`;

  it('a member subscriber receives INDICATOR_REPORTED, an anonymous one does not', async () => {
    const newest = await hub.gql(`{ activities(first: 1) { edges { cursor } } }`, {}, hubAdmin.headers);
    const after = newest.data.activities.edges[0].cursor;
    const filter = { verbs: ['INDICATOR_REPORTED', 'INFORMATION_PUBLISHED'] };
    const member = subscribeFeed({ url: hub.url, headers: commerceViewer.headers, after, filter, query: FEED });
    const anon = subscribeFeed({ url: hub.url, headers: anonymous, after, filter, query: FEED });
    try {
      await reported(tourism, { indicator: 'INTERNATIONAL_VISITORS', locality: localities['610300'], period: 2025, value: 80000 });
      await report(tourism, { indicator: 'INTERNATIONAL_VISITORS', locality: localities['610300'], period: 2025, value: 82000 }, CORRECT);
      // A public publication after them: once the anonymous subscriber has it, the reports would have come before.
      const created = await hub.gql(
        `mutation($input: CreateInformationItemInput!) { createInformationItem(input: $input) { item { id } } }`,
        { input: { kind: 'NOTICE', tier: 'PUBLIC', titleEn: 'Indicator marker', effectiveFrom: '2026-01-01' } },
        tourism.headers,
      );
      await hub.gql(`mutation($id: ID!) { publishInformationItem(id: $id) { item { id } } }`, { id: created.data.createInformationItem.item.id }, tourism.headers);

      await member.until(3);
      await anon.until(1);
      expect(member.events.map((event) => event.activity.verb)).toEqual(['INDICATOR_REPORTED', 'INDICATOR_REPORTED', 'INFORMATION_PUBLISHED']);
      expect(member.events[0].activity).toMatchObject({ subjectType: 'IndicatorValue', subject: { revision: 1, value: 80000 } });
      expect(member.events[1].activity).toMatchObject({ subject: { revision: 2, value: 82000 } });
      expect(member.events[1].activity.subjectTitle).toMatch(/International visitors – Baoji 2025/);
      expect(anon.titles()).toEqual(['Indicator marker']);
      expect([...member.errors, ...anon.errors]).toEqual([]);
    } finally {
      await Promise.all([member.close(), anon.close()]);
    }
  });

  it('reports are listed in the activity log for members only, with the locality they are about', async () => {
    const query = `query($filter: ActivityFilter) { activities(filter: $filter) { edges { node { verb subjectType } } } }`;
    const filter = { verbs: ['INDICATOR_REPORTED'], localities: [localities['610300']] };
    const member = await hub.gql(query, { filter }, cityOffice.headers);
    expect(member.data.activities.edges.length).toBeGreaterThan(0);
    expect(new Set(member.data.activities.edges.map((edge: any) => edge.node.subjectType))).toEqual(new Set(['IndicatorValue']));
    const anon = await hub.gql(query, { filter }, anonymous);
    expect(anon.data.activities.edges).toEqual([]);
  });
});
