import type { EntityManager } from '@mikro-orm/postgresql';
import type { Viewer } from '../../auth/viewer';
import { badInput, notFound } from '../../errors';
import type { ConnectionArgs, Page } from '../../shared/connection';
import { parseIntId } from '../../shared/global-id';
import { Language } from '../../shared/language';
import { childPage, keysetPage, type ListQuery, type PageLoaders, type SortKey } from '../../shared/pagination';
import { searchArgument } from '../../shared/search';
import type { FieldSelection } from '../../shared/selection';
import { queryRows } from '../../shared/sql';
import { OrderDirection } from '../friendship-relations/friendship-relation.inputs';
import { ContributionStatsGroupBy, ResourceOrderField, type ContributionStat, type ResourceFilter, type ResourceOrder } from './resource.filters';
import type { ResourceKind, ResourceStatus, SharingTier } from './resource.enums';
import { resourceRows, selectsContent } from './resource.rows';
import { contentReadableSql, visibleResourceSql } from './resource.visibility';
import type { SharedResource } from './shared-resource.entity';

/** A resource filter with its IDs decoded and checked, and its text search trimmed. */
export interface ResourceCriteria {
  kind?: ResourceKind[];
  owner?: number;
  country?: string;
  foreignLocality?: number;
  relation?: number;
  domesticLocality?: number;
  includeDescendants?: boolean;
  tag?: string;
  theme?: string;
  status?: ResourceStatus[];
  tier?: SharingTier[];
  validAt?: string;
  text?: string;
}

function plainText(value: string | null | undefined, field: string): string | undefined {
  if (value == null) return undefined;
  // PostgreSQL text cannot hold NUL: refuse it here rather than fail in the database.
  if (value.includes('\u0000')) throw badInput(`"${field}" contains a NUL character.`, field, 'INVALID_CHARACTER');
  const trimmed = value.trim();
  return trimmed.length ? trimmed : undefined;
}

const textSearch = (value: string | null | undefined) => {
  const text = plainText(value, 'filter.text');
  return text ? (searchArgument(text, 'filter.text') ?? undefined) : undefined;
};

/**
 * Checks a client's filter in one statement: IDs must name existing objects of the right type
 * (an ID of nothing is NOT_FOUND naming the field, a locality of the wrong side BAD_USER_INPUT),
 * and a country code must be one the hub knows.
 */
async function checkedCriteria(em: EntityManager, filter: ResourceFilter): Promise<ResourceCriteria> {
  const { owner, relation, foreignLocality, domesticLocality, country, ...rest } = filter;
  if (rest.includeDescendants && domesticLocality == null) {
    throw badInput('"includeDescendants" needs "domesticLocality".', 'filter.includeDescendants');
  }
  const criteria: ResourceCriteria = {
    kind: rest.kind?.length ? rest.kind : undefined,
    status: rest.status?.length ? rest.status : undefined,
    tier: rest.tier?.length ? rest.tier : undefined,
    includeDescendants: rest.includeDescendants ?? false,
    tag: plainText(rest.tag, 'filter.tag'),
    theme: plainText(rest.theme, 'filter.theme'),
    validAt: rest.validAt ?? undefined,
    text: textSearch(rest.text),
  };
  const checks: Array<{ sql: string; param: unknown; verdict: (value: unknown) => void }> = [];
  const idCheck = (id: string | null | undefined, type: 'MemberUnit' | 'FriendshipRelation', table: string, field: string, set: (key: number) => void) => {
    if (id == null) return;
    const key = parseIntId(id, type, field);
    set(key);
    checks.push({
      sql: `exists (select 1 from ${table} where id = ?)`,
      param: key,
      verdict: (found) => {
        if (!found) throw notFound(`No ${type} has the ID "${id}".`, 'OBJECT_NOT_FOUND', field);
      },
    });
  };
  const localityCheck = (id: string | null | undefined, side: 'DOMESTIC' | 'FOREIGN', field: string, set: (key: number) => void) => {
    if (id == null) return;
    const key = parseIntId(id, 'Locality', field);
    set(key);
    checks.push({
      sql: '(select side from locality where id = ?)',
      param: key,
      verdict: (found) => {
        if (found == null) throw notFound(`No Locality has the ID "${id}".`, 'OBJECT_NOT_FOUND', field);
        if (found !== side) {
          const hint = side === 'FOREIGN' ? 'a Chinese one goes in "domesticLocality"' : 'a foreign one goes in "foreignLocality"';
          throw badInput(`"${id}" is a ${String(found).toLowerCase()} locality; ${hint}.`, field, 'WRONG_SIDE');
        }
      },
    });
  };
  idCheck(owner, 'MemberUnit', 'member_unit', 'filter.owner', (key) => (criteria.owner = key));
  idCheck(relation, 'FriendshipRelation', 'friendship_relation', 'filter.relation', (key) => (criteria.relation = key));
  localityCheck(foreignLocality, 'FOREIGN', 'filter.foreignLocality', (key) => (criteria.foreignLocality = key));
  localityCheck(domesticLocality, 'DOMESTIC', 'filter.domesticLocality', (key) => (criteria.domesticLocality = key));
  if (country != null) {
    const code = country.toUpperCase();
    criteria.country = code;
    checks.push({
      sql: 'exists (select 1 from country where code = ?)',
      param: code,
      verdict: (found) => {
        if (!found) throw badInput(`The hub knows no country with the code "${country}".`, 'filter.country', 'UNKNOWN_COUNTRY');
      },
    });
  }
  if (checks.length) {
    const [row] = await queryRows(em, `select ${checks.map((check, index) => `${check.sql} as c${index}`).join(', ')}`, checks.map((c) => c.param));
    checks.forEach((check, index) => check.verdict(row[`c${index}`]));
  }
  return criteria;
}

