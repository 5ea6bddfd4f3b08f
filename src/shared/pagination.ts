import DataLoader from 'dataloader';
import type { EntityManager } from '@mikro-orm/postgresql';
import { queryRows } from './sql';
import { badInput } from '../errors';
import { pageRequest, type ConnectionArgs, type Page, type PageRequest } from './connection';

/**
 * One list query, written as SQL so that reviewers see exactly what runs. `from` names the main
 * table with an alias (`friendship_relation r`), `where` holds conditions joined with AND, and
 * `params` the `?` bindings of both, in order.
 */
export interface ListQuery {
  from: string;
  alias: string;
  where: string[];
  params: unknown[];
  /** The select list of a page; `<alias>.*` unless given. */
  columns?: string;
  /** JOINs a page needs for its columns (not the count, which reads `from` alone). */
  joins?: string;
  /** The unique tie-breaker of the order; `<alias>.id` (an integer) unless given. */
  key?: { expr: string; type: 'int' | 'bigint' | 'text' };
}

/**
 * Keyset order: a non-null SQL expression plus the primary key as tie-breaker. Nullable columns
 * are wrapped in coalesce() by the caller so that a cursor always holds a comparable value.
 */
export interface SortKey {
  expr: string;
  type: 'int' | 'bigint' | 'text' | 'float8';
  direction: 'asc' | 'desc';
}

type CursorValue = string | number;

export const encodeCursor = (value: unknown): string => Buffer.from(JSON.stringify(value), 'utf8').toString('base64url');

function decodeCursor(cursor: string, field: string): unknown {
  try {
    if (cursor.length > 500 || !/^[A-Za-z0-9_-]+$/.test(cursor)) throw new Error('shape');
    return JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw badInput(`"${field}" is not a cursor this list handed out.`, field, 'INVALID_CURSOR');
  }
}

const fits = (value: unknown, type: string) =>
  type === 'text' ? typeof value === 'string' : typeof value === 'number' && Number.isFinite(value) && (type === 'float8' || Number.isSafeInteger(value));

/** The sort value and key a keyset cursor holds (BAD_USER_INPUT when it is not a cursor of this order). */
export function decodeKeyset(cursor: string, field: string, sort: SortKey, keyType: string): [CursorValue, CursorValue] {
  const value = decodeCursor(cursor, field);
  const valid = Array.isArray(value) && value.length === 2 && fits(value[0], sort.type) && fits(value[1], keyType);
  if (!valid) throw badInput(`"${field}" is not a cursor of this list and order.`, field, 'INVALID_CURSOR');
  return value as [CursorValue, CursorValue];
}

function countQuery(em: EntityManager, query: ListQuery): () => Promise<number> {
  let pending: Promise<number> | undefined;
  return () =>
    (pending ??= queryRows<{ n: number }>(
      em,
      `select count(*)::int as n from ${query.from} where ${query.where.join(' and ') || 'true'}`,
      query.params,
    ).then(([row]) => row.n));
}

interface KeysetPlan {
  request: ReturnType<typeof pageRequest>;
  backward: boolean;
  sort: SortKey;
  keyType: string;
  /** Columns, sort value and key of each row, then FROM … WHERE … ORDER BY … LIMIT ?, for one page. */
  select: string;
  from: string;
  where: string[];
  params: unknown[];
  orderBy: string;
  limit: number;
}

function planKeyset(query: ListQuery, sort: SortKey, args: ConnectionArgs): KeysetPlan {
  const request = pageRequest(args);
  const backward = request.direction === 'backward';
  const direction = backward ? (sort.direction === 'asc' ? 'desc' : 'asc') : sort.direction;
  const key = query.key ?? { expr: `${query.alias}.id`, type: 'int' };
  const where = [...query.where];
  const params = [...query.params];
  if (request.cursor) {
    const [value, lastKey] = decodeKeyset(request.cursor, backward ? 'before' : 'after', sort, key.type);
    where.push(`(${sort.expr}, ${key.expr}) ${direction === 'asc' ? '>' : '<'} (?::${sort.type}, ?::${key.type})`);
    params.push(value, lastKey);
  }
  return {
    request,
    backward,
    sort,
    keyType: key.type,
    select: `${query.columns ?? `${query.alias}.*`}, ${sort.expr} as "_sort", ${key.expr} as "_key"`,
    from: query.from + (query.joins ?? ''),
    where,
    params,
    orderBy: `${sort.expr} ${direction}, ${key.expr} ${direction}`,
    limit: request.size + 1,
  };
}

