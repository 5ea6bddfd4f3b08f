/**
 * The foreign-affairs information of issue 5 for `npm run bench:info`, generated in SQL from a
 * hash of a counter (hashint8extended) like bench/resources-dataset.ts, so every run makes the
 * same rows:
 *
 * - BENCH_INFO_ITEMS (50,000) information items over the first 80 member units: every kind, 10%
 *   ADVISORY (one country and a level), the others one or two countries; 30% PUBLIC, 60%
 *   UNCONDITIONAL, 10% NOT_SHARED; 85% PUBLISHED, 10% DRAFT, 5% ARCHIVED; created over 3 years;
 *   Chinese and English titles and bodies of a few hundred characters.
 * - BENCH_CATALOGUE_MATTERS (5,000) licence and public-service matters (code prefix BENCH-).
 * - BENCH_EXCHANGES (20,000) exchanges over 5 years with 1-3 destinations, 30% under a relation,
 *   80% DONE.
 * - Indicator values for every PREFECTURE-level domestic locality × every reported indicator ×
 *   the 5 years up to 2025, revision 1, and a revision 2 for 10% of them (source 'bench').
 *
 * Titles and bodies draw on English and Chinese word lists (topics, kinds of notice, real partner
 * cities), so that full-text search has realistic selectivity. Each table is filled in one
 * transaction and skipped when its bench rows are already there; the search tables are
 * filled by their triggers.
 */
import type pg from 'pg';
import { BENCH_UNITS } from './resources-dataset';

export interface InfoSizes {
  informationItems: number;
  catalogueMatters: number;
  exchanges: number;
  indicatorValues: number;
}

const sqlArray = (values: string[]) => `array[${values.map((v) => `'${v.replace(/'/g, "''")}'`).join(', ')}]`;
/** A reproducible pick in [0, n): the k-th hash of g. */
const pick = (g: string, k: number, n: number | string) => `mod(hashint8extended(${g}, ${k}) & 9223372036854775807, ${n})`;
/** The i-th word of `list` (i an SQL expression in [0, length)). */
const word = (list: string[], i: string) => `(${sqlArray(list)})[1 + ${i}]`;

// Parallel lists: the same index gives the English and the Chinese word.
const TOPICS_EN = ['visa', 'investment', 'study abroad', 'tourism', 'trade', 'consular', 'customs', 'education', 'culture', 'health',
  'security', 'aviation', 'labour', 'science', 'agriculture', 'energy', 'logistics', 'youth', 'sports', 'environment'];
const TOPICS_ZH = ['签证', '投资', '留学', '旅游', '贸易', '领事', '海关', '教育', '文化', '卫生',
  '安全', '航空', '劳务', '科学', '农业', '能源', '物流', '青年', '体育', '环境'];
const NOUNS_EN = ['notice', 'guide', 'policy', 'regulation', 'brief', 'update', 'announcement', 'measures', 'calendar', 'reminder',
  'procedure', 'report'];
const NOUNS_ZH = ['通知', '指南', '政策', '规定', '简报', '动态', '公告', '措施', '日程', '提醒', '办事流程', '报告'];
const ADJECTIVES_EN = ['new', 'revised', 'annual', 'provincial', 'interim', 'bilateral', 'urgent', 'quarterly', 'digital', 'joint'];
const ADJECTIVES_ZH = ['新', '修订', '年度', '省级', '暂行', '双边', '紧急', '季度', '数字', '联合'];
const CITIES_EN = ['Kyoto', 'Nara', 'Gyeongju', 'Tacoma', 'Pittsburgh', 'Lyon', 'Rome', 'Salzburg', 'Quebec', 'Perth',
  'Almaty', 'Tashkent', 'Samarkand', 'Minsk', 'Kazan', 'Hamburg', 'Munich', 'Edinburgh', 'Auckland', 'Santos',
  'Lima', 'Cairo', 'Nairobi', 'Bangkok', 'Hanoi', 'Penang', 'Yogyakarta', 'Istanbul', 'Porto', 'Seville'];
const CITIES_ZH = ['京都', '奈良', '庆州', '塔科马', '匹兹堡', '里昂', '罗马', '萨尔茨堡', '魁北克', '珀斯',
  '阿拉木图', '塔什干', '撒马尔罕', '明斯克', '喀山', '汉堡', '慕尼黑', '爱丁堡', '奥克兰', '桑托斯',
  '利马', '开罗', '内罗毕', '曼谷', '河内', '槟城', '日惹', '伊斯坦布尔', '波尔图', '塞维利亚'];
