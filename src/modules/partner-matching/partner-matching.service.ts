import type { EntityManager } from '@mikro-orm/postgresql';
import { requireMember, type Viewer } from '../../auth/viewer';
import { badInput, InputErrors, notFound } from '../../errors';
import { parseIntId, toGlobalId } from '../../shared/global-id';
import { refKey } from '../../shared/rows';
import { queryRows } from '../../shared/sql';
import { countryCodes, unknownCountriesMessage } from '../countries/country-codes';
import { visibleExchangeSql } from '../exchanges/exchange.visibility';
import { themeCodes, unknownThemesMessage } from '../profiles/profile-themes';
import { checkPopulationRange } from '../../shared/population-range';
import type { PartnerWish } from '../partner-wishes/partner-wish.entity';
import {
  DEFAULT_PARTNER_WEIGHTS,
  effectivePartnerWeights,
  PartnerScoreFactor,
  type PartnerScoreWeightValues,
} from './partner-score';
import { Params, scorePairs, type ScoredPairRow } from './partner-score.sql';

/** Page size of partnerSuggestions and PartnerWish.candidates. */
export const MAX_SUGGESTIONS = 100;

/**
 * Foreign cities are too many (about 135,000) to score in full per query. The pool is the union
 * of: the CITY_POOL_BY_PROFILE cities whose profiles share the most sought themes and exchange
 * fields (weighted as in the score; ties by population); the CITY_POOL_BY_POPULATION cities
 * closest in population above the seeker's, and as many below (with no known population: the
 * most populous). Hard filters apply before each cut, so a narrow filter (a country, a region) is
 * covered in full up to those sizes.
 */
export const CITY_POOL_BY_POPULATION = 500;
export const CITY_POOL_BY_PROFILE = 500;

/** openWishesFittedBy reports a wish when the locality's score under it reaches this (default weights). */
export const WISH_MATCH_THRESHOLD = 0.3;

/** Which level a seeker's partners have: a province pairs with a region, a prefecture or county with a city. */
export const CANDIDATE_LEVELS: Readonly<Record<string, readonly string[]>> = Object.freeze({
  PROVINCE: ['REGION'],
  PREFECTURE: ['CITY'],
  COUNTY: ['CITY'],
  REGION: ['PROVINCE'],
  CITY: ['PREFECTURE', 'COUNTY'],
});

/** Hard criteria a candidate must meet. */
export interface PartnerCriteria {
  countries: string[];
  continents: string[];
  regionIds: number[];
  /** The candidate's profile shares at least one of these themes (when any). */
  themes: string[];
  /** The candidate's profile shares at least one of these exchange fields (when any). */
  exchangeFields: string[];
  /** A wish's rule: at least one shared theme or exchange field, when it names any. */
  themesOrFields?: { themes: string[]; fields: string[] };
  minPopulation: number | null;
  maxPopulation: number | null;
}

export interface SuggestionFilterInput {
  countries?: string[] | null;
  continents?: string[] | null;
  regions?: string[] | null;
  themes?: string[] | null;
  exchangeFields?: string[] | null;
  minPopulation?: number | null;
  maxPopulation?: number | null;
}

export interface ScoreComponentResult {
  component: PartnerScoreFactor;
  weight: number;
  value: number | null;
  contribution: number;
  explanation: string;
}

export interface SuggestionResult {
  rank: number;
  candidateId: number;
  score: number;
  coverage: number;
  components: ScoreComponentResult[];
}

export interface SuggestionsResult {
  localityId: number;
  considered: number;
  weights: PartnerScoreWeightValues;
  suggestions: SuggestionResult[];
}

interface SeekerRow {
  id: number | null;
  side: 'DOMESTIC' | 'FOREIGN';
  level: string;
  population: number | null;
  themes: string[];
  fields: string[];
  partners: number[];
  unknown_themes: string[];
  unknown_countries: string[];
  regions: Array<{ id: number; side: string | null; level: string | null }> | null;
}

