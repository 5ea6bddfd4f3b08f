import type { EntityManager } from '@mikro-orm/postgresql';
import type { Viewer } from '../../auth/viewer';
import { badInput } from '../../errors';
import { pageRequest } from '../../shared/connection';
import { encodeCursor } from '../../shared/pagination';
import { searchArgument } from '../../shared/search';
import { queryRows } from '../../shared/sql';
import { visibleMatterSql } from '../catalogue/catalogue.visibility';
import { visibleInformationSql } from '../information/information.visibility';
import { visibleResourceSql } from '../resources/resource.visibility';
import { SearchType } from './search.enums';

/**
 * Per type, `search` ranks the newest matches the caller may see, at most this many (and its
 * totalCount counts them): like a `resources` text search (SEARCH_CANDIDATES there), ranking every
 * match of a common word would read thousands of documents per request.
 */
export const SEARCH_CANDIDATES_PER_TYPE = 500;

export interface SearchRequest {
  text: string;
  types?: SearchType[] | null;
  first?: number | null;
  after?: string | null;
}

/** One match, in rank order; the caller loads the object through its type's loader. */
export interface SearchHitRow {
  type: SearchType;
  id: number;
  rank: number;
  cursor: string;
}

export interface SearchResult {
  hits: SearchHitRow[];
  hasNextPage: boolean;
  hasPreviousPage: boolean;
  totalCount: number;
}

// Timestamps as whole microseconds since 1970 (UTC): exact in a cursor. For shared resources
// this is the expression of shared_resource_created_idx.
const micros = (column: string) => `(extract(epoch from ${column} at time zone 'UTC') * 1000000)::bigint`;

interface Branch {
  type: SearchType;
  table: string;
  alias: string;
  /** Conditions besides the text match and the visibility rule. */
  where: string[];
  /** ORDER BY of the newest candidates, served by an index. */
  newest: string;
  visible: (viewer: Viewer, alias: string) => { sql: string; params: unknown[] };
}

/**
 * Each type with its own module's read rule: what `resources`, `informationItems` and
 * `catalogueMatters` would show the caller (ACTIVE matters only, as the catalogue lists them).
 */
const BRANCHES: Record<SearchType, Branch> = {
  [SearchType.RESOURCE]: {
    type: SearchType.RESOURCE,
    table: 'shared_resource',
    alias: 'r',
    where: [],
    newest: `${micros('r.created_at')} desc, r.id desc`,
    visible: visibleResourceSql,
  },
  [SearchType.INFORMATION]: {
    type: SearchType.INFORMATION,
    table: 'information_item',
    alias: 'i',
    where: [],
    // Not served by the creation index on purpose: items' vectors hold their bodies (kilobytes,
    // stored out of line), and walking that index tests one vector per row until 500 match.
    // The text index finds the matches without reading a vector, and only their times are sorted
    // (bench:info: 34 -> 22 ms per search on average, the same hits).
    newest: "(i.created_at + interval '0 s') desc, i.id desc",
    visible: visibleInformationSql,
  },
  [SearchType.CATALOGUE]: {
    type: SearchType.CATALOGUE,
    table: 'catalogue_matter',
    alias: 'm',
    where: [`m.status = 'ACTIVE'`],
    newest: 'm.created_at desc, m.id desc',
    visible: visibleMatterSql,
  },
};

/**
 * One branch of the search: the newest SEARCH_CANDIDATES_PER_TYPE visible matches (only ids and
 * times go through that sort, from the creation index for common words or the text index for
 * rare ones), then ranked. The candidates come first: the hub's sessions keep joins in the order
 * written.
 */
function branchSql(branch: Branch, viewer: Viewer, text: string): { sql: string; params: unknown[] } {
  const a = branch.alias;
  const visible = branch.visible(viewer, a);
  const where = [`${a}.search_vector @@ q`, ...branch.where, ...(visible.sql === 'true' ? [] : [visible.sql])];
  const candidates =
    `select ${a}.id, ${micros(`${a}.created_at`)} as t from ${branch.table} ${a} cross join hub_resource_query(?) as q ` +
    `where ${where.join(' and ')} order by ${branch.newest} limit ${SEARCH_CANDIDATES_PER_TYPE}`;
  return {
    sql:
      `select '${branch.type}'::text as type, c.id, ts_rank_cd(${a}.search_vector, q)::float8 as rank, c.t as time ` +
      `from (${candidates}) c join ${branch.table} ${a} on ${a}.id = c.id cross join hub_resource_query(?) as q`,
    params: [text, ...visible.params, text],
  };
}

