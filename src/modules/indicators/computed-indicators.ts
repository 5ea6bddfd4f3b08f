import { IndicatorCode } from './indicator.enums';

/**
 * The indicators the hub computes from its own records: code → a SELECT producing
 * (locality_id int, value float8) for every locality of the CTE `places` (id), for the year
 * `(select period from args)`. They run inside the openDevelopmentIndex statement, so they must
 * be set-based (no per-locality work) and take no parameters of their own.
 *
 * A locality counts what it and the localities under it hold: a province counts the relations of
 * its prefectures and counties, a prefecture those of its counties.
 *
 * EXCHANGES (DONE exchanges in the year) has no entry yet: the exchanges table is being built in
 * another branch. Until its entry is added here, EXCHANGES has no values, and the index leaves it
 * out (missing data is not counted as zero).
 */
export const COMPUTED_INDICATORS: Readonly<Record<string, string>> = {
  // Relations in force (ESTABLISHED or DORMANT: signed and not ended) established by the end of the
  // year. Status is as of now. A relation whose year is not on record counts as established
  // before the period (most imported relations name no year).
  [IndicatorCode.FRIENDSHIP_RELATIONS]: `
    select p.id as locality_id, coalesce(n.relations, 0)::float8 as value
    from places p
    left join (
      select a.id, count(*) as relations
      from friendship_relation r
      join locality d on d.id = r.domestic_locality_id
      left join locality d1 on d1.id = d.parent_id
      cross join lateral (values (d.id), (d1.id), (d1.parent_id)) as a (id)
      where r.status in ('ESTABLISHED', 'DORMANT') and coalesce(r.established_year, 0) <= (select period from args) and a.id is not null
      group by a.id
    ) n on n.id = p.id`,
};