// The country of each city above.
const COUNTRIES = ['JP', 'JP', 'KR', 'US', 'US', 'FR', 'IT', 'AT', 'CA', 'AU', 'KZ', 'UZ', 'UZ', 'BY', 'RU', 'DE', 'DE', 'GB', 'NZ', 'BR',
  'PE', 'EG', 'KE', 'TH', 'VN', 'MY', 'ID', 'TR', 'PT', 'ES'];
const ITEM_KINDS = ['NOTICE', 'BRIEF', 'POLICY', 'REGULATION', 'EVENT_CALENDAR'];
const MATTER_OFFICES = ['Foreign Affairs Office service window', 'Department of Commerce hall', 'Entry-exit administration counter',
  'Education Department international office', 'Government service centre'];
const MATTER_ACTIONS_EN = ['approval of', 'registration of', 'certificate for', 'filing of', 'consultation on', 'renewal of'];
const MATTER_ACTIONS_ZH = ['审批', '登记', '证明', '备案', '咨询', '换发'];
const EXCHANGE_KINDS = ['OUTBOUND_VISIT', 'INBOUND_VISIT', 'EVENT', 'PROJECT', 'VIDEO_CONFERENCE'];
const EXCHANGE_FIELDS = ['ADMINISTRATION', 'ECONOMY_AND_TRADE', 'CULTURE_AND_ARTS', 'EDUCATION', 'SCIENCE_AND_TECHNOLOGY', 'TOURISM',
  'SPORTS', 'HEALTH', 'AGRICULTURE', 'ENVIRONMENT', 'YOUTH'];
const MARK = 'Generated for benchmarks';
export const INDICATOR_YEARS = [2021, 2022, 2023, 2024, 2025];

async function inTransaction<T>(client: pg.Client, run: () => Promise<T>): Promise<T> {
  await client.query('begin');
  try {
    const result = await run();
    await client.query('commit');
    return result;
  } catch (error) {
    await client.query('rollback').catch(() => undefined);
    throw error;
  }
}

const countOf = async (client: pg.Client, sql: string) => Number((await client.query(sql)).rows[0].n);

const unitsCte = `units as (select id, row_number() over (order by id) - 1 as i from (select id from member_unit order by id limit ${BENCH_UNITS}) u)`;

