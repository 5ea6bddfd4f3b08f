import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { toGlobalId } from '../../src/shared/global-id';
import { startTestHub, type TestHub } from '../helpers/hub';
import { createIdentity, type IdentityOptions, type TestIdentity } from '../helpers/identities';

const RELATION_FIELDS = `
  id kind status version establishedOn establishedYear source
  domesticLocality { name } foreignLocality { name } liaisonUnit { code }
  statusHistory(first: 20) {
    totalCount
    edges { node { fromStatus toStatus note source effectiveOn effectiveYear recordedAt changedByAccount { displayName } changedByUnit { code } } }
  }`;

const PROPOSE = `mutation Propose($input: ProposeRelationInput!) { proposeRelation(input: $input) { relation { ${RELATION_FIELDS} } } }`;
const CHANGE = `mutation Change($input: ChangeRelationStatusInput!) {
  changeRelationStatus(input: $input) {
    relation { ${RELATION_FIELDS} }
    change { id fromStatus toStatus note effectiveOn changedByAccount { displayName } changedByUnit { code } }
  }
}`;

let hub: TestHub;
let db: pg.Client;
const identities = new Map<string, TestIdentity>();

/** One identity per unit and role (and token flavour), created on first use. */
async function as(unit: string, role: IdentityOptions['role'] = 'EDITOR', extra: Partial<IdentityOptions> = {}): Promise<Record<string, string>> {
  const key = JSON.stringify([unit, role, extra]);
  let identity = identities.get(key);
  if (!identity) {
    identity = await createIdentity(hub.databaseUrl, { unit, role, name: `${role.toLowerCase()} of ${unit}`, ...extra });
    identities.set(key, identity);
  }
  return identity.headers;
}

const hubAdmin = () => as('610000-FAO', 'ADMIN');

async function localityId(gbCode: string): Promise<string> {
  const { rows } = await db.query<{ id: number }>(`select id from locality where gb_code = $1 and side = 'DOMESTIC'`, [gbCode]);
  return toGlobalId('Locality', rows[0].id);
}

async function unitId(code: string): Promise<string> {
  const { rows } = await db.query<{ id: number }>('select id from member_unit where code = $1', [code]);
  return toGlobalId('MemberUnit', rows[0].id);
}

/** Foreign cities no relation mentions yet, a different one for every call. */
let freeCityOffset = 0;
async function freeForeignCity(): Promise<string> {
  const { rows } = await db.query<{ id: number }>(
    `select l.id from locality l where l.side = 'FOREIGN' and l.level = 'CITY'
       and not exists (select 1 from friendship_relation r where r.foreign_locality_id = l.id)
     order by l.population desc nulls last, l.id offset $1 limit 1`,
    [freeCityOffset++],
  );
  return toGlobalId('Locality', rows[0].id);
}

async function counts(): Promise<{ relations: number; changes: number }> {
  const { rows } = await db.query<{ relations: number; changes: number }>(
    `select (select count(*)::int from friendship_relation) as relations, (select count(*)::int from relation_status_change) as changes`,
  );
  return rows[0];
}

async function propose(headers: Record<string, string>, input: Record<string, unknown>) {
  return hub.gql(PROPOSE, { input }, headers);
}

async function change(headers: Record<string, string>, input: Record<string, unknown>) {
  return hub.gql(CHANGE, { input }, headers);
}

/** A freshly proposed relation for Xi'an (liaison: the Xi'an FAO), by a hub admin. */
async function proposedXianRelation(): Promise<{ id: string; version: number }> {
  const result = await propose(await hubAdmin(), {
    domesticLocality: await localityId('610100'),
    foreignLocality: await freeForeignCity(),
    kind: 'FRIENDLY_EXCHANGE',
    liaisonUnit: await unitId('610100-FAO'),
  });
  expect(result.errors).toBeUndefined();
  return result.data.proposeRelation.relation;
}

