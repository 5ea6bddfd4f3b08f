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
  // DONE exchanges that ended in the year, under a relation whose Chinese side is the locality (or
  // under it) or organised by a unit located there; each exchange once per locality. Like the
  // relationship health, this counts exchanges of every tier: it is a figure that names none.
  [IndicatorCode.EXCHANGES]: `
    select p.id as locality_id, coalesce(n.exchanges, 0)::float8 as value
    from places p
    left join (
      select a.id, count(distinct x.exchange_id) as exchanges
      from (
        select e.id as exchange_id, r.domestic_locality_id as locality_id
        from exchange e
        join exchange_relation er on er.exchange_id = e.id
        join friendship_relation r on r.id = er.relation_id
        where e.status = 'DONE' and e.end_date >= make_date((select period from args), 1, 1) and e.end_date < make_date((select period from args) + 1, 1, 1)
        union
        select e.id, u.locality_id
        from exchange e
        join member_unit u on u.id = e.organising_unit_id
        where e.status = 'DONE' and e.end_date >= make_date((select period from args), 1, 1) and e.end_date < make_date((select period from args) + 1, 1, 1) and u.locality_id is not null
      ) x
      join locality d on d.id = x.locality_id
      left join locality d1 on d1.id = d.parent_id
      cross join lateral (values (d.id), (d1.id), (d1.parent_id)) as a (id)
      where a.id is not null
      group by a.id
    ) n on n.id = p.id`,
};
