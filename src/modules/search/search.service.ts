import type { EntityManager } from '@mikro-orm/postgresql';
import type { Viewer } from '../../auth/viewer';
import { badInput } from '../../errors';
import { pageRequest } from '../../shared/connection';
import { encodeCursor } from '../../shared/pagination';
import { searchArgument } from '../../shared/search';
import { queryRows } from '../../shared/sql';
import { SearchType } from './search.enums';

/**
 * Per type, `search` ranks the newest matches the caller may see, at most this many (and its
 * totalCount counts them): ranking every match of a common word would read thousands of
 * documents per request, and finding the newest 100 reads about a tenth of what the newest 500
 * did (bench:info).
 */
export const SEARCH_CANDIDATES_PER_TYPE = 100;

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

/** Each type's search table (see Migration20261207000000_search_documents). */
const SEARCH_TABLES: Record<SearchType, string> = {
  [SearchType.RESOURCE]: 'search_resource',
  [SearchType.INFORMATION]: 'search_information',
  [SearchType.CATALOGUE]: 'search_catalogue',
};

/**
 * Who may find a search row: its `audience` holds its type's read rule (resources,
 * informationItems and catalogueMatters apply the same one), worked out by the triggers that
 * keep the search tables: 2 anyone, 1 every member, 0 the owner unit and hub admins.
 */
function findableSql(viewer: Viewer, alias: string): { sql: string; params: unknown[] } {
  if (viewer.kind === 'anonymous') return { sql: `${alias}.audience = 2`, params: [] };
  if (viewer.hubAdmin) return { sql: 'true', params: [] };
  return { sql: `(${alias}.audience >= 1 or ${alias}.owner_unit_id = ?)`, params: [viewer.unitId] };
}

/**
 * One branch of the search: the newest SEARCH_CANDIDATES_PER_TYPE findable matches (only ids and
 * times go through that sort; the planner walks the creation index for common words and reads
 * the text index for rare ones), then ranked. The candidates come first: the hub's sessions keep
 * joins in the order written.
 */
function branchSql(type: SearchType, viewer: Viewer, text: string): { sql: string; params: unknown[] } {
  const table = SEARCH_TABLES[type];
  const findable = findableSql(viewer, 's');
  const where = ['s.document @@ q', ...(findable.sql === 'true' ? [] : [findable.sql])];
  const candidates =
    `select s.id, s.created_at from ${table} s cross join hub_resource_query(?) as q ` +
    `where ${where.join(' and ')} order by s.created_at desc, s.id desc limit ${SEARCH_CANDIDATES_PER_TYPE}`;
  return {
    sql:
      `select '${type}'::text as type, c.id, ts_rank_cd(s.document, q)::float8 as rank, c.created_at as time ` +
      `from (${candidates}) c join ${table} s on s.id = c.id cross join hub_resource_query(?) as q`,
    params: [text, ...findable.params, text],
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
  const { sql, params, size, paged } = searchStatement(viewer, request);
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
  return { hits, hasNextPage: found.length > size, hasPreviousPage: paged, totalCount: total };
}

/**
 * The one statement of a search (`?` placeholders, see queryRows): the page's hits (one more than
 * `size`, to tell whether another page follows), plus one row (part 1) with the total; `paged`
 * when it continues after a cursor. Exported for bench:info, which also sends it without the hub.
 */
export function searchStatement(viewer: Viewer, request: SearchRequest): { sql: string; params: unknown[]; size: number; paged: boolean } {
  const { text, types, size, cursor } = checkedRequest(request);
  const branches = types.map((type) => branchSql(type, viewer, text));
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
  return { sql, params, size, paged: cursor != null };
}
