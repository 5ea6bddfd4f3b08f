/**
 * Demo data for trying the foreign-affairs information features: a few information items (a
 * notice, a brief, an event calendar, a level-1 travel reminder that `currentAdvisories` returns,
 * a draft) and three matters of the Shaanxi FAO's licence and service catalogue, drawn from the
 * duties its published job descriptions name (approving temporary official trips abroad, official
 * passports and visas, inviting foreign visitors; see ../shared/domain/sources). Time limits,
 * materials and contacts are illustrative, not the office's published figures.
 *
 * Written by the demo accounts (seeds/demo.ts), directly rather than through the API, like the
 * demo resources: no audit entries or activities. Idempotent: items are matched by their demo
 * author and English title, matters by their DEMO- code.
 */
import type { Queryable } from './bulk-insert';
import { DEMO_EMAIL_DOMAIN } from './demo';

interface DemoItem {
  by: string;
  kind: 'NOTICE' | 'BRIEF' | 'POLICY' | 'REGULATION' | 'ADVISORY' | 'EVENT_CALENDAR';
  tier: 'PUBLIC' | 'UNCONDITIONAL' | 'NOT_SHARED';
  status: 'DRAFT' | 'PUBLISHED';
  titleZh: string;
  titleEn: string;
  bodyZh: string;
  bodyEn: string;
  countries?: string[];
  advisoryLevel?: number;
  /** Days ago it was written; it takes effect then and, if given, expires this many days later. */
  age: number;
  validForDays?: number;
}

const DEMO_ITEMS: readonly DemoItem[] = [
  {
    by: 'hub-admin', kind: 'NOTICE', tier: 'PUBLIC', status: 'PUBLISHED', age: 20,
    titleZh: '关于因公临时出国（境）人员办理护照和签证的通知',
    titleEn: 'Notice on passports and visas for temporary official trips abroad',
    bodyZh: '省外办为因公临时出国（境）人员签发因公护照并代办签证。请组团单位在出访批件下达后及时提交护照和签证申请材料，预留足够的办理时间。',
    bodyEn: 'The provincial FAO issues official passports to people travelling abroad on official business and applies for their visas. ' +
      'Organising units should hand in the passport and visa applications as soon as the trip is approved, leaving enough time for consulates to decide.',
  },
  {
    by: 'culture-editor', kind: 'EVENT_CALENDAR', tier: 'PUBLIC', status: 'PUBLISHED', age: 12, validForDays: 380, countries: ['DE', 'IT'],
    titleZh: '2026年友好城市文化交流活动日历',
    titleEn: 'Friendship-city cultural exchange calendar 2026',
    bodyZh: '汇总全省与德国、意大利友好城市的演出、展览和青少年交流活动，供各单位统筹安排出访和接待。',
    bodyEn: "Performances, exhibitions and youth exchanges planned with the province's German and Italian friendship cities, " +
      'so that units can plan their visits and receptions together.',
  },
  {
    by: 'commerce-editor', kind: 'BRIEF', tier: 'UNCONDITIONAL', status: 'PUBLISHED', age: 9, countries: ['UZ', 'KZ'],
    titleZh: '中亚友好城市经贸合作渠道简报',
    titleEn: 'Brief: trade and investment channels with Central Asian friendship cities',
    bodyZh: '梳理与乌兹别克斯坦、哈萨克斯坦友好城市已有的经贸合作机制、联系人和近期展会，供成员单位内部参考。',
    bodyEn: 'The trade and investment mechanisms, contacts and coming trade fairs already in place with friendship cities in Uzbekistan ' +
      'and Kazakhstan, for member units.',
  },
  {
    by: 'hub-admin', kind: 'ADVISORY', tier: 'PUBLIC', status: 'PUBLISHED', age: 5, validForDays: 90, countries: ['FR'], advisoryLevel: 1,
    titleZh: '赴法国团组出行提醒（一级：常规注意）',
    titleEn: 'Travel reminder for delegations to France (level 1: normal precautions)',
    bodyZh: '团组出访期间请遵守当地法律法规，妥善保管证件和财物，遇紧急情况及时联系我驻外使领馆。',
    bodyEn: 'Delegations should follow local laws, keep passports and valuables safe and contact the Chinese embassy or consulate in an emergency.',
  },
  {
    by: 'xian-editor', kind: 'NOTICE', tier: 'UNCONDITIONAL', status: 'DRAFT', age: 1,
    titleZh: '西安市友好城市工作年度总结（草稿）',
    titleEn: "Xi'an friendship-city work: annual review (draft)",
    bodyZh: '草稿，仅西安市外办可见。',
    bodyEn: "A draft: only Xi'an's FAO sees it.",
  },
];

