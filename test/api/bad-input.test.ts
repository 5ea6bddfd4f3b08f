import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestHub, type TestHub } from '../helpers/hub';
import { expectNoInternalDetail, postGraphQL, request, type RawResponse } from '../helpers/http';
import { createIdentity } from '../helpers/identities';

let hub: TestHub;
beforeAll(async () => {
  hub = await startTestHub();
});
afterAll(async () => {
  await hub?.stop();
});

const globalId = (type: string, key: string | number) => Buffer.from(`${type}:${key}`).toString('base64url');

/** The first error of a response, after checking the body gives nothing internal away. */
function firstError(response: RawResponse) {
  expectNoInternalDetail(response.text);
  expect(response.json?.errors?.length, `expected errors in ${response.text.slice(0, 300)}`).toBeGreaterThan(0);
  return response.json.errors[0] as { message: string; extensions: Record<string, any> };
}

/** Asserts a BAD_USER_INPUT error naming `field`, and returns it. */
async function expectBadInput(query: string, variables: Record<string, unknown> | undefined, field: string) {
  const response = await postGraphQL(hub.url, query, variables);
  const error = firstError(response);
  expect(error.extensions.code).toBe('BAD_USER_INPUT');
  expect(error.extensions.field).toBe(field);
  return error;
}

/** A query nested `levels` deep through locality parents. */
function nestedParents(levels: number): string {
  let selection = 'id';
  for (let i = 0; i < levels; i++) selection = `parent { ${selection} }`;
  return `{ localities(first: 1) { edges { node { ${selection} } } } }`;
}

/** `count` aliased copies of one field. */
const aliased = (count: number) => `{ ${Array.from({ length: count }, (_, i) => `c${i}: country(code: "JP") { code }`).join(' ')} }`;

describe('malformed GraphQL', () => {
  it('a syntax error is answered with HTTP 400 and GRAPHQL_PARSE_FAILED, without a stack trace', async () => {
    const response = await postGraphQL(hub.url, '{ countries(first: 1) { edges ');
    expect(response.status).toBe(400);
    const error = firstError(response);
    expect(error.extensions.code).toBe('GRAPHQL_PARSE_FAILED');
    expect(error.message).toMatch(/Syntax Error/);
  });

  it('asking for a field the schema does not have is answered with HTTP 400 and GRAPHQL_VALIDATION_FAILED', async () => {
    const response = await postGraphQL(hub.url, '{ countries(first: 1) { edgez { node { id } } } }');
    expect(response.status).toBe(400);
    const error = firstError(response);
    expect(error.extensions.code).toBe('GRAPHQL_VALIDATION_FAILED');
    expect(error.message).toContain('edgez');
  });

  it('a literal argument of the wrong type is answered with HTTP 400 and GRAPHQL_VALIDATION_FAILED', async () => {
    const response = await postGraphQL(hub.url, '{ countries(first: "ten") { totalCount } }');
    expect(response.status).toBe(400);
    expect(firstError(response).extensions.code).toBe('GRAPHQL_VALIDATION_FAILED');
  });

  it('a variable of the wrong type is answered with HTTP 400 and BAD_USER_INPUT', async () => {
    const response = await postGraphQL(hub.url, 'query($first: Int) { countries(first: $first) { totalCount } }', { first: 'ten' });
    expect(response.status).toBe(400);
    const error = firstError(response);
    expect(error.extensions.code).toBe('BAD_USER_INPUT');
    expect(error.message).toContain('$first');
  });
});

