import type { EntityManager } from '@mikro-orm/postgresql';
import type { Viewer } from '../../auth/viewer';
import type { ConnectionArgs, Page } from '../../shared/connection';
import { decodeKeyset, encodeCursor, keysetPage, type ListQuery, type SortKey } from '../../shared/pagination';
import type { FieldSelection } from '../../shared/selection';
import { queryRows } from '../../shared/sql';
import { visibleInformationSql } from '../information/information.visibility';
import { visibleMatterSql } from '../catalogue/catalogue.visibility';
import { visibleExchangeSql } from '../exchanges/exchange.visibility';
import { visibleResourceSql } from '../resources/resource.visibility';
import type { Activity } from './activity.entity';
import { addCriteriaSql, compileCriteria, type ActivityCriteria, type CompiledCriteria } from './activity.criteria';
import { ActivityOrder } from './activity.enums';
import { activityRows } from './activity.rows';

/**
 * Who may read an activity, decided when it is read (not when it was written): the subject's
 * rules of now. Resource activities follow the resource's visibility; access activities only
 * the resource's owner unit, the unit that applied or was granted, and hub admins; relations and
 * units are public; accounts are for members; UNIT activities (a partner wish that found a match)
 * only the unit named in audience_unit_id; an information item's activities follow the item's
 * visibility (its status and tier of now), a catalogue matter's its tier of now (CATALOGUE), an
 * exchange's the exchange's tier of now (EXCHANGE).
 */
export function visibleActivitySql(viewer: Viewer, alias: string): { sql: string; params: unknown[] } {
  if (viewer.kind === 'member' && viewer.hubAdmin) return { sql: 'true', params: [] };
  const resource = visibleResourceSql(viewer, 'vr');
  const resourceVisible = `exists (select 1 from shared_resource vr where vr.id = ${alias}.resource_id and ${resource.sql})`;
  const information = visibleInformationSql(viewer, 'vi');
  const informationVisible = `exists (select 1 from information_item vi where vi.id = ${alias}.subject_id and ${information.sql})`;
  const matter = visibleMatterSql(viewer, 'vm');
  const catalogue =
    `(${alias}.audience = 'CATALOGUE' and exists (select 1 from catalogue_matter vm ` +
    `where ${alias}.subject_type = 'CatalogueMatter' and vm.id = ${alias}.subject_id and ${matter.sql}))`;
  const exchange = visibleExchangeSql(viewer, 've');
  const exchangeVisible = `(${alias}.audience = 'EXCHANGE' and exists (select 1 from exchange ve where ve.id = ${alias}.subject_id and ${exchange.sql}))`;
  if (viewer.kind === 'anonymous') {
    return {
      sql:
        `(${alias}.audience = 'PUBLIC' or (${alias}.audience = 'RESOURCE' and ${resourceVisible}) ` +
        `or (${alias}.audience = 'INFORMATION' and ${informationVisible}) or ${catalogue} or ${exchangeVisible})`,
      params: [...resource.params, ...information.params, ...matter.params, ...exchange.params],
    };
  }
  return {
    sql:
      `(${alias}.audience in ('PUBLIC', 'MEMBERS') or (${alias}.audience = 'RESOURCE' and ${resourceVisible}) ` +
      `or (${alias}.audience = 'RESOURCE_PARTIES' and (${alias}.owner_unit_id = ? or ${alias}.audience_unit_id = ?)) ` +
      `or (${alias}.audience = 'UNIT' and ${alias}.audience_unit_id = ?) ` +
      `or (${alias}.audience = 'INFORMATION' and ${informationVisible}) or ${catalogue} or ${exchangeVisible})`,
    params: [...resource.params, viewer.unitId, viewer.unitId, viewer.unitId, ...information.params, ...matter.params, ...exchange.params],
  };
}

function addConditions(query: ListQuery, viewer: Viewer, criteria: CompiledCriteria): ListQuery {
  const visible = visibleActivitySql(viewer, 'a');
  if (visible.sql !== 'true') {
    query.where.push(visible.sql);
    query.params.push(...visible.params);
  }
  addCriteriaSql(query, criteria);
  return query;
}

