/**
 * The ceiling: a bare node:http + pg server that answers each workload's exact GraphQL response
 * body from ONE hand-written SQL statement that builds the JSON (json_build_object / json_agg),
 * with no GraphQL layer and no cache. Run as its own process:
 *   DATABASE_URL=… PORT=… DB_POOL_MAX=10 node dist/bench/ceiling-server.js
 * Global IDs and cursors are built in SQL exactly as src/shared/global-id.ts and
 * src/shared/pagination.ts build them (base64url of "Type:key" and of the JSON cursor).
 */
import http from 'node:http';
import pg from 'pg';
import { createOrmConfig } from '../src/db/orm.config';
import { createLogger } from '../src/logger';
import { decodeGlobalId } from '../src/shared/global-id';

/** base64url without padding, as Buffer#toString('base64url'). */
const b64url = (text: string) => `translate(rtrim(encode(convert_to(${text}, 'UTF8'), 'base64'), '='), '+/', '-_')`;
const globalId = (type: string, key: string) => b64url(`'${type}:' || ${key}`);
/** pickName(EN, name_en, name_zh): English, else Chinese, else ''. */
const nameEn = (alias: string) => `coalesce(nullif(${alias}.name_en, ''), nullif(${alias}.name_zh, ''), '')`;

/** $1 = first. Ordered by id, cursor [id, id], totalCount over the whole table. */
const NESTED_SQL = `
  with page as (
    select id, kind, status, established_year, domestic_locality_id, foreign_locality_id, liaison_unit_id
    from friendship_relation order by id limit $1::int + 1
  ), shown as (select * from page order by id limit $1::int)
  select json_build_object('data', json_build_object('friendshipRelations', json_build_object(
    'totalCount', (select count(*)::int from friendship_relation),
    'edges', coalesce((
      select json_agg(json_build_object(
        'cursor', ${b64url(`'[' || s.id || ',' || s.id || ']'`)},
        'node', json_build_object(
          'id', ${globalId('FriendshipRelation', 's.id')},
          'kind', s.kind, 'status', s.status, 'establishedYear', s.established_year,
          'domesticLocality', json_build_object(
            'id', ${globalId('Locality', 'd.id')}, 'name', ${nameEn('d')}, 'nameZh', d.name_zh,
            'namePinyin', d.name_pinyin, 'level', d.level),
          'foreignLocality', json_build_object(
            'id', ${globalId('Locality', 'f.id')}, 'name', ${nameEn('f')}, 'population', f.population,
            'country', json_build_object('code', c.code, 'name', ${nameEn('c')}, 'nameZh', c.name_zh)),
          'liaisonUnit', case when u.id is null then null else
            json_build_object('id', ${globalId('MemberUnit', 'u.id')}, 'code', u.code, 'name', ${nameEn('u')}) end
        )) order by s.id)
      from shown s
      join locality d on d.id = s.domestic_locality_id
      join locality f on f.id = s.foreign_locality_id
      join country c on c.code = f.country_code
      left join member_unit u on u.id = s.liaison_unit_id
    ), '[]'::json),
    'pageInfo', json_build_object(
      'hasNextPage', (select count(*) from page) > $1::int,
      'endCursor', (select ${b64url(`'[' || id || ',' || id || ']'`)} from shown order by id desc limit 1))
  )))::text as body`;

/** $1 = id of a Chinese locality, $2 = first; its relations by id, as the hub lists them. */
const LOOKUP_SQL = `
  select json_build_object('data', json_build_object('node', (
    select json_build_object(
      'name', ${nameEn('l')}, 'nameZh', l.name_zh,
      'country', json_build_object('name', ${nameEn('c')}),
      'friendshipRelations', json_build_object('edges', coalesce((
        select json_agg(json_build_object('node', json_build_object('foreignLocality', json_build_object(
          'name', ${nameEn('f')}, 'country', json_build_object('code', f.country_code)))) order by r.id)
        from (select id, foreign_locality_id from friendship_relation
              where domestic_locality_id = l.id order by id limit $2::int) r
        join locality f on f.id = r.foreign_locality_id
      ), '[]'::json)))
    from locality l join country c on c.code = l.country_code
    where l.id = $1::int and l.side = 'DOMESTIC'
  )))::text as body`;

