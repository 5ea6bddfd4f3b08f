/**
 * Shared resources for the benchmarks: BENCH_RESOURCES (default 200,000) rows over the first 80
 * member units, generated in SQL from a hash of a counter (hashint8extended), so every run makes
 * the same rows. Titles and summaries are built from English and Chinese word lists (topics,
 * kinds of offer, real partner cities) so that full-text search has realistic selectivity.
 *
 * Mix: 25% PUBLIC, 35% UNCONDITIONAL, 30% CONDITIONAL, 10% NOT_SHARED; 85% PUBLISHED, 10% DRAFT,
 * 5% WITHDRAWN. Every resource names one country, 30% one foreign city, 20% one relation. The
 * bench caller's unit holds grants on 5% of the others' CONDITIONAL resources.
 */
import type pg from 'pg';
import { generateTokenSecret } from '../src/auth/tokens';

export const BENCH_UNITS = 80;
/** The member caller of the resource workloads: an editor of the provincial Department of Commerce. */
export const BENCH_CALLER_UNIT = '610000-COMMERCE';

const sqlArray = (values: string[]) => `array[${values.map((v) => `'${v.replace(/'/g, "''")}'`).join(', ')}]`;

// Parallel lists: the same index gives the English and the Chinese word.
const TOPICS_EN = ['investment', 'trade', 'education', 'culture', 'tourism', 'technology', 'agriculture', 'energy', 'health', 'youth',
  'sports', 'logistics', 'aviation', 'heritage', 'film', 'language', 'medicine', 'environment', 'water', 'manufacturing'];
const TOPICS_ZH = ['投资', '贸易', '教育', '文化', '旅游', '科技', '农业', '能源', '卫生', '青年',
  '体育', '物流', '航空', '遗产', '电影', '语言', '医药', '环境', '水利', '制造'];
const NOUNS_EN = ['project', 'programme', 'lead', 'exchange', 'forum', 'delegation', 'partnership', 'fund', 'festival', 'fellowship',
  'dataset', 'policy', 'contact', 'exhibition', 'workshop'];
const NOUNS_ZH = ['项目', '计划', '线索', '交流', '论坛', '代表团', '合作', '基金', '节', '奖学金', '数据集', '政策', '联络', '展览', '研讨会'];
const ADJECTIVES_EN = ['joint', 'annual', 'bilateral', 'regional', 'provincial', 'new', 'green', 'digital', 'international', 'pilot'];
const ADJECTIVES_ZH = ['联合', '年度', '双边', '区域', '省级', '新', '绿色', '数字', '国际', '试点'];
const CITIES_EN = ['Kyoto', 'Nara', 'Gyeongju', 'Tacoma', 'Pittsburgh', 'Lyon', 'Rome', 'Salzburg', 'Quebec', 'Perth',
  'Almaty', 'Tashkent', 'Samarkand', 'Minsk', 'Kazan', 'Hamburg', 'Munich', 'Edinburgh', 'Auckland', 'Santos',
  'Lima', 'Cairo', 'Nairobi', 'Bangkok', 'Hanoi', 'Penang', 'Yogyakarta', 'Istanbul', 'Porto', 'Seville'];
const CITIES_ZH = ['京都', '奈良', '庆州', '塔科马', '匹兹堡', '里昂', '罗马', '萨尔茨堡', '魁北克', '珀斯',
  '阿拉木图', '塔什干', '撒马尔罕', '明斯克', '喀山', '汉堡', '慕尼黑', '爱丁堡', '奥克兰', '桑托斯',
  '利马', '开罗', '内罗毕', '曼谷', '河内', '槟城', '日惹', '伊斯坦布尔', '波尔图', '塞维利亚'];
const COUNTRIES = ['JP', 'JP', 'KR', 'US', 'US', 'FR', 'IT', 'AT', 'CA', 'AU', 'KZ', 'UZ', 'UZ', 'BY', 'RU', 'DE', 'DE', 'GB', 'NZ', 'BR',
  'PE', 'EG', 'KE', 'TH', 'VN', 'MY', 'ID', 'TR', 'PT', 'ES'];
