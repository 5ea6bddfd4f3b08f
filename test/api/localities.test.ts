import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestHub, type TestHub } from '../helpers/hub';

let hub: TestHub;
beforeAll(async () => {
  hub = await startTestHub();
});
afterAll(async () => {
  await hub?.stop();
});

const firstForeign = async (search: string, extra = '') => {
  const response = await hub.gql(
    `query($search: String!) { foreignLocalities(filter: { search: $search ${extra} }, first: 5) { edges { node { name asciiName level population country { code } } } } }`,
    { search },
  );
  expect(response.errors).toBeUndefined();
  return response.data.foreignLocalities.edges.map((edge: any) => edge.node);
};

describe('foreign localities', () => {
  it('finds a city despite a typo, ranking the close match before longer names that merely contain the letters', async () => {
    const [kyoto] = await firstForeign('Kyto');
    expect(kyoto).toMatchObject({ name: 'Kyoto', country: { code: 'JP' } });
  });

  it('ignores diacritics and case: "sao paulo" finds São Paulo, the most populous first', async () => {
    const [first] = await firstForeign('sao paulo');
    expect(first).toMatchObject({ name: 'São Paulo', country: { code: 'BR' } });
    expect(first.population).toBeGreaterThan(10_000_000);
  });

  it('filters by country and minimum population, largest first when not searching', async () => {
    const response = await hub.gql(
      `{ foreignLocalities(filter: { country: "JP", minPopulation: 1000000, level: CITY }, first: 50) { totalCount edges { node { name population country { code } } } } }`,
    );
    const nodes = response.data.foreignLocalities.edges.map((edge: any) => edge.node);
    expect(nodes[0].name).toBe('Tokyo');
    expect(nodes.every((node: any) => node.country.code === 'JP' && node.population >= 1_000_000)).toBe(true);
    const populations = nodes.map((node: any) => node.population);
    expect(populations).toEqual([...populations].sort((a, b) => b - a));
    expect(response.data.foreignLocalities.totalCount).toBe(nodes.length);
  });

  it('keeps Chinese divisions out of the foreign list', async () => {
    const response = await hub.gql(`{ foreignLocalities(filter: { country: "CN" }, first: 1) { totalCount } }`);
    expect(response.data.foreignLocalities.totalCount).toBe(0);
  });

  it('links a foreign city to its region where the data agrees, e.g. Kyoto to Kyoto Prefecture', async () => {
    const response = await hub.gql(
      `{ foreignLocalities(filter: { search: "Kyoto", country: "JP", level: CITY }, first: 1) { edges { node { name adminArea parent { name level } } } } }`,
    );
    const kyoto = response.data.foreignLocalities.edges[0].node;
    expect(kyoto.parent).toMatchObject({ level: 'REGION' });
    expect(kyoto.parent.name).toMatch(/Ky[oō]to/);
  });
});

