import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { toGlobalId } from '../../src/shared/global-id';
import { startTestHub, type GraphQLResponse, type TestHub } from '../helpers/hub';
import { createIdentity, type TestIdentity } from '../helpers/identities';

const RESOURCE_FIELDS = `id kind titleZh titleEn summaryZh summaryEn tags themes tier notSharedBasis status version publishedAt withdrawnAt withdrawalReason`;

const CONTRIBUTE = `mutation Contribute($input: ContributeResourceInput!) {
  contributeResource(input: $input) { replayed resource { ${RESOURCE_FIELDS} } }
}`;
const UPDATE = `mutation Update($input: UpdateResourceInput!) { updateResource(input: $input) { resource { ${RESOURCE_FIELDS} } } }`;
const PUBLISH = `mutation Publish($input: PublishResourceInput!) { publishResource(input: $input) { resource { ${RESOURCE_FIELDS} } } }`;
const WITHDRAW = `mutation Withdraw($input: WithdrawResourceInput!) { withdrawResource(input: $input) { resource { ${RESOURCE_FIELDS} } } }`;
const REVISIONS = `query Revisions($id: ID!, $first: Int, $after: String) {
  node(id: $id) {
    ... on SharedResource {
      revisions(first: $first, after: $after) {
        totalCount
        pageInfo { hasNextPage endCursor }
        edges { node { id version action changedFields recordedAt unit { code } account { displayName } } }
      }
    }
  }
}`;

let hub: TestHub;
let db: pg.Client;
let editor: TestIdentity; // 610000-COMMERCE EDITOR
let colleague: TestIdentity; // another EDITOR of 610000-COMMERCE
let unitAdmin: TestIdentity; // 610000-COMMERCE ADMIN
let viewer: TestIdentity; // 610000-COMMERCE VIEWER
let readOnly: TestIdentity; // 610000-COMMERCE EDITOR with a read-only token
let educationEditor: TestIdentity; // 610000-EDUCATION EDITOR
let hubAdmin: TestIdentity; // 610000-FAO ADMIN
let operatorEditor: TestIdentity; // 610000-FAO EDITOR: hub operator, but no hub admin

let xian: string; // Locality: Xi'an (domestic)
let kyotoCity: string; // Locality: Kyoto (foreign)
let dortmund: string; // Locality: Dortmund (foreign)
let xianKyoto: string; // FriendshipRelation: Xi'an – Kyoto
let commerceUnit: string; // MemberUnit 610000-COMMERCE
let educationUnit: string; // MemberUnit 610000-EDUCATION

beforeAll(async () => {
  // A 100,000-character body must fit in one request.
  hub = await startTestHub({}, { GRAPHQL_MAX_BODY_BYTES: '2000000' });
  db = new pg.Client({ connectionString: hub.databaseUrl });
  await db.connect();
  const make = (unit: string, role: 'ADMIN' | 'EDITOR' | 'VIEWER', readOnlyToken = false) =>
    createIdentity(hub.databaseUrl, { unit, role, readOnly: readOnlyToken });
  [editor, colleague, unitAdmin, viewer, readOnly, educationEditor, hubAdmin, operatorEditor] = await Promise.all([
    make('610000-COMMERCE', 'EDITOR'),
    make('610000-COMMERCE', 'EDITOR'),
    make('610000-COMMERCE', 'ADMIN'),
    make('610000-COMMERCE', 'VIEWER'),
    make('610000-COMMERCE', 'EDITOR', true),
    make('610000-EDUCATION', 'EDITOR'),
    make('610000-FAO', 'ADMIN'),
    make('610000-FAO', 'EDITOR'),
  ]);
  const one = async (sql: string, params: unknown[] = []) => (await db.query(sql, params)).rows[0];
  xian = toGlobalId('Locality', (await one(`select id from locality where gb_code = '610100'`)).id);
  const relation = await one(
    `select r.id, r.foreign_locality_id from friendship_relation r join locality d on d.id = r.domestic_locality_id
     join locality f on f.id = r.foreign_locality_id where d.gb_code = '610100' and f.name_en = 'Kyoto' and f.country_code = 'JP'`,
  );
  xianKyoto = toGlobalId('FriendshipRelation', relation.id);
  kyotoCity = toGlobalId('Locality', relation.foreign_locality_id);
  dortmund = toGlobalId(
    'Locality',
    (await one(`select id from locality where name_en = 'Dortmund' and country_code = 'DE' and side = 'FOREIGN' order by population desc nulls last limit 1`)).id,
  );
  commerceUnit = toGlobalId('MemberUnit', editor.unitId);
  educationUnit = toGlobalId('MemberUnit', educationEditor.unitId);
});

afterAll(async () => {
  await db?.end();
  await hub?.stop();
});

/* helpers ---------------------------------------------------------------------------------- */

const keyOf = (globalId: string) => Number(Buffer.from(globalId, 'base64url').toString('utf8').split(':')[1]);

function minimal(overrides: Record<string, unknown> = {}) {
  return { kind: 'INVESTMENT_LEAD', tier: 'UNCONDITIONAL', titleEn: 'Solar glass plant seeks a partner in Central Asia', ...overrides };
}