function assemblePage<T>(
  rows: Record<string, unknown>[],
  plan: KeysetPlan,
  map: (row: Record<string, unknown>) => T,
  totalCount: () => Promise<number>,
): Page<T> {
  const { request, backward, sort, keyType } = plan;
  const more = rows.length > request.size;
  const pageRows = rows.slice(0, request.size);
  if (backward) pageRows.reverse();
  const edges = pageRows.map((row) => {
    const sortValue = sort.type === 'bigint' ? Number(row._sort) : row._sort;
    const { _sort, _key, _parent, ...columns } = row;
    // node-postgres hands bigints over as strings; cursors hold numbers, as decodeKeyset expects.
    const keyValue = keyType === 'bigint' ? Number(_key) : _key;
    return { cursor: encodeCursor([sortValue, keyValue]), node: map(columns) };
  });
  return {
    edges,
    pageInfo: {
      hasNextPage: backward ? request.cursor != null : more,
      hasPreviousPage: backward ? more : request.cursor != null,
      startCursor: edges[0]?.cursor ?? null,
      endCursor: edges.at(-1)?.cursor ?? null,
    },
    totalCount,
  };
}

/** A Relay page over `query`, ordered by `sort` then id, with cursors holding the last key seen. */
export async function keysetPage<T>(
  em: EntityManager,
  query: ListQuery,
  sort: SortKey,
  args: ConnectionArgs,
  map: (row: Record<string, unknown>) => T,
): Promise<Page<T>> {
  const plan = planKeyset(query, sort, args);
  const sql = `select ${plan.select} from ${plan.from} where ${plan.where.join(' and ') || 'true'} order by ${plan.orderBy} limit ?`;
  const rows = await queryRows(em, sql, [...plan.params, plan.limit]);
  return assemblePage(rows, plan, map, countQuery(em, query));
}

/** Per-operation cache of the batching loaders behind `childPage`. */
export type PageLoaders = Map<string, DataLoader<number, unknown>>;

/**
 * The same page for many parents at once: a list of localities each asking for its relations
 * costs one query for every page (a LATERAL join over the parent ids) and one for every count,
 * not one per parent. `parentColumn` links a row to its parent; `query.where` must not mention it.
 */
