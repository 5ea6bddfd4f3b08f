import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EntityManager } from '@mikro-orm/postgresql';
import { openWishesFittedBy, WISH_MATCH_THRESHOLD } from '../../src/modules/partner-matching';
import { toGlobalId } from '../../src/shared/global-id';
import { startTestHub, type GraphQLResponse, type TestHub } from '../helpers/hub';
import { createIdentity, type TestIdentity } from '../helpers/identities';

const SUGGEST = `query Suggest($for: ID!, $filter: PartnerSuggestionFilter, $weights: PartnerScoreWeightsInput, $first: Int) {
  partnerSuggestions(for: $for, filter: $filter, weights: $weights, first: $first) {
    considered
    locality { id }
    weights { sharedThemes sharedExchangeFields population exchangesWithCountry existingChannels saturation geography }
    suggestions {
      rank score coverage
      candidate { id nameEn side level population country { code } }
      components { component weight value contribution explanation }
    }
  }
}`;
const WISH_CANDIDATES = `query Wish($id: ID!, $first: Int) {
  node(id: $id) { ... on PartnerWish { candidates(first: $first) { considered suggestions { rank score candidate { id nameEn country { code } } components { component value explanation } } } } }
}`;

let hub: TestHub;
let db: pg.Client;
let shuozhouOffice: TestIdentity; // 140600-FAO EDITOR: Shuozhou's city office
let xianOffice: TestIdentity; // 610100-FAO EDITOR
let hubAdmin: TestIdentity; // 610000-FAO ADMIN
const ids: Record<string, number> = {};
const gid = (name: string) => toGlobalId('Locality', ids[name]);

async function localityId(where: string): Promise<number> {
  const { rows } = await db.query(`select id from locality where ${where}`);
  expect(rows).toHaveLength(1);
  return rows[0].id;
}

async function profile(id: number, themes: string[], fields: string[], population?: number) {
  await db.query(
    `insert into locality_profile (locality_id, themes, exchange_fields, population) values ($1, $2, $3, $4)
     on conflict (locality_id) do update set themes = excluded.themes, exchange_fields = excluded.exchange_fields, population = excluded.population`,
    [id, themes, fields, population ?? null],
  );
}

async function wish(localityId: number, ownerCode: string, criteria: Record<string, unknown>, status = 'OPEN'): Promise<number> {
  const { rows } = await db.query(
    `insert into partner_wish (locality_id, owner_unit_id, countries, continents, region_ids, themes, exchange_fields, min_population, max_population, status)
     values ($1, (select id from member_unit where code = $2), $3, $4, $5, $6, $7, $8, $9, $10) returning id`,
    [
      localityId, ownerCode, criteria.countries ?? [], criteria.continents ?? [], criteria.regionIds ?? [], criteria.themes ?? [],
      criteria.fields ?? [], criteria.minPopulation ?? null, criteria.maxPopulation ?? null, status,
    ],
  );
  return rows[0].id;
}

async function exchange(unitCode: string, country: string, tier: string, start: string, status = 'DONE'): Promise<void> {
  await db.query(
    `with e as (insert into exchange (organising_unit_id, kind, title_en, start_date, end_date, status, tier)
       values ((select id from member_unit where code = $1), 'OUTBOUND_VISIT', 'Visit', $3, $3, $5, $4) returning id)
     insert into exchange_destination (exchange_id, country_code, position) select id, $2, 0 from e`,
    [unitCode, country, start, tier, status],
  );
}

