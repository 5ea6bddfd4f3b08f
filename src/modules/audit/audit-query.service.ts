import type { EntityManager } from '@mikro-orm/postgresql';
import { unauthenticated, type Viewer } from '../../auth/viewer';
import { AppError, InputErrors } from '../../errors';
import type { ConnectionArgs, Page } from '../../shared/connection';
import { decodeGlobalId, parseIntId } from '../../shared/global-id';
import { keysetPage, type ListQuery } from '../../shared/pagination';
import type { FieldSelection } from '../../shared/selection';
import { queryRows } from '../../shared/sql';
import { nodeFetcher, textNodeFetcher } from '../node/node-types';
import type { AuditEntry, AuditOutcome } from './audit-entry.entity';
import { auditEntryRows } from './audit.rows';

/**
 * Reading the audit trail. Hub admins read all of it; any other member reads the entries about
 * its own unit's data (`subject_owner_unit_id`): who read or touched what the unit owns, denied
 * attempts included. Anonymous callers read nothing.
 */

const LIST_MAX = 100;
const TEXT_MAX = 100;

/** The filter as the client sent it (IDs still global). */
export interface AuditLogFilterValues {
  accounts?: string[] | null;
  units?: string[] | null;
  actions?: string[] | null;
  outcomes?: AuditOutcome[] | null;
  subjectType?: string | null;
  subject?: string | null;
  since?: Date | null;
  until?: Date | null;
}

export interface AuditCriteria {
  accounts?: number[];
  units?: number[];
  actions?: string[];
  outcomes?: AuditOutcome[];
  subjectType?: string;
  subjectId?: string;
  since?: Date;
  until?: Date;
}

/** True when `type` names objects of ours, so that an entry's subject id is shown as their global ID. */
export function isNodeType(type: string | null | undefined): type is string {
  return type != null && (nodeFetcher(type) != null || textNodeFetcher(type) != null);
}

function decodeIds(errors: InputErrors, ids: string[] | null | undefined, type: string, field: string): number[] | undefined {
  if (ids == null) return undefined;
  errors.check(ids.length <= LIST_MAX, field, `"${field}" may list at most ${LIST_MAX} IDs, got ${ids.length}.`);
  const keys: number[] = [];
  for (const id of ids) {
    try {
      keys.push(parseIntId(id, type, field));
    } catch (error) {
      if (!(error instanceof AppError)) throw error;
      errors.add(field, error.message);
    }
  }
  return keys;
}

/**
 * Checks a client's filter. IDs must be well-formed but need not name existing objects: the
 * trail outlives what it mentions, and an ID of nothing simply matches no entry.
 */
export function auditCriteria(filter: AuditLogFilterValues = {}): AuditCriteria {
  const errors = new InputErrors();
  const criteria: AuditCriteria = {
    accounts: decodeIds(errors, filter.accounts, 'Account', 'filter.accounts'),
    units: decodeIds(errors, filter.units, 'MemberUnit', 'filter.units'),
  };
  if (filter.actions != null) {
    errors.check(filter.actions.length <= LIST_MAX, 'filter.actions', `"filter.actions" may list at most ${LIST_MAX} actions.`);
    errors.check(
      filter.actions.every((action) => action.length <= TEXT_MAX),
      'filter.actions',
      `An action name has at most ${TEXT_MAX} characters.`,
    );
    criteria.actions = filter.actions;
  }
  if (filter.outcomes != null) criteria.outcomes = filter.outcomes;
  if (filter.subjectType != null) {
    errors.check(filter.subjectType.length <= TEXT_MAX, 'filter.subjectType', `"filter.subjectType" has at most ${TEXT_MAX} characters.`);
    criteria.subjectType = filter.subjectType;
  }
  if (filter.subject != null) {
    errors.check(filter.subject.length <= 200, 'filter.subject', '"filter.subject" has at most 200 characters.');
    // The global ID of one of our objects names both its type and its key; anything else is a raw id.
    const decoded = decodeGlobalId(filter.subject);
    if (decoded && isNodeType(decoded.type)) {
      errors.check(
        criteria.subjectType == null || criteria.subjectType === decoded.type,
        'filter.subjectType',
        `"filter.subject" is a ${decoded.type} ID but "filter.subjectType" says ${criteria.subjectType}.`,
      );
      criteria.subjectType = decoded.type;
      criteria.subjectId = decoded.key;
    } else {
      criteria.subjectId = filter.subject;
    }
  }
  if (filter.since != null) criteria.since = filter.since;
  if (filter.until != null) criteria.until = filter.until;
  errors.check(
    criteria.since == null || criteria.until == null || criteria.since < criteria.until,
    'filter.since',
    '"filter.since" must be earlier than "filter.until".',
  );
  errors.throwIfAny();
  return criteria;
}

/** The entries `viewer` may read, as a condition on `audit_entry a`; UNAUTHENTICATED for anonymous callers. */
export function auditScopeSql(viewer: Viewer, alias: string): { sql: string; params: unknown[] } {
  if (viewer.kind !== 'member') throw unauthenticated('Sign in to read the audit trail: send "Authorization: Bearer <token>".');
  if (viewer.hubAdmin) return { sql: 'true', params: [] };
  return { sql: `${alias}.subject_owner_unit_id = ?`, params: [viewer.unitId] };
}

function addConditions(query: ListQuery, viewer: Viewer, criteria: AuditCriteria): ListQuery {
  const { where, params } = query;
  const a = query.alias;
  const scope = auditScopeSql(viewer, a);
  where.push(scope.sql);
  params.push(...scope.params);
  const add = (sql: string, value: unknown) => {
    where.push(sql);
    params.push(value);
  };
  if (criteria.accounts) add(`${a}.account_id = any(?::int[])`, criteria.accounts);
  if (criteria.units) add(`${a}.unit_id = any(?::int[])`, criteria.units);
  if (criteria.actions) add(`${a}.action = any(?::text[])`, criteria.actions);
  if (criteria.outcomes) add(`${a}.outcome = any(?::text[])`, criteria.outcomes);
  if (criteria.subjectType != null) add(`${a}.subject_type = ?`, criteria.subjectType);
  if (criteria.subjectId != null) add(`${a}.subject_id = ?`, criteria.subjectId);
  if (criteria.since) add(`${a}.occurred_at >= ?`, criteria.since);
  if (criteria.until) add(`${a}.occurred_at < ?`, criteria.until);
  return query;
}

/** Entries matching `criteria` that the viewer may read, newest first (ids follow the chain). */
export function listAuditEntries(
  em: EntityManager,
  viewer: Viewer,
  criteria: AuditCriteria,
  args: ConnectionArgs,
  selection?: FieldSelection,
): Promise<Page<AuditEntry>> {
  const { query, map } = auditEntryRows.listQuery(em, 'a', selection);
  query.key = { expr: 'a.id', type: 'bigint' };
  const sort = { expr: 'a.id', type: 'bigint', direction: 'desc' } as const;
  return keysetPage(em, addConditions(query, viewer, criteria), sort, args, map);
}

/** One entry, or null when it does not exist or the viewer may not read it. */
export async function findAuditEntry(em: EntityManager, viewer: Viewer, id: number | string): Promise<AuditEntry | null> {
  if (viewer.kind !== 'member') return null;
  const { query, map } = auditEntryRows.listQuery(em, 'a');
  const scope = auditScopeSql(viewer, 'a');
  const [row] = await queryRows(em, `select ${query.columns} from ${query.from} where a.id = ?::bigint and ${scope.sql}`, [
    String(id),
    ...scope.params,
  ]);
  return row ? map(row) : null;
}