// Nested lists ask once per parent with the same filter: check it once per operation.
const checkedFilters = new WeakMap<EntityManager, Map<string, Promise<ResourceCriteria>>>();

/** Checks a client's resource filter (see `checkedCriteria`), once per operation and filter. */
export function resourceCriteria(em: EntityManager, filter: ResourceFilter | null | undefined): Promise<ResourceCriteria> {
  if (!filter) return Promise.resolve({});
  let cache = checkedFilters.get(em);
  if (!cache) checkedFilters.set(em, (cache = new Map()));
  const key = JSON.stringify(filter);
  let pending = cache.get(key);
  if (!pending) cache.set(key, (pending = checkedCriteria(em, filter)));
  return pending;
}

/**
 * The content-readable column sits in the select list, before the WHERE clause whose `?` values
 * the list helpers bind in order; its only values are the caller's unit id, written as a checked
 * integer literal.
 */
function withUnitLiterals({ sql, params }: { sql: string; params: unknown[] }): string {
  let index = 0;
  return sql.replace(/\?/g, () => {
    const value = params[index++];
    if (typeof value !== 'number' || !Number.isSafeInteger(value)) throw new Error('the content check expects unit ids only');
    return String(value);
  });
}

/**
 * The parsed search text joins the FROM clause as `q`, so that the match (WHERE) and the rank
 * (select list and ORDER BY) share one bound value: `from` comes before `where` in the statement.
 */
const SEARCH_ALIAS = 'q';

/**
 * A `resources` text search ranks the newest matches the caller may see, at most this many (its
 * totalCount counts them too). Ranking reads every candidate's document: a word found in a quarter
 * of 200,000 resources took 150-350 ms to rank in full, the newest 500 matches a few ms.
 */
export const SEARCH_CANDIDATES = 500;

/**
 * Narrows a text search to the newest SEARCH_CANDIDATES resources that pass every condition
 * (visibility, filters, the text match), which the outer query then ranks: the candidates come
 * from the creation index (common words) or the text index (rare ones), in a few milliseconds.
 */
function newestCandidates(query: ListQuery, text: string): ListQuery {
  // Only ids go through the sort: whole rows (with their documents) made it several times slower.
  const inner =
    `select r.id from ${query.from} where ${query.where.join(' and ')} ` +
    `order by ${micros('r.created_at')} desc, r.id desc limit ${SEARCH_CANDIDATES}`;
  // The candidates come first: the hub's sessions keep joins in the order written (join_collapse_limit).
  return {
    ...query,
    from: `(${inner}) c join shared_resource r on r.id = c.id cross join hub_resource_query(?) as ${SEARCH_ALIAS}`,
    where: [],
    params: [...query.params, text],
  };
}

