import { Migration } from '@mikro-orm/migrations';

const micros = (column: string) => `(extract(epoch from ${column} at time zone 'UTC') * 1000000)::bigint`;

/**
 * What `search` reads, one narrow table per type (search_resource, search_information,
 * search_catalogue), kept by triggers in the same transaction as the row it mirrors:
 *
 * - `document`: the row's text vector, stored in the row (toast_tuple_target 8160, storage main)
 *   rather than out of line, so that testing a row for a match or ranking it reads no TOAST.
 *   Information items' vectors hold their bodies (about 2.5 KB); in information_item's wide rows
 *   they were stored out of line, and search had to fetch every match of a common word to find
 *   the newest (bench:info: 17 ms of PostgreSQL for "visa").
 * - `audience`: who may find the row, from its type's read rule (resource.visibility.ts,
 *   information.visibility.ts, catalogue.visibility.ts): 2 anyone, 1 every member, 0 only the
 *   owner unit (and hub admins). `owner_unit_id` is the owner, publisher or provider.
 * - `created_at` in whole microseconds (UTC), the order and cursor of the newest matches.
 *
 * Only ACTIVE catalogue matters are searchable; a withdrawn matter's row is deleted.
 * Text indexes without a pending list (fastupdate off): with one, every search also reads the
 * entries not yet merged, up to 4 MB (bench:info: 3 ms per search on shared resources).
 */
