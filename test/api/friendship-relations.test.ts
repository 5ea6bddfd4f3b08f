import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  FilteredRelationsDocument,
  FindLocalityDocument,
  ForeignPartnersWithHistoryDocument,
  RelationCountDocument,
  RelationIdsPageDocument,
  type RelationIdsPageQuery,
  RelationsWithSidesDocument,
  RelationYearsDocument,
  type OrderDirection,
} from '../generated/graphql';
import { startTestHub, type GraphQLResponse, type TestHub } from '../helpers/hub';
import { execute, query } from '../helpers/operations';

let hub: TestHub;
beforeAll(async () => {
  hub = await startTestHub();
});
afterAll(async () => {
  await hub?.stop();
});

describe('friendship relations', () => {
  it('lists 50 relations with both localities, the foreign country and the liaison unit in at most 5 SQL statements', async () => {
    const { result, statements } = await hub.countQueries(() => execute(hub, RelationsWithSidesDocument, { first: 50 }));
    expect(result.errors).toBeUndefined();
    const edges = result.data!.friendshipRelations.edges;
    expect(edges).toHaveLength(50);
    for (const { node } of edges) {
      expect(node.domesticLocality.name).toBeTruthy();
      expect(node.foreignLocality.country.code).toMatch(/^[A-Z]{2}$/);
    }
    expect(result.data!.friendshipRelations.totalCount).toBeGreaterThanOrEqual(340);
    expect(statements.length).toBeLessThanOrEqual(5);
  });

  it('pages forward with cursors without repeating or skipping a relation', async () => {
    const seen = new Set<string>();
    let after: string | null = null;
    let total = 0;
    for (;;) {
      const page: GraphQLResponse<RelationIdsPageQuery> = await execute(hub, RelationIdsPageDocument, { after });
      expect(page.errors).toBeUndefined();
      const relations = page.data!.friendshipRelations;
      total = relations.totalCount;
      for (const edge of relations.edges) {
        expect(seen.has(edge.node.id)).toBe(false);
        seen.add(edge.node.id);
      }
      if (!relations.pageInfo.hasNextPage) break;
      after = relations.pageInfo.endCursor;
    }
    expect(seen.size).toBe(total);
  });

  it("finds Xi'an's partners by locality, including Kyoto-style province-level ties through includeDescendants", async () => {
    const xian = await query(hub, FindLocalityDocument, { search: '西安' });
    const xianId = xian.localities.edges[0].node.id;
    expect(xian.localities.edges[0].node).toMatchObject({ name: "Xi'an", level: 'PREFECTURE' });

    const direct = await query(hub, RelationCountDocument, { filter: { domesticLocality: xianId }, first: 100 });
    expect(direct.friendshipRelations.totalCount).toBeGreaterThanOrEqual(30);

    const shaanxi = await query(hub, FindLocalityDocument, { search: 'Shaanxi', level: 'PROVINCE' });
    const shaanxiId = shaanxi.localities.edges[0].node.id;
    const own = await query(hub, RelationCountDocument, { filter: { domesticLocality: shaanxiId } });
    const all = await query(hub, RelationCountDocument, { filter: { domesticLocality: shaanxiId, includeDescendants: true } });
    expect(all.friendshipRelations.totalCount).toBeGreaterThan(own.friendshipRelations.totalCount + 30);
  });

  it('orders by established year with unknown years last, both ways', async () => {
    for (const direction of ['ASC', 'DESC'] satisfies OrderDirection[]) {
      const data = await query(hub, RelationYearsDocument, { direction, filter: { country: 'JP' } });
      const years = data.friendshipRelations.edges.map((e) => e.node.establishedYear);
      const known = years.filter((y): y is number => y != null);
      const firstUnknown = years.indexOf(null);
      if (firstUnknown >= 0) expect(years.slice(firstUnknown).every((y) => y == null)).toBe(true);
      const sorted = [...known].sort((a, b) => (direction === 'ASC' ? a - b : b - a));
      expect(known).toEqual(sorted);
    }
  });

  it('filters by country, kind and established years', async () => {
    const data = await query(hub, FilteredRelationsDocument, {
      filter: { country: 'JP', kind: ['SISTER'], establishedFrom: 1980, establishedTo: 1990 },
    });
    const nodes = data.friendshipRelations.edges.map((e) => e.node);
    expect(nodes.length).toBeGreaterThan(3);
    for (const node of nodes) {
      expect(node.kind).toBe('SISTER');
      expect(node.foreignLocality.country.code).toBe('JP');
      expect(node.establishedYear).toBeGreaterThanOrEqual(1980);
      expect(node.establishedYear).toBeLessThanOrEqual(1990);
    }
  });

  it('a relation keeps its status history and a foreign city lists its Chinese partners', async () => {
    const data = await query(hub, ForeignPartnersWithHistoryDocument, { search: 'Kyoto', level: 'REGION' });
    const region = data.foreignLocalities.edges[0].node;
    expect(region.name).toMatch(/Ky[oō]to/);
    const partners = region.friendshipRelations.edges.map((e) => e.node);
    expect(partners.map((p) => p.domesticLocality.name)).toContain('Shaanxi');
    const shaanxi = partners.find((p) => p.domesticLocality.name === 'Shaanxi');
    expect(shaanxi?.statusHistory.edges[0].node).toEqual({ fromStatus: null, toStatus: 'ESTABLISHED', effectiveYear: 1983 });
  });
});
