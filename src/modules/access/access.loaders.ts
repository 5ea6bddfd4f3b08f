import DataLoader from 'dataloader';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { Viewer } from '../../auth/viewer';
import { refKey, type RowShape } from '../../shared/rows';
import { queryRows } from '../../shared/sql';
import { contentReadableSql } from '../resources/resource.visibility';
import type { SharingTier } from '../resources/resource.enums';
import type { AccessGrant } from './access-grant.entity';
import type { AccessRequest } from './access-request.entity';
import { accessGrantRows, accessRequestRows } from './access.rows';
import { visibleGrantSql, visibleRequestSql } from './access.visibility';

/**
 * What the caller's unit has to do with one resource, for the `access` field: every fact in one
 * statement for all the resources of a page, with `contentReadableSql` in that statement so that
 * the state and the content check agree at the same `now()`.
 */
export interface AccessFacts {
  id: number;
  ownerUnitId: number;
  ownerName: string;
  tier: SharingTier;
  contentReadable: boolean;
  pending: { id: number; dueOn: string } | null;
  activeGrant: { id: number; requestId: number | null } | null;
  /** The latest grant that ended, and whether it ran out (else it was revoked). */
  endedGrant: { id: number; endedAt: number; expired: boolean } | null;
  refused: { id: number; decidedAt: number } | null;
}

function accessFactsLoader(em: EntityManager, viewer: Viewer): DataLoader<number, AccessFacts | null> {
  const unitId = viewer.kind === 'member' ? viewer.unitId : null;
  const readable = contentReadableSql(viewer, 'r');
  const ms = (expr: string) => `(extract(epoch from ${expr}) * 1000)::float8`;
  const sql = `
    select r.id, r.owner_unit_id, r.tier, u.name_en as owner_name, ${readable.sql} as content_readable,
      pending.id as pending_id, pending.due_on as pending_due_on,
      active.id as active_id, active.request_id as active_request_id,
      ended.id as ended_id, ended.ended_at as ended_at, ended.expired as ended_expired,
      refused.id as refused_id, refused.decided_at as refused_at
    from shared_resource r join member_unit u on u.id = r.owner_unit_id
    left join lateral (
      select ar.id, ar.due_on from access_request ar
      where ar.resource_id = r.id and ar.requester_unit_id = ?::int and ar.status = 'PENDING' limit 1
    ) pending on true
    left join lateral (
      select g.id, g.request_id from access_grant g
      where g.resource_id = r.id and g.grantee_unit_id = ?::int and g.revoked_at is null
        and (g.expires_at is null or g.expires_at > now())
      order by g.id desc limit 1
    ) active on true
    left join lateral (
      select g.id, ${ms('least(g.revoked_at, g.expires_at)')} as ended_at,
        (g.expires_at is not null and g.expires_at <= coalesce(g.revoked_at, now())) as expired
      from access_grant g
      where g.resource_id = r.id and g.grantee_unit_id = ?::int and (g.revoked_at is not null or g.expires_at <= now())
      order by least(g.revoked_at, g.expires_at) desc, g.id desc limit 1
    ) ended on true
    left join lateral (
      select ar.id, ${ms('ar.decided_at')} as decided_at from access_request ar
      where ar.resource_id = r.id and ar.requester_unit_id = ?::int and ar.status = 'REFUSED'
      order by ar.decided_at desc, ar.id desc limit 1
    ) refused on true
    where r.id = any(?::int[])`;
  return new DataLoader<number, AccessFacts | null>(async (ids) => {
    const found = new Map<number, AccessFacts>();
    const rows = await queryRows(em, sql, [...readable.params, unitId, unitId, unitId, unitId, [...ids]]);
    for (const row of rows) {
      found.set(row.id as number, {
        id: row.id as number,
        ownerUnitId: row.owner_unit_id as number,
        ownerName: row.owner_name as string,
        tier: row.tier as SharingTier,
        contentReadable: row.content_readable === true,
        pending: row.pending_id == null ? null : { id: row.pending_id as number, dueOn: row.pending_due_on as string },
        activeGrant: row.active_id == null ? null : { id: row.active_id as number, requestId: (row.active_request_id as number) ?? null },
        endedGrant:
          row.ended_id == null
            ? null
            : { id: row.ended_id as number, endedAt: row.ended_at as number, expired: row.ended_expired === true },
        refused: row.refused_id == null ? null : { id: row.refused_id as number, decidedAt: row.refused_at as number },
      });
    }
    return ids.map((id) => found.get(id) ?? null);
  });
}

/** Requests or grants by id as the caller may see them (parties and hub admins); others load as null. */
function visibleRowsLoader<T extends object>(
  em: EntityManager,
  shape: RowShape<T>,
  table: string,
  visibility: { sql: string; params: unknown[] },
): DataLoader<number, T | null> {
  const plan = shape.plan(em);
  const sql =
    `select ${plan.select('t')} from ${table} t join shared_resource r on r.id = t.resource_id ` +
    `where t.id = any(?::int[]) and ${visibility.sql}`;
  return new DataLoader<number, T | null>(async (ids) => {
    if (visibility.sql === 'false') return ids.map(() => null);
    const rows = await queryRows(em, sql, [[...ids], ...visibility.params]);
    const found = new Map<number, T>();
    for (const row of rows) {
      const item = plan.map(row, 't');
      found.set((item as { id: number }).id, item);
    }
    return ids.map((id) => found.get(id) ?? null);
  });
}

/** The grant an approved request led to; the request's parties are the grant's. */
function grantsByRequestIdLoader(em: EntityManager): DataLoader<number, AccessGrant | null> {
  const plan = accessGrantRows.plan(em);
  const sql = `select ${plan.select('t')} from access_grant t where t.request_id = any(?::int[]) order by t.id`;
  return new DataLoader<number, AccessGrant | null>(async (requestIds) => {
    const rows = await queryRows(em, sql, [[...requestIds]]);
    const byRequest = new Map<number, AccessGrant>();
    for (const row of rows) {
      const grant = plan.map(row, 't');
      byRequest.set(refKey(grant.request)!, grant);
    }
    return requestIds.map((id) => byRequest.get(id) ?? null);
  });
}

/** Owner units of resources, for permission checks on objects that hold only a resource id. */
function resourceOwnersLoader(em: EntityManager): DataLoader<number, number | null> {
  return new DataLoader<number, number | null>(async (ids) => {
    const rows = await queryRows<{ id: number; owner_unit_id: number }>(
      em,
      'select id, owner_unit_id from shared_resource where id = any(?::int[])',
      [[...ids]],
    );
    const owners = new Map(rows.map((row) => [row.id, row.owner_unit_id]));
    return ids.map((id) => owners.get(id) ?? null);
  });
}

/** The access module's DataLoaders for one operation (see src/loaders.ts). */
export function createAccessLoaders(em: EntityManager, viewer: Viewer) {
  return {
    accessFactsByResourceId: accessFactsLoader(em, viewer),
    visibleRequestsById: visibleRowsLoader<AccessRequest>(em, accessRequestRows, 'access_request', visibleRequestSql(viewer, 't', 'r')),
    visibleGrantsById: visibleRowsLoader<AccessGrant>(em, accessGrantRows, 'access_grant', visibleGrantSql(viewer, 't', 'r')),
    grantsByRequestId: grantsByRequestIdLoader(em),
    resourceOwnersById: resourceOwnersLoader(em),
  };
}

export type AccessLoaders = ReturnType<typeof createAccessLoaders>;
