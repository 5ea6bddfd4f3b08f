/** The 50 searches of `npm run bench:search` (bench/search.ts); importing this file starts nothing. */

export type Filter = Record<string, unknown>;
/** Ids the filters need, looked up in the bench database. */
export interface Ids {
  shaanxi: string;
  kyotoPrefecture: string;
}

/**
 * What city offices type: typos, Chinese names, pinyin, first letters, names without their
 * accents, with and without filters, and a few filters alone.
 */
export function searches(ids: Ids): Array<{ query: string | null; filter?: Filter }> {
  return [
    // typos
    { query: 'Kyto' }, { query: 'Hamburgg' }, { query: 'Barcelna' }, { query: 'Frankfrut' }, { query: 'Sanfransisco' },
    { query: 'Edinbrugh' }, { query: 'Vladivostock' }, { query: 'Isfahn' }, { query: 'Tokio' }, { query: 'Melbourn', filter: { country: 'AU' } },
    // Chinese names
    { query: '西安' }, { query: '杭州' }, { query: '福州' }, { query: '太原' }, { query: '郑州' },
    { query: '朔州' }, { query: '应县' }, { query: '宝鸡' }, { query: '洛阳', filter: { side: 'DOMESTIC' } }, { query: '泉州' },
    // pinyin
    { query: 'xian' }, { query: 'hangzhou' }, { query: 'shuozhou' }, { query: 'ying xian' }, { query: 'baoji' },
    { query: "Xi'an", filter: { side: 'DOMESTIC', level: 'PREFECTURE' } }, { query: 'quanzhou' },
    // prefixes
    { query: 'Mosc' }, { query: 'Hambu' }, { query: 'Kyo', filter: { country: 'JP' } }, { query: 'San Fr' }, { query: 'Los An' },
    { query: 'Rio de' }, { query: 'Sama', filter: { continent: 'AS' } }, { query: 'St. Pet' },
    // diacritics
    { query: 'Sao Paulo' }, { query: 'Zurich' }, { query: 'Malmo' }, { query: 'Krakow' }, { query: 'Cordoba', filter: { minPopulation: 100000 } },
    { query: 'Dusseldorf' }, { query: 'Reykjavik' },
    // partner filters, themes, regions
    { query: 'san', filter: { hasChinesePartner: true } }, { query: 'nara', filter: { themes: ['BUDDHIST_HERITAGE'] } },
    { query: 'kyoto', filter: { region: ids.kyotoPrefecture } },
    // filters alone
    { query: null, filter: { partneredWithProvince: ids.shaanxi } },
    { query: null, filter: { continent: 'EU', level: 'CITY', minPopulation: 200000, hasChinesePartner: false } },
    { query: null, filter: { country: 'DE', themes: ['AUTOMOTIVE'] } },
    { query: null, filter: { continent: 'AF', themes: ['AGRICULTURE'], minPopulation: 100000 } },
    { query: null, filter: { country: 'JP', level: 'CITY', minPopulation: 500000 } },
  ];
}

