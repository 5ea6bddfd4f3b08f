/**
 * Demo data for trying the sharing features: a few accounts (no tokens: start-up prints those on
 * the embedded demo database) and about twenty shared resources of Shaanxi's bureaus and
 * partners, in every tier and status, linked to seeded countries, foreign cities and friendship
 * relations, with one pending access request and one grant. Every resource is tagged "demo".
 *
 * Idempotent: accounts are matched by e-mail, resources by their demo idempotency key; what a
 * resource brings with it (links, revisions, requests, grants) is written only when the resource
 * itself is new, so a second run changes nothing, even after the demo data was played with.
 */
import type { Queryable } from './bulk-insert';
import { addWorkingDays, chinaDate } from '../src/modules/access/working-days';
import { toGlobalId } from '../src/shared/global-id';

export const DEMO_TAG = 'demo';
export const DEMO_EMAIL_DOMAIN = 'demo.fao-hub.local';

export interface DemoAccount {
  email: string;
  unit: string;
  role: 'ADMIN' | 'EDITOR' | 'VIEWER';
  kind: 'PERSON' | 'SERVICE';
  displayName: string;
}

export const DEMO_ACCOUNTS: readonly DemoAccount[] = [
  { email: `hub-admin@${DEMO_EMAIL_DOMAIN}`, unit: '610000-FAO', role: 'ADMIN', kind: 'PERSON', displayName: 'Demo hub admin' },
  { email: `commerce-editor@${DEMO_EMAIL_DOMAIN}`, unit: '610000-COMMERCE', role: 'EDITOR', kind: 'PERSON', displayName: 'Demo commerce editor' },
  { email: `commerce-viewer@${DEMO_EMAIL_DOMAIN}`, unit: '610000-COMMERCE', role: 'VIEWER', kind: 'PERSON', displayName: 'Demo commerce viewer' },
  { email: `education-editor@${DEMO_EMAIL_DOMAIN}`, unit: '610000-EDUCATION', role: 'EDITOR', kind: 'PERSON', displayName: 'Demo education editor' },
  { email: `culture-editor@${DEMO_EMAIL_DOMAIN}`, unit: '610000-CULTURE-TOURISM', role: 'EDITOR', kind: 'PERSON', displayName: 'Demo culture and tourism editor' },
  { email: `xian-editor@${DEMO_EMAIL_DOMAIN}`, unit: '610100-FAO', role: 'EDITOR', kind: 'PERSON', displayName: "Demo Xi'an FAO editor" },
  { email: `dashboard@${DEMO_EMAIL_DOMAIN}`, unit: '610000-FAO', role: 'VIEWER', kind: 'SERVICE', displayName: 'Demo dashboard' },
];

type Tier = 'PUBLIC' | 'UNCONDITIONAL' | 'CONDITIONAL' | 'NOT_SHARED';
type Status = 'DRAFT' | 'PUBLISHED' | 'WITHDRAWN';

/** [domestic GB code, foreign locality's English name, its country]: a seeded friendship relation. */
type RelationRef = [string, string, string];
/** [English name, country]: a seeded foreign city. */
type CityRef = [string, string];

export interface DemoResource {
  /** Stable key: the resource's idempotency key is `demo:<key>`. */
  key: string;
  /** The demo account (local part of its e-mail) that contributed it; its unit owns the resource. */
  by: 'hub-admin' | 'commerce-editor' | 'education-editor' | 'culture-editor' | 'xian-editor';
  kind: string;
  tier: Tier;
  status: Status;
  /** How many days ago it was contributed (spreads the demo over months for the statistics). */
  age: number;
  titleZh: string;
  titleEn: string;
  summaryZh: string;
  summaryEn: string;
  bodyZh?: string;
  bodyEn?: string;
  tags: string[];
  themes: string[];
  countries?: string[];
  cities?: CityRef[];
  relations?: RelationRef[];
  domesticGb?: string;
  validFrom?: string;
  validUntil?: string;
  contact?: { name?: string; organisation?: string; email?: string; phone?: string };
  links?: Array<{ title: string; url: string }>;
  notSharedBasis?: string;
  withdrawalReason?: string;
}

const COMMERCE_CONTACT = { name: '王磊 Wang Lei', organisation: '陕西省商务厅外资处 Foreign Investment Division', email: `wang.lei@${DEMO_EMAIL_DOMAIN}`, phone: '+86 29 0000 0101' };
const EDUCATION_CONTACT = { name: '刘芳 Liu Fang', organisation: '陕西省教育厅国际合作与交流处', email: `liu.fang@${DEMO_EMAIL_DOMAIN}`, phone: '+86 29 0000 0202' };
const CULTURE_CONTACT = { name: '赵静 Zhao Jing', organisation: '陕西省文化和旅游厅对外交流处', email: `zhao.jing@${DEMO_EMAIL_DOMAIN}`, phone: '+86 29 0000 0303' };
const XIAN_CONTACT = { name: '陈晨 Chen Chen', organisation: '西安市人民政府外事办公室友城处', email: `chen.chen@${DEMO_EMAIL_DOMAIN}`, phone: '+86 29 0000 0404' };
const FAO_CONTACT = { name: '张伟 Zhang Wei', organisation: '陕西省人民政府外事办公室', email: `zhang.wei@${DEMO_EMAIL_DOMAIN}`, phone: '+86 29 0000 0505' };

