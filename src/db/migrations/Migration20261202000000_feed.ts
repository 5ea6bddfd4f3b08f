import { Migration } from '@mikro-orm/migrations';

/**
 * What the live feed needs beyond the activity log.
 *
 * The activity notification carries the newest position the committing statement inserted (a
 * hint for listeners that want it, such as the feed benchmark timing commits; the hub's feed
 * reads the log after its own position whatever the payload says).
 *
 * Open sockets hold a caller's rights for as long as they live. When a token is revoked, an account
 * disabled or moved, or a unit gains or loses the hub operator's role, every hub instance hears it
 * on `hub_credentials` (on commit) and checks again the connections that use it: a socket whose
 * token no longer holds is closed at once, not at its next operation.
 */
export class Migration20261202000000_feed extends Migration {
  override async up(): Promise<void> {
    this.addSql(`
      create or replace function hub_activity_notify() returns trigger language plpgsql as $$
      begin
        perform pg_notify('hub_activity', coalesce((select max(position)::text from inserted), ''));
        return null;
      end
      $$;`);
    this.addSql(`drop trigger activity_notify on activity;`);
    this.addSql(
      `create trigger activity_notify after insert on activity referencing new table as inserted for each statement execute function hub_activity_notify();`,
    );
    this.addSql(`
      create or replace function hub_credentials_notify() returns trigger language plpgsql as $$
      begin
        perform pg_notify('hub_credentials', tg_argv[0] || ':' || coalesce(new.id, old.id));
        return null;
      end
      $$;`);
    this.addSql(`
      create trigger api_token_credentials after update of revoked_at, expires_at, read_only, account_id or delete on api_token
      for each row execute function hub_credentials_notify('token');`);
    this.addSql(`
      create trigger account_credentials after update of disabled_at, role, kind, member_unit_id or delete on account
      for each row execute function hub_credentials_notify('account');`);
    this.addSql(`
      create trigger member_unit_credentials after update of hub_operator on member_unit
      for each row execute function hub_credentials_notify('unit');`);
  }
}
