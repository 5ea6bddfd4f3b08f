import type { EntityManager } from '@mikro-orm/postgresql';
import { hiddenParameter, queryRows } from '../../shared/sql';
import { SCORE_CONSTANTS, type PartnerScoreWeightValues } from './partner-score';

/** One scored (seeker, candidate) pair with the figures its explanation needs. */
export interface ScoredPairRow {
  pair_key: number;
  owner_unit_id: number | null;
  s_id: number;
  c_id: number;
  s_side: 'DOMESTIC' | 'FOREIGN';
  s_name: string;
  c_name: string;
  c_has_profile: boolean;
  sought_themes: string[];
  sought_fields: string[];
  shared_themes: string[];
  shared_fields: string[];
  s_pop: number | null;
  c_pop: number | null;
  s_lat: number | null;
  c_lat: number | null;
  ex_n: number;
  ex_since: number | null;
  chan_country_n: number;
  chan_region_n: number;
  sat_n: number;
  v_themes: number | null;
  v_fields: number | null;
  v_pop: number | null;
  v_ex: number;
  v_chan: number;
  v_sat: number;
  v_geo: number | null;
  weight_with_data: number;
  score: number;
  considered: number;
  cn_name: string;
  province_name: string | null;
  country_name: string | null;
  region_name: string | null;
}

/**
 * Collects `?` parameters in the order the text is written, each hidden from the planner
 * (hiddenParameter): scoring statements are prepared, and their generic plan is both reused and
 * faster than the plans PostgreSQL makes with the values (measured: docs/BENCHMARKS.md).
 */
export class Params {
  readonly values: unknown[] = [];
  add(value: unknown, type: string): string {
    this.values.push(value);
    return hiddenParameter(type);
  }
}

/** A visibility condition's `?::type` parameters, added in text order. */
function visibleExchangeSql(p: Params, condition: { sql: string; params: unknown[] }): string {
  let index = 0;
  return condition.sql.replace(/\?(?:::([\w[\]]+))?/g, (_, type: string | undefined) => {
    if (!type) throw new Error(`a visibility condition's parameters need a cast: ${condition.sql}`);
    return p.add(condition.params[index++], type);
  });
}

const IN_FORCE = `('ESTABLISHED', 'DORMANT')`;
const C = SCORE_CONSTANTS;

/**
 * Scores (seeker, candidate) pairs in one statement. `pairsSql` selects `pair_key int, s_id int,
 * c_id int` and the candidate's own columns `c_level text, c_parent_id int, c_country bpchar,
 * c_population int, c_lat float8` (a pool reads them with the candidates, which costs far less
 * than looking each candidate up again), and, unless `oneSeeker` is given,
 * `sought_themes text[], sought_fields text[]`; its parameters must already be in `params`.
 * Every component comes from aggregates over the sets the pairs name (their Chinese sides with
 * what lies under them, their provinces, the foreign sides' countries), so the cost grows with
 * the pairs and with the relations and exchanges of those sets, not with the whole relation or
 * exchange tables.
 *
 * `visibleExchange` is the condition over an `exchange e` row that decides which exchanges count.
 * `tail` orders and cuts the scored pairs (`order by … limit ?`, or `where score >= ?`).
 * `oneSeeker`: every pair has this seeker and seeks these themes and fields (partnerSuggestions);
 * its tail must only order and cut (`considered` then counts every pair).
 * The shares are then counted by an expression per sought code instead of a subquery per pair,
 * and the pairs carry no arrays. Rows stay narrow (keys and numbers) until the tail has cut them;
 * names and shared codes are looked up for the rows returned only.
 */