async function contribute(who: TestIdentity | null, input: Record<string, unknown>) {
  return hub.gql(CONTRIBUTE, { input }, who?.headers);
}

/** Contributes and returns the resource, failing the test on any error. */
async function contributed(who: TestIdentity, input: Record<string, unknown> = minimal()) {
  const response = await contribute(who, input);
  expect(response.errors).toBeUndefined();
  return response.data.contributeResource.resource as { id: string; version: number; status: string } & Record<string, any>;
}

function expectError(response: GraphQLResponse, code: string, extra: Record<string, unknown> = {}) {
  expect(response.errors, JSON.stringify(response.data)).toBeDefined();
  expect(response.errors![0].extensions).toMatchObject({ code, ...extra });
  expect(response.data?.contributeResource ?? response.data?.updateResource ?? null).toBeNull();
}

/** The bad fields a BAD_USER_INPUT error names. */
const badFields = (response: GraphQLResponse) => (response.errors?.[0].extensions?.fields ?? []).map((f: { field: string }) => f.field);

/** Rows of every table a resource mutation writes; equal before and after means nothing was stored. */
async function footprint() {
  const { rows } = await db.query(`select
    (select count(*) from shared_resource)::int as resources,
    (select count(*) from resource_revision)::int as revisions,
    (select count(*) from resource_country)::int as countries,
    (select count(*) from resource_locality)::int as localities,
    (select count(*) from resource_relation)::int as relations,
    (select coalesce(sum(version), 0) from shared_resource)::int as versions`);
  return rows[0];
}

async function revisionsOf(id: string) {
  const { rows } = await db.query(
    `select version, action, changed_fields, changes, account_id, unit_id from resource_revision where resource_id = $1 order by version`,
    [keyOf(id)],
  );
  return rows;
}

async function lastAudit(action: string) {
  const { rows } = await db.query(
    `select outcome, error_code, subject_type, subject_id, subject_owner_unit_id, account_id, detail from audit_entry where action = $1 order by id desc limit 1`,
    [action],
  );
  return rows[0];
}

/* contribute ------------------------------------------------------------------------------- */