export const DEMO_RESOURCES: readonly DemoResource[] = [
  // Department of Commerce
  {
    key: 'solar-glass-uzbekistan', by: 'commerce-editor', kind: 'INVESTMENT_LEAD', tier: 'CONDITIONAL', status: 'PUBLISHED', age: 120,
    titleZh: '西安光伏玻璃企业寻求在乌兹别克斯坦合资建厂',
    titleEn: "Xi'an solar-glass maker seeks a joint-venture partner for a plant in Uzbekistan",
    summaryZh: '西安高新区一家光伏玻璃企业拟在撒马尔罕或塔什干建设年产20万吨的生产线，寻求当地合资方与用地。',
    summaryEn: "A solar-glass manufacturer in Xi'an High-tech Zone plans a 200,000-tonne line near Samarkand or Tashkent and seeks a local partner and a site.",
    bodyZh: '投资额约1.2亿美元，分两期建设。企业名称、财务数据及谈判底线仅向获准单位提供。',
    bodyEn: 'About USD 120 million in two phases. The company name, financials and negotiating position are given to approved units only.',
    tags: ['solar', 'joint venture', 'Central Asia'], themes: ['INVESTMENT', 'GREEN_ENERGY'],
    countries: ['UZ'], cities: [['Tashkent', 'UZ']], relations: [['610100', 'Samarkand', 'UZ']], domesticGb: '610100',
    validFrom: '2026-01-01', validUntil: '2026-12-31', contact: COMMERCE_CONTACT,
  },
  {
    key: 'kazakh-fruit-importers', by: 'commerce-editor', kind: 'INVESTMENT_LEAD', tier: 'UNCONDITIONAL', status: 'PUBLISHED', age: 95,
    titleZh: '哈萨克斯坦进口商寻求陕西苹果、猕猴桃供应商',
    titleEn: 'Kazakh importers look for Shaanxi apple and kiwi-fruit suppliers',
    summaryZh: '阿拉木图三家水果进口商希望与陕西出口企业建立长期供货关系，可经中欧班列（长安号）运输。',
    summaryEn: 'Three fruit importers in Almaty want long-term supply from Shaanxi exporters, shipped on the Chang\'an China–Europe freight trains.',
    bodyEn: 'Volumes of 3,000 to 5,000 tonnes a year; cold-chain containers via Khorgos. Buyers attend the Silk Road Expo in May.',
    tags: ['agriculture', 'export', 'Chang\'an trains'], themes: ['TRADE', 'AGRICULTURE'],
    countries: ['KZ'], cities: [['Almaty', 'KZ']], relations: [['610000', 'Almaty Region', 'KZ']], domesticGb: '610000',
    contact: COMMERCE_CONTACT,
  },
  {
    key: 'trade-by-partner-dataset', by: 'commerce-editor', kind: 'DATASET', tier: 'CONDITIONAL', status: 'PUBLISHED', age: 200,
    titleZh: '陕西省分国别（地区）进出口月度数据（2020—2025年）',
    titleEn: 'Shaanxi foreign trade by partner country, monthly, 2020–2025',
    summaryZh: '按贸易伙伴、商品大类统计的月度进出口额，含友好城市所在国家的专题汇总。',
    summaryEn: 'Monthly imports and exports by partner and commodity group, with summaries for the countries of friendship cities.',
    bodyZh: '数据来源：西安海关、省商务厅。格式：CSV，每月10日前更新。',
    bodyEn: 'Sources: Xi\'an Customs and the Department of Commerce. CSV, updated by the 10th of each month.',
    tags: ['statistics', 'trade'], themes: ['TRADE', 'STATISTICS'],
    domesticGb: '610000', validFrom: '2020-01-01', contact: COMMERCE_CONTACT,
    links: [{ title: 'Download (approved units)', url: `https://data.${DEMO_EMAIL_DOMAIN}/trade-by-partner.csv` }],
  },
  {
    key: 'ftz-trade-measures', by: 'commerce-editor', kind: 'POLICY_DOCUMENT', tier: 'PUBLIC', status: 'PUBLISHED', age: 60,
    titleZh: '中国（陕西）自由贸易试验区稳外贸若干措施',
    titleEn: 'Measures to stabilise foreign trade in the China (Shaanxi) Pilot Free Trade Zone',
    summaryZh: '涉及通关便利、出口信用保险、跨境电商和中欧班列运费补贴等十八条措施。',
    summaryEn: 'Eighteen measures on customs facilitation, export credit insurance, cross-border e-commerce and freight-train subsidies.',
    bodyEn: 'Full text in Chinese with an unofficial English translation.',
    tags: ['policy', 'free trade zone'], themes: ['TRADE', 'POLICY'],
    domesticGb: '610000', validFrom: '2026-03-01',
    links: [{ title: 'Full text', url: `https://www.${DEMO_EMAIL_DOMAIN}/policy/ftz-measures` }],
  },
  {
    key: 'silk-road-expo-2026', by: 'commerce-editor', kind: 'EVENT', tier: 'PUBLIC', status: 'PUBLISHED', age: 45,
    titleZh: '2026丝绸之路国际博览会暨中国东西部合作与投资贸易洽谈会',
    titleEn: 'Silk Road International Expo 2026 and Western China Investment and Trade Fair',
    summaryZh: '5月在西安举办，设中亚、欧洲、东盟主宾国展馆，友好城市可申请免费展位。',
    summaryEn: "Held in Xi'an in May, with Central Asian, European and ASEAN guest pavilions; friendship cities may apply for free booths.",
    tags: ['expo', 'trade fair'], themes: ['TRADE', 'EVENTS'],
    countries: ['KZ', 'UZ', 'KG', 'TJ', 'TM', 'DE', 'IT'], domesticGb: '610100',
    validFrom: '2026-05-20', validUntil: '2026-05-24', contact: COMMERCE_CONTACT,
  },
  {
    key: 'battery-investor-notes', by: 'commerce-editor', kind: 'INVESTMENT_LEAD', tier: 'NOT_SHARED', status: 'PUBLISHED', age: 30,
    titleZh: '韩国电池材料企业来陕投资洽谈纪要',
    titleEn: 'Negotiation notes: Korean battery-materials investor in Shaanxi',
    summaryZh: '第三轮洽谈纪要，涉及用地、电价及税收优惠条件。',
    summaryEn: 'Notes of the third round of talks on land, power prices and tax incentives.',
    bodyZh: '（商业秘密，仅限省商务厅及省外办查阅。）',
    tags: ['batteries', 'negotiation'], themes: ['INVESTMENT'],
    countries: ['KR'], cities: [['Seoul', 'KR']], domesticGb: '610100',
    notSharedBasis: '涉及企业商业秘密，依据《政务信息资源共享管理暂行办法》第九条列为不予共享 (trade secrets of the investor).',
  },
  {
    key: 'minnesota-farm-machinery', by: 'commerce-editor', kind: 'INVESTMENT_LEAD', tier: 'UNCONDITIONAL', status: 'DRAFT', age: 5,
    titleZh: '明尼苏达州农机经销商春季来访意向',
    titleEn: 'Minnesota farm-machinery dealers plan a spring visit',
    summaryZh: '经陕西—明尼苏达友好省州渠道，五家农机经销商有意考察杨凌示范区。',
    summaryEn: 'Through the Shaanxi–Minnesota sister-state channel, five dealers would like to visit the Yangling demonstration zone.',
    tags: ['agriculture', 'machinery'], themes: ['TRADE', 'AGRICULTURE'],
    countries: ['US'], relations: [['610000', 'Minnesota', 'US']], domesticGb: '610000',
  },

  // Department of Education
  {
    key: 'central-asia-scholarship', by: 'education-editor', kind: 'EXCHANGE_PROGRAM', tier: 'PUBLIC', status: 'PUBLISHED', age: 150,
    titleZh: '陕西省政府来华留学奖学金（中亚国家专项）',
    titleEn: 'Shaanxi Provincial Government Scholarship for students from Central Asia',
    summaryZh: '面向哈萨克斯坦、乌兹别克斯坦、吉尔吉斯斯坦、塔吉克斯坦、土库曼斯坦学生，每年200个名额。',
    summaryEn: 'Two hundred places a year for students from Kazakhstan, Uzbekistan, Kyrgyzstan, Tajikistan and Turkmenistan.',
    bodyEn: 'Covers tuition, housing and a monthly allowance. Applications through the partner universities from March to May.',
    tags: ['scholarship', 'students'], themes: ['EDUCATION'],
    countries: ['KZ', 'UZ', 'KG', 'TJ', 'TM'], domesticGb: '610000',
    validFrom: '2026-03-01', validUntil: '2026-05-31', contact: EDUCATION_CONTACT,
    links: [{ title: 'Application guide', url: `https://study.${DEMO_EMAIL_DOMAIN}/scholarship` }],
  },
  {
    key: 'edinburgh-vocational', by: 'education-editor', kind: 'EXCHANGE_PROGRAM', tier: 'UNCONDITIONAL', status: 'PUBLISHED', age: 80,
    titleZh: '西安—爱丁堡职业院校合作办学项目',
    titleEn: "Xi'an–Edinburgh vocational college partnership",
    summaryZh: '西安三所职业院校与爱丁堡学院开展旅游管理、护理专业联合培养，每年互派师生。',
    summaryEn: "Three vocational colleges in Xi'an and Edinburgh College run joint programmes in tourism management and nursing, with yearly exchanges.",
    tags: ['vocational education', 'exchange'], themes: ['EDUCATION'],
    countries: ['GB'], relations: [['610100', 'Edinburgh', 'GB']], domesticGb: '610100', contact: EDUCATION_CONTACT,
  },
  {
    key: 'central-asian-language-experts', by: 'education-editor', kind: 'EXPERT', tier: 'CONDITIONAL', status: 'PUBLISHED', age: 70,
    titleZh: '在陕高校中亚语言与区域国别研究专家名录',
    titleEn: 'Experts in Central Asian languages and area studies at Shaanxi universities',
    summaryZh: '38位可承担口译、笔译和政策咨询的专家，含俄语、哈萨克语、乌兹别克语、塔吉克语。',
    summaryEn: '38 experts available for interpreting, translation and policy advice in Russian, Kazakh, Uzbek and Tajik.',
    bodyZh: '名录含姓名、单位、语种、联系方式及可服务时间，仅供获准单位外事工作使用。',
    bodyEn: 'Names, universities, languages, contact details and availability; for approved units\' foreign-affairs work only.',
    tags: ['interpreters', 'experts'], themes: ['EDUCATION', 'LANGUAGES'],
    countries: ['KZ', 'UZ', 'TJ', 'RU'], domesticGb: '610000', contact: EDUCATION_CONTACT,
  },
  {
    key: 'kyoto-summer-school-2025', by: 'education-editor', kind: 'EXCHANGE_PROGRAM', tier: 'UNCONDITIONAL', status: 'WITHDRAWN', age: 260,
    titleZh: '2025年西安—京都大学生暑期学校',
    titleEn: "Xi'an–Kyoto university summer school 2025",
    summaryZh: '两地高校联合举办的两周暑期学校，主题为丝绸之路考古。',
    summaryEn: 'A two-week summer school of universities in both cities on the archaeology of the Silk Road.',
    tags: ['summer school', 'archaeology'], themes: ['EDUCATION', 'CULTURE'],
    countries: ['JP'], relations: [['610100', 'Kyoto', 'JP']], domesticGb: '610100',
    validFrom: '2025-07-14', validUntil: '2025-07-27',
    withdrawalReason: 'Postponed to 2026 by the partner universities; a new entry will follow.',
  },

  // Department of Culture and Tourism
  {
    key: 'terracotta-loans-2027', by: 'culture-editor', kind: 'CULTURAL_ASSET', tier: 'CONDITIONAL', status: 'PUBLISHED', age: 110,
    titleZh: '秦始皇帝陵兵马俑出境展览：2027—2028年可借展文物',
    titleEn: 'Terracotta Army exhibition loans: objects available for 2027–2028',
    summaryZh: '秦始皇帝陵博物院可供出境展览的陶俑、铜车马复制品及配套展陈方案，适合友好城市博物馆申请。',
    summaryEn: "Terracotta figures, bronze-chariot replicas and exhibition designs the Emperor Qinshihuang's Mausoleum Site Museum can lend abroad; suited to museums in friendship cities.",
    bodyZh: '文物清单（含级别、尺寸、保险估值）、借展条件及档期。',
    bodyEn: 'Object list (grade, dimensions, insured values), loan conditions and available dates.',
    tags: ['Terracotta Army', 'exhibition', 'museum'], themes: ['CULTURE', 'HERITAGE'],
    countries: ['DE', 'IT', 'US', 'JP'], cities: [['Hamburg', 'DE'], ['Naples', 'IT']],
    relations: [['610100', 'Dortmund', 'DE'], ['610100', 'Pompei', 'IT']], domesticGb: '610100',
    validFrom: '2027-01-01', validUntil: '2028-12-31', contact: CULTURE_CONTACT,
  },
  {
    key: 'tang-music-dance-tour', by: 'culture-editor', kind: 'EVENT', tier: 'PUBLIC', status: 'PUBLISHED', age: 40,
    titleZh: '唐乐舞意大利巡演：庞贝、埃尔科拉诺（2026年秋）',
    titleEn: 'Tang-dynasty music and dance on tour in Pompei and Ercolano, autumn 2026',
    summaryZh: '陕西省歌舞剧院在两座友好城市的古迹现场演出，当地合作方负责场地与宣传。',
    summaryEn: "The Shaanxi Song and Dance Theatre performs at the ancient sites of two of Xi'an's sister cities; local partners provide venues and publicity.",
    tags: ['performing arts', 'tour'], themes: ['CULTURE', 'EVENTS'],
    countries: ['IT'], relations: [['610100', 'Pompei', 'IT'], ['610100', 'Ercolano', 'IT']], domesticGb: '610000',
    validFrom: '2026-09-15', validUntil: '2026-10-10', contact: CULTURE_CONTACT,
  },
  {
    key: 'bronze-condition-reports', by: 'culture-editor', kind: 'CULTURAL_ASSET', tier: 'NOT_SHARED', status: 'DRAFT', age: 3,
    titleZh: '拟出境青铜器文物状况报告',
    titleEn: 'Condition reports of bronzes proposed for loan abroad',
    summaryZh: '宝鸡青铜器博物院拟借展文物的保存状况评估。',
    summaryEn: 'Conservation assessments of bronzes the Baoji Bronze Ware Museum proposes to lend.',
    tags: ['bronzes', 'conservation'], themes: ['HERITAGE'],
    domesticGb: '610300',
    notSharedBasis: '《文物出境展览管理规定》：文物状况报告为借出单位内部资料 (internal to the lending museum).',
  },
  {
    key: 'certified-inbound-operators', by: 'culture-editor', kind: 'CONTACT_CHANNEL', tier: 'UNCONDITIONAL', status: 'PUBLISHED', age: 25,
    titleZh: '接待日韩团组的认证入境旅行社名单',
    titleEn: 'Inbound tour operators certified for Japanese and Korean groups',
    summaryZh: '27家具备日语、韩语导游资质的旅行社及其对接人，便于各单位安排友好城市来访团组。',
    summaryEn: 'Twenty-seven agencies with Japanese- and Korean-speaking guides, and their contacts, for delegations from friendship cities.',
    tags: ['tourism', 'delegations'], themes: ['TOURISM'],
    countries: ['JP', 'KR'], domesticGb: '610000', contact: CULTURE_CONTACT,
  },

  // Xi'an Municipal Foreign Affairs Office
  {
    key: 'dortmund-smart-city', by: 'xian-editor', kind: 'COOPERATION_PROJECT', tier: 'PUBLIC', status: 'PUBLISHED', age: 90,
    titleZh: '西安—多特蒙德智慧城市合作项目企业征集',
    titleEn: "Xi'an–Dortmund smart-city cooperation: call for companies",
    summaryZh: '面向智慧交通、能源管理企业征集参与方，2026年秋随市代表团赴多特蒙德对接。',
    summaryEn: 'Companies in smart mobility and energy management are invited to join the city delegation to Dortmund in autumn 2026.',
    tags: ['smart city', 'delegation'], themes: ['SMART_CITY', 'INVESTMENT'],
    countries: ['DE'], relations: [['610100', 'Dortmund', 'DE']], domesticGb: '610100',
    validUntil: '2026-08-31', contact: XIAN_CONTACT,
  },
  {
    key: 'sister-city-liaisons', by: 'xian-editor', kind: 'CONTACT_CHANNEL', tier: 'UNCONDITIONAL', status: 'PUBLISHED', age: 180,
    titleZh: '西安市友好城市对口联络人',
    titleEn: "Liaison officers of Xi'an's friendship cities",
    summaryZh: '京都、庆州、撒马尔罕、爱丁堡、多特蒙德等友城政府的对口联络人及工作语言。',
    summaryEn: 'Liaison officers, and their working languages, in the governments of Kyoto, Gyeongju, Samarkand, Edinburgh, Dortmund and other partners.',
    tags: ['liaison', 'friendship cities'], themes: ['FRIENDSHIP_CITIES'],
    countries: ['JP', 'KR', 'UZ', 'GB', 'DE'],
    relations: [['610100', 'Kyoto', 'JP'], ['610100', 'Gyeongju', 'KR'], ['610100', 'Samarkand', 'UZ'], ['610100', 'Edinburgh', 'GB'], ['610100', 'Dortmund', 'DE']],
    domesticGb: '610100', contact: XIAN_CONTACT,
  },
  {
    key: 'kansas-city-delegation-2026', by: 'xian-editor', kind: 'COOPERATION_PROJECT', tier: 'CONDITIONAL', status: 'DRAFT', age: 2,
    titleZh: '2026年堪萨斯城代表团访问西安日程（草案）',
    titleEn: "Kansas City delegation to Xi'an, 2026 programme (draft)",
    summaryZh: '堪萨斯城市长率团访问的日程草案，含企业座谈和高校交流环节。',
    summaryEn: "Draft programme of the Kansas City mayor's visit, with business round tables and university meetings.",
    tags: ['delegation', 'programme'], themes: ['FRIENDSHIP_CITIES'],
    countries: ['US'], relations: [['610100', 'Kansas City', 'US']], domesticGb: '610100', contact: XIAN_CONTACT,
  },

  // Provincial Foreign Affairs Office (hub operator)
  {
    key: 'delegation-reception-guidelines', by: 'hub-admin', kind: 'POLICY_DOCUMENT', tier: 'UNCONDITIONAL', status: 'PUBLISHED', age: 210,
    titleZh: '成员单位外宾接待工作指引（2026年版）',
    titleEn: 'Guidelines for member units receiving foreign delegations (2026 edition)',
    summaryZh: '邀请函办理、礼宾规格、安全保密、费用标准和事后报备要求。',
    summaryEn: 'Invitation letters, protocol levels, security, cost standards and reporting after the visit.',
    bodyZh: '第一章 总则……第六章 报备与归档。',
    tags: ['protocol', 'guidelines'], themes: ['PROTOCOL', 'POLICY'],
    domesticGb: '610000', validFrom: '2026-01-01', contact: FAO_CONTACT,
  },
  {
    key: 'friendship-relations-open-data', by: 'hub-admin', kind: 'DATASET', tier: 'PUBLIC', status: 'PUBLISHED', age: 15,
    titleZh: '陕西省国际友好城市开放数据',
    titleEn: 'Open data: Shaanxi\'s international friendship cities',
    summaryZh: '全省友好城市与友好交流城市关系清单，含缔结年份和对口单位，每季度更新。',
    summaryEn: 'Every sister-city and friendly-exchange relation of the province, with the year established and the liaison unit; updated quarterly.',
    tags: ['open data', 'friendship cities'], themes: ['FRIENDSHIP_CITIES', 'STATISTICS'],
    countries: ['JP', 'KZ', 'US'], relations: [['610000', 'Kyōto Prefecture', 'JP'], ['610000', 'Almaty Region', 'KZ'], ['610000', 'Minnesota', 'US']],
    domesticGb: '610000',
    links: [{ title: 'CSV download', url: `https://data.${DEMO_EMAIL_DOMAIN}/friendship-cities.csv` }],
  },
  {
    key: 'forum-seating-lists', by: 'hub-admin', kind: 'OTHER', tier: 'NOT_SHARED', status: 'PUBLISHED', age: 8,
    titleZh: '2025欧亚经济论坛礼宾座次表',
    titleEn: 'Protocol seating lists of the 2025 Euro-Asia Economic Forum',
    summaryZh: '开幕式及欢迎宴会座次安排与嘉宾名单。',
    summaryEn: 'Seating plans and guest lists of the opening ceremony and the welcome banquet.',
    tags: ['protocol'], themes: ['PROTOCOL'],
    domesticGb: '610100',
    notSharedBasis: '含境外嘉宾个人信息，依据《个人信息保护法》不予共享 (personal information of foreign guests).',
  },
];