/** $1 = search text, $2 = first; the match and rank of nameSearch in src/shared/search.ts. */
const KEY = 'hub_search_key($1::text)';
const PATTERN = `hub_like_escape(${KEY})`;
const SEARCH_SQL = `
  with hits as (
    select l.id, l.name_en, l.name_zh, l.country_code, l.population,
      case when ' ' || l.search_names || ' ' like '% ' || ${PATTERN} || ' %' then 0
           when ' ' || l.search_names like '% ' || ${PATTERN} || '%' then 1 else 2 end as exactness,
      hub_name_distance(${KEY}, l.search_names) as distance
    from locality l
    where l.side = 'FOREIGN' and (l.search_names like '%' || ${PATTERN} || '%' or ${KEY} <% l.search_names)
    order by exactness, distance, coalesce(l.population, -1) desc, l.id
    limit $2::int
  )
  select json_build_object('data', json_build_object('foreignLocalities', json_build_object('edges', coalesce((
    select json_agg(json_build_object('node', json_build_object(
      'name', ${nameEn('h')}, 'country', json_build_object('code', h.country_code), 'population', h.population))
      order by h.exactness, h.distance, coalesce(h.population, -1) desc, h.id)
    from hits h
  ), '[]'::json))))::text as body`;

/**
 * The caller, from the bearer token ($1), as the hub authenticates it; then the sharing rules of
 * src/modules/resources/resource.visibility.ts written out by hand.
 */
const VIEWER_CTE = `
  v as (
    select a.member_unit_id as unit_id, (u.hub_operator and a.role = 'ADMIN') as hub_admin
    from api_token t join account a on a.id = t.account_id join member_unit u on u.id = a.member_unit_id
    where t.token_hash = sha256(convert_to($1::text, 'UTF8')) and t.revoked_at is null
      and (t.expires_at is null or t.expires_at > now()) and a.disabled_at is null
  )`;
const VISIBLE = `(v.hub_admin or r.owner_unit_id = v.unit_id or (r.status = 'PUBLISHED' and r.tier <> 'NOT_SHARED'))`;
const READABLE = `(v.hub_admin or r.tier in ('PUBLIC', 'UNCONDITIONAL') or r.owner_unit_id = v.unit_id or (r.tier = 'CONDITIONAL' and exists (
    select 1 from access_grant g where g.resource_id = r.id and g.grantee_unit_id = v.unit_id
      and g.revoked_at is null and (g.expires_at is null or g.expires_at > now()))))`;
const MICROS = (column: string) => `(extract(epoch from ${column} at time zone 'UTC') * 1000000)::bigint`;
const pick = (en: string, zh: string) => `coalesce(nullif(${en}, ''), nullif(${zh}, ''))`;

/**
 * $1 token, $2 first, then the values of the filters given (`filters` below writes only those
 * conditions, as one would by hand: a generic "$n is null or …" keeps PostgreSQL from using a
 * semi-join for the country); newest first.
 */
