/**
 * Friendship relations from seeds/friendship-relations.csv: each row is matched to a domestic
 * locality and a foreign region or city; rows that match nothing are reported, never dropped.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import type { DomesticRow } from './domestic-localities';
import type { CityRow, RegionRow } from './foreign-localities';
import { cityKeys, foldName, looksLikeRegion, regionKey } from './names';
import { bulkInsert, type Queryable } from './bulk-insert';

export interface CsvRow {
  domestic_province: string;
  domestic_locality: string;
  domestic_level: string;
  foreign_locality: string;
  foreign_admin_area: string;
  country_iso2: string;
  relation_kind: string;
  established_year: string;
  source: string;
}

export interface Unmatched { line: number; row: Record<string, string>; reason: string }

export type ForeignRef = { level: 'REGION'; countryCode: string; isoCode: string; name: string } |
  { level: 'CITY'; geonamesId: number; countryCode: string; name: string };

export interface MatchedRelation {
  line: number;
  domesticGb: string;
  foreign: ForeignRef;
  kind: 'SISTER' | 'FRIENDLY_EXCHANGE';
  establishedYear: number | null;
  source: string;
  liaisonCode: string;
}

export const CSV_PATH = join(__dirname, 'friendship-relations.csv');
export const ALIAS_PATH = join(__dirname, 'foreign-aliases.csv');

export function readCsvRows(path = CSV_PATH): Array<{ line: number; row: CsvRow }> {
  const records = parse(readFileSync(path), { columns: true, skip_empty_lines: true, trim: true, info: true }) as
    Array<{ record: CsvRow; info: { lines: number } }>;
  return records.map((r) => ({ line: r.info.lines, row: r.record }));
}

export interface Alias { name: string; adminArea: string }
/** country|folded CSV name → names to look up instead (tried before the CSV name). */
export type AliasMap = Map<string, Alias[]>;

export function readAliases(path = ALIAS_PATH): AliasMap {
  const rows = parse(readFileSync(path), { columns: true, skip_empty_lines: true, trim: true, comment: '#' }) as
    Array<{ country: string; csv_name: string; lookup_name: string; lookup_admin_area?: string }>;
  const map: AliasMap = new Map();
  for (const r of rows) {
    const k = `${r.country.toUpperCase()}|${foldName(r.csv_name)}`;
    map.set(k, [...(map.get(k) ?? []), { name: r.lookup_name, adminArea: r.lookup_admin_area ?? '' }]);
  }
  return map;
}

// ---------------------------------------------------------------------------------------------
// Domestic side
// ---------------------------------------------------------------------------------------------

const LEVEL_SUFFIX = /\s+(district|county|autonomous county|city|banner|new district)$/i;
const coreKey = (en: string) => foldName(en.replace(LEVEL_SUFFIX, ''));

export class DomesticMatcher {
  private readonly byGb: Map<string, DomesticRow>;
  private readonly children = new Map<string, DomesticRow[]>();

  constructor(rows: DomesticRow[]) {
    this.byGb = new Map(rows.map((r) => [r.gbCode, r]));
    for (const r of rows) {
      if (!r.parentGb) continue;
      const list = this.children.get(r.parentGb) ?? [];
      list.push(r);
      this.children.set(r.parentGb, list);
    }
  }

  get(gb: string): DomesticRow | undefined { return this.byGb.get(gb); }

  province(name: string): DomesticRow | undefined {
    const k = foldName(name);
    return [...this.byGb.values()].find((r) => r.level === 'PROVINCE' && foldName(r.nameEn) === k);
  }

