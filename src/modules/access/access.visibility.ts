import type { Viewer } from '../../auth/viewer';

/**
 * Who may see an access request or grant, as SQL (same convention as resource.visibility.ts):
 * the requesting or grantee unit, the owner unit of the resource, and hub admins. `alias` names
 * the access_request or access_grant row, `resourceAlias` its shared_resource row.
 */
function partiesSql(viewer: Viewer, partyColumn: string, resourceAlias: string): { sql: string; params: unknown[] } {
  if (viewer.kind === 'anonymous') return { sql: 'false', params: [] };
  if (viewer.hubAdmin) return { sql: 'true', params: [] };
  return { sql: `(${partyColumn} = ? or ${resourceAlias}.owner_unit_id = ?)`, params: [viewer.unitId, viewer.unitId] };
}

export const visibleRequestSql = (viewer: Viewer, alias: string, resourceAlias: string) =>
  partiesSql(viewer, `${alias}.requester_unit_id`, resourceAlias);

export const visibleGrantSql = (viewer: Viewer, alias: string, resourceAlias: string) =>
  partiesSql(viewer, `${alias}.grantee_unit_id`, resourceAlias);

/** True when the caller answers for the resource's owner: its unit, or a hub admin. */
export const speaksForOwner = (viewer: Viewer, ownerUnitId: number) =>
  viewer.kind === 'member' && (viewer.hubAdmin || viewer.unitId === ownerUnitId);
