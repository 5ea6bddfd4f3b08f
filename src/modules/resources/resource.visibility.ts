import type { Viewer } from '../../auth/viewer';

/**
 * The sharing rules as SQL, so that every path (lists, search, nested edges, node(id), counts,
 * stats) filters in the same statement that reads the rows: no statement per row, and no path
 * that forgets the check. `alias` names a `shared_resource` row. Each function returns a boolean
 * SQL expression and the values of its `?` placeholders, in order.
 *
 * - Anonymous callers see PUBLISHED, PUBLIC resources.
 * - Members see their own unit's resources in any status, and others' PUBLISHED resources of
 *   every tier but NOT_SHARED (CONDITIONAL ones as catalogue entries).
 * - Hub admins see everything.
 *
 * `search` reads this rule from its tables' `audience` column, set by the triggers of
 * Migration20261207000000_search_documents: a change here needs a migration changing those too.
 */
export function visibleResourceSql(viewer: Viewer, alias: string): { sql: string; params: unknown[] } {
  if (viewer.kind === 'anonymous') return { sql: `(${alias}.status = 'PUBLISHED' and ${alias}.tier = 'PUBLIC')`, params: [] };
  if (viewer.hubAdmin) return { sql: 'true', params: [] };
  return {
    sql: `(${alias}.owner_unit_id = ? or (${alias}.status = 'PUBLISHED' and ${alias}.tier <> 'NOT_SHARED'))`,
    params: [viewer.unitId],
  };
}

/**
 * Whether the caller may read the content fields (body, contact, links, attachments) of a
 * resource it can see: PUBLIC and UNCONDITIONAL ones, its own unit's, anything for hub admins,
 * and CONDITIONAL ones under a grant that is neither revoked nor expired at this moment.
 */
export function contentReadableSql(viewer: Viewer, alias: string): { sql: string; params: unknown[] } {
  if (viewer.kind === 'anonymous') return { sql: `(${alias}.tier = 'PUBLIC')`, params: [] };
  if (viewer.hubAdmin) return { sql: 'true', params: [] };
  return {
    sql:
      `(${alias}.tier in ('PUBLIC', 'UNCONDITIONAL') or ${alias}.owner_unit_id = ? or (${alias}.tier = 'CONDITIONAL' and exists (` +
      `select 1 from access_grant g where g.resource_id = ${alias}.id and g.grantee_unit_id = ? ` +
      `and g.revoked_at is null and (g.expires_at is null or g.expires_at > now()))))`,
    params: [viewer.unitId, viewer.unitId],
  };
}

/** True when reading this resource's content must be recorded in the audit trail. */
export function contentReadIsAudited(viewer: Viewer, resource: { tier: string; ownerUnit: unknown }, ownerUnitId: number): boolean {
  return viewer.kind === 'member' && viewer.unitId !== ownerUnitId && (resource.tier === 'CONDITIONAL' || resource.tier === 'NOT_SHARED');
}