async function loadSeeker(em: EntityManager, localityId: number, themes: string[] = [], countries: string[] = [], regionIds: number[] = []): Promise<SeekerRow> {
  const [row] = await queryRows<SeekerRow & Record<string, unknown>>(
    em,
    `select l.id, l.side, l.level, coalesce(p.population, l.population) as population,
            coalesce(p.themes, '{}') as themes, coalesce(p.exchange_fields, '{}') as fields,
            array(select case when r.domestic_locality_id = l.id then r.foreign_locality_id else r.domestic_locality_id end
                  from friendship_relation r where r.status <> 'ENDED' and (r.domestic_locality_id = l.id or r.foreign_locality_id = l.id)) as partners,
            array(select t from unnest(?::text[]) t where not exists (select 1 from profile_theme pt where pt.code = t)) as unknown_themes,
            array(select k from unnest(?::text[]) k where not exists (select 1 from country co where co.code = k)) as unknown_countries,
            (select json_agg(json_build_object('id', x.id, 'side', rl.side, 'level', rl.level)) from unnest(?::int[]) x (id) left join locality rl on rl.id = x.id) as regions
     from (select 1) one left join locality l on l.id = ? left join locality_profile p on p.locality_id = l.id`,
    [themes, countries, regionIds, localityId],
    { prepared: true },
  );
  return row;
}

const TOP_LEVEL = { DOMESTIC: 'PROVINCE', FOREIGN: 'REGION' } as const;

/** partnerSuggestions: members only; checks every argument, then scores (see partnerSuggestionRows). */
export async function suggestPartners(
  em: EntityManager,
  viewer: Viewer,
  forId: string,
  filter: SuggestionFilterInput | null | undefined,
  weightsInput: Partial<Record<string, number | null>> | null | undefined,
  first: number,
): Promise<SuggestionsResult> {
  requireMember(viewer);
  checkFirst(first);
  const weights = effectivePartnerWeights(weightsInput);
  const localityId = parseIntId(forId, 'Locality', 'for');
  const errors = new InputErrors();
  const countries = countryCodes(filter?.countries);
  const regionIds: number[] = [];
  (filter?.regions ?? []).forEach((id, index) => {
    try {
      regionIds.push(parseIntId(id, 'Locality', `filter.regions[${index}]`));
    } catch (error) {
      errors.add(`filter.regions`, `"${id}" is not a valid Locality ID.`);
    }
  });
  const themes = themeCodes(filter?.themes);
  const minPopulation = filter?.minPopulation ?? null;
  const maxPopulation = filter?.maxPopulation ?? null;
  checkPopulationRange(minPopulation, maxPopulation, 'filter', errors);
  // One statement checks the locality, the codes and the regions, and loads what scoring needs.
  const seeker = await loadSeeker(em, localityId, themes, countries, regionIds);
  if (seeker.id == null) throw notFound(`No Locality has the ID "${forId}".`, 'OBJECT_NOT_FOUND', 'for');
  if (seeker.unknown_themes.length) errors.add('filter.themes', unknownThemesMessage(seeker.unknown_themes));
  if (seeker.unknown_countries.length) errors.add('filter.countries', unknownCountriesMessage(seeker.unknown_countries));
  const candidateSide = seeker.side === 'DOMESTIC' ? 'FOREIGN' : 'DOMESTIC';
  for (const region of seeker.regions ?? []) {
    const id = toGlobalId('Locality', region.id);
    if (!region.side) errors.add('filter.regions', `No locality has the ID "${id}".`);
    else if (region.side !== candidateSide || region.level !== TOP_LEVEL[candidateSide]) {
      errors.add(
        'filter.regions',
        candidateSide === 'FOREIGN'
          ? `"${id}" is not a foreign region (REGION); partners of a Chinese locality are filtered by foreign regions.`
          : `"${id}" is not a Chinese province; partners of a foreign locality are filtered by Chinese provinces.`,
      );
    }
  }
  errors.throwIfAny();
  const criteria: PartnerCriteria = {
    countries,
    continents: filter?.continents ?? [],
    regionIds,
    themes,
    exchangeFields: [...new Set(filter?.exchangeFields ?? [])],
    minPopulation,
    maxPopulation,
  };
  const sought = {
    themes: themes.length ? themes : seeker.themes,
    fields: criteria.exchangeFields.length ? criteria.exchangeFields : seeker.fields,
  };
  const rows = await partnerSuggestionRows(em, seeker, criteria, sought, weights, first, visibleExchangeSql(viewer, 'e'));
  return suggestionsResult(localityId, weights, rows);
}

