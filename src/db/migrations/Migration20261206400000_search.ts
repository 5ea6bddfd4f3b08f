import { Migration } from '@mikro-orm/migrations';

/**
 * Full-text search over information items and catalogue matters, next to shared resources
 * (`search(text, types)`): a generated `search_vector` on each table, built like the resources'
 * one (hub_resource_document) so that one hub_resource_query matches and ranks all three, and the
 * indexes that find the newest visible matches of a word.
 */
export class Migration20261206400000_search extends Migration {
  override async up(): Promise<void> {
    // The document side of hub_cjk_tokens(value, true), with the same tokens in the same order,
    // but linear in the length of the text: hub_cjk_tokens appends to a string per character (and
    // substr() from the start of a run is itself linear), which took 13 s for 40,000 Chinese
    // characters; item bodies hold up to 100,000. This takes some 0.5 s for 100,000.
    this.addSql(`
      create or replace function hub_cjk_document_tokens(value text) returns text
      language sql immutable parallel safe strict as $$
        select unaccent('unaccent'::regdictionary, regexp_replace(value, '[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+', ' ', 'g')) || ' ' || coalesce((
          select string_agg(t.token, ' ' order by x.run, t.part, x.pos)
          from (
            select r.n as run, c.pos, c.ch, lead(c.ch) over (partition by r.n order by c.pos) as next
            from regexp_matches(value, '[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+', 'g') with ordinality as r(m, n)
            cross join lateral regexp_split_to_table(r.m[1], '') with ordinality as c(ch, pos)
          ) x
          cross join lateral (values (0, x.ch || x.next), (1, x.ch)) as t(part, token)
          where t.token is not null), '')
      $$;`);
    // Titles weigh more than bodies. Items are read whole or not at all (no content tiers), so
    // their bodies may be searched.
    this.addSql(`
      create or replace function hub_information_document(title_en text, title_zh text, body_en text, body_zh text)
      returns tsvector language sql immutable parallel safe as $$
        select
          setweight(to_tsvector('english'::regconfig, hub_cjk_document_tokens(coalesce(title_en, '') || ' ' || coalesce(title_zh, ''))), 'A') ||
          setweight(to_tsvector('english'::regconfig, hub_cjk_document_tokens(coalesce(body_en, '') || ' ' || coalesce(body_zh, ''))), 'B')
      $$;`);
    // Names first, then the code and the accepting office, then the legal basis and the procedure.
    this.addSql(`
      create or replace function hub_matter_document(
        name_zh text, name_en text, code text, accepting_office text, legal_basis text, procedure text[]
      ) returns tsvector language sql immutable parallel safe as $$
        select
          setweight(to_tsvector('english'::regconfig, hub_cjk_document_tokens(coalesce(name_en, '') || ' ' || coalesce(name_zh, ''))), 'A') ||
          setweight(to_tsvector('english'::regconfig, hub_cjk_document_tokens(coalesce(code, '') || ' ' || coalesce(accepting_office, ''))), 'B') ||
          setweight(to_tsvector('english'::regconfig, hub_cjk_document_tokens(coalesce(legal_basis, '') || ' ' || array_to_string(procedure, ' '))), 'C')
      $$;`);

    this.addSql(`
      alter table information_item add column search_vector tsvector generated always as
        (hub_information_document(title_en, title_zh, body_en, body_zh)) stored;`);
    this.addSql(`create index information_item_search_idx on information_item using gin (search_vector);`);
    // "The newest matches" of a common word read information_item_created_idx (created_at, id) backwards.

    this.addSql(`
      alter table catalogue_matter add column search_vector tsvector generated always as
        (hub_matter_document(name_zh, name_en, code, accepting_office, legal_basis, procedure)) stored;`);
    this.addSql(`create index catalogue_matter_search_idx on catalogue_matter using gin (search_vector);`);
    // Search finds ACTIVE matters, newest first.
    this.addSql(`create index catalogue_matter_active_created_idx on catalogue_matter (created_at, id) where status = 'ACTIVE';`);
  }
}
