import { Migration } from '@mikro-orm/migrations';

/**
 * The activity log: one row per change in the hub, written in the transaction of the change.
 *
 * Positions follow commit order. Serial ids alone do not: a transaction that drew id 10 may
 * commit after one that drew id 11, and a reader who saw 11 would never look below it again.
 * Here the position is drawn under a transaction-level advisory lock (the one the audit chain
 * already takes at the end of every audited transaction), held until commit: two writers draw
 * positions one after the other, each only once the one before it has committed or rolled back.
 * A reader who sees position P therefore already sees every committed position below P, and a
 * rolled-back change leaves no activity (its position is simply never seen).
 */
export class Migration20261125200000_activity extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create sequence activity_position_seq;`);
    this.addSql(`
      create table activity (
        position bigint primary key,
        occurred_at timestamptz not null default now(),
        verb text not null,
        actor_account_id integer,
        actor_unit_id integer,
        subject_type text not null,
        subject_id integer not null,
        subject_title text,
        -- Who may read it: PUBLIC (anyone), MEMBERS (signed-in members), RESOURCE (whoever may see
        -- the resource now), RESOURCE_PARTIES (the resource's owner unit, the audience unit, hub admins).
        audience text not null check (audience in ('PUBLIC', 'MEMBERS', 'RESOURCE', 'RESOURCE_PARTIES')),
        resource_id integer,
        owner_unit_id integer,
        audience_unit_id integer,
        tier text,
        country_codes text[] not null default '{}',
        locality_ids integer[] not null default '{}',
        relation_ids integer[] not null default '{}'
      );`);
    this.addSql(`
      create or replace function hub_activity_position() returns trigger language plpgsql as $$
      begin
        perform pg_advisory_xact_lock(7261125);
        new.position := nextval('activity_position_seq');
        return new;
      end
      $$;`);
    this.addSql(`create trigger activity_position before insert on activity for each row execute function hub_activity_position();`);
    // Subscribers on every instance are woken on commit (NOTIFY is delivered only then); they read
    // the log after their own cursor, so the payload is only a hint.
    this.addSql(`
      create or replace function hub_activity_notify() returns trigger language plpgsql as $$
      begin
        perform pg_notify('hub_activity', '');
        return null;
      end
      $$;`);
    this.addSql(`create trigger activity_notify after insert on activity for each statement execute function hub_activity_notify();`);
    this.addSql(`create index activity_subject_idx on activity (subject_type, subject_id);`);
    this.addSql(`create index activity_resource_idx on activity (resource_id, position) where resource_id is not null;`);
    this.addSql(`create index activity_actor_unit_idx on activity (actor_unit_id, position);`);
    this.addSql(`create index activity_countries_idx on activity using gin (country_codes);`);
    this.addSql(`create index activity_localities_idx on activity using gin (locality_ids);`);
    this.addSql(`create index activity_relations_idx on activity using gin (relation_ids);`);
  }
}
