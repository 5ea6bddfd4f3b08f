import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { toGlobalId } from '../../src/shared/global-id';
import { startTestHub, type TestHub } from '../helpers/hub';
import { callers } from '../helpers/identities';

const PROFILE_FIELDS = `
  themes { code kind labelEn labelZh } exchangeFields descriptionEn descriptionZh population populationYear gdp gdpCurrency gdpYear
  seed sources version updatedBy { code } locality { name }`;
const UPDATE = `mutation Update($input: UpdateLocalityProfileInput!) { updateLocalityProfile(input: $input) { profile { ${PROFILE_FIELDS} } } }`;
const READ = `query Read($id: ID!) { node(id: $id) { ... on Locality { name profile { ${PROFILE_FIELDS} } } } }`;
const THEMES = `query Themes($kind: ProfileThemeKind) { profileThemes(kind: $kind) { code kind labelEn labelZh builtIn } }`;
const ADD_THEME = `mutation Add($input: AddProfileThemeInput!) { addProfileTheme(input: $input) { theme { code kind labelEn labelZh builtIn } } }`;
const ACTIVITIES = `query($filter: ActivityFilter) { activities(filter: $filter, first: 5) { edges { node { verb subjectType subjectId subjectTitle actorUnit { code } localities { name } } } } }`;

let hub: TestHub;
let db: pg.Client;
const as = callers(() => hub.databaseUrl);

const SHUOZHOU_OFFICE = '140600-FAO';
const hubAdmin = () => as('610000-FAO', 'ADMIN');

async function localityId(where: string, params: unknown[] = []): Promise<string> {
  const { rows } = await db.query<{ id: number }>(`select id from locality where ${where} order by population desc nulls last, id limit 1`, params);
  return toGlobalId('Locality', rows[0].id);
}
const shuozhou = () => localityId(`gb_code = '140600'`);
const xian = () => localityId(`gb_code = '610100'`);
const nara = () => localityId(`side = 'FOREIGN' and name_en = 'Nara-shi' and country_code = 'JP'`);

