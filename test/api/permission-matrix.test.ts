/**
 * The whole matrix: every kind of caller × every sharing tier and status × every path through
 * which a resource, its content or its existence could show. A cell fails the moment any path
 * shows more than the rules allow, or less than they promise.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestHub, type GraphQLResponse, type TestHub } from '../helpers/hub';
import { createIdentity, type IdentityOptions } from '../helpers/identities';
import { globalId, insertGrant, insertResources, localityId, relationId, withClient, type Status, type Tier } from '../helpers/resources';

const OWNER_UNIT = '610000-SCIENCE-TECH';
const TAG = 'matrix';
const COUNTRY = 'IS';

type ResourceKey = 'pub' | 'unc' | 'cond' | 'ns' | 'draft' | 'withdrawn';
const RESOURCES: Record<ResourceKey, { tier: Tier; status: Status }> = {
  pub: { tier: 'PUBLIC', status: 'PUBLISHED' },
  unc: { tier: 'UNCONDITIONAL', status: 'PUBLISHED' },
  cond: { tier: 'CONDITIONAL', status: 'PUBLISHED' },
  ns: { tier: 'NOT_SHARED', status: 'PUBLISHED' },
  draft: { tier: 'UNCONDITIONAL', status: 'DRAFT' },
  withdrawn: { tier: 'PUBLIC', status: 'WITHDRAWN' },
};
const KEYS = Object.keys(RESOURCES) as ResourceKey[];
/** A word only this resource's title holds, and one only its body holds (never searchable). */
const titleWord = (key: ResourceKey) => `zorblat${key}`;
const bodyWord = (key: ResourceKey) => `quexifor${key}`;

type Who =
  | 'anonymous'
  | 'ownerEditor'
  | 'ownerViewer'
  | 'otherEditor'
  | 'grantee'
  | 'expiredGrantee'
  | 'revokedGrantee'
  | 'dashboardService'
  | 'operatorEditor'
  | 'hubAdmin'
  | 'hubAdminReadOnly';

const CALLERS: Record<Exclude<Who, 'anonymous'>, IdentityOptions> = {
  ownerEditor: { unit: OWNER_UNIT, role: 'EDITOR' },
  ownerViewer: { unit: OWNER_UNIT, role: 'VIEWER' },
  otherEditor: { unit: '610000-EDUCATION', role: 'EDITOR' },
  grantee: { unit: '610000-CULTURE-TOURISM', role: 'EDITOR' },
  expiredGrantee: { unit: '610100-FAO', role: 'EDITOR' },
  revokedGrantee: { unit: '140000-FAO', role: 'EDITOR' },
  dashboardService: { unit: '610000-FAO', role: 'VIEWER', kind: 'SERVICE', readOnly: true },
  operatorEditor: { unit: '610000-FAO', role: 'EDITOR' },
  hubAdmin: { unit: '610000-FAO', role: 'ADMIN' },
  hubAdminReadOnly: { unit: '610000-FAO', role: 'ADMIN', readOnly: true },
};
const WHO = ['anonymous', ...Object.keys(CALLERS)] as Who[];

/** The rules, written out independently of the code under test. */
function visible(who: Who, key: ResourceKey): boolean {
  if (who === 'hubAdmin' || who === 'hubAdminReadOnly' || who === 'ownerEditor' || who === 'ownerViewer') return true;
  if (who === 'anonymous') return key === 'pub';
  return key === 'pub' || key === 'unc' || key === 'cond';
}

function readable(who: Who, key: ResourceKey): boolean {
  if (!visible(who, key)) return false;
  if (who === 'hubAdmin' || who === 'hubAdminReadOnly' || who === 'ownerEditor' || who === 'ownerViewer') return true;
  if (key === 'cond') return who === 'grantee';
  return key === 'pub' || key === 'unc';
}

/** May change the resource (update): the owner unit's editors and writing hub admins. */
const mayChange = (who: Who) => who === 'ownerEditor' || who === 'hubAdmin';