beforeAll(async () => {
  hub = await startTestHub();
  db = new pg.Client({ connectionString: hub.databaseUrl });
  await db.connect();
  [shuozhouOffice, xianOffice, hubAdmin] = await Promise.all([
    createIdentity(hub.databaseUrl, { unit: '140600-FAO', role: 'EDITOR' }),
    createIdentity(hub.databaseUrl, { unit: '610100-FAO', role: 'EDITOR' }),
    createIdentity(hub.databaseUrl, { unit: '610000-FAO', role: 'ADMIN' }),
  ]);
  ids.shuozhou = await localityId(`gb_code = '140600'`);
  ids.shanxi = await localityId(`gb_code = '140000'`);
  ids.xian = await localityId(`gb_code = '610100'`);
  ids.nara = await localityId(`level = 'CITY' and country_code = 'JP' and ascii_name = 'Nara-shi'`);
  ids.kyoto = await localityId(`level = 'CITY' and country_code = 'JP' and ascii_name = 'Kyoto'`);
  ids.kamakura = await localityId(`level = 'CITY' and country_code = 'JP' and ascii_name = 'Kamakura'`);
  ids.nikko = await localityId(`level = 'CITY' and country_code = 'JP' and ascii_name = 'Nikko'`);
  ids.kandy = await localityId(`level = 'CITY' and country_code = 'LK' and name_en = 'Kandy'`);
  ids.essen = await localityId(`level = 'CITY' and country_code = 'DE' and name_en = 'Essen' and population > 100000`);
  ids.naraPrefecture = await localityId(`level = 'REGION' and country_code = 'JP' and iso_code = '29'`);

  // The rankings below are checked against a world of this file's own profiles and wishes: the
  // seed profiles and demo wishes (tested in test/seeds) would enter every ranking.
  await db.query('delete from partner_wish');
  await db.query('delete from locality_profile');
  // Yingxian's wooden pagoda: Buddhist heritage points to Japan and Sri Lanka; coal elsewhere.
  await profile(ids.shuozhou, ['BUDDHIST_HERITAGE', 'TOURISM', 'COAL'], ['CULTURE_AND_ARTS', 'TOURISM'], 1_600_000);
  await profile(ids.nara, ['BUDDHIST_HERITAGE', 'HISTORIC_CAPITAL', 'TOURISM'], ['CULTURE_AND_ARTS'], 350_000);
  await profile(ids.kyoto, ['BUDDHIST_HERITAGE', 'HISTORIC_CAPITAL'], ['CULTURE_AND_ARTS', 'EDUCATION']);
  await profile(ids.kamakura, ['BUDDHIST_HERITAGE', 'TOURISM'], ['CULTURE_AND_ARTS', 'TOURISM'], 170_000);
  await profile(ids.nikko, ['CULTURAL_HERITAGE'], ['TOURISM'], 80_000);
  await profile(ids.kandy, ['BUDDHIST_HERITAGE'], ['CULTURE_AND_ARTS'], 1_500_000);
  await profile(ids.essen, ['COAL', 'ENERGY'], ['ECONOMY_AND_TRADE'], 580_000);
  await profile(ids.xian, ['BUDDHIST_HERITAGE', 'HISTORIC_CAPITAL', 'SILK_ROAD'], ['CULTURE_AND_ARTS'], 13_000_000);

  // Shuozhou's office went to Japan twice (public, members-only), once more NOT_SHARED; Xi'an's office once to Japan, not shared.
  await exchange('140600-FAO', 'JP', 'PUBLIC', '2023-05-10');
  await exchange('140600-FAO', 'JP', 'UNCONDITIONAL', '2024-09-01');
  await exchange('140600-FAO', 'JP', 'NOT_SHARED', '2025-03-01');
  await exchange('140600-FAO', 'JP', 'PUBLIC', '2025-04-01', 'CANCELLED');
  await exchange('610100-FAO', 'LK', 'NOT_SHARED', '2024-01-01');

});

afterAll(async () => {
  await db?.end();
  await hub?.stop();
});

const codeOf = (response: GraphQLResponse) => response.errors?.[0]?.extensions?.code;
const fieldOf = (response: GraphQLResponse) => response.errors?.[0]?.extensions?.field;

async function suggest(who: TestIdentity, variables: Record<string, unknown>) {
  const response = await hub.gql(SUGGEST, variables, who.headers);
  expect(response.errors, JSON.stringify(response.errors)).toBeUndefined();
  return response.data.partnerSuggestions;
}

type Suggestion = { rank: number; score: number; coverage: number; candidate: any; components: any[] };
const byName = (suggestions: Suggestion[], name: string) => suggestions.find((s) => s.candidate.id === gid(name));
const component = (suggestion: Suggestion, kind: string) => suggestion.components.find((c) => c.component === kind);

