import { Migration } from '@mikro-orm/migrations';
import { countries } from 'countries-list';

/**
 * Partner search and matching (issue 6): a continent per country, the theme vocabulary, a profile
 * per locality and partner wishes.
 *
 * - Themes and industries are one controlled vocabulary (`profile_theme`) that the hub ships and
 *   hub admins extend; profiles and wishes keep their codes in arrays, checked against the
 *   vocabulary by the services (an array cannot carry a foreign key).
 * - A profile is optional: most of the ~135,000 foreign cities have none, and matching still
 *   works on what the locality row has (population, coordinates, country).
 * - A wish belongs to the unit that published or recorded it; it seeks partners on the other side
 *   of its locality (a Chinese locality seeks foreign ones, a foreign city's wish seeks Chinese ones).
 * - Activities about a wish that matched go to one unit: audience UNIT (that unit and hub admins).
 */
export class Migration20261207100000_partner_profiles extends Migration {
  override async up(): Promise<void> {
    this.addSql(`alter table country add column continent char(2) check (continent in ('AF', 'AN', 'AS', 'EU', 'NA', 'OC', 'SA'));`);
    const continents = Object.entries(countries).map(([code, country]) => `('${code}', '${country.continent}')`);
    this.addSql(`
      update country c set continent = v.continent
      from (values ${continents.join(', ')}) as v (code, continent) where c.code = v.code;`);
    this.addSql(`create index country_continent_idx on country (continent, code);`);

    this.addSql(`
      create table profile_theme (
        code text primary key check (code ~ '^[A-Z][A-Z0-9_]{1,47}$'),
        kind text not null check (kind in ('THEME', 'INDUSTRY')),
        label_en text not null check (length(label_en) between 1 and 120),
        label_zh text not null check (length(label_zh) between 1 and 60),
        built_in boolean not null default false,
        created_by_unit_id integer references member_unit (id),
        created_at timestamptz not null default now()
      );`);
    this.addSql(`
      insert into profile_theme (code, kind, label_en, label_zh, built_in) values
        ('ENERGY', 'INDUSTRY', 'Energy', '能源', true),
        ('COAL', 'INDUSTRY', 'Coal and coal chemicals', '煤炭与煤化工', true),
        ('NEW_ENERGY', 'INDUSTRY', 'New and renewable energy', '新能源', true),
        ('AGRICULTURE', 'INDUSTRY', 'Agriculture', '农业', true),
        ('FOOD_PROCESSING', 'INDUSTRY', 'Food processing', '食品加工', true),
        ('AUTOMOTIVE', 'INDUSTRY', 'Automotive', '汽车', true),
        ('AEROSPACE', 'INDUSTRY', 'Aviation and aerospace', '航空航天', true),
        ('EQUIPMENT_MANUFACTURING', 'INDUSTRY', 'Equipment manufacturing', '装备制造', true),
        ('ELECTRONICS', 'INDUSTRY', 'Electronics and information technology', '电子信息', true),
        ('DIGITAL_ECONOMY', 'INDUSTRY', 'Digital economy and e-commerce', '数字经济与电子商务', true),
        ('BIOMEDICINE', 'INDUSTRY', 'Biomedicine', '生物医药', true),
        ('NEW_MATERIALS', 'INDUSTRY', 'New materials', '新材料', true),
        ('CHEMICALS', 'INDUSTRY', 'Chemicals', '化工', true),
        ('TEXTILES', 'INDUSTRY', 'Textiles and garments', '纺织服装', true),
        ('PORT_LOGISTICS', 'INDUSTRY', 'Ports and logistics', '港口物流', true),
        ('FINANCE', 'INDUSTRY', 'Finance', '金融', true),
        ('TEA', 'INDUSTRY', 'Tea', '茶产业', true),
        ('TOURISM', 'THEME', 'Tourism', '旅游', true),
        ('BUDDHIST_HERITAGE', 'THEME', 'Buddhist heritage', '佛教文化', true),
        ('SILK_ROAD', 'THEME', 'Silk Road', '丝绸之路', true),
        ('HISTORIC_CAPITAL', 'THEME', 'Historic capital', '历史古都', true),
        ('CULTURAL_HERITAGE', 'THEME', 'World and cultural heritage', '文化遗产', true),
        ('HIGHER_EDUCATION', 'THEME', 'Higher education and research', '高等教育与科研', true),
        ('INNOVATION', 'THEME', 'Science and innovation', '科技创新', true),
        ('FREE_TRADE_ZONE', 'THEME', 'Free trade or pilot zone', '自由贸易试验区', true),
        ('MARITIME', 'THEME', 'Coastal and maritime', '海洋', true),
        ('OVERSEAS_CHINESE', 'THEME', 'Overseas Chinese hometown', '侨乡', true),
        ('GREEN_DEVELOPMENT', 'THEME', 'Green development and ecology', '绿色生态', true),
        ('SPORTS', 'THEME', 'Sports', '体育', true),
        ('HEALTH_CARE', 'THEME', 'Health care and traditional medicine', '医疗卫生与传统医药', true),
        ('MARTIAL_ARTS', 'THEME', 'Martial arts', '武术', true);`);

    this.addSql(`
      create table locality_profile (
        locality_id integer primary key references locality (id),
        themes text[] not null default '{}',
        exchange_fields text[] not null default '{}',
        description_en text,
        description_zh text,
        population integer check (population >= 0),
        population_year smallint check (population_year between 1900 and 2100),
        gdp numeric(20, 2) check (gdp >= 0),
        gdp_currency char(3) check (gdp_currency ~ '^[A-Z]{3}$'),
        gdp_year smallint check (gdp_year between 1900 and 2100),
        check ((gdp is null) = (gdp_currency is null)),
        seed boolean not null default false,
        sources text[] not null default '{}',
        updated_by_unit_id integer references member_unit (id),
        created_at timestamptz not null default now(),
        updated_at timestamptz not null default now(),
        version integer not null default 1
      );`);
    this.addSql(`create index locality_profile_themes_idx on locality_profile using gin (themes) with (fastupdate = off);`);

    this.addSql(`
      create table partner_wish (
        id integer generated by default as identity primary key,
        locality_id integer not null references locality (id),
        owner_unit_id integer not null references member_unit (id),
        countries text[] not null default '{}',
        continents text[] not null default '{}',
        region_ids integer[] not null default '{}',
        themes text[] not null default '{}',
        exchange_fields text[] not null default '{}',
        min_population integer check (min_population >= 0),
        max_population integer check (max_population >= 0),
        check (min_population is null or max_population is null or min_population <= max_population),
        note text,
        channel text,
        status text not null default 'OPEN' check (status in ('OPEN', 'FULFILLED', 'WITHDRAWN')),
        created_by_account_id integer references account (id),
        created_at timestamptz not null default now(),
        updated_at timestamptz not null default now(),
        version integer not null default 1
      );`);
    this.addSql(`create index partner_wish_open_idx on partner_wish (id) where status = 'OPEN';`);
    this.addSql(`create index partner_wish_locality_idx on partner_wish (locality_id, id);`);
    this.addSql(`create index partner_wish_owner_idx on partner_wish (owner_unit_id, id);`);

    this.addSql(`alter table activity drop constraint activity_audience_check;`);
    this.addSql(`
      alter table activity add constraint activity_audience_check
        check (audience in ('PUBLIC', 'MEMBERS', 'RESOURCE', 'RESOURCE_PARTIES', 'INFORMATION', 'CATALOGUE', 'EXCHANGE', 'UNIT'));`);
  }

  override async down(): Promise<void> {
    this.addSql(`delete from activity where audience = 'UNIT';`);
    this.addSql(`alter table activity drop constraint activity_audience_check;`);
    this.addSql(`
      alter table activity add constraint activity_audience_check
        check (audience in ('PUBLIC', 'MEMBERS', 'RESOURCE', 'RESOURCE_PARTIES', 'INFORMATION', 'CATALOGUE', 'EXCHANGE'));`);
    this.addSql(`drop table if exists partner_wish, locality_profile, profile_theme;`);
    this.addSql(`alter table country drop column if exists continent;`);
  }
}
