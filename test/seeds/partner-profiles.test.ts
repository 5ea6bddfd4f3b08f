import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadPartnerProfiles, parseSources, PROFILES_PATH, type ProfileLoadReport } from '../../seeds/partner-profiles';
import { toGlobalId } from '../../src/shared/global-id';
import { startTestHub, type TestHub } from '../helpers/hub';
import { createIdentity } from '../helpers/identities';

const PROFILE = 'themes { code } exchangeFields seed sources descriptionEn descriptionZh version updatedBy { code }';
const READ = `query Read($id: ID!) { node(id: $id) { ... on Locality { name profile { ${PROFILE} } } } }`;
const UPDATE = `mutation Update($input: UpdateLocalityProfileInput!) { updateLocalityProfile(input: $input) { profile { ${PROFILE} } } }`;
const SHUOZHOU_DOCUMENT = '朔州市外事管理工作的困境与出路 (朔州市人民政府发展研究中心, 2021)';

let hub: TestHub;
let db: pg.Client;
const dataRows = readFileSync(PROFILES_PATH, 'utf8').trim().split('\n').length - 1;

async function load(path?: string): Promise<ProfileLoadReport> {
  await db.query('begin');
  try {
    const report = await loadPartnerProfiles(db, path);
    await db.query('commit');
    return report;
  } catch (err) {
    await db.query('rollback');
    throw err;
  }
}

async function localityId(where: string, params: unknown[] = []): Promise<string> {
  const { rows } = await db.query<{ id: number }>(`select id from locality where ${where} order by population desc nulls last, id limit 1`, params);
  return toGlobalId('Locality', rows[0].id);
}
const shuozhou = () => localityId(`gb_code = '140600'`);
const foreignCity = (cc: string, name: string) => localityId(`side = 'FOREIGN' and level = 'CITY' and country_code = $1 and name_en = $2`, [cc, name]);

async function profile(id: string) {
  const response = await hub.gql(READ, { id });
  expect(response.errors, JSON.stringify(response.errors)).toBeUndefined();
  return response.data.node.profile;
}

/** Every profile row as stored, to compare runs. */
async function snapshot() {
  const { rows } = await db.query(`select * from locality_profile order by locality_id`);
  return rows;
}

function csvWith(lines: string[]): string {
  const dir = mkdtempSync(join(tmpdir(), 'profiles-'));
  const path = join(dir, 'partner-profiles.csv');
  writeFileSync(path, ['side,gb_code,country,name,admin_area,level,themes,exchange_fields,description_en,description_zh,source', ...lines].join('\n'));
  return path;
}

beforeAll(async () => {
  hub = await startTestHub();
  db = new pg.Client({ connectionString: hub.databaseUrl });
  await db.connect();
  // Start from no profiles whether or not the template was seeded with them, so the first load is a fresh one.
  await db.query('delete from locality_profile');
});

afterAll(async () => {
  await db?.end();
  await hub?.stop();
});

