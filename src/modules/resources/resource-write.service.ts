import { createHash } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import { forbidden, requireWriter, type MemberViewer, type Viewer } from '../../auth/viewer';
import { badInput, conflict, InputErrors, notFound } from '../../errors';
import { parseIntId } from '../../shared/global-id';
import type { MutationAudit } from '../audit';
import { ResourceStatus, RevisionAction, SharingTier } from './resource.enums';
import { visibleResourceSql } from './resource.visibility';
import {
  apiValue,
  canonicalJson,
  checkReferences,
  checkWhole,
  isEmptyValue,
  LIMITS,
  normaliseFields,
  RESOURCE_FIELDS,
  sameValue,
  type ResourceField,
  type ResourceFieldsPatch,
  type ResourceValues,
} from './resource-write.validation';

/**
 * The write side of shared resources. Every function runs inside `audited(...)`, on its
 * transaction's EntityManager: permission checks first (so denials are audited), then the row
 * is locked before its version and status are judged, and every change appends a revision.
 */

export interface ContributeRequest extends ResourceFieldsPatch {
  kind: ResourceValues['kind'];
  tier: ResourceValues['tier'];
  publish?: boolean | null;
  owner?: string | null;
  idempotencyKey?: string | null;
}

export interface UpdateRequest extends ResourceFieldsPatch {
  id: string;
  expectedVersion: number;
}

export interface TransitionRequest {
  id: string;
  expectedVersion: number;
}

export interface WithdrawRequest extends TransitionRequest {
  reason: string;
}

const SUBJECT = 'SharedResource';

type Stored = 'text' | 'textArray' | 'int' | 'date' | 'json';

/** Where each field lives: a column of shared_resource, or a join table for the linked sets. */
const COLUMNS: Partial<Record<ResourceField, { column: string; type: Stored }>> = {
  kind: { column: 'kind', type: 'text' },
  tier: { column: 'tier', type: 'text' },
  titleZh: { column: 'title_zh', type: 'text' },
  titleEn: { column: 'title_en', type: 'text' },
  summaryZh: { column: 'summary_zh', type: 'text' },
  summaryEn: { column: 'summary_en', type: 'text' },
  bodyZh: { column: 'body_zh', type: 'text' },
  bodyEn: { column: 'body_en', type: 'text' },
  tags: { column: 'tags', type: 'textArray' },
  themes: { column: 'themes', type: 'textArray' },
  domesticLocality: { column: 'domestic_locality_id', type: 'int' },
  validFrom: { column: 'valid_from', type: 'date' },
  validUntil: { column: 'valid_until', type: 'date' },
  contact: { column: 'contact', type: 'json' },
  links: { column: 'links', type: 'json' },
  attachments: { column: 'attachments', type: 'json' },
  notSharedBasis: { column: 'not_shared_basis', type: 'text' },
};

const JOINS: Partial<Record<ResourceField, { table: string; column: string; cast: string }>> = {
  countries: { table: 'resource_country', column: 'country_code', cast: 'text' },
  foreignLocalities: { table: 'resource_locality', column: 'locality_id', cast: 'int' },
  relations: { table: 'resource_relation', column: 'relation_id', cast: 'int' },
};

// em.execute inlines values as literals; lists travel as JSON text, which arrays cannot mangle.
const PLACEHOLDER: Record<Stored, string> = {
  text: '?',
  textArray: 'array(select jsonb_array_elements_text(?::jsonb))',
  int: '?::int',
  date: '?::date',
  json: '?::jsonb',
};

const encode = (type: Stored, value: unknown) => (type === 'textArray' || (type === 'json' && value != null) ? JSON.stringify(value) : value ?? null);

/* ------------------------------------------------------------------------------------------ */
/* contribute                                                                                 */

