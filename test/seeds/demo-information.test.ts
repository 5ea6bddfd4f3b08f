import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadDemoInformation } from '../../seeds/demo-information';
import { startTestHub, type TestHub } from '../helpers/hub';

let hub: TestHub;

beforeAll(async () => {
  hub = await startTestHub();
});

afterAll(async () => {
  await hub?.stop();
});

describe('demo information seed', () => {
  it('shows an anonymous visitor of a fresh hub the public notices, a current travel reminder and the public catalogue, but no draft', async () => {
    const response = await hub.gql(`{
      advisories: currentAdvisories(countries: ["FR"]) { titleEn advisoryLevel }
      items: informationItems(first: 50) { edges { node { titleEn status tier } } }
      matters: catalogueMatters(filter: { text: "DEMO-" }, first: 10) { edges { node { code tier } } }
      search(text: "passport", types: [INFORMATION, CATALOGUE]) {
        edges { node { ... on InformationItem { titleEn } ... on CatalogueMatter { code } } }
      }
    }`);
    expect(response.errors, JSON.stringify(response.errors)).toBeUndefined();
    const { advisories, items, matters, search } = response.data;
    expect(advisories).toEqual([{ titleEn: 'Travel reminder for delegations to France (level 1: normal precautions)', advisoryLevel: 1 }]);
    const titles = items.edges.map((edge: { node: { titleEn: string } }) => edge.node.titleEn);
    expect(titles).toContain('Notice on passports and visas for temporary official trips abroad');
    expect(titles.some((title: string) => title.includes('draft'))).toBe(false);
    expect(items.edges.every((edge: { node: { status: string; tier: string } }) => edge.node.status === 'PUBLISHED' && edge.node.tier === 'PUBLIC')).toBe(true);
    expect(matters.edges.map((edge: { node: { code: string } }) => edge.node.code).sort()).toEqual(['DEMO-PASSPORT-VISA', 'DEMO-TRIP-APPROVAL']);
    // The notice, the reminder (keep passports safe) and the passport service.
    expect(search.edges.map((edge: { node: { titleEn?: string; code?: string } }) => edge.node.titleEn ?? edge.node.code).sort()).toEqual([
      'DEMO-PASSPORT-VISA',
      'Notice on passports and visas for temporary official trips abroad',
      'Travel reminder for delegations to France (level 1: normal precautions)',
    ]);
  });

  it('a second run adds nothing', async () => {
    const db = new pg.Client({ connectionString: hub.databaseUrl });
    await db.connect();
    try {
      const count = async () => (await db.query(`select (select count(*) from information_item)::int as items, (select count(*) from catalogue_matter)::int as matters`)).rows[0];
      const before = await count();
      expect(before).toEqual({ items: 5, matters: 3 });
      await db.query('begin');
      expect(await loadDemoInformation(db)).toEqual({ items: 5, matters: 3 });
      await db.query('commit');
      expect(await count()).toEqual(before);
    } finally {
      await db.end();
    }
  });
});
