import { badInput } from '../errors';

export const MAX_SEARCH_LENGTH = 200;

/** Characters hub_search_key() folds away; a search made only of them would match everything. */
const FOLDED = /[\s'’‘`ʻ·.-]/gu;

/** Trims and checks a search argument; null when absent or blank. */
export function searchArgument(value: string | null | undefined, field: string): string | null {
  if (value == null) return null;
  const text = value.trim();
  if (text.length === 0) return null;
  if (text.length > MAX_SEARCH_LENGTH) {
    throw badInput(`"${field}" is ${text.length} characters long; at most ${MAX_SEARCH_LENGTH} are allowed.`, field, 'SEARCH_TOO_LONG');
  }
  if (text.replace(FOLDED, '').length === 0) {
    throw badInput(`"${field}" needs at least one letter, digit or other character besides spaces and punctuation.`, field, 'SEARCH_EMPTY');
  }
  return text;
}

/**
 * SQL for a name search over a `search_names` column (see hub_search_names in the migrations).
 * A row matches when one of its folded names contains the folded query (so 西安, Xi'an, xian and
 * "Xi an" meet), or, for typos, when the query is trigram-similar to a word of its names; both
 * use the column's trigram index. `rank` puts exact names first, then names that start with the
 * query, then the rest by edit distance (so "kyto" finds Kyoto before Rocky Top); callers add
 * their own tie-breakers (population, level) and the primary key.
 */
export function nameSearch(column: string, query: string) {
  const key = 'hub_search_key(?::text)';
  const pattern = `hub_like_escape(${key})`;
  return {
    where: `(${column} like '%' || ${pattern} || '%' or ${key} <% ${column})`,
    whereParams: [query, query],
    rank:
      `(case when ' ' || ${column} || ' ' like '% ' || ${pattern} || ' %' then 0 ` +
      `when ' ' || ${column} like '% ' || ${pattern} || '%' then 1 else 2 end), hub_name_distance(${key}, ${column})`,
    rankParams: [query, query, query],
  };
}
