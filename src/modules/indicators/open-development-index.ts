import type { EntityManager } from '@mikro-orm/postgresql';
import { InputErrors, badInput } from '../../errors';
import { queryRows } from '../../shared/sql';
import { DOMESTIC_LEVELS, LocalityLevel } from '../localities/locality.enums';
import { COMPUTED_INDICATORS } from './computed-indicators';
import type { Indicator } from './indicator.entity';
import { PERIOD_RANGE, POPULATION_INDICATOR } from './indicator.enums';

/** One indicator's part in a locality's index. */
export interface IndexComponentRow {
  indicator: Indicator;
  rawValue: number;
  perCapitaValue: number | null;
  normalised: number | null;
  weight: number;
  contribution: number | null;
}

export interface LocalityIndexRow {
  rank: number;
  localityId: number;
  index: number | null;
  coverage: number;
  components: IndexComponentRow[];
}

export interface IndexWeight {
  indicator: string;
  weight: number;
}

/**
 * The weight of every indicator in the index: the query's weights over INDEX_WEIGHTS (config) over
 * each indicator's default. The resident population is the per-capita base, not a component.
 */
export function effectiveWeights(definitions: Indicator[], configured: Record<string, number>, given: IndexWeight[] | null | undefined): Map<string, number> {
  const errors = new InputErrors();
  const weights = new Map<string, number>();
  for (const indicator of definitions) {
    if (indicator.code === POPULATION_INDICATOR) continue;
    weights.set(indicator.code, configured[indicator.code] ?? indicator.defaultWeight);
  }
  (given ?? []).forEach((entry, index) => {
    if (!weights.has(entry.indicator)) {
      errors.add(
        `weights[${index}].indicator`,
        entry.indicator === POPULATION_INDICATOR
          ? `${POPULATION_INDICATOR} is the per-capita base, not a part of the index; it takes no weight.`
          : `The hub has no indicator "${entry.indicator}"; use one of ${[...weights.keys()].join(', ')}.`,
      );
      return;
    }
    if (!Number.isFinite(entry.weight) || entry.weight < 0) {
      errors.add(`weights[${index}].weight`, `The weight of ${entry.indicator} must be 0 or more, got ${entry.weight}.`);
      return;
    }
    weights.set(entry.indicator, entry.weight);
  });
  errors.throwIfAny();
  if (![...weights.values()].some((weight) => weight > 0)) {
    throw badInput('At least one indicator needs a weight above 0; with all weights 0 there is no index.', 'weights', 'ALL_WEIGHTS_ZERO');
  }
  return weights;
}

export function checkIndexArguments(period: number, level: LocalityLevel): void {
  if (!Number.isInteger(period) || period < PERIOD_RANGE.min || period > PERIOD_RANGE.max) {
    throw badInput(`"period" is a year from ${PERIOD_RANGE.min} to ${PERIOD_RANGE.max}, got ${period}.`, 'period', 'PERIOD_OUT_OF_RANGE');
  }
  if (!DOMESTIC_LEVELS.includes(level)) {
    throw badInput(`The index ranks Chinese localities: "level" is PROVINCE, PREFECTURE or COUNTY, got ${level}.`, 'level', 'WRONG_SIDE');
  }
}

/**
 * The open-development index of every domestic locality of `level` for `period`, in one statement:
 *
 * 1. each indicator's newest revision for the period (computed indicators computed, see
 *    computed-indicators.ts), divided by the resident population of the locality and period
 *    where the indicator is per capita (no population: no per-capita value);
 * 2. normalised min-max across the localities of the level to [0, 1] (all equal: 1 if above 0,
 *    else 0);
 * 3. index = Σ w·normalised / Σ w over the indicators the locality has data for, so missing data
 *    is not counted as zero; coverage = that Σ w / Σ w of all indicators. A locality without any
 *    data has no index and ranks last.
 *
 * Ranked by index (highest first), then locality id.
 */