export function resourcesSql(conditions: string[]): string {
  return `
  with ${VIEWER_CTE}, page as (
    select r.id, r.kind, r.title_en, r.title_zh, r.summary_en, r.summary_zh, r.tier, r.status, r.tags, r.owner_unit_id,
      ${MICROS('r.created_at')} as sort, ${READABLE} as readable
    from shared_resource r cross join v
    where ${[VISIBLE, ...conditions].join(' and ')}
    order by ${MICROS('r.created_at')} desc, r.id desc limit $2::int + 1
  ), shown as (select * from page order by sort desc, id desc limit $2::int)
  select json_build_object('data', json_build_object('resources', json_build_object(
    'edges', coalesce((
      select json_agg(json_build_object(
        'cursor', ${b64url(`'[' || s.sort || ',' || s.id || ']'`)},
        'node', json_build_object(
          'id', ${globalId('SharedResource', 's.id')}, 'kind', s.kind,
          'title', coalesce(${pick('s.title_en', 's.title_zh')}, ''), 'summary', ${pick('s.summary_en', 's.summary_zh')},
          'tier', s.tier, 'status', s.status, 'tags', to_json(s.tags), 'contentReadable', s.readable,
          'owner', json_build_object('id', ${globalId('MemberUnit', 'u.id')}, 'code', u.code, 'name', ${nameEn('u')}),
          'countries', coalesce((
            select json_agg(json_build_object('code', c.code) order by c.name_en, c.code)
            from resource_country x join country c on c.code = x.country_code where x.resource_id = s.id
          ), '[]'::json)
        )) order by s.sort desc, s.id desc)
      from shown s join member_unit u on u.id = s.owner_unit_id
    ), '[]'::json),
    'pageInfo', json_build_object(
      'hasNextPage', (select count(*) from page) > $2::int,
      'endCursor', (select ${b64url(`'[' || sort || ',' || id || ']'`)} from shown order by sort, id limit 1))
  )))::text as body`;
}

/** The conditions and values of a `ResourceFilter` (kind, country, tag, tier), numbered from $3. */
function filters(filter: Record<string, unknown>): { conditions: string[]; values: unknown[] } {
  const conditions: string[] = [];
  const values: unknown[] = [];
  const add = (condition: (n: string) => string, value: unknown) => {
    values.push(value);
    conditions.push(condition(`$${values.length + 2}`));
  };
  if (Array.isArray(filter.kind) && filter.kind.length) add((n) => `r.kind = any(${n}::text[])`, filter.kind);
  if (typeof filter.country === 'string') {
    add((n) => `exists (select 1 from resource_country x where x.resource_id = r.id and x.country_code = ${n}::text)`, filter.country);
  }
  if (typeof filter.tag === 'string') add((n) => `r.tags @> array[${n}::text]`, filter.tag);
  if (Array.isArray(filter.tier) && filter.tier.length) add((n) => `r.tier = any(${n}::text[])`, filter.tier);
  return { conditions, values };
}

/** SEARCH_CANDIDATES of src/modules/resources/resource.service.ts (the honesty check catches a drift). */
const SEARCH_CANDIDATES = 500;

/**
 * $1 token, $2 search text, $3 first: the newest SEARCH_CANDIDATES visible matches, best first
 * (ts_rank_cd), ties by id, newest first; as the hub ranks them.
 */
export const FULLTEXT_SQL = `
  with ${VIEWER_CTE}, candidates as (
    select r.id
    from shared_resource r cross join hub_resource_query($2::text) q cross join v
    where r.search_vector @@ q and ${VISIBLE}
    order by ${MICROS('r.created_at')} desc, r.id desc limit ${SEARCH_CANDIDATES}
  ), hits as (
    select r.id, r.kind, r.title_en, r.title_zh, r.tier, r.owner_unit_id, ts_rank_cd(r.search_vector, q)::float8 as rank
    from shared_resource r cross join hub_resource_query($2::text) q
    where r.id in (select id from candidates)
    order by rank desc, r.id desc limit $3::int
  )
  select json_build_object('data', json_build_object('resources', json_build_object('edges', coalesce((
    select json_agg(json_build_object('node', json_build_object(
      'id', ${globalId('SharedResource', 'h.id')}, 'kind', h.kind, 'title', coalesce(${pick('h.title_en', 'h.title_zh')}, ''),
      'tier', h.tier, 'owner', json_build_object('code', u.code))) order by h.rank desc, h.id desc)
    from hits h join member_unit u on u.id = h.owner_unit_id
  ), '[]'::json))))::text as body`;

