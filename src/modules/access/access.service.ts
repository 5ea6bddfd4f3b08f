import type { EntityManager } from '@mikro-orm/postgresql';
import { forbidden, requireMember, requireWriter, type MemberViewer, type Viewer } from '../../auth/viewer';
import { conflict, InputErrors, notFound } from '../../errors';
import { parseIntId, toGlobalId } from '../../shared/global-id';
import type { MutationAudit } from '../audit/audit.service';
import { SharingTier } from '../resources/resource.enums';
import { visibleResourceSql } from '../resources/resource.visibility';
import { AccessRequestStatus } from './access.enums';
import { PURPOSE_MAX_LENGTH, PURPOSE_MIN_LENGTH, REASON_MAX_LENGTH } from './access.limits';
import { speaksForOwner, visibleGrantSql, visibleRequestSql } from './access.visibility';
import { accessRequestDueOn } from './working-days';

/**
 * The rules of applying for and granting access to CONDITIONAL resources. Every function runs
 * inside `audited(...)` on its transaction's `em`: it checks the caller's rights there (so that
 * denials are recorded), locks the rows it checks before changing them, and names its subject in
 * `audit` as soon as it knows it. Locks are always taken resource first, then request or grant.
 */

type Row = Record<string, unknown>;

async function rows<T extends Row>(em: EntityManager, sql: string, params: unknown[]): Promise<T[]> {
  return (await em.execute(sql, params, 'all')) as T[];
}

/** Code points, so that a Chinese purpose of ten characters counts as ten. */
const characters = (value: string) => [...value].length;

export interface AccessRules {
  /** Working days (Chinese calendar) the owner has to answer a request. */
  dueWorkingDays: number;
}

interface LockedResource extends Row {
  id: number;
  owner_unit_id: number;
  tier: SharingTier;
  status: string;
  now_ms: number;
}

const resourceNotFound = (id: number, field: string) =>
  notFound(`No shared resource has the ID "${toGlobalId('SharedResource', id)}".`, 'OBJECT_NOT_FOUND', field);

/** The resource if the caller may see it (an invisible one is NOT_FOUND like a missing one), locked. */
async function lockVisibleResource(em: EntityManager, viewer: Viewer, id: number, field: string): Promise<LockedResource> {
  const visible = visibleResourceSql(viewer, 'r');
  const [row] = await rows<LockedResource>(
    em,
    `select r.id, r.owner_unit_id, r.tier, r.status, (extract(epoch from now()) * 1000)::float8 as now_ms
     from shared_resource r where r.id = ? and ${visible.sql} for no key update`,
    [id, ...visible.params],
  );
  if (!row) throw resourceNotFound(id, field);
  return row;
}

/** Deciding on requests and granting: the owner unit's EDITORs and ADMINs, and hub admins. */
function requireOwnerWriter(viewer: Viewer, ownerUnitId: number, message: string): MemberViewer {
  const member = requireWriter(viewer);
  if (!speaksForOwner(member, ownerUnitId)) throw forbidden(message, 'OWNER_ONLY');
  return member;
}

function checkExpiry(expiresAt: Date | null | undefined, errors: InputErrors, field: string) {
  if (expiresAt != null) errors.check(expiresAt.getTime() > Date.now(), field, 'The expiry must be in the future.');
}

/** An active grant of `unitId` on the resource: neither revoked nor expired at this moment. */
async function activeGrantId(em: EntityManager, resourceId: number, unitId: number): Promise<number | null> {
  const [row] = await rows<{ id: number }>(
    em,
    `select id from access_grant where resource_id = ? and grantee_unit_id = ? and revoked_at is null
       and (expires_at is null or expires_at > now()) limit 1`,
    [resourceId, unitId],
  );
  return row?.id ?? null;
}