export async function openDevelopmentIndex(
  em: EntityManager,
  definitions: Indicator[],
  weights: Map<string, number>,
  period: number,
  level: LocalityLevel,
): Promise<LocalityIndexRow[]> {
  const byCode = new Map(definitions.map((indicator) => [indicator.code, indicator]));
  const included = [...weights].map(([code, weight]) => ({
    code,
    weight,
    per_capita: byCode.get(code)!.perCapita,
    sort_order: byCode.get(code)!.sortOrder,
  }));
  const reportedCodes = [...included.filter((entry) => !byCode.get(entry.code)!.computed).map((entry) => entry.code), POPULATION_INDICATOR];
  const computed = included
    .filter((entry) => COMPUTED_INDICATORS[entry.code])
    .map((entry) => `union all select '${entry.code}'::text, c.locality_id, c.value from (${COMPUTED_INDICATORS[entry.code]}) c`)
    .join('\n');
  const sql = `
    with args as (select ?::int as period),
    w as materialized (select * from jsonb_to_recordset(?::jsonb) as x (code text, weight float8, per_capita boolean, sort_order int)),
    places as materialized (select l.id from locality l where l.side = 'DOMESTIC' and l.level = ?),
    raw as materialized (
      select v.indicator_code, v.locality_id, v.value from (
        select distinct on (v.indicator_code, v.locality_id) v.indicator_code, v.locality_id, v.value::float8 as value
        from indicator_value v
        where v.period = (select period from args) and v.indicator_code = any(?::text[])
        order by v.indicator_code, v.locality_id, v.revision desc
      ) v join places p on p.id = v.locality_id
      ${computed}
    ),
    population as (select locality_id, value from raw where indicator_code = '${POPULATION_INDICATOR}' and value > 0),
    comp as (
      select r.indicator_code, r.locality_id, r.value as raw_value, w.weight, w.sort_order,
             case when w.per_capita then r.value / pop.value end as per_capita_value,
             case when w.per_capita then r.value / pop.value else r.value end as basis
      from raw r join w on w.code = r.indicator_code left join population pop on pop.locality_id = r.locality_id
    ),
    normed as (
      select c.*,
             case when c.basis is null then null
                  when max(c.basis) over i = min(c.basis) over i then case when c.basis > 0 then 1.0 else 0.0 end
                  else (c.basis - min(c.basis) over i) / (max(c.basis) over i - min(c.basis) over i) end::float8 as normalised
      from comp c window i as (partition by c.indicator_code)
    ),
    totals as (
      select n.locality_id,
             sum(n.weight * n.normalised) filter (where n.normalised is not null) as weighted,
             sum(n.weight) filter (where n.normalised is not null) as weight_with_data,
             json_agg(json_build_array(n.indicator_code, n.raw_value, n.per_capita_value, n.normalised, n.weight) order by n.sort_order, n.indicator_code) as components
      from normed n group by n.locality_id
    ),
    scored as (
      select p.id as locality_id, t.components, coalesce(t.weight_with_data, 0) as weight_with_data,
             case when t.weight_with_data > 0 then t.weighted / t.weight_with_data end as index
      from places p left join totals t on t.locality_id = p.id
    )
    select row_number() over (order by s.index desc nulls last, s.locality_id)::int as rank, s.locality_id, s.index,
           s.weight_with_data / (select sum(weight) from w) as coverage, s.weight_with_data, s.components
    from scored s order by rank`;
  const rows = await queryRows<{
    rank: number;
    locality_id: number;
    index: number | null;
    coverage: number;
    weight_with_data: number;
    components: Array<[string, number, number | null, number | null, number]> | null;
  }>(em, sql, [period, JSON.stringify(included), level, reportedCodes]);
  return rows.map((row) => ({
    rank: row.rank,
    localityId: row.locality_id,
    index: row.index,
    coverage: Number(row.coverage),
    components: (row.components ?? []).map(([code, rawValue, perCapitaValue, normalised, weight]) => ({
      indicator: byCode.get(code)!,
      rawValue,
      perCapitaValue,
      normalised,
      weight,
      contribution: normalised == null || !(row.weight_with_data > 0) ? null : (weight * normalised) / row.weight_with_data,
    })),
  }));
}
