/**
 * Countries (ISO 3166-1, plus XK Kosovo which i18n-iso-countries carries) with English and Chinese names.
 */
import countries from 'i18n-iso-countries';
import { countries as countryFacts } from 'countries-list';
import { bulkInsert, type Queryable } from './bulk-insert';

export interface CountryRow { code: string; alpha3: string; nameEn: string; nameZh: string; continent?: string | null }

let registered = false;
function register(): void {
  if (registered) return;
  /* eslint-disable @typescript-eslint/no-require-imports */
  countries.registerLocale(require('i18n-iso-countries/langs/en.json'));
  countries.registerLocale(require('i18n-iso-countries/langs/zh.json'));
  /* eslint-enable @typescript-eslint/no-require-imports */
  registered = true;
}

/** Hand-added codes used by the city data sets but missing from i18n-iso-countries, if any. */
const EXTRA: CountryRow[] = [
  { code: 'XK', alpha3: 'XKX', nameEn: 'Kosovo', nameZh: '科索沃' },
];

export function buildCountryRows(): CountryRow[] {
  register();
  const rows = new Map<string, CountryRow>();
  for (const code of Object.keys(countries.getAlpha2Codes())) {
    const alpha3 = countries.alpha2ToAlpha3(code);
    const nameEn = countries.getName(code, 'en');
    const nameZh = countries.getName(code, 'zh');
    if (!alpha3 || !nameEn || !nameZh) continue;
    rows.set(code, { code, alpha3, nameEn, nameZh });
  }
  for (const extra of EXTRA) if (!rows.has(extra.code)) rows.set(extra.code, extra);
  for (const row of rows.values()) row.continent = (countryFacts as Record<string, { continent: string } | undefined>)[row.code]?.continent ?? null;
  return [...rows.values()].sort((a, b) => a.code.localeCompare(b.code));
}

export async function loadCountries(db: Queryable, rows: CountryRow[]): Promise<void> {
  await bulkInsert(db, rows, {
    columns: [
      ['code', 'text', (r) => r.code],
      ['alpha3', 'text', (r) => r.alpha3],
      ['name_en', 'text', (r) => r.nameEn],
      ['name_zh', 'text', (r) => r.nameZh],
      ['continent', 'text', (r) => r.continent ?? null],
    ],
    sql: (src) => `
      insert into country (code, alpha3, name_en, name_zh, continent)
      select code, alpha3, name_en, name_zh, continent from ${src}
      on conflict (code) do update set alpha3 = excluded.alpha3, name_en = excluded.name_en, name_zh = excluded.name_zh,
        continent = excluded.continent
      where (country.alpha3, country.name_en, country.name_zh, country.continent)
        is distinct from (excluded.alpha3, excluded.name_en, excluded.name_zh, excluded.continent)`,
  });
}