async function pendingRequest(em: EntityManager, resourceId: number, unitId: number): Promise<{ id: number; due_on: string } | null> {
  const [row] = await rows<{ id: number; due_on: string }>(
    em,
    `select id, due_on from access_request where resource_id = ? and requester_unit_id = ? and status = 'PENDING' for update`,
    [resourceId, unitId],
  );
  return row ?? null;
}

async function insertGrant(
  em: EntityManager,
  grant: { resourceId: number; unitId: number; requestId: number | null; accountId: number; expiresAt?: Date | null },
): Promise<number> {
  const [row] = await rows<{ id: number }>(
    em,
    `insert into access_grant (resource_id, grantee_unit_id, request_id, granted_by_account_id, expires_at)
     values (?, ?, ?, ?, ?) returning id`,
    [grant.resourceId, grant.unitId, grant.requestId, grant.accountId, grant.expiresAt ?? null],
  );
  return row.id;
}

async function markApproved(em: EntityManager, requestId: number, accountId: number, note: string | null = null): Promise<void> {
  await em.execute(
    `update access_request set status = 'APPROVED', decided_at = now(), decided_by_account_id = ?, decision_note = ? where id = ?`,
    [accountId, note, requestId],
  );
}

export interface RequestAccessCommand {
  resource: string;
  purpose: string;
}

/** A member unit applies to read a PUBLISHED CONDITIONAL resource of another unit. */
export async function requestAccess(
  em: EntityManager,
  viewer: Viewer,
  input: RequestAccessCommand,
  audit: MutationAudit,
  rules: AccessRules,
): Promise<{ requestId: number; resourceId: number }> {
  requireMember(viewer);
  const resourceId = parseIntId(input.resource, 'SharedResource', 'input.resource');
  audit.subject = { type: 'SharedResource', id: resourceId };
  const member = requireWriter(viewer);
  const purpose = input.purpose.trim();
  new InputErrors()
    .check(
      characters(purpose) >= PURPOSE_MIN_LENGTH && characters(purpose) <= PURPOSE_MAX_LENGTH,
      'input.purpose',
      `State the purpose in ${PURPOSE_MIN_LENGTH} to ${PURPOSE_MAX_LENGTH} characters (got ${characters(purpose)}).`,
    )
    .throwIfAny();

  const resource = await lockVisibleResource(em, member, resourceId, 'input.resource');
  audit.subject.ownerUnitId = resource.owner_unit_id;
  if (resource.owner_unit_id === member.unitId) {
    throw conflict('Your unit owns this resource and reads its content already.', 'OWN_RESOURCE', 'input.resource');
  }
  if (member.hubAdmin) throw conflict('Hub admins read the content of every resource already.', 'ALREADY_READABLE', 'input.resource');
  if (resource.tier !== SharingTier.CONDITIONAL) {
    throw conflict(`This resource is ${resource.tier}: every member unit reads its content without applying.`, 'ALREADY_READABLE', 'input.resource');
  }
  // Only the owner and hub admins see an unpublished resource, and both were answered above.
  const pending = await pendingRequest(em, resourceId, member.unitId);
  if (pending) {
    throw conflict(
      `Your unit already has a pending request for this resource, due for an answer on ${pending.due_on}; wait for it or cancel it first.`,
      'REQUEST_PENDING',
      'input.resource',
    );
  }
  if (await activeGrantId(em, resourceId, member.unitId)) {
    throw conflict('Your unit already holds a grant for this resource and can read its content.', 'ALREADY_GRANTED', 'input.resource');
  }

  const dueOn = accessRequestDueOn(new Date(resource.now_ms), rules.dueWorkingDays);
  const [created] = await rows<{ id: number }>(
    em,
    `insert into access_request (resource_id, requester_unit_id, requester_account_id, purpose, due_on)
     values (?, ?, ?, ?, ?::date) returning id`,
    [resourceId, member.unitId, member.accountId, purpose, dueOn],
  );
  audit.detail = { request: created.id, dueOn };
  return { requestId: created.id, resourceId };
}