/** Creates a resource, or returns the one an earlier call with the same idempotency key made. */
export async function contributeResource(
  em: EntityManager,
  viewer: Viewer,
  input: ContributeRequest,
  audit: MutationAudit,
): Promise<{ id: number; replayed: boolean }> {
  const member = requireWriter(viewer);
  const ownerUnitId = await contributingUnit(em, member, input.owner, audit);

  const errors = new InputErrors();
  const key = input.idempotencyKey ?? null;
  if (key != null) {
    errors.check(
      key.length > 0 && key.length <= LIMITS.idempotencyKey && !/[\u0000-\u001f]/.test(key),
      'input.idempotencyKey',
      `"idempotencyKey" must be 1 to ${LIMITS.idempotencyKey} characters without control characters.`,
    );
  }
  const given = normaliseFields(input, errors);
  const values = withDefaults(given);
  checkWhole(values, given, errors);
  await checkReferences(em, given, input, errors);
  errors.throwIfAny();

  const publish = input.publish === true;
  const fingerprint = key == null ? null : fingerprintOf(ownerUnitId, publish, values);
  if (key != null) {
    const earlier = await findByIdempotencyKey(em, member.accountId, key);
    if (earlier) return replay(earlier, fingerprint!, audit);
  }

  const columns = RESOURCE_FIELDS.filter((field) => COLUMNS[field]);
  const [row] = await em.execute<Array<{ id: number }>>(
    `insert into shared_resource (owner_unit_id, status, published_at, idempotency_key, idempotency_fingerprint, created_by_account_id, ` +
      `${columns.map((field) => COLUMNS[field]!.column).join(', ')}) ` +
      `values (?::int, ?, ${publish ? 'now()' : 'null'}, ?, ?, ?::int, ${columns.map((field) => PLACEHOLDER[COLUMNS[field]!.type]).join(', ')}) ` +
      // A concurrent twin with the same key waits here for the first to commit, then inserts
      // nothing (instead of failing the transaction) and replays what the first one made.
      `on conflict (created_by_account_id, idempotency_key) do nothing returning id`,
    [
      ownerUnitId,
      publish ? ResourceStatus.PUBLISHED : ResourceStatus.DRAFT,
      key,
      fingerprint,
      member.accountId,
      ...columns.map((field) => encode(COLUMNS[field]!.type, values[field])),
    ],
  );
  if (!row) {
    const earlier = await findByIdempotencyKey(em, member.accountId, key!);
    return replay(earlier!, fingerprint!, audit);
  }

  const id = row.id;
  audit.subject = { type: SUBJECT, id, ownerUnitId };
  for (const field of Object.keys(JOINS) as ResourceField[]) await insertLinks(em, id, field, values[field] as Array<string | number>);

  const set = RESOURCE_FIELDS.filter((field) => !isEmptyValue(values[field]));
  const changes = Object.fromEntries(set.map((field) => [field, { from: null, to: apiValue(field, values[field]) }]));
  if (publish) changes.status = { from: null, to: ResourceStatus.PUBLISHED };
  await appendRevision(em, member, id, 1, RevisionAction.CONTRIBUTED, changes);
  audit.detail = { tier: values.tier, status: publish ? ResourceStatus.PUBLISHED : ResourceStatus.DRAFT, replayed: false };
  return { id, replayed: false };
}

/** The owner of a contribution: the caller's unit, or for hub admins any unit they name. */
async function contributingUnit(em: EntityManager, member: MemberViewer, owner: string | null | undefined, audit: MutationAudit): Promise<number> {
  const unitId = owner == null ? member.unitId : parseIntId(owner, 'MemberUnit', 'input.owner');
  // Named before the check, so that a unit sees attempts to contribute in its name.
  audit.subject = { type: SUBJECT, id: null, ownerUnitId: unitId };
  if (unitId === member.unitId) return unitId;
  if (!member.hubAdmin) {
    throw forbidden('You can contribute only for your own unit; a hub admin can contribute on behalf of another unit.', 'OWN_UNIT_ONLY');
  }
  const [unit] = await em.execute<Array<{ id: number }>>('select id from member_unit where id = ?', [unitId]);
  if (!unit) {
    audit.subject = { type: SUBJECT, id: null, ownerUnitId: null };
    throw badInput(`No member unit has the ID "${owner}".`, 'input.owner', 'OBJECT_NOT_FOUND');
  }
  return unitId;
}