/** A seeded relation of Taiyuan (liaison: the Taiyuan FAO). */
async function taiyuanRelation(): Promise<string> {
  const { rows } = await db.query<{ id: number }>(
    `select r.id from friendship_relation r join locality d on d.id = r.domestic_locality_id
     where d.gb_code = '140100' and r.status = 'ESTABLISHED' order by r.id limit 1`,
  );
  return toGlobalId('FriendshipRelation', rows[0].id);
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

describe('proposing a relation', () => {
  it('records a PROPOSED relation at version 1 with its first history row naming who proposed it and why', async () => {
    const foreign = await freeForeignCity();
    const result = await propose(await hubAdmin(), {
      domesticLocality: await localityId('610100'),
      foreignLocality: foreign,
      kind: 'SISTER',
      liaisonUnit: await unitId('610100-FAO'),
      note: '  Proposed after the 2026 trade mission.  ',
      source: 'Letter of intent, Xi\'an FAO ref. 2026-17',
    });
    expect(result.errors).toBeUndefined();
    const relation = result.data.proposeRelation.relation;
    expect(relation).toMatchObject({
      kind: 'SISTER',
      status: 'PROPOSED',
      version: 1,
      establishedYear: null,
      source: "Letter of intent, Xi'an FAO ref. 2026-17",
      domesticLocality: { name: "Xi'an" },
      liaisonUnit: { code: '610100-FAO' },
    });
    expect(relation.statusHistory.totalCount).toBe(1);
    const [first] = relation.statusHistory.edges.map((edge: any) => edge.node);
    expect(first).toMatchObject({
      fromStatus: null,
      toStatus: 'PROPOSED',
      note: 'Proposed after the 2026 trade mission.',
      changedByAccount: { displayName: 'admin of 610000-FAO' },
      changedByUnit: { code: '610000-FAO' },
    });
    expect(Date.now() - Date.parse(first.recordedAt)).toBeLessThan(5 * 60_000);

    const again = await hub.gql(`query ($id: ID!) { node(id: $id) { ... on FriendshipRelation { status version } } }`, { id: relation.id });
    expect(again.data.node).toEqual({ status: 'PROPOSED', version: 1 });
  });

  it('refuses a second relation of the same pair and kind with CONFLICT (RELATION_EXISTS) and stores nothing', async () => {
    const input = {
      domesticLocality: await localityId('610100'),
      foreignLocality: await freeForeignCity(),
      kind: 'SISTER',
      liaisonUnit: await unitId('610100-FAO'),
    };
    expect((await propose(await hubAdmin(), input)).errors).toBeUndefined();
    const before = await counts();
    const duplicate = await propose(await hubAdmin(), input);
    expect(duplicate.errors?.[0].extensions).toMatchObject({ code: 'CONFLICT', reason: 'RELATION_EXISTS' });
    expect(duplicate.errors?.[0].message).toMatch(/already exists .*PROPOSED.*change its status instead/);
    expect(await counts()).toEqual(before);

    // The other kind between the same two places is a different relation.
    expect((await propose(await hubAdmin(), { ...input, kind: 'FRIENDLY_EXCHANGE' })).errors).toBeUndefined();
  });

  it('refuses a relation that the seed already holds', async () => {
    const { rows } = await db.query<{ domestic: number; foreign: number; kind: string }>(
      `select domestic_locality_id as domestic, foreign_locality_id as foreign, kind from friendship_relation order by id limit 1`,
    );
    const result = await propose(await hubAdmin(), {
      domesticLocality: toGlobalId('Locality', rows[0].domestic),
      foreignLocality: toGlobalId('Locality', rows[0].foreign),
      kind: rows[0].kind,
    });
    expect(result.errors?.[0].extensions).toMatchObject({ code: 'CONFLICT', reason: 'RELATION_EXISTS', field: 'input.foreignLocality' });
  });

  it('names every bad field: a foreign domestic side, a Chinese foreign side, an unknown liaison unit, an overlong note', async () => {
    const before = await counts();
    const result = await propose(await hubAdmin(), {
      domesticLocality: await freeForeignCity(),
      foreignLocality: await localityId('610100'),
      kind: 'SISTER',
      liaisonUnit: toGlobalId('MemberUnit', 999999),
      note: 'x'.repeat(2001),
    });
    expect(result.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    const fields = result.errors?.[0].extensions?.fields.map((problem: { field: string }) => problem.field);
    expect(fields.sort()).toEqual(['input.domesticLocality', 'input.foreignLocality', 'input.liaisonUnit', 'input.note']);
    expect(await counts()).toEqual(before);
  });

  it('rejects IDs of the wrong type or of nothing as BAD_USER_INPUT naming the field', async () => {
    const wrongType = await propose(await hubAdmin(), {
      domesticLocality: await unitId('610100-FAO'),
      foreignLocality: await freeForeignCity(),
      kind: 'SISTER',
    });
    expect(wrongType.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.domesticLocality' });

    const missing = await propose(await hubAdmin(), {
      domesticLocality: await localityId('610100'),
      foreignLocality: toGlobalId('Locality', 2_000_000_000),
      kind: 'SISTER',
    });
    expect(missing.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.foreignLocality' });
    expect(missing.errors?.[0].message).toMatch(/No locality has the ID/);
  });
});

describe('who may propose and change relations', () => {
  it('lets a unit propose a relation it names itself the liaison of, and change it afterwards', async () => {
    const headers = await as('610000-COMMERCE');
    const result = await propose(headers, {
      domesticLocality: await localityId('610300'),
      foreignLocality: await freeForeignCity(),
      kind: 'FRIENDLY_EXCHANGE',
      liaisonUnit: await unitId('610000-COMMERCE'),
    });
    expect(result.errors).toBeUndefined();
    const relation = result.data.proposeRelation.relation;
    expect(relation.liaisonUnit.code).toBe('610000-COMMERCE');
    const moved = await change(headers, { relation: relation.id, status: 'NEGOTIATING', expectedVersion: 1 });
    expect(moved.errors).toBeUndefined();
    expect(moved.data.changeRelationStatus.change.changedByUnit.code).toBe('610000-COMMERCE');
  });

  it('does not let a bureau propose for a locality when it names another unit as liaison', async () => {
    const result = await propose(await as('610000-COMMERCE'), {
      domesticLocality: await localityId('610300'),
      foreignLocality: await freeForeignCity(),
      kind: 'SISTER',
      liaisonUnit: await unitId('610300-FAO'),
    });
    expect(result.errors?.[0].extensions).toMatchObject({ code: 'FORBIDDEN', reason: 'NOT_RELATION_STEWARD' });
  });

  it("lets a city FAO propose relations for the counties of its city", async () => {
    const result = await propose(await as('610100-FAO'), {
      domesticLocality: await localityId('610113'),
      foreignLocality: await freeForeignCity(),
      kind: 'FRIENDLY_EXCHANGE',
    });
    expect(result.errors).toBeUndefined();
    expect(result.data.proposeRelation.relation).toMatchObject({ domesticLocality: { name: 'Yanta District' }, liaisonUnit: null });
  });

  it('lets a provincial FAO propose relations for its cities and move the relations of its cities', async () => {
    const headers = await as('140000-FAO');
    const proposed = await propose(headers, {
      domesticLocality: await localityId('140100'),
      foreignLocality: await freeForeignCity(),
      kind: 'SISTER',
      liaisonUnit: await unitId('140100-FAO'),
    });
    expect(proposed.errors).toBeUndefined();
    const seeded = await change(headers, { relation: await taiyuanRelation(), status: 'DORMANT', note: 'No exchanges since 2019.' });
    expect(seeded.errors).toBeUndefined();
    expect(seeded.data.changeRelationStatus.relation.status).toBe('DORMANT');
  });

  it("lets a relation's liaison unit move it", async () => {
    const relation = await proposedXianRelation();
    const result = await change(await as('610100-FAO'), { relation: relation.id, status: 'NEGOTIATING' });
    expect(result.errors).toBeUndefined();
  });

  it('does not let a city FAO act for another city or for its province', async () => {
    const otherCity = await propose(await as('610100-FAO'), {
      domesticLocality: await localityId('610300'),
      foreignLocality: await freeForeignCity(),
      kind: 'SISTER',
    });
    expect(otherCity.errors?.[0].extensions).toMatchObject({ code: 'FORBIDDEN', reason: 'NOT_RELATION_STEWARD' });
    const province = await propose(await as('610100-FAO'), {
      domesticLocality: await localityId('610000'),
      foreignLocality: await freeForeignCity(),
      kind: 'SISTER',
    });
    expect(province.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    const otherProvince = await change(await as('610000-FAO'), { relation: await taiyuanRelation(), status: 'ENDED' });
    expect(otherProvince.errors?.[0].extensions?.code).toBe('FORBIDDEN');
  });

  it('refuses an unrelated bureau with FORBIDDEN and changes nothing', async () => {
    const relation = await proposedXianRelation();
    const before = await counts();
    const result = await change(await as('610000-EDUCATION'), { relation: relation.id, status: 'NEGOTIATING', expectedVersion: 1 });
    expect(result.errors?.[0].extensions).toMatchObject({ code: 'FORBIDDEN', reason: 'NOT_RELATION_STEWARD' });
    expect(result.data).toBeNull();
    expect(await counts()).toEqual(before);
    const { rows } = await db.query('select status, version from friendship_relation where id = $1', [
      Number(Buffer.from(relation.id, 'base64url').toString().split(':')[1]),
    ]);
    expect(rows[0]).toEqual({ status: 'PROPOSED', version: 1 });
  });

  it('refuses a VIEWER and a read-only token, even of the hub operator or of the liaison unit', async () => {
    const relation = await proposedXianRelation();
    const input = { relation: relation.id, status: 'NEGOTIATING' };
    const viewer = await change(await as('610100-FAO', 'VIEWER'), input);
    expect(viewer.errors?.[0].extensions).toMatchObject({ code: 'FORBIDDEN', reason: 'ROLE_TOO_LOW' });
    const readOnly = await change(await as('610000-FAO', 'ADMIN', { readOnly: true }), input);
    expect(readOnly.errors?.[0].extensions).toMatchObject({ code: 'FORBIDDEN', reason: 'READ_ONLY_TOKEN' });
    const proposeAsViewer = await propose(await as('610000-FAO', 'VIEWER'), {
      domesticLocality: await localityId('610100'),
      foreignLocality: await freeForeignCity(),
      kind: 'SISTER',
    });
    expect(proposeAsViewer.errors?.[0].extensions?.code).toBe('FORBIDDEN');
  });

  it('asks anonymous callers to sign in', async () => {
    const relation = await proposedXianRelation();
    const moved = await change({}, { relation: relation.id, status: 'NEGOTIATING' });
    expect(moved.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
    const proposed = await propose({}, { domesticLocality: await localityId('610100'), foreignLocality: await freeForeignCity(), kind: 'SISTER' });
    expect(proposed.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
  });

  it('refuses an expired token as UNAUTHENTICATED', async () => {
    const relation = await proposedXianRelation();
    const expired = await as('610000-FAO', 'ADMIN', { expiresAt: new Date(Date.now() - 1000) });
    const result = await change(expired, { relation: relation.id, status: 'NEGOTIATING' });
    expect(result.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
  });
});

describe('changing the status of a relation', () => {
  it('moves a relation from PROPOSED to ENDED through every status, one history row and one version per step', async () => {
    const relation = await proposedXianRelation();
    const headers = await as('610100-FAO');
    const path: Array<[string, string | null]> = [
      ['NEGOTIATING', null],
      ['ESTABLISHED', '2026-05-20'],
      ['DORMANT', null],
      ['ESTABLISHED', '2027-03-01'],
      ['ENDED', '2030-12-31'],
    ];
    let version = 1;
    for (const [status, effectiveOn] of path) {
      const result = await change(headers, { relation: relation.id, status, expectedVersion: version, note: `to ${status}`, effectiveOn });
      expect(result.errors, status).toBeUndefined();
      version += 1;
      expect(result.data.changeRelationStatus.relation).toMatchObject({ status, version });
      expect(result.data.changeRelationStatus.change).toMatchObject({
        toStatus: status,
        note: `to ${status}`,
        effectiveOn,
        changedByAccount: { displayName: 'editor of 610100-FAO' },
        changedByUnit: { code: '610100-FAO' },
      });
    }
    const final = await hub.gql(`query ($id: ID!) { node(id: $id) { ... on FriendshipRelation { ${RELATION_FIELDS} } } }`, { id: relation.id }, headers);
    // The first signing date stays the relation's establishment date; the revival does not overwrite it.
    expect(final.data.node).toMatchObject({ status: 'ENDED', version: 6, establishedOn: '2026-05-20', establishedYear: 2026 });
    const history = final.data.node.statusHistory.edges.map((edge: any) => [edge.node.fromStatus, edge.node.toStatus, edge.node.effectiveYear]);
    expect(history).toEqual([
      [null, 'PROPOSED', null],
      ['PROPOSED', 'NEGOTIATING', null],
      ['NEGOTIATING', 'ESTABLISHED', 2026],
      ['ESTABLISHED', 'DORMANT', null],
      ['DORMANT', 'ESTABLISHED', 2027],
      ['ESTABLISHED', 'ENDED', 2030],
    ]);
  });

  it('fills in only the missing day of a relation whose year is known, and never contradicts it', async () => {
    const relation = await proposedXianRelation();
    const key = Number(Buffer.from(relation.id, 'base64url').toString().split(':')[1]);
    await db.query('update friendship_relation set established_year = 2025 where id = $1', [key]);
    const otherYear = await change(await hubAdmin(), { relation: relation.id, status: 'ESTABLISHED', effectiveOn: '2026-01-10' });
    expect(otherYear.data.changeRelationStatus.relation).toMatchObject({ establishedYear: 2025, establishedOn: null });

    const second = await proposedXianRelation();
    const secondKey = Number(Buffer.from(second.id, 'base64url').toString().split(':')[1]);
    await db.query('update friendship_relation set established_year = 2025 where id = $1', [secondKey]);
    const sameYear = await change(await hubAdmin(), { relation: second.id, status: 'ESTABLISHED', effectiveOn: '2025-09-03' });
    expect(sameYear.data.changeRelationStatus.relation).toMatchObject({ establishedYear: 2025, establishedOn: '2025-09-03' });
  });

  it('refuses a stale expectedVersion with CONFLICT (STALE_VERSION) naming the current version, and stores nothing', async () => {
    const relation = await proposedXianRelation();
    const headers = await hubAdmin();
    expect((await change(headers, { relation: relation.id, status: 'NEGOTIATING', expectedVersion: 1 })).errors).toBeUndefined();
    const before = await counts();
    const stale = await change(headers, { relation: relation.id, status: 'ESTABLISHED', expectedVersion: 1 });
    expect(stale.errors?.[0].extensions).toMatchObject({ code: 'CONFLICT', reason: 'STALE_VERSION', field: 'input.expectedVersion' });
    expect(stale.errors?.[0].message).toMatch(/version 2, not 1/);
    expect(await counts()).toEqual(before);
  });

  it('lets exactly one of two concurrent changes from the same version through', async () => {
    const relation = await proposedXianRelation();
    const headers = await hubAdmin();
    const results = await Promise.all(
      ['NEGOTIATING', 'ESTABLISHED'].map((status) => change(headers, { relation: relation.id, status, expectedVersion: 1 })),
    );
    const failures = results.filter((result) => result.errors);
    expect(failures).toHaveLength(1);
    expect(failures[0].errors?.[0].extensions?.reason).toBe('STALE_VERSION');
    const { rows } = await db.query<{ n: number }>(
      `select count(*)::int as n from relation_status_change where relation_id = $1`,
      [Number(Buffer.from(relation.id, 'base64url').toString().split(':')[1])],
    );
    expect(rows[0].n).toBe(2);
  });

  it('refuses a move the table does not allow with CONFLICT (INVALID_TRANSITION), listing the allowed next statuses', async () => {
    const relation = await proposedXianRelation();
    const headers = await hubAdmin();
    const before = await counts();
    const skip = await change(headers, { relation: relation.id, status: 'DORMANT' });
    expect(skip.errors?.[0].extensions).toMatchObject({ code: 'CONFLICT', reason: 'INVALID_TRANSITION', field: 'input.status' });
    expect(skip.errors?.[0].message).toBe(
      'A relation cannot move from PROPOSED to DORMANT. From PROPOSED it can move to NEGOTIATING, ESTABLISHED or ENDED.',
    );
    expect(await counts()).toEqual(before);

    expect((await change(headers, { relation: relation.id, status: 'ENDED' })).errors).toBeUndefined();
    const revive = await change(headers, { relation: relation.id, status: 'ESTABLISHED' });
    expect(revive.errors?.[0].extensions?.reason).toBe('INVALID_TRANSITION');
    expect(revive.errors?.[0].message).toMatch(/ENDED, which is final/);
  });

  it('answers NOT_FOUND for a relation that does not exist and BAD_USER_INPUT for an ID of another type', async () => {
    const missing = await change(await hubAdmin(), { relation: toGlobalId('FriendshipRelation', 999999), status: 'ENDED' });
    expect(missing.errors?.[0].extensions).toMatchObject({ code: 'NOT_FOUND', field: 'input.relation' });
    const wrongType = await change(await hubAdmin(), { relation: await unitId('610100-FAO'), status: 'ENDED' });
    expect(wrongType.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.relation' });
  });

  it('rejects an effective date outside the years the hub records, and a version below 1', async () => {
    const relation = await proposedXianRelation();
    const result = await change(await hubAdmin(), {
      relation: relation.id,
      status: 'ESTABLISHED',
      effectiveOn: '1850-01-01',
      expectedVersion: 0,
    });
    expect(result.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    const fields = result.errors?.[0].extensions?.fields.map((problem: { field: string }) => problem.field);
    expect(fields.sort()).toEqual(['input.effectiveOn', 'input.expectedVersion']);
  });

  it('shows who changed a relation to members, but not to anonymous callers', async () => {
    const relation = await proposedXianRelation();
    const query = `query ($id: ID!) { node(id: $id) { ... on FriendshipRelation { statusHistory { edges { node { changedByAccount { displayName } changedByUnit { code } } } } } } }`;
    const anonymous = await hub.gql(query, { id: relation.id });
    expect(anonymous.data.node.statusHistory.edges[0].node).toEqual({ changedByAccount: null, changedByUnit: { code: '610000-FAO' } });
    const member = await hub.gql(query, { id: relation.id }, await as('610000-EDUCATION', 'VIEWER'));
    expect(member.data.node.statusHistory.edges[0].node.changedByAccount).toEqual({ displayName: 'admin of 610000-FAO' });
  });
});