  /** Returns the row or an error message. */
  match(provinceName: string, level: string, name: string): DomesticRow | string {
    const prov = this.province(provinceName);
    if (!prov) return `domestic province "${provinceName}" not found`;
    if (level === 'province') {
      return foldName(name) === foldName(prov.nameEn) ? prov : `domestic province row names "${name}", not ${prov.nameEn}`;
    }
    const prefectures = (this.children.get(prov.gbCode) ?? []).filter((r) => r.level === 'PREFECTURE');
    if (level === 'prefecture_city') {
      const hits = prefectures.filter((r) => foldName(r.nameEn) === foldName(name) || coreKey(r.nameEn) === foldName(name));
      if (hits.length === 1) return hits[0];
      return hits.length ? `domestic prefecture "${name}" ambiguous in ${prov.nameEn}` : `domestic prefecture "${name}" not found in ${prov.nameEn}`;
    }
    if (level === 'county') {
      const m = /^(.+?)\s*\(([^)]+)\)\s*$/.exec(name);
      let pool: DomesticRow[];
      let countyName = name;
      if (m) {
        countyName = m[1];
        const parent = prefectures.find((r) => foldName(r.nameEn) === foldName(m[2]));
        if (!parent) return `domestic prefecture "${m[2]}" (parent of "${m[1]}") not found in ${prov.nameEn}`;
        pool = this.children.get(parent.gbCode) ?? [];
      } else {
        pool = [
          ...(this.children.get(prov.gbCode) ?? []).filter((r) => r.level === 'COUNTY'),
          ...prefectures.flatMap((p) => this.children.get(p.gbCode) ?? []),
        ];
      }
      const k = foldName(countyName);
      let hits = pool.filter((r) => foldName(r.nameEn) === k);
      if (!hits.length) hits = pool.filter((r) => coreKey(r.nameEn) === coreKey(countyName));
      if (hits.length === 1) return hits[0];
      return hits.length
        ? `domestic county "${name}" ambiguous in ${prov.nameEn}: ${hits.map((h) => h.nameZh).join(', ')}`
        : `domestic county "${name}" not found in ${prov.nameEn}`;
    }
    return `unknown domestic_level "${level}"`;
  }

  /** FAO responsible for relations of this locality. */
  liaisonCode(row: DomesticRow): string {
    if (row.level === 'PROVINCE' || row.level === 'PREFECTURE') return `${row.gbCode}-FAO`;
    const parent = row.parentGb ? this.byGb.get(row.parentGb) : undefined;
    return parent ? `${parent.gbCode}-FAO` : `${row.gbCode}-FAO`;
  }
}

// ---------------------------------------------------------------------------------------------
// Foreign side
// ---------------------------------------------------------------------------------------------

/** Index keys of a city name: the folded name, and without a Korean/Japanese "-si"/"-shi" suffix. */
export function cityIndexKeys(name: string): string[] {
  const keys = [foldName(name)];
  const m = /^(.+?)-(si|shi)$/i.exec(name.trim());
  if (m) keys.push(foldName(m[1]));
  return keys;
}

export class ForeignMatcher {
  private readonly regions = new Map<string, RegionRow[]>(); // cc|regionKey
  private readonly cities = new Map<string, CityRow[]>(); // cc|foldName

  constructor(regionRows: RegionRow[], cityRows: CityRow[], private readonly aliases: AliasMap = new Map()) {
    for (const r of regionRows) {
      for (const k of new Set([regionKey(r.nameEn), regionKey(r.asciiName)])) {
        const key = `${r.countryCode}|${k}`;
        this.regions.set(key, [...(this.regions.get(key) ?? []), r]);
      }
    }
    for (const c of cityRows) {
      const keys = new Set([c.nameEn, ...(c.asciiName ? [c.asciiName] : []), ...c.alternateNames].flatMap(cityIndexKeys));
      for (const k of keys) {
        if (!k) continue;
        const key = `${c.countryCode}|${k}`;
        const list = this.cities.get(key);
        if (list) list.push(c); else this.cities.set(key, [c]);
      }
    }
  }

  matchRegion(cc: string, name: string): RegionRow | null {
    const list = this.regions.get(`${cc}|${regionKey(name)}`) ?? [];
    if (list.length === 1) return list[0];
    if (list.length > 1) {
      const exact = list.filter((r) => foldName(r.nameEn) === foldName(name));
      if (exact.length === 1) return exact[0];
    }
    return null;
  }

