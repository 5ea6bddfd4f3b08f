/**
 * The three workloads: GraphQL documents, the request bodies each load run rotates through, and
 * the hub/ceiling ratio the issue asks for. The ceiling answers the same bodies (ceiling-server.ts,
 * keyed by operationName).
 */
import { toGlobalId } from '../src/shared/global-id';

export interface Workload {
  key: 'nested' | 'lookup' | 'search' | 'resources' | 'fulltext' | 'fulltext-4';
  title: string;
  /** Minimum hub req/s as a fraction of the ceiling's. */
  target?: number;
  /** Maximum hub p99 latency, in ms. */
  p99TargetMs?: number;
  query: string;
  /** JSON request bodies; every connection sends them in turn. */
  bodies: string[];
  /** Extra request headers (the member caller's token). */
  headers?: Record<string, string>;
  /** Concurrent connections, when not the run's (BENCH_CONNECTIONS). */
  connections?: number;
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

/** A member's filtered list: catalogue fields, owner, countries, and whether the content is readable. */
export const RESOURCES = /* GraphQL */ `
  query Resources($filter: ResourceFilter, $first: Int!) {
    resources(filter: $filter, first: $first) {
      edges {
        cursor
        node {
          id
          kind
          title
          summary
          tier
          status
          tags
          contentReadable
          owner { id code name }
          countries { code }
        }
      }
      pageInfo { hasNextPage endCursor }
    }
  }
`;

/** Filters a bureau's list page offers: a kind, a country, a tag, kinds and tiers together, none. */
export const RESOURCE_FILTERS: Array<Record<string, unknown>> = [
  { kind: ['EVENT'] },
  { country: 'JP' },
  { tag: 'museum' },
  { kind: ['INVESTMENT_LEAD', 'COOPERATION_PROJECT'], tier: ['CONDITIONAL'] },
  {},
];

export const FULLTEXT = /* GraphQL */ `
  query Fulltext($text: String!) {
    resources(filter: { text: $text }, first: 10) {
      edges { node { id kind title tier owner { code } } }
    }
  }
`;

/** Searches in English (stemmed) and Chinese (bigrams), single words and pairs, common and rare. */
export const FULLTEXT_TERMS = ['culture exchange', '京都 文化', 'investment Kyoto', '旅游', 'heritage exhibitions', 'digital', 'Samarkand', '青年交流'];

const body = (operationName: string, query: string, variables: Record<string, unknown>) =>
  JSON.stringify({ operationName, query, variables });

/**
 * `lookupLocalityIds`: the locality ids of Xi'an and Hangzhou in the bench database; `token`: the
 * member caller of the resource workloads; `resources`: how many resources the database holds.
 */
export function buildWorkloads(lookupLocalityIds: number[], token: string, resources: number): Workload[] {
  const auth = { authorization: `Bearer ${token}` };
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
    {
      key: 'resources',
      title: `member's filtered list: resources(filter, first: 20) over ${resources} resources, visibility applied, ${RESOURCE_FILTERS.length} filters`,
      target: 0.5,
      query: RESOURCES,
      bodies: RESOURCE_FILTERS.map((filter) => body('Resources', RESOURCES, { filter, first: 20 })),
      headers: auth,
    },
    {
      key: 'fulltext',
      title: `member's full-text search: resources(filter: { text }, first: 10) over ${FULLTEXT_TERMS.length} queries in English and Chinese`,
      query: FULLTEXT,
      bodies: FULLTEXT_TERMS.map((text) => body('Fulltext', FULLTEXT, { text })),
      headers: auth,
    },
    {
      key: 'fulltext-4',
      title: 'the same full-text search at 4 connections (a few people searching at once): the latency a person sees',
      p99TargetMs: 50,
      query: FULLTEXT,
      bodies: FULLTEXT_TERMS.map((text) => body('Fulltext', FULLTEXT, { text })),
      headers: auth,
      connections: 4,
    },
  ];
}
