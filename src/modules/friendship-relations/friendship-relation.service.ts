import type { EntityManager } from '@mikro-orm/postgresql';
import { badInput } from '../../errors';
import type { ConnectionArgs, Page } from '../../shared/connection';
import { existingId } from '../../shared/references';
import { quietRelationSql } from '../exchanges/exchange.health';
import type { FieldSelection } from '../../shared/selection';
import { childPage, keysetPage, type ListQuery, type PageLoaders, type SortKey } from '../../shared/pagination';
import type { FriendshipRelation } from './friendship-relation.entity';
import { relationRows, statusChangeRows } from './friendship-relation.rows';
import { OrderDirection, RelationOrderField, type FriendshipRelationFilter, type RelationOrder } from './friendship-relation.inputs';
import type { RelationStatusChange } from './relation-status-change.entity';

const MIN_YEAR = 1900;
const MAX_YEAR = 2100;

function checkYear(value: number | null | undefined, field: string) {
  if (value != null && (value < MIN_YEAR || value > MAX_YEAR)) {
    throw badInput(`"${field}" must be a year between ${MIN_YEAR} and ${MAX_YEAR}, got ${value}.`, field);
  }
}

/** A relation filter with its IDs decoded and checked. */
export interface RelationCriteria extends Omit<FriendshipRelationFilter, 'domesticLocality' | 'foreignLocality' | 'liaisonUnit'> {
  domesticLocality?: number;
  foreignLocality?: number;
  liaisonUnit?: number;
  /** The quiet gap in days (config RELATION_QUIET_AFTER_DAYS), needed with `quiet`. */
  quietAfterDays?: number;
}

/** Checks a client's filter: IDs must name existing objects of the right type, years must be sane. */
export async function relationCriteria(em: EntityManager, filter: FriendshipRelationFilter = {}): Promise<RelationCriteria> {
  const { domesticLocality, foreignLocality, liaisonUnit, ...rest } = filter;
  if (rest.includeDescendants && domesticLocality == null) {
    throw badInput('"includeDescendants" needs "domesticLocality".', 'filter.includeDescendants');
  }
  checkYear(rest.establishedFrom, 'filter.establishedFrom');
  checkYear(rest.establishedTo, 'filter.establishedTo');
  if (rest.establishedFrom != null && rest.establishedTo != null && rest.establishedFrom > rest.establishedTo) {
    throw badInput('"establishedFrom" is later than "establishedTo".', 'filter.establishedFrom');
  }
  return {
    ...rest,
    domesticLocality: domesticLocality != null ? await existingId(em, domesticLocality, 'Locality', 'filter.domesticLocality') : undefined,
    foreignLocality: foreignLocality != null ? await existingId(em, foreignLocality, 'Locality', 'filter.foreignLocality') : undefined,
    liaisonUnit: liaisonUnit != null ? await existingId(em, liaisonUnit, 'MemberUnit', 'filter.liaisonUnit') : undefined,
  };
}

/** Adds the conditions of `filter` to a list query over `friendship_relation r`. */
function addRelationConditions(query: ListQuery, filter: RelationCriteria): ListQuery {
  const { where, params } = query;
  if (filter.domesticLocality != null) {
    const id = filter.domesticLocality;
    if (filter.includeDescendants) {
      where.push(
        `r.domestic_locality_id in (with recursive inside(id) as (select ?::int union all ` +
          `select l.id from locality l join inside on l.parent_id = inside.id) select id from inside)`,
      );
    } else {
      where.push('r.domestic_locality_id = ?');
    }
    params.push(id);
  }
  if (filter.foreignLocality != null) {
    where.push('r.foreign_locality_id = ?');
    params.push(filter.foreignLocality);
  }
  if (filter.country) {
    where.push('r.foreign_locality_id in (select id from locality where country_code = ?)');
    params.push(filter.country.toUpperCase());
  }
  // knex expands an array binding into a list, one placeholder per value.
  if (filter.kind?.length) {
    where.push(`r.kind in (${filter.kind.map(() => '?').join(', ')})`);
    params.push(...filter.kind);
  }
  if (filter.status?.length) {
    where.push(`r.status in (${filter.status.map(() => '?').join(', ')})`);
    params.push(...filter.status);
  }
  if (filter.liaisonUnit != null) {
    where.push('r.liaison_unit_id = ?');
    params.push(filter.liaisonUnit);
  }
  if (filter.establishedFrom != null) {
    where.push('r.established_year >= ?');
    params.push(filter.establishedFrom);
  }
  if (filter.establishedTo != null) {
    where.push('r.established_year <= ?');
    params.push(filter.establishedTo);
  }
  if (filter.quiet != null) {
    const quiet = quietRelationSql('r', filter.quietAfterDays ?? 730);
    where.push(filter.quiet ? quiet.sql : `not ${quiet.sql}`);
    params.push(...quiet.params);
  }
  return query;
}

function relationSort(order?: RelationOrder | null): SortKey {
  const direction = order?.direction === OrderDirection.DESC ? 'desc' : 'asc';
  if (order?.field === RelationOrderField.ESTABLISHED_YEAR) {
    // Unknown years sort last whichever the direction.
    return { expr: `coalesce(r.established_year, ${direction === 'asc' ? 32767 : -1})`, type: 'int', direction };
  }
  return { expr: 'r.id', type: 'int', direction };
}

/** Relations matching `criteria` (already checked by relationCriteria, or built by the hub). */
export function listRelations(
  em: EntityManager,
  criteria: RelationCriteria,
  order: RelationOrder | null | undefined,
  args: ConnectionArgs,
  selection?: FieldSelection,
): Promise<Page<FriendshipRelation>> {
  const { query, map } = relationRows.listQuery(em, 'r', selection);
  return keysetPage(em, addRelationConditions(query, criteria), relationSort(order), args, map);
}

export type RelationParent = 'domestic_locality_id' | 'foreign_locality_id' | 'liaison_unit_id';

/** The relations of one locality or unit; batched across the parents of a list. */
export function listChildRelations(
  em: EntityManager,
  loaders: PageLoaders,
  parent: RelationParent,
  parentId: number,
  order: RelationOrder | null | undefined,
  args: ConnectionArgs,
  selection?: FieldSelection,
): Promise<Page<FriendshipRelation>> {
  const { query, map } = relationRows.listQuery(em, 'r', selection);
  return childPage(loaders, em, { ...query, parentColumn: `r.${parent}` }, parentId, relationSort(order), args, map);
}

/** A relation's status changes, oldest first; batched across the relations of a list. */
export function listStatusHistory(
  em: EntityManager,
  loaders: PageLoaders,
  relationId: number,
  args: ConnectionArgs,
  selection?: FieldSelection,
): Promise<Page<RelationStatusChange>> {
  const { query, map } = statusChangeRows.listQuery(em, 's', selection);
  const sort = { expr: 's.id', type: 'int', direction: 'asc' } as const;
  return childPage(loaders, em, { ...query, parentColumn: 's.relation_id' }, relationId, sort, args, map);
}
