import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestHub, type TestHub } from '../helpers/hub';
import { withClient } from '../helpers/resources';

let hub: TestHub;
beforeAll(async () => {
  hub = await startTestHub();
});
afterAll(async () => {
  await hub?.stop();
});

const SEARCH = `query($query: String, $filter: LocalitySearchFilter, $first: Int, $after: String) {
  searchLocalities(query: $query, filter: $filter, first: $first, after: $after) {
    totalCount
    pageInfo { hasNextPage hasPreviousPage endCursor }
    edges {
      cursor match distance score matchedName
      node { id name nameZh side level population country { code } parent { id name } }
    }
  }
}`;

async function search(query: string | null, filter?: Record<string, unknown>, first = 10, after?: string) {
  const response = await hub.gql(SEARCH, { query, filter, first, after });
  expect(response.errors).toBeUndefined();
  return response.data.searchLocalities as {
    totalCount: number;
    pageInfo: { hasNextPage: boolean; hasPreviousPage: boolean; endCursor: string | null };
    edges: Array<{ cursor: string; match: string | null; distance: number | null; score: number | null; matchedName: string | null; node: any }>;
  };
}
const nodes = (page: Awaited<ReturnType<typeof search>>) => page.edges.map((edge) => edge.node);

async function searchError(query: string | null, filter?: Record<string, unknown>, extra: Record<string, unknown> = {}) {
  const response = await hub.gql(SEARCH, { query, filter, first: 5, ...extra });
  expect(response.data?.searchLocalities ?? null).toBeNull();
  return response.errors![0];
}

async function localityId(query: string, filter: Record<string, unknown>) {
  const [first] = nodes(await search(query, filter, 1));
  return first.id as string;
}

describe('searchLocalities: names', () => {
  it.each(['São Paulo', 'sao paulo', 'SAO-PAULO'])('"%s" finds São Paulo first as an exact match, whatever the accents and case', async (query) => {
    const page = await search(query);
    expect(page.edges[0]).toMatchObject({ match: 'EXACT', distance: 0, score: 1, matchedName: 'São Paulo', node: { name: 'São Paulo', country: { code: 'BR' } } });
    expect(page.edges[0].node.population).toBeGreaterThan(10_000_000);
  });

  it('finds Kyoto despite a typo, before names that merely contain the letters', async () => {
    const page = await search('Kyto');
    expect(page.edges[0]).toMatchObject({ match: 'SIMILAR', distance: 1, matchedName: 'Kyoto', node: { name: 'Kyoto', country: { code: 'JP' } } });
  });

  it('finds Hamburg from "Hamburgg" and from the first letters "Hambu", the big city first', async () => {
    const typo = await search('Hamburgg');
    expect(typo.edges[0].node).toMatchObject({ name: 'Hamburg', country: { code: 'DE' } });
    const prefix = await search('Hambu');
    expect(prefix.edges[0]).toMatchObject({ match: 'PREFIX', node: { name: 'Hamburg', country: { code: 'DE' } } });
  });

  it('finds a name that sounds like the typo: "Tokio" finds Tokyo, "Vladivostock" Vladivostok', async () => {
    const tokio = await search('Tokio');
    expect(nodes(tokio).slice(0, 3).map((node) => node.name)).toContain('Tokyo');
    const vladivostok = await search('Vladivostock');
    expect(vladivostok.edges[0]).toMatchObject({ match: 'SIMILAR', distance: 1, node: { name: 'Vladivostok', country: { code: 'RU' } } });
  });

  it('offers names that start with the query and no guesses when some do: "Mosc" lists Moscow and its kind only', async () => {
    const page = await search('Mosc', undefined, 50);
    expect(page.edges[0].node).toMatchObject({ name: 'Moscow', country: { code: 'RU' } });
    expect(page.edges.every((edge) => ['EXACT', 'PREFIX', 'WORD_PREFIX'].includes(edge.match!))).toBe(true);
    expect(page.totalCount).toBe(page.edges.length);
  });

  it('finds a name containing the query when none starts with it: "msterdam" finds Amsterdam', async () => {
    const page = await search('msterdam');
    expect(page.edges[0]).toMatchObject({ match: 'SUBSTRING', node: { name: 'Amsterdam', country: { code: 'NL' } } });
  });

  it('finds a later word of a name: "paulo" finds São Paulo among the large Brazilian cities', async () => {
    const page = await search('paulo', { country: 'BR', minPopulation: 1_000_000 });
    expect(page.edges[0]).toMatchObject({ match: 'WORD_PREFIX', matchedName: 'São Paulo', node: { name: 'São Paulo' } });
  });

  it('ranks exact names before prefixes before word prefixes before other containing or similar names', async () => {
    const page = await search('york', undefined, 100);
    const order = ['EXACT', 'PREFIX', 'WORD_PREFIX', 'SUBSTRING', 'SIMILAR'];
    const ranks = page.edges.map((edge) => Math.min(3, order.indexOf(edge.match!)));
    expect(ranks).toEqual([...ranks].sort((a, b) => a - b));
    expect(page.edges.map((edge) => edge.match)).toContain('WORD_PREFIX'); // New York
    const exact = page.edges.filter((edge) => edge.match === 'EXACT').map((edge) => edge.node.population ?? -1);
    expect(exact).toEqual([...exact].sort((a, b) => b - a));
  });

  it.each(['西安', "Xi'an", 'xian', 'Xi an', 'XIAN'])('"%s" finds the prefecture-level city of Xi\'an first', async (query) => {
    const page = await search(query);
    expect(page.edges[0].node).toMatchObject({ name: "Xi'an", nameZh: '西安市', side: 'DOMESTIC', level: 'PREFECTURE' });
    expect(page.edges[0].match).toBe('EXACT');
  });

  it('searches Chinese divisions and foreign localities together', async () => {
    const page = await search('shan', undefined, 100);
    const sides = new Set(nodes(page).map((node) => node.side));
    expect(sides).toEqual(new Set(['DOMESTIC', 'FOREIGN']));
  });
});