/** Adds the visibility rule and the conditions of `criteria` to a list query over `shared_resource r`. */
function addResourceConditions(query: ListQuery, viewer: Viewer, criteria: ResourceCriteria): ListQuery {
  const { where, params } = query;
  const add = (condition: string, ...values: unknown[]) => {
    where.push(condition);
    params.push(...values);
  };
  const visible = visibleResourceSql(viewer, 'r');
  if (visible.sql !== 'true') add(visible.sql, ...visible.params);
  const anyOf = (column: string, values: string[] | undefined) => {
    if (values?.length) add(`${column} in (${values.map(() => '?').join(', ')})`, ...values);
  };
  anyOf('r.kind', criteria.kind);
  anyOf('r.status', criteria.status);
  anyOf('r.tier', criteria.tier);
  if (criteria.owner != null) add('r.owner_unit_id = ?', criteria.owner);
  if (criteria.country != null) add('exists (select 1 from resource_country x where x.resource_id = r.id and x.country_code = ?)', criteria.country);
  if (criteria.foreignLocality != null) {
    add('exists (select 1 from resource_locality x where x.resource_id = r.id and x.locality_id = ?)', criteria.foreignLocality);
  }
  if (criteria.relation != null) add('exists (select 1 from resource_relation x where x.resource_id = r.id and x.relation_id = ?)', criteria.relation);
  if (criteria.domesticLocality != null) {
    if (criteria.includeDescendants) {
      add(
        'r.domestic_locality_id in (with recursive inside(id) as (select ?::int union all ' +
          'select l.id from locality l join inside on l.parent_id = inside.id) select id from inside)',
        criteria.domesticLocality,
      );
    } else {
      add('r.domestic_locality_id = ?', criteria.domesticLocality);
    }
  }
  if (criteria.tag != null) add('r.tags @> array[?::text]', criteria.tag);
  if (criteria.theme != null) add('r.themes @> array[?::text]', criteria.theme);
  if (criteria.validAt != null) {
    add('(r.valid_from is null or r.valid_from <= ?::date) and (r.valid_until is null or r.valid_until >= ?::date)', criteria.validAt, criteria.validAt);
  }
  if (criteria.text != null) {
    query.from += ` cross join hub_resource_query(?) as ${SEARCH_ALIAS}`;
    params.unshift(criteria.text);
    where.push(`r.search_vector @@ ${SEARCH_ALIAS}`);
  }
  return query;
}

// Timestamps as whole microseconds since 1970 (UTC): exact in a cursor, and an immutable
// expression, so an index can serve it.
const micros = (column: string) => `(extract(epoch from ${column} at time zone 'UTC') * 1000000)::bigint`;

/** The keyset order of a resource list; ties go by id in the same direction. */
export function resourceSort(order: ResourceOrder | null | undefined, criteria: ResourceCriteria): SortKey {
  const field = order?.field ?? (criteria.text != null ? ResourceOrderField.RELEVANCE : ResourceOrderField.CREATED_AT);
  const defaultDirection = field === ResourceOrderField.TITLE ? OrderDirection.ASC : OrderDirection.DESC;
  const direction = (order?.direction ?? defaultDirection) === OrderDirection.ASC ? 'asc' : 'desc';
  switch (field) {
    case ResourceOrderField.RELEVANCE:
      if (criteria.text == null) throw badInput('Ordering by RELEVANCE needs a text search ("filter.text").', 'orderBy.field', 'RELEVANCE_NEEDS_TEXT');
      // ts_rank_cd weighs titles (A) over summaries (B) over tags and themes (C).
      return { expr: `ts_rank_cd(r.search_vector, ${SEARCH_ALIAS})::float8`, type: 'float8', direction };
    case ResourceOrderField.TITLE:
      return {
        expr: order?.language === Language.ZH ? 'coalesce(r.title_zh, r.title_en)' : 'coalesce(r.title_en, r.title_zh)',
        type: 'text',
        direction,
      };
    case ResourceOrderField.UPDATED_AT:
      return { expr: micros('r.updated_at'), type: 'bigint', direction };
    case ResourceOrderField.PUBLISHED_AT:
      // Never published: last whichever the direction.
      return {
        expr: `coalesce(${micros('r.published_at')}, ${direction === 'asc' ? Number.MAX_SAFE_INTEGER : -Number.MAX_SAFE_INTEGER})`,
        type: 'bigint',
        direction,
      };
    default:
      return { expr: micros('r.created_at'), type: 'bigint', direction };
  }
}

/**
 * A list query over `shared_resource r` reading what `selection` needs (the owner unit and the
 * domestic locality joined when selected), with whether the caller may read each row's content
 * when the selection reads content: all in the statement that reads the rows.
 */