export function childPage<T>(
  loaders: PageLoaders,
  em: EntityManager,
  query: ListQuery & { parentColumn: string },
  parentId: number,
  sort: SortKey,
  args: ConnectionArgs,
  map: (row: Record<string, unknown>) => T,
): Promise<Page<T>> {
  const plan = planKeyset(query, sort, args);
  const signature = JSON.stringify([plan.select, plan.from, query.parentColumn, plan.where, plan.params, plan.orderBy, plan.limit]);
  const conditions = plan.where.map((condition) => ` and ${condition}`).join('');
  let counts = loaders.get(`count ${signature}`) as DataLoader<number, number> | undefined;
  if (!counts) {
    counts = new DataLoader<number, number>(async (parents) => {
      const rows = await queryRows<{ parent: number; n: number }>(
        em,
        `select ${query.parentColumn} as parent, count(*)::int as n from ${query.from} ` +
          `where ${query.parentColumn} in (${parents.map(() => '?').join(', ')})${query.where.map((c) => ` and ${c}`).join('')} group by 1`,
        [...parents, ...query.params],
      );
      const byParent = new Map(rows.map((row) => [row.parent, row.n]));
      return parents.map((parent) => byParent.get(parent) ?? 0);
    });
    loaders.set(`count ${signature}`, counts as DataLoader<number, unknown>);
  }
  const countsLoader = counts;
  let pages = loaders.get(`page ${signature}`) as DataLoader<number, Page<T>> | undefined;
  if (!pages) {
    pages = new DataLoader<number, Page<T>>(async (parents) => {
      const rows = await queryRows(
        em,
        `select page.* from unnest(array[${parents.map(() => '?').join(', ')}]::int[]) as parent(id) cross join lateral (` +
          `select ${plan.select}, parent.id as "_parent" from ${plan.from} where ${query.parentColumn} = parent.id${conditions} ` +
          `order by ${plan.orderBy} limit ?) page`,
        [...parents, ...plan.params, plan.limit],
      );
      const byParent = new Map<number, Record<string, unknown>[]>();
      for (const row of rows) {
        const list = byParent.get(row._parent as number) ?? [];
        list.push(row);
        byParent.set(row._parent as number, list);
      }
      return parents.map((parent) => assemblePage(byParent.get(parent) ?? [], plan, map, () => countsLoader.load(parent)));
    });
    loaders.set(`page ${signature}`, pages as DataLoader<number, unknown>);
  }
  return pages.load(parentId);
}

/**
 * Which rows of a ranked list a Relay page covers, from position cursors (`{ p }`): rows
 * `offset` to `offset + limit - 1`; ask for one more to learn whether the list goes on.
 */
export function positionWindow(args: ConnectionArgs, maxOffset = 10_000): { request: PageRequest; offset: number; limit: number } {
  const request = pageRequest(args);
  const field = request.direction === 'backward' ? 'before' : 'after';
  let position = -1;
  if (request.cursor) {
    const value = decodeCursor(request.cursor, field) as { p?: unknown };
    if (!value || typeof value !== 'object' || !Number.isInteger(value.p) || (value.p as number) < 0) {
      throw badInput(`"${field}" is not a cursor of this search.`, field, 'INVALID_CURSOR');
    }
    position = value.p as number;
  }
  let offset: number;
  let limit: number;
  if (request.direction === 'forward') {
    offset = position + 1;
    limit = request.size;
  } else {
    if (!request.cursor) throw badInput('Searching backwards needs a "before" cursor.', 'last');
    offset = Math.max(0, position - request.size);
    limit = position - offset;
  }
  if (offset > maxOffset) throw badInput(`Search results are paged up to position ${maxOffset}; refine the search.`, field);
  return { request, offset, limit };
}

/**
 * A Relay page over a relevance-ranked query (search results), where no stable key exists:
 * cursors hold positions. `order.sql` must end with the primary key so that positions are stable.
 */
export async function rankedPage<T>(
  em: EntityManager,
  query: ListQuery,
  order: { sql: string; params: unknown[] },
  args: ConnectionArgs,
  map: (row: Record<string, unknown>) => T,
  maxOffset = 10_000,
): Promise<Page<T>> {
  const { request, offset, limit } = positionWindow(args, maxOffset);
  const sql =
    `select ${query.columns ?? `${query.alias}.*`} from ${query.from}${query.joins ?? ''}` +
    ` where ${query.where.join(' and ') || 'true'} order by ${order.sql} limit ? offset ?`;
  const params = [...query.params, ...order.params, limit + 1, offset];
  const rows = await queryRows(em, sql, params);
  const more = rows.length > limit;
  const edges = rows.slice(0, limit).map((row, index) => ({ cursor: encodeCursor({ p: offset + index }), node: map(row) }));
  return {
    edges,
    pageInfo: {
      hasNextPage: request.direction === 'forward' ? more : true,
      hasPreviousPage: offset > 0,
      startCursor: edges[0]?.cursor ?? null,
      endCursor: edges.at(-1)?.cursor ?? null,
    },
    totalCount: countQuery(em, query),
  };
}