describe('contributeResource', () => {
  it('an editor contributes a draft with every field, its links and its first revision', async () => {
    const response = await contribute(editor, {
      kind: 'INVESTMENT_LEAD',
      tier: 'CONDITIONAL',
      titleZh: '  光伏玻璃项目寻求中亚合作伙伴 ',
      titleEn: 'Solar glass plant seeks a partner in Central Asia',
      summaryZh: '西安高新区光伏玻璃企业拟在中亚设立生产基地。',
      summaryEn: "A solar-glass maker in Xi'an High-tech Zone plans a plant in Central Asia.",
      bodyZh: '详细的投资条件。',
      bodyEn: 'Detailed investment terms.',
      tags: [' solar ', 'Solar', 'Belt and Road'],
      themes: ['TRADE', 'GREEN_ENERGY', 'TRADE'],
      countries: ['jp', 'DE'],
      foreignLocalities: [kyotoCity, dortmund],
      relations: [xianKyoto],
      domesticLocality: xian,
      validFrom: '2026-01-01',
      validUntil: '2026-12-31',
      contact: { name: 'Li Ming', organisation: 'Shaanxi Department of Commerce', email: 'li.ming@example.gov.cn', phone: '+86 29 8729 0000' },
      links: [{ url: 'https://example.org/solar-glass', title: 'Project brief' }],
      attachments: [{ url: 'https://example.org/solar-glass.pdf', title: 'Terms', mediaType: 'application/PDF', bytes: 120_000 }],
    });
    expect(response.errors).toBeUndefined();
    const { replayed, resource } = response.data.contributeResource;
    expect(replayed).toBe(false);
    expect(resource).toMatchObject({
      kind: 'INVESTMENT_LEAD',
      tier: 'CONDITIONAL',
      status: 'DRAFT',
      version: 1,
      titleZh: '光伏玻璃项目寻求中亚合作伙伴',
      tags: ['solar', 'Belt and Road'],
      themes: ['TRADE', 'GREEN_ENERGY'],
      publishedAt: null,
    });

    const id = keyOf(resource.id);
    const { rows } = await db.query(
      `select r.*, array(select country_code::text from resource_country where resource_id = r.id order by 1) as countries,
         array(select locality_id from resource_locality where resource_id = r.id order by 1) as localities,
         array(select relation_id from resource_relation where resource_id = r.id) as relations
       from shared_resource r where id = $1`,
      [id],
    );
    const row = rows[0];
    expect(row.owner_unit_id).toBe(editor.unitId);
    expect(row.created_by_account_id).toBe(editor.accountId);
    expect(row.countries).toEqual(['DE', 'JP']);
    expect(row.localities).toEqual([keyOf(kyotoCity), keyOf(dortmund)].sort((a, b) => a - b));
    expect(row.relations).toEqual([keyOf(xianKyoto)]);
    expect(row.domestic_locality_id).toBe(keyOf(xian));
    expect(row.contact).toEqual({ name: 'Li Ming', organisation: 'Shaanxi Department of Commerce', email: 'li.ming@example.gov.cn', phone: '+86 29 8729 0000' });
    expect(row.links).toEqual([{ url: 'https://example.org/solar-glass', title: 'Project brief' }]);
    expect(row.attachments).toEqual([{ url: 'https://example.org/solar-glass.pdf', title: 'Terms', mediaType: 'application/pdf', bytes: 120_000 }]);
    expect(row.body_en).toBe('Detailed investment terms.');

    const [revision, ...more] = await revisionsOf(resource.id);
    expect(more).toHaveLength(0);
    expect(revision).toMatchObject({ version: 1, action: 'CONTRIBUTED', account_id: editor.accountId, unit_id: editor.unitId });
    expect(revision.changed_fields).toEqual(expect.arrayContaining(['kind', 'tier', 'titleZh', 'bodyEn', 'countries', 'foreignLocalities', 'relations', 'contact']));
    expect(revision.changes.countries).toEqual({ from: null, to: ['JP', 'DE'] });
    expect(revision.changes.relations).toEqual({ from: null, to: [xianKyoto] });
  });

  it('publishes at once when asked, and the caller reads back what it contributed', async () => {
    const resource = await contributed(editor, minimal({ publish: true, titleEn: 'Published at once' }));
    expect(resource).toMatchObject({ status: 'PUBLISHED', version: 1 });
    expect(resource.publishedAt).toEqual(expect.any(String));
    const audit = await lastAudit('contributeResource');
    expect(audit).toMatchObject({ outcome: 'ALLOWED', subject_type: 'SharedResource', subject_id: String(keyOf(resource.id)), subject_owner_unit_id: editor.unitId });
  });

  it('anonymous callers are UNAUTHENTICATED; viewers and read-only tokens are FORBIDDEN; nothing is stored', async () => {
    const before = await footprint();
    expectError(await contribute(null, minimal()), 'UNAUTHENTICATED');
    expectError(await contribute(viewer, minimal()), 'FORBIDDEN', { reason: 'ROLE_TOO_LOW' });
    expect(await lastAudit('contributeResource')).toMatchObject({ outcome: 'DENIED', error_code: 'FORBIDDEN', account_id: viewer.accountId });
    expectError(await contribute(readOnly, minimal()), 'FORBIDDEN', { reason: 'READ_ONLY_TOKEN' });
    expect(await footprint()).toEqual(before);
  });

  it('an editor contributes only for its own unit; a hub admin may contribute for any unit', async () => {
    const before = await footprint();
    expectError(await contribute(editor, minimal({ owner: educationUnit })), 'FORBIDDEN', { reason: 'OWN_UNIT_ONLY' });
    // The unit named sees the attempt in its audit trail.
    expect(await lastAudit('contributeResource')).toMatchObject({ outcome: 'DENIED', account_id: editor.accountId, subject_owner_unit_id: educationEditor.unitId });
    expectError(await contribute(operatorEditor, minimal({ owner: educationUnit })), 'FORBIDDEN');
    expect(await footprint()).toEqual(before);

    const own = await contributed(editor, minimal({ owner: commerceUnit }));
    const forEducation = await contributed(hubAdmin, minimal({ owner: educationUnit }));
    const owners = await db.query(`select id, owner_unit_id from shared_resource where id = any($1::int[]) order by id`, [
      [keyOf(own.id), keyOf(forEducation.id)],
    ]);
    expect(owners.rows.map((r) => r.owner_unit_id)).toEqual([editor.unitId, educationEditor.unitId]);
    const [revision] = await revisionsOf(forEducation.id);
    expect(revision).toMatchObject({ account_id: hubAdmin.accountId, unit_id: hubAdmin.unitId });

    expectError(await contribute(hubAdmin, minimal({ owner: toGlobalId('MemberUnit', 999_999) })), 'BAD_USER_INPUT', { field: 'input.owner' });
    expectError(await contribute(hubAdmin, minimal({ owner: xian })), 'BAD_USER_INPUT', { field: 'input.owner', reason: 'INVALID_ID' });
  });

  it('names every bad field of one contribution in a single BAD_USER_INPUT, and stores nothing', async () => {
    const before = await footprint();
    const response = await contribute(editor, {
      kind: 'EVENT',
      tier: 'NOT_SHARED',
      titleZh: '   ',
      tags: Array.from({ length: 31 }, (_, i) => `tag ${i}`),
      themes: ['trade', 'OK_THEME'],
      validFrom: '2026-05-01',
      validUntil: '2026-04-30',
      contact: { email: 'not-an-address' },
      links: [{ url: 'ftp://example.org/file' }, { url: 'https://example.org/ok' }],
      attachments: [{ url: 'javascript:alert(1)' }],
    });
    expectError(response, 'BAD_USER_INPUT', { reason: 'INVALID_INPUT' });
    expect(badFields(response)).toEqual(
      expect.arrayContaining([
        'input.titleZh',
        'input.tags',
        'input.themes',
        'input.validUntil',
        'input.contact.email',
        'input.links[0].url',
        'input.attachments[0].url',
        'input.notSharedBasis',
      ]),
    );
    expect(badFields(response)).not.toContain('input.links[1].url');
    expect(response.errors![0].message).toMatch(/more problems/);
    expect(await footprint()).toEqual(before);
  });

  it('enforces the length limits of titles, summaries, bodies and tags, and accepts values at the limit', async () => {
    const tooLong = await contribute(editor, minimal({
      titleEn: 'x'.repeat(301),
      summaryZh: '摘'.repeat(2001),
      bodyZh: '文'.repeat(100_001),
      tags: ['t'.repeat(51)],
    }));
    expectError(tooLong, 'BAD_USER_INPUT');
    expect(badFields(tooLong)).toEqual(expect.arrayContaining(['input.titleEn', 'input.summaryZh', 'input.bodyZh', 'input.tags']));
    expect(tooLong.errors![0].extensions!.fields.find((f: any) => f.field === 'input.titleEn').message).toMatch(/301 characters.*limit is 300/);

    const atLimit = await contributed(editor, minimal({
      titleEn: 'x'.repeat(300),
      summaryZh: '摘'.repeat(2000),
      bodyZh: '文'.repeat(100_000),
      tags: Array.from({ length: 30 }, (_, i) => `${i}`.padEnd(50, 'y')),
    }));
    const { rows } = await db.query('select length(body_zh) as body, cardinality(tags) as tags from shared_resource where id = $1', [keyOf(atLimit.id)]);
    expect(rows[0]).toEqual({ body: 100_000, tags: 30 });
  });

  it('rejects unknown countries, IDs of nothing, and localities on the wrong side, naming the field and the value', async () => {
    const before = await footprint();
    const nowhere = toGlobalId('Locality', 99_999_999);
    const noRelation = toGlobalId('FriendshipRelation', 99_999_999);
    const response = await contribute(editor, minimal({
      foreignLocalities: [kyotoCity, nowhere, xian],
      domesticLocality: dortmund,
      relations: [noRelation],
    }));
    expectError(response, 'BAD_USER_INPUT');
    const fields = response.errors![0].extensions!.fields as Array<{ field: string; message: string }>;
    expect(fields).toEqual(
      expect.arrayContaining([
        { field: 'input.foreignLocalities', message: expect.stringContaining(nowhere) },
        { field: 'input.foreignLocalities', message: expect.stringMatching(new RegExp(`${xian}.*Chinese locality`)) },
        { field: 'input.domesticLocality', message: expect.stringMatching(new RegExp(`${dortmund}.*foreign locality`)) },
        { field: 'input.relations', message: expect.stringContaining(noRelation) },
      ]),
    );
    expect(fields.some((f) => f.message.includes(kyotoCity))).toBe(false);

    const malformed = await contribute(editor, minimal({ relations: ['not-an-id'], domesticLocality: noRelation }));
    expectError(malformed, 'BAD_USER_INPUT');
    expect(badFields(malformed)).toEqual(['input.relations', 'input.domesticLocality']);

    const country = await contribute(editor, minimal({ countries: ['JP', 'XX'] }));
    expect(country.errors![0].extensions!.code).toBe('BAD_USER_INPUT');
    expect(country.errors![0].message).toMatch(/"XX".*input\.countries/);
    expect(await footprint()).toEqual(before);
  });

  it('a NOT_SHARED resource needs a non-blank basis, and a basis needs the NOT_SHARED tier', async () => {
    for (const notSharedBasis of [undefined, null, '   ']) {
      const response = await contribute(editor, minimal({ tier: 'NOT_SHARED', notSharedBasis }));
      expectError(response, 'BAD_USER_INPUT', { field: 'input.notSharedBasis' });
    }
    expectError(await contribute(editor, minimal({ tier: 'PUBLIC', notSharedBasis: 'A rule' })), 'BAD_USER_INPUT', { field: 'input.notSharedBasis' });
    const resource = await contributed(editor, minimal({ tier: 'NOT_SHARED', notSharedBasis: ' 《政务信息资源共享管理暂行办法》第九条 ' }));
    expect(resource).toMatchObject({ tier: 'NOT_SHARED', notSharedBasis: '《政务信息资源共享管理暂行办法》第九条' });
  });

  it('a contribution needs a title in at least one language', async () => {
    const response = await contribute(editor, { kind: 'DATASET', tier: 'PUBLIC', summaryEn: 'No title at all' });
    expectError(response, 'BAD_USER_INPUT', { field: 'input.titleEn' });
    const chineseOnly = await contributed(editor, { kind: 'DATASET', tier: 'PUBLIC', titleZh: '陕西省外资企业名录' });
    expect(chineseOnly).toMatchObject({ titleZh: '陕西省外资企业名录', titleEn: null });
  });
});