describe('Chinese localities', () => {
  it.each(['西安', "Xi'an", 'xian', 'Xi an', 'XIAN'])('"%s" finds Xi\'an first', async (search) => {
    const response = await hub.gql(
      `query($search: String!) { localities(filter: { search: $search }, first: 3) { edges { node { name nameZh namePinyin gbCode level } } } }`,
      { search },
    );
    expect(response.errors).toBeUndefined();
    expect(response.data.localities.edges[0].node).toEqual({
      name: "Xi'an",
      nameZh: '西安市',
      namePinyin: 'xi an',
      gbCode: '610100',
      level: 'PREFECTURE',
    });
  });

  it('lists the five provinces of the domain with their prefectures as children, by GB/T 2260 code', async () => {
    const response = await hub.gql(`{ localities(filter: { level: PROVINCE }, first: 100) { totalCount edges { node { gbCode name nameZh } } } }`);
    const provinces = response.data.localities.edges.map((edge: any) => edge.node);
    expect(response.data.localities.totalCount).toBeGreaterThanOrEqual(31);
    for (const name of ['Shaanxi', 'Shanxi', 'Henan', 'Zhejiang', 'Fujian']) {
      expect(provinces.map((p: any) => p.name)).toContain(name);
    }
    const codes = provinces.map((p: any) => p.gbCode);
    expect(codes).toEqual([...codes].sort());

    const shanxi = await hub.gql(
      `{ localities(filter: { search: "山西", level: PROVINCE }, first: 1) { edges { node { name children(first: 20) { totalCount edges { node { name nameZh level parent { name } } } } } } } }`,
    );
    const node = shanxi.data.localities.edges[0].node;
    expect(node.name).toBe('Shanxi');
    const names = node.children.edges.map((edge: any) => edge.node.name);
    expect(names).toContain('Shuozhou');
    expect(node.children.totalCount).toBe(11);
    expect(node.children.edges.every((edge: any) => edge.node.level === 'PREFECTURE' && edge.node.parent.name === 'Shanxi')).toBe(true);
  });

  it('answers the Chinese name when asked for it', async () => {
    const response = await hub.gql(`{ localities(filter: { search: "hangzhou" }, first: 1) { edges { node { en: name zh: name(language: ZH) country { zh: name(language: ZH) } } } } }`);
    expect(response.data.localities.edges[0].node).toEqual({ en: 'Hangzhou', zh: '杭州市', country: { zh: '中国' } });
  });

  it('gives Chinese divisions the coordinates of their seats from GeoNames, and none where the seat is not known for sure', async () => {
    const located = async (search: string, level: string, gbCode: string) => {
      const found = await hub.gql(
        `query($search: String!) { localities(filter: { search: $search, level: ${level} }, first: 1) { edges { node { id gbCode } } } }`,
        { search },
      );
      expect(found.errors).toBeUndefined();
      const { id, gbCode: code } = found.data.localities.edges[0].node;
      expect(code).toBe(gbCode);
      const response = await hub.gql(`query($id: ID!) { node(id: $id) { ... on Locality { name latitude longitude } } }`, { id });
      expect(response.errors).toBeUndefined();
      return response.data.node;
    };
    const near = (node: { latitude: number | null; longitude: number | null }, latitude: number, longitude: number) => {
      expect(node.latitude).not.toBeNull();
      expect(Math.abs(node.latitude! - latitude)).toBeLessThan(0.2);
      expect(Math.abs(node.longitude! - longitude)).toBeLessThan(0.2);
    };
    near(await located('西安', 'PREFECTURE', '610100'), 34.26, 108.94);
    near(await located('朔州', 'PREFECTURE', '140600'), 39.33, 112.43);
    near(await located('杭州', 'PREFECTURE', '330100'), 30.29, 120.16);
    near(await located('应县', 'COUNTY', '140622'), 39.55, 113.18);
    // A province has its capital's: Shanxi, Taiyuan's.
    near(await located('山西', 'PROVINCE', '140000'), 37.87, 112.56);
    // GeoNames lists Taiwan under TW, not CN: no coordinates rather than a guess.
    expect(await located('台湾', 'PROVINCE', '710000')).toMatchObject({ latitude: null, longitude: null });
  });

  it('rejects a foreign level in the Chinese list with a hint', async () => {
    const response = await hub.gql(`{ localities(filter: { level: CITY }) { totalCount } }`);
    expect(response.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'filter.level' });
  });

  it('a parent that does not exist is NOT_FOUND rather than an empty list', async () => {
    const missing = Buffer.from('Locality:99999999').toString('base64url');
    const response = await hub.gql(`query($id: ID!) { localities(filter: { parent: $id }) { totalCount } }`, { id: missing });
    expect(response.errors?.[0].extensions).toMatchObject({ code: 'NOT_FOUND', field: 'filter.parent' });
  });
});

describe('node(id)', () => {
  it('fetches every kind of object again by the ID it was given', async () => {
    const response = await hub.gql(`{
      friendshipRelations(first: 1) { edges { node { id domesticLocality { id } liaisonUnit { id } foreignLocality { country { id } } statusHistory(first: 1) { edges { node { id } } } } } }
    }`);
    const relation = response.data.friendshipRelations.edges[0].node;
    const ids = [
      relation.id,
      relation.domesticLocality.id,
      relation.liaisonUnit.id,
      relation.foreignLocality.country.id,
      relation.statusHistory.edges[0].node.id,
    ];
    for (const id of ids) {
      const found = await hub.gql(`query($id: ID!) { node(id: $id) { id __typename } }`, { id });
      expect(found.errors).toBeUndefined();
      expect(found.data.node.id).toBe(id);
    }
    const types = await Promise.all(ids.map((id) => hub.gql(`query($id: ID!) { node(id: $id) { __typename } }`, { id })));
    expect(types.map((t) => t.data.node.__typename)).toEqual([
      'FriendshipRelation',
      'Locality',
      'MemberUnit',
      'Country',
      'RelationStatusChange',
    ]);
  });
});

