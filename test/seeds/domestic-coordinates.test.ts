import { describe, expect, it } from 'vitest';
import { buildDomesticRows } from '../../seeds/domestic-localities';
import { formatCoordinateStats, matchDomesticCoordinates, withSeatCoordinates } from '../../seeds/domestic-coordinates';

const rows = buildDomesticRows();
const { coordinates, stats } = matchDomesticCoordinates(rows);
const at = (nameZh: string) => {
  const found = rows.filter((r) => r.nameZh === nameZh);
  expect(found, nameZh).toHaveLength(1);
  return coordinates.get(found[0].gbCode) ?? null;
};

describe('coordinates of Chinese localities', () => {
  // Checked by hand against maps: within 0.2° of the seat.
  it.each([
    ['西安市', 34.26, 108.94], ['朔州市', 39.33, 112.43], ['杭州市', 30.29, 120.16], ['太原市', 37.87, 112.56],
    ['应县', 39.55, 113.18], ['宝鸡市', 34.36, 107.24], ['石家庄市', 38.04, 114.48], ['泉州市', 24.87, 118.67],
    ['喀什地区', 39.47, 75.99], ['日喀则市', 29.27, 88.88], ['龙井市', 42.77, 129.42], ['海城市', 40.85, 122.75],
    ['阆中市', 31.56, 105.97], ['临潼区', 34.37, 109.21], ['繁峙县', 39.19, 113.27], ['徐汇区', 31.19, 121.44],
    ['济源市', 35.07, 112.60], ['陕西省', 34.26, 108.94], ['山西省', 37.87, 112.56], ['新疆维吾尔自治区', 43.80, 87.60],
  ])('%s lies at %f N %f E', (nameZh, latitude, longitude) => {
    const c = at(nameZh as string);
    expect(c).not.toBeNull();
    expect(Math.abs(c!.latitude - (latitude as number))).toBeLessThan(0.2);
    expect(Math.abs(c!.longitude - (longitude as number))).toBeLessThan(0.2);
  });

  it.each([
    ['伊春市', 'its namesake seat in GeoNames is Jiangxi\'s Yichun (宜春), another province'],
    ['上党区', 'the former 长治县 shares its name with the prefecture, whose seat is Changzhi'],
    ['黄山区', 'the city called Huangshan is the seat of 黄山市, not of this district'],
    ['东平县', 'the GeoNames Dongping of Shandong lies 150 km from its seat'],
    ['洛阳市', 'GeoNames has Luoyang only as a plain PPL, not as a seat'],
    ['台湾省', 'GeoNames lists Taiwan under TW, not CN'],
  ])('%s has none: %s', (nameZh) => {
    expect(at(nameZh)).toBeNull();
  });

  it('keeps coordinates in range, gives no city to two localities of one level, and counts what it left out', () => {
    for (const c of coordinates.values()) {
      expect(Math.abs(c.latitude)).toBeLessThanOrEqual(90);
      expect(Math.abs(c.longitude)).toBeLessThanOrEqual(180);
    }
    for (const level of ['PREFECTURE', 'COUNTY'] as const) {
      const ids = rows.filter((r) => r.level === level && coordinates.has(r.gbCode)).map((r) => coordinates.get(r.gbCode)!.geonamesId);
      expect(new Set(ids).size).toBe(ids.length);
    }
    for (const level of ['PROVINCE', 'PREFECTURE', 'COUNTY'] as const) {
      const s = stats[level];
      expect(s.matched + s.ambiguous + s.tooFar + s.noCandidate).toBe(s.total);
      expect(s.matched).toBe(rows.filter((r) => r.level === level && coordinates.has(r.gbCode)).length);
    }
    expect(stats.PROVINCE.matched).toBe(31);
    expect(formatCoordinateStats(stats)).toMatch(/^provinces 31\/34, prefectures \d+\/340.*, counties \d+\/3017/);
  });

  it('gives the same coordinates on every run, null where none was found', () => {
    const again = withSeatCoordinates(rows);
    expect(again.stats).toEqual(stats);
    for (const r of again.rows) {
      const c = coordinates.get(r.gbCode);
      expect([r.latitude, r.longitude]).toEqual(c ? [c.latitude, c.longitude] : [null, null]);
    }
  });
});
