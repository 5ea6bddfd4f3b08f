import { LockMode, ref } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import { forbidden, requireMember, requireWriter } from '../../auth/viewer';
import { generateTokenSecret, hashTokenSecret, looksLikeHubToken, TOKEN_PREFIX } from '../../auth/tokens';
import { badInput, conflict, InputErrors, notFound } from '../../errors';
import type { ConnectionArgs, Page } from '../../shared/connection';
import { childPage, type PageLoaders } from '../../shared/pagination';
import type { FieldSelection } from '../../shared/selection';
import type { MutationAudit } from '../audit/audit.service';
import { Account } from './account.entity';
import { AccountKind } from './account.enums';
import { apiTokenRows } from './account.rows';
import { accountUnitId, checkName, guardUnitAdmin, guardWriter, seesTokensOf, type Actor } from './account.service';
import { ApiToken } from './api-token.entity';

export interface TokenDraft {
  /** The account the token signs in as; the actor's own account when absent. */
  accountId?: number | null;
  name: string;
  /** Absent: read-only for service accounts, read-write for people. */
  readOnly?: boolean | null;
  expiresAt?: Date | null;
}

export interface IssuedToken {
  token: ApiToken;
  /** The bearer secret: shown to the caller this once; only its hash is stored. */
  secret: string;
}

/**
 * Creates a token. Anyone who may write creates tokens for their own account; unit ADMINs for
 * their unit's accounts; hub admins for any. A service account's tokens are read-only unless a
 * hub admin (or the operator) explicitly asks for `readOnly: false`.
 */
export async function createApiToken(em: EntityManager, actor: Actor, draft: TokenDraft, audit?: MutationAudit): Promise<IssuedToken> {
  const writer = guardWriter(actor);
  const accountId = draft.accountId ?? (writer.kind === 'member' ? writer.accountId : null);
  if (accountId == null) throw badInput('Name the account the token is for.', 'input.account');

  // Shared lock: tokens may be created side by side, but not while the account is being disabled.
  const account = await em.findOne(Account, accountId, { lockMode: LockMode.PESSIMISTIC_READ });
  if (!account) throw notFound('No account has this ID.', 'ACCOUNT_NOT_FOUND', 'input.account');
  const unitId = accountUnitId(account);
  if (audit) audit.subject = { type: 'ApiToken', id: null, ownerUnitId: unitId };
  if (writer.kind === 'operator' || writer.accountId !== account.id) guardUnitAdmin(actor, unitId);

  const errors = new InputErrors();
  const name = checkName(errors, draft.name, 'input.name', 'the token a name');
  if (draft.expiresAt != null) {
    errors.check(!Number.isNaN(draft.expiresAt.getTime()), 'input.expiresAt', 'expiresAt is not a valid moment.');
    errors.check(draft.expiresAt.getTime() > Date.now(), 'input.expiresAt', 'expiresAt is in the past; give a moment in the future, or none for a token that does not expire.');
  }
  errors.throwIfAny();
  if (account.disabledAt) throw conflict('This account is disabled; enable it before giving it a token.', 'ACCOUNT_DISABLED', 'input.account');

  const service = account.kind === AccountKind.SERVICE;
  if (service && draft.readOnly === false && !(writer.kind === 'operator' || writer.hubAdmin)) {
    throw forbidden("Only a hub admin can give a service account a token that may write; leave readOnly out for a read-only one.", 'SERVICE_TOKEN_WRITE');
  }
  const readOnly = draft.readOnly ?? service;

  const secret = generateTokenSecret();
  const token = Object.assign(new ApiToken(), {
    account: ref(account),
    name,
    tokenHash: secret.hash,
    prefix: secret.prefix,
    readOnly,
    expiresAt: draft.expiresAt ?? null,
    createdBy: writer.kind === 'member' ? em.getReference(Account, writer.accountId, { wrapped: true }) : null,
  });
  em.persist(token);
  await em.flush();
  if (audit) {
    audit.subject = { type: 'ApiToken', id: token.id, ownerUnitId: unitId };
    audit.detail = { ...audit.detail, account: account.id, prefix: token.prefix, readOnly, expiresAt: token.expiresAt?.toISOString() ?? null };
  }
  return { token, secret: secret.secret };
}