describe('partnerSuggestions', () => {
  it('ranks foreign cities for a Chinese prefecture and explains every component, which add up to the score', async () => {
    const result = await suggest(shuozhouOffice, { for: gid('shuozhou'), filter: { countries: ['JP', 'LK', 'DE'] }, first: 100 });
    expect(result.locality.id).toBe(gid('shuozhou'));
    expect(result.weights).toEqual({ sharedThemes: 3, sharedExchangeFields: 2, population: 1, exchangesWithCountry: 1, existingChannels: 1, saturation: 1, geography: 1 });
    expect(result.considered).toBeGreaterThanOrEqual(result.suggestions.length);
    const suggestions: Suggestion[] = result.suggestions;
    for (const s of suggestions) {
      expect(s.candidate.side).toBe('FOREIGN');
      expect(s.candidate.level).toBe('CITY');
      expect(['JP', 'LK', 'DE']).toContain(s.candidate.country.code);
      expect(s.score).toBeGreaterThanOrEqual(0);
      expect(s.score).toBeLessThanOrEqual(1);
      const sum = s.components.reduce((total: number, c: any) => total + c.contribution, 0);
      expect(sum).toBeCloseTo(s.score, 10);
      const withData = s.components.filter((c: any) => c.value != null);
      const weighted = withData.reduce((total: number, c: any) => total + c.weight * c.value, 0);
      const weights = withData.reduce((total: number, c: any) => total + c.weight, 0);
      expect(s.score).toBeCloseTo(weighted / weights, 10);
      expect(s.components.map((c: any) => c.component)).toEqual([
        'SHARED_THEMES', 'SHARED_EXCHANGE_FIELDS', 'POPULATION', 'EXCHANGES_WITH_COUNTRY', 'EXISTING_CHANNELS', 'SATURATION', 'GEOGRAPHY',
      ]);
    }
    // Best first, ranks 1..n.
    expect(suggestions.map((s) => s.rank)).toEqual(suggestions.map((_, i) => i + 1));
    expect([...suggestions].sort((a, b) => b.score - a.score).map((s) => s.score)).toEqual(suggestions.map((s) => s.score));

    const kamakura = byName(suggestions, 'kamakura')!;
    expect(kamakura.rank).toBe(1); // both themes of interest, both fields, Japan ties
    expect(component(kamakura, 'SHARED_THEMES')).toMatchObject({ value: 2 / 3, explanation: 'shares BUDDHIST_HERITAGE, TOURISM with Shuozhou (2 of 3 sought themes)' });
    expect(component(kamakura, 'SHARED_EXCHANGE_FIELDS').value).toBe(1);
    expect(component(kamakura, 'POPULATION').explanation).toBe('population 0.2 M vs 1.6 M');
    expect(component(kamakura, 'POPULATION').value).toBeCloseTo(1 - Math.log(1_600_000 / 170_000) / Math.log(10), 10);
    // Shuozhou's own office sees its NOT_SHARED visit too; the CANCELLED one never counts.
    expect(component(kamakura, 'EXCHANGES_WITH_COUNTRY')).toMatchObject({ value: 3 / 5 });
    expect(component(kamakura, 'EXCHANGES_WITH_COUNTRY').explanation).toBe('3 exchanges of Shuozhou (and the localities and units under it) with Japan since 2023');
    expect(component(kamakura, 'EXISTING_CHANNELS').explanation).toMatch(/^Shanxi already has \d+ partners? in Japan/);
    expect(component(kamakura, 'SATURATION')).toMatchObject({ value: 1, explanation: 'has no Chinese partner yet' });
    // Every component has data now that Chinese localities have coordinates (see the GEOGRAPHY test below).
    expect(component(kamakura, 'GEOGRAPHY').value).toBeGreaterThan(0);
    expect(kamakura.coverage).toBe(1);

    const nara = byName(suggestions, 'nara')!;
    expect(component(nara, 'SATURATION').explanation).toBe('already partners 1 Chinese locality');
    expect(component(nara, 'SATURATION').value).toBeCloseTo(3 / 4, 10);
    // Essen (51° N) no longer makes the first 100 of the three countries once latitudes count: ask for Germany.
    const german = await suggest(shuozhouOffice, { for: gid('shuozhou'), filter: { countries: ['DE'], minPopulation: 500_000 }, first: 100 });
    const essen = byName(german.suggestions, 'essen')!;
    expect(component(essen, 'SHARED_THEMES').explanation).toBe('shares COAL with Shuozhou (1 of 3 sought themes)');
    expect(component(essen, 'SHARED_EXCHANGE_FIELDS').explanation).toBe('shares none of the 2 sought exchange fields (CULTURE_AND_ARTS, TOURISM)');
  });

  it('explains GEOGRAPHY from the latitudes of both sides: Shuozhou (39.3° N) and a Japanese city', async () => {
    const { rows } = await db.query(`select id, latitude from locality where id = any($1)`, [[ids.shuozhou, ids.kamakura]]);
    const latitude = Object.fromEntries(rows.map((r: { id: number; latitude: number }) => [r.id, r.latitude]));
    expect(latitude[ids.shuozhou]).toBeCloseTo(39.33, 1);
    const expected = 1 - Math.abs(Math.abs(latitude[ids.kamakura]) - Math.abs(latitude[ids.shuozhou])) / 30;

    const result = await suggest(shuozhouOffice, { for: gid('shuozhou'), filter: { countries: ['JP'], themes: ['BUDDHIST_HERITAGE'] }, first: 10 });
    const kamakura = byName(result.suggestions, 'kamakura')!;
    const geography = component(kamakura, 'GEOGRAPHY');
    expect(geography).toMatchObject({ weight: 1, explanation: 'latitude 35.3° vs 39.3°' });
    expect(geography.value).toBeCloseTo(expected, 10);
    const weights = kamakura.components.filter((c: any) => c.value != null).reduce((total: number, c: any) => total + c.weight, 0);
    expect(geography.contribution).toBeCloseTo(expected / weights, 10);

    // And from the Japanese side: the seeker's latitude comes second.
    const back = await suggest(hubAdmin, { for: gid('kamakura'), first: 100 });
    const shuozhou = byName(back.suggestions, 'shuozhou')!;
    expect(component(shuozhou, 'GEOGRAPHY')).toMatchObject({ explanation: 'latitude 39.3° vs 35.3°' });
    expect(component(shuozhou, 'GEOGRAPHY').value).toBeCloseTo(expected, 10);
  });

  it('counts exchanges the caller may see: the organising unit and hub admins also count NOT_SHARED ones', async () => {
    const variables = { for: gid('shuozhou'), filter: { countries: ['JP'], themes: ['BUDDHIST_HERITAGE'] }, first: 5 };
    const admin = await suggest(hubAdmin, variables);
    expect(component(admin.suggestions[0], 'EXCHANGES_WITH_COUNTRY').explanation).toMatch(/^3 exchanges/);
    const own = await suggest(shuozhouOffice, variables);
    expect(component(own.suggestions[0], 'EXCHANGES_WITH_COUNTRY').explanation).toMatch(/^3 exchanges/);
    const other = await suggest(xianOffice, variables);
    expect(component(other.suggestions[0], 'EXCHANGES_WITH_COUNTRY').explanation).toMatch(/^2 exchanges/);
  });

  it('the same inputs give the same ranking', async () => {
    const variables = { for: gid('shuozhou'), first: 50 };
    const first = await suggest(shuozhouOffice, variables);
    const second = await suggest(shuozhouOffice, variables);
    expect(second.suggestions.map((s: Suggestion) => [s.candidate.id, s.score])).toEqual(first.suggestions.map((s: Suggestion) => [s.candidate.id, s.score]));
    expect(first.suggestions).toHaveLength(50);
    // Ties: larger population first.
    for (let i = 1; i < first.suggestions.length; i++) {
      const [a, b] = [first.suggestions[i - 1], first.suggestions[i]];
      if (a.score === b.score) expect(a.candidate.population ?? -1).toBeGreaterThanOrEqual(b.candidate.population ?? -1);
    }
  });

  it('weights given per query change the order and are returned', async () => {
    const filter = { countries: ['JP', 'LK', 'DE'] };
    const byThemes = await suggest(shuozhouOffice, { for: gid('shuozhou'), filter, first: 100 });
    const bySize = await suggest(shuozhouOffice, {
      for: gid('shuozhou'),
      filter,
      weights: { sharedThemes: 0, sharedExchangeFields: 0, exchangesWithCountry: 0, existingChannels: 0, saturation: 0, geography: 0, population: 1 },
      first: 100,
    });
    expect(bySize.weights).toMatchObject({ sharedThemes: 0, population: 1, geography: 0 });
    // Weights left out keep their defaults.
    const one = await suggest(shuozhouOffice, { for: gid('shuozhou'), filter, weights: { population: 2 }, first: 1 });
    expect(one.weights).toEqual({ sharedThemes: 3, sharedExchangeFields: 2, population: 2, exchangesWithCountry: 1, existingChannels: 1, saturation: 1, geography: 1 });
    expect(byName(byThemes.suggestions, 'kamakura')!.rank).toBe(1);
    // Kandy (1.5 M) is closest in size to Shuozhou (1.6 M) among the profiled cities.
    expect(byName(bySize.suggestions, 'kandy')!.rank).toBeLessThan(byName(bySize.suggestions, 'kamakura')?.rank ?? Infinity);
    expect(bySize.suggestions.map((s: Suggestion) => s.candidate.id)).not.toEqual(byThemes.suggestions.map((s: Suggestion) => s.candidate.id));
    const top = bySize.suggestions[0];
    expect(top.score).toBeCloseTo(component(top, 'POPULATION').value, 10);
  });

  it('filters by country, continent, region, theme, exchange field and population', async () => {
    const themed = await suggest(shuozhouOffice, { for: gid('shuozhou'), filter: { themes: ['BUDDHIST_HERITAGE'] }, first: 100 });
    expect(themed.suggestions.map((s: Suggestion) => s.candidate.id).sort()).toEqual([gid('kamakura'), gid('nara'), gid('kyoto'), gid('kandy')].sort());
    const fields = await suggest(shuozhouOffice, { for: gid('shuozhou'), filter: { exchangeFields: ['ECONOMY_AND_TRADE'] }, first: 100 });
    expect(fields.suggestions.map((s: Suggestion) => s.candidate.id)).toEqual([gid('essen')]);
    const europe = await suggest(shuozhouOffice, { for: gid('shuozhou'), filter: { continents: ['EU'] }, first: 100 });
    expect(europe.suggestions.length).toBeGreaterThan(0);
    for (const s of europe.suggestions) expect(['JP', 'LK', 'CN', 'US']).not.toContain(s.candidate.country.code);
    const sized = await suggest(shuozhouOffice, { for: gid('shuozhou'), filter: { countries: ['JP'], minPopulation: 100_000, maxPopulation: 400_000 }, first: 100 });
    expect(sized.suggestions.length).toBeGreaterThan(0);
    for (const s of sized.suggestions) expect(s.candidate.population).toBeGreaterThanOrEqual(100_000);
    expect(byName(sized.suggestions, 'kamakura')).toBeDefined();
    expect(byName(sized.suggestions, 'nikko')).toBeUndefined();
    // Cities enter the pool by a known population or a profile (see the README).
    const { rows } = await db.query(
      `select count(*)::int as n from locality c where parent_id = $1 and level = 'CITY'
       and (population is not null or exists (select 1 from locality_profile p where p.locality_id = c.id))`,
      [ids.naraPrefecture],
    );
    const region = await suggest(shuozhouOffice, { for: gid('shuozhou'), filter: { regions: [gid('naraPrefecture')] }, first: 100 });
    expect(region.suggestions.length).toBe(Math.min(rows[0].n, 100));
  });

  it('leaves out localities the seeker already partners', async () => {
    const result = await suggest(xianOffice, { for: gid('xian'), filter: { countries: ['JP'], themes: ['BUDDHIST_HERITAGE'] }, first: 100 });
    const found = result.suggestions.map((s: Suggestion) => s.candidate.id);
    expect(found).toContain(gid('kamakura'));
    expect(found).not.toContain(gid('nara'));
    expect(found).not.toContain(gid('kyoto'));
  });

  it('a Chinese province gets foreign regions', async () => {
    const result = await suggest(shuozhouOffice, { for: gid('shanxi'), filter: { countries: ['JP'] }, first: 100 });
    expect(result.suggestions.length).toBeGreaterThan(0);
    for (const s of result.suggestions) expect(s.candidate).toMatchObject({ side: 'FOREIGN', level: 'REGION', country: { code: 'JP' } });
  });

  it('a foreign city gets Chinese prefectures and counties, explained from its side', async () => {
    const result = await suggest(hubAdmin, { for: gid('nara'), first: 100 });
    expect(result.suggestions.length).toBe(100);
    for (const s of result.suggestions) {
      expect(s.candidate.side).toBe('DOMESTIC');
      expect(['PREFECTURE', 'COUNTY']).toContain(s.candidate.level);
    }
    const found = result.suggestions.map((s: Suggestion) => s.candidate.id);
    expect(found).not.toContain(gid('xian')); // already partners Nara
    const shuozhou = byName(result.suggestions, 'shuozhou')!;
    expect(shuozhou.rank).toBe(1);
    expect(component(shuozhou, 'SHARED_THEMES').explanation).toBe('shares BUDDHIST_HERITAGE, TOURISM with Nara-shi (2 of 3 sought themes)');
    expect(component(shuozhou, 'EXCHANGES_WITH_COUNTRY').explanation).toMatch(/^3 exchanges of Shuozhou .*with Japan since 2023$/);
    expect(component(shuozhou, 'EXISTING_CHANNELS').explanation).toMatch(/^Shanxi already has \d+ partners? in Japan/);
  });

  it('sends a bounded number of statements', async () => {
    const { statements } = await hub.countQueries(() => suggest(shuozhouOffice, { for: gid('shuozhou'), first: 100 }));
    // The token, the seeker with the checks of its arguments, the scoring, the candidates' localities.
    expect(statements.length).toBeLessThanOrEqual(4);
  });

  describe('refuses bad input', () => {
    const cases: Array<[string, Record<string, unknown>, string, string | undefined, RegExp?]> = [
      ['a malformed locality ID', { for: 'nope' }, 'BAD_USER_INPUT', 'for'],
      ['an ID of another type', { for: toGlobalId('MemberUnit', 1) }, 'BAD_USER_INPUT', 'for'],
      ['an unknown locality', { for: toGlobalId('Locality', 999999999) }, 'NOT_FOUND', 'for'],
      ['an unknown theme', { filter: { themes: ['TOURISM', 'PAGODAS'] } }, 'BAD_USER_INPUT', 'filter.themes', /PAGODAS/],
      ['an unknown country', { filter: { countries: ['XX'] } }, 'BAD_USER_INPUT', 'filter.countries', /XX/],
      ['a region on the seeker\'s side', { filter: { regions: ['__shanxi'] } }, 'BAD_USER_INPUT', 'filter.regions'],
      ['a city as a region', { filter: { regions: ['__nara'] } }, 'BAD_USER_INPUT', 'filter.regions'],
      ['a malformed region', { filter: { regions: ['nope'] } }, 'BAD_USER_INPUT', 'filter.regions'],
      ['a negative population', { filter: { minPopulation: -1 } }, 'BAD_USER_INPUT', 'filter.minPopulation'],
      ['a population range upside down', { filter: { minPopulation: 10, maxPopulation: 5 } }, 'BAD_USER_INPUT', 'filter.minPopulation'],
      ['first 0', { first: 0 }, 'BAD_USER_INPUT', 'first'],
      ['first above 100', { first: 101 }, 'BAD_USER_INPUT', 'first'],
      ['a negative weight', { weights: { population: -1 } }, 'BAD_USER_INPUT', 'weights.population'],
      ['all weights 0', { weights: { sharedThemes: 0, sharedExchangeFields: 0, population: 0, exchangesWithCountry: 0, existingChannels: 0, saturation: 0, geography: 0 } }, 'BAD_USER_INPUT', 'weights'],
    ];
    for (const [name, variables, code, field, message] of cases) {
      it(name, async () => {
        const filter = variables.filter as Record<string, unknown> | undefined;
        if (filter?.regions) filter.regions = (filter.regions as string[]).map((r) => (r.startsWith('__') ? gid(r.slice(2)) : r));
        const response = await hub.gql(SUGGEST, { for: gid('shuozhou'), ...variables }, shuozhouOffice.headers);
        expect(codeOf(response), JSON.stringify(response.errors)).toBe(code);
        expect(fieldOf(response)).toBe(field);
        if (message) expect(response.errors![0].message).toMatch(message);
      });
    }

    it('anonymous callers are UNAUTHENTICATED', async () => {
      const response = await hub.gql(SUGGEST, { for: gid('shuozhou') });
      expect(codeOf(response)).toBe('UNAUTHENTICATED');
    });
  });
});