function withDefaults(given: Partial<ResourceValues>): ResourceValues {
  return {
    titleZh: null, titleEn: null, summaryZh: null, summaryEn: null, bodyZh: null, bodyEn: null,
    tags: [], themes: [], countries: [], foreignLocalities: [], relations: [], domesticLocality: null,
    validFrom: null, validUntil: null, contact: null, links: [], attachments: [], notSharedBasis: null,
    ...given,
  } as ResourceValues;
}

/** SHA-256 of the contribution as stored: the same resource asked for twice gives the same print. */
function fingerprintOf(ownerUnitId: number, publish: boolean, values: ResourceValues): string {
  const canonical = canonicalJson({
    owner: ownerUnitId,
    publish,
    ...Object.fromEntries(
      RESOURCE_FIELDS.map((field) => {
        const value = values[field];
        // The linked sets are sets: their order does not make another resource.
        return [field, Array.isArray(value) && JOINS[field] ? [...value].sort() : value];
      }),
    ),
  });
  return createHash('sha256').update(canonical).digest('hex');
}

interface KeyedResource {
  id: number;
  owner_unit_id: number;
  idempotency_fingerprint: string | null;
}

async function findByIdempotencyKey(em: EntityManager, accountId: number, key: string): Promise<KeyedResource | undefined> {
  const [row] = await em.execute<KeyedResource[]>(
    'select id, owner_unit_id, idempotency_fingerprint from shared_resource where created_by_account_id = ? and idempotency_key = ?',
    [accountId, key],
  );
  return row;
}

function replay(earlier: KeyedResource, fingerprint: string, audit: MutationAudit): { id: number; replayed: boolean } {
  audit.subject = { type: SUBJECT, id: earlier.id, ownerUnitId: earlier.owner_unit_id };
  if (earlier.idempotency_fingerprint !== fingerprint) {
    throw conflict(
      'This idempotency key was already used for a different contribution. Send the original input to get that resource back, or use a new key for a new resource.',
      'IDEMPOTENCY_KEY_REUSED',
      'input.idempotencyKey',
    );
  }
  audit.detail = { replayed: true };
  return { id: earlier.id, replayed: true };
}

/* ------------------------------------------------------------------------------------------ */
/* update, publish, withdraw                                                                  */

interface LockedResource {
  id: number;
  ownerUnitId: number;
  status: ResourceStatus;
  version: number;
  withdrawalReason: string | null;
  values: ResourceValues;
}

/**
 * Locks a resource the caller can see (`select … for update`); one it cannot see is NOT_FOUND
 * with the same message as one that does not exist. A visible one it may not change is FORBIDDEN.
 */