/** PartnerWish.candidates: the wish's locality's suggestions under the wish's own criteria, default weights. */
export async function wishCandidates(em: EntityManager, viewer: Viewer, wish: PartnerWish, first: number): Promise<SuggestionsResult> {
  requireMember(viewer);
  checkFirst(first);
  const localityId = refKey<number>(wish.locality)!;
  const seeker = await loadSeeker(em, localityId);
  const criteria: PartnerCriteria = {
    countries: wish.countries ?? [],
    continents: wish.continents ?? [],
    regionIds: wish.regionIds ?? [],
    themes: [],
    exchangeFields: [],
    themesOrFields: { themes: wish.themes ?? [], fields: wish.exchangeFields ?? [] },
    minPopulation: wish.minPopulation ?? null,
    maxPopulation: wish.maxPopulation ?? null,
  };
  const sought = {
    themes: wish.themes?.length ? wish.themes : seeker.themes,
    fields: wish.exchangeFields?.length ? wish.exchangeFields : seeker.fields,
  };
  const weights = { ...DEFAULT_PARTNER_WEIGHTS };
  const rows = await partnerSuggestionRows(em, seeker, criteria, sought, weights, first, visibleExchangeSql(viewer, 'e'));
  return suggestionsResult(localityId, weights, rows);
}

function checkFirst(first: number): void {
  if (!Number.isInteger(first) || first < 1 || first > MAX_SUGGESTIONS) {
    throw badInput(`"first" must be between 1 and ${MAX_SUGGESTIONS}, got ${first}.`, 'first', 'PAGE_SIZE_OUT_OF_RANGE');
  }
}

/** What the pool reads of each candidate `locality c` (scorePairs needs no second lookup). */
const CANDIDATE_COLUMNS = 'c.id, c.level, c.parent_id, c.country_code, c.population, c.latitude';

/** Whether the criteria name anything about the locality itself (not only its profile). */
const locatedCriteria = (criteria: PartnerCriteria) =>
  criteria.countries.length + criteria.continents.length + criteria.regionIds.length > 0 || criteria.minPopulation != null || criteria.maxPopulation != null;

/** The hard criteria as SQL over a candidate `locality c` (the parameters added in text order). */
function criteriaSql(p: Params, seeker: SeekerRow, criteria: PartnerCriteria, idColumn = 'c.id'): string {
  const conditions: string[] = [];
  if (seeker.partners.length) conditions.push(`${idColumn} <> all(${p.add(seeker.partners, 'int[]')})`);
  if (criteria.countries.length) conditions.push(`c.country_code = any(${p.add(criteria.countries, 'bpchar[]')})`);
  if (criteria.continents.length) {
    conditions.push(`c.country_code in (select co.code from country co where co.continent = any(${p.add(criteria.continents, 'bpchar[]')}))`);
  }
  if (criteria.regionIds.length) {
    conditions.push(
      `(c.id = any(${p.add(criteria.regionIds, 'int[]')}) or c.parent_id = any(${p.add(criteria.regionIds, 'int[]')})` +
        ` or c.parent_id in (select l1.id from locality l1 where l1.parent_id = any(${p.add(criteria.regionIds, 'int[]')})))`,
    );
  }
  const profileHas = (condition: string) => `exists (select 1 from locality_profile fp where fp.locality_id = ${idColumn} and ${condition})`;
  if (criteria.themes.length) conditions.push(profileHas(`fp.themes && ${p.add(criteria.themes, 'text[]')}`));
  if (criteria.exchangeFields.length) conditions.push(profileHas(`fp.exchange_fields && ${p.add(criteria.exchangeFields, 'text[]')}`));
  const either = criteria.themesOrFields;
  if (either && either.themes.length + either.fields.length > 0) {
    conditions.push(profileHas(`(fp.themes && ${p.add(either.themes, 'text[]')} or fp.exchange_fields && ${p.add(either.fields, 'text[]')})`));
  }
  const population = `coalesce((select fp.population from locality_profile fp where fp.locality_id = c.id), c.population)`;
  if (criteria.minPopulation != null) conditions.push(`${population} >= ${p.add(criteria.minPopulation, 'int')}`);
  if (criteria.maxPopulation != null) conditions.push(`${population} <= ${p.add(criteria.maxPopulation, 'int')}`);
  return conditions.map((condition) => ` and ${condition}`).join('');
}

/**
 * The candidate pool and its scores, in one statement. Chinese candidates (at most some 3,400)
 * and foreign regions (about 5,000) are scored in full; foreign cities through the pool described
 * at CITY_POOL_BY_POPULATION.
 */