describe('query limits', () => {
  it('a query nested deeper than the depth limit is rejected before it runs, with reason MAX_DEPTH', async () => {
    const { result: response, statements } = await hub.countQueries(() => postGraphQL(hub.url, nestedParents(7)));
    expect(response.status).toBe(400);
    const error = firstError(response);
    expect(error.extensions).toMatchObject({ code: 'GRAPHQL_VALIDATION_FAILED', reason: 'MAX_DEPTH' });
    expect(error.message).toMatch(/nested 11 levels deep; at most 10/);
    expect(error.message).not.toMatch(/Syntax Error/);
    expect(statements).toEqual([]);
  });

  it('a query at the depth limit runs', async () => {
    // localities > edges > node > 6 parents > id: depth 10
    const response = await postGraphQL(hub.url, nestedParents(6));
    expect(response.json.errors).toBeUndefined();
    expect(response.json.data.localities.edges).toHaveLength(1);
  });

  it('more than 15 aliases are rejected with reason MAX_ALIASES, and 15 are accepted', async () => {
    const over = await postGraphQL(hub.url, aliased(16));
    expect(over.status).toBe(400);
    const error = firstError(over);
    expect(error.extensions).toMatchObject({ code: 'GRAPHQL_VALIDATION_FAILED', reason: 'MAX_ALIASES' });
    expect(error.message).toMatch(/16 aliases; at most 15/);

    const atLimit = await postGraphQL(hub.url, aliased(15));
    expect(atLimit.json.errors).toBeUndefined();
    expect(atLimit.json.data.c14.code).toBe('JP');
  });

  it('GRAPHQL_MAX_ALIASES lowers the alias limit', async () => {
    const strict = await startTestHub({ databaseUrl: hub.databaseUrl }, { GRAPHQL_MAX_ALIASES: '3' });
    try {
      const over = await postGraphQL(strict.url, aliased(4));
      const error = firstError(over);
      expect(error.extensions).toMatchObject({ code: 'GRAPHQL_VALIDATION_FAILED', reason: 'MAX_ALIASES' });
      expect(error.message).toMatch(/at most 3/);
      const atLimit = await postGraphQL(strict.url, aliased(3));
      expect(atLimit.json.errors).toBeUndefined();
    } finally {
      await strict.stop();
    }
  });

  it('a query whose estimated cost is over the limit is rejected with reason MAX_COST', async () => {
    // 100 provinces × 100 prefectures × 100 counties: a million names from one request.
    const expensive = `{ localities(first: 100) { edges { node { children(first: 100) { edges { node { children(first: 100) { edges { node { name } } } } } } } } } }`;
    const { result: response, statements } = await hub.countQueries(() => postGraphQL(hub.url, expensive));
    expect(response.status).toBe(400);
    const error = firstError(response);
    expect(error.extensions).toMatchObject({ code: 'GRAPHQL_VALIDATION_FAILED', reason: 'MAX_COST' });
    expect(error.message).toMatch(/at most 50000 are allowed/);
    expect(statements).toEqual([]);

    const sameShapeSmallPages = expensive.replaceAll('first: 100', 'first: 10');
    expect((await postGraphQL(hub.url, sameShapeSmallPages)).json.errors).toBeUndefined();
  });

  it('a document with more tokens than the limit is rejected with reason MAX_TOKENS', async () => {
    const response = await postGraphQL(hub.url, `{ ${'__typename '.repeat(2100)}}`);
    expect(response.status).toBe(400);
    const error = firstError(response);
    expect(error.extensions).toMatchObject({ code: 'GRAPHQL_VALIDATION_FAILED', reason: 'MAX_TOKENS' });
    expect(error.message).toMatch(/more than 2000 tokens/);
    expect(error.message).not.toMatch(/Syntax Error/);
  });

  it('a request body over GRAPHQL_MAX_BODY_BYTES is refused with HTTP 413, and one just under it is served', async () => {
    const QUERY = '{ country(code: "JP") { code } }';
    // A body of exactly `size` bytes: the query padded with spaces, which count as no tokens.
    const padded = (size: number) => JSON.stringify({ query: QUERY + ' '.repeat(size - JSON.stringify({ query: QUERY }).length) });
    const tooLarge = await request(hub.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: padded(100_001) });
    expect(tooLarge.status).toBe(413);
    expect(firstError(tooLarge).extensions.code).toBe('BAD_REQUEST');

    const justUnder = await request(hub.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: padded(99_000) });
    expect(justUnder.status).toBe(200);
    expect(justUnder.json.data.country.code).toBe('JP');
  });
});

