import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { toGlobalId } from '../../src/shared/global-id';
import { startTestHub, type TestHub } from '../helpers/hub';
import { createIdentity, type IdentityOptions, type TestIdentity } from '../helpers/identities';

const PROPOSE = `mutation ($input: ProposeRelationInput!) { proposeRelation(input: $input) { relation { id version } } }`;
const CHANGE = `mutation ($input: ChangeRelationStatusInput!) { changeRelationStatus(input: $input) { relation { id version } } }`;
const ENTRY_FIELDS = `id occurredAt action subjectType subjectId outcome errorCode detail hash previousHash
  account { displayName } unit { code } subjectOwnerUnit { code }`;
const AUDIT_LOG = `query ($filter: AuditLogFilter, $first: Int, $after: String) {
  auditLog(filter: $filter, first: $first, after: $after) {
    totalCount
    edges { cursor node { ${ENTRY_FIELDS} } }
    pageInfo { hasNextPage endCursor }
  }
}`;
const VERIFY = `{ verifyAuditLog { valid checkedEntries firstBadEntryId problem firstBadEntry { id action } } }`;

let hub: TestHub;
let db: pg.Client;
const identities = new Map<string, TestIdentity>();

async function identity(unit: string, role: IdentityOptions['role'] = 'EDITOR'): Promise<TestIdentity> {
  const key = `${unit}/${role}`;
  let found = identities.get(key);
  if (!found) {
    found = await createIdentity(hub.databaseUrl, { unit, role, name: `${role.toLowerCase()} of ${unit}` });
    identities.set(key, found);
  }
  return found;
}
const headersOf = async (unit: string, role: IdentityOptions['role'] = 'EDITOR') => (await identity(unit, role)).headers;
const hubAdmin = () => headersOf('610000-FAO', 'ADMIN');

async function one<T extends pg.QueryResultRow>(sql: string, params: unknown[] = []): Promise<T> {
  return (await db.query<T>(sql, params)).rows[0];
}

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const keyOf = (globalId: string) => Buffer.from(globalId, 'base64url').toString().split(':')[1];

async function lastEntryId(): Promise<string> {
  return (await one<{ id: string }>('select coalesce(max(id), 0)::text as id from audit_entry')).id;
}

/** Entries written since `after` (a database id), oldest first. */
async function entriesSince(after: string) {
  return (await db.query('select * from audit_entry where id > $1 order by id', [after])).rows;
}

let cityOffset = 0;
async function freeForeignCity(): Promise<string> {
  const row = await one<{ id: number }>(
    `select l.id from locality l where l.side = 'FOREIGN' and l.level = 'CITY'
       and not exists (select 1 from friendship_relation r where r.foreign_locality_id = l.id)
     order by l.population desc nulls last, l.id offset $1 limit 1`,
    [cityOffset++],
  );
  return toGlobalId('Locality', row.id);
}

async function domestic(gbCode: string): Promise<string> {
  return toGlobalId('Locality', (await one<{ id: number }>(`select id from locality where gb_code = $1 and side = 'DOMESTIC'`, [gbCode])).id);
}

async function unit(code: string): Promise<{ id: number; globalId: string }> {
  const { id } = await one<{ id: number }>('select id from member_unit where code = $1', [code]);
  return { id, globalId: toGlobalId('MemberUnit', id) };
}

/** A relation proposed by a hub admin for a city, with that city's FAO as liaison. */
async function proposeFor(gbCode: string, liaison: string, headers?: Record<string, string>): Promise<{ id: string; version: number }> {
  const result = await hub.gql(
    PROPOSE,
    {
      input: {
        domesticLocality: await domestic(gbCode),
        foreignLocality: await freeForeignCity(),
        kind: 'FRIENDLY_EXCHANGE',
        liaisonUnit: (await unit(liaison)).globalId,
      },
    },
    headers ?? (await hubAdmin()),
  );
  expect(result.errors).toBeUndefined();
  return result.data.proposeRelation.relation;
}

type Statement = [sql: string, params?: unknown[]];

