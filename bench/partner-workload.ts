/**
 * The partnerSuggestions workload for issue 6's speed target (p99 ≤ 150 ms at 4 connections
 * through the hub, measured by bench/search.ts): about twenty Chinese localities that hold
 * relations (prefectures and provinces), each without a filter and with a typical one.
 * Importing this file starts nothing.
 */
import { toGlobalId } from '../src/shared/global-id';

/** What the bench needs of a database client (pg.Client or pg.Pool). */
export interface Queryable {
  query<R = any>(text: string, values?: unknown[]): Promise<{ rows: R[] }>;
}

export const PARTNER_SUGGESTIONS = /* GraphQL */ `
  query PartnerSuggestions($for: ID!, $filter: PartnerSuggestionFilter, $first: Int) {
    partnerSuggestions(for: $for, filter: $filter, first: $first) {
      considered
      suggestions {
        rank
        score
        candidate { id name population country { code } }
        components { component weight value contribution explanation }
      }
    }
  }
`;

/** The seekers: GB/T 2260 codes of prefectures and provinces the seed gives relations. */
export const PARTNER_SEEKERS = [
  '610100', // Xi'an
  '140600', // Shuozhou
  '330100', // Hangzhou
  '140000', // Shanxi
  '610000', // Shaanxi
  '350200', // Xiamen
  '350100', // Fuzhou
  '330200', // Ningbo
  '330300', // Wenzhou
  '410100', // Zhengzhou
  '330600', // Shaoxing
  '140100', // Taiyuan
  '410300', // Luoyang
  '350500', // Quanzhou
  '330000', // Zhejiang
  '410000', // Henan
  '350000', // Fujian
  '610400', // Xianyang
  '410200', // Kaifeng
  '140300', // Yangquan
];

/** Filters a city office typically sets: a few countries, a continent, a theme, a size band. */
const FILTERS: Array<Record<string, unknown> | null> = [
  null,
  { countries: ['JP', 'KR'] },
  { continents: ['EU'], themes: ['CULTURAL_HERITAGE'] },
  { exchangeFields: ['ECONOMY_AND_TRADE', 'EDUCATION'], minPopulation: 100_000, maxPopulation: 5_000_000 },
];

/**
 * Request bodies (JSON `{ query, variables }`) of partnerSuggestions for the seekers above, each
 * without a filter and with one of FILTERS (a province's filter drops the population band: regions
 * have no population of their own).
 */
export async function partnerSuggestionBodies(db: Queryable): Promise<string[]> {
  const { rows } = await db.query<{ id: number; gb_code: string; level: string }>(
    `select id, gb_code, level from locality where gb_code = any($1::text[]) order by array_position($1::text[], gb_code::text)`,
    [PARTNER_SEEKERS],
  );
  const bodies: string[] = [];
  rows.forEach((row, index) => {
    const id = toGlobalId('Locality', row.id);
    let filter = FILTERS[1 + (index % (FILTERS.length - 1))];
    if (row.level === 'PROVINCE' && filter && 'minPopulation' in filter) filter = { exchangeFields: filter.exchangeFields };
    bodies.push(JSON.stringify({ query: PARTNER_SUGGESTIONS, variables: { for: id, first: 20 } }));
    bodies.push(JSON.stringify({ query: PARTNER_SUGGESTIONS, variables: { for: id, filter, first: 20 } }));
  });
  return bodies;
}