describe('searchLocalities: filters', () => {
  it('lists by population when given a filter and no query', async () => {
    const page = await search(null, { country: 'JP', level: 'CITY' }, 20);
    expect(page.edges[0]).toMatchObject({ match: null, matchedName: null, node: { name: 'Tokyo' } });
    const populations = nodes(page).map((node) => node.population);
    expect(populations).toEqual([...populations].sort((a, b) => b - a));
    expect(nodes(page).every((node) => node.country.code === 'JP' && node.level === 'CITY')).toBe(true);
  });

  it('keeps to one side, one level, one country', async () => {
    const domestic = await search('shan', { side: 'DOMESTIC', level: 'PROVINCE' }, 50);
    expect(nodes(domestic).map((node) => node.name)).toEqual(expect.arrayContaining(['Shaanxi', 'Shanxi', 'Shandong']));
    expect(nodes(domestic).every((node) => node.side === 'DOMESTIC' && node.level === 'PROVINCE')).toBe(true);
    const japan = await search('kyo', { country: 'jp' }, 50);
    expect(nodes(japan).length).toBeGreaterThan(0);
    expect(nodes(japan).every((node) => node.country.code === 'JP')).toBe(true);
  });

  it('keeps to one continent', async () => {
    const page = await search('san', { continent: 'EU', level: 'CITY' }, 100);
    const countries = new Set(nodes(page).map((node) => node.country.code));
    expect(countries.has('ES') || countries.has('IT')).toBe(true);
    for (const code of ['US', 'MX', 'BR', 'CL', 'PH']) expect(countries.has(code)).toBe(false);
  });

  it('keeps within a population range', async () => {
    const page = await search('san', { minPopulation: 100_000, maxPopulation: 500_000 }, 100);
    expect(page.edges.length).toBeGreaterThan(10);
    expect(nodes(page).every((node) => node.population >= 100_000 && node.population <= 500_000)).toBe(true);
  });

  it('finds the cities of a foreign region, and every division inside a Chinese province', async () => {
    const kyotoPrefecture = await localityId('Kyoto Prefecture', { level: 'REGION', country: 'JP' });
    const cities = await search(null, { region: kyotoPrefecture }, 50);
    expect(nodes(cities).map((node) => node.name)).toContain('Kyoto');
    expect(nodes(cities).every((node) => node.parent?.id === kyotoPrefecture)).toBe(true);

    const shaanxi = await localityId('Shaanxi', { level: 'PROVINCE' });
    const xian = await search('xian', { region: shaanxi }, 50);
    expect(nodes(xian)[0]).toMatchObject({ name: "Xi'an", level: 'PREFECTURE' });
    const counties = await search(null, { region: shaanxi, level: 'COUNTY' }, 100);
    expect(counties.totalCount).toBeGreaterThan(50);
    expect(nodes(counties).every((node) => node.level === 'COUNTY')).toBe(true);
  });

  it('finds localities whose profile has every theme asked for', async () => {
    const kyoto = await localityId('Kyoto', { country: 'JP', level: 'CITY' });
    const nara = await localityId('Nara', { country: 'JP', level: 'CITY' });
    const key = (id: string) => Number(Buffer.from(id, 'base64url').toString('utf8').split(':')[1]);
    // Themes of this test's own (the seed profiles use the shipped ones), added to whatever profile the cities have.
    await withClient(hub.databaseUrl, async (client) => {
      await client.query(`insert into profile_theme (code, kind, label_en, label_zh) values ('TEST_ZEN', 'THEME', 'Zen', '禅'), ('TEST_GARDENS', 'THEME', 'Gardens', '园林')`);
      await client.query(
        `insert into locality_profile (locality_id, themes) values ($1, '{TEST_ZEN,TEST_GARDENS}'), ($2, '{TEST_ZEN}')
         on conflict (locality_id) do update set themes = locality_profile.themes || excluded.themes`,
        [key(kyoto), key(nara)],
      );
    });
    const both = await search(null, { themes: ['test_zen', ' TEST_GARDENS '] }, 10); // codes are case-insensitive
    expect(nodes(both).map((node) => node.name)).toEqual(['Kyoto']);
    const one = await search(null, { themes: ['TEST_ZEN'], country: 'JP' }, 10);
    expect(nodes(one).map((node) => node.id)).toEqual([kyoto, nara]);
    const named = await search('nara', { themes: ['TEST_ZEN'] }, 10);
    expect(nodes(named).map((node) => node.id)).toEqual([nara]);
  });

  it('tells foreign localities that already have a Chinese partner from those that have none', async () => {
    const query = `query($query: String, $filter: LocalitySearchFilter) { searchLocalities(query: $query, filter: $filter, first: 30) { edges { node { side partnerships { status } } } } }`;
    const partnered = await hub.gql(query, { filter: { hasChinesePartner: true } });
    const withPartner = partnered.data.searchLocalities.edges.map((edge: any) => edge.node);
    expect(withPartner.length).toBe(30);
    expect(withPartner.every((node: any) => node.side === 'FOREIGN' && node.partnerships.some((p: any) => p.status !== 'ENDED'))).toBe(true);
    const alone = await hub.gql(query, { query: 'kyo', filter: { hasChinesePartner: false } });
    const without = alone.data.searchLocalities.edges.map((edge: any) => edge.node);
    expect(without.length).toBeGreaterThan(0);
    expect(without.every((node: any) => node.side === 'FOREIGN' && node.partnerships.length === 0)).toBe(true);
  });

  it('finds the foreign partners of a Chinese province and of the cities and counties inside it', async () => {
    const shaanxi = await localityId('Shaanxi', { level: 'PROVINCE' });
    const response = await hub.gql(
      `query($filter: LocalitySearchFilter) { searchLocalities(filter: $filter, first: 100) { totalCount edges { node { name side partnerships { partner { name level parent { name } } } } } } }`,
      { filter: { partneredWithProvince: shaanxi } },
    );
    expect(response.errors).toBeUndefined();
    const found = response.data.searchLocalities.edges.map((edge: any) => edge.node);
    const names = found.map((node: any) => node.name);
    expect(names).toEqual(expect.arrayContaining(['Kyōto Prefecture', 'Isfahan', 'Minnesota']));
    expect(found.every((node: any) => node.side === 'FOREIGN')).toBe(true);
    const inShaanxi = (partner: any) => partner.name === 'Shaanxi' || partner.parent?.name === 'Shaanxi' || partner.level === 'COUNTY';
    expect(found.every((node: any) => node.partnerships.some((p: any) => inShaanxi(p.partner)))).toBe(true);
  });
});