async function lockForChange(em: EntityManager, member: MemberViewer, id: string, audit: MutationAudit): Promise<LockedResource> {
  const key = parseIntId(id, SUBJECT, 'input.id');
  audit.subject = { type: SUBJECT, id: key, ownerUnitId: null };
  const visible = visibleResourceSql(member, 'r');
  const [row] = await em.execute<Array<Record<string, any>>>(
    `select r.*,
       array(select c.country_code::text from resource_country c where c.resource_id = r.id order by 1) as linked_countries,
       array(select l.locality_id from resource_locality l where l.resource_id = r.id order by 1) as linked_localities,
       array(select x.relation_id from resource_relation x where x.resource_id = r.id order by 1) as linked_relations
     from shared_resource r where r.id = ? and ${visible.sql} for update of r`,
    [key, ...visible.params],
  );
  if (!row) throw notFound(`No shared resource has the ID "${id}".`, 'OBJECT_NOT_FOUND', 'input.id');
  audit.subject = { type: SUBJECT, id: key, ownerUnitId: row.owner_unit_id };
  if (!member.hubAdmin && member.unitId !== row.owner_unit_id) {
    throw forbidden("Only an EDITOR or ADMIN of the resource's owner unit, or a hub admin, can change it.", 'NOT_OWNER');
  }
  return {
    id: key,
    ownerUnitId: row.owner_unit_id,
    status: row.status,
    version: row.version,
    withdrawalReason: row.withdrawal_reason,
    values: {
      kind: row.kind,
      tier: row.tier,
      titleZh: row.title_zh,
      titleEn: row.title_en,
      summaryZh: row.summary_zh,
      summaryEn: row.summary_en,
      bodyZh: row.body_zh,
      bodyEn: row.body_en,
      tags: row.tags,
      themes: row.themes,
      countries: row.linked_countries,
      foreignLocalities: row.linked_localities,
      relations: row.linked_relations,
      domesticLocality: row.domestic_locality_id,
      validFrom: row.valid_from,
      validUntil: row.valid_until,
      contact: row.contact,
      links: row.links,
      attachments: row.attachments,
      notSharedBasis: row.not_shared_basis,
    },
  };
}

function checkVersion(resource: LockedResource, expected: number): void {
  if (resource.version !== expected) {
    throw conflict(
      `The resource has changed since you read it: it is at version ${resource.version}, not ${expected}. Read it again, then retry with expectedVersion ${resource.version}.`,
      'STALE_VERSION',
      'input.expectedVersion',
    );
  }
}

/** Changes the fields given; the others stay. A change that changes nothing stores nothing. */
export async function updateResource(em: EntityManager, viewer: Viewer, input: UpdateRequest, audit: MutationAudit): Promise<number> {
  const member = requireWriter(viewer);
  const resource = await lockForChange(em, member, input.id, audit);
  checkVersion(resource, input.expectedVersion);

  const errors = new InputErrors();
  const given = normaliseFields(input, errors);
  const next: ResourceValues = { ...resource.values, ...given };
  // Leaving NOT_SHARED drops the basis that only made sense there.
  if (next.tier !== SharingTier.NOT_SHARED && given.notSharedBasis === undefined) next.notSharedBasis = null;
  checkWhole(next, given, errors);
  await checkReferences(em, given, input, errors);
  errors.throwIfAny();

  const changed = RESOURCE_FIELDS.filter((field) => !sameValue(field, resource.values[field], next[field]));
  if (!changed.length) {
    audit.detail = { changedFields: [], version: resource.version };
    return resource.id;
  }
  const columns = changed.filter((field) => COLUMNS[field]);
  const version = resource.version + 1;
  await em.execute(
    `update shared_resource set ${columns.map((field) => `${COLUMNS[field]!.column} = ${PLACEHOLDER[COLUMNS[field]!.type]}, `).join('')}` +
      `version = ?::int, updated_at = now() where id = ?`,
    [...columns.map((field) => encode(COLUMNS[field]!.type, next[field])), version, resource.id],
  );
  for (const field of changed.filter((field) => JOINS[field])) {
    const join = JOINS[field]!;
    await em.execute(`delete from ${join.table} where resource_id = ?`, [resource.id]);
    await insertLinks(em, resource.id, field, next[field] as Array<string | number>);
  }
  const changes = Object.fromEntries(
    changed.map((field) => [field, { from: apiValue(field, resource.values[field]), to: apiValue(field, next[field]) }]),
  );
  await appendRevision(em, member, resource.id, version, RevisionAction.UPDATED, changes);
  audit.detail = { changedFields: changed, version };
  return resource.id;
}

