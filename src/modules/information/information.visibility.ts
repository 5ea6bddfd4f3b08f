import type { Viewer } from '../../auth/viewer';

/**
 * Who may read an information item, as SQL over an `information_item` row named `alias` (the
 * same rule for lists, node(id), currentAdvisories, the mutations and the activity feed):
 *
 * - DRAFT: the publisher unit and hub admins.
 * - PUBLISHED and ARCHIVED, by tier: PUBLIC to anyone (also anonymous), UNCONDITIONAL to every
 *   member, NOT_SHARED to the publisher unit and hub admins.
 *
 * `search` reads this rule from its tables' `audience` column, set by the triggers of
 * Migration20261207000000_search_documents: a change here needs a migration changing those too.
 */
export function visibleInformationSql(viewer: Viewer, alias: string): { sql: string; params: unknown[] } {
  if (viewer.kind === 'anonymous') return { sql: `(${alias}.status <> 'DRAFT' and ${alias}.tier = 'PUBLIC')`, params: [] };
  if (viewer.hubAdmin) return { sql: 'true', params: [] };
  return {
    sql: `(${alias}.owner_unit_id = ? or (${alias}.status <> 'DRAFT' and ${alias}.tier <> 'NOT_SHARED'))`,
    params: [viewer.unitId],
  };
}