interface LockedRequest extends Row {
  id: number;
  resource_id: number;
  requester_unit_id: number;
  status: AccessRequestStatus;
  decided_at: string | null;
  owner_unit_id: number;
}

const requestNotFound = (id: number) =>
  notFound(`No access request has the ID "${toGlobalId('AccessRequest', id)}".`, 'OBJECT_NOT_FOUND', 'input.request');

/** The request (and its resource) locked, if the caller may see it; NOT_FOUND otherwise. */
async function lockVisibleRequest(em: EntityManager, viewer: Viewer, id: number, audit: MutationAudit): Promise<LockedRequest> {
  await em.execute(`select id from shared_resource where id = (select resource_id from access_request where id = ?) for no key update`, [id]);
  const visible = visibleRequestSql(viewer, 'ar', 'r');
  const [row] = await rows<LockedRequest>(
    em,
    `select ar.id, ar.resource_id, ar.requester_unit_id, ar.status, ar.decided_at, r.owner_unit_id
     from access_request ar join shared_resource r on r.id = ar.resource_id
     where ar.id = ? and ${visible.sql} for update of ar`,
    [id, ...visible.params],
  );
  if (!row) throw requestNotFound(id);
  audit.subject = { type: 'AccessRequest', id, ownerUnitId: row.owner_unit_id };
  audit.detail = { ...audit.detail, resource: row.resource_id, requesterUnit: row.requester_unit_id };
  return row;
}

function requirePending(request: LockedRequest) {
  if (request.status !== AccessRequestStatus.PENDING) {
    const when = request.decided_at ? ` on ${String(request.decided_at).slice(0, 10)}` : '';
    throw conflict(`This request is no longer pending: it was ${request.status.toLowerCase()}${when}.`, 'REQUEST_NOT_PENDING', 'input.request');
  }
}

const DECIDERS = "Only an EDITOR or ADMIN of the resource's owner unit, or a hub admin, can decide on access requests.";

export interface ApproveAccessRequestCommand {
  request: string;
  expiresAt?: Date | null;
  note?: string | null;
}

/** The owner approves a pending request: the requesting unit gets a grant at once. */
export async function approveAccessRequest(
  em: EntityManager,
  viewer: Viewer,
  input: ApproveAccessRequestCommand,
  audit: MutationAudit,
): Promise<{ requestId: number; grantId: number }> {
  requireMember(viewer);
  const requestId = parseIntId(input.request, 'AccessRequest', 'input.request');
  audit.subject = { type: 'AccessRequest', id: requestId };
  const note = input.note?.trim() || null;
  const errors = new InputErrors();
  checkExpiry(input.expiresAt, errors, 'input.expiresAt');
  errors.check(note == null || characters(note) <= REASON_MAX_LENGTH, 'input.note', `Keep the note within ${REASON_MAX_LENGTH} characters.`);
  errors.throwIfAny();

  const request = await lockVisibleRequest(em, viewer, requestId, audit);
  const member = requireOwnerWriter(viewer, request.owner_unit_id, DECIDERS);
  requirePending(request);
  // Cannot normally happen (grantAccess answers a pending request); a grant made meanwhile wins.
  if (await activeGrantId(em, request.resource_id, request.requester_unit_id)) {
    throw conflict('The requesting unit already holds a grant for this resource; refuse or cancel the request instead.', 'ALREADY_GRANTED', 'input.request');
  }
  await markApproved(em, requestId, member.accountId, note);
  const grantId = await insertGrant(em, {
    resourceId: request.resource_id,
    unitId: request.requester_unit_id,
    requestId,
    accountId: member.accountId,
    expiresAt: input.expiresAt,
  });
  audit.detail = { ...audit.detail, grant: grantId, expiresAt: input.expiresAt?.toISOString() ?? null, note };
  return { requestId, grantId };
}

export interface RefuseAccessRequestCommand {
  request: string;
  reason: string;
}

