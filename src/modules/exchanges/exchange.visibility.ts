import type { Viewer } from '../../auth/viewer';

/**
 * Who may see an exchange, as SQL over an `exchange` row named `alias` (every read path filters
 * in the statement that reads the rows): PUBLIC ones anyone; UNCONDITIONAL ones every member;
 * NOT_SHARED ones the organising unit and hub admins. Returns the condition and its `?` values.
 */
export function visibleExchangeSql(viewer: Viewer, alias: string): { sql: string; params: unknown[] } {
  if (viewer.kind === 'anonymous') return { sql: `(${alias}.tier = 'PUBLIC')`, params: [] };
  if (viewer.hubAdmin) return { sql: 'true', params: [] };
  return { sql: `(${alias}.tier <> 'NOT_SHARED' or ${alias}.organising_unit_id = ?::int)`, params: [viewer.unitId] };
}