/* rollback --------------------------------------------------------------------------------- */

describe('one transaction per mutation', () => {
  it('a failure after the resource row is written leaves no row, no links and no revision behind', async () => {
    // A fault in the last statement of the mutation (the revision), raised as a foreign-key error
    // so that the API answers BAD_USER_INPUT rather than an internal error.
    await db.query(`create function test_fail_revision() returns trigger language plpgsql as $$
      begin
        if new.changes::text like '%FAIL AFTER WRITING%' then
          raise exception 'simulated fault' using errcode = 'foreign_key_violation';
        end if;
        return new;
      end $$`);
    await db.query('create trigger test_fail_revision before insert on resource_revision for each row execute function test_fail_revision()');
    try {
      const before = await footprint();
      const failed = await contribute(editor, minimal({ titleEn: 'FAIL AFTER WRITING', countries: ['JP'], relations: [xianKyoto], foreignLocalities: [kyotoCity] }));
      expectError(failed, 'BAD_USER_INPUT');
      expect(await footprint()).toEqual(before);
      const { rows } = await db.query(`select count(*)::int as n from shared_resource where title_en = 'FAIL AFTER WRITING'`);
      expect(rows[0].n).toBe(0);

      const resource = await contributed(editor, minimal({ countries: ['KR'] }));
      const beforeUpdate = await footprint();
      expectError(await update(editor, { id: resource.id, expectedVersion: 1, summaryEn: 'FAIL AFTER WRITING', countries: ['JP'] }), 'BAD_USER_INPUT');
      expect(await footprint()).toEqual(beforeUpdate);
      const after = await db.query(
        `select version, summary_en, array(select country_code::text from resource_country where resource_id = r.id) as countries from shared_resource r where id = $1`,
        [keyOf(resource.id)],
      );
      expect(after.rows[0]).toEqual({ version: 1, summary_en: null, countries: ['KR'] });
      expect(await lastAudit('updateResource')).toMatchObject({ outcome: 'FAILED', subject_id: String(keyOf(resource.id)) });
    } finally {
      await db.query('drop trigger test_fail_revision on resource_revision');
      await db.query('drop function test_fail_revision()');
    }
  });
});