async function partnerSuggestionRows(
  em: EntityManager,
  seeker: SeekerRow,
  criteria: PartnerCriteria,
  sought: { themes: string[]; fields: string[] },
  weights: PartnerScoreWeightValues,
  first: number,
  visibleExchange: { sql: string; params: unknown[] },
): Promise<ScoredPairRow[]> {
  const p = new Params();
  const side = seeker.side === 'DOMESTIC' ? 'FOREIGN' : 'DOMESTIC';
  const levels = CANDIDATE_LEVELS[seeker.level];
  // Literals (from the enums above, never from input), so the partial population index applies.
  const base = `c.side = '${side}' and c.level in (${levels.map((level) => `'${level}'`).join(', ')})`;
  // Parameters go in text order: the pair's columns first, then the pool under them. The pool
  // reads the candidates' columns with them (CANDIDATE_COLUMNS).
  const head = `select 0 as pair_key, ${p.add(seeker.id, 'int')} as s_id, pool.id as c_id, pool.level as c_level, pool.parent_id as c_parent_id,
    pool.country_code as c_country, pool.population as c_population, pool.latitude as c_lat from`;
  let pool: string;
  if (!levels.includes('CITY')) {
    pool = `select ${CANDIDATE_COLUMNS} from locality c where ${base}${criteriaSql(p, seeker, criteria)}`;
  } else {
    const branches: string[] = [];
    if (sought.themes.length + sought.fields.length > 0) {
      // Unrolled per sought code: cheaper than intersecting arrays on every profile.
      const overlap = (column: string, codes: string[], weight: number) =>
        codes.length
          ? `${p.add(weight / codes.length, 'float8')} * (${codes.map((code) => `(${p.add(code, 'text')} = any(pp.${column}))::int`).join(' + ')})`
          : '0';
      const shares = `(pp.themes && ${p.add(sought.themes, 'text[]')} or pp.exchange_fields && ${p.add(sought.fields, 'text[]')})`;
      const order = () =>
        `${overlap('themes', sought.themes, weights.SHARED_THEMES)} + ${overlap('exchange_fields', sought.fields, weights.SHARED_EXCHANGE_FIELDS)} desc, coalesce(pp.population, -1) desc, pp.locality_id`;
      if (locatedCriteria(criteria)) {
        // Filters on the locality narrow the join; rank what is left.
        branches.push(
          `(select ${CANDIDATE_COLUMNS} from locality_profile pp join locality c on c.id = pp.locality_id where ${base} and ${shares}` +
            `${criteriaSql(p, seeker, criteria, 'pp.locality_id')} order by ${order()} limit ${p.add(CITY_POOL_BY_PROFILE, 'int')})`,
        );
      } else {
        // Rank the profiles alone, then keep the foreign cities among twice as many: joining every
        // matching profile to its locality first costs a scan of the whole locality table.
        branches.push(
          `(select ${CANDIDATE_COLUMNS} from (select pp.locality_id from locality_profile pp where ${shares}${criteriaSql(p, seeker, criteria, 'pp.locality_id')}` +
            ` order by ${order()} limit ${p.add(CITY_POOL_BY_PROFILE * 2, 'int')}) top join locality c on c.id = top.locality_id where ${base})`,
        );
      }
    }
    // Every candidate needs a profile with a named theme or field: the profile branch is the pool.
    const profileRequired = criteria.themes.length + criteria.exchangeFields.length + (criteria.themesOrFields ? criteria.themesOrFields.themes.length + criteria.themesOrFields.fields.length : 0) > 0;
    if (seeker.population != null && !profileRequired) {
      branches.push(
        `(select ${CANDIDATE_COLUMNS} from locality c where ${base} and coalesce(c.population, -1) >= ${p.add(seeker.population, 'int')}${criteriaSql(p, seeker, criteria)}` +
          ` order by coalesce(c.population, -1), c.id limit ${p.add(CITY_POOL_BY_POPULATION, 'int')})`,
      );
    }
    if (!profileRequired || !branches.length) branches.push(
      `(select ${CANDIDATE_COLUMNS} from locality c where ${base} and c.population is not null and coalesce(c.population, -1) < ${p.add(seeker.population ?? 2_147_483_647, 'int')}` +
        `${criteriaSql(p, seeker, criteria)} order by coalesce(c.population, -1) desc, c.id desc limit ${p.add(CITY_POOL_BY_POPULATION, 'int')})`,
    );
    pool = branches.join('\nunion\n');
  }
  const pairs = `${head} (${pool}) pool`;
  return scorePairs(em, p, pairs, visibleExchange, weights, (q) => `order by s.score desc, s.c_pop desc nulls last, s.c_id limit ${q.add(first, 'int')}`, {
    id: seeker.id!,
    ...sought,
  });
}