export async function generateInformationItems(client: pg.Client, count: number): Promise<number> {
  const existing = await countOf(client, `select count(*)::int as n from information_item where body_en like '%${MARK} (item %'`);
  if (existing >= count) return 0;
  return inTransaction(client, async () => {
    const { rowCount } = await client.query(
      `with ${unitsCte}, picks as (
         select g, ${pick('g', 0, BENCH_UNITS)} as ui, ${pick('g', 1, 100)} as kind_roll, ${pick('g', 2, 100)} as tier_roll,
           ${pick('g', 3, 100)} as status_roll, ${pick('g', 4, TOPICS_EN.length)} as t, ${pick('g', 5, NOUNS_EN.length)} as n,
           ${pick('g', 6, ADJECTIVES_EN.length)} as a, ${pick('g', 7, CITIES_EN.length)} as c, ${pick('g', 8, TOPICS_EN.length)} as t2,
           ${pick('g', 9, ITEM_KINDS.length)} as k, 1 + ${pick('g', 10, 4)} as level
         from generate_series(${existing + 1}::bigint, ${count}::bigint) g
       ), dated as (
         -- Creation times follow the row order over 3 years, as ids do in the hub.
         select p.*, now() - make_interval(secs => (${count} - p.g) * (3 * 365 * 86400 / ${count})) as created
         from picks p
       )
       insert into information_item (owner_unit_id, kind, title_en, title_zh, body_en, body_zh, tier, status, effective_from,
         expires_on, advisory_level, created_at, updated_at, published_at, archived_at)
       select u.id,
         case when d.kind_roll < 10 then 'ADVISORY' else ${word(ITEM_KINDS, 'd.k')} end,
         initcap(${word(ADJECTIVES_EN, 'd.a')}) || ' ' || ${word(TOPICS_EN, 'd.t')} || ' ' || ${word(NOUNS_EN, 'd.n')} || ' for ' ||
           ${word(CITIES_EN, 'd.c')},
         ${word(CITIES_ZH, 'd.c')} || ${word(ADJECTIVES_ZH, 'd.a')} || ${word(TOPICS_ZH, 'd.t')} || ${word(NOUNS_ZH, 'd.n')},
         'This ' || ${word(NOUNS_EN, 'd.n')} || ' tells member units what changed in ' || ${word(TOPICS_EN, 'd.t')} ||
           ' matters concerning ' || ${word(CITIES_EN, 'd.c')} || ' and its country: who is affected, from which date, and which ' ||
           'documents are needed. Related ' || ${word(TOPICS_EN, 'd.t2')} || ' arrangements stay as before. Units that organise ' ||
           'delegations, receive foreign guests or advise companies should read it before planning the next quarter. ' ||
           '${MARK} (item ' || d.g || ').',
         '本' || ${word(NOUNS_ZH, 'd.n')} || '说明' || ${word(CITIES_ZH, 'd.c')} || '相关' || ${word(TOPICS_ZH, 'd.t')} ||
           '事项的变化：适用对象、生效日期和所需材料。' || ${word(TOPICS_ZH, 'd.t2')} || '方面的安排保持不变。' ||
           '组织出访团组、接待外宾或为企业提供咨询的单位，请在安排下一季度工作前阅读。基准测试数据（第' || d.g || '条）。',
         case when d.tier_roll < 30 then 'PUBLIC' when d.tier_roll < 90 then 'UNCONDITIONAL' else 'NOT_SHARED' end,
         case when d.status_roll < 85 then 'PUBLISHED' when d.status_roll < 95 then 'DRAFT' else 'ARCHIVED' end,
         d.created::date, case when d.kind_roll < 10 then d.created::date + 180 end,
         case when d.kind_roll < 10 then d.level end,
         d.created, d.created,
         case when d.status_roll >= 85 and d.status_roll < 95 then null else d.created end,
         case when d.status_roll >= 95 then d.created + interval '90 days' end
       from dated d join units u on u.i = d.ui
       order by d.g`,
    );
    // One country each (an advisory's exactly one), a second one for 40% of the others.
    await client.query(
      `insert into information_item_country (item_id, country_code)
       select i.id, ${word(COUNTRIES, pick('i.id', 20, COUNTRIES.length))}
       from information_item i
       where i.body_en like '%${MARK} (item %' and not exists (select 1 from information_item_country c where c.item_id = i.id)`,
    );
    await client.query(
      `insert into information_item_country (item_id, country_code)
       select i.id, ${word(COUNTRIES, pick('i.id', 21, COUNTRIES.length))}
       from information_item i
       where i.body_en like '%${MARK} (item %' and i.kind <> 'ADVISORY' and ${pick('i.id', 22, 100)} < 40
         and (select count(*) from information_item_country c where c.item_id = i.id) = 1
       on conflict do nothing`,
    );
    return rowCount ?? 0;
  });
}

export async function generateCatalogueMatters(client: pg.Client, count: number): Promise<number> {
  const existing = await countOf(client, `select count(*)::int as n from catalogue_matter where code like 'BENCH-%'`);
  if (existing >= count) return 0;
  return inTransaction(client, async () => {
    const { rowCount } = await client.query(
      `with ${unitsCte}, picks as (
         select g, ${pick('g', 0, BENCH_UNITS)} as ui, ${pick('g', 1, 100)} as roll, ${pick('g', 2, TOPICS_EN.length)} as t,
           ${pick('g', 3, MATTER_ACTIONS_EN.length)} as act, ${pick('g', 4, MATTER_OFFICES.length)} as o, ${pick('g', 5, 3)} as online,
           ${pick('g', 6, 7)} as cycle, 5 + ${pick('g', 7, 56)} as days, ${pick('g', 8, 100)} as tier_roll
         from generate_series(${existing + 1}::bigint, ${count}::bigint) g
       )
       insert into catalogue_matter (provider_unit_id, kind, code, name_en, name_zh, accepting_office, consultation,
         processing_time_limit_days, promised_time_limit_days, legal_basis, application_materials, procedure, fees, free, online,
         online_url, update_cycle, tier, status, withdrawn_at, created_at, updated_at)
       select u.id, case when p.roll < 40 then 'LICENCE' else 'PUBLIC_SERVICE' end, 'BENCH-' || lpad(p.g::text, 6, '0'),
         initcap(${word(MATTER_ACTIONS_EN, 'p.act')}) || ' ' || ${word(TOPICS_EN, 'p.t')} || ' matters (' || p.g || ')',
         ${word(TOPICS_ZH, 'p.t')} || '事项' || ${word(MATTER_ACTIONS_ZH, 'p.act')} || '（' || p.g || '）',
         ${word(MATTER_OFFICES, 'p.o')},
         jsonb_build_object('text', 'Call the service window on working days', 'phone', '029-8' || lpad(p.g::text, 7, '0')),
         p.days, case when p.roll % 2 = 0 then p.days / 2 end,
         'Provincial regulations on ' || ${word(TOPICS_EN, 'p.t')} || ' administration, article ' || (1 + p.g % 60) || '. ${MARK}.',
         jsonb_build_array(jsonb_build_object('name', 'Application form'), jsonb_build_object('name', 'Identity document')),
         array['Apply', 'Review', 'Decide', 'Deliver'], case when p.roll % 3 = 0 then 'CNY 50' end, p.roll % 3 <> 0,
         ${word(['OFFLINE', 'ONLINE_APPLICATION', 'FULLY_ONLINE'], 'p.online')},
         case when p.online > 0 then 'https://zwfw.example.org/matters/' || p.g end,
         ${word(['REAL_TIME', 'DAILY', 'WEEKLY', 'MONTHLY', 'QUARTERLY', 'YEARLY', 'IRREGULAR'], 'p.cycle')},
         case when p.tier_roll < 40 then 'PUBLIC' when p.tier_roll < 90 then 'UNCONDITIONAL' else 'NOT_SHARED' end,
         case when p.roll >= 95 then 'WITHDRAWN' else 'ACTIVE' end, case when p.roll >= 95 then now() - interval '30 days' end,
         now() - make_interval(secs => (${count} - p.g) * 6000), now() - make_interval(secs => (${count} - p.g) * 6000)
       from picks p join units u on u.i = p.ui
       order by p.g`,
    );
    return rowCount ?? 0;
  });
}

