import { Migration } from '@mikro-orm/migrations';

/**
 * `searchLocalities` (issue 6): one row per name key of a locality, so that exact and prefix
 * matches are btree range scans and trigram matching is only the fallback for typos and
 * substrings.
 *
 * - A key is a name folded by hub_search_key ("São Paulo" -> "saopaulo"); `word` keys are the
 *   name from its second, third … word on ("paulo", "dejaneiro" from "Rio de Janeiro"), so that
 *   a word prefix is a prefix too. A Chinese name also gives its key without the administrative
 *   suffix (西安市 -> 西安), so that 西安 is an exact match like Xi'an and xian.
 * - The filter columns a search narrows by (side, level, country, population) are copied into the
 *   key rows: a short prefix such as "san" matches thousands of keys, and filtering and sorting
 *   them must not visit the locality table row by row.
 * - `key` uses the "C" collation: a prefix is then the range [q, q || U+10FFFF), whatever the
 *   database's collation, with no LIKE pattern to escape.
 * - `sound` is the key's Double Metaphone code (fuzzystrmatch): typos that keep the sound of a
 *   name ("Tokio", "Kyto") share its code, where trigram similarity is too low to find them cheaply.
 * - Statement-level triggers with transition tables keep the keys in step with the locality rows
 *   (a bulk load fires them once per statement, not once per row); deletes cascade.
 */
export class Migration20261207200000_locality_search extends Migration {
  override async up(): Promise<void> {
    this.addSql(`
      create or replace function hub_locality_keys(name_en text, name_zh text, name_pinyin text, ascii_name text, alternate_names text[])
      returns table (key text, word boolean, name text)
      language sql immutable parallel safe as $$
        with names as (
          select n, o from unnest(array[name_en, name_zh, name_pinyin, ascii_name] || alternate_names) with ordinality as u (n, o)
          where n is not null and n <> ''
        ), keys as (
          select hub_search_key(n) as key, false as word, n as name, o from names
          union all
          -- 西安市 -> 西安, 香港特别行政区 -> 香港: what people type for a Chinese division.
          select hub_search_key(regexp_replace(n, '(特别行政区|维吾尔自治区|壮族自治区|回族自治区|自治区|自治州|自治县|自治旗|地区|林区|新区|省|市|县|区|盟|旗)$', '')), false, n, o
          from names where o = 2 and char_length(n) > 2
          union all
          select hub_search_key(array_to_string(w[i:], ' ')), true, n, o
          from (select n, o, regexp_split_to_array(trim(n), '[[:space:]''’‘\`ʻ·.-]+') as w from names) as s,
               generate_series(2, cardinality(w)) as i
        )
        select distinct on (key) key, word, name from keys where key <> '' order by key, word, o
      $$;`);

    this.addSql(`
      create table locality_name_key (
        key text collate "C" not null,
        locality_id integer not null references locality (id) on delete cascade,
        word boolean not null,
        name text not null,
        side text not null,
        level text not null,
        country_code char(2) not null,
        population integer,
        sound text generated always as (nullif(dmetaphone(key), '')) stored
      );`);
    // Existing databases: the keys of every locality already there (some seconds for the full
    // data set; the indexes are built afterwards, which is several times faster than row by row).
    this.addSql(`set local statement_timeout = 0;`);
    this.addSql(`
      insert into locality_name_key (key, locality_id, word, name, side, level, country_code, population)
      select k.key, l.id, k.word, k.name, l.side, l.level, l.country_code, l.population
      from locality l, hub_locality_keys(l.name_en, l.name_zh, l.name_pinyin, l.ascii_name, l.alternate_names) k;`);
    this.addSql(`alter table locality_name_key add primary key (key, locality_id);`);
    this.addSql(`create index locality_name_key_locality_idx on locality_name_key (locality_id);`);
    this.addSql(`create index locality_name_key_trgm_idx on locality_name_key using gin (key gin_trgm_ops) with (fastupdate = off);`);
    this.addSql(`create index locality_name_key_sound_idx on locality_name_key (sound) where sound is not null;`);
    this.addSql(`analyze locality_name_key;`);

    this.addSql(`
      create or replace function hub_locality_keys_insert() returns trigger language plpgsql as $$
      begin
        insert into locality_name_key (key, locality_id, word, name, side, level, country_code, population)
        select k.key, l.id, k.word, k.name, l.side, l.level, l.country_code, l.population
        from inserted l, hub_locality_keys(l.name_en, l.name_zh, l.name_pinyin, l.ascii_name, l.alternate_names) k;
        return null;
      end $$;`);
    // Only rows whose names or filter columns changed are rebuilt (setting parent_id changes nothing here).
    this.addSql(`
      create or replace function hub_locality_keys_update() returns trigger language plpgsql as $$
      begin
        delete from locality_name_key k using updated n join previous o on o.id = n.id
        where k.locality_id = n.id
          and (n.name_en, n.name_zh, n.name_pinyin, n.ascii_name, n.alternate_names, n.side, n.level, n.country_code, n.population)
            is distinct from (o.name_en, o.name_zh, o.name_pinyin, o.ascii_name, o.alternate_names, o.side, o.level, o.country_code, o.population);
        insert into locality_name_key (key, locality_id, word, name, side, level, country_code, population)
        select k.key, n.id, k.word, k.name, n.side, n.level, n.country_code, n.population
        from updated n join previous o on o.id = n.id,
             hub_locality_keys(n.name_en, n.name_zh, n.name_pinyin, n.ascii_name, n.alternate_names) k
        where (n.name_en, n.name_zh, n.name_pinyin, n.ascii_name, n.alternate_names, n.side, n.level, n.country_code, n.population)
            is distinct from (o.name_en, o.name_zh, o.name_pinyin, o.ascii_name, o.alternate_names, o.side, o.level, o.country_code, o.population);
        return null;
      end $$;`);
    this.addSql(`
      create trigger locality_name_keys_insert after insert on locality
      referencing new table as inserted for each statement execute function hub_locality_keys_insert();`);
    this.addSql(`
      create trigger locality_name_keys_update after update on locality
      referencing old table as previous new table as updated for each statement execute function hub_locality_keys_update();`);


    // Filters of searchLocalities: relations by foreign locality and status, profiles by theme.
    this.addSql(`create index friendship_relation_foreign_status_idx on friendship_relation (foreign_locality_id, status);`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop index if exists friendship_relation_foreign_status_idx;`);
    this.addSql(`drop trigger if exists locality_name_keys_update on locality;`);
    this.addSql(`drop trigger if exists locality_name_keys_insert on locality;`);
    this.addSql(`drop table if exists locality_name_key;`);
    this.addSql(`drop function if exists hub_locality_keys_update(), hub_locality_keys_insert(), hub_locality_keys(text, text, text, text, text[]);`);
  }
}
