import type { EntityManager } from '@mikro-orm/postgresql';
import type { Viewer } from '../../auth/viewer';
import { badInput } from '../../errors';
import type { ConnectionArgs, Page } from '../../shared/connection';
import { parseIntId } from '../../shared/global-id';
import { keysetPage, type ListQuery } from '../../shared/pagination';
import type { FieldSelection } from '../../shared/selection';
import { queryRows } from '../../shared/sql';
import { visibleResourceSql } from '../resources/resource.visibility';
import type { Activity } from './activity.entity';
import { ActivityOrder, type ActivityVerb } from './activity.enums';
import { activityRows } from './activity.rows';

/**
 * Who may read an activity, decided when it is read (not when it was written): the subject's
 * rules of now. Resource activities follow the resource's visibility; access activities only
 * the resource's owner unit, the unit that applied or was granted, and hub admins; relations and
 * units are public; accounts are for members.
 */
export function visibleActivitySql(viewer: Viewer, alias: string): { sql: string; params: unknown[] } {
  if (viewer.kind === 'member' && viewer.hubAdmin) return { sql: 'true', params: [] };
  const resource = visibleResourceSql(viewer, 'vr');
  const resourceVisible = `exists (select 1 from shared_resource vr where vr.id = ${alias}.resource_id and ${resource.sql})`;
  if (viewer.kind === 'anonymous') {
    return { sql: `(${alias}.audience = 'PUBLIC' or (${alias}.audience = 'RESOURCE' and ${resourceVisible}))`, params: [...resource.params] };
  }
  return {
    sql:
      `(${alias}.audience in ('PUBLIC', 'MEMBERS') or (${alias}.audience = 'RESOURCE' and ${resourceVisible}) ` +
      `or (${alias}.audience = 'RESOURCE_PARTIES' and (${alias}.owner_unit_id = ? or ${alias}.audience_unit_id = ?)))`,
    params: [...resource.params, viewer.unitId, viewer.unitId],
  };
}

export interface ActivityCriteria {
  verbs?: ActivityVerb[] | null;
  units?: string[] | null;
  subjectTypes?: string[] | null;
  countries?: string[] | null;
  localities?: string[] | null;
  relations?: string[] | null;
  since?: Date | null;
}

const SUBJECT_TYPES = new Set(['SharedResource', 'AccessRequest', 'AccessGrant', 'FriendshipRelation', 'MemberUnit', 'Account']);

function addConditions(query: ListQuery, viewer: Viewer, filter: ActivityCriteria): ListQuery {
  const { where, params } = query;
  const visible = visibleActivitySql(viewer, 'a');
  if (visible.sql !== 'true') {
    where.push(visible.sql);
    params.push(...visible.params);
  }
  const ids = (values: string[], type: string, field: string) => values.map((value, i) => parseIntId(value, type, `${field}[${i}]`));
  if (filter.verbs?.length) {
    where.push(`a.verb = any(?::text[])`);
    params.push(filter.verbs);
  }
  if (filter.units?.length) {
    where.push(`a.actor_unit_id = any(?::int[])`);
    params.push(ids(filter.units, 'MemberUnit', 'filter.units'));
  }
  if (filter.subjectTypes?.length) {
    const unknown = filter.subjectTypes.find((type) => !SUBJECT_TYPES.has(type));
    if (unknown) {
      throw badInput(`"${unknown}" is not a type activities are about; use one of ${[...SUBJECT_TYPES].join(', ')}.`, 'filter.subjectTypes', 'UNKNOWN_TYPE');
    }
    where.push(`a.subject_type = any(?::text[])`);
    params.push(filter.subjectTypes);
  }
  if (filter.countries?.length) {
    where.push(`a.country_codes && ?::text[]`);
    params.push(filter.countries.map((code) => code.toUpperCase()));
  }
  if (filter.localities?.length) {
    where.push(`a.locality_ids && ?::int[]`);
    params.push(ids(filter.localities, 'Locality', 'filter.localities'));
  }
  if (filter.relations?.length) {
    where.push(`a.relation_ids && ?::int[]`);
    params.push(ids(filter.relations, 'FriendshipRelation', 'filter.relations'));
  }
  if (filter.since) {
    where.push(`a.occurred_at >= ?`);
    params.push(filter.since);
  }
  return query;
}

/** Activities the caller may see, by position (newest first unless asked otherwise). */
export function listActivities(
  em: EntityManager,
  viewer: Viewer,
  filter: ActivityCriteria,
  order: ActivityOrder | null | undefined,
  args: ConnectionArgs,
  selection?: FieldSelection,
): Promise<Page<Activity>> {
  const { query, map } = activityRows.listQuery(em, 'a', selection);
  query.key = { expr: 'a.position', type: 'bigint' };
  const sort = { expr: 'a.position', type: 'bigint', direction: order === ActivityOrder.OLDEST_FIRST ? 'asc' : 'desc' } as const;
  return keysetPage(em, addConditions(query, viewer, filter), sort, args, map);
}

/** One activity, or null when it does not exist or the caller may not see it. */
export async function findActivity(em: EntityManager, viewer: Viewer, position: number): Promise<Activity | null> {
  const { query, map } = activityRows.listQuery(em, 'a');
  addConditions(query, viewer, {});
  const rows = await queryRows(
    em,
    `select ${query.columns} from ${query.from}${query.joins ?? ''} where a.position = ? and ${query.where.join(' and ') || 'true'}`,
    [position, ...query.params],
  );
  return rows.length ? map(rows[0]) : null;
}