/* idempotency ------------------------------------------------------------------------------ */

describe('idempotent contributions', () => {
  it('a retry with the same key and input returns the first resource without storing a second one', async () => {
    const input = minimal({ idempotencyKey: 'retry-1', tags: ['retry'], countries: ['KZ', 'UZ'] });
    const first = await contribute(editor, input);
    expect(first.data.contributeResource.replayed).toBe(false);
    const before = await footprint();
    // The same contribution, with its sets in another order and a tag spelt with spaces.
    const again = await contribute(editor, { ...input, countries: ['UZ', 'KZ'], tags: [' retry '] });
    expect(again.errors).toBeUndefined();
    expect(again.data.contributeResource.replayed).toBe(true);
    expect(again.data.contributeResource.resource.id).toBe(first.data.contributeResource.resource.id);
    expect(await footprint()).toEqual(before);
    expect(await revisionsOf(first.data.contributeResource.resource.id)).toHaveLength(1);
    expect(await lastAudit('contributeResource')).toMatchObject({ outcome: 'ALLOWED', detail: { replayed: true } });

    const { rows } = await db.query('select idempotency_fingerprint from shared_resource where id = $1', [keyOf(first.data.contributeResource.resource.id)]);
    expect(rows[0].idempotency_fingerprint).toMatch(/^[0-9a-f]{64}$/);
  });

  it('the same key with a different input is CONFLICT and changes nothing', async () => {
    await contributed(editor, minimal({ idempotencyKey: 'retry-2' }));
    const before = await footprint();
    const response = await contribute(editor, minimal({ idempotencyKey: 'retry-2', titleEn: 'Another resource' }));
    expectError(response, 'CONFLICT', { reason: 'IDEMPOTENCY_KEY_REUSED', field: 'input.idempotencyKey' });
    expect(await footprint()).toEqual(before);
    expect(await lastAudit('contributeResource')).toMatchObject({ outcome: 'FAILED', error_code: 'CONFLICT', detail: { reason: 'IDEMPOTENCY_KEY_REUSED' } });
  });

  it('keys belong to one account: another account with the same key makes its own resource', async () => {
    const mine = await contributed(editor, minimal({ idempotencyKey: 'retry-3' }));
    const theirs = await contribute(colleague, minimal({ idempotencyKey: 'retry-3' }));
    expect(theirs.data.contributeResource.replayed).toBe(false);
    expect(theirs.data.contributeResource.resource.id).not.toBe(mine.id);
  });

  it('five identical requests sent at the same time make one resource', async () => {
    const input = minimal({ idempotencyKey: 'parallel-1', titleEn: 'Sent five times at once' });
    const before = await footprint();
    const responses = await Promise.all(Array.from({ length: 5 }, () => contribute(editor, input)));
    for (const response of responses) expect(response.errors).toBeUndefined();
    const ids = new Set(responses.map((r) => r.data.contributeResource.resource.id));
    expect(ids.size).toBe(1);
    expect(responses.filter((r) => !r.data.contributeResource.replayed)).toHaveLength(1);
    const after = await footprint();
    expect(after.resources).toBe(before.resources + 1);
    expect(after.revisions).toBe(before.revisions + 1);
  });

  it('a retry after a failed attempt with the same key stores the resource once', async () => {
    const bad = await contribute(editor, minimal({ idempotencyKey: 'after-failure', contact: { email: 'nope' } }));
    expectError(bad, 'BAD_USER_INPUT');
    const good = await contribute(editor, minimal({ idempotencyKey: 'after-failure' }));
    expect(good.data.contributeResource.replayed).toBe(false);
  });

  it('rejects an empty or overlong idempotency key', async () => {
    expectError(await contribute(editor, minimal({ idempotencyKey: '' })), 'BAD_USER_INPUT', { field: 'input.idempotencyKey' });
    expectError(await contribute(editor, minimal({ idempotencyKey: 'k'.repeat(201) })), 'BAD_USER_INPUT', { field: 'input.idempotencyKey' });
  });
});

