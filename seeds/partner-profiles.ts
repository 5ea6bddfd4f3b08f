/**
 * Seed profiles (issue 6) from seeds/partner-profiles.csv: themes, exchange fields and a short
 * factual description for the Chinese localities the domain documents name or that have the most
 * friendship relations, for their foreign partners, and for a few foreign cities the documents'
 * example points to (Buddhist heritage: Japan, Sri Lanka). Facts only, each row with its sources;
 * no population or GDP (the locality row already carries the GeoNames population).
 *
 * A row is resolved to a locality as the relations are: a Chinese one by its GB/T 2260 code (and
 * its English name must agree, so a mistyped code is caught), a foreign one by country, name and
 * admin area through the same matcher and aliases as seeds/friendship-relations.ts, built from the
 * locality table. A row that resolves to nothing, or to a locality of the other level, is
 * reported, never dropped silently or guessed. An unknown theme or exchange field throws: the
 * file is ours.
 *
 * Idempotent: profiles are written with seed = true; a seed profile whose row changed is updated
 * (its version raised); an unchanged one is left alone; a profile a member unit has edited
 * (seed = false) is never overwritten.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { ExchangeField } from '../src/modules/exchanges/exchange.enums';
import { bulkInsert, joinList, splitListSql, type Queryable } from './bulk-insert';
import type { CityRow, RegionRow } from './foreign-localities';
import { ForeignMatcher, readAliases, type AliasMap, type CsvRow, type Unmatched } from './friendship-relations';
import { foldName } from './names';

export const PROFILES_PATH = join(__dirname, 'partner-profiles.csv');

export interface ProfileCsvRow {
  side: string;
  gb_code: string;
  country: string;
  name: string;
  admin_area: string;
  level: string;
  themes: string;
  exchange_fields: string;
  description_en: string;
  description_zh: string;
  source: string;
}

export interface ProfileLoadReport {
  /** Data rows in the file. */
  rows: number;
  inserted: number;
  updated: number;
  /** Seed profiles already as the file has them. */
  unchanged: number;
  /** Profiles a member unit has edited (seed = false): kept as they are. */
  keptEdited: number;
  /** Rows not loaded, with the reason: no such locality, or a second row for the same one. */
  unresolved: Unmatched[];
}

export function readProfileRows(path = PROFILES_PATH): Array<{ line: number; row: ProfileCsvRow }> {
  const records = parse(readFileSync(path), { columns: true, skip_empty_lines: true, trim: true, info: true }) as
    Array<{ record: ProfileCsvRow; info: { lines: number } }>;
  return records.map((r) => ({ line: r.info.lines, row: r.record }));
}

const words = (value: string | undefined): string[] => (value ?? '').split(/\s+/).filter(Boolean);
const isUrl = (token: string) => /^https?:\/\/\S+$/i.test(token);

/**
 * The `source` column: URLs separated by spaces; a run of words that is not a URL is one
 * reference to a document ("朔州市外事管理工作的困境与出路 (朔州市人民政府发展研究中心, 2021)").
 */
export function parseSources(value: string): string[] {
  const out: string[] = [];
  let text: string[] = [];
  const flush = () => { if (text.length) out.push(text.join(' ')); text = []; };
  for (const token of words(value)) {
    if (isUrl(token)) { flush(); out.push(token); } else text.push(token);
  }
  flush();
  return [...new Set(out)];
}

interface CheckedRow {
  line: number;
  row: ProfileCsvRow;
  themes: string[];
  fields: string[];
  sources: string[];
}

const EXCHANGE_FIELDS = new Set<string>(Object.values(ExchangeField));