describe('PartnerWish.candidates', () => {
  it("follows the wish's criteria", async () => {
    const id = await wish(ids.shuozhou, '140600-FAO', { countries: ['JP'], themes: ['BUDDHIST_HERITAGE'], fields: ['TOURISM'] });
    const response = await hub.gql(WISH_CANDIDATES, { id: toGlobalId('PartnerWish', id), first: 10 }, shuozhouOffice.headers);
    expect(response.errors, JSON.stringify(response.errors)).toBeUndefined();
    const { suggestions } = response.data.node.candidates;
    // Japanese cities whose profile has BUDDHIST_HERITAGE or TOURISM: Kamakura, Nara, Kyoto, Nikko.
    expect(suggestions.map((s: any) => s.candidate.id).sort()).toEqual([gid('kamakura'), gid('nara'), gid('kyoto'), gid('nikko')].sort());
    expect(suggestions[0].candidate.id).toBe(gid('kamakura'));
    expect(suggestions[0].components[0].explanation).toBe('shares BUDDHIST_HERITAGE with Shuozhou (1 of 1 sought theme)');

    const anonymous = await hub.gql(WISH_CANDIDATES, { id: toGlobalId('PartnerWish', id) });
    expect(anonymous.data?.node?.candidates ?? null).toBeNull();
  });
});

