import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_ACCOUNTS, DEMO_RESOURCES, DEMO_TAG, loadDemoData } from '../../seeds/demo';
import { InputErrors } from '../../src/errors';
import { checkWhole, normaliseFields, type ResourceValues } from '../../src/modules/resources/resource-write.validation';
import { createTestDatabase, dropTestDatabase } from '../helpers/hub';

let url: string;
let db: pg.Client;

beforeAll(async () => {
  url = await createTestDatabase();
  db = new pg.Client({ connectionString: url });
  await db.connect();
});

afterAll(async () => {
  await db?.end();
  if (url) await dropTestDatabase(url);
});

/** Everything the demo seed may write, summarised so that any change shows. */
async function snapshot() {
  const { rows } = await db.query(`select
    (select count(*) from account)::int as accounts,
    (select count(*) from shared_resource)::int as resources,
    (select coalesce(sum(version), 0) from shared_resource)::int as versions,
    (select max(updated_at) from shared_resource)::text as updated,
    (select count(*) from resource_revision)::int as revisions,
    (select count(*) from resource_country)::int + (select count(*) from resource_locality)::int + (select count(*) from resource_relation)::int as links,
    (select count(*) from access_request)::int as requests,
    (select count(*) from access_grant)::int as grants`);
  return rows[0];
}

describe('demo seed', () => {
  it('every demo resource obeys the rules the write API enforces', () => {
    for (const resource of DEMO_RESOURCES) {
      const errors = new InputErrors();
      const { key, by, status, age, cities, relations, domesticGb, withdrawalReason, ...fields } = resource;
      const given = normaliseFields({ ...fields, tags: [...fields.tags, DEMO_TAG] } as never, errors);
      checkWhole({ countries: [], foreignLocalities: [], relations: [], domesticLocality: null, ...given } as ResourceValues, given, errors);
      expect(() => errors.throwIfAny(), key).not.toThrow();
      expect(fields.titleZh && fields.titleEn, key).toBeTruthy();
    }
  });

  it('loads the accounts and about twenty resources in every tier and status, linked to seeded data, and a second run changes nothing', async () => {
    await db.query('begin');
    const first = await loadDemoData(db);
    await db.query('commit');
    expect(first.accounts).toBe(DEMO_ACCOUNTS.length);
    expect(first.resources).toBe(DEMO_RESOURCES.length);

    const { rows: accounts } = await db.query(
      `select a.email, a.role, a.kind, a.display_name, u.code from account a join member_unit u on u.id = a.member_unit_id where a.email like '%@demo.fao-hub.local'`,
    );
    expect(accounts).toEqual(
      expect.arrayContaining([
        { email: 'hub-admin@demo.fao-hub.local', role: 'ADMIN', kind: 'PERSON', display_name: 'Demo hub admin', code: '610000-FAO' },
        expect.objectContaining({ email: 'commerce-viewer@demo.fao-hub.local', role: 'VIEWER', code: '610000-COMMERCE' }),
        expect.objectContaining({ email: 'dashboard@demo.fao-hub.local', role: 'VIEWER', kind: 'SERVICE', code: '610000-FAO' }),
      ]),
    );
    const { rows: tokens } = await db.query(`select count(*)::int as n from api_token t join account a on a.id = t.account_id where a.email like '%@demo.fao-hub.local'`);
    expect(tokens[0].n).toBe(0);

    const { rows: resources } = await db.query(
      `select r.id, r.tier, r.status, r.version, r.tags, r.not_shared_basis,
         (select count(*)::int from resource_revision v where v.resource_id = r.id and v.action = 'CONTRIBUTED' and v.version = 1) as contributed,
         (select max(version) from resource_revision v where v.resource_id = r.id) as last_revision,
         (select count(*)::int from resource_country c where c.resource_id = r.id) + (select count(*)::int from resource_relation x where x.resource_id = r.id) as links
       from shared_resource r where r.idempotency_key like 'demo:%'`,
    );
    expect(resources.length).toBeGreaterThanOrEqual(18);
    expect(new Set(resources.map((r) => r.tier))).toEqual(new Set(['PUBLIC', 'UNCONDITIONAL', 'CONDITIONAL', 'NOT_SHARED']));
    expect(new Set(resources.map((r) => r.status))).toEqual(new Set(['DRAFT', 'PUBLISHED', 'WITHDRAWN']));
    for (const resource of resources) {
      expect(resource.tags).toContain(DEMO_TAG);
      expect(resource.contributed).toBe(1);
      expect(resource.last_revision).toBe(resource.version);
      if (resource.tier === 'NOT_SHARED') expect(resource.not_shared_basis).toBeTruthy();
    }
    expect(resources.filter((r) => r.links > 0).length).toBeGreaterThanOrEqual(15);

    const { rows: access } = await db.query(
      `select q.status, q.due_on > q.requested_at::date as due_later, r.tier, (select count(*)::int from access_grant g where g.request_id = q.id) as grants
       from access_request q join shared_resource r on r.id = q.resource_id where r.idempotency_key like 'demo:%' order by q.status`,
    );
    expect(access).toEqual([
      { status: 'APPROVED', due_later: true, tier: 'CONDITIONAL', grants: 1 },
      { status: 'PENDING', due_later: true, tier: 'CONDITIONAL', grants: 0 },
    ]);

    const before = await snapshot();
    await db.query('begin');
    const second = await loadDemoData(db);
    await db.query('commit');
    expect(second.created).toBe(0);
    expect(await snapshot()).toEqual(before);
  });
});