/* update ----------------------------------------------------------------------------------- */

async function update(who: TestIdentity | null, input: Record<string, unknown>) {
  return hub.gql(UPDATE, { input }, who?.headers);
}

describe('updateResource', () => {
  it('changes only the fields given, clears explicit nulls, raises the version and records the change', async () => {
    const resource = await contributed(editor, minimal({
      summaryEn: 'To be cleared',
      tags: ['old'],
      countries: ['KZ'],
      relations: [xianKyoto],
      contact: { email: 'old@example.org' },
    }));
    const response = await update(colleague, {
      id: resource.id,
      expectedVersion: 1,
      titleZh: '新标题',
      summaryEn: null,
      tags: ['new', 'New', 'newer'],
      countries: ['UZ', 'KZ'],
      relations: [],
    });
    expect(response.errors).toBeUndefined();
    expect(response.data.updateResource.resource).toMatchObject({
      id: resource.id,
      version: 2,
      titleZh: '新标题',
      titleEn: resource.titleEn,
      summaryEn: null,
      tags: ['new', 'newer'],
      status: 'DRAFT',
    });
    const { rows } = await db.query(
      `select contact, array(select country_code::text from resource_country where resource_id = r.id order by 1) as countries,
         (select count(*)::int from resource_relation where resource_id = r.id) as relations from shared_resource r where id = $1`,
      [keyOf(resource.id)],
    );
    expect(rows[0]).toEqual({ contact: { name: null, organisation: null, email: 'old@example.org', phone: null }, countries: ['KZ', 'UZ'], relations: 0 });
    const revisions = await revisionsOf(resource.id);
    expect(revisions.map((r) => [r.version, r.action])).toEqual([[1, 'CONTRIBUTED'], [2, 'UPDATED']]);
    expect(revisions[1].changed_fields).toEqual(['titleZh', 'summaryEn', 'tags', 'countries', 'relations']);
    expect(revisions[1].changes.summaryEn).toEqual({ from: 'To be cleared', to: null });
    expect(revisions[1].changes.countries).toEqual({ from: ['KZ'], to: ['UZ', 'KZ'] });
    expect(revisions[1]).toMatchObject({ account_id: colleague.accountId, unit_id: colleague.unitId });
  });

  it('a stale expectedVersion is CONFLICT naming the current version, and stores nothing', async () => {
    const resource = await contributed(editor);
    await update(editor, { id: resource.id, expectedVersion: 1, summaryEn: 'First change' });
    const before = await footprint();
    const response = await update(colleague, { id: resource.id, expectedVersion: 1, summaryEn: 'Lost update' });
    expectError(response, 'CONFLICT', { reason: 'STALE_VERSION', field: 'input.expectedVersion' });
    expect(response.errors![0].message).toMatch(/version 2/);
    expect(await footprint()).toEqual(before);
    const { rows } = await db.query('select summary_en from shared_resource where id = $1', [keyOf(resource.id)]);
    expect(rows[0].summary_en).toBe('First change');
  });

  it("another unit's draft is NOT_FOUND exactly like a missing resource; its published resource is FORBIDDEN", async () => {
    const draft = await contributed(editor);
    const published = await contributed(editor, minimal({ publish: true }));
    const missing = toGlobalId('SharedResource', 99_999_999);

    const invisible = await update(educationEditor, { id: draft.id, expectedVersion: 1, titleEn: 'Hijack' });
    const nothing = await update(educationEditor, { id: missing, expectedVersion: 1, titleEn: 'Hijack' });
    expectError(invisible, 'NOT_FOUND');
    expectError(nothing, 'NOT_FOUND');
    expect(invisible.errors![0].message.replace(draft.id, 'ID')).toBe(nothing.errors![0].message.replace(missing, 'ID'));
    expect(invisible.errors![0].extensions).toEqual(nothing.errors![0].extensions);

    expectError(await update(educationEditor, { id: published.id, expectedVersion: 1, titleEn: 'Hijack' }), 'FORBIDDEN', { reason: 'NOT_OWNER' });
    expect(await lastAudit('updateResource')).toMatchObject({ outcome: 'DENIED', subject_id: String(keyOf(published.id)), subject_owner_unit_id: editor.unitId });
    expectError(await update(viewer, { id: published.id, expectedVersion: 1, titleEn: 'Hijack' }), 'FORBIDDEN');
    expectError(await update(null, { id: published.id, expectedVersion: 1, titleEn: 'Hijack' }), 'UNAUTHENTICATED');
    expect((await revisionsOf(published.id)).length).toBe(1);

    const byAdmin = await update(hubAdmin, { id: draft.id, expectedVersion: 1, titleEn: 'Corrected by the FAO' });
    expect(byAdmin.data.updateResource.resource).toMatchObject({ titleEn: 'Corrected by the FAO', version: 2 });
    const byUnitAdmin = await update(unitAdmin, { id: draft.id, expectedVersion: 2, summaryEn: 'And by the unit admin' });
    expect(byUnitAdmin.data.updateResource.resource.version).toBe(3);
  });

  it('rejects an update that would leave the resource invalid, and stores nothing of it', async () => {
    const resource = await contributed(editor, minimal({ validFrom: '2026-01-01' }));
    const before = await footprint();
    const response = await update(editor, { id: resource.id, expectedVersion: 1, titleEn: null, kind: null, validUntil: '2025-12-31', tier: 'NOT_SHARED' });
    expectError(response, 'BAD_USER_INPUT');
    expect(badFields(response)).toEqual(expect.arrayContaining(['input.titleEn', 'input.kind', 'input.validUntil', 'input.notSharedBasis']));
    expect(await footprint()).toEqual(before);
    expectError(await update(editor, { id: 'bad', expectedVersion: 1 }), 'BAD_USER_INPUT', { field: 'input.id' });
  });

  it('leaving the NOT_SHARED tier drops the basis; entering it needs one', async () => {
    const resource = await contributed(editor, minimal({ tier: 'NOT_SHARED', notSharedBasis: 'Internal only until the fair' }));
    const opened = await update(editor, { id: resource.id, expectedVersion: 1, tier: 'UNCONDITIONAL' });
    expect(opened.data.updateResource.resource).toMatchObject({ tier: 'UNCONDITIONAL', notSharedBasis: null, version: 2 });
    const [, revision] = await revisionsOf(resource.id);
    expect(revision.changed_fields).toEqual(['tier', 'notSharedBasis']);
    const closed = await update(editor, { id: resource.id, expectedVersion: 2, tier: 'NOT_SHARED', notSharedBasis: 'Back to internal' });
    expect(closed.data.updateResource.resource).toMatchObject({ tier: 'NOT_SHARED', notSharedBasis: 'Back to internal', version: 3 });
  });

  it('an update that changes nothing keeps the version and adds no revision', async () => {
    const resource = await contributed(editor, minimal({ countries: ['JP', 'KR'] }));
    const response = await update(editor, { id: resource.id, expectedVersion: 1, titleEn: ` ${resource.titleEn} `, countries: ['KR', 'JP'] });
    expect(response.errors).toBeUndefined();
    expect(response.data.updateResource.resource.version).toBe(1);
    expect(await revisionsOf(resource.id)).toHaveLength(1);
  });
});