/** DRAFT or WITHDRAWN → PUBLISHED. */
export async function publishResource(em: EntityManager, viewer: Viewer, input: TransitionRequest, audit: MutationAudit): Promise<number> {
  const member = requireWriter(viewer);
  const resource = await lockForChange(em, member, input.id, audit);
  checkVersion(resource, input.expectedVersion);
  if (resource.status === ResourceStatus.PUBLISHED) {
    throw conflict('The resource is already PUBLISHED.', 'INVALID_TRANSITION', 'input.id');
  }
  const version = resource.version + 1;
  await em.execute(
    `update shared_resource set status = 'PUBLISHED', published_at = now(), withdrawn_at = null, withdrawal_reason = null,
       version = ?::int, updated_at = now() where id = ?`,
    [version, resource.id],
  );
  const changes: Record<string, { from: unknown; to: unknown }> = { status: { from: resource.status, to: ResourceStatus.PUBLISHED } };
  if (resource.withdrawalReason != null) changes.withdrawalReason = { from: resource.withdrawalReason, to: null };
  await appendRevision(em, member, resource.id, version, RevisionAction.PUBLISHED, changes);
  audit.detail = { from: resource.status, to: ResourceStatus.PUBLISHED, version };
  return resource.id;
}

/** PUBLISHED → WITHDRAWN, with a reason. */
export async function withdrawResource(em: EntityManager, viewer: Viewer, input: WithdrawRequest, audit: MutationAudit): Promise<number> {
  const member = requireWriter(viewer);
  const resource = await lockForChange(em, member, input.id, audit);
  checkVersion(resource, input.expectedVersion);
  const reason = input.reason.trim();
  new InputErrors()
    .check(reason.length > 0, 'input.reason', 'Say why the resource is withdrawn ("reason" is blank).')
    .check(reason.length <= LIMITS.reason, 'input.reason', `"reason" is longer than ${LIMITS.reason.toLocaleString('en')} characters.`)
    .throwIfAny();
  if (resource.status !== ResourceStatus.PUBLISHED) {
    throw conflict(`Only a PUBLISHED resource can be withdrawn; this one is ${resource.status}.`, 'INVALID_TRANSITION', 'input.id');
  }
  const version = resource.version + 1;
  await em.execute(
    `update shared_resource set status = 'WITHDRAWN', withdrawn_at = now(), withdrawal_reason = ?,
       version = ?::int, updated_at = now() where id = ?`,
    [reason, version, resource.id],
  );
  await appendRevision(em, member, resource.id, version, RevisionAction.WITHDRAWN, {
    status: { from: resource.status, to: ResourceStatus.WITHDRAWN },
    withdrawalReason: { from: null, to: reason },
  });
  audit.detail = { from: resource.status, to: ResourceStatus.WITHDRAWN, version };
  return resource.id;
}

/* ------------------------------------------------------------------------------------------ */

async function insertLinks(em: EntityManager, resourceId: number, field: ResourceField, keys: Array<string | number>): Promise<void> {
  if (!keys.length) return;
  const join = JOINS[field]!;
  await em.execute(
    `insert into ${join.table} (resource_id, ${join.column}) select ?::int, value::${join.cast} from jsonb_array_elements_text(?::jsonb)`,
    [resourceId, JSON.stringify(keys)],
  );
}

/** `changes` maps each changed field to its old and new value; changed_fields lists them. */
async function appendRevision(
  em: EntityManager,
  member: MemberViewer,
  resourceId: number,
  version: number,
  action: RevisionAction,
  changes: Record<string, { from: unknown; to: unknown }>,
): Promise<void> {
  await em.execute(
    `insert into resource_revision (resource_id, version, action, changed_fields, changes, account_id, unit_id)
     values (?::int, ?::int, ?, array(select jsonb_array_elements_text(?::jsonb)), ?::jsonb, ?::int, ?::int)`,
    [resourceId, version, action, JSON.stringify(Object.keys(changes)), JSON.stringify(changes), member.accountId, member.unitId],
  );
}