describe('IDs', () => {
  it('node() with a string that is not a hub ID is BAD_USER_INPUT on the field "id"', async () => {
    const error = await expectBadInput('{ node(id: "garbage") { id } }', undefined, 'id');
    expect(error.extensions.reason).toBe('INVALID_ID');
  });

  it('node() with an ID of a type the hub does not have is BAD_USER_INPUT', async () => {
    await expectBadInput('query($id: ID!) { node(id: $id) { id } }', { id: globalId('Planet', 3) }, 'id');
  });

  it('node() with a well-formed ID of an object that does not exist returns null without an error', async () => {
    const response = await postGraphQL(hub.url, 'query($id: ID!) { node(id: $id) { id } }', { id: globalId('Locality', 999999) });
    expect(response.json.errors).toBeUndefined();
    expect(response.json.data).toEqual({ node: null });
  });

  it('node() with the ID of an existing locality returns it', async () => {
    const list = await hub.gql('{ localities(first: 1) { edges { node { id name } } } }');
    const locality = list.data.localities.edges[0].node;
    const response = await hub.gql('query($id: ID!) { node(id: $id) { id ... on Locality { name } } }', { id: locality.id });
    expect(response.data.node).toEqual(locality);
  });

  it('a member unit ID given as filter.domesticLocality is BAD_USER_INPUT naming that field', async () => {
    const units = await hub.gql('{ memberUnits(first: 1) { edges { node { id } } } }');
    const unitId = units.data.memberUnits.edges[0].node.id;
    const error = await expectBadInput(
      'query($id: ID!) { friendshipRelations(filter: { domesticLocality: $id }) { totalCount } }',
      { id: unitId },
      'filter.domesticLocality',
    );
    expect(error.extensions.reason).toBe('INVALID_ID');
  });
});

describe('connection arguments', () => {
  for (const first of [101, 0, -1]) {
    it(`first: ${first} is BAD_USER_INPUT naming "first"`, async () => {
      const error = await expectBadInput('query($first: Int) { countries(first: $first) { totalCount } }', { first }, 'first');
      expect(error.extensions.reason).toBe('PAGE_SIZE_OUT_OF_RANGE');
      expect(error.message).toMatch(/between 1 and 100/);
    });
  }

  it('last: 101 is BAD_USER_INPUT naming "last"', async () => {
    await expectBadInput('{ friendshipRelations(last: 101) { totalCount } }', undefined, 'last');
  });

  it('first and last together are BAD_USER_INPUT', async () => {
    const response = await postGraphQL(hub.url, '{ countries(first: 5, last: 5) { totalCount } }');
    const error = firstError(response);
    expect(error.extensions.code).toBe('BAD_USER_INPUT');
    expect(['first', 'last']).toContain(error.extensions.field);
  });

  it('a cursor that is not one the hub handed out is BAD_USER_INPUT naming "after"', async () => {
    for (const after of ['garbage!', 'bm90IGpzb24', Buffer.from('{"p":-1}').toString('base64url')]) {
      const error = await expectBadInput('query($after: String) { countries(first: 5, after: $after) { totalCount } }', { after }, 'after');
      expect(error.extensions.reason).toBe('INVALID_CURSOR');
    }
  });

  it("a cursor from another list's order is BAD_USER_INPUT", async () => {
    // Chinese localities are ordered by GB code (text); relations by id (an integer).
    const localities = await hub.gql('{ localities(first: 2) { pageInfo { endCursor } } }');
    const foreignCursor = localities.data.localities.pageInfo.endCursor;
    expect(foreignCursor).toEqual(expect.any(String));
    const error = await expectBadInput(
      'query($after: String) { friendshipRelations(first: 5, after: $after) { totalCount } }',
      { after: foreignCursor },
      'after',
    );
    expect(error.extensions.reason).toBe('INVALID_CURSOR');

    const before = await expectBadInput(
      'query($before: String) { friendshipRelations(last: 5, before: $before) { totalCount } }',
      { before: foreignCursor },
      'before',
    );
    expect(before.extensions.reason).toBe('INVALID_CURSOR');
  });

  async function pageThrough(field: string, args: string, direction: 'forward' | 'backward'): Promise<string[]> {
    const ids: string[] = [];
    let cursor: string | null = null;
    for (let page = 0; page < 50; page++) {
      const paging = direction === 'forward' ? 'first: 7, after: $cursor' : 'last: 7, before: $cursor';
      const response: any = await hub.gql(
        `query($cursor: String) { ${field}(${args}${args ? ', ' : ''}${paging}) { edges { node { id } } pageInfo { hasNextPage hasPreviousPage startCursor endCursor } } }`,
        { cursor },
      );
      expect(response.errors).toBeUndefined();
      const { edges, pageInfo } = response.data[field];
      const pageIds = edges.map((edge: any) => edge.node.id);
      if (direction === 'forward') {
        ids.push(...pageIds);
        if (!pageInfo.hasNextPage) return ids;
        cursor = pageInfo.endCursor;
      } else {
        ids.unshift(...pageIds);
        if (!pageInfo.hasPreviousPage) return ids;
        cursor = pageInfo.startCursor;
      }
    }
    throw new Error(`${field} did not end within 50 pages`);
  }

  it('paging backwards with last/before returns the same relations as paging forwards, in the same order', async () => {
    const forward = await pageThrough('friendshipRelations', 'filter: { country: "JP" }', 'forward');
    const backward = await pageThrough('friendshipRelations', 'filter: { country: "JP" }', 'backward');
    expect(forward.length).toBeGreaterThan(14);
    expect(new Set(forward).size).toBe(forward.length);
    expect(backward).toEqual(forward);
  });

  it('paging backwards through relations ordered by established year matches paging forwards', async () => {
    const args = 'filter: { country: "US" }, orderBy: { field: ESTABLISHED_YEAR, direction: DESC }';
    const forward = await pageThrough('friendshipRelations', args, 'forward');
    const backward = await pageThrough('friendshipRelations', args, 'backward');
    expect(forward.length).toBeGreaterThan(14);
    expect(backward).toEqual(forward);
  });

  it('paging backwards through provinces (ordered by GB code) matches paging forwards', async () => {
    const forward = await pageThrough('localities', 'filter: { level: PROVINCE }', 'forward');
    const backward = await pageThrough('localities', 'filter: { level: PROVINCE }', 'backward');
    expect(forward.length).toBeGreaterThanOrEqual(31);
    expect(backward).toEqual(forward);
  });
});