/** Runs statements on audit_entry with a trigger off, as only a database superuser can. */
async function behindTheTriggersBack(statements: Statement[], triggers = ['audit_entry_append_only']): Promise<void> {
  await db.query('begin');
  try {
    for (const trigger of triggers) await db.query(`alter table audit_entry disable trigger ${trigger}`);
    for (const [sql, params] of statements) await db.query(sql, params ?? []);
    for (const trigger of triggers) await db.query(`alter table audit_entry enable trigger ${trigger}`);
    await db.query('commit');
  } catch (error) {
    await db.query('rollback');
    throw error;
  }
}

async function verify() {
  const result = await hub.gql(VERIFY, {}, await hubAdmin());
  expect(result.errors).toBeUndefined();
  return result.data.verifyAuditLog;
}

beforeAll(async () => {
  hub = await startTestHub();
  db = new pg.Client({ connectionString: hub.databaseUrl });
  await db.connect();
});
afterAll(async () => {
  await db?.end();
  await hub?.stop();
});

describe('the audit trail is append-only in the database itself', () => {
  it('refuses UPDATE, DELETE and TRUNCATE on audit_entry, even for the superuser', async () => {
    await proposeFor('610100', '610100-FAO');
    const id = await lastEntryId();
    await expect(db.query(`update audit_entry set outcome = 'DENIED' where id = $1`, [id])).rejects.toThrow(/append-only: UPDATE/);
    await expect(db.query('delete from audit_entry where id = $1', [id])).rejects.toThrow(/append-only: DELETE/);
    await expect(db.query('truncate audit_entry')).rejects.toThrow(/append-only: TRUNCATE/);
    expect((await one<{ n: number }>('select count(*)::int as n from audit_entry where id = $1', [id])).n).toBe(1);
  });
});