let hub: TestHub;
const headers = {} as Record<Who, Record<string, string>>;
const ids = {} as Record<ResourceKey, string>;
const titles = {} as Record<ResourceKey, string>;
let ownerUnitId: string;
let relationGid: string;
let foreignGid: string;
let domesticGid: string;
/** Every error message any caller received, to check that none names what it may not see. */
const messages: Array<{ who: Who; message: string }> = [];

beforeAll(async () => {
  hub = await startTestHub();
  headers.anonymous = {};
  for (const [who, options] of Object.entries(CALLERS)) headers[who as Who] = (await createIdentity(hub.databaseUrl, options)).headers;

  const reykjavik = await localityId(hub.databaseUrl, { name: 'Reykjavík', country: COUNTRY });
  const xian = await localityId(hub.databaseUrl, { gbCode: '610100' });
  const relation = await relationId(hub.databaseUrl, '610100', 'Kyoto');
  const inserted = await insertResources(
    hub.databaseUrl,
    KEYS.map((key) => ({
      owner: OWNER_UNIT,
      kind: 'DATASET' as const,
      ...RESOURCES[key],
      titleEn: `Glacier research ${titleWord(key)} dataset`,
      summaryEn: `Measurements shared under the ${RESOURCES[key].tier.toLowerCase()} tier.`,
      bodyEn: `Download instructions: ${bodyWord(key)}.`,
      contact: { name: 'Dr. Example', email: 'data@example.org' },
      links: [{ url: 'https://example.org/data' }],
      tags: [TAG],
      countries: [COUNTRY],
      foreignLocalities: [reykjavik],
      relations: [relation],
      domesticLocality: xian,
    })),
  );
  KEYS.forEach((key, index) => {
    ids[key] = inserted[index].globalId;
    titles[key] = `Glacier research ${titleWord(key)} dataset`;
  });
  ownerUnitId = globalId('MemberUnit', inserted[0].ownerUnitId);
  relationGid = globalId('FriendshipRelation', relation);
  foreignGid = globalId('Locality', reykjavik);
  domesticGid = globalId('Locality', xian);

  const condId = inserted[KEYS.indexOf('cond')].id;
  await insertGrant(hub.databaseUrl, { resourceId: condId, unit: CALLERS.grantee.unit });
  await insertGrant(hub.databaseUrl, { resourceId: condId, unit: CALLERS.expiredGrantee.unit, expiresAt: new Date(Date.now() - 1000) });
  await insertGrant(hub.databaseUrl, { resourceId: condId, unit: CALLERS.revokedGrantee.unit, revokedAt: new Date(Date.now() - 1000) });
});
afterAll(async () => {
  await hub?.stop();
});

async function data(who: Who, query: string, variables: Record<string, unknown> = {}) {
  const response = await hub.gql(query, variables, headers[who]);
  expect(response.errors, `${who}: ${query}`).toBeUndefined();
  return response.data;
}

async function failure(who: Who, query: string, variables: Record<string, unknown>): Promise<NonNullable<GraphQLResponse['errors']>[number]> {
  const response = await hub.gql(query, variables, headers[who]);
  expect(response.errors?.length, `${who} expected an error`).toBeGreaterThan(0);
  for (const error of response.errors!) messages.push({ who, message: error.message });
  return response.errors![0];
}

const expectedIds = (who: Who) => KEYS.filter((key) => visible(who, key)).map((key) => ids[key]).sort();
const idsOf = (connection: { edges: Array<{ node: { id: string } }> }) => connection.edges.map((edge) => edge.node.id).sort();

const FILTER = { tag: TAG };
const NODE_FIELDS = 'id ... on SharedResource { contentReadable body bodyEn contact { email } links { url } attachments { url } }';