async function profileRows(): Promise<number> {
  const { rows } = await db.query<{ n: number }>('select count(*)::int as n from locality_profile');
  return rows[0].n;
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

describe('the theme vocabulary', () => {
  it('anyone can read the shipped themes and industries, by kind', async () => {
    const all = await hub.gql(THEMES, {});
    expect(all.errors).toBeUndefined();
    const codes = all.data.profileThemes.map((theme: { code: string }) => theme.code);
    expect(codes).toEqual(expect.arrayContaining(['ENERGY', 'AGRICULTURE', 'BUDDHIST_HERITAGE', 'SILK_ROAD', 'AUTOMOTIVE', 'TOURISM', 'PORT_LOGISTICS', 'HIGHER_EDUCATION']));
    const industries = await hub.gql(THEMES, { kind: 'INDUSTRY' });
    expect(industries.data.profileThemes.every((theme: { kind: string }) => theme.kind === 'INDUSTRY')).toBe(true);
    expect(industries.data.profileThemes.find((theme: { code: string }) => theme.code === 'ENERGY')).toMatchObject({ labelZh: '能源', builtIn: true });
  });

  it('a hub admin adds a theme that profiles can use at once; a taken code is a conflict', async () => {
    const added = await hub.gql(ADD_THEME, { input: { code: 'wine_making', kind: 'INDUSTRY', labelEn: 'Wine making', labelZh: '葡萄酒酿造' } }, await hubAdmin());
    expect(added.errors).toBeUndefined();
    expect(added.data.addProfileTheme.theme).toEqual({ code: 'WINE_MAKING', kind: 'INDUSTRY', labelEn: 'Wine making', labelZh: '葡萄酒酿造', builtIn: false });
    const again = await hub.gql(ADD_THEME, { input: { code: 'WINE_MAKING', kind: 'THEME', labelEn: 'Wine', labelZh: '酒' } }, await hubAdmin());
    expect(again.errors?.[0].extensions).toMatchObject({ code: 'CONFLICT', field: 'input.code' });
    const used = await hub.gql(UPDATE, { input: { locality: await nara(), themes: ['WINE_MAKING'] } }, await as('610000-COMMERCE'));
    expect(used.errors).toBeUndefined();
    expect(used.data.updateLocalityProfile.profile.themes).toEqual([{ code: 'WINE_MAKING', kind: 'INDUSTRY', labelEn: 'Wine making', labelZh: '葡萄酒酿造' }]);
  });

  it('only hub admins extend the vocabulary, and a malformed code is refused', async () => {
    const bureau = await hub.gql(ADD_THEME, { input: { code: 'SKIING', kind: 'THEME', labelEn: 'Skiing', labelZh: '滑雪' } }, await as('610000-CULTURE-TOURISM', 'ADMIN'));
    expect(bureau.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    const malformed = await hub.gql(ADD_THEME, { input: { code: '1 bad code', kind: 'THEME', labelEn: 'x', labelZh: 'x' } }, await hubAdmin());
    expect(malformed.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.code' });
    const { rows } = await db.query(`select code from profile_theme where code in ('SKIING', '1BADCODE')`);
    expect(rows).toEqual([]);
  });
});

describe('locality profiles', () => {
  it("a city office writes its own locality's profile, which anyone then reads on the locality", async () => {
    const id = await shuozhou();
    const before = (await hub.gql(READ, { id })).data.node.profile;
    const written = await hub.gql(
      UPDATE,
      {
        input: {
          locality: id,
          themes: ['ENERGY', 'COAL', 'BUDDHIST_HERITAGE'],
          exchangeFields: ['CULTURE_AND_ARTS', 'ECONOMY_AND_TRADE'],
          descriptionEn: '  Inland energy city; the Yingxian wooden pagoda.  ',
          descriptionZh: '内陆能源城市，应县木塔。',
          population: 1_590_000,
          populationYear: 2020,
          gdp: 113_000_000_000,
          gdpCurrency: 'cny',
          gdpYear: 2022,
          sources: ['https://example.org/shuozhou'],
        },
      },
      await as(SHUOZHOU_OFFICE),
    );
    expect(written.errors).toBeUndefined();
    expect(written.data.updateLocalityProfile.profile).toMatchObject({
      themes: [{ code: 'BUDDHIST_HERITAGE' }, { code: 'COAL' }, { code: 'ENERGY' }],
      exchangeFields: ['CULTURE_AND_ARTS', 'ECONOMY_AND_TRADE'],
      descriptionEn: 'Inland energy city; the Yingxian wooden pagoda.',
      population: 1_590_000,
      gdp: 113_000_000_000,
      gdpCurrency: 'CNY',
      seed: false,
      version: (before?.version ?? 0) + 1,
      updatedBy: { code: SHUOZHOU_OFFICE },
      locality: { name: 'Shuozhou' },
    });
    const read = await hub.gql(READ, { id });
    expect(read.data.node.profile).toMatchObject({ descriptionZh: '内陆能源城市，应县木塔。', populationYear: 2020, version: (before?.version ?? 0) + 1 });
  });

  it('a change keeps the fields it leaves out, clears those sent as null, and raises the version', async () => {
    const id = await shuozhou();
    const office = await as(SHUOZHOU_OFFICE);
    const first = await hub.gql(UPDATE, { input: { locality: id, themes: ['TOURISM'], descriptionEn: 'Before' } }, office);
    const version = first.data.updateLocalityProfile.profile.version;
    const changed = await hub.gql(UPDATE, { input: { locality: id, expectedVersion: version, descriptionEn: null, exchangeFields: ['TOURISM'] } }, office);
    expect(changed.errors).toBeUndefined();
    expect(changed.data.updateLocalityProfile.profile).toMatchObject({
      themes: [{ code: 'TOURISM' }],
      descriptionEn: null,
      exchangeFields: ['TOURISM'],
      version: version + 1,
    });
    const stale = await hub.gql(UPDATE, { input: { locality: id, expectedVersion: version, descriptionEn: 'Too late' } }, office);
    expect(stale.errors?.[0].extensions).toMatchObject({ code: 'CONFLICT', field: 'input.expectedVersion' });
    const read = await hub.gql(READ, { id });
    expect(read.data.node.profile).toMatchObject({ descriptionEn: null, version: version + 1 });
  });

  it("another city's office, or a bureau, cannot edit a Chinese locality's profile; a hub admin can", async () => {
    const id = await xian();
    const before = await profileRows();
    for (const unit of [SHUOZHOU_OFFICE, '610000-COMMERCE']) {
      const refused = await hub.gql(UPDATE, { input: { locality: id, descriptionEn: 'Not ours' } }, await as(unit));
      expect(refused.errors?.[0].extensions).toMatchObject({ code: 'FORBIDDEN', reason: 'NOT_CITY_OFFICE' });
    }
    expect(await profileRows()).toBe(before);
    const admin = await hub.gql(UPDATE, { input: { locality: id, themes: ['SILK_ROAD', 'HISTORIC_CAPITAL'] } }, await hubAdmin());
    expect(admin.errors).toBeUndefined();
    const own = await hub.gql(UPDATE, { input: { locality: id, descriptionEn: 'Eastern start of the Silk Road.' } }, await as('610100-FAO'));
    expect(own.errors).toBeUndefined();
    expect(own.data.updateLocalityProfile.profile).toMatchObject({ themes: [{ code: 'HISTORIC_CAPITAL' }, { code: 'SILK_ROAD' }], updatedBy: { code: '610100-FAO' } });
  });

  it('any member unit annotates a foreign city; anonymous callers, viewers and read-only tokens cannot', async () => {
    const id = await localityId(`side = 'FOREIGN' and name_en = 'Kandy' and country_code = 'LK'`);
    const annotated = await hub.gql(UPDATE, { input: { locality: id, themes: ['BUDDHIST_HERITAGE'], descriptionEn: 'Temple of the Tooth.' } }, await as('610000-EDUCATION'));
    expect(annotated.errors).toBeUndefined();
    const anonymous = await hub.gql(UPDATE, { input: { locality: id, descriptionEn: 'x' } });
    expect(anonymous.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
    const viewer = await hub.gql(UPDATE, { input: { locality: id, descriptionEn: 'x' } }, await as('610000-EDUCATION', 'VIEWER'));
    expect(viewer.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    const read = await hub.gql(READ, { id });
    expect(read.data.node.profile).toMatchObject({ descriptionEn: 'Temple of the Tooth.', updatedBy: { code: '610000-EDUCATION' } });
  });

  it('every change is in the activity feed as PROFILE_UPDATED about the locality, for anyone', async () => {
    const id = await localityId(`side = 'FOREIGN' and name_en = 'Toyama' and country_code = 'JP'`);
    const written = await hub.gql(UPDATE, { input: { locality: id, themes: ['AUTOMOTIVE'] } }, await as('610000-COMMERCE'));
    expect(written.errors).toBeUndefined();
    const feed = await hub.gql(ACTIVITIES, { filter: { verbs: ['PROFILE_UPDATED'] } });
    expect(feed.errors).toBeUndefined();
    expect(feed.data.activities.edges[0].node).toMatchObject({
      verb: 'PROFILE_UPDATED',
      subjectType: 'Locality',
      subjectId: id,
      subjectTitle: 'Toyama – profile',
      actorUnit: { code: '610000-COMMERCE' },
      localities: [{ name: 'Toyama' }],
    });
  });

  it('bad input names the field and stores nothing', async () => {
    const id = await localityId(`side = 'FOREIGN' and name_en = 'Hamburg' and country_code = 'DE'`);
    const key = Number(Buffer.from(id, 'base64url').toString().split(':')[1]);
    const stored = async () => (await db.query('select to_jsonb(p) as row from locality_profile p where locality_id = $1', [key])).rows;
    const before = await stored();
    const member = await as('610000-COMMERCE');
    const cases: Array<[Record<string, unknown>, string, RegExp]> = [
      [{ themes: ['ENERGY', 'NOT_A_THEME'] }, 'input.themes', /"NOT_A_THEME" is not a theme/],
      [{ population: -5 }, 'input.population', /negative/],
      [{ populationYear: 1800 }, 'input.populationYear', /year from 1900/],
      [{ gdp: 100 }, 'input.gdpCurrency', /currency/],
      [{ gdp: 100, gdpCurrency: 'EURO' }, 'input.gdpCurrency', /ISO 4217/],
      [{ descriptionEn: 'x'.repeat(4001) }, 'input.descriptionEn', /4,001 characters/],
      [{ descriptionZh: 'bad\u0000text' }, 'input.descriptionZh', /control characters/],
      [{ sources: ['https://'] }, 'input.sources', /URL/],
    ];
    for (const [input, field, message] of cases) {
      const response = await hub.gql(UPDATE, { input: { locality: id, ...input } }, member);
      expect(response.errors?.[0].extensions, JSON.stringify(input)).toMatchObject({ code: 'BAD_USER_INPUT', field });
      expect(response.errors?.[0].message).toMatch(message);
    }
    expect(await stored()).toEqual(before);
    const unknown = await hub.gql(UPDATE, { input: { locality: toGlobalId('Locality', 99_999_999), themes: [] } }, member);
    expect(unknown.errors?.[0].extensions).toMatchObject({ code: 'NOT_FOUND', field: 'input.locality' });
    const wrongType = await hub.gql(UPDATE, { input: { locality: toGlobalId('MemberUnit', 1), themes: [] } }, member);
    expect(wrongType.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.locality' });
  });
});
