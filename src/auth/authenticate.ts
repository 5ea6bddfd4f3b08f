import { errors as joseErrors } from 'jose';
import type { EntityManager } from '@mikro-orm/postgresql';
import { isDatabaseUnavailable } from '../errors';
import type { Logger } from '../logger';
import { AccountKind, AccountRole } from '../modules/accounts/account.enums';
import { queryRows } from '../shared/sql';
import type { OidcConfig, OidcVerifier } from './oidc';
import { hashTokenSecret, looksLikeHubToken, looksLikeJwt } from './tokens';
import { ANONYMOUS, unauthenticated, type MemberViewer, type Viewer } from './viewer';

interface AccountRow {
  account_id: number;
  unit_id: number;
  role: AccountRole;
  kind: AccountKind;
  disabled: boolean;
  hub_operator: boolean;
}

interface TokenRow extends AccountRow {
  token_id: number;
  read_only: boolean;
  expired: boolean;
  revoked: boolean;
}

function memberViewer(row: AccountRow, tokenId: number | null, readOnly: boolean): MemberViewer {
  return {
    kind: 'member',
    accountId: row.account_id,
    unitId: row.unit_id,
    role: row.role,
    hubAdmin: row.hub_operator && row.role === AccountRole.ADMIN,
    readOnly,
    service: row.kind === AccountKind.SERVICE,
    tokenId,
  };
}

const ACCOUNT_COLUMNS = `a.id as account_id, a.member_unit_id as unit_id, a.role, a.kind,
  a.disabled_at is not null as disabled, u.hub_operator`;

/** The viewer a hub token stands for; UNAUTHENTICATED when it is unknown, expired, revoked or its account disabled. */
export async function viewerForHubToken(em: EntityManager, secret: string): Promise<MemberViewer> {
  const [row] = await queryRows<TokenRow & Record<string, unknown>>(
    em,
    `select t.id as token_id, t.read_only, t.expires_at is not null and t.expires_at <= now() as expired,
       t.revoked_at is not null as revoked, ${ACCOUNT_COLUMNS}
     from api_token t join account a on a.id = t.account_id join member_unit u on u.id = a.member_unit_id
     where t.token_hash = ?`,
    [hashTokenSecret(secret)],
  );
  if (!row) throw unauthenticated('This token is not known to the hub. Check that it was copied whole.', 'TOKEN_UNKNOWN');
  if (row.revoked) throw unauthenticated('This token has been revoked. Ask an admin of your unit for a new one.', 'TOKEN_REVOKED');
  if (row.expired) throw unauthenticated('This token has expired. Ask an admin of your unit for a new one.', 'TOKEN_EXPIRED');
  if (row.disabled) throw unauthenticated('The account of this token is disabled.', 'ACCOUNT_DISABLED');
  return memberViewer(row, row.token_id, row.read_only);
}

const ROLES = new Set<string>(Object.values(AccountRole));

/**
 * The viewer an OpenID Connect token stands for: the account linked to its issuer and subject.
 * On a first sign-in the account is created from the unit and role claims, when the provider
 * sends both (the provider is trusted to assign them); without them the caller must be given an
 * account by an admin first.
 */
async function viewerForJwt(em: EntityManager, jwt: string, verify: OidcVerifier, config: OidcConfig): Promise<MemberViewer> {
  let claims: Awaited<ReturnType<OidcVerifier>>;
  try {
    claims = await verify(jwt);
  } catch (error) {
    if (error instanceof joseErrors.JWTExpired) throw unauthenticated('This sign-in token has expired; sign in again.', 'TOKEN_EXPIRED');
    if (error instanceof joseErrors.JOSEError || (error instanceof Error && /subject/.test(error.message))) {
      throw unauthenticated('This sign-in token is not valid for the hub.', 'TOKEN_INVALID');
    }
    throw error;
  }
  const lookup = () =>
    queryRows<AccountRow & Record<string, unknown>>(
      em,
      `select ${ACCOUNT_COLUMNS} from account a join member_unit u on u.id = a.member_unit_id
       where a.oidc_issuer = ? and a.oidc_subject = ?`,
      [claims.iss, claims.sub],
    );
  let [row] = await lookup();
  if (!row) {
    const unitCode = claims[config.unitClaim];
    const role = claims[config.roleClaim];
    if (typeof unitCode !== 'string' || typeof role !== 'string' || !ROLES.has(role)) {
      throw unauthenticated('No hub account is linked to this identity; ask a hub admin to create one.', 'NO_ACCOUNT');
    }
    const name = typeof claims.name === 'string' ? claims.name : typeof claims.email === 'string' ? claims.email : claims.sub;
    const created = await queryRows(
      em,
      `insert into account (member_unit_id, role, display_name, email, oidc_issuer, oidc_subject)
       select u.id, ?, ?, ?, ?, ? from member_unit u where u.code = ?
       on conflict (oidc_issuer, oidc_subject) do nothing returning id`,
      [role, name.slice(0, 200), typeof claims.email === 'string' ? claims.email : null, claims.iss, claims.sub, unitCode],
    );
    if (!created.length && !(await lookup()).length) {
      throw unauthenticated(`The identity names the unit "${unitCode}", which is not a member of the hub.`, 'UNKNOWN_UNIT');
    }
    [row] = await lookup();
  }
  if (row.disabled) throw unauthenticated('This account is disabled.', 'ACCOUNT_DISABLED');
  return memberViewer(row, null, false);
}

export interface Authenticator {
  /** The viewer for an Authorization header value (or a graphql-ws connectionParams token). */
  (em: EntityManager, authorization: string | undefined | null): Promise<Viewer>;
}

export function createAuthenticator(options: { oidc?: { config: OidcConfig; verify: OidcVerifier }; logger: Logger }): Authenticator {
  return async (em, authorization) => {
    if (authorization == null || authorization.trim() === '') return ANONYMOUS;
    const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization.trim());
    if (!match) throw unauthenticated('Send the token as "Authorization: Bearer <token>".', 'MALFORMED_AUTHORIZATION');
    const token = match[1];
    try {
      if (looksLikeHubToken(token)) return await viewerForHubToken(em, token);
      if (options.oidc && looksLikeJwt(token)) return await viewerForJwt(em, token, options.oidc.verify, options.oidc.config);
    } catch (error) {
      if (!isDatabaseUnavailable(error) && !(error instanceof Error && error.name === 'AppError')) {
        options.logger.warn({ err: error }, 'authentication failed unexpectedly');
      }
      throw error;
    }
    throw unauthenticated('This is not a hub token (they start with "fhub_")' + (options.oidc ? ' nor a sign-in token of the configured provider.' : '.'), 'TOKEN_UNKNOWN');
  };
}