describe('seed partner profiles', () => {
  it('loads every row of the file, each onto a locality, marked as seed data', async () => {
    const report = await load();
    expect(report).toEqual({ rows: dataRows, inserted: dataRows, updated: 0, unchanged: 0, keptEdited: 0, unresolved: [] });
    const { rows } = await db.query(`select side, count(*)::int as n, bool_and(seed) as seed from locality_profile p join locality l on l.id = p.locality_id group by side order by side`);
    expect(rows.map((row) => row.seed)).toEqual([true, true]);
    expect(rows.find((row) => row.side === 'DOMESTIC').n).toBeGreaterThanOrEqual(25);
    expect(rows.find((row) => row.side === 'FOREIGN').n).toBeGreaterThanOrEqual(80);
  });

  it("gives Shuozhou its Buddhist heritage and energy, citing the Shuozhou FAO's report", async () => {
    const seeded = await profile(await shuozhou());
    expect(seeded.themes.map((theme: { code: string }) => theme.code)).toEqual(expect.arrayContaining(['BUDDHIST_HERITAGE', 'ENERGY', 'COAL']));
    expect(seeded).toMatchObject({ seed: true, updatedBy: null, version: 1 });
    expect(seeded.sources).toEqual([SHUOZHOU_DOCUMENT, 'https://en.wikipedia.org/wiki/Shuozhou']);
    expect(seeded.descriptionEn).toMatch(/Ying County/);
    expect(seeded.descriptionZh).toMatch(/应县木塔/);
  });

  it('profiles foreign partners and the Buddhist places the example points to, each citing Wikipedia', async () => {
    const nara = await profile(await foreignCity('JP', 'Nara-shi')); // Xi'an's partner
    expect(nara.themes.map((theme: { code: string }) => theme.code)).toEqual(expect.arrayContaining(['BUDDHIST_HERITAGE', 'HISTORIC_CAPITAL']));
    expect(nara).toMatchObject({ seed: true, sources: ['https://en.wikipedia.org/wiki/Nara,_Nara'] });
    const kandy = await profile(await foreignCity('LK', 'Kandy')); // no partner in the data
    expect(kandy.themes.map((theme: { code: string }) => theme.code)).toContain('BUDDHIST_HERITAGE');
    expect(kandy.seed).toBe(true);
    const { rows } = await db.query(`select count(*)::int as n from locality_profile p where not exists (select 1 from unnest(p.sources) s where s like 'https://en.wikipedia.org/wiki/%')`);
    expect(rows[0].n).toBe(0);
  });

  it('a second run changes nothing', async () => {
    const before = await snapshot();
    expect(await load()).toEqual({ rows: dataRows, inserted: 0, updated: 0, unchanged: dataRows, keptEdited: 0, unresolved: [] });
    expect(await snapshot()).toEqual(before);
  });

  it("a profile the city office has edited survives a reload; a seed profile that differs from the file is put back", async () => {
    const id = await shuozhou();
    const office = await createIdentity(hub.databaseUrl, { unit: '140600-FAO', role: 'EDITOR' });
    const edited = await hub.gql(UPDATE, { input: { locality: id, descriptionEn: 'Our own words.', themes: ['COAL', 'TOURISM'] } }, office.headers);
    expect(edited.errors, JSON.stringify(edited.errors)).toBeUndefined();
    expect(edited.data.updateLocalityProfile.profile).toMatchObject({ seed: false, version: 2, updatedBy: { code: '140600-FAO' } });
    // As if an older file had been loaded: Ying County's seed profile says something else.
    await db.query(`update locality_profile set description_en = 'Old text' where locality_id = (select id from locality where gb_code = '140622')`);

    const report = await load();
    expect(report).toMatchObject({ inserted: 0, updated: 1, keptEdited: 1, unchanged: dataRows - 2, unresolved: [] });
    expect(await profile(id)).toMatchObject({
      descriptionEn: 'Our own words.', themes: [{ code: 'COAL' }, { code: 'TOURISM' }], seed: false, version: 2, updatedBy: { code: '140600-FAO' },
    });
    const ying = await profile(await localityId(`gb_code = '140622'`));
    expect(ying).toMatchObject({ seed: true, version: 2 });
    expect(ying.descriptionEn).toMatch(/Pagoda of Fogong Temple/);
  });

  it('reports a row that names no locality, and a second row for the same one, without loading them', async () => {
    const path = csvWith([
      'FOREIGN,,GR,Atlantis,,CITY,TOURISM,,Sunk.,沉没。,https://en.wikipedia.org/wiki/Atlantis',
      'FOREIGN,,JP,Kyoto Prefecture,,CITY,TOURISM,,A prefecture named as a city.,以城市之名写的府。,https://en.wikipedia.org/wiki/Kyoto_Prefecture',
      'DOMESTIC,140622,,Shuozhou,,,TOURISM,,Wrong code.,代码错误。,https://en.wikipedia.org/wiki/Shuozhou',
      'FOREIGN,,LK,Kandy,,CITY,TOURISM,,Kandy.,康提。,https://en.wikipedia.org/wiki/Kandy',
      'FOREIGN,,LK,Kandy,,CITY,TOURISM,,Kandy again.,又是康提。,https://en.wikipedia.org/wiki/Kandy',
    ]);
    const before = await snapshot();
    const report = await load(path);
    expect(report.unresolved.map((row) => [row.line, row.reason])).toEqual([
      [2, expect.stringMatching(/no city or region named "Atlantis" in GR/)],
      [3, expect.stringMatching(/no city named "Kyoto Prefecture" in JP \(only a region/)],
      [4, expect.stringMatching(/140622 is Ying County, not "Shuozhou"/)],
      [6, expect.stringMatching(/duplicate of line 5/)],
    ]);
    // The one good row is Kandy's, already a seed profile: it is updated to the test file's text.
    expect(report).toMatchObject({ rows: 5, inserted: 0, updated: 1 });
    expect((await snapshot()).length).toBe(before.length);
  });

  it('refuses a file with a theme or exchange field outside the vocabulary, naming the line', async () => {
    const badTheme = csvWith(['FOREIGN,,LK,Kandy,,CITY,TOURISM WINE_MAKING,,Kandy.,康提。,https://en.wikipedia.org/wiki/Kandy']);
    await expect(load(badTheme)).rejects.toThrow(/line 2: unknown theme code\(s\) WINE_MAKING/);
    const badField = csvWith(['FOREIGN,,LK,Kandy,,CITY,TOURISM,RELIGION,Kandy.,康提。,https://en.wikipedia.org/wiki/Kandy']);
    await expect(load(badField)).rejects.toThrow(/line 2: unknown exchange field\(s\) RELIGION/);
  });

  it('reads sources as URLs, and a run of words between them as one document reference', () => {
    expect(parseSources(`${SHUOZHOU_DOCUMENT} https://en.wikipedia.org/wiki/Shuozhou`)).toEqual([SHUOZHOU_DOCUMENT, 'https://en.wikipedia.org/wiki/Shuozhou']);
    expect(parseSources('https://a.example/x  https://b.example/y https://a.example/x')).toEqual(['https://a.example/x', 'https://b.example/y']);
  });
});
