import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { toGlobalId } from '../../src/shared/global-id';
import { subscribeFeed } from '../helpers/feed-client';
import { startTestHub, type TestHub } from '../helpers/hub';
import { callers } from '../helpers/identities';

const WISH_FIELDS = `
  id status version note channel minPopulation maxPopulation continents exchangeFields
  locality { name } owner { code } countries { code } regions { name } themes { code }`;
const PUBLISH = `mutation Publish($input: PublishPartnerWishInput!) { publishPartnerWish(input: $input) { wish { ${WISH_FIELDS} } } }`;
const UPDATE = `mutation Update($input: UpdatePartnerWishInput!) { updatePartnerWish(input: $input) { wish { ${WISH_FIELDS} } } }`;
const CLOSE = `mutation Close($input: ClosePartnerWishInput!) { closePartnerWish(input: $input) { wish { id status version } } }`;
const LIST = `query List($filter: PartnerWishFilter, $first: Int, $after: String) {
  partnerWishes(filter: $filter, first: $first, after: $after) { totalCount edges { node { id status locality { name } owner { code } } } pageInfo { hasNextPage endCursor } }
}`;
const NODE = `query Node($id: ID!) { node(id: $id) { ... on PartnerWish { id note } } }`;
const ACTIVITIES = `query($filter: ActivityFilter) { activities(filter: $filter, first: 5) { edges { node { verb subjectType subjectId subjectTitle actorUnit { code } } } } }`;

let hub: TestHub;
let db: pg.Client;
const as = callers(() => hub.databaseUrl);

const SHUOZHOU_OFFICE = '140600-FAO';
const hubAdmin = () => as('610000-FAO', 'ADMIN');

async function localityId(where: string): Promise<string> {
  const { rows } = await db.query<{ id: number }>(`select id from locality where ${where} order by population desc nulls last, id limit 1`);
  return toGlobalId('Locality', rows[0].id);
}
const shuozhou = () => localityId(`gb_code = '140600'`);
const kyotoRegion = () => localityId(`level = 'REGION' and country_code = 'JP' and iso_code = '26'`);

async function wishRows(): Promise<number> {
  const { rows } = await db.query<{ n: number }>('select count(*)::int as n from partner_wish');
  return rows[0].n;
}