/* publish and withdraw --------------------------------------------------------------------- */

describe('publishResource and withdrawResource', () => {
  it('moves a resource through draft, published, withdrawn and published again, each step a revision', async () => {
    const resource = await contributed(editor);
    const published = await hub.gql(PUBLISH, { input: { id: resource.id, expectedVersion: 1 } }, editor.headers);
    expect(published.data.publishResource.resource).toMatchObject({ status: 'PUBLISHED', version: 2, publishedAt: expect.any(String) });

    const withdrawn = await hub.gql(WITHDRAW, { input: { id: resource.id, expectedVersion: 2, reason: ' The partner withdrew. ' } }, editor.headers);
    expect(withdrawn.data.withdrawResource.resource).toMatchObject({
      status: 'WITHDRAWN',
      version: 3,
      withdrawalReason: 'The partner withdrew.',
      withdrawnAt: expect.any(String),
    });

    const again = await hub.gql(PUBLISH, { input: { id: resource.id, expectedVersion: 3 } }, colleague.headers);
    expect(again.data.publishResource.resource).toMatchObject({ status: 'PUBLISHED', version: 4, withdrawalReason: null, withdrawnAt: null });

    const revisions = await revisionsOf(resource.id);
    expect(revisions.map((r) => [r.version, r.action, r.changed_fields])).toEqual([
      [1, 'CONTRIBUTED', expect.any(Array)],
      [2, 'PUBLISHED', ['status']],
      [3, 'WITHDRAWN', ['status', 'withdrawalReason']],
      [4, 'PUBLISHED', ['status', 'withdrawalReason']],
    ]);
    expect(revisions[2].changes.status).toEqual({ from: 'PUBLISHED', to: 'WITHDRAWN' });
  });

  it('other transitions are CONFLICT (INVALID_TRANSITION) and store nothing', async () => {
    const draft = await contributed(editor);
    const published = await contributed(editor, minimal({ publish: true }));
    const before = await footprint();
    expectError(await hub.gql(PUBLISH, { input: { id: published.id, expectedVersion: 1 } }, editor.headers), 'CONFLICT', { reason: 'INVALID_TRANSITION' });
    expectError(await hub.gql(WITHDRAW, { input: { id: draft.id, expectedVersion: 1, reason: 'Never mind' } }, editor.headers), 'CONFLICT', {
      reason: 'INVALID_TRANSITION',
    });
    expectError(await hub.gql(PUBLISH, { input: { id: draft.id, expectedVersion: 7 } }, editor.headers), 'CONFLICT', { reason: 'STALE_VERSION' });
    expectError(await hub.gql(WITHDRAW, { input: { id: published.id, expectedVersion: 1, reason: '  ' } }, editor.headers), 'BAD_USER_INPUT', {
      field: 'input.reason',
    });
    expect(await footprint()).toEqual(before);
  });

  it('only the owner unit and hub admins publish or withdraw; a hidden draft is NOT_FOUND to others', async () => {
    const draft = await contributed(editor);
    const published = await contributed(editor, minimal({ publish: true }));
    expectError(await hub.gql(PUBLISH, { input: { id: draft.id, expectedVersion: 1 } }, educationEditor.headers), 'NOT_FOUND');
    expectError(await hub.gql(WITHDRAW, { input: { id: published.id, expectedVersion: 1, reason: 'Mine now' } }, educationEditor.headers), 'FORBIDDEN');
    expectError(await hub.gql(PUBLISH, { input: { id: draft.id, expectedVersion: 1 } }, readOnly.headers), 'FORBIDDEN');
    const byAdmin = await hub.gql(WITHDRAW, { input: { id: published.id, expectedVersion: 1, reason: 'Outdated figures' } }, hubAdmin.headers);
    expect(byAdmin.data.withdrawResource.resource.status).toBe('WITHDRAWN');
  });
});