describe('search strings', () => {
  const FIXTURE = '100% Pure_Town\\Test';
  let fixtureId: string;

  beforeAll(async () => {
    const client = new pg.Client({ connectionString: hub.databaseUrl });
    await client.connect();
    try {
      const { rows } = await client.query(
        `insert into locality (side, level, country_code, name_en, ascii_name, population)
         values ('FOREIGN', 'CITY', 'NZ', $1, $1, 1234) returning id`,
        [FIXTURE],
      );
      fixtureId = globalId('Locality', rows[0].id);
    } finally {
      await client.end();
    }
  });

  const SEARCH = `query($search: String) {
    foreignLocalities(filter: { search: $search }, first: 100) { totalCount edges { node { id name asciiName alternateNames } } }
  }`;

  for (const character of ['%', '_', '\\']) {
    it(`searching "${character}" finds the names that contain it, not every locality`, async () => {
      const all = await hub.gql('{ foreignLocalities { totalCount } }');
      const response = await hub.gql(SEARCH, { search: character });
      expect(response.errors).toBeUndefined();
      const { totalCount, edges } = response.data.foreignLocalities;
      expect(edges.map((edge: any) => edge.node.id)).toContain(fixtureId);
      expect(totalCount).toBeLessThan(all.data.foreignLocalities.totalCount);
      for (const { node } of edges) {
        const names = [node.name, node.asciiName, ...node.alternateNames].filter(Boolean);
        expect(names.some((name: string) => name.includes(character)), `${node.name} does not contain ${character}`).toBe(true);
      }
    });
  }

  it('searching "100%" finds the locality named "100% Pure_Town\\Test"', async () => {
    const response = await hub.gql(SEARCH, { search: '100%' });
    expect(response.errors).toBeUndefined();
    expect(response.data.foreignLocalities.edges[0].node).toMatchObject({ id: fixtureId, name: FIXTURE });
  });

  it('a search longer than 200 characters is BAD_USER_INPUT on filter.search', async () => {
    const error = await expectBadInput(SEARCH, { search: 'a'.repeat(201) }, 'filter.search');
    expect(error.message).toMatch(/200/);
  });

  it('a search of only spaces and punctuation is BAD_USER_INPUT rather than a match for everything', async () => {
    for (const search of [' - ', "'", ' . ']) {
      await expectBadInput(SEARCH, { search }, 'filter.search');
      await expectBadInput(
        'query($search: String) { localities(filter: { search: $search }) { totalCount } }',
        { search },
        'filter.search',
      );
    }
  });

  for (const search of ['西安', "Xi'an", 'xian', 'Xi an']) {
    it(`searching "${search}" puts the prefecture-level city of Xi'an first`, async () => {
      const response = await hub.gql(
        'query($search: String) { localities(filter: { search: $search }, first: 3) { edges { node { name level gbCode } } } }',
        { search },
      );
      expect(response.errors).toBeUndefined();
      expect(response.data.localities.edges[0].node).toEqual({ name: "Xi'an", level: 'PREFECTURE', gbCode: '610100' });
    });
  }
});

