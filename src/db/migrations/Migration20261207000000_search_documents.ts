import { Migration } from '@mikro-orm/migrations';

const micros = (column: string) => `(extract(epoch from ${column} at time zone 'UTC') * 1000000)::bigint`;

/** How a type's rows reach its search table. `row` is the prefix of the row's columns (`new.` in a trigger). */
interface SearchSource {
  table: string;
  base: string;
  owner: string;
  /** 2 anyone, 1 every member, 0 the owner unit and hub admins: the type's read rule. */
  audience: (row: string) => string;
  /** The columns its vector is made of, and the vector. */
  texts: string[];
  document: (row: string) => string;
  /** Rows that are searchable at all (others have no search row). */
  searchable?: (row: string) => string;
}

const RESOURCES: SearchSource = {
  table: 'search_resource',
  base: 'shared_resource',
  owner: 'owner_unit_id',
  audience: (row) => `case when ${row}status <> 'PUBLISHED' or ${row}tier = 'NOT_SHARED' then 0 when ${row}tier = 'PUBLIC' then 2 else 1 end`,
  texts: ['title_en', 'title_zh', 'summary_en', 'summary_zh', 'tags', 'themes'],
  // The generated column, which the resources list searches too.
  document: (row) => `${row}search_vector`,
};

const INFORMATION: SearchSource = {
  table: 'search_information',
  base: 'information_item',
  owner: 'owner_unit_id',
  audience: (row) => `case when ${row}status = 'DRAFT' or ${row}tier = 'NOT_SHARED' then 0 when ${row}tier = 'PUBLIC' then 2 else 1 end`,
  texts: ['title_en', 'title_zh', 'body_en', 'body_zh'],
  document: (row) => `hub_information_document(${row}title_en, ${row}title_zh, ${row}body_en, ${row}body_zh)`,
};

const CATALOGUE: SearchSource = {
  table: 'search_catalogue',
  base: 'catalogue_matter',
  owner: 'provider_unit_id',
  audience: (row) => `case when ${row}tier = 'NOT_SHARED' then 0 when ${row}tier = 'PUBLIC' then 2 else 1 end`,
  texts: ['name_zh', 'name_en', 'code', 'accepting_office', 'legal_basis', 'procedure'],
  document: (row) => `hub_matter_document(${row}name_zh, ${row}name_en, ${row}code, ${row}accepting_office, ${row}legal_basis, ${row}procedure)`,
  searchable: (row) => `${row}status = 'ACTIVE'`,
};

/**
 * The trigger keeping `source.table` equal to its rows: a row that is not searchable has no
 * search row; a change that leaves the texts alone updates the owner, audience and time without
 * making the vector again (an item's body may be 100,000 characters).
 */
function syncTrigger(source: SearchSource): string[] {
  const { table, base, owner } = source;
  const fn = `hub_${table}_sync`;
  const texts = (row: string) => source.texts.map((column) => `${row}${column}`).join(', ');
  const unsearchable = source.searchable
    ? `if not (${source.searchable('new.')}) then
          delete from ${table} s where s.id = new.id;
          return null;
        end if;`
    : '';
  return [
    `create or replace function ${fn}() returns trigger language plpgsql as $$
      declare
        new_audience smallint := ${source.audience('new.')};
        new_created bigint := ${micros('new.created_at')};
      begin
        ${unsearchable}
        if tg_op = 'UPDATE' and (${texts('new.')}) is not distinct from (${texts('old.')}) then
          update ${table} s set owner_unit_id = new.${owner}, audience = new_audience, created_at = new_created
          where s.id = new.id and (s.owner_unit_id, s.audience, s.created_at) is distinct from (new.${owner}, new_audience, new_created);
          if found or exists (select 1 from ${table} s where s.id = new.id) then return null; end if;
        end if;
        insert into ${table} (id, owner_unit_id, audience, created_at, document)
        values (new.id, new.${owner}, new_audience, new_created, ${source.document('new.')})
        on conflict (id) do update set owner_unit_id = excluded.owner_unit_id, audience = excluded.audience,
          created_at = excluded.created_at, document = excluded.document;
        return null;
      end $$;`,
    `create trigger ${base}_search after insert or update of
        ${[...source.texts, 'status', 'tier', owner, 'created_at'].join(', ')}
      on ${base} for each row execute function ${fn}();`,
  ];
}

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

    const sources = [RESOURCES, INFORMATION, CATALOGUE];
    for (const source of sources) {
      this.addSql(`
        create table ${source.table} (
          id integer primary key references ${source.base} (id) on delete cascade,
          owner_unit_id integer not null,
          audience smallint not null check (audience between 0 and 2),
          created_at bigint not null,
          document tsvector not null
        ) with (toast_tuple_target = 8160);`);
      this.addSql(`alter table ${source.table} alter column document set storage main;`);
      for (const statement of syncTrigger(source)) this.addSql(statement);
      // What is already there; items' and matters' vectors from the generated columns dropped below.
      this.addSql(`
        insert into ${source.table} (id, owner_unit_id, audience, created_at, document)
        select id, ${source.owner}, ${source.audience('')}, ${micros('created_at')}, search_vector
        from ${source.base} ${source.searchable ? `where ${source.searchable('')} ` : ''}order by created_at;`);
      this.addSql(`create index ${source.table}_document_idx on ${source.table} using gin (document) with (fastupdate = off);`);
      this.addSql(`create index ${source.table}_created_idx on ${source.table} (created_at, id);`);
      // Statistics now, not at autovacuum's next visit: without them the planner takes every word
      // for a common one and walks the whole table for a word no row holds.
      this.addSql(`analyze ${source.table};`);
    }

    // The vectors of items and matters live in the search tables now; nothing else read them.
    this.addSql(`drop index information_item_search_idx;`);
    this.addSql(`alter table information_item drop column search_vector;`);
    this.addSql(`drop index catalogue_matter_search_idx;`);
    this.addSql(`drop index catalogue_matter_active_created_idx;`);
    this.addSql(`alter table catalogue_matter drop column search_vector;`);
  }
}
