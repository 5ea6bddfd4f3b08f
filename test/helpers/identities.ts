import pg from 'pg';
import { generateTokenSecret } from '../../src/auth/tokens';

export type Role = 'ADMIN' | 'EDITOR' | 'VIEWER';

export interface TestIdentity {
  token: string;
  accountId: number;
  unitId: number;
  unitCode: string;
  /** `{ authorization: 'Bearer …' }`, ready for `hub.gql(query, variables, headers)`. */
  headers: Record<string, string>;
}

export interface IdentityOptions {
  /** Member unit code, e.g. "610000-COMMERCE" (hub operator: "610000-FAO"). */
  unit: string;
  role: Role;
  kind?: 'PERSON' | 'SERVICE';
  readOnly?: boolean;
  /** A moment in the past makes an expired token. */
  expiresAt?: Date;
  name?: string;
}

/**
 * Creates an account in `unit` and a token for it, straight in the hub's database (the fixture
 * for tests of other features; the identity tests go through the mutations and the CLI).
 */
export async function createIdentity(databaseUrl: string, options: IdentityOptions): Promise<TestIdentity> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const unit = await client.query<{ id: number }>('select id from member_unit where code = $1', [options.unit]);
    if (!unit.rows.length) throw new Error(`no member unit ${options.unit}`);
    const unitId = unit.rows[0].id;
    const account = await client.query<{ id: number }>(
      `insert into account (member_unit_id, kind, role, display_name) values ($1, $2, $3, $4) returning id`,
      [unitId, options.kind ?? 'PERSON', options.role, options.name ?? `${options.role.toLowerCase()} of ${options.unit}`],
    );
    const secret = generateTokenSecret();
    await client.query(
      `insert into api_token (account_id, name, token_hash, prefix, read_only, expires_at) values ($1, 'test', $2, $3, $4, $5)`,
      [account.rows[0].id, secret.hash, secret.prefix, options.readOnly ?? false, options.expiresAt ?? null],
    );
    return {
      token: secret.secret,
      accountId: account.rows[0].id,
      unitId,
      unitCode: options.unit,
      headers: { authorization: `Bearer ${secret.secret}` },
    };
  } finally {
    await client.end();
  }
}

/**
 * Headers of a caller of `unit` with `role`, made once per combination and reused: most tests
 * only need "an editor of that unit". `databaseUrl` is read when the first identity is made.
 */
export function callers(databaseUrl: () => string) {
  const made = new Map<string, Promise<TestIdentity>>();
  return async (unit: string, role: Role = 'EDITOR', extra: Partial<IdentityOptions> = {}): Promise<Record<string, string>> => {
    const key = JSON.stringify([unit, role, extra]);
    if (!made.has(key)) made.set(key, createIdentity(databaseUrl(), { unit, role, ...extra }));
    return (await made.get(key)!).headers;
  };
}
