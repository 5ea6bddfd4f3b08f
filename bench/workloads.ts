/**
 * The three workloads: GraphQL documents, the request bodies each load run rotates through, and
 * the hub/ceiling ratio the issue asks for. The ceiling answers the same bodies (ceiling-server.ts,
 * keyed by operationName).
 */
import { toGlobalId } from '../src/shared/global-id';

export interface Workload {
  key: 'nested' | 'lookup' | 'search';
  title: string;
  /** Minimum hub req/s as a fraction of the ceiling's. */
  target: number;
  query: string;
  /** JSON request bodies; every connection sends them in turn. */
  bodies: string[];
}

/** The field set of NESTED in test/api/friendship-relations.test.ts. */
export const NESTED = /* GraphQL */ `
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

export const LOOKUP = /* GraphQL */ `
  query Lookup($id: ID!) {
    node(id: $id) {
      ... on Locality {
        name
        nameZh
        country { name }
        friendshipRelations(first: 20) { edges { node { foreignLocality { name country { code } } } } }
      }
    }
  }
`;

export const SEARCH = /* GraphQL */ `
  query Search($q: String!) {
    foreignLocalities(filter: { search: $q }, first: 10) {
      edges { node { name country { code } population } }
    }
  }
`;

/** Realistic user input: typos, missing diacritics, transliterations, exact names. */
export const SEARCH_TERMS = ['Sao Paulo', 'Kyto', 'Muenchen', 'Nagasaki', 'Tacoma', 'Edinburg', 'Zurich', 'Gothenburg'];

const body = (operationName: string, query: string, variables: Record<string, unknown>) =>
  JSON.stringify({ operationName, query, variables });

/** `lookupLocalityIds`: the locality ids of Xi'an and Hangzhou in the bench database. */
export function buildWorkloads(lookupLocalityIds: number[]): Workload[] {
  return [
    {
      key: 'nested',
      title: 'nested list: friendshipRelations(first: 50) with localities, country, liaison unit',
      target: 0.5,
      query: NESTED,
      bodies: [body('Nested', NESTED, { first: 50 })],
    },
    {
      key: 'lookup',
      title: "point lookup: node(id) of Xi'an / Hangzhou with 20 partners",
      target: 0.4,
      query: LOOKUP,
      bodies: lookupLocalityIds.map((id) => body('Lookup', LOOKUP, { id: toGlobalId('Locality', id) })),
    },
    {
      key: 'search',
      title: `fuzzy search: foreignLocalities(search, first: 10) over ${SEARCH_TERMS.length} queries`,
      target: 0.8,
      query: SEARCH,
      bodies: SEARCH_TERMS.map((q) => body('Search', SEARCH, { q })),
    },
  ];
}