/** Every row's codes and required text; throws on the first file error (the file is ours). */
function checkRows(rows: Array<{ line: number; row: ProfileCsvRow }>, themeCodes: ReadonlySet<string>): CheckedRow[] {
  return rows.map(({ line, row }) => {
    const fail = (what: string): never => { throw new Error(`${PROFILES_PATH} line ${line}: ${what}`); };
    if (row.side !== 'DOMESTIC' && row.side !== 'FOREIGN') fail(`side must be DOMESTIC or FOREIGN, not "${row.side}"`);
    if (row.side === 'DOMESTIC' && !/^\d{6}$/.test(row.gb_code)) fail(`a domestic row needs a six-digit gb_code, not "${row.gb_code}"`);
    if (row.side === 'FOREIGN' && (!/^[A-Z]{2}$/.test(row.country) || !row.name)) fail('a foreign row needs country (ISO 3166-1 alpha-2) and name');
    if (row.side === 'FOREIGN' && row.level !== 'REGION' && row.level !== 'CITY') fail(`a foreign row's level must be REGION or CITY, not "${row.level}"`);
    const themes = [...new Set(words(row.themes))].sort();
    const fields = [...new Set(words(row.exchange_fields))].sort();
    const unknownThemes = themes.filter((code) => !themeCodes.has(code));
    if (unknownThemes.length) fail(`unknown theme code(s) ${unknownThemes.join(', ')}; the shipped vocabulary is in profile_theme`);
    const unknownFields = fields.filter((code) => !EXCHANGE_FIELDS.has(code));
    if (unknownFields.length) fail(`unknown exchange field(s) ${unknownFields.join(', ')}; see ExchangeField`);
    if (!themes.length) fail('no themes');
    if (!row.description_en || !row.description_zh) fail('description_en and description_zh are both required');
    const sources = parseSources(row.source);
    if (!sources.length) fail('no source');
    return { line, row, themes, fields, sources };
  });
}

/** The foreign matcher of the relations, over the regions and cities of the given countries as loaded. */
async function foreignMatcher(db: Queryable, countries: string[], aliases: AliasMap) {
  const regionRes = await db.query(
    `select id, country_code, iso_code, name_en, ascii_name from locality
     where side = 'FOREIGN' and level = 'REGION' and country_code = any($1::text[])`, [countries]);
  const cityRes = await db.query(
    `select id, geonames_id, country_code, name_en, ascii_name, alternate_names, admin_area, population from locality
     where side = 'FOREIGN' and level = 'CITY' and geonames_id is not null and country_code = any($1::text[])`, [countries]);
  const regionIds = new Map<string, number>();
  const regions: RegionRow[] = regionRes.rows.map((r) => {
    regionIds.set(`${r.country_code}|${r.iso_code}`, r.id);
    return { countryCode: r.country_code, isoCode: r.iso_code, nameEn: r.name_en, asciiName: r.ascii_name ?? r.name_en, latitude: null, longitude: null };
  });
  const cityIds = new Map<number, number>();
  const cities: CityRow[] = cityRes.rows.map((r) => {
    cityIds.set(r.geonames_id, r.id);
    return {
      geonamesId: r.geonames_id, countryCode: r.country_code, nameEn: r.name_en, asciiName: r.ascii_name,
      alternateNames: r.alternate_names ?? [], population: r.population, latitude: 0, longitude: 0, admin1: '',
      regionIso: null, regionName: r.admin_area, regionVia: null,
    };
  });
  return { matcher: new ForeignMatcher(regions, cities, aliases), regionIds, cityIds };
}

