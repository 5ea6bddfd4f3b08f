import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestHub, type TestHub } from '../helpers/hub';

let hub: TestHub;
beforeAll(async () => {
  hub = await startTestHub();
});
afterAll(async () => {
  await hub?.stop();
});

const NESTED = /* GraphQL */ `
  query Nested($first: Int!) {
    friendshipRelations(first: $first) {
      totalCount
      edges {
        cursor
        node {
          id
          kind
          status
          establishedYear
          domesticLocality { id name nameZh namePinyin level }
          foreignLocality { id name population country { code name nameZh } }
          liaisonUnit { id code name }
        }
      }
      pageInfo { hasNextPage endCursor }
    }
  }
`;

describe('friendship relations', () => {
  it('lists 50 relations with both localities, the foreign country and the liaison unit in at most 5 SQL statements', async () => {
    const { result, statements } = await hub.countQueries(() => hub.gql(NESTED, { first: 50 }));
    expect(result.errors).toBeUndefined();
    const edges = result.data.friendshipRelations.edges;
    expect(edges).toHaveLength(50);
    for (const { node } of edges) {
      expect(node.domesticLocality.name).toBeTruthy();
      expect(node.foreignLocality.country.code).toMatch(/^[A-Z]{2}$/);
    }
    expect(result.data.friendshipRelations.totalCount).toBeGreaterThanOrEqual(340);
    expect(statements.length).toBeLessThanOrEqual(5);
  });

  it('pages forward with cursors without repeating or skipping a relation', async () => {
    const seen = new Set<string>();
    let after: string | null = null;
    let total = 0;
    for (;;) {
      const page: any = await hub.gql(
        `query($after: String) { friendshipRelations(first: 100, after: $after) { totalCount edges { node { id } } pageInfo { hasNextPage endCursor } } }`,
        { after },
      );
      expect(page.errors).toBeUndefined();
      total = page.data.friendshipRelations.totalCount;
      for (const edge of page.data.friendshipRelations.edges) {
        expect(seen.has(edge.node.id)).toBe(false);
        seen.add(edge.node.id);
      }
      if (!page.data.friendshipRelations.pageInfo.hasNextPage) break;
      after = page.data.friendshipRelations.pageInfo.endCursor;
    }
    expect(seen.size).toBe(total);
  });

  it("finds Xi'an's partners by locality, including Kyoto-style province-level ties through includeDescendants", async () => {
    const xian = await hub.gql(`{ localities(filter: { search: "西安" }, first: 1) { edges { node { id name level } } } }`);
    const xianId = xian.data.localities.edges[0].node.id;
    expect(xian.data.localities.edges[0].node).toMatchObject({ name: "Xi'an", level: 'PREFECTURE' });

    const direct = await hub.gql(
      `query($id: ID!) { friendshipRelations(filter: { domesticLocality: $id }, first: 100) { totalCount } }`,
      { id: xianId },
    );
    expect(direct.data.friendshipRelations.totalCount).toBeGreaterThanOrEqual(30);

    const shaanxi = await hub.gql(`{ localities(filter: { search: "Shaanxi", level: PROVINCE }, first: 1) { edges { node { id } } } }`);
    const shaanxiId = shaanxi.data.localities.edges[0].node.id;
    const own = await hub.gql(`query($id: ID!) { friendshipRelations(filter: { domesticLocality: $id }) { totalCount } }`, { id: shaanxiId });
    const all = await hub.gql(
      `query($id: ID!) { friendshipRelations(filter: { domesticLocality: $id, includeDescendants: true }) { totalCount } }`,
      { id: shaanxiId },
    );
    expect(all.data.friendshipRelations.totalCount).toBeGreaterThan(own.data.friendshipRelations.totalCount + 30);
  });

  it('orders by established year with unknown years last, both ways', async () => {
    for (const direction of ['ASC', 'DESC']) {
      const response = await hub.gql(
        `query($d: OrderDirection!) { friendshipRelations(first: 100, orderBy: { field: ESTABLISHED_YEAR, direction: $d }, filter: { country: "JP" }) { edges { node { establishedYear } } } }`,
        { d: direction },
      );
      const years: Array<number | null> = response.data.friendshipRelations.edges.map((e: any) => e.node.establishedYear);
      const known = years.filter((y): y is number => y != null);
      const firstUnknown = years.indexOf(null);
      if (firstUnknown >= 0) expect(years.slice(firstUnknown).every((y) => y == null)).toBe(true);
      const sorted = [...known].sort((a, b) => (direction === 'ASC' ? a - b : b - a));
      expect(known).toEqual(sorted);
    }
  });

  it('filters by country, kind and established years', async () => {
    const response = await hub.gql(
      `{ friendshipRelations(first: 100, filter: { country: "JP", kind: [SISTER], establishedFrom: 1980, establishedTo: 1990 }) { edges { node { kind establishedYear foreignLocality { country { code } } } } } }`,
    );
    const nodes = response.data.friendshipRelations.edges.map((e: any) => e.node);
    expect(nodes.length).toBeGreaterThan(3);
    for (const node of nodes) {
      expect(node.foreignLocality.country.code).toBe('JP');
      expect(node.establishedYear).toBeGreaterThanOrEqual(1980);
      expect(node.establishedYear).toBeLessThanOrEqual(1990);
    }
  });

  it("a relation keeps its status history and a foreign city lists its Chinese partners", async () => {
    const response = await hub.gql(
      `{ foreignLocalities(filter: { search: "Kyoto", level: REGION }, first: 1) { edges { node { name friendshipRelations { edges { node { domesticLocality { name } statusHistory { edges { node { fromStatus toStatus effectiveYear } } } } } } } } } }`,
    );
    const region = response.data.foreignLocalities.edges[0].node;
    expect(region.name).toMatch(/Ky[oō]to/);
    const partners = region.friendshipRelations.edges.map((e: any) => e.node);
    expect(partners.map((p: any) => p.domesticLocality.name)).toContain('Shaanxi');
    const shaanxi = partners.find((p: any) => p.domesticLocality.name === 'Shaanxi');
    expect(shaanxi.statusHistory.edges[0].node).toEqual({ fromStatus: null, toStatus: 'ESTABLISHED', effectiveYear: 1983 });
  });
});