interface DemoMatter {
  code: string;
  kind: 'LICENCE' | 'PUBLIC_SERVICE';
  nameZh: string;
  nameEn: string;
  acceptingOffice: string;
  processingDays: number;
  promisedDays: number;
  legalBasis: string;
  materials: Array<{ name: string; required: boolean; copies: number }>;
  procedure: string[];
  online: 'OFFLINE' | 'ONLINE_APPLICATION' | 'FULLY_ONLINE';
  tier: 'PUBLIC' | 'UNCONDITIONAL';
}

const CONSULTATION = { text: 'Shaanxi FAO service window, weekdays 9:00-12:00 and 14:00-17:30 (demo contact).', phone: null, url: null };

const DEMO_MATTERS: readonly DemoMatter[] = [
  {
    code: 'DEMO-TRIP-APPROVAL', kind: 'LICENCE', tier: 'PUBLIC', online: 'ONLINE_APPLICATION', processingDays: 20, promisedDays: 10,
    nameZh: '因公临时出国（境）审批（厅局级及以下人员）',
    nameEn: 'Approval of temporary official trips abroad (staff at department and bureau level and below)',
    acceptingOffice: 'Shaanxi FAO, Division of Official Travel Abroad',
    legalBasis: 'Main duties, internal organisation and staffing of the Shaanxi FAO (2020)',
    materials: [
      { name: 'Application for the trip, with its purpose and programme', required: true, copies: 1 },
      { name: 'Invitation from the host abroad', required: true, copies: 1 },
      { name: "Consent of the traveller's unit", required: true, copies: 1 },
    ],
    procedure: ['Apply', 'Review by the FAO', 'Approval document issued'],
  },
  {
    code: 'DEMO-PASSPORT-VISA', kind: 'PUBLIC_SERVICE', tier: 'PUBLIC', online: 'OFFLINE', processingDays: 15, promisedDays: 7,
    nameZh: '因公护照签发及签证办理',
    nameEn: 'Official passports and visa applications for official trips',
    acceptingOffice: 'Shaanxi FAO, Passport and Visa Division',
    legalBasis: 'Passport Law of the People’s Republic of China, article 4',
    materials: [
      { name: 'Approval document of the trip', required: true, copies: 1 },
      { name: 'Passport application form with photograph', required: true, copies: 1 },
      { name: 'Visa forms of the countries visited', required: true, copies: 1 },
    ],
    procedure: ['Hand in', 'Passport issued', 'Visa applied for at the consulates', 'Collect'],
  },
  {
    code: 'DEMO-INVITATION', kind: 'LICENCE', tier: 'UNCONDITIONAL', online: 'ONLINE_APPLICATION', processingDays: 10, promisedDays: 5,
    nameZh: '邀请外国人来华审批',
    nameEn: 'Approval of invitations to foreign visitors',
    acceptingOffice: 'Shaanxi FAO, Division of Visits to China',
    legalBasis: 'Exit and Entry Administration Law of the People’s Republic of China',
    materials: [
      { name: 'Request of the inviting unit, with the programme of the visit', required: true, copies: 1 },
      { name: "Copies of the visitors' passports", required: true, copies: 1 },
    ],
    procedure: ['Apply', 'Review by the FAO', 'Letter of invitation issued'],
  },
];