export class Migration20261207000000_search_documents extends Migration {
  override async up(): Promise<void> {
    // Filling the tables reads every row: on a large database that outlasts the sessions' 15 s limit.
    this.addSql(`set local statement_timeout = 0;`);
    this.addSql(`alter index shared_resource_search_idx set (fastupdate = off);`);

    for (const [table, base] of [
      ['search_resource', 'shared_resource'],
      ['search_information', 'information_item'],
      ['search_catalogue', 'catalogue_matter'],
    ]) {
      this.addSql(`
        create table ${table} (
          id integer primary key references ${base} (id) on delete cascade,
          owner_unit_id integer not null,
          audience smallint not null check (audience between 0 and 2),
          created_at bigint not null,
          document tsvector not null
        ) with (toast_tuple_target = 8160);`);
      this.addSql(`alter table ${table} alter column document set storage main;`);
    }

    // Shared resources: the vector is shared_resource.search_vector (the resources list searches it too).
    this.addSql(`
      create or replace function hub_search_resource_sync() returns trigger language plpgsql as $$
      begin
        insert into search_resource as s (id, owner_unit_id, audience, created_at, document)
        values (new.id, new.owner_unit_id,
          case when new.status <> 'PUBLISHED' or new.tier = 'NOT_SHARED' then 0 when new.tier = 'PUBLIC' then 2 else 1 end,
          ${micros('new.created_at')}, new.search_vector)
        on conflict (id) do update set owner_unit_id = excluded.owner_unit_id, audience = excluded.audience,
          created_at = excluded.created_at, document = excluded.document
        where (s.owner_unit_id, s.audience, s.created_at, s.document) is distinct from
          (excluded.owner_unit_id, excluded.audience, excluded.created_at, excluded.document);
        return null;
      end $$;`);
    this.addSql(`
      create trigger shared_resource_search after insert or update of
        title_en, title_zh, summary_en, summary_zh, tags, themes, status, tier, owner_unit_id, created_at
      on shared_resource for each row execute function hub_search_resource_sync();`);

    // Information items: the vector (titles and bodies) is made only when a text changes.
    this.addSql(`
      create or replace function hub_search_information_sync() returns trigger language plpgsql as $$
      declare
        new_audience smallint := case when new.status = 'DRAFT' or new.tier = 'NOT_SHARED' then 0 when new.tier = 'PUBLIC' then 2 else 1 end;
      begin
        if tg_op = 'UPDATE' and (new.title_en, new.title_zh, new.body_en, new.body_zh) is not distinct from
            (old.title_en, old.title_zh, old.body_en, old.body_zh) then
          update search_information s set owner_unit_id = new.owner_unit_id, audience = new_audience,
            created_at = ${micros('new.created_at')}
          where s.id = new.id and (s.owner_unit_id, s.audience, s.created_at) is distinct from
            (new.owner_unit_id, new_audience, ${micros('new.created_at')});
          if found or exists (select 1 from search_information s where s.id = new.id) then return null; end if;
        end if;
        insert into search_information as s (id, owner_unit_id, audience, created_at, document)
        values (new.id, new.owner_unit_id, new_audience, ${micros('new.created_at')},
          hub_information_document(new.title_en, new.title_zh, new.body_en, new.body_zh))
        on conflict (id) do update set owner_unit_id = excluded.owner_unit_id, audience = excluded.audience,
          created_at = excluded.created_at, document = excluded.document;
        return null;
      end $$;`);
    this.addSql(`
      create trigger information_item_search after insert or update of
        title_en, title_zh, body_en, body_zh, status, tier, owner_unit_id, created_at
      on information_item for each row execute function hub_search_information_sync();`);

    // Catalogue matters: ACTIVE ones only; the vector is made only when a searched text changes.
    this.addSql(`
      create or replace function hub_search_catalogue_sync() returns trigger language plpgsql as $$
      declare
        new_audience smallint := case when new.tier = 'NOT_SHARED' then 0 when new.tier = 'PUBLIC' then 2 else 1 end;
      begin
        if new.status <> 'ACTIVE' then
          delete from search_catalogue s where s.id = new.id;
          return null;
        end if;
        if tg_op = 'UPDATE' and (new.name_zh, new.name_en, new.code, new.accepting_office, new.legal_basis, new.procedure) is not distinct from
            (old.name_zh, old.name_en, old.code, old.accepting_office, old.legal_basis, old.procedure) then
          update search_catalogue s set owner_unit_id = new.provider_unit_id, audience = new_audience,
            created_at = ${micros('new.created_at')}
          where s.id = new.id and (s.owner_unit_id, s.audience, s.created_at) is distinct from
            (new.provider_unit_id, new_audience, ${micros('new.created_at')});
          if found or exists (select 1 from search_catalogue s where s.id = new.id) then return null; end if;
        end if;
        insert into search_catalogue as s (id, owner_unit_id, audience, created_at, document)
        values (new.id, new.provider_unit_id, new_audience, ${micros('new.created_at')},
          hub_matter_document(new.name_zh, new.name_en, new.code, new.accepting_office, new.legal_basis, new.procedure))
        on conflict (id) do update set owner_unit_id = excluded.owner_unit_id, audience = excluded.audience,
          created_at = excluded.created_at, document = excluded.document;
        return null;
      end $$;`);
    this.addSql(`
      create trigger catalogue_matter_search after insert or update of
        name_zh, name_en, code, accepting_office, legal_basis, procedure, status, tier, provider_unit_id, created_at
      on catalogue_matter for each row execute function hub_search_catalogue_sync();`);

    // What is already there (items and matters from the generated vectors dropped below).
    this.addSql(`
      insert into search_resource (id, owner_unit_id, audience, created_at, document)
      select id, owner_unit_id, case when status <> 'PUBLISHED' or tier = 'NOT_SHARED' then 0 when tier = 'PUBLIC' then 2 else 1 end,
        ${micros('created_at')}, search_vector
      from shared_resource order by created_at;`);
    this.addSql(`
      insert into search_information (id, owner_unit_id, audience, created_at, document)
      select id, owner_unit_id, case when status = 'DRAFT' or tier = 'NOT_SHARED' then 0 when tier = 'PUBLIC' then 2 else 1 end,
        ${micros('created_at')}, search_vector
      from information_item order by created_at;`);
    this.addSql(`
      insert into search_catalogue (id, owner_unit_id, audience, created_at, document)
      select id, provider_unit_id, case when tier = 'NOT_SHARED' then 0 when tier = 'PUBLIC' then 2 else 1 end,
        ${micros('created_at')}, search_vector
      from catalogue_matter where status = 'ACTIVE' order by created_at;`);
    for (const table of ['search_resource', 'search_information', 'search_catalogue']) {
      this.addSql(`create index ${table}_document_idx on ${table} using gin (document) with (fastupdate = off);`);
      this.addSql(`create index ${table}_created_idx on ${table} (created_at, id);`);
      // Statistics now, not at autovacuum's next visit: without them the planner takes every word
      // for a common one and walks the whole table for a word no row holds.
      this.addSql(`analyze ${table};`);
    }

    // The vectors of items and matters live in the search tables now; nothing else read them.
    this.addSql(`drop index information_item_search_idx;`);
    this.addSql(`alter table information_item drop column search_vector;`);
    this.addSql(`drop index catalogue_matter_search_idx;`);
    this.addSql(`drop index catalogue_matter_active_created_idx;`);
    this.addSql(`alter table catalogue_matter drop column search_vector;`);
  }
}