type Cursor = [rank: number, time: number, type: SearchType, id: number];

function decodeSearchCursor(cursor: string): Cursor {
  const invalid = () => badInput('"after" is not a cursor of a search.', 'after', 'INVALID_CURSOR');
  let value: unknown;
  try {
    if (cursor.length > 500 || !/^[A-Za-z0-9_-]+$/.test(cursor)) throw new Error('shape');
    value = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw invalid();
  }
  if (
    !Array.isArray(value) ||
    value.length !== 4 ||
    typeof value[0] !== 'number' ||
    !Number.isFinite(value[0]) ||
    !Number.isSafeInteger(value[1]) ||
    !Object.values(SearchType).includes(value[2]) ||
    !Number.isSafeInteger(value[3])
  ) {
    throw invalid();
  }
  return value as Cursor;
}

/** Checks the arguments of `search`: BAD_USER_INPUT naming `text`, `types`, `first` or `after`. */
function checkedRequest(request: SearchRequest) {
  if (request.text.includes('\u0000')) throw badInput('"text" contains a NUL character.', 'text', 'INVALID_CHARACTER');
  const text = searchArgument(request.text, 'text');
  if (text == null) throw badInput('"text" needs something to search for.', 'text', 'SEARCH_EMPTY');
  if (request.types != null && request.types.length === 0) {
    throw badInput('"types" names no type: name at least one, or leave it out to search every type.', 'types', 'EMPTY_LIST');
  }
  const types = request.types ? Object.values(SearchType).filter((type) => request.types!.includes(type)) : Object.values(SearchType);
  const page = pageRequest({ first: request.first, after: request.after });
  const cursor = page.cursor == null ? null : decodeSearchCursor(page.cursor);
  return { text, types, size: page.size, cursor };
}

/**
 * What the caller may see of shared resources, information items and catalogue matters that
 * match `text` (websearch syntax over the same tokens for all three, see hub_resource_query), in
 * one statement: per type the newest SEARCH_CANDIDATES_PER_TYPE matches, ranked together by
 * relevance, then newest first, then type and id. Cursors hold all four, so pages never repeat
 * or skip a hit.
 */
export async function search(em: EntityManager, viewer: Viewer, request: SearchRequest): Promise<SearchResult> {
  const { text, types, size, cursor } = checkedRequest(request);
  const branches = types.map((type) => branchSql(BRANCHES[type], viewer, text));
  const params = branches.flatMap((branch) => branch.params);
  let keyset = '';
  if (cursor) {
    keyset = 'where (h.rank, h.time, h.type, h.id) < (?::float8, ?::bigint, ?::text, ?::int) ';
    params.push(...cursor);
  }
  params.push(size + 1);
  const order = 'rank desc, time desc, type desc, id desc';
  const sql =
    `with hits as materialized (${branches.map((branch) => `(${branch.sql})`).join(' union all ')}), ` +
    `page as (select h.type, h.id, h.rank, h.time from hits h ${keyset}order by ${order} limit ?) ` +
    `select 0 as part, type, id, rank, time, null::int as total from page ` +
    `union all select 1, null, null, null, null, (select count(*)::int from hits) ` +
    `order by part, ${order}`;
  const rows = await queryRows<{ part: number; type: SearchType; id: number; rank: number; time: string; total: number | null }>(em, sql, params);
  const total = rows.find((row) => row.part === 1)?.total ?? 0;
  const found = rows.filter((row) => row.part === 0);
  const hits = found.slice(0, size).map((row) => ({
    type: row.type,
    id: row.id,
    rank: row.rank,
    // node-postgres hands bigints over as strings; the cursor holds a number (exact below 2^53).
    cursor: encodeCursor([row.rank, Number(row.time), row.type, row.id]),
  }));
  return { hits, hasNextPage: found.length > size, hasPreviousPage: cursor != null, totalCount: total };
}