describe('what mutations leave in the audit trail', () => {
  it('an allowed mutation leaves exactly one ALLOWED entry saying who did what to which object', async () => {
    const before = await lastEntryId();
    const relation = await proposeFor('610100', '610100-FAO');
    const entries = await entriesSince(before);
    expect(entries).toHaveLength(1);
    const admin = await identity('610000-FAO', 'ADMIN');
    expect(entries[0]).toMatchObject({
      action: 'proposeRelation',
      outcome: 'ALLOWED',
      error_code: null,
      account_id: admin.accountId,
      unit_id: admin.unitId,
      subject_type: 'FriendshipRelation',
      subject_id: keyOf(relation.id),
      subject_owner_unit_id: (await unit('610100-FAO')).id,
    });

    const log = await hub.gql(AUDIT_LOG, { filter: { subject: relation.id } }, await hubAdmin());
    expect(log.errors).toBeUndefined();
    expect(log.data.auditLog.totalCount).toBe(1);
    expect(log.data.auditLog.edges[0].node).toMatchObject({
      action: 'proposeRelation',
      subjectType: 'FriendshipRelation',
      subjectId: relation.id,
      outcome: 'ALLOWED',
      errorCode: null,
      detail: { kind: 'FRIENDLY_EXCHANGE', status: 'PROPOSED' },
      account: { displayName: 'admin of 610000-FAO' },
      unit: { code: '610000-FAO' },
      subjectOwnerUnit: { code: '610100-FAO' },
    });
    expect(log.data.auditLog.edges[0].node.hash).toMatch(/^[0-9a-f]{64}$/);
  });

  it('a FORBIDDEN mutation leaves exactly one DENIED entry and nothing else', async () => {
    const relation = await proposeFor('610100', '610100-FAO');
    const rowsBefore = await one('select (select count(*)::int from relation_status_change) as changes, (select count(*)::int from friendship_relation) as relations');
    const before = await lastEntryId();
    const bureau = await identity('610000-EDUCATION');
    const result = await hub.gql(CHANGE, { input: { relation: relation.id, status: 'ENDED' } }, bureau.headers);
    expect(result.errors?.[0].extensions?.code).toBe('FORBIDDEN');

    const entries = await entriesSince(before);
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({
      action: 'changeRelationStatus',
      outcome: 'DENIED',
      error_code: 'FORBIDDEN',
      account_id: bureau.accountId,
      unit_id: bureau.unitId,
      subject_type: 'FriendshipRelation',
      subject_id: keyOf(relation.id),
      subject_owner_unit_id: (await unit('610100-FAO')).id,
      detail: { reason: 'NOT_RELATION_STEWARD' },
    });
    expect(await one('select (select count(*)::int from relation_status_change) as changes, (select count(*)::int from friendship_relation) as relations')).toEqual(rowsBefore);
    expect(await one('select status, version from friendship_relation where id = $1', [keyOf(relation.id)])).toEqual({ status: 'PROPOSED', version: 1 });
  });

  it('a CONFLICT leaves exactly one FAILED entry and nothing else', async () => {
    const relation = await proposeFor('610100', '610100-FAO');
    const headers = await headersOf('610100-FAO');
    expect((await hub.gql(CHANGE, { input: { relation: relation.id, status: 'NEGOTIATING', expectedVersion: 1 } }, headers)).errors).toBeUndefined();
    const changesBefore = await one('select count(*)::int as n from relation_status_change where relation_id = $1', [keyOf(relation.id)]);
    const before = await lastEntryId();
    const stale = await hub.gql(CHANGE, { input: { relation: relation.id, status: 'ESTABLISHED', expectedVersion: 1 } }, headers);
    expect(stale.errors?.[0].extensions?.reason).toBe('STALE_VERSION');

    const entries = await entriesSince(before);
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({
      action: 'changeRelationStatus',
      outcome: 'FAILED',
      error_code: 'CONFLICT',
      subject_id: keyOf(relation.id),
      detail: { reason: 'STALE_VERSION', from: 'NEGOTIATING', to: 'ESTABLISHED' },
    });
    expect(await one('select count(*)::int as n from relation_status_change where relation_id = $1', [keyOf(relation.id)])).toEqual(changesBefore);
    expect(await one('select status, version from friendship_relation where id = $1', [keyOf(relation.id)])).toEqual({ status: 'NEGOTIATING', version: 2 });
  });

  it('an anonymous attempt is recorded as DENIED without an account', async () => {
    const relation = await proposeFor('610100', '610100-FAO');
    const before = await lastEntryId();
    const result = await hub.gql(CHANGE, { input: { relation: relation.id, status: 'ENDED' } });
    expect(result.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
    const entries = await entriesSince(before);
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({ outcome: 'DENIED', error_code: 'UNAUTHENTICATED', account_id: null, unit_id: null });
  });
});

describe('who reads the audit trail', () => {
  it('asks anonymous callers to sign in', async () => {
    const result = await hub.gql(AUDIT_LOG, {});
    expect(result.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
  });

  it("shows a member only the entries about its own unit's data, and a hub admin all of them", async () => {
    const xianRelation = await proposeFor('610100', '610100-FAO');
    const taiyuanRelation = await proposeFor('140100', '140100-FAO');
    const commerce = await unit('610000-COMMERCE');
    // Reads of protected content are written by the content resolvers; here straight through the trigger.
    await db.query(
      `insert into audit_entry (action, outcome, subject_type, subject_id, subject_owner_unit_id, unit_id)
       values ('readContent', 'ALLOWED', 'SharedResource', '424242', $1, $2)`,
      [commerce.id, (await unit('610000-EDUCATION')).id],
    );

    const xian = await hub.gql(AUDIT_LOG, { first: 100 }, await headersOf('610100-FAO', 'VIEWER'));
    expect(xian.errors).toBeUndefined();
    const xianSubjects = xian.data.auditLog.edges.map((edge: any) => edge.node.subjectOwnerUnit?.code);
    expect(new Set(xianSubjects)).toEqual(new Set(['610100-FAO']));
    expect(xian.data.auditLog.edges.map((edge: any) => edge.node.subjectId)).toContain(xianRelation.id);
    expect(xian.data.auditLog.edges.map((edge: any) => edge.node.subjectId)).not.toContain(taiyuanRelation.id);
    const xianCount = await one<{ n: number }>('select count(*)::int as n from audit_entry where subject_owner_unit_id = $1', [(await unit('610100-FAO')).id]);
    expect(xian.data.auditLog.totalCount).toBe(xianCount.n);

    const owner = await hub.gql(AUDIT_LOG, { filter: { actions: ['readContent'] } }, await headersOf('610000-COMMERCE', 'VIEWER'));
    expect(owner.data.auditLog.edges.map((edge: any) => [edge.node.unit.code, edge.node.subjectId])).toEqual([
      ['610000-EDUCATION', toGlobalId('SharedResource', 424242)],
    ]);
    const reader = await hub.gql(AUDIT_LOG, { filter: { actions: ['readContent'] } }, await headersOf('610000-EDUCATION', 'VIEWER'));
    expect(reader.data.auditLog.totalCount).toBe(0);

    const admin = await hub.gql(AUDIT_LOG, { first: 1 }, await hubAdmin());
    expect(admin.data.auditLog.totalCount).toBe((await one<{ n: number }>('select count(*)::int as n from audit_entry')).n);
  });

  it('fetches an entry by node(id) only for those who may read it', async () => {
    await proposeFor('610100', '610100-FAO');
    const id = toGlobalId('AuditEntry', await lastEntryId());
    const query = `query ($id: ID!) { node(id: $id) { id ... on AuditEntry { action } } }`;
    expect((await hub.gql(query, { id }, await headersOf('610100-FAO', 'VIEWER'))).data.node).toEqual({ id, action: 'proposeRelation' });
    expect((await hub.gql(query, { id }, await hubAdmin())).data.node).toEqual({ id, action: 'proposeRelation' });
    expect((await hub.gql(query, { id }, await headersOf('610000-EDUCATION', 'VIEWER'))).data.node).toBeNull();
    expect((await hub.gql(query, { id })).data.node).toBeNull();
  });

  it('filters by account, unit, action, outcome, subject and time, and pages newest first without repeats', async () => {
    const relation = await proposeFor('610100', '610100-FAO');
    // A pause on each side of the boundary: the filter takes milliseconds, the database keeps microseconds.
    await pause(10);
    const start = new Date((await one<{ now: string }>('select now()::text as now')).now);
    await pause(10);
    const xianEditor = await identity('610100-FAO');
    for (const status of ['NEGOTIATING', 'ESTABLISHED', 'DORMANT']) {
      expect((await hub.gql(CHANGE, { input: { relation: relation.id, status } }, xianEditor.headers)).errors).toBeUndefined();
    }
    await hub.gql(CHANGE, { input: { relation: relation.id, status: 'PROPOSED' } }, xianEditor.headers);
    const admin = await hubAdmin();
    const log = (filter: Record<string, unknown>, first = 20, after?: string) => hub.gql(AUDIT_LOG, { filter, first, after }, admin);

    const byAccount = await log({ accounts: [toGlobalId('Account', xianEditor.accountId)], subject: relation.id });
    expect(byAccount.data.auditLog.edges.map((edge: any) => edge.node.outcome)).toEqual(['FAILED', 'ALLOWED', 'ALLOWED', 'ALLOWED']);
    const failed = await log({ units: [(await unit('610100-FAO')).globalId], outcomes: ['FAILED'], subject: relation.id });
    expect(failed.data.auditLog.edges.map((edge: any) => [edge.node.errorCode, edge.node.detail.reason])).toEqual([['CONFLICT', 'INVALID_TRANSITION']]);
    const proposals = await log({ actions: ['proposeRelation'], subjectType: 'FriendshipRelation', subject: relation.id });
    expect(proposals.data.auditLog.totalCount).toBe(1);
    const recent = await log({ subject: relation.id, since: start.toISOString() });
    expect(recent.data.auditLog.totalCount).toBe(4);
    const older = await log({ subject: relation.id, until: start.toISOString() });
    expect(older.data.auditLog.totalCount).toBe(1);

    const seen: string[] = [];
    let after: string | undefined;
    for (;;) {
      const page = await log({ subject: relation.id }, 2, after);
      expect(page.errors).toBeUndefined();
      seen.push(...page.data.auditLog.edges.map((edge: any) => keyOf(edge.node.id)));
      if (!page.data.auditLog.pageInfo.hasNextPage) break;
      after = page.data.auditLog.pageInfo.endCursor;
    }
    expect(seen).toHaveLength(5);
    expect(seen.map(Number)).toEqual([...seen.map(Number)].sort((a, b) => b - a));
  });

  it('reads a page of entries with their accounts and units in the same number of statements for 10 and for 50 entries', async () => {
    const admin = await hubAdmin();
    const readers = [await identity('610000-EDUCATION', 'VIEWER'), await identity('610100-FAO', 'VIEWER')];
    const owner = await unit('610000-COMMERCE');
    for (let i = 0; i < 50; i++) {
      const reader = readers[i % 2];
      await db.query(
        `insert into audit_entry (action, outcome, subject_type, subject_id, subject_owner_unit_id, account_id, unit_id)
         values ('readContent', 'ALLOWED', 'SharedResource', $1, $2, $3, $4)`,
        [String(1000 + i), owner.id, reader.accountId, reader.unitId],
      );
    }
    const statementsFor = async (first: number) => {
      const { result, statements } = await hub.countQueries(() => hub.gql(AUDIT_LOG, { first, filter: { actions: ['readContent'] } }, admin));
      expect(result.errors).toBeUndefined();
      expect(result.data.auditLog.edges).toHaveLength(first);
      return statements.length;
    };
    const forTen = await statementsFor(10);
    expect(await statementsFor(50)).toBe(forTen);
    expect(forTen).toBeLessThanOrEqual(5);
  });

  it('rejects a malformed filter naming the field', async () => {
    const admin = await hubAdmin();
    const badAccount = await hub.gql(AUDIT_LOG, { filter: { accounts: ['not-an-id'] } }, admin);
    expect(badAccount.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'filter.accounts' });
    const backwards = await hub.gql(AUDIT_LOG, { filter: { since: '2026-02-01T00:00:00Z', until: '2026-01-01T00:00:00Z' } }, admin);
    expect(backwards.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'filter.since' });
    const badCursor = await hub.gql(AUDIT_LOG, { after: 'bm9wZQ' }, admin);
    expect(badCursor.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'after' });
  });

  it('shows a subject that is not one of our objects as the raw id it was recorded with', async () => {
    await db.query(`insert into audit_entry (action, outcome, subject_type, subject_id) values ('cli:token.revoke', 'ALLOWED', 'TokenPrefix', 'hub_ab12')`);
    const result = await hub.gql(AUDIT_LOG, { filter: { subject: 'hub_ab12' }, first: 1 }, await hubAdmin());
    expect(result.data.auditLog.edges[0].node).toMatchObject({ subjectType: 'TokenPrefix', subjectId: 'hub_ab12', account: null, unit: null });
  });
});