describe('searchLocalities: partners and pages', () => {
  it('shows which Chinese localities already partner a result, at which level and how', async () => {
    const response = await hub.gql(`{ searchLocalities(query: "Isfahan", filter: { country: "IR" }, first: 1) {
      edges { node { name partnerships { kind status establishedYear partner { name level side } relation { id kind domesticLocality { name } } } } }
    } }`);
    expect(response.errors).toBeUndefined();
    const isfahan = response.data.searchLocalities.edges[0].node;
    expect(isfahan.name).toBe('Isfahan');
    const xian = isfahan.partnerships.find((p: any) => p.partner.name === "Xi'an");
    expect(xian).toMatchObject({ kind: 'SISTER', status: 'ESTABLISHED', partner: { level: 'PREFECTURE', side: 'DOMESTIC' }, relation: { kind: 'SISTER', domesticLocality: { name: "Xi'an" } } });

    const back = await hub.gql(`{ searchLocalities(query: "西安", first: 1) { edges { node { name partnerships { partner { name side } } } } } }`);
    expect(back.data.searchLocalities.edges[0].node.partnerships.map((p: any) => p.partner.name)).toContain('Isfahan');
  });

  it('lists a relation under each of its sides when both are loaded together', async () => {
    const ids = await hub.gql(`{ a: searchLocalities(query: "Isfahan", filter: { country: "IR" }, first: 1) { edges { node { id } } }
      b: searchLocalities(query: "西安", filter: { side: DOMESTIC }, first: 1) { edges { node { id } } } }`);
    const isfahanId = ids.data.a.edges[0].node.id;
    const xianId = ids.data.b.edges[0].node.id;
    // One operation, one batch of partnerships for both localities.
    const both = await hub.gql(`query($a: ID!, $b: ID!) {
      a: node(id: $a) { ... on Locality { name partnerships { partner { id } } } }
      b: node(id: $b) { ... on Locality { name partnerships { partner { id } } } } }`, { a: isfahanId, b: xianId });
    expect(both.errors).toBeUndefined();
    expect(both.data.a.partnerships.map((p: any) => p.partner.id)).toContain(xianId);
    expect(both.data.b.partnerships.map((p: any) => p.partner.id)).toContain(isfahanId);
  });

  it('loads the partnerships of a whole page in a fixed number of statements', async () => {
    const query = (first: number) =>
      hub.gql(`{ searchLocalities(filter: { hasChinesePartner: true }, first: ${first}) { edges { node { name partnerships { kind partner { name country { name } } relation { id } } } } } }`);
    const few = await hub.countQueries(() => query(2));
    const many = await hub.countQueries(() => query(40));
    expect(many.result.errors).toBeUndefined();
    expect(many.statements.length).toBe(few.statements.length);
  });

  it('pages through results without gaps or repeats, across kinds of match', async () => {
    for (const query of ['hamburg', 'san']) {
      const whole = await search(query, undefined, 60);
      const seen: string[] = [];
      let after: string | undefined;
      for (let i = 0; i < 6; i++) {
        const page = await search(query, undefined, 10, after);
        seen.push(...nodes(page).map((node) => node.id));
        expect(page.pageInfo.hasPreviousPage).toBe(i > 0);
        if (!page.pageInfo.hasNextPage) break;
        after = page.pageInfo.endCursor!;
      }
      expect(seen).toEqual(nodes(whole).map((node) => node.id));
      expect(new Set(seen).size).toBe(seen.length);
    }
    const hamburg = await search('hamburg', undefined, 60);
    expect(new Set(hamburg.edges.map((edge) => edge.match)).size).toBeGreaterThan(1);
    expect(hamburg.totalCount).toBeGreaterThanOrEqual(hamburg.edges.length);
  });

  it('counts every match, across pages', async () => {
    const page = await search('hamburg', undefined, 100);
    expect(page.pageInfo.hasNextPage).toBe(false);
    expect(page.totalCount).toBe(page.edges.length);
  });
});