/** The pending request and the grant the demo shows: [resource key, requesting account, purpose]. */
const DEMO_PENDING_REQUEST = {
  resource: 'terracotta-loans-2027',
  by: 'xian-editor',
  purpose: '西安市外办拟与多特蒙德市商谈2027年兵马俑展，需了解可借展文物及条件。 To prepare the 2027 Terracotta Army exhibition proposal with our sister city Dortmund.',
};
const DEMO_GRANT = {
  resource: 'trade-by-partner-dataset',
  by: 'xian-editor',
  decidedBy: 'commerce-editor',
  purpose: "Trade figures with Xi'an's friendship-city countries for the municipal foreign-affairs yearbook.",
};

const email = (local: string) => `${local}@${DEMO_EMAIL_DOMAIN}`;

/** Creates the demo accounts that do not exist yet; returns e-mail → account id. */
async function loadAccounts(db: Queryable): Promise<Map<string, { id: number; unitId: number }>> {
  for (const account of DEMO_ACCOUNTS) {
    await db.query(
      `insert into account (member_unit_id, kind, role, display_name, email)
       select id, $2, $3, $4, $5 from member_unit where code = $1
       on conflict ((lower(email))) where email is not null do nothing`,
      [account.unit, account.kind, account.role, account.displayName, account.email],
    );
  }
  const { rows } = await db.query(`select id, member_unit_id, lower(email) as email from account where lower(email) = any($1::text[])`, [
    DEMO_ACCOUNTS.map((account) => account.email.toLowerCase()),
  ]);
  const byEmail = new Map(rows.map((row: { id: number; member_unit_id: number; email: string }) => [row.email, { id: row.id, unitId: row.member_unit_id }]));
  for (const account of DEMO_ACCOUNTS) {
    if (!byEmail.has(account.email)) throw new Error(`demo seed: member unit ${account.unit} of ${account.email} is missing`);
  }
  return byEmail;
}

