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

/** operationName → the statement and its parameters; null when the variables do not fit. */
const operations: Record<string, (variables: Variables) => { sql: string; params: unknown[] } | null> = {
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
      const operation = operationName ? operations[operationName]?.(variables ?? {}) : null;
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

main();