describe('searchLocalities: bad input', () => {
  it('refuses a query longer than 200 characters', async () => {
    const error = await searchError('x'.repeat(201));
    expect(error.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'query', reason: 'SEARCH_TOO_LONG' });
  });

  it.each([null, '', '   '])('refuses %j as a query without any filter', async (query) => {
    const error = await searchError(query);
    expect(error.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'query' });
  });

  it.each(['%', '_', '\\', '%%', '__', '\\%', "'%'"])('takes %j literally, never as a wildcard', async (query) => {
    const page = await search(query, undefined, 5);
    expect(page.totalCount).toBe(0);
  });

  it('takes quotes as part of a name', async () => {
    const page = await search('"Klyazminskoe', undefined, 5);
    expect(page.edges[0].matchedName).toContain('"Klyazminskoe vodohranilische"');
    const apostrophe = await search("Xi'an", { side: 'DOMESTIC' }, 1);
    expect(apostrophe.edges[0].node.name).toBe("Xi'an");
  });

  it('refuses a query made only of spaces and punctuation', async () => {
    const error = await searchError(" ' - . ");
    expect(error.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'query', reason: 'SEARCH_EMPTY' });
  });

  it('names an unknown theme code and the field', async () => {
    const error = await searchError('kyoto', { themes: ['TOURISM', 'SPACE_TRAVEL'] });
    expect(error.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'filter.themes', reason: 'UNKNOWN_THEME' });
    expect(error.message).toContain('SPACE_TRAVEL');
  });

  it('names a country code that is no country', async () => {
    const error = await searchError('kyoto', { country: 'ZZ' });
    expect(error.extensions?.code).toBe('BAD_USER_INPUT');
    expect(error.message).toContain('ZZ');
    expect(error.message).toContain('country');
    expect(error.extensions?.field).toBe('filter.country');
  });

  it('refuses a population range that is negative or empty', async () => {
    expect((await searchError('san', { minPopulation: -1 })).extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'filter.minPopulation' });
    expect((await searchError('san', { maxPopulation: -5 })).extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'filter.maxPopulation' });
    expect((await searchError('san', { minPopulation: 10, maxPopulation: 5 })).extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'filter.minPopulation' });
  });

  it('refuses a city as a region and a prefecture as a province', async () => {
    const kyoto = await localityId('Kyoto', { country: 'JP', level: 'CITY' });
    expect((await searchError(null, { region: kyoto })).extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'filter.region' });
    const xian = await localityId('xian', { level: 'PREFECTURE' });
    expect((await searchError(null, { partneredWithProvince: xian })).extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'filter.partneredWithProvince' });
    expect((await searchError(null, { region: 'not-an-id' })).extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'filter.region' });
  });

  it('refuses partner filters on the Chinese side', async () => {
    const error = await searchError(null, { side: 'DOMESTIC', hasChinesePartner: true });
    expect(error.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'filter.hasChinesePartner' });
  });
});