/** Ids of everything the demo resources link to; a missing one is a bug in this file (the reference data is fixed). */
async function resolveReferences(db: Queryable) {
  const cities = [...new Map(DEMO_RESOURCES.flatMap((r) => r.cities ?? []).map((c) => [c.join('|'), c])).values()];
  const relations = [...new Map(DEMO_RESOURCES.flatMap((r) => r.relations ?? []).map((x) => [x.join('|'), x])).values()];
  const gbCodes = [...new Set(DEMO_RESOURCES.flatMap((r) => (r.domesticGb ? [r.domesticGb] : [])))];

  const cityRows = await db.query(
    `select distinct on (c.name, c.country) c.name || '|' || c.country as key, l.id
     from unnest($1::text[], $2::text[]) as c(name, country)
     join locality l on l.side = 'FOREIGN' and l.level = 'CITY' and l.name_en = c.name and l.country_code = c.country
     order by c.name, c.country, l.population desc nulls last, l.id`,
    [cities.map((c) => c[0]), cities.map((c) => c[1])],
  );
  const relationRows = await db.query(
    `select x.gb || '|' || x.name || '|' || x.country as key, min(r.id) as id
     from unnest($1::text[], $2::text[], $3::text[]) as x(gb, name, country)
     join locality d on d.gb_code = x.gb
     join friendship_relation r on r.domestic_locality_id = d.id
     join locality f on f.id = r.foreign_locality_id and f.name_en = x.name and f.country_code = x.country
     group by 1`,
    [relations.map((x) => x[0]), relations.map((x) => x[1]), relations.map((x) => x[2])],
  );
  const domesticRows = await db.query(`select gb_code as key, id from locality where gb_code = any($1::text[])`, [gbCodes]);

  const toMap = (rows: Array<{ key: string; id: number }>) => new Map(rows.map((row) => [row.key, Number(row.id)]));
  const refs = { cities: toMap(cityRows.rows), relations: toMap(relationRows.rows), domestic: toMap(domesticRows.rows) };
  const missing = [
    ...cities.filter((c) => !refs.cities.has(c.join('|'))).map((c) => `city ${c.join(', ')}`),
    ...relations.filter((x) => !refs.relations.has(x.join('|'))).map((x) => `relation ${x.join(' – ')}`),
    ...gbCodes.filter((gb) => !refs.domestic.has(gb)).map((gb) => `locality ${gb}`),
  ];
  if (missing.length) throw new Error(`demo seed: not in the reference data: ${missing.join('; ')}`);
  return refs;
}

