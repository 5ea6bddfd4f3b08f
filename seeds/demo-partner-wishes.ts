/**
 * Demo partner wishes, for trying partner matching: Shuozhou's city office seeking a city with
 * Buddhist heritage in Japan or Sri Lanka (the route the Shuozhou FAO's 2021 report names, see
 * ../shared/domain/sources), Xi'an's seeking a Silk Road city in Central Asia, and a wish of Kandy
 * (Sri Lanka) for a Chinese partner, as a hub admin would record one received through a channel.
 * The wishes themselves are illustrative, not published listings.
 *
 * Written directly, like the other demo data: no audit entries or activities. Idempotent: a wish
 * is matched by its locality and note.
 */
import type { Queryable } from './bulk-insert';

interface DemoWish {
  /** The seeking locality: a GB/T 2260 code, or a foreign city by country and name. */
  locality: { gbCode: string } | { country: string; name: string };
  owner: string;
  countries?: string[];
  continents?: string[];
  /** Chinese provinces or prefectures (GB/T 2260) for a foreign city's wish. */
  regionGbCodes?: string[];
  themes: string[];
  exchangeFields: string[];
  minPopulation?: number;
  maxPopulation?: number;
  note: string;
  channel?: string;
}

const DEMO_WISHES: readonly DemoWish[] = [
  {
    locality: { gbCode: '140600' }, owner: '140600-FAO', countries: ['JP', 'LK'],
    themes: ['BUDDHIST_HERITAGE', 'TOURISM'], exchangeFields: ['CULTURE_AND_ARTS', 'TOURISM'], minPopulation: 50_000, maxPopulation: 2_000_000,
    note: 'Shuozhou seeks a city with Buddhist heritage for exchanges around the Yingxian wooden pagoda (demo wish).',
  },
  {
    locality: { gbCode: '610100' }, owner: '610100-FAO', countries: ['UZ', 'KZ', 'KG', 'TJ', 'TM'],
    themes: ['SILK_ROAD', 'HISTORIC_CAPITAL'], exchangeFields: ['CULTURE_AND_ARTS', 'EDUCATION', 'TOURISM'], minPopulation: 100_000,
    note: "Xi'an seeks another Silk Road city in Central Asia for heritage, museum and student exchanges (demo wish).",
  },
  {
    locality: { country: 'LK', name: 'Kandy' }, owner: '610000-FAO', regionGbCodes: ['140000', '610000'],
    themes: ['BUDDHIST_HERITAGE', 'TOURISM'], exchangeFields: ['CULTURE_AND_ARTS', 'TOURISM'],
    note: 'Kandy would welcome a Chinese partner city with Buddhist temples (demo wish).', channel: 'Embassy of Sri Lanka (demo)',
  },
];

/** Loads the demo wishes whose localities and units exist; returns how many demo wishes there are. */
export async function loadDemoPartnerWishes(db: Queryable): Promise<{ wishes: number }> {
  for (const wish of DEMO_WISHES) {
    const locality =
      'gbCode' in wish.locality
        ? await db.query(`select id from locality where gb_code = $1`, [wish.locality.gbCode])
        : await db.query(`select id from locality where side = 'FOREIGN' and country_code = $1 and name_en = $2 order by population desc nulls last, id limit 1`, [
            wish.locality.country,
            wish.locality.name,
          ]);
    const owner = await db.query(`select id from member_unit where code = $1`, [wish.owner]);
    if (!locality.rows.length || !owner.rows.length) continue;
    await db.query(
      `insert into partner_wish (locality_id, owner_unit_id, countries, continents, region_ids, themes, exchange_fields, min_population,
         max_population, note, channel)
       select $1, $2, $3::text[], $4::text[], array(select id from locality where gb_code = any($5::text[]) order by gb_code), $6::text[], $7::text[],
         $8, $9, $10, $11
       where not exists (select 1 from partner_wish where locality_id = $1 and note = $10)`,
      [
        locality.rows[0].id, owner.rows[0].id, wish.countries ?? [], wish.continents ?? [], wish.regionGbCodes ?? [], wish.themes,
        wish.exchangeFields, wish.minPopulation ?? null, wish.maxPopulation ?? null, wish.note, wish.channel ?? null,
      ],
    );
  }
  const notes = DEMO_WISHES.map((wish) => wish.note);
  const count = await db.query(`select count(*)::int as n from partner_wish where note = any($1::text[])`, [notes]);
  return { wishes: count.rows[0].n };
}