/** Activities the caller may see, by position (newest first unless asked otherwise). */
export function listActivities(
  em: EntityManager,
  viewer: Viewer,
  filter: ActivityCriteria | CompiledCriteria,
  order: ActivityOrder | null | undefined,
  args: ConnectionArgs,
  selection?: FieldSelection,
  /** Only activities at or below this position (the feed's replay stops where its live part starts). */
  through?: number,
): Promise<Page<Activity>> {
  const { query, map } = activityRows.listQuery(em, 'a', selection);
  query.key = { expr: 'a.position', type: 'bigint' };
  const criteria = isCompiled(filter) ? filter : compileCriteria(filter);
  if (through != null) {
    query.where.push('a.position <= ?');
    query.params.push(through);
  }
  return keysetPage(em, addConditions(query, viewer, criteria), sortOf(order), args, map);
}

const sortOf = (order: ActivityOrder | null | undefined): SortKey => ({
  expr: 'a.position',
  type: 'bigint',
  direction: order === ActivityOrder.OLDEST_FIRST ? 'asc' : 'desc',
});

const isCompiled = (filter: ActivityCriteria | CompiledCriteria): filter is CompiledCriteria => 'compiled' in filter;

/** The position a cursor of the log stands for (BAD_USER_INPUT when it is not one). */
export function positionOfCursor(cursor: string, field: string): number {
  return Number(decodeKeyset(cursor, field, sortOf(ActivityOrder.OLDEST_FIRST), 'bigint')[1]);
}

/** The cursor of an activity, as the log's pages hand it out. */
export const cursorOfPosition = (position: number | string): string => encodeCursor([Number(position), Number(position)]);

/**
 * The activities after `after`, whoever may see them, oldest first (the live feed reads the log
 * once for all its subscribers, then decides per subscriber).
 */
export async function readActivitiesAfter(em: EntityManager, after: number, limit: number): Promise<Activity[]> {
  const { query, map } = activityRows.listQuery(em, 'a');
  const rows = await queryRows(em, `select ${query.columns} from ${query.from} where a.position > ? order by a.position limit ?`, [after, limit]);
  return rows.map(map);
}

/** The newest position in the log (0 when it is empty). */
export async function newestPosition(em: EntityManager): Promise<number> {
  const [row] = await queryRows<{ position: string | null }>(em, 'select max(position) as position from activity', []);
  return Number(row?.position ?? 0);
}

/**
 * For each viewer, which positions in (from, through] it may see now: one statement for all of
 * them, so that the cost of a delivery grows with the kinds of viewers, not with the subscribers.
 */
export async function visiblePositions(em: EntityManager, viewers: Viewer[], from: number, through: number): Promise<Array<Set<number>>> {
  const result = viewers.map(() => new Set<number>());
  const branches = viewers.map((viewer, index) => {
    const visible = visibleActivitySql(viewer, 'a');
    return {
      sql: `select ${index} as k, a.position from activity a where a.position > ? and a.position <= ? and ${visible.sql}`,
      params: [from, through, ...visible.params],
    };
  });
  for (let start = 0; start < branches.length; start += 50) {
    const chunk = branches.slice(start, start + 50);
    const sql = chunk.map((branch) => branch.sql).join(' union all ');
    const rows = await queryRows<{ k: number; position: string }>(em, sql, chunk.flatMap((branch) => branch.params));
    for (const row of rows) result[row.k].add(Number(row.position));
  }
  return result;
}

/** One activity, or null when it does not exist or the caller may not see it. */
export async function findActivity(em: EntityManager, viewer: Viewer, position: number): Promise<Activity | null> {
  const { query, map } = activityRows.listQuery(em, 'a');
  addConditions(query, viewer, compileCriteria({}));
  const rows = await queryRows(
    em,
    `select ${query.columns} from ${query.from}${query.joins ?? ''} where a.position = ? and ${query.where.join(' and ') || 'true'}`,
    [position, ...query.params],
  );
  return rows.length ? map(rows[0]) : null;
}