/**
 * The OPEN wishes of localities on the other side (not the locality's own) whose criteria the
 * locality meets, with its score under each (default weights) when that reaches
 * WISH_MATCH_THRESHOLD. Hard criteria: the wish's countries, continents and regions (the locality,
 * or its region or province, among them), its population range (an unknown population fails a
 * range), the level a partner of the wish's locality has, no relation (other than ENDED) between
 * the two, and, when the wish names themes or exchange fields, at least one of them in the
 * locality's profile. Exchanges count when every member may see them (PUBLIC and UNCONDITIONAL):
 * the result goes to the wishing unit, whatever unit triggered it. One statement.
 */
export async function openWishesFittedBy(em: EntityManager, localityId: number): Promise<Array<{ wishId: number; ownerUnitId: number; score: number }>> {
  const p = new Params();
  const levelPairs = Object.entries(CANDIDATE_LEVELS)
    .flatMap(([seekerLevel, levels]) => levels.map((level) => `('${seekerLevel}', '${level}')`))
    .join(', ');
  const pairs = `
    select w.id as pair_key, w.locality_id as s_id, x.id as c_id, x.level as c_level, x.parent_id as c_parent_id,
           x.country_code as c_country, x.population as c_population, x.latitude as c_lat,
           case when cardinality(w.themes) > 0 then w.themes else coalesce(sp.themes, '{}') end as sought_themes,
           case when cardinality(w.exchange_fields) > 0 then w.exchange_fields else coalesce(sp.exchange_fields, '{}') end as sought_fields
    from locality x
    left join locality_profile xp on xp.locality_id = x.id
    left join locality xr on xr.id = x.parent_id
    join partner_wish w on w.status = 'OPEN' and w.locality_id <> x.id
    join locality s on s.id = w.locality_id and s.side <> x.side
    join (values ${levelPairs}) as lv (s_level, c_level) on lv.s_level = s.level and lv.c_level = x.level
    left join locality_profile sp on sp.locality_id = s.id
    where x.id = ${p.add(localityId, 'int')}
      and (cardinality(w.countries) = 0 or trim(x.country_code) = any(w.countries))
      and (cardinality(w.continents) = 0 or (select trim(co.continent) from country co where co.code = x.country_code) = any(w.continents))
      and (cardinality(w.region_ids) = 0 or x.id = any(w.region_ids) or x.parent_id = any(w.region_ids) or xr.parent_id = any(w.region_ids))
      and (w.min_population is null or coalesce(xp.population, x.population) >= w.min_population)
      and (w.max_population is null or coalesce(xp.population, x.population) <= w.max_population)
      and (cardinality(w.themes) + cardinality(w.exchange_fields) = 0
           or coalesce(xp.themes, '{}') && w.themes or coalesce(xp.exchange_fields, '{}') && w.exchange_fields)
      and not exists (select 1 from friendship_relation r where r.status <> 'ENDED'
                      and ((r.domestic_locality_id = s.id and r.foreign_locality_id = x.id) or (r.domestic_locality_id = x.id and r.foreign_locality_id = s.id)))`;
  const rows = await scorePairs(em, p, pairs, { sql: `(e.tier <> 'NOT_SHARED')`, params: [] }, { ...DEFAULT_PARTNER_WEIGHTS }, (q) => `where s.score >= ${q.add(WISH_MATCH_THRESHOLD, 'float8')}`);
  return rows
    .map((row) => ({ wishId: row.pair_key, ownerUnitId: row.owner_unit_id!, score: row.score }))
    .sort((a, b) => b.score - a.score || a.wishId - b.wishId);
}

/* ------------------------------------------------------------------------------------------ */
/* explanations                                                                               */