/** The owner refuses a pending request, saying why. */
export async function refuseAccessRequest(
  em: EntityManager,
  viewer: Viewer,
  input: RefuseAccessRequestCommand,
  audit: MutationAudit,
): Promise<{ requestId: number }> {
  requireMember(viewer);
  const requestId = parseIntId(input.request, 'AccessRequest', 'input.request');
  audit.subject = { type: 'AccessRequest', id: requestId };
  const reason = input.reason.trim();
  new InputErrors()
    .check(reason.length > 0, 'input.reason', 'Give the requesting unit a reason for the refusal.')
    .check(characters(reason) <= REASON_MAX_LENGTH, 'input.reason', `Keep the reason within ${REASON_MAX_LENGTH} characters.`)
    .throwIfAny();

  const request = await lockVisibleRequest(em, viewer, requestId, audit);
  const member = requireOwnerWriter(viewer, request.owner_unit_id, DECIDERS);
  requirePending(request);
  await em.execute(
    `update access_request set status = 'REFUSED', decided_at = now(), decided_by_account_id = ?, refusal_reason = ? where id = ?`,
    [member.accountId, reason, requestId],
  );
  return { requestId };
}

/** The requesting unit withdraws its pending request. */
export async function cancelAccessRequest(
  em: EntityManager,
  viewer: Viewer,
  input: { request: string },
  audit: MutationAudit,
): Promise<{ requestId: number }> {
  requireMember(viewer);
  const requestId = parseIntId(input.request, 'AccessRequest', 'input.request');
  audit.subject = { type: 'AccessRequest', id: requestId };
  const request = await lockVisibleRequest(em, viewer, requestId, audit);
  const member = requireWriter(viewer);
  if (member.unitId !== request.requester_unit_id) {
    throw forbidden('Only the unit that made a request can cancel it; the owner refuses it instead.', 'REQUESTER_ONLY');
  }
  requirePending(request);
  await em.execute(
    `update access_request set status = 'CANCELLED', decided_at = now(), decided_by_account_id = ? where id = ?`,
    [member.accountId, requestId],
  );
  return { requestId };
}

export interface GrantAccessCommand {
  resource: string;
  unit: string;
  expiresAt?: Date | null;
}

/**
 * The owner lets a unit read a CONDITIONAL resource without waiting for it to apply. A pending
 * request of that unit is approved by the grant.
 */
export async function grantAccess(
  em: EntityManager,
  viewer: Viewer,
  input: GrantAccessCommand,
  audit: MutationAudit,
): Promise<{ grantId: number; requestId: number | null }> {
  requireMember(viewer);
  const resourceId = parseIntId(input.resource, 'SharedResource', 'input.resource');
  audit.subject = { type: 'SharedResource', id: resourceId };
  const unitId = parseIntId(input.unit, 'MemberUnit', 'input.unit');
  const errors = new InputErrors();
  checkExpiry(input.expiresAt, errors, 'input.expiresAt');
  errors.throwIfAny();

  const resource = await lockVisibleResource(em, viewer, resourceId, 'input.resource');
  audit.subject.ownerUnitId = resource.owner_unit_id;
  audit.detail = { granteeUnit: unitId };
  const member = requireOwnerWriter(viewer, resource.owner_unit_id, "Only an EDITOR or ADMIN of the resource's owner unit, or a hub admin, can grant access to it.");
  if (resource.tier === SharingTier.PUBLIC || resource.tier === SharingTier.UNCONDITIONAL) {
    throw conflict(`This resource is ${resource.tier}: every member unit reads its content without a grant.`, 'ALREADY_READABLE', 'input.resource');
  }
  if (resource.tier === SharingTier.NOT_SHARED) {
    throw conflict('A NOT_SHARED resource cannot be granted; make it CONDITIONAL first.', 'NOT_SHARED', 'input.resource');
  }
  const [unit] = await rows<{ id: number }>(em, 'select id from member_unit where id = ?', [unitId]);
  if (!unit) throw notFound(`No member unit has the ID "${toGlobalId('MemberUnit', unitId)}".`, 'OBJECT_NOT_FOUND', 'input.unit');
  if (unitId === resource.owner_unit_id) {
    throw conflict('The owner unit reads its own resources without a grant.', 'ALREADY_READABLE', 'input.unit');
  }
  if (await activeGrantId(em, resourceId, unitId)) {
    throw conflict('This unit already holds a grant for this resource; revoke it first to change its terms.', 'ALREADY_GRANTED', 'input.unit');
  }
  const pending = await pendingRequest(em, resourceId, unitId);
  if (pending) await markApproved(em, pending.id, member.accountId);
  const grantId = await insertGrant(em, { resourceId, unitId, requestId: pending?.id ?? null, accountId: member.accountId, expiresAt: input.expiresAt });
  // What was made is the grant: its activity is addressed to the owner and the granted unit, not to the granter's.
  audit.subject = { type: 'AccessGrant', id: grantId, ownerUnitId: resource.owner_unit_id };
  audit.detail = { ...audit.detail, grant: grantId, request: pending?.id ?? null, expiresAt: input.expiresAt?.toISOString() ?? null };
  return { grantId, requestId: pending?.id ?? null };
}

