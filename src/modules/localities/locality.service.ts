import type { EntityManager } from '@mikro-orm/postgresql';
import { badInput } from '../../errors';
import type { ConnectionArgs, Page } from '../../shared/connection';
import { existingId } from '../../shared/references';
import { childPage, keysetPage, rankedPage, type ListQuery, type PageLoaders } from '../../shared/pagination';
import { requirePopulationRange } from '../../shared/population-range';
import { nameSearch, searchArgument } from '../../shared/search';
import type { FieldSelection } from '../../shared/selection';
import type { Locality } from './locality.entity';
import { localityRows } from './locality.rows';
import { DOMESTIC_LEVELS, FOREIGN_LEVELS, LocalityLevel } from './locality.enums';
import type { ForeignLocalityFilter, LocalityFilter } from './locality.inputs';

const LEVEL_ORDER = `array_position(array['PROVINCE','PREFECTURE','COUNTY','REGION','CITY'], l.level)`;


function checkLevel(level: LocalityLevel | null | undefined, allowed: LocalityLevel[], hint: string) {
  if (level && !allowed.includes(level)) {
    throw badInput(`Level ${level} is not one of ${allowed.join(', ')}; ${hint}`, 'filter.level', 'WRONG_SIDE');
  }
}

/** Localities matching `search` by name, best match first, then by `tieBreak` (which ends with the key). */
function searchPage(
  em: EntityManager,
  query: ListQuery,
  search: string,
  tieBreak: string,
  args: ConnectionArgs,
  map: (row: Record<string, unknown>) => Locality,
): Promise<Page<Locality>> {
  const match = nameSearch('l.search_names', search);
  const searched = { ...query, where: [...query.where, match.where], params: [...query.params, ...match.whereParams] };
  return rankedPage(em, searched, { sql: `${match.rank}, ${tieBreak}`, params: match.rankParams }, args, map);
}

/** Chinese divisions, by GB/T 2260 code, or by relevance when searching. */
export async function listDomesticLocalities(
  em: EntityManager,
  filter: LocalityFilter,
  args: ConnectionArgs,
  selection?: FieldSelection,
): Promise<Page<Locality>> {
  checkLevel(filter.level, DOMESTIC_LEVELS, 'foreign regions and cities are in foreignLocalities.');
  const { query, map } = localityRows.listQuery(em, 'l', selection);
  query.where.push(`l.side = 'DOMESTIC'`);
  if (filter.level) {
    query.where.push('l.level = ?');
    query.params.push(filter.level);
  }
  if (filter.parent != null) {
    query.where.push('l.parent_id = ?');
    query.params.push(await existingId(em, filter.parent, 'Locality', 'filter.parent'));
  }
  const search = searchArgument(filter.search, 'filter.search');
  if (search) return searchPage(em, query, search, `${LEVEL_ORDER}, l.gb_code, l.id`, args, map);
  return keysetPage(em, query, { expr: 'l.gb_code', type: 'text', direction: 'asc' }, args, map);
}

/** Foreign regions and cities, most populous first, or by relevance when searching. */
export function listForeignLocalities(
  em: EntityManager,
  filter: ForeignLocalityFilter,
  args: ConnectionArgs,
  selection?: FieldSelection,
): Promise<Page<Locality>> {
  checkLevel(filter.level, FOREIGN_LEVELS, 'Chinese divisions are in localities.');
  const { minPopulation, maxPopulation } = filter;
  requirePopulationRange(minPopulation, maxPopulation, 'filter');
  const { query, map } = localityRows.listQuery(em, 'l', selection);
  query.where.push(`l.side = 'FOREIGN'`);
  if (filter.country) {
    query.where.push('l.country_code = ?');
    query.params.push(filter.country.toUpperCase());
  }
  if (filter.level) {
    query.where.push('l.level = ?');
    query.params.push(filter.level);
  }
  if (minPopulation != null) {
    query.where.push('l.population >= ?');
    query.params.push(minPopulation);
  }
  if (maxPopulation != null) {
    query.where.push('l.population <= ?');
    query.params.push(maxPopulation);
  }
  const search = searchArgument(filter.search, 'filter.search');
  if (search) return searchPage(em, query, search, 'coalesce(l.population, -1) desc, l.id', args, map);
  return keysetPage(em, query, { expr: 'coalesce(l.population, -1)', type: 'int', direction: 'desc' }, args, map);
}

/** Direct subdivisions of a locality, by code for Chinese ones and by population abroad; batched per list. */
export function listChildLocalities(
  em: EntityManager,
  loaders: PageLoaders,
  parent: Locality,
  args: ConnectionArgs,
  selection?: FieldSelection,
): Promise<Page<Locality>> {
  const { query, map } = localityRows.listQuery(em, 'l', selection);
  const sort =
    parent.side === 'DOMESTIC'
      ? ({ expr: 'l.gb_code', type: 'text', direction: 'asc' } as const)
      : ({ expr: 'coalesce(l.population, -1)', type: 'int', direction: 'desc' } as const);
  return childPage(loaders, em, { ...query, parentColumn: 'l.parent_id' }, parent.id, sort, args, map);
}
