import { errors as joseErrors, type JWTPayload } from 'jose';
import type { EntityManager } from '@mikro-orm/postgresql';
import { AppError, isDatabaseUnavailable } from '../errors';
import type { Logger } from '../logger';
import { AccountKind, AccountRole } from '../modules/accounts/account.enums';
import { AuditOutcome } from '../modules/audit/audit-entry.entity';
import { appendAudit } from '../modules/audit/audit.service';
import { queryRows } from '../shared/sql';
import { OidcProviderUnavailable, type OidcConfig, type OidcVerifier } from './oidc';
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
  expires_at: Date | null;
  read_only: boolean;
  expired: boolean;
  revoked: boolean;
}

function memberViewer(row: AccountRow, tokenId: number | null, readOnly: boolean, expiresAt: Date | null = null): MemberViewer {
  return {
    kind: 'member',
    accountId: row.account_id,
    unitId: row.unit_id,
    role: row.role,
    hubAdmin: row.hub_operator && row.role === AccountRole.ADMIN,
    readOnly,
    service: row.kind === AccountKind.SERVICE,
    tokenId,
    expiresAt,
  };
}

const ACCOUNT_COLUMNS = `a.id as account_id, a.member_unit_id as unit_id, a.role, a.kind,
  a.disabled_at is not null as disabled, u.hub_operator`;

/** The viewer a hub token stands for; UNAUTHENTICATED when it is unknown, expired, revoked or its account disabled. */
export async function viewerForHubToken(em: EntityManager, secret: string): Promise<MemberViewer> {
  const [row] = await queryRows<TokenRow & Record<string, unknown>>(
    em,
    `select t.id as token_id, t.read_only, t.expires_at, t.expires_at is not null and t.expires_at <= now() as expired,
       t.revoked_at is not null as revoked, ${ACCOUNT_COLUMNS}
     from api_token t join account a on a.id = t.account_id join member_unit u on u.id = a.member_unit_id
     where t.token_hash = ?`,
    [hashTokenSecret(secret)],
    { prepared: true },
  );
  if (!row) throw unauthenticated('This token is not known to the hub. Check that it was copied whole.', 'TOKEN_UNKNOWN');
  if (row.revoked) throw unauthenticated('This token has been revoked. Ask an admin of your unit for a new one.', 'TOKEN_REVOKED');
  if (row.expired) throw unauthenticated('This token has expired. Ask an admin of your unit for a new one.', 'TOKEN_EXPIRED');
  if (row.disabled) throw unauthenticated('The account of this token is disabled.', 'ACCOUNT_DISABLED');
  return memberViewer(row, row.token_id, row.read_only, row.expires_at ? new Date(row.expires_at) : null);
}

const ROLES = new Set<string>(Object.values(AccountRole));
const EMAIL_PATTERN = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** Why a sign-in token was refused, from jose's error: every refusal names its reason. */
function refusal(error: unknown, logger: Logger): AppError {
  if (error instanceof OidcProviderUnavailable) {
    logger.warn({ err: error }, 'OpenID Connect provider unavailable');
    return unauthenticated('The sign-in provider could not be reached to check this token; try again in a moment.', 'PROVIDER_UNAVAILABLE');
  }
  if (error instanceof joseErrors.JWTExpired) return unauthenticated('This sign-in token has expired; sign in again.', 'TOKEN_EXPIRED');
  if (error instanceof joseErrors.JWTClaimValidationFailed) {
    if (error.claim === 'iss') return unauthenticated('This sign-in token comes from another issuer than the one the hub trusts.', 'WRONG_ISSUER');
    if (error.claim === 'aud') return unauthenticated('This sign-in token was issued for another application, not for the hub.', 'WRONG_AUDIENCE');
    if (error.claim === 'nbf') return unauthenticated('This sign-in token is not valid yet; check the clocks.', 'TOKEN_NOT_YET_VALID');
    return unauthenticated(`This sign-in token is not valid for the hub (${error.message}).`, 'TOKEN_INVALID');
  }
  if (error instanceof joseErrors.JWSSignatureVerificationFailed) {
    return unauthenticated('The signature of this sign-in token does not verify.', 'BAD_SIGNATURE');
  }
  if (error instanceof joseErrors.JWKSNoMatchingKey) {
    return unauthenticated('This sign-in token is signed with a key the provider does not publish.', 'BAD_SIGNATURE');
  }
  return unauthenticated('This sign-in token is not valid for the hub.', 'TOKEN_INVALID');
}