type Variables = Record<string, unknown>;

type AfterCreate = (connection: { on(): void; query(sql: string, done: (error: Error | null) => void): void }, done: () => void) => void;

/**
 * The SQL the hub runs on each new connection (the trigram threshold its search depends on),
 * taken from its own ORM configuration so that the two servers never drift apart.
 */
function hubSessionSql(): string {
  const config = createOrmConfig({ clientUrl: 'postgres://unused@127.0.0.1/unused', poolMax: 1, acquireTimeoutMs: 1000, logger: createLogger('silent') });
  const afterCreate = (config.pool as { afterCreate?: AfterCreate } | undefined)?.afterCreate;
  let sql = '';
  afterCreate?.({ on: () => undefined, query: (text, done) => ((sql = text), done(null)) }, () => undefined);
  if (!sql) throw new Error('could not read the session SQL from the hub\'s ORM configuration (pool.afterCreate)');
  return sql;
}

const bearer = (authorization: string | undefined) => /^Bearer\s+(\S+)$/i.exec(authorization ?? '')?.[1] ?? '';

/** operationName → the statement and its parameters; null when the variables do not fit. */
const operations: Record<string, (variables: Variables, token: string) => { sql: string; params: unknown[] } | null> = {
  Resources: (v, token) => {
    if (!Number.isInteger(v.first)) return null;
    const { conditions, values } = filters((v.filter ?? {}) as Record<string, unknown>);
    return { sql: resourcesSql(conditions), params: [token, v.first, ...values] };
  },
  Fulltext: (v, token) => (typeof v.text === 'string' ? { sql: FULLTEXT_SQL, params: [token, v.text.trim(), 10] } : null),
  Nested: (v) => (Number.isInteger(v.first) ? { sql: NESTED_SQL, params: [v.first] } : null),
  Lookup: (v) => {
    const decoded = typeof v.id === 'string' ? decodeGlobalId(v.id) : null;
    return decoded?.type === 'Locality' ? { sql: LOOKUP_SQL, params: [Number(decoded.key), 20] } : null;
  },
  Search: (v) => (typeof v.q === 'string' ? { sql: SEARCH_SQL, params: [v.q.trim(), 10] } : null),
};

function readBody(request: http.IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    request.on('error', reject);
  });
}

function main() {
  const url = process.env.DATABASE_URL;
  if (!url) throw new Error('DATABASE_URL is required');
  const pool = new pg.Pool({ connectionString: url, max: Number(process.env.DB_POOL_MAX ?? 10) });
  const sessionSql = hubSessionSql();
  pool.on('connect', (client) => void client.query(sessionSql));
  pool.on('error', () => undefined);

  const server = http.createServer(async (request, response) => {
    const send = (status: number, text: string) => {
      response.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(text) });
      response.end(text);
    };
    try {
      if (request.url === '/healthz') return send(200, '{"status":"ok"}');
      if (request.method !== 'POST' || request.url !== '/graphql') return send(404, '{"error":"POST /graphql"}');
      const { operationName, variables } = JSON.parse(await readBody(request)) as { operationName?: string; variables?: Variables };
      const operation = operationName ? operations[operationName]?.(variables ?? {}, bearer(request.headers.authorization)) : null;
      if (!operation) return send(400, '{"errors":[{"message":"unknown operation or variables"}]}');
      const { rows } = await pool.query<{ body: string }>(operation.sql, operation.params);
      send(200, rows[0].body);
    } catch (error) {
      send(500, JSON.stringify({ errors: [{ message: String(error) }] }));
    }
  });
  server.keepAliveTimeout = 65_000;
  server.listen(Number(process.env.PORT ?? 0), '127.0.0.1');
  const stop = () => {
    server.close(() => void pool.end().then(() => process.exit(0)));
    server.closeIdleConnections();
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}

if (require.main === module) main();
