import type { EntityManager } from '@mikro-orm/postgresql';
import { badInput, notFound } from '../../errors';
import type { ConnectionArgs } from '../../shared/connection';
import { parseIntId } from '../../shared/global-id';
import { encodeCursor, keysetPage, positionWindow } from '../../shared/pagination';
import { requirePopulationRange } from '../../shared/population-range';
import { searchArgument } from '../../shared/search';
import type { FieldSelection } from '../../shared/selection';
import { hiddenParameter, queryRows } from '../../shared/sql';
import type { Locality } from '../localities/locality.entity';
import { LocalityLevel, LocalitySide } from '../localities/locality.enums';
import { localityRows } from '../localities/locality.rows';
import { themeCodes, unknownThemesMessage } from '../profiles/profile-themes';
import type { LocalitySearchFilter } from './locality-search.inputs';
import { LocalityNameMatch, type LocalitySearchEdge } from './locality-search.types';

export interface LocalitySearchPage {
  edges: LocalitySearchEdge[];
  pageInfo: { hasNextPage: boolean; hasPreviousPage: boolean; startCursor: string | null; endCursor: string | null };
  totalCount: () => Promise<number>;
}

/** Chinese divisions have no population: among equals, a province before its prefectures before their counties. */
const LEVEL_RANK = `array_position(array['PROVINCE','PREFECTURE','COUNTY','REGION','CITY'], %s)`;
const TIERS = [LocalityNameMatch.EXACT, LocalityNameMatch.PREFIX, LocalityNameMatch.WORD_PREFIX, LocalityNameMatch.SUBSTRING, LocalityNameMatch.SIMILAR];
/** Folded queries shorter than this skip the trigram fallback: two letters give no trigram to look up. */
const MIN_TRIGRAM_LENGTH = 3;
const FOLDED = /[\s'’‘`ʻ·.-]/gu;
/** Search statements take a bounded number of forms (one per filter combination and selection): prepared. */
const PREPARED = { prepared: true } as const;

/** The checked filter, with the ids and codes its conditions need. */
interface CheckedFilter {
  filter: LocalitySearchFilter;
  region?: { id: number; level: LocalityLevel };
  provinceGbPrefix?: string;
  active: boolean;
}

async function checkFilter(em: EntityManager, filter: LocalitySearchFilter): Promise<CheckedFilter> {
  const { minPopulation, maxPopulation } = filter;
  requirePopulationRange(minPopulation, maxPopulation, 'filter');
  const foreignOnly = filter.hasChinesePartner != null || filter.partneredWithProvince != null;
  if (foreignOnly && filter.side === LocalitySide.DOMESTIC) {
    const field = filter.hasChinesePartner != null ? 'filter.hasChinesePartner' : 'filter.partneredWithProvince';
    throw badInput('Partner filters select foreign localities; they cannot be combined with side DOMESTIC.', field, 'WRONG_SIDE');
  }
  const regionId = filter.region != null ? parseIntId(filter.region, 'Locality', 'filter.region') : null;
  const provinceId = filter.partneredWithProvince != null ? parseIntId(filter.partneredWithProvince, 'Locality', 'filter.partneredWithProvince') : null;
  const themes = themeCodes(filter.themes);
  const country = filter.country?.toUpperCase() ?? null;
  const checked: CheckedFilter = { filter: { ...filter, country, themes }, active: false };
  if (regionId != null || provinceId != null || themes.length > 0 || country != null) {
    // One statement checks every reference the filter makes.
    const [row] = await queryRows<{ themes: string[] | null; country: string | null; region: string | null; province: string | null; gb: string | null }>(
      em,
      `select (select array_agg(code) from profile_theme where code = any(?::text[])) as themes,
         (select code from country where code = ?::bpchar) as country,
         (select level from locality where id = ?::int) as region,
         (select level from locality where id = ?::int) as province,
         (select gb_code from locality where id = ?::int) as gb`,
      [themes, country, regionId, provinceId, provinceId],
      PREPARED,
    );
    const unknownThemes = themes.filter((code) => !(row.themes ?? []).includes(code));
    if (unknownThemes.length) throw badInput(unknownThemesMessage(unknownThemes), 'filter.themes', 'UNKNOWN_THEME');
    if (country != null && row.country == null) throw badInput(`No country has the code "${country}".`, 'filter.country', 'UNKNOWN_COUNTRY');
    if (regionId != null) {
      if (row.region == null) throw notFound(`No Locality has the ID "${filter.region}".`, 'OBJECT_NOT_FOUND', 'filter.region');
      const level = row.region as LocalityLevel;
      if (![LocalityLevel.REGION, LocalityLevel.PROVINCE, LocalityLevel.PREFECTURE].includes(level)) {
        throw badInput(`"region" must be a foreign REGION or a Chinese PROVINCE or PREFECTURE; that locality is a ${level}.`, 'filter.region', 'WRONG_LEVEL');
      }
      checked.region = { id: regionId, level };
    }
    if (provinceId != null) {
      if (row.province == null) throw notFound(`No Locality has the ID "${filter.partneredWithProvince}".`, 'OBJECT_NOT_FOUND', 'filter.partneredWithProvince');
      if (row.province !== LocalityLevel.PROVINCE) {
        throw badInput(`"partneredWithProvince" must be a Chinese PROVINCE; that locality is a ${row.province}.`, 'filter.partneredWithProvince', 'WRONG_LEVEL');
      }
      checked.provinceGbPrefix = row.gb!.slice(0, 2);
    }
  }
  const f = checked.filter;
  checked.active =
    f.side != null || f.country != null || f.continent != null || checked.region != null || f.level != null || minPopulation != null ||
    maxPopulation != null || themes.length > 0 || f.hasChinesePartner != null || checked.provinceGbPrefix != null;
  return checked;
}

/**
 * How an id-set filter (themes, partners) is written. Over the name keys of a search, `in
 * (subquery)`: PostgreSQL hashes the set once and probes it per key row. Over the locality table
 * alone (a filter without a query), `= any(array(subquery))`: the set is computed first and
 * probes the primary key, where the hub's join_collapse_limit of 1 would hash-join all localities.
 */
type IdSet = 'hash' | 'array';

/** How a statement writes a parameter of a given type. */
type Value = (type: string) => string;
const plainValue: Value = (type) => `?::${type}`;

/** The filter as SQL conditions over columns named like the locality table's (`id` passed separately). */
function filterConditions(checked: CheckedFilter, alias: string, id: string, idSet: IdSet, v: Value = plainValue): { where: string[]; params: unknown[] } {
  const { filter, region, provinceGbPrefix } = checked;
  const where: string[] = [];
  const params: unknown[] = [];
  const add = (sql: string, ...values: unknown[]) => {
    where.push(sql);
    params.push(...values);
  };
  if (filter.side) add(`${alias}.side = ${v('text')}`, filter.side);
  if (filter.level) add(`${alias}.level = ${v('text')}`, filter.level);
  if (filter.country) add(`${alias}.country_code = ${v('bpchar')}`, filter.country);
  if (filter.continent) add(`${alias}.country_code in (select code from country where continent = ${v('bpchar')})`, filter.continent);
  if (filter.minPopulation != null) add(`${alias}.population >= ${v('int')}`, filter.minPopulation);
  if (filter.maxPopulation != null) add(`${alias}.population <= ${v('int')}`, filter.maxPopulation);
  if (region?.level === LocalityLevel.PROVINCE) {
    add(`${id} in (select id from locality where parent_id = ${v('int')} union all select c.id from locality p join locality c on c.parent_id = p.id where p.parent_id = ${v('int')})`, region.id, region.id);
  } else if (region) {
    add(`${id} in (select id from locality where parent_id = ${v('int')})`, region.id);
  }
  const inSet = (subquery: string) => (idSet === 'array' ? `${id} = any(array(${subquery}))` : `${id} in (${subquery})`);
  if (filter.themes?.length) add(inSet(`select locality_id from locality_profile where themes @> ${v('text[]')}`), filter.themes);
  if (filter.hasChinesePartner != null) {
    add(`${alias}.side = 'FOREIGN'`);
    add(
      filter.hasChinesePartner
        ? inSet(`select foreign_locality_id from friendship_relation where status <> 'ENDED'`)
        : `${id} not in (select foreign_locality_id from friendship_relation where status <> 'ENDED')`,
    );
  }
  if (provinceGbPrefix != null) {
    add(
      // The province's divisions by their GB/T 2260 code range: an index range, where left(gb_code, 2) read them all.
      inSet(
        `select r.foreign_locality_id from friendship_relation r where r.status <> 'ENDED' ` +
          `and r.domestic_locality_id in (select d.id from locality d where d.gb_code between ${v('bpchar')} and ${v('bpchar')})`,
      ),
      `${provinceGbPrefix}0000`,
      `${provinceGbPrefix}9999`,
    );
  }
  return { where, params };
}

const BASE_SCORE = [1, 0.9, 0.75, 0.6, 0.5];

/**
 * Statements of a name search. Their plan is the same for every query text and filter (the btree
 * range of name keys, or the trigram and sound indexes for typos, drive it), so every value is
 * hidden from the planner (hiddenParameter) and each prepared statement keeps one generic plan.
 * The key of the query (`hub_search_key(?)`) is written out where it is used.
 */
const KEY = '(select hub_search_key(?::text))';
const PREFIX_RANGE = `n.key >= ${KEY} and n.key < ${KEY} || chr(1114111)`;

function rankedStatement(inner: string, plan: { select(alias: string): string; joinSql(alias: string): string }, orderBy: string): string {
  return (
    `select ${plan.select('l')}, p.tier as "_tier", p.dist as "_dist", p.matched as "_matched", p.qlen as "_qlen" from (` +
    `select a.* from (${inner}) a order by ${orderBy} limit ${hiddenParameter('int')} offset ${hiddenParameter('int')}` +
    `) p join locality l on l.id = p.locality_id${plan.joinSql('l')} order by ${orderBy.replace(/\ba\./g, 'p.')}`
  );
}

/**
 * Localities by name: exact names, then names starting with the query, then later words of names
 * starting with it (all three from one btree range over locality_name_key), then, only when those
 * do not fill the page, names containing the query and names a few typos away (trigram index).
 * Within each kind of match the most populous come first; similar names go by edit distance first.
 */
export async function searchLocalities(
  em: EntityManager,
  query: string | null | undefined,
  rawFilter: LocalitySearchFilter | null | undefined,
  args: ConnectionArgs,
  selection?: FieldSelection,
): Promise<LocalitySearchPage> {
  const text = searchArgument(query, 'query');
  const checked = await checkFilter(em, rawFilter ?? {});
  if (text == null && !checked.active) {
    throw badInput('Give a query, at least one filter, or both.', 'query', 'QUERY_OR_FILTER_REQUIRED');
  }
  const { query: list, map } = localityRows.listQuery(em, 'l', selection);
  if (text == null) {
    // A filter alone: the most populous first (keyset cursors).
    const conditions = filterConditions(checked, 'l', 'l.id', 'array');
    const page = await keysetPage(
      em,
      { ...list, where: conditions.where, params: conditions.params },
      { expr: 'coalesce(l.population, -1)', type: 'int', direction: 'desc' },
      args,
      map,
    );
    return {
      edges: page.edges.map((edge) => ({ ...edge, match: null, distance: null, score: null, matchedName: null })),
      pageInfo: page.pageInfo,
      totalCount: page.totalCount,
    };
  }

  const { request, offset, limit } = positionWindow(args);
  const wanted = limit + 1;
  const conditions = filterConditions(checked, 'n', 'n.locality_id', 'hash', hiddenParameter);
  const filterSql = conditions.where.map((condition) => ` and ${condition}`).join('');
  const plan = localityRows.plan(em, selection);
  const levelRank = LEVEL_RANK.replace('%s', 'n.level');
  const folded = text.replace(FOLDED, '');

  // Exact, prefix and word-prefix matches: one btree range scan.
  const prefixInner =
    `select n.locality_id, min(case when n.word then 2 when n.key = ${KEY} then 0 else 1 end) as tier, 0 as dist, char_length(${KEY}) as qlen, ` +
    `(array_agg(n.key || chr(1) || n.name order by n.word, n.key))[1] as matched, ` +
    `max(coalesce(n.population, -1)) as pop, min(${levelRank}) as lvl ` +
    `from locality_name_key n where ${PREFIX_RANGE}${filterSql} group by n.locality_id`;
  // least(tier, 3): substrings and similar names are one group, ordered by edit distance ("kyto" is
  // one edit from Kyoto and four from Rocky Top, which contains it once spaces are folded away).
  const order = 'least(a.tier, 3), a.dist, a.pop desc, a.lvl, a.locality_id';
  const prefixParams = [text, text, ...conditions.params];
  const prefixRows = await queryRows(em, rankedStatement(prefixInner, plan, order), [text, text, ...prefixParams, wanted, offset], PREPARED);

  const prefixCount = async () =>
    Number(
      (await queryRows<{ n: number }>(em, `select count(distinct n.locality_id)::int as n from locality_name_key n where ${PREFIX_RANGE}${filterSql}`, prefixParams, PREPARED))[0].n,
    );
  // When no name starts with the query: names containing it, names trigram-similar to it
  // (pg_trgm.similarity_threshold, set per connection in src/db/orm.config.ts) and names that
  // sound like it (Double Metaphone: "Tokio", "Kyto"), ranked by edit distance.
  const fallbackWhere =
    `(n.key like '%' || hub_like_escape(${KEY}) || '%' or n.key % ${KEY} ` +
    `or n.sound in (nullif(dmetaphone(${KEY}), ''), nullif(dmetaphone_alt(${KEY}), '')))${filterSql}`;
  const fallbackParams = [text, text, text, text, ...conditions.params];
  // Kept: names containing the query, and names at most a third of its letters (at least 2) away.
  const fallbackHaving =
    `having bool_or(strpos(n.key, ${KEY}) > 0) or min(levenshtein_less_equal(${KEY}, n.key, 6)) <= greatest(2, char_length(${KEY}) / 3)`;
  const havingParams = [text, text, text];
  const useFallback = [...folded].length >= MIN_TRIGRAM_LENGTH;

  let rows = prefixRows;
  // Counted only when asked for (totalCount), or to tell a later page past every prefix match from none at all.
  let prefixTotal: number | undefined = !prefixRows.length && offset === 0 ? 0 : undefined;
  let fallbackTotal: number | undefined;
  // Typos and inner substrings only when no name starts with the query: a query that is the start
  // of names ("Mosc", "baoji") is not a typo, and the fallback is the dearest statement.
  if (useFallback && !prefixRows.length && (prefixTotal ?? (await prefixCount())) === 0) {
    prefixTotal = 0;
    const fallbackInner =
      `select n.locality_id, (array_agg(case when strpos(n.key, ${KEY}) > 0 then 3 else 4 end order by levenshtein_less_equal(${KEY}, n.key, 6), n.key))[1] as tier, ` +
      `min(levenshtein_less_equal(${KEY}, n.key, 6)) as dist, char_length(${KEY}) as qlen, ` +
      `(array_agg(n.key || chr(1) || n.name order by levenshtein_less_equal(${KEY}, n.key, 6), n.key))[1] as matched, ` +
      `max(coalesce(n.population, -1)) as pop, min(${levelRank}) as lvl ` +
      `from locality_name_key n where ${fallbackWhere} group by n.locality_id ${fallbackHaving}`;
    const fallbackOffset = offset;
    const fallbackRows = await queryRows(em, rankedStatement(fallbackInner, plan, order), [
      text, text, text, text, text,
      ...fallbackParams,
      ...havingParams,
      wanted - prefixRows.length,
      fallbackOffset,
    ], PREPARED);
    if (!fallbackRows.length && fallbackOffset === 0) fallbackTotal = 0;
    rows = [...prefixRows, ...fallbackRows];
  }

  const more = rows.length > limit;
  const edges = rows.slice(0, limit).map((row, index): LocalitySearchEdge => {
    const tier = Number(row._tier);
    const [matchedKey, matchedName] = String(row._matched).split('\u0001');
    // A prefix or word prefix is as many edits away as the name has letters beyond it; a substring, beyond and before it.
    const distance = tier >= 3 ? Number(row._dist) : Math.min(6, [...matchedKey].length - Number(row._qlen));
    const score = Math.max(0, Math.round((BASE_SCORE[tier] - (tier >= 3 ? 0.05 : 0.01) * distance) * 1000) / 1000);
    const { _tier, _dist, _matched, _qlen, ...columns } = row;
    return { cursor: encodeCursor({ p: offset + index }), node: map(columns), match: TIERS[tier], distance, score, matchedName };
  });
  let total: Promise<number> | undefined;
  return {
    edges,
    pageInfo: {
      hasNextPage: request.direction === 'forward' ? more : true,
      hasPreviousPage: offset > 0,
      startCursor: edges[0]?.cursor ?? null,
      endCursor: edges.at(-1)?.cursor ?? null,
    },
    totalCount: () =>
      (total ??= (async () => {
        const first = prefixTotal ?? (await prefixCount());
        if (first > 0 || !useFallback) return first;
        if (fallbackTotal !== undefined) return fallbackTotal;
        const [row] = await queryRows<{ n: number }>(
          em,
          `select count(*)::int as n from (select n.locality_id from locality_name_key n where ${fallbackWhere} group by n.locality_id ${fallbackHaving}) f`,
          [...fallbackParams, ...havingParams],
          PREPARED,
        );
        return row.n;
      })()),
  };
}