function shuozhouWish(overrides: Record<string, unknown> = {}) {
  return {
    countries: ['JP', 'lk'],
    continents: ['AS'],
    themes: ['BUDDHIST_HERITAGE', 'tourism'],
    exchangeFields: ['CULTURE_AND_ARTS'],
    minPopulation: 100_000,
    maxPopulation: 3_000_000,
    note: 'A city with Buddhist heritage, for exchanges around the Yingxian wooden pagoda.',
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

describe('publishing a partner wish', () => {
  it("a city office publishes its locality's wish; members read it, anonymous callers cannot", async () => {
    const published = await hub.gql(PUBLISH, { input: { locality: await shuozhou(), regions: [await kyotoRegion()], ...shuozhouWish() } }, await as(SHUOZHOU_OFFICE));
    expect(published.errors).toBeUndefined();
    const wish = published.data.publishPartnerWish.wish;
    expect(wish).toMatchObject({
      status: 'OPEN',
      version: 1,
      locality: { name: 'Shuozhou' },
      owner: { code: SHUOZHOU_OFFICE },
      countries: [{ code: 'JP' }, { code: 'LK' }],
      continents: ['AS'],
      regions: [{ name: 'Kyōto Prefecture' }],
      themes: [{ code: 'BUDDHIST_HERITAGE' }, { code: 'TOURISM' }],
      exchangeFields: ['CULTURE_AND_ARTS'],
      minPopulation: 100_000,
      maxPopulation: 3_000_000,
    });
    const listed = await hub.gql(LIST, { filter: { locality: await shuozhou() } }, await as('330000-COMMERCE', 'VIEWER'));
    expect(listed.data.partnerWishes.edges.map((edge: { node: { id: string } }) => edge.node.id)).toContain(wish.id);
    const anonymousList = await hub.gql(LIST, {});
    expect(anonymousList.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
    const anonymousNode = await hub.gql(NODE, { id: wish.id });
    expect(anonymousNode.data.node).toBeNull();
    const feed = await hub.gql(ACTIVITIES, { filter: { verbs: ['PARTNER_WISH_PUBLISHED'] } }, await as('610000-COMMERCE'));
    expect(feed.data.activities.edges[0].node).toMatchObject({ verb: 'PARTNER_WISH_PUBLISHED', subjectType: 'PartnerWish', subjectId: wish.id, subjectTitle: 'Shuozhou seeks a partner' });
    const anonymousFeed = await hub.gql(ACTIVITIES, { filter: { verbs: ['PARTNER_WISH_PUBLISHED'] } });
    expect(anonymousFeed.data.activities.edges).toEqual([]);
  });

  it("only the locality's city office or a hub admin publishes for a Chinese locality; foreign wishes are recorded by hub admins", async () => {
    const before = await wishRows();
    const other = await hub.gql(PUBLISH, { input: { locality: await shuozhou(), ...shuozhouWish() } }, await as('140100-FAO'));
    expect(other.errors?.[0].extensions).toMatchObject({ code: 'FORBIDDEN', reason: 'NOT_CITY_OFFICE' });
    const kandy = await localityId(`side = 'FOREIGN' and name_en = 'Kandy' and country_code = 'LK'`);
    const bureau = await hub.gql(PUBLISH, { input: { locality: kandy, themes: ['BUDDHIST_HERITAGE'] } }, await as('610000-CULTURE-TOURISM'));
    expect(bureau.errors?.[0].extensions).toMatchObject({ code: 'FORBIDDEN', reason: 'HUB_ADMIN_ONLY' });
    expect(await wishRows()).toBe(before);
    const shanxi = await localityId(`gb_code = '140000'`);
    const recorded = await hub.gql(
      PUBLISH,
      { input: { locality: kandy, regions: [shanxi], themes: ['BUDDHIST_HERITAGE'], channel: 'Embassy of Sri Lanka', note: 'Seeks a Chinese city with Buddhist temples.' } },
      await hubAdmin(),
    );
    expect(recorded.errors).toBeUndefined();
    expect(recorded.data.publishPartnerWish.wish).toMatchObject({ locality: { name: 'Kandy' }, regions: [{ name: 'Shanxi' }], channel: 'Embassy of Sri Lanka', owner: { code: '610000-FAO' } });
  });

  it('bad input names the field and the value, and stores nothing', async () => {
    const before = await wishRows();
    const office = await as(SHUOZHOU_OFFICE);
    const id = await shuozhou();
    const xian = await localityId(`gb_code = '610100'`);
    const cases: Array<[Record<string, unknown>, string, RegExp]> = [
      [{ themes: ['BUDDHIST_HERITAGE', 'UNICORNS'] }, 'input.themes', /"UNICORNS" is not a theme/],
      [{ countries: ['JP', 'XX'] }, 'input.countries', /"XX" is not a country/],
      [{ countries: ['CN'] }, 'input.countries', /"CN" cannot/],
      [{ regions: [xian] }, 'input.regions', /is a PREFECTURE/],
      [{ minPopulation: -1 }, 'input.minPopulation', /negative/],
      [{ minPopulation: 10, maxPopulation: 5 }, 'input.minPopulation', /larger than/],
      [{ note: 'n'.repeat(2001) }, 'input.note', /2,001 characters/],
    ];
    for (const [input, field, message] of cases) {
      const response = await hub.gql(PUBLISH, { input: { locality: id, ...input } }, office);
      expect(response.errors?.[0].extensions, JSON.stringify(input)).toMatchObject({ code: 'BAD_USER_INPUT', field });
      expect(response.errors?.[0].message).toMatch(message);
    }
    const foreignWithCountries = await hub.gql(PUBLISH, { input: { locality: await localityId(`side = 'FOREIGN' and name_en = 'Kandy'`), countries: ['JP'] } }, await hubAdmin());
    expect(foreignWithCountries.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.countries' });
    expect(await wishRows()).toBe(before);
  });
});

describe('changing and closing a wish', () => {
  it('the owning unit changes an OPEN wish with its version, then closes it; a closed wish no longer changes', async () => {
    const office = await as(SHUOZHOU_OFFICE);
    const published = await hub.gql(PUBLISH, { input: { locality: await shuozhou(), ...shuozhouWish() } }, office);
    const wish = published.data.publishPartnerWish.wish;
    const changed = await hub.gql(UPDATE, { input: { id: wish.id, expectedVersion: 1, countries: ['LK'], maxPopulation: null, note: 'Now only Sri Lanka.' } }, office);
    expect(changed.errors).toBeUndefined();
    expect(changed.data.updatePartnerWish.wish).toMatchObject({ version: 2, countries: [{ code: 'LK' }], maxPopulation: null, minPopulation: 100_000, themes: [{ code: 'BUDDHIST_HERITAGE' }, { code: 'TOURISM' }] });
    const stale = await hub.gql(UPDATE, { input: { id: wish.id, expectedVersion: 1, note: 'late' } }, office);
    expect(stale.errors?.[0].extensions).toMatchObject({ code: 'CONFLICT', field: 'input.expectedVersion' });
    const range = await hub.gql(UPDATE, { input: { id: wish.id, expectedVersion: 2, maxPopulation: 50_000 } }, office);
    expect(range.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.minPopulation' });
    const stranger = await hub.gql(CLOSE, { input: { id: wish.id, status: 'WITHDRAWN' } }, await as('140100-FAO'));
    expect(stranger.errors?.[0].extensions).toMatchObject({ code: 'FORBIDDEN', reason: 'NOT_OWNER' });
    const closed = await hub.gql(CLOSE, { input: { id: wish.id, expectedVersion: 2, status: 'FULFILLED' } }, office);
    expect(closed.data.closePartnerWish.wish).toMatchObject({ status: 'FULFILLED', version: 3 });
    const after = await hub.gql(UPDATE, { input: { id: wish.id, expectedVersion: 3, note: 'again' } }, office);
    expect(after.errors?.[0].extensions).toMatchObject({ code: 'CONFLICT', reason: 'INVALID_TRANSITION' });
    const open = await hub.gql(LIST, { filter: { locality: await shuozhou() } }, office);
    expect(open.data.partnerWishes.edges.map((edge: { node: { id: string } }) => edge.node.id)).not.toContain(wish.id);
    const unfiltered = await hub.gql(LIST, { first: 100 }, office);
    expect(unfiltered.data.partnerWishes.edges.map((edge: { node: { id: string } }) => edge.node.id)).not.toContain(wish.id);
    const every = await hub.gql(LIST, { filter: { locality: await shuozhou(), status: null } }, office);
    expect(every.data.partnerWishes.edges.map((edge: { node: { id: string } }) => edge.node.id)).toContain(wish.id);
    const feed = await hub.gql(ACTIVITIES, { filter: { subjectTypes: ['PartnerWish'] } }, office);
    const verbs = feed.data.activities.edges.filter((edge: { node: { subjectId: string } }) => edge.node.subjectId === wish.id).map((edge: { node: { verb: string } }) => edge.node.verb);
    expect(verbs).toEqual(['PARTNER_WISH_CLOSED', 'PARTNER_WISH_UPDATED', 'PARTNER_WISH_PUBLISHED']);
  });

  it('lists page newest first without gaps, filtered by side and owner', async () => {
    const admin = await hubAdmin();
    const foreign = await hub.gql(LIST, { filter: { side: 'FOREIGN' }, first: 50 }, admin);
    expect(foreign.data.partnerWishes.edges.every((edge: { node: { owner: { code: string } } }) => edge.node.owner.code === '610000-FAO')).toBe(true);
    const all: string[] = [];
    let after: string | null = null;
    for (;;) {
      const page: any = await hub.gql(LIST, { filter: { status: null, owner: toGlobalId('MemberUnit', (await db.query(`select id from member_unit where code = '${SHUOZHOU_OFFICE}'`)).rows[0].id) }, first: 1, after }, admin);
      all.push(...page.data.partnerWishes.edges.map((edge: { node: { id: string } }) => edge.node.id));
      if (!page.data.partnerWishes.pageInfo.hasNextPage) break;
      after = page.data.partnerWishes.pageInfo.endCursor;
    }
    const { rows } = await db.query<{ id: number }>(`select w.id from partner_wish w join member_unit u on u.id = w.owner_unit_id where u.code = $1 order by w.id desc`, [SHUOZHOU_OFFICE]);
    expect(all).toEqual(rows.map((row) => toGlobalId('PartnerWish', row.id)));
    expect(all.length).toBeGreaterThan(1);
  });
});

describe('matching runs both ways', () => {
  const PROFILE = `mutation($input: UpdateLocalityProfileInput!) { updateLocalityProfile(input: $input) { profile { version } } }`;

  it("a profile that fits an open wish reaches the wishing office's feed, live and in the log, and no other unit's", async () => {
    const office = await as(SHUOZHOU_OFFICE);
    const published = await hub.gql(
      PUBLISH,
      { input: { locality: await shuozhou(), countries: ['JP'], themes: ['BUDDHIST_HERITAGE'], exchangeFields: ['CULTURE_AND_ARTS'], note: 'Feed match test' } },
      office,
    );
    expect(published.errors).toBeUndefined();
    const wish = published.data.publishPartnerWish.wish;
    const newest = await hub.gql(`{ activities(first: 1) { edges { cursor } } }`, {}, await hubAdmin());
    const after = newest.data.activities.edges[0].cursor;
    const filter = { verbs: ['PARTNER_WISH_MATCHED'] };
    const query = `subscription($after: String, $filter: ActivityFilter) { activityFeed(after: $after, filter: $filter) { cursor activity { verb subjectTitle subject { id } } } }`;
    const wishing = subscribeFeed({ url: hub.url, headers: office, after, filter, query });
    const otherOffice = subscribeFeed({ url: hub.url, headers: await as('140100-FAO'), after, filter, query });
    try {
      const kamakura = await localityId(`side = 'FOREIGN' and name_en = 'Kamakura' and country_code = 'JP'`);
      const annotated = await hub.gql(
        PROFILE,
        { input: { locality: kamakura, themes: ['BUDDHIST_HERITAGE', 'TOURISM'], exchangeFields: ['CULTURE_AND_ARTS'] } },
        await as('610000-CULTURE-TOURISM'),
      );
      expect(annotated.errors).toBeUndefined();
      // Every open wish that Kamakura fits gets its own event: this one, and the demo wish of Shuozhou
      // (Japan or Sri Lanka, Buddhist heritage); not the wish aimed at the Kyoto region only.
      const { rows } = await db.query<{ id: number }>(
        `select w.id from partner_wish w join locality l on l.id = w.locality_id
         where l.gb_code = '140600' and w.status = 'OPEN' and 'JP' = any(w.countries) and 'BUDDHIST_HERITAGE' = any(w.themes)
           and cardinality(w.region_ids) = 0 order by w.id`,
      );
      const fitting = rows.map((row) => toGlobalId('PartnerWish', row.id));
      expect(fitting).toContain(wish.id);
      const events = await wishing.until(fitting.length);
      expect(events.map((event) => (event.activity.subject as { id: string }).id).sort()).toEqual([...fitting].sort());
      for (const event of events) {
        expect(event.activity.verb).toBe('PARTNER_WISH_MATCHED');
        expect(event.activity.subjectTitle).toMatch(/^Kamakura fits the wish of Shuozhou \(score 0\.\d\d\)$/);
      }
      // A profile that fits no wish (a city in France, outside the wishes' countries) tells nobody.
      const lyon = await localityId(`side = 'FOREIGN' and name_en = 'Lyon' and country_code = 'FR'`);
      await hub.gql(PROFILE, { input: { locality: lyon, themes: ['BUDDHIST_HERITAGE'] } }, await as('610000-CULTURE-TOURISM'));
      // The log since the subscription started holds the same, and nothing about Lyon.
      const since = `query($after: String, $filter: ActivityFilter) { activities(orderBy: OLDEST_FIRST, after: $after, filter: $filter, first: 50) { edges { node { subjectTitle } } } }`;
      const titles = async (headers: Record<string, string>) =>
        (await hub.gql(since, { after, filter }, headers)).data.activities.edges.map((edge: { node: { subjectTitle: string } }) => edge.node.subjectTitle.split(' fits')[0]);
      expect(await titles(office)).toEqual(fitting.map(() => 'Kamakura'));
      expect(await titles(await as('140100-FAO'))).toEqual([]);
      expect(await titles(await hubAdmin())).toEqual(fitting.map(() => 'Kamakura'));
      expect(otherOffice.events).toEqual([]);
      expect(wishing.events).toHaveLength(fitting.length);
    } finally {
      await wishing.close();
      await otherOffice.close();
    }
  });

  it("a foreign city's wish recorded by a hub admin tells the Chinese office whose open wish that city fits", async () => {
    const office = await as(SHUOZHOU_OFFICE);
    const nara = await localityId(`side = 'FOREIGN' and name_en = 'Nara-shi' and country_code = 'JP'`);
    await hub.gql(PROFILE, { input: { locality: nara, themes: ['BUDDHIST_HERITAGE', 'HISTORIC_CAPITAL'], exchangeFields: ['CULTURE_AND_ARTS'] } }, await as('610000-CULTURE-TOURISM'));
    const mine = await hub.gql(
      PUBLISH,
      { input: { locality: await shuozhou(), countries: ['JP'], themes: ['HISTORIC_CAPITAL'], exchangeFields: ['CULTURE_AND_ARTS'], note: 'Second feed test' } },
      office,
    );
    expect(mine.errors).toBeUndefined();
    const matched = async () =>
      (await hub.gql(`query($filter: ActivityFilter) { activities(filter: $filter) { totalCount } }`, { filter: { verbs: ['PARTNER_WISH_MATCHED'] } }, office)).data.activities.totalCount;
    const before = await matched();
    const recorded = await hub.gql(PUBLISH, { input: { locality: nara, themes: ['BUDDHIST_HERITAGE'], channel: 'CLAIR' } }, await hubAdmin());
    expect(recorded.errors).toBeUndefined();
    expect(await matched()).toBeGreaterThan(before);
    const log = await hub.gql(ACTIVITIES, { filter: { verbs: ['PARTNER_WISH_MATCHED'] } }, office);
    expect(log.data.activities.edges[0].node).toMatchObject({ subjectId: mine.data.publishPartnerWish.wish.id });
    expect(log.data.activities.edges[0].node.subjectTitle).toMatch(/^Nara-shi fits the wish of Shuozhou/);
  });
});