  matchCity(cc: string, name: string, adminArea: string): { city: CityRow; note?: string } | null {
    for (const key of cityKeys(name)) {
      let cands = this.cities.get(`${cc}|${key}`);
      if (!cands?.length) continue;
      if (adminArea) {
        const ak = regionKey(adminArea);
        const inArea = cands.filter((c) => c.regionName && regionKey(c.regionName) === ak);
        if (inArea.length) cands = inArea;
        // The admin area is a known region and no candidate is confirmed in it: drop candidates known to
        // lie in another region, and unlinked ones with no recorded population (hamlets, e.g. a
        // "Yongsan" village for Seoul's Yongsan District).
        else if (this.matchRegion(cc, adminArea)) {
          cands = cands.filter((c) => !c.regionName && (c.population ?? 0) > 0);
          if (!cands.length) continue;
        }
      }
      const best = [...cands].sort((a, b) => (b.population ?? 0) - (a.population ?? 0) || a.geonamesId - b.geonamesId)[0];
      return { city: best };
    }
    return null;
  }

  /** Region first for region-like names and province-level rows, else city first. */
  match(row: CsvRow): ForeignRef | string {
    const cc = row.country_iso2.toUpperCase();
    const original = row.foreign_locality;
    const names: Alias[] = [...(this.aliases.get(`${cc}|${foldName(original)}`) ?? []), { name: original, adminArea: row.foreign_admin_area }];
    const regionFirst = row.domestic_level === 'province' || looksLikeRegion(original);
    const tryRegion = (): ForeignRef | null => {
      for (const n of names) {
        const r = this.matchRegion(cc, n.name);
        if (r) return { level: 'REGION', countryCode: cc, isoCode: r.isoCode, name: r.nameEn };
      }
      return null;
    };
    const tryCity = (): ForeignRef | null => {
      for (const n of names) {
        const c = this.matchCity(cc, n.name, n.adminArea);
        if (c) return { level: 'CITY', countryCode: cc, geonamesId: c.city.geonamesId, name: c.city.nameEn };
      }
      return null;
    };
    const hit = regionFirst ? (tryRegion() ?? tryCity()) : (tryCity() ?? tryRegion());
    if (hit) return hit;
    const tried = names.map((n) => `"${n.name}"`).join(', ');
    return `foreign side: no ${regionFirst ? 'region or city' : 'city or region'} named ${tried} in ${cc}` +
      (row.foreign_admin_area ? ` (admin area "${row.foreign_admin_area}")` : '');
  }
}

// ---------------------------------------------------------------------------------------------
// Whole file
// ---------------------------------------------------------------------------------------------

export interface MatchResult { matched: MatchedRelation[]; unmatched: Unmatched[]; duplicates: Unmatched[]; total: number }

export function matchRelations(
  rows: Array<{ line: number; row: CsvRow }>, domestic: DomesticMatcher, foreign: ForeignMatcher,
): MatchResult {
  const matched: MatchedRelation[] = [];
  const unmatched: Unmatched[] = [];
  const duplicates: Unmatched[] = [];
  const seen = new Map<string, number>();
  for (const { line, row } of rows) {
    const plain = { ...row } as unknown as Record<string, string>;
    const reasons: string[] = [];
    const dom = domestic.match(row.domestic_province, row.domestic_level, row.domestic_locality);
    if (typeof dom === 'string') reasons.push(dom);
    const kind = row.relation_kind === 'sister' ? 'SISTER' : row.relation_kind === 'friendly_exchange' ? 'FRIENDLY_EXCHANGE' : null;
    if (!kind) reasons.push(`unknown relation_kind "${row.relation_kind}"`);
    const year = row.established_year ? Number(row.established_year) : null;
    if (year !== null && !(Number.isInteger(year) && year >= 1900 && year <= 2100)) reasons.push(`bad established_year "${row.established_year}"`);
    const fr = foreign.match(row);
    if (typeof fr === 'string') reasons.push(fr);
    if (reasons.length || typeof dom === 'string' || typeof fr === 'string' || !kind) {
      unmatched.push({ line, row: plain, reason: reasons.join('; ') });
      continue;
    }
    const fkey = fr.level === 'REGION' ? `R:${fr.countryCode}:${fr.isoCode}` : `C:${fr.geonamesId}`;
    const pairKey = `${dom.gbCode}|${fkey}|${kind}`;
    const first = seen.get(pairKey);
    if (first !== undefined) {
      duplicates.push({ line, row: plain, reason: `duplicate of line ${first}: same pair ${dom.nameEn} – ${fr.name} (${fkey}) and kind ${kind}; loaded once` });
      continue;
    }
    seen.set(pairKey, line);
    matched.push({
      line, domesticGb: dom.gbCode, foreign: fr, kind, establishedYear: year, source: row.source,
      liaisonCode: domestic.liaisonCode(dom),
    });
  }
  return { matched, unmatched, duplicates, total: rows.length };
}