const tokenNotFound = () => notFound('No API token has this ID.', 'TOKEN_NOT_FOUND', 'input.id');

/**
 * Revokes a token; it stops working with the next request. Revoking a revoked token changes
 * nothing (a retried request succeeds). A token the caller may not see is NOT_FOUND, like a
 * missing one.
 */
export async function revokeApiToken(em: EntityManager, actor: Actor, tokenId: number, audit?: MutationAudit): Promise<ApiToken> {
  if (actor.kind !== 'operator') requireMember(actor);
  const token = await em.findOne(ApiToken, tokenId, { lockMode: LockMode.PESSIMISTIC_WRITE });
  if (!token) throw tokenNotFound();
  const account = await em.findOneOrFail(Account, token.account.id);
  const unitId = accountUnitId(account);
  if (actor.kind === 'member' && !seesTokensOf(actor, account.id, unitId)) throw tokenNotFound();
  if (audit) audit.subject = { type: 'ApiToken', id: token.id, ownerUnitId: unitId };
  if (actor.kind === 'member') {
    requireWriter(actor);
    if (actor.accountId !== account.id) guardUnitAdmin(actor, unitId);
  }
  if (token.revokedAt) {
    if (audit) audit.detail = { ...audit.detail, alreadyRevoked: true };
    return token;
  }
  token.revokedAt = new Date();
  await em.flush();
  if (audit) audit.detail = { ...audit.detail, account: account.id, prefix: token.prefix };
  return token;
}

/** An account's tokens, newest first; batched across the accounts of a list. */
export function listAccountTokens(
  em: EntityManager,
  loaders: PageLoaders,
  accountId: number,
  args: ConnectionArgs,
  selection?: FieldSelection,
): Promise<Page<ApiToken>> {
  const { query, map } = apiTokenRows.listQuery(em, 't', selection);
  return childPage(loaders, em, { ...query, parentColumn: 't.account_id' }, accountId, { expr: 't.id', type: 'int', direction: 'desc' }, args, map);
}

/** True while a token signs its holder in (its account's state aside). */
export const tokenIsLive = (token: Pick<ApiToken, 'revokedAt' | 'expiresAt'>, now = new Date()) =>
  !token.revokedAt && (!token.expiresAt || token.expiresAt.getTime() > now.getTime());

/**
 * The token a person at the command line means: its number, its whole secret, or its prefix
 * (`fhub_` and six characters, as lists show it). Null when nothing matches; a prefix shared by
 * several tokens is BAD_USER_INPUT listing them.
 */
export async function findTokenByReference(em: EntityManager, reference: string): Promise<ApiToken | null> {
  const text = reference.trim();
  if (/^[1-9][0-9]{0,9}$/.test(text)) return em.findOne(ApiToken, Number(text));
  if (looksLikeHubToken(text)) {
    const [row] = await em.execute<Array<{ id: number }>>('select id from api_token where token_hash = ?', [hashTokenSecret(text)]);
    return row ? em.findOne(ApiToken, row.id) : null;
  }
  if (!text.startsWith(TOKEN_PREFIX)) return null;
  const rows = await em.execute<Array<{ id: number }>>('select id from api_token where prefix = ? order by id', [text]);
  if (rows.length > 1) {
    throw badInput(`Several tokens start with "${text}" (ids ${rows.map((row) => row.id).join(', ')}); give the id instead.`, 'token', 'AMBIGUOUS_PREFIX');
  }
  return rows.length ? em.findOne(ApiToken, rows[0].id) : null;
}
