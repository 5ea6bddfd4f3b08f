import type { Viewer } from '../../auth/viewer';

/**
 * Who may see a catalogue matter, as SQL over a row with `tier` and `provider_unit_id` (a
 * catalogue_matter row, or an edition's frozen copy): PUBLIC to anyone, UNCONDITIONAL to every
 * member, NOT_SHARED to the provider unit and hub admins. Withdrawn matters stay visible (marked
 * WITHDRAWN), so that a reader can tell a withdrawn matter from one that never existed.
 *
 * `search` reads this rule from its tables' `audience` column, set by the triggers of
 * Migration20261207000000_search_documents: a change here needs a migration changing those too.
 */
export function visibleMatterSql(viewer: Viewer, alias: string): { sql: string; params: unknown[] } {
  if (viewer.kind === 'anonymous') return { sql: `(${alias}.tier = 'PUBLIC')`, params: [] };
  if (viewer.hubAdmin) return { sql: 'true', params: [] };
  return { sql: `(${alias}.tier <> 'NOT_SHARED' or ${alias}.provider_unit_id = ?)`, params: [viewer.unitId] };
}
