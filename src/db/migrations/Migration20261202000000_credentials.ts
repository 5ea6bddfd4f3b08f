import { Migration } from '@mikro-orm/migrations';

/**
 * Open sockets hold a caller's rights for as long as they live. When a token is revoked, an account
 * disabled or moved, or a unit gains or loses the hub operator's role, every hub instance hears it
 * on `hub_credentials` (on commit) and checks again the connections that use it: a socket whose
 * token no longer holds is closed at once, not at its next operation.
 */
export class Migration20261202000000_credentials extends Migration {
  override async up(): Promise<void> {
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