describe('HTTP protocol', () => {
  it('a batched request (a JSON array) is refused with HTTP 400', async () => {
    const response = await request(hub.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify([{ query: '{ country(code: "JP") { code } }' }, { query: '{ country(code: "FR") { code } }' }]),
    });
    expect(response.status).toBe(400);
    expect(firstError(response).extensions.code).toBe('BAD_REQUEST');
  });

  it('a GET query without a JSON content type or a preflight header is refused as a possible CSRF', async () => {
    const url = `${hub.url}?query=${encodeURIComponent('{ country(code: "JP") { code } }')}`;
    const refused = await request(url);
    expect(refused.status).toBe(400);
    const error = firstError(refused);
    expect(error.extensions.code).toBe('BAD_REQUEST');
    expect(error.message).toMatch(/Cross-Site Request Forgery/);

    for (const header of ['apollo-require-preflight', 'x-apollo-operation-name']) {
      const allowed = await request(url, { headers: { [header]: 'yes' } });
      expect(allowed.status).toBe(200);
      expect(allowed.json.data.country.code).toBe('JP');
    }
  });

  it('a POST with a text/plain body is refused with HTTP 400', async () => {
    const response = await request(hub.url, {
      method: 'POST',
      headers: { 'content-type': 'text/plain' },
      body: JSON.stringify({ query: '{ country(code: "JP") { code } }' }),
    });
    expect(response.status).toBe(400);
    expect(firstError(response).extensions.code).toBe('BAD_REQUEST');
  });

  it('a POST whose JSON is broken is refused with HTTP 400', async () => {
    const response = await request(hub.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"query": ' });
    expect(response.status).toBe(400);
    expect(firstError(response).extensions.code).toBe('BAD_REQUEST');
  });

  it('GET /graphql from a browser serves the IDE as HTML', async () => {
    const response = await request(hub.url, { headers: { accept: 'text/html' } });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/text\/html/);
    expect(response.text).toMatch(/<!DOCTYPE html>/i);
  });

  it('/healthz answers 200, /readyz answers 200 with the database up, and an unknown path 404', async () => {
    const origin = new URL(hub.url).origin;
    const health = await request(`${origin}/healthz`);
    expect(health.status).toBe(200);
    expect(health.json).toEqual({ status: 'ok' });

    const ready = await request(`${origin}/readyz`);
    expect(ready.status).toBe(200);
    expect(ready.json).toMatchObject({ status: 'ready', database: 'up' });

    const unknown = await request(`${origin}/graphiql`);
    expect(unknown.status).toBe(404);
    expectNoInternalDetail(unknown.text);
  });
});