export async function scorePairs(
  em: EntityManager,
  params: Params,
  pairsSql: string,
  visibleExchange: { sql: string; params: unknown[] },
  weights: PartnerScoreWeightValues,
  tail: (p: Params) => string,
  oneSeeker?: { id: number; themes: string[]; fields: string[] },
): Promise<ScoredPairRow[]> {
  const p = params;
  const profileThemes = `coalesce(cp.themes, '{}')`;
  const profileFields = `coalesce(cp.exchange_fields, '{}')`;
  // How many sought codes the candidate's profile has (each sought code once per time it is sought).
  const sharedCount = (codes: string[] | undefined, soughtColumn: string, candidate: string) =>
    codes === undefined
      ? `(select count(*) from unnest(pr.${soughtColumn}) t where t = any(${candidate}))::int`
      : codes.length
        ? `(${codes.map((code) => `(${p.add(code, 'text')} = any(${candidate}))::int`).join(' + ')})`
        : '0';
  // cardinality of the sought codes: a number when there is one seeker.
  const soughtCount = (codes: string[] | undefined, soughtColumn: string) => (codes === undefined ? `cardinality(v.${soughtColumn})` : String(codes.length));
  const sql = `
    with pairs as ${oneSeeker ? '' : 'materialized '}(${pairsSql}),
    -- The seekers (one for suggestions, one per wish for openWishesFittedBy), looked up once.
    seekers as materialized (
      select s.id, s.side, s.name_en, coalesce(sp.population, s.population)::float8 as pop, s.latitude as lat, s.country_code,
             case when s.level = 'REGION' then s.id else s.parent_id end as region_id,
             case when s.level = 'PROVINCE' then s.id when s1.level = 'PROVINCE' then s1.id else s1.parent_id end as province_id
      from ${oneSeeker ? `(select ${p.add(oneSeeker.id, 'int')} as s_id)` : '(select distinct s_id from pairs)'} x
      join locality s on s.id = x.s_id
      left join locality_profile sp on sp.locality_id = s.id
      left join locality s1 on s1.id = s.parent_id
    ),
    -- One narrow row per pair: keys and figures only.
    facts as materialized (
      select pr.pair_key, pr.s_id, pr.c_id,${oneSeeker ? '' : ' pr.sought_themes, pr.sought_fields,'}
             cp.locality_id is not null as c_has_profile,
             s.pop as s_pop, coalesce(cp.population, pr.c_population)::float8 as c_pop, s.lat as s_lat, pr.c_lat,
             -- Most candidates have no profile: nothing to compare for them.
             case when cp.locality_id is null then 0 else ${sharedCount(oneSeeker?.themes, 'sought_themes', 'cp.themes')} end as n_shared_themes,
             case when cp.locality_id is null then 0 else ${sharedCount(oneSeeker?.fields, 'sought_fields', 'cp.exchange_fields')} end as n_shared_fields,
             case when s.side = 'DOMESTIC' then s.id else pr.c_id end as cn_id,
             case when s.side = 'DOMESTIC' then s.province_id
                  when pr.c_level = 'PROVINCE' then pr.c_id when c1.level = 'PROVINCE' then c1.id else c1.parent_id end as province_id,
             case when s.side = 'DOMESTIC' then pr.c_country else s.country_code end as fx_country,
             case when s.side = 'FOREIGN' then s.region_id when pr.c_level = 'REGION' then pr.c_id else pr.c_parent_id end as fx_region
      -- The profiles are few (a hash of them is cheaper than a probe per pair); the parent of a
      -- Chinese candidate by key ("limit 1" keeps the planner from scanning the whole table).
      from pairs pr
      join seekers s on s.id = pr.s_id
      left join locality_profile cp on cp.locality_id = pr.c_id
      left join lateral (select l.id, l.level, l.parent_id from locality l where s.side = 'FOREIGN' and l.id = pr.c_parent_id limit 1) c1 on true
    ),
    cn_set as (select distinct cn_id from facts),
    provinces as (select distinct province_id from facts where province_id is not null),
    -- The Chinese localities under those provinces (the province, its prefectures, their
    -- counties) found by walking down from the provinces: a few hundred rows per province. The
    -- set sizes of CTEs are guesses to the planner, so lookups by key are written as laterals it
    -- cannot turn into scans of the whole locality table ("offset 0", "limit 1").
    under_provinces as (
      select pv.province_id, pv.province_id as id from provinces pv
      union all
      select pv.province_id, l1.id from provinces pv
      cross join lateral (select l.id from locality l where l.parent_id = pv.province_id offset 0) l1
      union all
      select pv.province_id, l2.id from provinces pv
      cross join lateral (select l.id from locality l where l.parent_id = pv.province_id offset 0) l1
      cross join lateral (select l.id from locality l where l.parent_id = l1.id offset 0) l2
    ),
    -- Exchanges tied to the Chinese sides: walked up from the exchanges (their organising unit's
    -- locality, or their relations' Chinese locality, and the two above it).
    linked as (
      select a.cn_id, o.id as exchange_id
      from exchange o join member_unit u on u.id = o.organising_unit_id join locality l0 on l0.id = u.locality_id
      left join locality l1 on l1.id = l0.parent_id cross join lateral (values (l0.id), (l1.id), (l1.parent_id)) as a (cn_id)
      where a.cn_id in (select cn_id from cn_set)
      union
      select a.cn_id, xr.exchange_id
      from exchange_relation xr join friendship_relation r on r.id = xr.relation_id join locality d on d.id = r.domestic_locality_id
      left join locality d1 on d1.id = d.parent_id cross join lateral (values (d.id), (d1.id), (d1.parent_id)) as a (cn_id)
      where a.cn_id in (select cn_id from cn_set)
    ),
    ex as (
      select l.cn_id, d.country_code as country, count(distinct e.id)::int as n, min(extract(year from e.start_date))::int as since
      from linked l join exchange e on e.id = l.exchange_id join exchange_destination d on d.exchange_id = e.id
      where e.status <> 'CANCELLED' and ${visibleExchangeSql(p, visibleExchange)}
      group by 1, 2
    ),
    channels as (
      select u.province_id, f.country_code as country, case when f.level = 'REGION' then f.id else f.parent_id end as region_id, count(*)::int as n
      from under_provinces u
      cross join lateral (select r.foreign_locality_id from friendship_relation r where r.domestic_locality_id = u.id and r.status in ${IN_FORCE} offset 0) r
      cross join lateral (select l.id, l.level, l.parent_id, l.country_code from locality l where l.id = r.foreign_locality_id limit 1) f
      group by 1, 2, 3
    ),
    channels_by_country as (select province_id, country, sum(n)::int as n from channels group by 1, 2),
    -- Relations in force per locality of the candidates' side (one aggregate over the relations
    -- in force; a seeker's candidates are all on the other side).
    saturation as (
      select r.foreign_locality_id as loc_id, count(*)::int as n from friendship_relation r
      where r.status in ${IN_FORCE} and exists (select 1 from seekers where side = 'DOMESTIC') group by 1
      union all
      select r.domestic_locality_id, count(*)::int from friendship_relation r
      where r.status in ${IN_FORCE} and exists (select 1 from seekers where side = 'FOREIGN') group by 1
    ),
    valued as (
      select f.*,
             coalesce(ex.n, 0) as ex_n, ex.since as ex_since,
             coalesce(cc.n, 0) as chan_country_n, coalesce(cr.n, 0) as chan_region_n, coalesce(sat.n, 0) as sat_n
      from facts f
      left join ex on ex.cn_id = f.cn_id and ex.country = f.fx_country
      left join channels_by_country cc on cc.province_id = f.province_id and cc.country = f.fx_country
      left join channels cr on cr.province_id = f.province_id and cr.country = f.fx_country and cr.region_id = f.fx_region
      left join saturation sat on sat.loc_id = f.c_id
    ),
    components as (
      select v.*,
             case when ${soughtCount(oneSeeker?.themes, 'sought_themes')} > 0 then v.n_shared_themes::float8 / ${soughtCount(oneSeeker?.themes, 'sought_themes')} end as v_themes,
             case when ${soughtCount(oneSeeker?.fields, 'sought_fields')} > 0 then v.n_shared_fields::float8 / ${soughtCount(oneSeeker?.fields, 'sought_fields')} end as v_fields,
             case when v.s_pop > 0 and v.c_pop > 0 then greatest(0, 1 - abs(ln(v.s_pop / v.c_pop)) / ln(${C.populationZeroAtRatio})) end as v_pop,
             -- In float8 (numeric division cost more than the rest of the score; the quotients
             -- of small integers round to the same float8 either way).
             least(1, v.ex_n::float8 / ${C.exchangesFullAt}) as v_ex,
             least(1, (v.chan_country_n + v.chan_region_n)::float8 / ${C.channelsFullAt}) as v_chan,
             ${C.saturationHalfAt}::float8 / (${C.saturationHalfAt} + v.sat_n) as v_sat,
             case when v.s_lat is not null and v.c_lat is not null then greatest(0, 1 - abs(abs(v.s_lat) - abs(v.c_lat)) / ${C.latitudeZeroAtDegrees}) end as v_geo
      from valued v
    ),
    w as (select ${p.add(weights.SHARED_THEMES, 'float8')} as themes, ${p.add(weights.SHARED_EXCHANGE_FIELDS, 'float8')} as fields,
                 ${p.add(weights.POPULATION, 'float8')} as pop, ${p.add(weights.EXCHANGES_WITH_COUNTRY, 'float8')} as ex,
                 ${p.add(weights.EXISTING_CHANNELS, 'float8')} as chan, ${p.add(weights.SATURATION, 'float8')} as sat,
                 ${p.add(weights.GEOGRAPHY, 'float8')} as geo),
    weighted as (
      select c.*,
             w.themes * coalesce(c.v_themes, 0) + w.fields * coalesce(c.v_fields, 0) + w.pop * coalesce(c.v_pop, 0)
               + w.ex * c.v_ex + w.chan * c.v_chan + w.sat * c.v_sat + w.geo * coalesce(c.v_geo, 0) as weighted_sum,
             case when c.v_themes is null then 0 else w.themes end + case when c.v_fields is null then 0 else w.fields end
               + case when c.v_pop is null then 0 else w.pop end + w.ex + w.chan + w.sat
               + case when c.v_geo is null then 0 else w.geo end as weight_with_data
      from components c cross join w
    ),
    scored as (
      select x.*, coalesce(x.weighted_sum / nullif(x.weight_with_data, 0), 0)::float8 as score from weighted x
    ),
    ranked as (
      -- One seeker: the tail only orders and cuts, so every pair was considered (a count of the
      -- materialised pairs spares a window over all of them before the top-N sort).
      select s.*, ${oneSeeker ? '(select count(*) from facts)::int' : 'count(*) over ()::int'} as considered from scored s ${tail(p)}
    )
    select r.pair_key, pw.owner_unit_id, r.s_id, r.c_id, s.side as s_side, s.name_en as s_name, c.name_en as c_name, r.c_has_profile,
           sg.sought_themes, sg.sought_fields,
           array(select t from unnest(sg.sought_themes) t where t = any(${profileThemes}) order by t) as shared_themes,
           array(select t from unnest(sg.sought_fields) t where t = any(${profileFields}) order by t) as shared_fields,
           r.s_pop, r.c_pop, r.s_lat, r.c_lat, r.ex_n, r.ex_since, r.chan_country_n, r.chan_region_n, r.sat_n,
           r.v_themes, r.v_fields, r.v_pop, r.v_ex, r.v_chan, r.v_sat, r.v_geo, r.weight_with_data, r.score, r.considered,
           case when s.side = 'DOMESTIC' then s.name_en else c.name_en end as cn_name,
           pv.name_en as province_name, co.name_en as country_name, rg.name_en as region_name
    from ranked r
    cross join lateral (${oneSeeker ? `select ${p.add(oneSeeker.themes, 'text[]')} as sought_themes, ${p.add(oneSeeker.fields, 'text[]')} as sought_fields` : 'select r.sought_themes, r.sought_fields'}) sg
    join seekers s on s.id = r.s_id
    join locality c on c.id = r.c_id
    left join locality_profile cp on cp.locality_id = r.c_id
    left join partner_wish pw on pw.id = r.pair_key
    left join locality pv on pv.id = r.province_id
    left join country co on co.code = r.fx_country
    left join locality rg on rg.id = r.fx_region
    order by r.score desc, r.c_pop desc nulls last, r.c_id, r.pair_key`;
  return queryRows<ScoredPairRow & Record<string, unknown>>(em, sql, p.values, { prepared: true });
}