export async function loadRelations(
  db: Queryable, relations: MatchedRelation[], domesticIds: Map<string, number>, unitIds: Map<string, number>,
): Promise<number> {
  const regionKeys = relations.filter((r) => r.foreign.level === 'REGION').map((r) => r.foreign.countryCode + '|' + (r.foreign as { isoCode: string }).isoCode);
  const cityIds = relations.filter((r) => r.foreign.level === 'CITY').map((r) => (r.foreign as { geonamesId: number }).geonamesId);
  const regionRes = await db.query(
    `select id, country_code || '|' || iso_code as k from locality where level = 'REGION' and country_code || '|' || iso_code = any($1::text[])`,
    [regionKeys]);
  const cityRes = await db.query(`select id, geonames_id from locality where geonames_id = any($1::int[])`, [cityIds]);
  const regionIds = new Map<string, number>(regionRes.rows.map((r: { id: number; k: string }) => [r.k, r.id]));
  const cityIdMap = new Map<number, number>(cityRes.rows.map((r: { id: number; geonames_id: number }) => [r.geonames_id, r.id]));

  const rows = relations.map((r) => {
    const foreignId = r.foreign.level === 'REGION'
      ? regionIds.get(`${r.foreign.countryCode}|${r.foreign.isoCode}`)
      : cityIdMap.get(r.foreign.geonamesId);
    const domesticId = domesticIds.get(r.domesticGb);
    if (foreignId === undefined || domesticId === undefined) throw new Error(`relation on line ${r.line}: locality id not found after load`);
    return { ...r, domesticId, foreignId, liaisonId: unitIds.get(r.liaisonCode) ?? null };
  });
  type Row = (typeof rows)[number];
  const columns: Array<[string, 'int' | 'text', (r: Row) => unknown]> = [
    ['d', 'int', (r) => r.domesticId],
    ['f', 'int', (r) => r.foreignId],
    ['kind', 'text', (r) => r.kind],
    ['year', 'int', (r) => r.establishedYear],
    ['liaison', 'int', (r) => r.liaisonId],
    ['source', 'text', (r) => r.source],
  ];
  // status is set on first load only: later changes made in the hub are not reset by re-seeding.
  await bulkInsert(db, rows, {
    columns,
    sql: (src) => `
      insert into friendship_relation (domestic_locality_id, foreign_locality_id, kind, status, established_year, liaison_unit_id, source)
      select d, f, kind, 'ESTABLISHED', year::smallint, liaison, source from ${src}
      on conflict on constraint friendship_relation_pair_kind_key do update set
        established_year = excluded.established_year, liaison_unit_id = excluded.liaison_unit_id,
        source = excluded.source, updated_at = now()
      where (friendship_relation.established_year, friendship_relation.liaison_unit_id, friendship_relation.source)
        is distinct from (excluded.established_year, excluded.liaison_unit_id, excluded.source)`,
  });
  await bulkInsert(db, rows, {
    columns,
    sql: (src) => `
      insert into relation_status_change (relation_id, from_status, to_status, effective_year, note, source)
      select fr.id, null, 'ESTABLISHED', u.year::smallint, 'Loaded from seed data', u.source
      from ${src}
      join friendship_relation fr on fr.domestic_locality_id = u.d and fr.foreign_locality_id = u.f and fr.kind = u.kind
      where not exists (select 1 from relation_status_change s where s.relation_id = fr.id)`,
  });
  return rows.length;
}