/** Locality id per row, or the reason there is none. */
async function resolveRows(db: Queryable, rows: CheckedRow[], aliases: AliasMap): Promise<Array<number | string>> {
  const gbCodes = rows.filter((r) => r.row.side === 'DOMESTIC').map((r) => r.row.gb_code);
  const domesticRes = await db.query(`select id, gb_code, name_en from locality where side = 'DOMESTIC' and gb_code = any($1::text[])`, [gbCodes]);
  const domestic = new Map<string, { id: number; name: string }>(domesticRes.rows.map((r) => [r.gb_code, { id: r.id, name: r.name_en }]));
  const countries = [...new Set(rows.filter((r) => r.row.side === 'FOREIGN').map((r) => r.row.country))];
  const { matcher, regionIds, cityIds } = await foreignMatcher(db, countries, aliases);

  return rows.map(({ row }) => {
    if (row.side === 'DOMESTIC') {
      const hit = domestic.get(row.gb_code);
      if (!hit) return `domestic locality ${row.gb_code} not found`;
      if (row.name && foldName(row.name) !== foldName(hit.name)) return `domestic locality ${row.gb_code} is ${hit.name}, not "${row.name}"`;
      return hit.id;
    }
    // The relations' matcher looks for a region first on a province-level relation and for a city
    // first on any other, so the row's level is passed as one of those; a hit of the other level is refused.
    const asRelation = {
      domestic_level: row.level === 'REGION' ? 'province' : 'prefecture_city',
      foreign_locality: row.name, foreign_admin_area: row.admin_area, country_iso2: row.country,
    } as CsvRow;
    const ref = matcher.match(asRelation);
    if (typeof ref === 'string') return ref;
    if (ref.level !== row.level) return `foreign side: no ${row.level.toLowerCase()} named "${row.name}" in ${row.country} (only a ${ref.level.toLowerCase()}, ${ref.name})`;
    const id = ref.level === 'REGION' ? regionIds.get(`${ref.countryCode}|${ref.isoCode}`) : cityIds.get(ref.geonamesId);
    return id ?? `foreign side: ${ref.name} matched but is not in the locality table`;
  });
}

/** Loads the seed profiles; see the file comment for what a second run does. */
export async function loadPartnerProfiles(db: Queryable, path = PROFILES_PATH): Promise<ProfileLoadReport> {
  const themeRes = await db.query(`select code from profile_theme where built_in`);
  const checked = checkRows(readProfileRows(path), new Set(themeRes.rows.map((r: { code: string }) => r.code)));
  const ids = await resolveRows(db, checked, readAliases());

  const unresolved: Unmatched[] = [];
  const seen = new Map<number, number>();
  const rows: Array<CheckedRow & { localityId: number }> = [];
  checked.forEach((r, i) => {
    const id = ids[i];
    const plain = { ...r.row } as unknown as Record<string, string>;
    if (typeof id === 'string') { unresolved.push({ line: r.line, row: plain, reason: id }); return; }
    const first = seen.get(id);
    if (first !== undefined) { unresolved.push({ line: r.line, row: plain, reason: `duplicate of line ${first}: same locality; loaded once` }); return; }
    seen.set(id, r.line);
    rows.push({ ...r, localityId: id });
  });

  const existing = await db.query(
    `select count(*)::int as n, count(*) filter (where not seed)::int as edited from locality_profile where locality_id = any($1::int[])`,
    [rows.map((r) => r.localityId)]);
  const { n: before, edited } = existing.rows[0] as { n: number; edited: number };
  type Row = (typeof rows)[number];
  // A row with no profile yet is inserted; a seed profile is updated only where the row differs.
  const written = await bulkInsert<Row>(db, rows, {
    columns: [
      ['id', 'int', (r) => r.localityId],
      ['themes', 'text', (r) => joinList(r.themes)],
      ['fields', 'text', (r) => joinList(r.fields)],
      ['den', 'text', (r) => r.row.description_en],
      ['dzh', 'text', (r) => r.row.description_zh],
      ['sources', 'text', (r) => joinList(r.sources)],
    ],
    sql: (src) => `
      insert into locality_profile as p (locality_id, themes, exchange_fields, description_en, description_zh, sources, seed)
      select id, ${splitListSql('themes')}, ${splitListSql('fields')}, den, dzh, ${splitListSql('sources')}, true from ${src}
      on conflict (locality_id) do update set
        themes = excluded.themes, exchange_fields = excluded.exchange_fields, description_en = excluded.description_en,
        description_zh = excluded.description_zh, sources = excluded.sources, updated_at = now(), version = p.version + 1
      where p.seed and (p.themes, p.exchange_fields, p.description_en, p.description_zh, p.sources)
        is distinct from (excluded.themes, excluded.exchange_fields, excluded.description_en, excluded.description_zh, excluded.sources)`,
  });
  const inserted = rows.length - before;
  const updated = written - inserted;
  return { rows: checked.length, inserted, updated, unchanged: before - edited - updated, keptEdited: edited, unresolved };
}