function resourceQuery(em: EntityManager, viewer: Viewer, selection: FieldSelection | undefined) {
  const { query, map } = resourceRows.listQuery(em, 'r', selection);
  if (!selectsContent(selection)) return { query, map };
  query.columns += `, ${withUnitLiterals(contentReadableSql(viewer, 'r'))} as "_readable"`;
  return {
    query,
    map: (row: Record<string, unknown>) => {
      const resource = map(row);
      resource.contentReadable = row._readable === true;
      return resource;
    },
  };
}

/** Resources the caller may see that match `criteria` (from resourceCriteria). */
export function listResources(
  em: EntityManager,
  viewer: Viewer,
  criteria: ResourceCriteria,
  order: ResourceOrder | null | undefined,
  args: ConnectionArgs,
  selection?: FieldSelection,
): Promise<Page<SharedResource>> {
  const sort = resourceSort(order, criteria);
  const { query, map } = resourceQuery(em, viewer, selection);
  const conditioned = addResourceConditions(query, viewer, criteria);
  return keysetPage(em, criteria.text != null ? newestCandidates(conditioned, criteria.text) : conditioned, sort, args, map);
}

/** How a parent object links to its resources. */
const PARENTS = {
  owner: { join: '', column: 'r.owner_unit_id' },
  domesticLocality: { join: '', column: 'r.domestic_locality_id' },
  foreignLocality: { join: ' join resource_locality p on p.resource_id = r.id', column: 'p.locality_id' },
  relation: { join: ' join resource_relation p on p.resource_id = r.id', column: 'p.relation_id' },
} as const;

export type ResourceParent = keyof typeof PARENTS;

/** The resources of one unit, locality or relation that the caller may see; batched across the parents of a list. */
export function listChildResources(
  em: EntityManager,
  viewer: Viewer,
  loaders: PageLoaders,
  parent: ResourceParent,
  parentId: number,
  criteria: ResourceCriteria,
  order: ResourceOrder | null | undefined,
  args: ConnectionArgs,
  selection?: FieldSelection,
): Promise<Page<SharedResource>> {
  const sort = resourceSort(order, criteria);
  const { query, map } = resourceQuery(em, viewer, selection);
  const link = PARENTS[parent];
  const linked = { ...addResourceConditions(query, viewer, criteria), from: query.from + link.join, parentColumn: link.column };
  return childPage(loaders, em, linked, parentId, sort, args, map);
}

const STAT_GROUPS: Record<ContributionStatsGroupBy, { key: string; join: string }> = {
  [ContributionStatsGroupBy.UNIT]: { key: 'r.owner_unit_id', join: '' },
  [ContributionStatsGroupBy.KIND]: { key: 'r.kind', join: '' },
  [ContributionStatsGroupBy.COUNTRY]: { key: 'x.country_code::text', join: ' join resource_country x on x.resource_id = r.id' },
  [ContributionStatsGroupBy.MONTH]: { key: `to_char(r.created_at at time zone 'Asia/Shanghai', 'YYYY-MM')`, join: '' },
};

/** How many resources the caller may see fall into each group, most first, in one statement. */
export async function contributionStats(
  em: EntityManager,
  viewer: Viewer,
  groupBy: ContributionStatsGroupBy,
  criteria: ResourceCriteria,
): Promise<ContributionStat[]> {
  const group = STAT_GROUPS[groupBy];
  const query = addResourceConditions({ from: 'shared_resource r', alias: 'r', where: [], params: [] }, viewer, criteria);
  const counted =
    `select ${group.key} as key, count(*)::int as n from ${query.from}${group.join} ` +
    `where ${query.where.join(' and ') || 'true'} group by 1`;
  // A unit's key is its code: the units are joined after counting, and sorted by code.
  const sql =
    groupBy === ContributionStatsGroupBy.UNIT
      ? `select u.id as unit_id, u.code as key, g.n from (${counted}) g join member_unit u on u.id = g.key order by g.n desc, u.code`
      : `select g.key, g.n from (${counted}) g order by g.n desc, g.key`;
  const rows = await queryRows<{ key: string; n: number; unit_id?: number }>(em, sql, query.params);
  return rows.map((row) => ({
    key: row.key,
    count: row.n,
    unitId: row.unit_id ?? null,
    kind: groupBy === ContributionStatsGroupBy.KIND ? (row.key as ResourceKind) : null,
    countryCode: groupBy === ContributionStatsGroupBy.COUNTRY ? row.key : null,
    month: groupBy === ContributionStatsGroupBy.MONTH ? row.key : null,
  }));
}