export interface RevokeAccessGrantCommand {
  grant: string;
  reason?: string | null;
}

/** The owner ends a grant at once: the grantee cannot read the content from its next request on. */
export async function revokeAccessGrant(
  em: EntityManager,
  viewer: Viewer,
  input: RevokeAccessGrantCommand,
  audit: MutationAudit,
): Promise<{ grantId: number }> {
  requireMember(viewer);
  const grantId = parseIntId(input.grant, 'AccessGrant', 'input.grant');
  audit.subject = { type: 'AccessGrant', id: grantId };
  const reason = input.reason?.trim() || null;
  new InputErrors()
    .check(reason == null || characters(reason) <= REASON_MAX_LENGTH, 'input.reason', `Keep the reason within ${REASON_MAX_LENGTH} characters.`)
    .throwIfAny();

  await em.execute(`select id from shared_resource where id = (select resource_id from access_grant where id = ?) for no key update`, [grantId]);
  const visible = visibleGrantSql(viewer, 'g', 'r');
  const [grant] = await rows<{ resource_id: number; grantee_unit_id: number; owner_unit_id: number; revoked: boolean; expired: boolean }>(
    em,
    `select g.resource_id, g.grantee_unit_id, r.owner_unit_id, g.revoked_at is not null as revoked,
       (g.expires_at is not null and g.expires_at <= now()) as expired
     from access_grant g join shared_resource r on r.id = g.resource_id
     where g.id = ? and ${visible.sql} for update of g`,
    [grantId, ...visible.params],
  );
  if (!grant) throw notFound(`No access grant has the ID "${toGlobalId('AccessGrant', grantId)}".`, 'OBJECT_NOT_FOUND', 'input.grant');
  audit.subject = { type: 'AccessGrant', id: grantId, ownerUnitId: grant.owner_unit_id };
  audit.detail = { resource: grant.resource_id, granteeUnit: grant.grantee_unit_id, reason };
  const member = requireOwnerWriter(viewer, grant.owner_unit_id, "Only an EDITOR or ADMIN of the resource's owner unit, or a hub admin, can revoke its grants.");
  if (grant.revoked) throw conflict('This grant has already been revoked.', 'GRANT_NOT_ACTIVE', 'input.grant');
  if (grant.expired) throw conflict('This grant has already expired; there is nothing to revoke.', 'GRANT_NOT_ACTIVE', 'input.grant');
  await em.execute(
    `update access_grant set revoked_at = now(), revoked_by_account_id = ?, revocation_reason = ? where id = ?`,
    [member.accountId, reason, grantId],
  );
  return { grantId };
}
