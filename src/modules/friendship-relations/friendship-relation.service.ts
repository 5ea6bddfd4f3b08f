import type { EntityManager } from '@mikro-orm/postgresql';
import { badInput } from '../../errors';
import type { ConnectionArgs, Page } from '../../shared/connection';
import { parseIntId } from '../../shared/global-id';
import { keysetPage, type ListQuery, type SortKey } from '../../shared/pagination';
import { FriendshipRelation } from './friendship-relation.entity';
import { OrderDirection, RelationOrderField, type FriendshipRelationFilter, type RelationOrder } from './friendship-relation.inputs';
import { RelationStatusChange } from './relation-status-change.entity';

const MIN_YEAR = 1900;
const MAX_YEAR = 2100;

function checkYear(value: number | null | undefined, field: string) {
  if (value != null && (value < MIN_YEAR || value > MAX_YEAR)) {
    throw badInput(`"${field}" must be a year between ${MIN_YEAR} and ${MAX_YEAR}, got ${value}.`, field);
  }
}

/** The WHERE clause of a relation list; shared by the root list and the reverse edges. */
export function relationListQuery(filter: FriendshipRelationFilter = {}): ListQuery {
  const query: ListQuery = { from: 'friendship_relation r', alias: 'r', where: [], params: [] };
  const { where, params } = query;
  if (filter.domesticLocality != null) {
    const id = parseIntId(filter.domesticLocality, 'Locality', 'filter.domesticLocality');
    if (filter.includeDescendants) {
      where.push(
        `r.domestic_locality_id in (with recursive inside(id) as (select ?::int union all ` +
          `select l.id from locality l join inside on l.parent_id = inside.id) select id from inside)`,
      );
    } else {
      where.push('r.domestic_locality_id = ?');
    }
    params.push(id);
  } else if (filter.includeDescendants) {
    throw badInput('"includeDescendants" needs "domesticLocality".', 'filter.includeDescendants');
  }
  if (filter.foreignLocality != null) {
    where.push('r.foreign_locality_id = ?');
    params.push(parseIntId(filter.foreignLocality, 'Locality', 'filter.foreignLocality'));
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
    params.push(parseIntId(filter.liaisonUnit, 'MemberUnit', 'filter.liaisonUnit'));
  }
  checkYear(filter.establishedFrom, 'filter.establishedFrom');
  checkYear(filter.establishedTo, 'filter.establishedTo');
  if (filter.establishedFrom != null && filter.establishedTo != null && filter.establishedFrom > filter.establishedTo) {
    throw badInput('"establishedFrom" is later than "establishedTo".', 'filter.establishedFrom');
  }
  if (filter.establishedFrom != null) {
    where.push('r.established_year >= ?');
    params.push(filter.establishedFrom);
  }
  if (filter.establishedTo != null) {
    where.push('r.established_year <= ?');
    params.push(filter.establishedTo);
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

export function listRelations(
  em: EntityManager,
  query: ListQuery,
  order: RelationOrder | null | undefined,
  args: ConnectionArgs,
): Promise<Page<FriendshipRelation>> {
  return keysetPage(em, query, relationSort(order), args, (row) => em.map(FriendshipRelation, row));
}

/** A relation's status changes, oldest first. */
export function listStatusHistory(em: EntityManager, relationId: number, args: ConnectionArgs): Promise<Page<RelationStatusChange>> {
  const query: ListQuery = { from: 'relation_status_change s', alias: 's', where: ['s.relation_id = ?'], params: [relationId] };
  return keysetPage(em, query, { expr: 's.id', type: 'int', direction: 'asc' }, args, (row) => em.map(RelationStatusChange, row));
}