describe('verifying the hash chain', () => {
  it('is for hub admins only', async () => {
    const editor = await hub.gql(VERIFY, {}, await headersOf('610100-FAO', 'ADMIN'));
    expect(editor.errors?.[0].extensions).toMatchObject({ code: 'FORBIDDEN', reason: 'HUB_ADMIN_ONLY' });
    expect((await hub.gql(VERIFY, {})).errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
  });

  it('proves an untouched trail valid, every entry pointing to the hash of the one before it', async () => {
    await proposeFor('610100', '610100-FAO');
    await proposeFor('610100', '610100-FAO');
    const result = await verify();
    const total = await one<{ n: number }>('select count(*)::int as n from audit_entry');
    expect(result).toEqual({ valid: true, checkedEntries: total.n, firstBadEntryId: null, problem: null, firstBadEntry: null });

    const log = await hub.gql(AUDIT_LOG, { first: 2 }, await hubAdmin());
    const [newest, previous] = log.data.auditLog.edges.map((edge: any) => edge.node);
    expect(newest.previousHash).toBe(previous.hash);
  });

  it('chains entries appended in one statement (as an operation\'s content reads are) like any others', async () => {
    const before = await lastEntryId();
    await db.query(
      `insert into audit_entry (action, outcome, subject_type, subject_id) values
         ('readContent', 'ALLOWED', 'SharedResource', '7'), ('readContent', 'ALLOWED', 'SharedResource', '8'), ('readContent', 'ALLOWED', 'SharedResource', '9')`,
    );
    const entries = await entriesSince(before);
    expect(entries.map((entry) => entry.subject_id)).toEqual(['7', '8', '9']);
    expect(entries[2].prev_hash.equals(entries[1].hash)).toBe(true);
    expect((await verify()).valid).toBe(true);
  });

  it('keeps the chain valid, with strictly increasing ids, under 30 concurrent mutations', async () => {
    const before = await lastEntryId();
    const admin = await hubAdmin();
    const bureau = await headersOf('610000-EDUCATION');
    const domesticId = await domestic('610100');
    const cities: string[] = [];
    for (let i = 0; i < 30; i++) cities.push(await freeForeignCity());
    // Allowed and denied ones mixed: the denied entries are written outside the mutation's transaction.
    const results = await Promise.all(
      cities.map((foreignLocality, index) =>
        hub.gql(PROPOSE, { input: { domesticLocality: domesticId, foreignLocality, kind: 'SISTER' } }, index % 3 === 2 ? bureau : admin),
      ),
    );
    expect(results.filter((result) => !result.errors)).toHaveLength(20);
    expect(results.filter((result) => result.errors?.[0].extensions?.code === 'FORBIDDEN')).toHaveLength(10);

    const entries = await entriesSince(before);
    expect(entries).toHaveLength(30);
    for (let i = 1; i < entries.length; i++) {
      expect(BigInt(entries[i].id)).toBeGreaterThan(BigInt(entries[i - 1].id));
      expect(entries[i].prev_hash.equals(entries[i - 1].hash)).toBe(true);
      expect(Date.parse(entries[i].occurred_at)).toBeGreaterThanOrEqual(Date.parse(entries[i - 1].occurred_at));
    }
    expect((await verify()).valid).toBe(true);
  });

  it('names exactly the entry that was altered behind the database triggers, and recovers when it is restored', async () => {
    await proposeFor('610100', '610100-FAO');
    const victim = await lastEntryId();
    await proposeFor('610100', '610100-FAO');
    await proposeFor('610100', '610100-FAO');
    const original = await one<{ outcome: string }>('select outcome from audit_entry where id = $1', [victim]);

    await behindTheTriggersBack([[`update audit_entry set outcome = 'DENIED' where id = $1`, [victim]]]);
    const result = await verify();
    expect(result.valid).toBe(false);
    expect(result.firstBadEntryId).toBe(toGlobalId('AuditEntry', victim));
    expect(result.firstBadEntry).toEqual({ id: toGlobalId('AuditEntry', victim), action: 'proposeRelation' });
    expect(result.problem).toBe(`Entry ${victim} was altered after it was written: its contents no longer match its hash.`);

    await behindTheTriggersBack([['update audit_entry set outcome = $2 where id = $1', [victim, original.outcome]]]);
    expect((await verify()).valid).toBe(true);
  });

  it('names the entry after an altered one whose hash was recomputed to hide the change', async () => {
    await proposeFor('610100', '610100-FAO');
    const victim = await lastEntryId();
    await proposeFor('610100', '610100-FAO');
    const next = await lastEntryId();
    const original = await one<{ detail: object; hash: Buffer }>('select detail, hash from audit_entry where id = $1', [victim]);

    await behindTheTriggersBack([
      [`update audit_entry set detail = '{"kind": "SISTER"}' where id = $1`, [victim]],
      ['update audit_entry set hash = hub_audit_hash(audit_entry) where id = $1', [victim]],
    ]);
    const result = await verify();
    expect(result.valid).toBe(false);
    expect(result.firstBadEntryId).toBe(toGlobalId('AuditEntry', next));
    expect(result.problem).toMatch(new RegExp(`^Entry ${next} does not point to entry ${victim}`));

    await behindTheTriggersBack([['update audit_entry set detail = $2, hash = $3 where id = $1', [victim, original.detail, original.hash]]]);
    expect((await verify()).valid).toBe(true);
  });

  it('names the entry after one that was deleted behind the database triggers', async () => {
    await proposeFor('610100', '610100-FAO');
    const removed = await lastEntryId();
    await proposeFor('610100', '610100-FAO');
    const next = await lastEntryId();
    // As JSON text, so that nothing (microseconds, bytes) is lost on the way back in.
    const { saved } = await one<{ saved: string }>('select row_to_json(e)::text as saved from audit_entry e where id = $1', [removed]);

    const previous = (await one<{ id: string }>('select max(id)::text as id from audit_entry where id < $1', [removed])).id;
    await behindTheTriggersBack([['delete from audit_entry where id = $1', [removed]]]);
    const result = await verify();
    expect(result.valid).toBe(false);
    expect(result.firstBadEntryId).toBe(toGlobalId('AuditEntry', next));
    expect(result.problem).toMatch(new RegExp(`^Entry ${next} does not point to entry ${previous}, the entry before it: an entry between them was removed`));

    // Put the entry back as it was (the chain trigger would renumber and rehash it).
    await behindTheTriggersBack(
      [['insert into audit_entry select * from json_populate_record(null::audit_entry, $1::json)', [saved]]],
      ['audit_entry_chain'],
    );
    expect(await verify()).toMatchObject({ valid: true, problem: null });
  });
});