const email = (local: string) => `${local}@${DEMO_EMAIL_DOMAIN}`.toLowerCase();

export interface DemoInformationReport {
  items: number;
  matters: number;
}

/** Loads the demo information items and catalogue matters; runs inside the seed's transaction, after the demo accounts. */
export async function loadDemoInformation(db: Queryable): Promise<DemoInformationReport> {
  const { rows } = await db.query(`select id, member_unit_id, lower(email) as email from account where lower(email) = any($1::text[])`, [
    [...new Set(DEMO_ITEMS.map((item) => email(item.by)).concat(email('hub-admin')))],
  ]);
  const accounts = new Map(rows.map((row: { id: number; member_unit_id: number; email: string }) => [row.email, { id: row.id, unitId: row.member_unit_id }]));
  const account = (local: string) => {
    const found = accounts.get(email(local));
    if (!found) throw new Error(`demo seed: the demo account ${local} is missing`);
    return found;
  };

  for (const item of DEMO_ITEMS) {
    const by = account(item.by);
    const published = item.status === 'PUBLISHED';
    const inserted = await db.query(
      `insert into information_item (owner_unit_id, created_by_account_id, kind, title_zh, title_en, body_zh, body_en, tier, status,
         effective_from, expires_on, advisory_level, created_at, updated_at, published_at)
       select $1, $2, $3, $4, $5, $6, $7, $8, $9, current_date - $10::int, current_date - $10::int + $11::int, $12,
         now() - make_interval(days => $10), now() - make_interval(days => $10), case when $13 then now() - make_interval(days => $10) end
       where not exists (select 1 from information_item where created_by_account_id = $2 and title_en = $5)
       returning id`,
      [
        by.unitId, by.id, item.kind, item.titleZh, item.titleEn, item.bodyZh, item.bodyEn, item.tier, item.status,
        item.age, item.validForDays ?? null, item.advisoryLevel ?? null, published,
      ],
    );
    if (inserted.rows.length && item.countries?.length) {
      await db.query(`insert into information_item_country (item_id, country_code) select $1, unnest($2::text[])`, [
        inserted.rows[0].id,
        item.countries,
      ]);
    }
  }

  const provider = account('hub-admin');
  for (const matter of DEMO_MATTERS) {
    await db.query(
      `insert into catalogue_matter (provider_unit_id, created_by_account_id, kind, code, name_zh, name_en, accepting_office, consultation,
         processing_time_limit_days, promised_time_limit_days, legal_basis, application_materials, procedure, free, online, online_url,
         update_cycle, tier)
       values ($1, $2, $3, $4, $5, $6, $7, $8::jsonb, $9, $10, $11, $12::jsonb, $13::text[], true, $14, $15, 'YEARLY', $16)
       on conflict (provider_unit_id, code) do nothing`,
      [
        provider.unitId, provider.id, matter.kind, matter.code, matter.nameZh, matter.nameEn, matter.acceptingOffice, JSON.stringify(CONSULTATION),
        matter.processingDays, matter.promisedDays, matter.legalBasis, JSON.stringify(matter.materials), matter.procedure, matter.online,
        matter.online === 'OFFLINE' ? null : 'https://zwfw.shaanxi.gov.cn/', matter.tier,
      ],
    );
  }

  const items = await db.query(`select count(*)::int as n from information_item i join account a on a.id = i.created_by_account_id
    where lower(a.email) like $1`, [`%@${DEMO_EMAIL_DOMAIN}`.toLowerCase()]);
  const matters = await db.query(`select count(*)::int as n from catalogue_matter where code like 'DEMO-%'`);
  return { items: items.rows[0].n, matters: matters.rows[0].n };
}
