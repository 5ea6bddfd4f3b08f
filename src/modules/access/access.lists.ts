import type { EntityManager } from '@mikro-orm/postgresql';
import { forbidden, requireMember, type MemberViewer, type Viewer } from '../../auth/viewer';
import { badInput, notFound } from '../../errors';
import type { ConnectionArgs, Page } from '../../shared/connection';
import { parseIntId, toGlobalId } from '../../shared/global-id';
import { childPage, keysetPage, type ListQuery, type PageLoaders, type SortKey } from '../../shared/pagination';
import type { FieldSelection } from '../../shared/selection';
import { queryRows } from '../../shared/sql';
import { OrderDirection } from '../friendship-relations/friendship-relation.inputs';
import { visibleResourceSql } from '../resources/resource.visibility';
import type { AccessGrant } from './access-grant.entity';
import type { AccessRequest } from './access-request.entity';
import type { AccessRequestStatus } from './access.enums';
import {
  AccessDirection,
  AccessRequestOrderField,
  type AccessGrantFilter,
  type AccessRequestFilter,
  type AccessRequestOrder,
} from './access.inputs';
import { accessGrantRows, accessRequestRows } from './access.rows';
import { CHINA_TODAY_SQL } from './working-days';

const OVERDUE_SQL = (alias: string) => `(${alias}.status = 'PENDING' and ${alias}.due_on < ${CHINA_TODAY_SQL})`;
const ACTIVE_SQL = (alias: string) => `(${alias}.revoked_at is null and (${alias}.expires_at is null or ${alias}.expires_at > now()))`;

const newestFirst = (alias: string): SortKey => ({ expr: `${alias}.id`, type: 'int', direction: 'desc' });

/** Restricts `query` (over access_request or access_grant) to one side of the caller's unit. */
function addDirection(query: ListQuery, viewer: MemberViewer, direction: AccessDirection, partyColumn: string) {
  if (direction === AccessDirection.ALL) {
    if (!viewer.hubAdmin) throw forbidden('Only hub admins can list every request and grant; use INCOMING or OUTGOING.', 'HUB_ADMIN_ONLY');
    return;
  }
  if (direction === AccessDirection.OUTGOING) {
    query.where.push(`${query.alias}.${partyColumn} = ?`);
  } else {
    query.where.push(`${query.alias}.resource_id in (select id from shared_resource where owner_unit_id = ?)`);
  }
  query.params.push(viewer.unitId);
}

/** A resource filter names a resource the caller can see; otherwise NOT_FOUND, like a missing one. */
async function visibleResourceId(em: EntityManager, viewer: Viewer, id: string, field: string): Promise<number> {
  const key = parseIntId(id, 'SharedResource', field);
  const visible = visibleResourceSql(viewer, 'r');
  const [row] = await queryRows(em, `select 1 as found from shared_resource r where r.id = ? and ${visible.sql}`, [key, ...visible.params]);
  if (!row) throw notFound(`No shared resource has the ID "${toGlobalId('SharedResource', key)}".`, 'OBJECT_NOT_FOUND', field);
  return key;
}

function addStatuses(query: ListQuery, statuses: readonly AccessRequestStatus[] | null | undefined) {
  if (!statuses?.length) return;
  query.where.push(`${query.alias}.status in (${statuses.map(() => '?').join(', ')})`);
  query.params.push(...statuses);
}

function requestSort(order: AccessRequestOrder | null | undefined): SortKey {
  const direction = order?.direction === OrderDirection.ASC ? 'asc' : 'desc';
  if (order?.field === AccessRequestOrderField.DUE_ON) return { expr: "(ar.due_on - date '2000-01-01')", type: 'int', direction };
  return { expr: 'ar.id', type: 'int', direction };
}

/** Access requests on one side of the caller's unit (or all of them, for hub admins). */
export async function listAccessRequests(
  em: EntityManager,
  viewer: Viewer,
  filter: AccessRequestFilter,
  order: AccessRequestOrder | null | undefined,
  args: ConnectionArgs,
  selection?: FieldSelection,
): Promise<Page<AccessRequest>> {
  const member = requireMember(viewer);
  const direction = filter.direction ?? AccessDirection.INCOMING;
  if (filter.overdue != null && direction === AccessDirection.OUTGOING) {
    throw badInput('"overdue" filters the requests your unit answers: use it with INCOMING (or ALL, for hub admins).', 'filter.overdue');
  }
  const { query, map } = accessRequestRows.listQuery(em, 'ar', selection);
  addDirection(query, member, direction, 'requester_unit_id');
  addStatuses(query, filter.status);
  if (filter.overdue != null) query.where.push(filter.overdue ? OVERDUE_SQL('ar') : `not ${OVERDUE_SQL('ar')}`);
  if (filter.resource != null) {
    query.where.push('ar.resource_id = ?');
    query.params.push(await visibleResourceId(em, member, filter.resource, 'filter.resource'));
  }
  return keysetPage(em, query, requestSort(order), args, map);
}

/** Access grants on one side of the caller's unit (or all of them, for hub admins). */
export async function listAccessGrants(
  em: EntityManager,
  viewer: Viewer,
  filter: AccessGrantFilter,
  args: ConnectionArgs,
  selection?: FieldSelection,
): Promise<Page<AccessGrant>> {
  const member = requireMember(viewer);
  const { query, map } = accessGrantRows.listQuery(em, 'g', selection);
  addDirection(query, member, filter.direction ?? AccessDirection.INCOMING, 'grantee_unit_id');
  if (filter.active != null) query.where.push(filter.active ? ACTIVE_SQL('g') : `not ${ACTIVE_SQL('g')}`);
  if (filter.resource != null) {
    query.where.push('g.resource_id = ?');
    query.params.push(await visibleResourceId(em, member, filter.resource, 'filter.resource'));
  }
  return keysetPage(em, query, newestFirst('g'), args, map);
}

/** The requests for one resource, newest first; batched across the resources of a page. */
export function listResourceRequests(
  em: EntityManager,
  loaders: PageLoaders,
  resourceId: number,
  statuses: readonly AccessRequestStatus[] | null | undefined,
  args: ConnectionArgs,
  selection?: FieldSelection,
): Promise<Page<AccessRequest>> {
  const { query, map } = accessRequestRows.listQuery(em, 'ar', selection);
  addStatuses(query, statuses);
  return childPage(loaders, em, { ...query, parentColumn: 'ar.resource_id' }, resourceId, newestFirst('ar'), args, map);
}

/** The grants on one resource, newest first; batched across the resources of a page. */
export function listResourceGrants(
  em: EntityManager,
  loaders: PageLoaders,
  resourceId: number,
  active: boolean | null | undefined,
  args: ConnectionArgs,
  selection?: FieldSelection,
): Promise<Page<AccessGrant>> {
  const { query, map } = accessGrantRows.listQuery(em, 'g', selection);
  if (active != null) query.where.push(active ? ACTIVE_SQL('g') : `not ${ACTIVE_SQL('g')}`);
  return childPage(loaders, em, { ...query, parentColumn: 'g.resource_id' }, resourceId, newestFirst('g'), args, map);
}
