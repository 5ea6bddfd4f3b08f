import { describe, expect, it } from 'vitest';
import { buildDomesticRows } from '../../seeds/domestic-localities';
import type { CityRow, RegionRow } from '../../seeds/foreign-localities';
import { DomesticMatcher, ForeignMatcher, matchRelations, type AliasMap, type CsvRow } from '../../seeds/friendship-relations';

const domestic = new DomesticMatcher(buildDomesticRows());

const region = (countryCode: string, isoCode: string, nameEn: string): RegionRow =>
  ({ countryCode, isoCode, nameEn, asciiName: nameEn.normalize('NFD').replace(/\p{M}/gu, ''), latitude: null, longitude: null });
let nextId = 1;
const city = (countryCode: string, nameEn: string, population: number | null, regionName: string | null = null): CityRow => ({
  geonamesId: nextId++, countryCode, nameEn, asciiName: nameEn.normalize('NFD').replace(/\p{M}/gu, ''), alternateNames: [],
  population, latitude: 0, longitude: 0, admin1: '', regionIso: null, regionName, regionVia: regionName ? 'admin1' : null,
});
const regions = [region('JP', '26', 'Kyōto Prefecture'), region('KR', '11', 'Seoul'), region('US', 'MO', 'Missouri'), region('US', 'KS', 'Kansas'), region('BY', 'MA', 'Mogilev Region')];
const cities = [
  city('CA', 'Québec', 528595), city('JP', 'Kyoto', 1459640, 'Kyōto Prefecture'),
  city('US', 'Kansas City', 475378, 'Missouri'), city('US', 'Kansas City', 152958, 'Kansas'),
  city('FR', 'Saint-Étienne', 171000), city('KR', 'Yongsan', null), city('BY', 'Mahilyow', 369200),
];
const aliases: AliasMap = new Map([['CA|quebeccity', [{ name: 'Québec', adminArea: '' }]], ['BY|mogilev', [{ name: 'Mahilyow', adminArea: '' }]]]);
const foreign = new ForeignMatcher(regions, cities, aliases);

const row = (p: Partial<CsvRow>): CsvRow => ({
  domestic_province: 'Shaanxi', domestic_locality: "Xi'an", domestic_level: 'prefecture_city', foreign_locality: '',
  foreign_admin_area: '', country_iso2: '', relation_kind: 'sister', established_year: '', source: 'test', ...p,
});

describe('domestic matching', () => {
  it('finds provinces, prefectures and districts', () => {
    expect(domestic.match('Shaanxi', 'province', 'Shaanxi')).toMatchObject({ gbCode: '610000' });
    expect(domestic.match('Shanxi', 'province', 'Shanxi')).toMatchObject({ gbCode: '140000' });
    expect(domestic.match('Shaanxi', 'prefecture_city', "Xi'an")).toMatchObject({ gbCode: '610100' });
    expect(domestic.match('Zhejiang', 'county', 'Fuyang District (Hangzhou)')).toMatchObject({ gbCode: '330111' });
    expect(domestic.match('Henan', 'county', 'Jiyuan')).toMatchObject({ gbCode: '419001', parentGb: '410000' });
    expect(domestic.match('Zhejiang', 'county', 'Changxing')).toMatchObject({ gbCode: '330522' });
    expect(domestic.match('Zhejiang', 'county', 'Yueqing')).toMatchObject({ gbCode: '330382' });
  });
  it('chooses the liaison FAO', () => {
    const jiyuan = domestic.get('419001')!;
    expect(domestic.liaisonCode(jiyuan)).toBe('410000-FAO');
    expect(domestic.liaisonCode(domestic.get('330111')!)).toBe('330100-FAO');
    expect(domestic.liaisonCode(domestic.get('610100')!)).toBe('610100-FAO');
  });
});

describe('foreign matching', () => {
  it('matches a prefecture for a province row', () => {
    expect(foreign.match(row({ domestic_locality: 'Shaanxi', domestic_level: 'province', foreign_locality: 'Kyoto Prefecture', country_iso2: 'JP' })))
      .toMatchObject({ level: 'REGION', isoCode: '26' });
  });
  it('uses aliases and accent-insensitive names', () => {
    expect(foreign.match(row({ foreign_locality: 'Quebec City', country_iso2: 'CA' }))).toMatchObject({ level: 'CITY', name: 'Québec' });
    expect(foreign.match(row({ foreign_locality: 'St. Etienne', country_iso2: 'FR' }))).toMatchObject({ level: 'CITY', name: 'Saint-Étienne' });
    expect(foreign.match(row({ foreign_locality: 'Mogilev', country_iso2: 'BY' }))).toMatchObject({ level: 'CITY', name: 'Mahilyow' });
  });
  it('disambiguates by admin area, else by population', () => {
    const ks = foreign.match(row({ foreign_locality: 'Kansas City', foreign_admin_area: 'Kansas', country_iso2: 'US' }));
    expect(ks).toMatchObject({ level: 'CITY' });
    expect(cities.find((c) => c.geonamesId === (ks as { geonamesId: number }).geonamesId)?.regionName).toBe('Kansas');
    const mo = foreign.match(row({ foreign_locality: 'Kansas City', country_iso2: 'US' }));
    expect(cities.find((c) => c.geonamesId === (mo as { geonamesId: number }).geonamesId)?.regionName).toBe('Missouri');
  });
  it('does not take a hamlet in another region for a district of a named region', () => {
    expect(typeof foreign.match(row({ foreign_locality: 'Yongsan', foreign_admin_area: 'Seoul', country_iso2: 'KR' }))).toBe('string');
  });
  it('reports unmatched rows and duplicates', () => {
    const res = matchRelations([
      { line: 2, row: row({ foreign_locality: 'Kyoto', country_iso2: 'JP' }) },
      { line: 3, row: row({ foreign_locality: 'Kyoto', country_iso2: 'JP' }) },
      { line: 4, row: row({ foreign_locality: 'Atlantis', country_iso2: 'JP' }) },
    ], domestic, foreign);
    expect(res.matched).toHaveLength(1);
    expect(res.duplicates.map((d) => d.line)).toEqual([3]);
    expect(res.unmatched[0]).toMatchObject({ line: 4 });
    expect(res.unmatched[0].reason).toMatch(/Atlantis/);
  });
});
