/**
 * Relationship health, as SQL over a `friendship_relation` row. It counts DONE exchanges linked
 * to the relation whatever their tier: the figures are aggregates that name no exchange, so a
 * NOT_SHARED visit still shows that the relation is alive without showing the visit.
 *
 * An exchange's date here is its end date (the last day of contact). A relation is QUIET when no
 * DONE exchange ended within the last `gap` days, unless it was established within them (its
 * signing date, else the last day of its signing year); one with no known date is quiet.
 */
export const TODAY_SQL = `(now() at time zone 'Asia/Shanghai')::date`;

/** True when the relation `alias` is quiet after `gapDays`; the `?` values are returned in order. */
export function quietRelationSql(alias: string, gapDays: number): { sql: string; params: unknown[] } {
  return {
    sql:
      `(not exists (select 1 from exchange_relation qx join exchange qe on qe.id = qx.exchange_id ` +
      `where qx.relation_id = ${alias}.id and qe.status = 'DONE' and qe.end_date >= ${TODAY_SQL} - ?::int) ` +
      `and coalesce(${alias}.established_on, make_date(${alias}.established_year, 12, 31), '-infinity'::date) < ${TODAY_SQL} - ?::int)`,
    params: [gapDays, gapDays],
  };
}

/** Health of many relations in one statement: `id`, `last` (text date or null), `n` (last three years), `quiet`. */
export function relationHealthSql(gapDays: number): { sql: string; params: unknown[] } {
  const quiet = quietRelationSql('r', gapDays);
  return {
    sql:
      `select r.id, h.last, coalesce(h.n, 0)::int as n, ${quiet.sql} as quiet from friendship_relation r ` +
      `left join lateral (select max(e.end_date)::text as last, ` +
      `count(*) filter (where e.end_date >= (${TODAY_SQL} - interval '3 years')::date) as n ` +
      `from exchange_relation x join exchange e on e.id = x.exchange_id where x.relation_id = r.id and e.status = 'DONE') h on true ` +
      `where r.id = any(?::int[])`,
    params: [...quiet.params],
  };
}