describe('production and development modes', () => {
  const INTROSPECTION = '{ __schema { queryType { name } } }';
  const TYPO = '{ countries(first: 1) { edgez { node { id } } } }';

  it('in production, errors suggest no field names and introspection is off', async () => {
    const production = await startTestHub({ databaseUrl: hub.databaseUrl }, { NODE_ENV: 'production' });
    try {
      const typo = await postGraphQL(production.url, TYPO);
      const error = firstError(typo);
      expect(error.extensions.code).toBe('GRAPHQL_VALIDATION_FAILED');
      expect(typo.text).not.toMatch(/Did you mean/i);

      const introspection = await postGraphQL(production.url, INTROSPECTION);
      expect(introspection.status).toBe(400);
      expect(introspection.json.data).toBeUndefined();
      expect(firstError(introspection).extensions.code).toBe('GRAPHQL_VALIDATION_FAILED');

      const query = await postGraphQL(production.url, '{ country(code: "JP") { code } }');
      expect(query.json.data.country.code).toBe('JP');
    } finally {
      await production.stop();
    }
  });

  it('in production, GRAPHQL_INTROSPECTION=true turns introspection on', async () => {
    const production = await startTestHub({ databaseUrl: hub.databaseUrl }, { NODE_ENV: 'production', GRAPHQL_INTROSPECTION: 'true' });
    try {
      const introspection = await postGraphQL(production.url, INTROSPECTION);
      expect(introspection.json.errors).toBeUndefined();
      expect(introspection.json.data.__schema.queryType.name).toBe('Query');
    } finally {
      await production.stop();
    }
  });

  it('in development, introspection is on and a typo gets a suggestion', async () => {
    const development = await startTestHub({ databaseUrl: hub.databaseUrl }, { NODE_ENV: 'development' });
    try {
      const introspection = await postGraphQL(development.url, INTROSPECTION);
      expect(introspection.json.errors).toBeUndefined();
      expect(introspection.json.data.__schema.queryType.name).toBe('Query');

      const typo = await postGraphQL(development.url, TYPO);
      expect(firstError(typo).message).toMatch(/Did you mean "edges"/);
    } finally {
      await development.stop();
    }
  });
});

describe('control characters in what is written', () => {
  const matter = {
    kind: 'LICENCE', code: 'CONTROL-1', acceptingOffice: 'Service window', processingTimeLimitDays: 10, legalBasis: 'Test regulation',
    procedure: ['Apply'], online: 'OFFLINE', updateCycle: 'YEARLY', tier: 'PUBLIC', free: true, consultation: { text: 'Counter 1' },
    applicationMaterials: [],
  };
  it.each([
    ['a resource title', `mutation($input: ContributeResourceInput!) { contributeResource(input: $input) { resource { id } } }`,
      { kind: 'EVENT', tier: 'PUBLIC', titleEn: 'Trade\u0000fair', publish: false }, 'input.titleEn'],
    ['a resource body', `mutation($input: ContributeResourceInput!) { contributeResource(input: $input) { resource { id } } }`,
      { kind: 'EVENT', tier: 'PUBLIC', titleEn: 'Trade fair', bodyEn: 'Stalls\u0007open', publish: false }, 'input.bodyEn'],
    ['an information item title', `mutation($input: CreateInformationItemInput!) { createInformationItem(input: $input) { item { id } } }`,
      { kind: 'NOTICE', tier: 'PUBLIC', titleEn: 'Visa\u0000notice', effectiveFrom: '2026-01-01' }, 'input.titleEn'],
    ['a catalogue matter name', `mutation($input: AddCatalogueMatterInput!) { addCatalogueMatter(input: $input) { matter { id } } }`,
      { ...matter, nameEn: 'Import\u0000permit' }, 'input.nameEn'],
    ['an exchange purpose', `mutation($input: RecordExchangeInput!) { recordExchange(input: $input) { exchange { id } } }`,
      { kind: 'EVENT', titleEn: 'Film week', startDate: '2026-03-01', endDate: '2026-03-02', tier: 'PUBLIC', fields: ['CULTURE_AND_ARTS'],
        participants: 3, purpose: 'Show\u0000films', destinations: [{ country: 'FR' }] }, 'input.purpose'],
  ])('refuses NUL and other control characters in %s as bad input naming the field, and stores nothing', async (_what, mutation, input, field) => {
    const editor = await createIdentity(hub.databaseUrl, { unit: '610000-COMMERCE', role: 'EDITOR' });
    const response = await postGraphQL(hub.url, mutation, { input }, editor.headers);
    const error = firstError(response);
    expect(error.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field });
    expect(error.message).toMatch(/control characters/);
    const db = new pg.Client({ connectionString: hub.databaseUrl });
    await db.connect();
    try {
      const { rows } = await db.query(`select
        (select count(*) from shared_resource where title_en like 'Trade%')::int
        + (select count(*) from information_item where title_en like 'Visa%')::int
        + (select count(*) from catalogue_matter where code = 'CONTROL-1')::int
        + (select count(*) from exchange where title_en = 'Film week')::int as n`);
      expect(rows[0].n).toBe(0);
    } finally {
      await db.end();
    }
  });
});