const claimText = (value: unknown, max: number): string | null => {
  if (typeof value !== 'string') return null;
  const text = value.trim();
  return text.length > 0 && text.length <= max ? text : null;
};

/**
 * First sign-in of an identity the provider assigns a unit and a role: creates its account and
 * records that in the audit trail, in one transaction. The email is taken over only when no other
 * account uses it (accounts are never linked by email: that would let the provider's users take
 * over hub accounts).
 */
async function provisionAccount(em: EntityManager, claims: JWTPayload & { iss: string; sub: string }, config: OidcConfig): Promise<void> {
  const unitCode = claims[config.unitClaim];
  const role = typeof claims[config.roleClaim] === 'string' ? (claims[config.roleClaim] as string).trim().toUpperCase() : null;
  if (typeof unitCode !== 'string' || !role || !ROLES.has(role)) {
    throw unauthenticated('No hub account is linked to this identity; ask a hub admin to create one.', 'NO_ACCOUNT');
  }
  await em.transactional(async (tx) => {
    const [unit] = await tx.execute<Array<{ id: number }>>('select id from member_unit where code = ?', [unitCode]);
    if (!unit) throw unauthenticated(`The identity names the unit "${unitCode.slice(0, 100)}", which is not a member of the hub.`, 'UNKNOWN_UNIT');
    let email = claimText(claims.email, 320);
    if (email && (!EMAIL_PATTERN.test(email) || (await tx.execute('select 1 from account where lower(email) = lower(?)', [email])).length)) {
      email = null;
    }
    const name = claimText(claims.name, 200) ?? claimText(claims.preferred_username, 200) ?? email ?? claims.sub.slice(0, 200);
    // No conflict target: a concurrent first sign-in of the same identity (or a race on the email) inserts nothing.
    const [created] = await tx.execute<Array<{ id: number }>>(
      `insert into account (member_unit_id, role, display_name, email, oidc_issuer, oidc_subject)
       values (?, ?, ?, ?, ?, ?) on conflict do nothing returning id`,
      [unit.id, role, name, email, claims.iss, claims.sub],
    );
    if (!created) return;
    const [row] = await tx.execute<AccountRow[]>(
      `select ${ACCOUNT_COLUMNS} from account a join member_unit u on u.id = a.member_unit_id where a.id = ?`,
      [created.id],
    );
    await appendAudit(tx as EntityManager, memberViewer(row, null, false), [
      {
        action: 'oidc:createAccount',
        subject: { type: 'Account', id: created.id, ownerUnitId: unit.id },
        outcome: AuditOutcome.ALLOWED,
        detail: { issuer: claims.iss, subject: claims.sub, role },
      },
    ]);
  });
}

/**
 * The viewer an OpenID Connect token stands for: the account linked to its issuer and subject.
 * On a first sign-in the account is created from the unit and role claims, when the provider
 * sends both (the provider is trusted to assign them; later changes happen in the hub, not in
 * the claims); without them the caller must be given an account by an admin first.
 */
async function viewerForJwt(
  em: EntityManager,
  jwt: string,
  verify: OidcVerifier,
  config: OidcConfig,
  logger: Logger,
): Promise<MemberViewer> {
  let claims: Awaited<ReturnType<OidcVerifier>>;
  try {
    claims = await verify(jwt);
  } catch (error) {
    throw refusal(error, logger);
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
    await provisionAccount(em, claims, config);
    [row] = await lookup();
    if (!row) throw unauthenticated('The account for this identity could not be created; try signing in again.', 'NO_ACCOUNT');
  }
  if (row.disabled) throw unauthenticated('This account is disabled.', 'ACCOUNT_DISABLED');
  // No token scopes a sign-in: service accounts stay read-only, as their tokens are by default.
  return memberViewer(row, null, row.kind === AccountKind.SERVICE, typeof claims.exp === 'number' ? new Date(claims.exp * 1000) : null);
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
      if (options.oidc && looksLikeJwt(token)) return await viewerForJwt(em, token, options.oidc.verify, options.oidc.config, options.logger);
    } catch (error) {
      if (!isDatabaseUnavailable(error) && !(error instanceof Error && error.name === 'AppError')) {
        options.logger.warn({ err: error }, 'authentication failed unexpectedly');
      }
      throw error;
    }
    throw unauthenticated('This is not a hub token (they start with "fhub_")' + (options.oidc ? ' nor a sign-in token of the configured provider.' : '.'), 'TOKEN_UNKNOWN');
  };
}