const TAGS = ['belt-and-road', 'silk-road', 'sister-city', 'expo', 'scholarship', 'startup', 'green', 'digital', 'museum', 'trade-fair'];
const THEMES = ['ECONOMY_TRADE', 'CULTURE_ARTS', 'EDUCATION', 'SCIENCE_TECHNOLOGY', 'TOURISM', 'HEALTH', 'AGRICULTURE', 'ENVIRONMENT', 'YOUTH', 'SPORTS'];
const KINDS = ['COOPERATION_PROJECT', 'INVESTMENT_LEAD', 'EXCHANGE_PROGRAM', 'EVENT', 'CULTURAL_ASSET', 'CONTACT_CHANNEL', 'EXPERT',
  'POLICY_DOCUMENT', 'DATASET', 'OTHER'];

/** A reproducible pick in [0, n): the k-th hash of g. */
const pick = (g: string, k: number, n: number | string) => `mod(hashint8extended(${g}, ${k}) & 9223372036854775807, ${n})`;

export async function generateResources(client: pg.Client, count: number): Promise<number> {
  const existing = Number((await client.query(`select count(*)::int as n from shared_resource where 'bench' = any(tags)`)).rows[0].n);
  if (existing >= count) return 0;
  await client.query('begin');
  try {
    const w = (list: string[], k: number) => `(${sqlArray(list)})[1 + ${pick('g', k, list.length)}]`;
    const { rowCount } = await client.query(
      `with units as (
         select id, row_number() over (order by id) - 1 as i from (select id from member_unit order by id limit ${BENCH_UNITS}) u
       ), picks as (
         select g, ${pick('g', 0, BENCH_UNITS)} as ui, ${pick('g', 1, 100)} as tier_roll, ${pick('g', 2, 100)} as status_roll,
           ${pick('g', 3, TOPICS_EN.length)} as t, ${pick('g', 4, NOUNS_EN.length)} as n, ${pick('g', 5, ADJECTIVES_EN.length)} as a,
           ${pick('g', 6, CITIES_EN.length)} as c, ${pick('g', 7, 1095)} as age_days
         from generate_series(${existing + 1}::bigint, ${count}::bigint) g
       )
       insert into shared_resource (owner_unit_id, kind, title_en, title_zh, summary_en, summary_zh, body_en, body_zh,
         tags, themes, tier, not_shared_basis, status, created_at, updated_at, published_at, valid_from, valid_until,
         contact, links)
       select u.id, ${w(KINDS, 8)},
         initcap((${sqlArray(ADJECTIVES_EN)})[1 + p.a]) || ' ' || (${sqlArray(TOPICS_EN)})[1 + p.t] || ' ' ||
           (${sqlArray(NOUNS_EN)})[1 + p.n] || ' with ' || (${sqlArray(CITIES_EN)})[1 + p.c],
         '与' || (${sqlArray(CITIES_ZH)})[1 + p.c] || '的' || (${sqlArray(ADJECTIVES_ZH)})[1 + p.a] ||
           (${sqlArray(TOPICS_ZH)})[1 + p.t] || (${sqlArray(NOUNS_ZH)})[1 + p.n],
         'A ' || (${sqlArray(TOPICS_EN)})[1 + p.t] || ' ' || (${sqlArray(NOUNS_EN)})[1 + p.n] || ' offered to member units for work with ' ||
           (${sqlArray(CITIES_EN)})[1 + p.c] || ' and its region; contact the owner for ' || ${w(TOPICS_EN, 9)} || ' details.',
         '面向成员单位开放的' || (${sqlArray(TOPICS_ZH)})[1 + p.t] || (${sqlArray(NOUNS_ZH)})[1 + p.n] || '，涉及' ||
           (${sqlArray(CITIES_ZH)})[1 + p.c] || '及其周边地区。',
         'Full details: budget, schedule and the people to contact. Generated for benchmarks (row ' || p.g || ').',
         '详细内容：预算、日程和联系人。基准测试数据（第' || p.g || '行）。',
         array['bench', ${w(TAGS, 10)}, ${w(TAGS, 11)}], array[${w(THEMES, 12)}],
         case when p.tier_roll < 25 then 'PUBLIC' when p.tier_roll < 60 then 'UNCONDITIONAL'
              when p.tier_roll < 90 then 'CONDITIONAL' else 'NOT_SHARED' end,
         case when p.tier_roll >= 90 then 'Commercially confidential under the unit''s data rules (generated)' end,
         case when p.status_roll < 85 then 'PUBLISHED' when p.status_roll < 95 then 'DRAFT' else 'WITHDRAWN' end,
         -- Creation times follow the row order (as ids do in the hub), one every 400 s back from now.
         now() - make_interval(secs => (${count} - p.g) * 400),
         now() - make_interval(secs => (${count} - p.g) * 400 / 2),
         case when p.status_roll < 85 then now() - make_interval(secs => (${count} - p.g) * 400 / 2) end,
         (current_date - p.age_days::int), (current_date - p.age_days::int + 730),
         jsonb_build_object('name', 'Liaison officer ' || p.g, 'email', 'liaison' || p.g || '@example.org'),
         jsonb_build_array(jsonb_build_object('title', 'Programme page', 'url', 'https://example.org/resources/' || p.g))
       from picks p join units u on u.i = p.ui
       order by p.g`,
    );
    // Related rows for the new resources only (ids above the previous maximum).
    await client.query(
      `insert into resource_country (resource_id, country_code)
       select r.id, (${sqlArray(COUNTRIES)})[1 + ${pick('r.id', 20, COUNTRIES.length)}]
       from shared_resource r
       where 'bench' = any(r.tags) and not exists (select 1 from resource_country c where c.resource_id = r.id)
       on conflict do nothing`,
    );
    await client.query(
      `with cities as (select id, row_number() over (order by id) - 1 as i from locality where level = 'CITY' and population >= 100000),
            n as (select count(*) as n from cities),
            chosen as (
              select r.id, ${pick('r.id', 22, 'n.n')} as ci from shared_resource r, n
              where 'bench' = any(r.tags) and ${pick('r.id', 21, 100)} < 30
                and not exists (select 1 from resource_locality x where x.resource_id = r.id))
       insert into resource_locality (resource_id, locality_id)
       select chosen.id, c.id from chosen join cities c on c.i = chosen.ci
       on conflict do nothing`,
    );
    await client.query(
      `with rel as (select id, row_number() over (order by id) - 1 as i from friendship_relation),
            n as (select count(*) as n from rel),
            chosen as (
              select r.id, ${pick('r.id', 24, 'n.n')} as xi from shared_resource r, n
              where 'bench' = any(r.tags) and ${pick('r.id', 23, 100)} < 20
                and not exists (select 1 from resource_relation y where y.resource_id = r.id))
       insert into resource_relation (resource_id, relation_id)
       select chosen.id, x.id from chosen join rel x on x.i = chosen.xi
       on conflict do nothing`,
    );
    await client.query(
      `insert into access_grant (resource_id, grantee_unit_id, granted_at)
       select r.id, u.id, now() - interval '1 day'
       from shared_resource r join member_unit u on u.code = $1
       where 'bench' = any(r.tags) and r.tier = 'CONDITIONAL' and r.owner_unit_id <> u.id and ${pick('r.id', 25, 100)} < 5
         and not exists (select 1 from access_grant g where g.resource_id = r.id and g.grantee_unit_id = u.id)`,
      [BENCH_CALLER_UNIT],
    );
    await client.query('commit');
    await client.query('analyze');
    return rowCount ?? 0;
  } catch (error) {
    await client.query('rollback').catch(() => undefined);
    throw error;
  }
}

/** A fresh EDITOR account of the bench caller's unit and its token (the secret, for the Authorization header). */
export async function createBenchCaller(client: pg.Client): Promise<{ token: string; unitId: number }> {
  const unit = await client.query<{ id: number }>('select id from member_unit where code = $1', [BENCH_CALLER_UNIT]);
  if (!unit.rows.length) throw new Error(`member unit ${BENCH_CALLER_UNIT} is missing from the bench database`);
  const account = await client.query<{ id: number }>(
    `insert into account (member_unit_id, role, display_name) values ($1, 'EDITOR', 'Benchmark caller') returning id`,
    [unit.rows[0].id],
  );
  const secret = generateTokenSecret();
  await client.query(`insert into api_token (account_id, name, token_hash, prefix) values ($1, 'bench', $2, $3)`, [
    account.rows[0].id,
    secret.hash,
    secret.prefix,
  ]);
  return { token: secret.secret, unitId: unit.rows[0].id };
}
