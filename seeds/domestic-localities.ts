/**
 * Chinese provinces, prefecture-level and county-level divisions from china-area-data (GB/T 2260),
 * with the coordinates of their seats where GeoNames has them (see domestic-coordinates.ts).
 */
import { domesticNames, type DomesticLevel } from './names';
import { bulkInsert, type Queryable } from './bulk-insert';

export interface DomesticRow {
  gbCode: string;
  parentGb: string | null;
  level: DomesticLevel;
  nameZh: string;
  shortZh: string;
  namePinyin: string;
  nameEn: string;
  /** the seat's, from GeoNames; null (or absent) when it was not found unambiguously */
  latitude?: number | null;
  longitude?: number | null;
}

type AreaData = Record<string, Record<string, string>>;

/** Prefecture-level entries that are placeholders, not divisions: their children hang off the province. */
const PSEUDO_PREFECTURES = new Set(['市辖区', '县', '省直辖县级行政区划', '自治区直辖县级行政区划']);
/** County-level placeholders to skip. */
const PSEUDO_COUNTIES = new Set(['市辖区']);
const GB_CODE = /^\d{6}$/;

export function loadAreaData(): AreaData {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require('china-area-data/v5/data') as AreaData;
}

/** All provinces, prefectures and counties, parents before children. */
export function buildDomesticRows(data: AreaData = loadAreaData()): DomesticRow[] {
  const rows: DomesticRow[] = [];
  const make = (gbCode: string, parentGb: string | null, level: DomesticLevel, nameZh: string): DomesticRow => {
    const n = domesticNames(nameZh, level);
    return { gbCode, parentGb, level, nameZh, shortZh: n.short, namePinyin: n.pinyin, nameEn: n.en };
  };
  const provinces = Object.entries(data['86'] ?? {});
  const prefectures: DomesticRow[] = [];
  const counties: DomesticRow[] = [];
  for (const [provCode, provName] of provinces) {
    rows.push(make(provCode, null, 'PROVINCE', provName));
    for (const [code2, name2] of Object.entries(data[provCode] ?? {})) {
      const grandChildren = data[code2];
      if (PSEUDO_PREFECTURES.has(name2)) {
        for (const [code3, name3] of Object.entries(grandChildren ?? {})) {
          if (!PSEUDO_COUNTIES.has(name3) && GB_CODE.test(code3)) counties.push(make(code3, provCode, 'COUNTY', name3));
        }
        continue;
      }
      // Hong Kong / Macao: districts sit directly under the SAR (no third level in the data).
      const isSarDistrict = /^8[12]/.test(provCode);
      if (isSarDistrict) {
        counties.push(make(code2, provCode, 'COUNTY', name2));
        continue;
      }
      prefectures.push(make(code2, provCode, 'PREFECTURE', name2));
      // Taiwan's district codes in the data are not GB/T 2260 codes and collide (台中市 reuses 7103xx).
      if (provCode === '710000') continue;
      for (const [code3, name3] of Object.entries(grandChildren ?? {})) {
        // 9-digit children (towns of 东莞, 中山, 儋州 …) are below county level: not loaded.
        if (!PSEUDO_COUNTIES.has(name3) && GB_CODE.test(code3)) counties.push(make(code3, code2, 'COUNTY', name3));
      }
    }
  }
  const seen = new Set<string>();
  return [...rows, ...prefectures, ...counties].filter((r) => !seen.has(r.gbCode) && seen.add(r.gbCode));
}

/** Upsert by gb_code, one level at a time so that parents exist. Returns gb_code → id. */
export async function loadDomesticLocalities(db: Queryable, rows: DomesticRow[]): Promise<Map<string, number>> {
  for (const level of ['PROVINCE', 'PREFECTURE', 'COUNTY'] as const) {
    const part = rows.filter((r) => r.level === level);
    await bulkInsert(db, part, {
      columns: [
        ['gb_code', 'text', (r) => r.gbCode],
        ['parent_gb', 'text', (r) => r.parentGb],
        ['level', 'text', (r) => r.level],
        ['name_en', 'text', (r) => r.nameEn],
        ['name_zh', 'text', (r) => r.nameZh],
        ['name_pinyin', 'text', (r) => r.namePinyin],
        ['latitude', 'float8', (r) => r.latitude ?? null],
        ['longitude', 'float8', (r) => r.longitude ?? null],
      ],
      sql: (src) => `
        insert into locality (side, level, country_code, parent_id, gb_code, name_en, name_zh, name_pinyin,
                              latitude, longitude)
        select 'DOMESTIC', u.level, 'CN', p.id, u.gb_code, u.name_en, u.name_zh, u.name_pinyin, u.latitude, u.longitude
        from ${src} left join locality p on p.gb_code = u.parent_gb
        on conflict (gb_code) do update set
          side = excluded.side, level = excluded.level, country_code = excluded.country_code,
          parent_id = excluded.parent_id, name_en = excluded.name_en, name_zh = excluded.name_zh,
          name_pinyin = excluded.name_pinyin, latitude = excluded.latitude, longitude = excluded.longitude
        where (locality.side, locality.level, locality.country_code, locality.parent_id, locality.name_en,
               locality.name_zh, locality.name_pinyin, locality.latitude, locality.longitude)
          is distinct from (excluded.side, excluded.level, excluded.country_code, excluded.parent_id,
               excluded.name_en, excluded.name_zh, excluded.name_pinyin, excluded.latitude, excluded.longitude)`,
    });
  }
  const res = await db.query(`select id, gb_code from locality where gb_code = any($1::text[])`, [rows.map((r) => r.gbCode)]);
  return new Map(res.rows.map((r: { id: number; gb_code: string }) => [r.gb_code, r.id]));
}