describe('openWishesFittedBy', () => {
  const fitted = (localityId: number) => openWishesFittedBy(hub.app.orm.em.fork() as EntityManager, localityId);

  it("finds the open wishes on the other side whose criteria a locality meets, with its score", async () => {
    const japan = await wish(ids.shuozhou, '140600-FAO', { countries: ['JP'], themes: ['BUDDHIST_HERITAGE'], maxPopulation: 1_000_000 });
    const asia = await wish(ids.shuozhou, '140600-FAO', { continents: ['AS'], fields: ['CULTURE_AND_ARTS'] });
    const germany = await wish(ids.shuozhou, '140600-FAO', { countries: ['DE'] });
    const withdrawn = await wish(ids.shuozhou, '140600-FAO', { countries: ['JP'] }, 'WITHDRAWN');
    const region = await wish(ids.shuozhou, '140600-FAO', { regionIds: [ids.naraPrefecture], themes: ['BUDDHIST_HERITAGE'] });
    const small = await wish(ids.shuozhou, '140600-FAO', { countries: ['JP'], maxPopulation: 100_000 });
    const fromNara = await wish(ids.nara, '610000-FAO', { themes: ['BUDDHIST_HERITAGE'] });

    const kamakura = await fitted(ids.kamakura);
    const wishIds = kamakura.map((w) => w.wishId);
    expect(wishIds).toContain(japan);
    expect(wishIds).toContain(asia);
    expect(wishIds).not.toContain(germany);
    expect(wishIds).not.toContain(withdrawn);
    expect(wishIds).not.toContain(small);
    expect(wishIds).not.toContain(fromNara); // same side
    const owner = (await db.query(`select id from member_unit where code = '140600-FAO'`)).rows[0].id;
    for (const w of kamakura) {
      expect(w.ownerUnitId).toBe(owner);
      expect(w.score).toBeGreaterThanOrEqual(WISH_MATCH_THRESHOLD);
    }

    const nara = (await fitted(ids.nara)).map((w) => w.wishId);
    expect(nara).toContain(region);
    expect(nara).not.toContain(fromNara); // its own wish

    const essen = (await fitted(ids.essen)).map((w) => w.wishId);
    expect(essen).not.toContain(japan);
    expect(essen).not.toContain(asia);

    // A foreign city's wish for a Chinese partner: Shuozhou (Buddhist heritage) fits it, Xi'an partners Nara already.
    expect((await fitted(ids.shuozhou)).map((w) => w.wishId)).toContain(fromNara);
    expect((await fitted(ids.xian)).map((w) => w.wishId)).not.toContain(fromNara);
  });
});