/* revisions -------------------------------------------------------------------------------- */

describe('revisions', () => {
  it('lists a resource\'s revisions oldest first, page by page, with who made them', async () => {
    const resource = await contributed(editor);
    await update(editor, { id: resource.id, expectedVersion: 1, summaryEn: 'Two' });
    await update(colleague, { id: resource.id, expectedVersion: 2, summaryEn: 'Three' });
    await hub.gql(PUBLISH, { input: { id: resource.id, expectedVersion: 3 } }, hubAdmin.headers);

    const first = await hub.gql(REVISIONS, { id: resource.id, first: 2 }, editor.headers);
    expect(first.errors).toBeUndefined();
    const page = first.data.node.revisions;
    expect(page.totalCount).toBe(4);
    expect(page.pageInfo.hasNextPage).toBe(true);
    expect(page.edges.map((e: any) => [e.node.version, e.node.action])).toEqual([[1, 'CONTRIBUTED'], [2, 'UPDATED']]);
    expect(page.edges[1].node).toMatchObject({ changedFields: ['summaryEn'], unit: { code: '610000-COMMERCE' }, account: { displayName: expect.any(String) } });

    const rest = await hub.gql(REVISIONS, { id: resource.id, first: 10, after: page.pageInfo.endCursor }, editor.headers);
    expect(rest.data.node.revisions.edges.map((e: any) => [e.node.version, e.node.action, e.node.unit.code])).toEqual([
      [3, 'UPDATED', '610000-COMMERCE'],
      [4, 'PUBLISHED', '610000-FAO'],
    ]);
  });

  it('anonymous callers see the revisions of a public resource, but not who made them', async () => {
    const resource = await contributed(editor, minimal({ tier: 'PUBLIC', publish: true }));
    const response = await hub.gql(REVISIONS, { id: resource.id, first: 5 });
    expect(response.errors).toBeUndefined();
    expect(response.data.node.revisions.edges[0].node).toMatchObject({ action: 'CONTRIBUTED', unit: { code: '610000-COMMERCE' }, account: null });
  });

  it('a revision is a node visible exactly when its resource is', async () => {
    const draft = await contributed(editor);
    const [{ node }] = (await hub.gql(REVISIONS, { id: draft.id, first: 1 }, editor.headers)).data.node.revisions.edges;
    const NODE = `query($id: ID!) { node(id: $id) { id ... on ResourceRevision { version action } } }`;
    expect((await hub.gql(NODE, { id: node.id }, editor.headers)).data.node).toEqual({ id: node.id, version: 1, action: 'CONTRIBUTED' });
    expect((await hub.gql(NODE, { id: node.id }, hubAdmin.headers)).data.node).not.toBeNull();
    expect((await hub.gql(NODE, { id: node.id }, educationEditor.headers)).data.node).toBeNull();
    expect((await hub.gql(NODE, { id: node.id })).data.node).toBeNull();
    expect((await hub.gql(NODE, { id: toGlobalId('ResourceRevision', 99_999_999) }, hubAdmin.headers)).data.node).toBeNull();
  });

  it('the revisions of several resources load in one statement, not one per resource', async () => {
    const ids: string[] = [];
    for (let i = 0; i < 4; i++) ids.push((await contributed(editor, minimal({ titleEn: `Batch ${i}` }))).id);
    const MANY = `query($a: ID!, $b: ID!, $c: ID!, $d: ID!) {
      ${['a', 'b', 'c', 'd'].map((alias) => `${alias}: node(id: $${alias}) { ... on SharedResource { revisions(first: 5) { edges { node { version action } } } } }`).join('\n')}
    }`;
    const { result, statements } = await hub.countQueries(() => hub.gql(MANY, { a: ids[0], b: ids[1], c: ids[2], d: ids[3] }, editor.headers));
    expect(result.errors).toBeUndefined();
    for (const alias of ['a', 'b', 'c', 'd']) expect(result.data[alias].revisions.edges).toEqual([{ node: { version: 1, action: 'CONTRIBUTED' } }]);
    expect(statements.filter((s) => /resource_revision/.test(s))).toHaveLength(1);
  });
});