describe('countries and member units', () => {
  it('lists all countries with English and Chinese names, searchable by either', async () => {
    const all = await hub.gql(`{ countries(first: 1) { totalCount } }`);
    expect(all.data.countries.totalCount).toBeGreaterThanOrEqual(249);
    const zh = await hub.gql(`{ countries(search: "日本") { edges { node { code nameEn nameZh alpha3 } } } }`);
    expect(zh.data.countries.edges.map((e: any) => e.node)).toEqual([{ code: 'JP', nameEn: 'Japan', nameZh: '日本', alpha3: 'JPN' }]);
    const one = await hub.gql(`{ country(code: "kr") { name nameZh } }`);
    expect(one.data.country).toEqual({ name: 'South Korea', nameZh: '韩国' });
  });

  it('lists the municipal FAOs of a province under its provincial FAO, each liaising for its city\'s relations', async () => {
    const fao = await hub.gql(`{ memberUnits(filter: { search: "610000-FAO" }) { edges { node { id code kind } } } }`);
    const provincial = fao.data.memberUnits.edges[0].node;
    expect(provincial).toMatchObject({ code: '610000-FAO', kind: 'FAO' });
    const municipal = await hub.gql(
      `query($id: ID!) { memberUnits(filter: { parent: $id, kind: MUNICIPAL_FAO }, first: 20) { totalCount edges { node { code nameZh locality { name } liaisonRelations(first: 50) { totalCount edges { node { domesticLocality { name parent { name } } } } } } } } }`,
      { id: provincial.id },
    );
    expect(municipal.errors).toBeUndefined();
    const units = municipal.data.memberUnits.edges.map((e: any) => e.node);
    expect(municipal.data.memberUnits.totalCount).toBe(10);
    const xian = units.find((unit: any) => unit.code === '610100-FAO');
    expect(xian.locality.name).toBe("Xi'an");
    expect(xian.liaisonRelations.totalCount).toBeGreaterThanOrEqual(30);
    for (const edge of xian.liaisonRelations.edges) {
      const place = edge.node.domesticLocality;
      expect([place.name, place.parent?.name]).toContain("Xi'an");
    }
  });
});

describe('nested lists', () => {
  const NESTED_LISTS = `query($first: Int!) {
    localities(filter: { level: PREFECTURE }, first: $first) {
      edges { node { name
        children(first: 3) { totalCount edges { node { name } } }
        friendshipRelations(first: 5) { totalCount edges { node {
          foreignLocality { name country { code } }
          statusHistory { totalCount edges { node { toStatus } } }
        } } }
      } }
    }
  }`;

  it('costs the same number of SQL statements for 20 parents as for 50: nested connections are batched', async () => {
    // The first 20 prefectures by code include Taiyuan, which has relations, so every level is exercised.
    const small = await hub.countQueries(() => hub.gql(NESTED_LISTS, { first: 20 }));
    const taiyuan = small.result.data.localities.edges.find((e: any) => e.node.name === 'Taiyuan');
    expect(taiyuan.node.friendshipRelations.totalCount).toBeGreaterThan(0);
    const large = await hub.countQueries(() => hub.gql(NESTED_LISTS, { first: 50 }));
    expect(small.result.errors).toBeUndefined();
    expect(large.result.errors).toBeUndefined();
    expect(large.result.data.localities.edges).toHaveLength(50);
    expect(large.statements.length, large.statements.join('\n')).toBe(small.statements.length);
    expect(large.statements.length, large.statements.join('\n')).toBeLessThanOrEqual(9);
  });

  it('gives each parent its own page and count, the same as asking for that parent alone', async () => {
    const batch = await hub.gql(NESTED_LISTS, { first: 50 });
    const withRelations = batch.data.localities.edges.map((e: any) => e.node).filter((n: any) => n.friendshipRelations.totalCount > 0);
    expect(withRelations.length).toBeGreaterThan(5);
    for (const node of withRelations.slice(0, 5)) {
      const alone = await hub.gql(
        `query($s: String!) { localities(filter: { search: $s, level: PREFECTURE }, first: 1) { edges { node { name friendshipRelations(first: 5) { totalCount edges { node { foreignLocality { name country { code } } statusHistory { totalCount edges { node { toStatus } } } } } } } } } }`,
        { s: node.name },
      );
      expect(alone.data.localities.edges[0].node.friendshipRelations).toEqual(node.friendshipRelations);
    }
  });
});

describe('references answered from their key', () => {
  it('a search asking only for the country code reads it from the locality row: one statement, no join', async () => {
    const { result, statements } = await hub.countQueries(() =>
      hub.gql(`{ foreignLocalities(filter: { search: "Kyoto" }, first: 3) { edges { node { name country { code id } } } } }`),
    );
    expect(result.errors).toBeUndefined();
    const [kyoto] = result.data.foreignLocalities.edges.map((edge: any) => edge.node);
    expect(kyoto.country.code).toBe('JP');
    expect(kyoto.country.id).toBe(Buffer.from('Country:JP').toString('base64url'));
    expect(statements).toHaveLength(1);
    expect(statements[0]).not.toMatch(/join country/);

    const withName = await hub.countQueries(() =>
      hub.gql(`{ foreignLocalities(filter: { search: "Kyoto" }, first: 3) { edges { node { country { code name } } } } }`),
    );
    expect(withName.result.data.foreignLocalities.edges[0].node.country).toEqual({ code: 'JP', name: 'Japan' });
    expect(withName.statements).toHaveLength(1);
    expect(withName.statements[0]).toMatch(/join country/);
  });
});