export interface DemoReport {
  accounts: number;
  resources: number;
  /** Resources this run created (0 on a second run). */
  created: number;
}

/** Loads the demo accounts, resources, request and grant; runs inside the seed's transaction. */
export async function loadDemoData(db: Queryable): Promise<DemoReport> {
  const accounts = await loadAccounts(db);
  const refs = await resolveReferences(db);
  const created = new Map<string, number>();

  for (const resource of DEMO_RESOURCES) {
    const by = accounts.get(email(resource.by))!;
    const countries = resource.countries ?? [];
    const localities = (resource.cities ?? []).map((c) => refs.cities.get(c.join('|'))!);
    const relations = (resource.relations ?? []).map((x) => refs.relations.get(x.join('|'))!);
    const domestic = resource.domesticGb ? refs.domestic.get(resource.domesticGb)! : null;
    const contact = resource.contact ? { name: null, organisation: null, email: null, phone: null, ...resource.contact } : null;
    const links = (resource.links ?? []).map((link) => ({ title: link.title, url: link.url }));
    const published = resource.status !== 'DRAFT';
    const withdrawn = resource.status === 'WITHDRAWN';
    const { rows } = await db.query(
      `insert into shared_resource (owner_unit_id, kind, title_zh, title_en, summary_zh, summary_en, body_zh, body_en,
         tags, themes, domestic_locality_id, valid_from, valid_until, contact, links, tier, not_shared_basis,
         status, version, idempotency_key, created_by_account_id, created_at, updated_at, published_at, withdrawn_at, withdrawal_reason)
       values ($1, $2, $3, $4, $5, $6, $7, $8, $9::text[], $10::text[], $11, $12::date, $13::date, $14::jsonb, $15::jsonb, $16, $17,
         $18, $19, $20, $21, now() - make_interval(days => $22), now() - make_interval(days => $23),
         case when $24 then now() - make_interval(days => $22) end, case when $25 then now() - make_interval(days => $23) end, $26)
       on conflict (created_by_account_id, idempotency_key) do nothing
       returning id`,
      [
        by.unitId, resource.kind, resource.titleZh, resource.titleEn, resource.summaryZh, resource.summaryEn,
        resource.bodyZh ?? null, resource.bodyEn ?? null, [...resource.tags, DEMO_TAG], resource.themes, domestic,
        resource.validFrom ?? null, resource.validUntil ?? null, contact && JSON.stringify(contact), JSON.stringify(links),
        resource.tier, resource.notSharedBasis ?? null, resource.status, withdrawn ? 2 : 1, `demo:${resource.key}`, by.id,
        resource.age, withdrawn ? Math.floor(resource.age / 2) : resource.age, published, withdrawn, resource.withdrawalReason ?? null,
      ],
    );
    if (!rows.length) continue;
    const id: number = rows[0].id;
    created.set(resource.key, id);

    await db.query(`insert into resource_country (resource_id, country_code) select $1, unnest($2::text[])`, [id, countries]);
    await db.query(`insert into resource_locality (resource_id, locality_id) select $1, unnest($2::int[])`, [id, localities]);
    await db.query(`insert into resource_relation (resource_id, relation_id) select $1, unnest($2::int[])`, [id, relations]);

    // The history the write API would have recorded: contributed (and published) by the editor,
    // then withdrawn, if it was.
    const values: Record<string, unknown> = {
      kind: resource.kind, tier: resource.tier, titleZh: resource.titleZh, titleEn: resource.titleEn,
      summaryZh: resource.summaryZh, summaryEn: resource.summaryEn, bodyZh: resource.bodyZh, bodyEn: resource.bodyEn,
      tags: [...resource.tags, DEMO_TAG], themes: resource.themes, countries,
      foreignLocalities: localities.map((key) => toGlobalId('Locality', key)),
      relations: relations.map((key) => toGlobalId('FriendshipRelation', key)),
      domesticLocality: domestic == null ? null : toGlobalId('Locality', domestic),
      validFrom: resource.validFrom, validUntil: resource.validUntil, contact, links, notSharedBasis: resource.notSharedBasis,
    };
    const changes = Object.fromEntries(
      Object.entries(values)
        .filter(([, value]) => value != null && !(Array.isArray(value) && value.length === 0))
        .map(([field, value]) => [field, { from: null, to: value }]),
    );
    if (published) changes.status = { from: null, to: 'PUBLISHED' };
    const revisions: Array<[number, string, Record<string, unknown>, number]> = [[1, 'CONTRIBUTED', changes, resource.age]];
    if (withdrawn) {
      revisions.push([2, 'WITHDRAWN', {
        status: { from: 'PUBLISHED', to: 'WITHDRAWN' },
        withdrawalReason: { from: null, to: resource.withdrawalReason ?? null },
      }, Math.floor(resource.age / 2)]);
    }
    for (const [version, action, revisionChanges, age] of revisions) {
      await db.query(
        `insert into resource_revision (resource_id, version, action, changed_fields, changes, account_id, unit_id, recorded_at)
         values ($1, $2, $3, $4::text[], $5::jsonb, $6, $7, now() - make_interval(days => $8))`,
        [id, version, action, Object.keys(revisionChanges), JSON.stringify(revisionChanges), by.id, by.unitId, age],
      );
    }
  }

  const pendingResource = created.get(DEMO_PENDING_REQUEST.resource);
  if (pendingResource != null) {
    const requester = accounts.get(email(DEMO_PENDING_REQUEST.by))!;
    const requestedOn = chinaDate(new Date(Date.now() - 86_400_000));
    await db.query(
      `insert into access_request (resource_id, requester_unit_id, requester_account_id, purpose, status, requested_at, due_on)
       values ($1, $2, $3, $4, 'PENDING', now() - interval '1 day', $5::date)`,
      [pendingResource, requester.unitId, requester.id, DEMO_PENDING_REQUEST.purpose, addWorkingDays(requestedOn, 5)],
    );
  }
  const grantResource = created.get(DEMO_GRANT.resource);
  if (grantResource != null) {
    const requester = accounts.get(email(DEMO_GRANT.by))!;
    const decider = accounts.get(email(DEMO_GRANT.decidedBy))!;
    const requestedOn = chinaDate(new Date(Date.now() - 20 * 86_400_000));
    const { rows } = await db.query(
      `insert into access_request (resource_id, requester_unit_id, requester_account_id, purpose, status, requested_at, due_on,
         decided_at, decided_by_account_id)
       values ($1, $2, $3, $4, 'APPROVED', now() - interval '20 days', $5::date, now() - interval '18 days', $6)
       returning id`,
      [grantResource, requester.unitId, requester.id, DEMO_GRANT.purpose, addWorkingDays(requestedOn, 5), decider.id],
    );
    await db.query(
      `insert into access_grant (resource_id, grantee_unit_id, request_id, granted_by_account_id, granted_at, expires_at)
       values ($1, $2, $3, $4, now() - interval '18 days', now() + interval '1 year')`,
      [grantResource, requester.unitId, rows[0].id, decider.id],
    );
  }

  const total = await db.query(`select count(*)::int as n from shared_resource where idempotency_key like 'demo:%'`);
  return { accounts: accounts.size, resources: total.rows[0].n, created: created.size };
}