describe.each(WHO)('for %s', (who) => {
  it('the list, its totalCount and node(id) show exactly the visible resources, content only where readable', async () => {
    const list = await data(who, `query($f: ResourceFilter) { resources(filter: $f, first: 50) { totalCount edges { node { id } } } }`, {
      f: FILTER,
    });
    expect(idsOf(list.resources)).toEqual(expectedIds(who));
    expect(list.resources.totalCount).toBe(expectedIds(who).length);

    const nodes = await data(who, `{ ${KEYS.map((key) => `${key}: node(id: "${ids[key]}") { ${NODE_FIELDS} }`).join(' ')} }`);
    for (const key of KEYS) {
      const node = nodes[key];
      if (!visible(who, key)) {
        expect(node, `${who} must not see ${key} through node(id)`).toBeNull();
        continue;
      }
      expect(node, `${who} must see ${key} through node(id)`).not.toBeNull();
      expect(node.contentReadable).toBe(readable(who, key));
      if (readable(who, key)) {
        expect(node.body).toContain(bodyWord(key));
        expect(node.contact.email).toBe('data@example.org');
        expect(node.links).toEqual([{ url: 'https://example.org/data' }]);
      } else {
        expect([node.body, node.bodyEn, node.contact, node.links, node.attachments], `${who} must not read ${key}'s content`).toEqual([
          null,
          null,
          null,
          null,
          null,
        ]);
      }
    }
  });

  it('full-text search finds a resource by its title only when visible, and never by hidden content', async () => {
    const query = `{ ${KEYS.map((key) => `${key}: resources(filter: { text: "${titleWord(key)}" }, first: 5) { totalCount edges { node { id } } }`).join(' ')}
      ${KEYS.map((key) => `body_${key}: resources(filter: { text: "${bodyWord(key)}" }, first: 5) { totalCount }`).join(' ')} }`;
    const found = await data(who, query);
    for (const key of KEYS) {
      expect(idsOf(found[key]), `${who} searching ${key}'s title`).toEqual(visible(who, key) ? [ids[key]] : []);
      expect(found[key].totalCount).toBe(visible(who, key) ? 1 : 0);
      expect(found[`body_${key}`].totalCount, `${who} searching ${key}'s body`).toBe(0);
    }
  });

  it("nested edges (the owner unit's, the relation's, both localities') show exactly the visible resources", async () => {
    const edge = 'resources(filter: $f, first: 50) { totalCount edges { node { id } } }';
    const nested = await data(
      who,
      `query($f: ResourceFilter) {
        unit: node(id: "${ownerUnitId}") { ... on MemberUnit { ${edge} } }
        relation: node(id: "${relationGid}") { ... on FriendshipRelation { ${edge} } }
        foreign: node(id: "${foreignGid}") { ... on Locality { ${edge} } }
        domestic: node(id: "${domesticGid}") { ... on Locality { ${edge} } }
      }`,
      { f: FILTER },
    );
    for (const path of ['unit', 'relation', 'foreign', 'domestic']) {
      expect(idsOf(nested[path].resources), `${who} through ${path}.resources`).toEqual(expectedIds(who));
      expect(nested[path].resources.totalCount).toBe(expectedIds(who).length);
    }
  });

  it('contribution stats count only the visible resources', async () => {
    const stats = await data(
      who,
      `query($f: ResourceFilter) {
        byKind: contributionStats(groupBy: KIND, filter: $f) { key count }
        byCountry: contributionStats(groupBy: COUNTRY, filter: $f) { key count }
        byUnit: contributionStats(groupBy: UNIT, filter: $f) { key count }
      }`,
      { f: FILTER },
    );
    const total = (rows: Array<{ count: number }>) => rows.reduce((sum, row) => sum + row.count, 0);
    const expected = expectedIds(who).length;
    expect(total(stats.byKind)).toBe(expected);
    expect(total(stats.byCountry)).toBe(expected);
    expect(total(stats.byUnit)).toBe(expected);
    expect(stats.byCountry.map((row: { key: string }) => row.key)).toEqual(expected ? [COUNTRY] : []);
  });

  it('changing a resource: invisible ones answer exactly like missing ones, visible ones FORBIDDEN unless allowed', async () => {
    const update = `mutation($input: UpdateResourceInput!) { updateResource(input: $input) { resource { id version } } }`;
    const missingId = globalId('SharedResource', 999_999_999);
    const missing = mayChange(who) ? null : await failure(who, update, { input: { id: missingId, expectedVersion: 1, summaryEn: 'Changed' } });
    // Callers who may change take the current version, as a client would after reading.
    const versions = mayChange(who)
      ? await data(who, `{ ${KEYS.map((key) => `${key}: node(id: "${ids[key]}") { ... on SharedResource { version } }`).join(' ')} }`)
      : {};
    for (const key of KEYS) {
      const variables = { input: { id: ids[key], expectedVersion: versions[key]?.version ?? 1, summaryEn: `Changed by ${who}` } };
      if (mayChange(who)) {
        const changed = await data(who, update, variables);
        expect(changed.updateResource.resource.id).toBe(ids[key]);
        continue;
      }
      const error = await failure(who, update, variables);
      if (who === 'anonymous') {
        expect(error.extensions?.code).toBe('UNAUTHENTICATED');
      } else if (!visible(who, key)) {
        expect(error.extensions?.code, `${who} changing invisible ${key}`).toBe(missing!.extensions?.code);
        expect(error.message.replace(ids[key], 'ID')).toBe(missing!.message.replace(missingId, 'ID'));
      } else {
        expect(error.extensions?.code, `${who} changing visible ${key}`).toBe('FORBIDDEN');
      }
    }
  });

  it('applying for access: invisible resources answer exactly like missing ones', async () => {
    const request = `mutation($input: RequestAccessInput!) { requestAccess(input: $input) { request { id } } }`;
    const purpose = 'Planning a joint glacier research programme with Reykjavik.';
    const missingId = globalId('SharedResource', 999_999_999);
    const missing = await failure(who, request, { input: { resource: missingId, purpose } });
    for (const key of KEYS.filter((k) => !visible(who, k))) {
      const error = await failure(who, request, { input: { resource: ids[key], purpose } });
      expect(error.extensions?.code).toBe(missing.extensions?.code);
      expect(error.message.replace(ids[key], 'ID')).toBe(missing.message.replace(missingId, 'ID'));
    }
  });

  it('the audit log shows a member only what concerns its own unit, and anonymous callers nothing', async () => {
    const response = await hub.gql(`{ auditLog(first: 100) { edges { node { subjectOwnerUnit { code } unit { code } } } } }`, {}, headers[who]);
    if (who === 'anonymous') {
      expect(response.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
      return;
    }
    expect(response.errors).toBeUndefined();
    if (who === 'hubAdmin' || who === 'hubAdminReadOnly') return;
    const own = CALLERS[who as Exclude<Who, 'anonymous'>].unit;
    for (const edge of response.data.auditLog.edges) expect(edge.node.subjectOwnerUnit?.code).toBe(own);
  });
});

describe('across the matrix', () => {
  it('no error message names a resource its caller may not see', () => {
    expect(messages.length).toBeGreaterThan(0);
    for (const { who, message } of messages) {
      for (const key of KEYS.filter((k) => !visible(who, k))) expect(message, `${who} got "${message}"`).not.toContain(titles[key]);
      expect(message).not.toMatch(/quexifor|zorblat/);
    }
  });

  it('every protected read by a unit other than the owner was recorded, and none by the owner', async () => {
    const rows = await withClient(hub.databaseUrl, (client) =>
      client.query<{ unit: string; subject: string }>(
        `select u.code as unit, e.subject_id as subject from audit_entry e join member_unit u on u.id = e.unit_id
         where e.action = 'readContent' and e.subject_type = 'SharedResource'`,
      ),
    );
    const readers = new Set(rows.rows.map((row) => `${row.unit}:${row.subject}`));
    const condKey = Buffer.from(ids.cond, 'base64url').toString().split(':')[1];
    const nsKey = Buffer.from(ids.ns, 'base64url').toString().split(':')[1];
    expect(readers.has(`${CALLERS.grantee.unit}:${condKey}`)).toBe(true);
    expect(readers.has(`${CALLERS.hubAdmin.unit}:${nsKey}`)).toBe(true);
    for (const entry of readers) expect(entry.startsWith(`${OWNER_UNIT}:`)).toBe(false);
  });
});