export async function generateExchanges(client: pg.Client, count: number): Promise<number> {
  const existing = await countOf(client, `select count(*)::int as n from exchange where purpose like '${MARK}%'`);
  if (existing >= count) return 0;
  return inTransaction(client, async () => {
    const { rowCount } = await client.query(
      `with ${unitsCte}, picks as (
         select g, ${pick('g', 0, BENCH_UNITS)} as ui, ${pick('g', 1, 100)} as status_roll, ${pick('g', 2, 100)} as tier_roll,
           ${pick('g', 3, EXCHANGE_KINDS.length)} as k, ${pick('g', 4, TOPICS_EN.length)} as t, ${pick('g', 5, CITIES_EN.length)} as c,
           ${pick('g', 6, 5 * 365)} as day, ${pick('g', 7, 10)} as len, ${pick('g', 8, EXCHANGE_FIELDS.length)} as f
         from generate_series(${existing + 1}::bigint, ${count}::bigint) g
       )
       insert into exchange (organising_unit_id, kind, title_en, title_zh, start_date, end_date, participants, purpose, outcome,
         status, tier, fields, created_at, updated_at)
       select u.id, ${word(EXCHANGE_KINDS, 'p.k')},
         initcap(${word(TOPICS_EN, 'p.t')}) || ' exchange with ' || ${word(CITIES_EN, 'p.c')},
         '与' || ${word(CITIES_ZH, 'p.c')} || '的' || ${word(TOPICS_ZH, 'p.t')} || '交流',
         date '2021-01-01' + p.day::int, date '2021-01-01' + p.day::int + p.len::int, 3 + p.g % 40,
         '${MARK} (exchange ' || p.g || ')', case when p.status_roll < 80 then 'Agreed next steps; minutes on file.' end,
         case when p.status_roll < 80 then 'DONE' when p.status_roll < 92 then 'PLANNED' else 'CANCELLED' end,
         case when p.tier_roll < 30 then 'PUBLIC' when p.tier_roll < 90 then 'UNCONDITIONAL' else 'NOT_SHARED' end,
         array[${word(EXCHANGE_FIELDS, 'p.f')}],
         (date '2021-01-01' + p.day::int)::timestamptz - interval '30 days', (date '2021-01-01' + p.day::int)::timestamptz
       from picks p join units u on u.i = p.ui
       order by p.g`,
    );
    // 1-3 destinations: foreign cities of 100,000+ people (the country follows), every third a whole country.
    await client.query(
      `with cities as (select id, country_code, row_number() over (order by id) - 1 as i from locality where level = 'CITY' and population >= 100000),
            n as (select count(*) as n from cities),
            mine as (select e.id from exchange e where e.purpose like '${MARK}%'
                     and not exists (select 1 from exchange_destination d where d.exchange_id = e.id)),
            slots as (select m.id, s.pos, ${pick('m.id * 4 + s.pos', 31, 'n.n')} as ci
                      from mine m cross join n cross join generate_series(0, 2) s(pos) where s.pos <= ${pick('m.id', 30, 3)}),
            chosen as (select s.id, s.pos, c.id as locality_id, c.country_code from slots s join cities c on c.i = s.ci),
            ranked as (select *, row_number() over (partition by id, locality_id order by pos) as dup from chosen)
       insert into exchange_destination (exchange_id, locality_id, country_code, position)
       select id, case when ${pick('id * 4 + pos', 32, 3)} = 0 then null else locality_id end, country_code,
         (row_number() over (partition by id order by pos) - 1)::smallint
       from ranked where dup = 1
       on conflict do nothing`,
    );
    await client.query(
      `with rel as (select id, row_number() over (order by id) - 1 as i from friendship_relation),
            n as (select count(*) as n from rel),
            chosen as (select e.id, ${pick('e.id', 34, 'n.n')} as xi from exchange e, n
                       where e.purpose like '${MARK}%' and ${pick('e.id', 33, 100)} < 30
                         and not exists (select 1 from exchange_relation r where r.exchange_id = e.id))
       insert into exchange_relation (exchange_id, relation_id)
       select chosen.id, rel.id from chosen join rel on rel.i = chosen.xi
       on conflict do nothing`,
    );
    return rowCount ?? 0;
  });
}