function suggestionsResult(localityId: number, weights: PartnerScoreWeightValues, rows: ScoredPairRow[]): SuggestionsResult {
  const total = Object.values(weights).reduce((sum, weight) => sum + weight, 0);
  return {
    localityId,
    weights,
    considered: rows[0]?.considered ?? 0,
    suggestions: rows.map((row, index) => ({
      rank: index + 1,
      candidateId: row.c_id,
      score: row.score,
      coverage: total > 0 ? row.weight_with_data / total : 0,
      components: explainComponents(row, weights),
    })),
  };
}

/** People, as "1.6 M" or "45 k". */
export function people(count: number): string {
  if (count >= 10_000_000) return `${Math.round(count / 1_000_000)} M`;
  if (count >= 100_000) return `${(count / 1_000_000).toFixed(1)} M`;
  if (count >= 1_000) return `${Math.round(count / 1_000)} k`;
  return String(count);
}

const list = (codes: string[]) => codes.join(', ');
const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

/** Each component of a scored pair with its weight, value, share of the score and why. */
export function explainComponents(row: ScoredPairRow, weights: PartnerScoreWeightValues): ScoreComponentResult[] {
  const seeker = row.s_name;
  const candidate = row.c_name;
  const country = row.country_name ?? 'that country';
  const domesticSeeker = row.s_side === 'DOMESTIC';
  const province = row.province_name ?? 'its province';

  const sharedText = (kind: string, sought: string[], shared: string[]) => {
    if (!sought.length) return `${seeker} seeks no ${kind}s (none in its profile or the criteria), so this part is left out`;
    if (!row.c_has_profile) return `${candidate} has no profile, so no known ${kind}s (sought: ${list(sought)})`;
    if (!shared.length) return `shares none of the ${plural(sought.length, `sought ${kind}`, `sought ${kind}s`)} (${list(sought)})`;
    return `shares ${list(shared)} with ${seeker} (${shared.length} of ${plural(sought.length, `sought ${kind}`, `sought ${kind}s`)})`;
  };
  const populationText =
    row.c_pop != null && row.s_pop != null
      ? `population ${people(row.c_pop)} vs ${people(row.s_pop)}`
      : `population of ${row.c_pop == null ? candidate : seeker} not known, so this part is left out`;
  const exchangeSide = row.cn_name;
  const exchangesText = row.ex_n
    ? `${plural(row.ex_n, 'exchange', 'exchanges')} of ${exchangeSide} (and the localities and units under it) with ${country} since ${row.ex_since}`
    : `no exchanges of ${exchangeSide} with ${country} on record`;
  const regionPart = row.chan_region_n ? `, ${row.chan_region_n} in ${row.region_name}` : '';
  const channelsText = row.chan_country_n
    ? `${province} already has ${plural(row.chan_country_n, 'partner', 'partners')} in ${country}${regionPart}`
    : `${province} has no partner in ${country} yet`;
  const partnerKind = domesticSeeker ? 'Chinese' : 'foreign';
  const saturationText = row.sat_n
    ? `already partners ${plural(row.sat_n, `${partnerKind} locality`, `${partnerKind} localities`)}`
    : `has no ${partnerKind} partner yet`;
  const geographyText =
    row.s_lat != null && row.c_lat != null
      ? `latitude ${Math.abs(row.c_lat).toFixed(1)}° vs ${Math.abs(row.s_lat).toFixed(1)}°`
      : `latitude of ${row.c_lat == null ? candidate : seeker} not known, so this part is left out`;

  const parts: Array<[PartnerScoreFactor, number | null, string]> = [
    [PartnerScoreFactor.SHARED_THEMES, row.v_themes, sharedText('theme', row.sought_themes, row.shared_themes)],
    [PartnerScoreFactor.SHARED_EXCHANGE_FIELDS, row.v_fields, sharedText('exchange field', row.sought_fields, row.shared_fields)],
    [PartnerScoreFactor.POPULATION, row.v_pop, populationText],
    [PartnerScoreFactor.EXCHANGES_WITH_COUNTRY, row.v_ex, exchangesText],
    [PartnerScoreFactor.EXISTING_CHANNELS, row.v_chan, channelsText],
    [PartnerScoreFactor.SATURATION, row.v_sat, saturationText],
    [PartnerScoreFactor.GEOGRAPHY, row.v_geo, geographyText],
  ];
  return parts.map(([component, value, explanation]) => ({
    component,
    weight: weights[component],
    value,
    contribution: value == null || !(row.weight_with_data > 0) ? 0 : (weights[component] * value) / row.weight_with_data,
    explanation,
  }));
}
