import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadDemoPartnerWishes } from '../../seeds/demo-partner-wishes';
import { startTestHub, type TestHub } from '../helpers/hub';
import { createIdentity } from '../helpers/identities';

let hub: TestHub;

beforeAll(async () => {
  hub = await startTestHub();
});

afterAll(async () => {
  await hub?.stop();
});

describe('demo partner wishes seed', () => {
  it("shows a member of a fresh hub Shuozhou's, Xi'an's and Kandy's open wishes, each with its owner and criteria", async () => {
    const { headers } = await createIdentity(hub.databaseUrl, { unit: '610000-COMMERCE', role: 'VIEWER' });
    const response = await hub.gql(
      `{ partnerWishes(first: 20) { edges { node { locality { name } owner { code } countries { code } regions { name } themes { code } channel status } } } }`,
      {},
      headers,
    );
    expect(response.errors, JSON.stringify(response.errors)).toBeUndefined();
    const wishes = response.data.partnerWishes.edges.map((edge: { node: unknown }) => edge.node);
    expect(wishes).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ locality: { name: 'Shuozhou' }, owner: { code: '140600-FAO' }, countries: [{ code: 'JP' }, { code: 'LK' }], status: 'OPEN' }),
        expect.objectContaining({ locality: { name: "Xi'an" }, owner: { code: '610100-FAO' }, themes: [{ code: 'HISTORIC_CAPITAL' }, { code: 'SILK_ROAD' }] }),
        expect.objectContaining({ locality: { name: 'Kandy' }, owner: { code: '610000-FAO' }, regions: [{ name: 'Shanxi' }, { name: 'Shaanxi' }], channel: 'Embassy of Sri Lanka (demo)' }),
      ]),
    );
  });

  it('a second run adds nothing', async () => {
    const db = new pg.Client({ connectionString: hub.databaseUrl });
    await db.connect();
    try {
      const count = async () => (await db.query(`select count(*)::int as n from partner_wish`)).rows[0].n;
      expect(await count()).toBe(3);
      await db.query('begin');
      expect(await loadDemoPartnerWishes(db)).toEqual({ wishes: 3 });
      expect(await count()).toBe(3);
      await db.query('rollback');
    } finally {
      await db.end();
    }
  });
});