/** Every reported indicator × every prefecture × INDICATOR_YEARS, revision 1; a revision 2 for 10%. */
export async function generateIndicatorValues(client: pg.Client): Promise<number> {
  const existing = await countOf(client, `select count(*)::int as n from indicator_value where source = 'bench'`);
  if (existing > 0) return 0;
  return inTransaction(client, async () => {
    const { rowCount } = await client.query(
      `with places as (select id from locality where side = 'DOMESTIC' and level = 'PREFECTURE'),
            indicators as (
              select i.code, i.per_capita, (select min(a.unit_id) from indicator_assignment a where a.indicator_code = i.code) as unit_id
              from indicator i where not i.computed),
            base as (
              select i.code, p.id as locality_id, y as period, i.unit_id,
                hashint8extended(p.id::bigint * 1000 + y, length(i.code)) & 9223372036854775807 as h,
                case when i.code = 'RESIDENT_POPULATION' then 500000 + ${pick('p.id', 40, 9500000)}
                     else 10 + ${pick(`p.id::bigint * 100 + length(i.code)`, 41, 500000)} * (1 + (y - 2021) * 0.05) end as value
              from indicators i cross join places p cross join unnest(array[${INDICATOR_YEARS.join(', ')}]) y
              where i.unit_id is not null),
            revisions as (
              select b.*, 1 as revision from base b
              union all select b.code, b.locality_id, b.period, b.unit_id, b.h, round(b.value * 1.02), 2 from base b where b.h % 10 = 0)
       insert into indicator_value (indicator_code, locality_id, period, value, revision, reported_by_unit_id, reported_at, note, source)
       select code, locality_id, period, round(value), revision, unit_id,
         make_timestamptz(period + 1, 3, 1, 0, 0, 0) + make_interval(days => revision * 30), '${MARK}', 'bench'
       from revisions
       on conflict do nothing`,
    );
    return rowCount ?? 0;
  });
}

/** Fills what is missing, then VACUUM ANALYZE on the tables written. */
export async function generateInformation(
  client: pg.Client,
  targets: { informationItems: number; catalogueMatters: number; exchanges: number },
  say: (line: string) => void,
): Promise<InfoSizes> {
  const timed = async (what: string, run: () => Promise<number>) => {
    const started = Date.now();
    const made = await run();
    say(`generated ${made} ${what} (${Date.now() - started} ms)`);
  };
  await timed('information items', () => generateInformationItems(client, targets.informationItems));
  await timed('catalogue matters', () => generateCatalogueMatters(client, targets.catalogueMatters));
  await timed('exchanges', () => generateExchanges(client, targets.exchanges));
  await timed('indicator values', () => generateIndicatorValues(client));
  for (const table of ['information_item', 'information_item_country', 'catalogue_matter', 'exchange', 'exchange_destination',
    'exchange_relation', 'indicator_value', 'search_resource', 'search_information', 'search_catalogue']) {
    await client.query(`vacuum analyze ${table}`);
  }
  return {
    informationItems: await countOf(client, 'select count(*)::int as n from information_item'),
    catalogueMatters: await countOf(client, 'select count(*)::int as n from catalogue_matter'),
    exchanges: await countOf(client, 'select count(*)::int as n from exchange'),
    indicatorValues: await countOf(client, 'select count(*)::int as n from indicator_value'),
  };
}
