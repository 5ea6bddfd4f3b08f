import { LockMode, ref, UniqueConstraintViolationException } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import { forbidden, requireUnitAdmin, requireWriter, type MemberViewer, type Viewer } from '../../auth/viewer';
import { badInput, conflict, InputErrors, notFound } from '../../errors';
import type { ConnectionArgs, Page } from '../../shared/connection';
import { decodeGlobalId } from '../../shared/global-id';
import { keysetPage } from '../../shared/pagination';
import { searchArgument } from '../../shared/search';
import type { FieldSelection } from '../../shared/selection';
import type { MutationAudit } from '../audit/audit.service';
import { MemberUnit } from '../member-units/member-unit.entity';
import { Account } from './account.entity';
import { AccountKind, AccountRole } from './account.enums';
import { accountRows } from './account.rows';

/**
 * The person at the command line (`npm run hub`). They hold the database credentials already, so
 * no rule of the API limits them; what they do is still recorded in the audit trail.
 */
export interface OperatorActor {
  kind: 'operator';
}
export const OPERATOR: OperatorActor = Object.freeze({ kind: 'operator' });

/** Who changes identities: a caller of the API (checked against the rules) or the operator. */
export type Actor = Viewer | OperatorActor;

// ---- who may see and do what -------------------------------------------------------------

/** A hub admin, or an ADMIN of `unitId`: may see the unit's accounts' sign-in links and tokens. */
export function administersUnit(viewer: Viewer, unitId: number): boolean {
  return viewer.kind === 'member' && (viewer.hubAdmin || (viewer.role === AccountRole.ADMIN && viewer.unitId === unitId));
}

/** The account's email is for its own unit's members and hub admins. */
export function seesAccountEmail(viewer: Viewer, unitId: number): boolean {
  return viewer.kind === 'member' && (viewer.hubAdmin || viewer.unitId === unitId);
}

/** An account's tokens are for the account itself, its unit's ADMINs and hub admins. */
export function seesTokensOf(viewer: Viewer, accountId: number, unitId: number): boolean {
  return viewer.kind === 'member' && (viewer.accountId === accountId || administersUnit(viewer, unitId));
}

/** Unit ADMINs manage their own unit's accounts and tokens, hub admins every unit's. */
export function guardUnitAdmin(actor: Actor, unitId: number): void {
  if (actor.kind !== 'operator') requireUnitAdmin(actor, unitId);
}

/** The actor must be allowed to change anything at all (UNAUTHENTICATED / FORBIDDEN first, before input checks). */
export function guardWriter(actor: Actor): MemberViewer | OperatorActor {
  return actor.kind === 'operator' ? actor : requireWriter(actor);
}

// ---- input checks, shared by the API and the CLI -----------------------------------------

const EMAIL_PATTERN = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
export const MAX_NAME_LENGTH = 200;

/** A trimmed name of 1 to 200 characters; reports the problem to `errors` otherwise. */
export function checkName(errors: InputErrors, value: string | null | undefined, field: string, what: string): string {
  const text = (value ?? '').trim();
  errors.check(text.length > 0, field, `Give ${what}; it cannot be empty.`);
  errors.check(text.length <= MAX_NAME_LENGTH, field, `${capitalise(what)} has ${text.length} characters; at most ${MAX_NAME_LENGTH} are allowed.`);
  return text;
}

/** A trimmed email address, or null when absent or blank. */
export function checkEmail(errors: InputErrors, value: string | null | undefined, field: string): string | null {
  const text = value?.trim() ?? '';
  if (!text) return null;
  errors.check(text.length <= 320 && EMAIL_PATTERN.test(text), field, `"${text.slice(0, 100)}" is not an email address.`);
  return text;
}

const capitalise = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);

function checkOidcLink(errors: InputErrors, issuer: string | null | undefined, subject: string | null | undefined) {
  const iss = issuer?.trim() || null;
  const sub = subject?.trim() || null;
  errors.check(!!iss === !!sub, iss ? 'input.oidcSubject' : 'input.oidcIssuer', 'Give both oidcIssuer and oidcSubject to link a sign-in identity, or neither.');
  if (iss) errors.check(/^https?:\/\/\S+$/.test(iss) && iss.length <= 500, 'input.oidcIssuer', `"${iss.slice(0, 100)}" is not an issuer URL (https://…).`);
  if (sub) errors.check(sub.length <= 255, 'input.oidcSubject', 'The subject has more than 255 characters.');
  return iss && sub ? { issuer: iss, subject: sub } : null;
}

async function assertEmailFree(em: EntityManager, email: string, exceptAccountId: number | null, field: string) {
  const [taken] = await em.execute<Array<{ id: number }>>('select id from account where lower(email) = lower(?) and id <> ? limit 1', [
    email,
    exceptAccountId ?? 0,
  ]);
  if (taken) throw conflict(`Another account already uses the email address "${email}".`, 'EMAIL_TAKEN', field);
}

/** Flushes, turning a unique violation (a concurrent insert won the race) into the CONFLICT the checks give. */
async function flushAccount(em: EntityManager, emailField: string): Promise<void> {
  try {
    await em.flush();
  } catch (error) {
    if (error instanceof UniqueConstraintViolationException) {
      if (/account_email_key/.test(error.message)) throw conflict('Another account already uses this email address.', 'EMAIL_TAKEN', emailField);
      throw conflict('Another account already signs in with this identity.', 'OIDC_IDENTITY_TAKEN', 'input.oidcSubject');
    }
    throw error;
  }
}

export const accountUnitId = (account: Account): number => account.memberUnit.id;

// ---- changes ------------------------------------------------------------------------------

export interface AccountDraft {
  unitId: number;
  displayName: string;
  email?: string | null;
  role: AccountRole;
  kind?: AccountKind | null;
  oidcIssuer?: string | null;
  oidcSubject?: string | null;
}

/** Creates an account in a unit: hub admins in any unit, unit ADMINs in their own. */
export async function createAccount(em: EntityManager, actor: Actor, draft: AccountDraft, audit?: MutationAudit): Promise<Account> {
  if (audit) audit.subject = { type: 'Account', id: null, ownerUnitId: draft.unitId };
  guardUnitAdmin(actor, draft.unitId);
  const errors = new InputErrors();
  const displayName = checkName(errors, draft.displayName, 'input.displayName', 'a display name');
  const email = checkEmail(errors, draft.email, 'input.email');
  const oidc = checkOidcLink(errors, draft.oidcIssuer, draft.oidcSubject);
  errors.throwIfAny();

  const unit = await em.findOne(MemberUnit, draft.unitId);
  if (!unit) throw notFound('No member unit has this ID.', 'UNIT_NOT_FOUND', 'input.unit');
  if (email) await assertEmailFree(em, email, null, 'input.email');
  if (oidc) {
    const [linked] = await em.execute('select id from account where oidc_issuer = ? and oidc_subject = ?', [oidc.issuer, oidc.subject]);
    if (linked) throw conflict('Another account already signs in with this identity.', 'OIDC_IDENTITY_TAKEN', 'input.oidcSubject');
  }

  const account = Object.assign(new Account(), {
    memberUnit: ref(unit),
    displayName,
    email,
    role: draft.role,
    kind: draft.kind ?? AccountKind.PERSON,
    oidcIssuer: oidc?.issuer ?? null,
    oidcSubject: oidc?.subject ?? null,
  });
  em.persist(account);
  await flushAccount(em, 'input.email');
  if (audit) {
    audit.subject = { type: 'Account', id: account.id, ownerUnitId: unit.id };
    audit.detail = { ...audit.detail, role: account.role, kind: account.kind, oidcLinked: !!oidc };
  }
  return account;
}

export interface AccountChanges {
  displayName?: string | null;
  email?: string | null;
  role?: AccountRole | null;
  disabled?: boolean | null;
}

/**
 * Changes an account: hub admins any, unit ADMINs their own unit's. Disabling stops every token
 * of the account at once (authentication checks the account on each request); enabling it again
 * revives the tokens that are neither revoked nor expired.
 */
export async function updateAccount(
  em: EntityManager,
  actor: Actor,
  accountId: number,
  changes: AccountChanges,
  audit?: MutationAudit,
): Promise<Account> {
  guardWriter(actor);
  const account = await em.findOne(Account, accountId, { lockMode: LockMode.PESSIMISTIC_WRITE });
  if (!account) throw notFound('No account has this ID.', 'ACCOUNT_NOT_FOUND', 'input.id');
  const unitId = accountUnitId(account);
  if (audit) audit.subject = { type: 'Account', id: account.id, ownerUnitId: unitId };
  guardUnitAdmin(actor, unitId);

  const errors = new InputErrors();
  errors.check(changes.displayName !== null, 'input.displayName', 'An account always has a display name; leave the field out to keep it.');
  errors.check(changes.role !== null, 'input.role', 'An account always has a role; leave the field out to keep it.');
  errors.check(changes.disabled !== null, 'input.disabled', 'Pass true to disable the account or false to enable it; leave the field out to keep it.');
  const displayName = changes.displayName != null ? checkName(errors, changes.displayName, 'input.displayName', 'a display name') : undefined;
  const email = changes.email !== undefined ? checkEmail(errors, changes.email, 'input.email') : undefined;
  errors.throwIfAny();

  // Nobody locks themselves out: another admin has to disable or demote you.
  const self = actor.kind === 'member' && actor.accountId === account.id;
  if (self && (changes.disabled === true || (changes.role != null && changes.role !== account.role))) {
    throw forbidden('You cannot disable your own account or change your own role; ask another admin.', 'OWN_ACCOUNT');
  }

  const changed: string[] = [];
  if (displayName !== undefined && displayName !== account.displayName) {
    account.displayName = displayName;
    changed.push('displayName');
  }
  if (email !== undefined && email !== (account.email ?? null)) {
    if (email) await assertEmailFree(em, email, account.id, 'input.email');
    account.email = email;
    changed.push('email');
  }
  if (changes.role != null && changes.role !== account.role) {
    account.role = changes.role;
    changed.push('role');
  }
  if (changes.disabled != null && changes.disabled !== (account.disabledAt != null)) {
    account.disabledAt = changes.disabled ? new Date() : null;
    changed.push(changes.disabled ? 'disabled' : 'enabled');
  }
  await flushAccount(em, 'input.email');
  if (audit) audit.detail = { ...audit.detail, changed };
  return account;
}

/**
 * Creates the first hub admin (an ADMIN of a hub-operator unit). Refuses when an enabled hub
 * admin exists, unless `another` is set: bootstrapping is for an empty hub.
 */
export async function bootstrapHubAdmin(
  em: EntityManager,
  draft: { unitCode: string; displayName: string; email?: string | null; another?: boolean },
  audit?: MutationAudit,
): Promise<Account> {
  // Two bootstraps at once must not both find "no hub admin yet".
  await em.execute('select pg_advisory_xact_lock(7261126)');
  const [unit] = await em.execute<Array<{ id: number; hub_operator: boolean }>>('select id, hub_operator from member_unit where code = ?', [
    draft.unitCode,
  ]);
  if (!unit) throw notFound(`No member unit has the code "${draft.unitCode}".`, 'UNIT_NOT_FOUND', 'unit');
  if (!unit.hub_operator) {
    const operators = await em.execute<Array<{ code: string }>>('select code from member_unit where hub_operator order by code');
    throw badInput(
      `"${draft.unitCode}" is not a hub-operator unit, so its admins are not hub admins. Use one of: ${operators.map((o) => o.code).join(', ') || '(none)'}.`,
      'unit',
      'NOT_HUB_OPERATOR',
    );
  }
  if (!draft.another) {
    const existing = await em.execute<Array<{ display_name: string; code: string }>>(
      `select a.display_name, u.code from account a join member_unit u on u.id = a.member_unit_id
       where u.hub_operator and a.role = 'ADMIN' and a.disabled_at is null order by a.id limit 3`,
    );
    if (existing.length) {
      throw conflict(
        `The hub already has a hub admin (${existing.map((row) => `${row.display_name}, ${row.code}`).join('; ')}). ` +
          'Ask them for an account, or pass --another to add one more.',
        'HUB_ADMIN_EXISTS',
      );
    }
  }
  return createAccount(em, OPERATOR, { unitId: unit.id, displayName: draft.displayName, email: draft.email, role: AccountRole.ADMIN }, audit);
}

// ---- reading ------------------------------------------------------------------------------

/**
 * Finds an account by what a person at the command line types: its number, its global ID or
 * its email address.
 */
export async function findAccountByReference(em: EntityManager, reference: string): Promise<Account | null> {
  const text = reference.trim();
  if (/^[1-9][0-9]{0,9}$/.test(text)) return em.findOne(Account, Number(text));
  const decoded = decodeGlobalId(text);
  if (decoded?.type === 'Account' && /^[1-9][0-9]{0,9}$/.test(decoded.key)) return em.findOne(Account, Number(decoded.key));
  if (text.includes('@')) {
    const [row] = await em.execute<Array<{ id: number }>>('select id from account where lower(email) = lower(?)', [text]);
    return row ? em.findOne(Account, row.id) : null;
  }
  return null;
}

export interface AccountCriteria {
  unitId?: number | null;
  role?: AccountRole | null;
  kind?: AccountKind | null;
  search?: string | null;
}

/**
 * Accounts by display name. Members list their own unit's accounts; hub admins any unit's (all
 * of them without a unit filter). Searching matches names, and emails where the caller sees them.
 */
export function listAccounts(
  em: EntityManager,
  viewer: MemberViewer,
  criteria: AccountCriteria,
  args: ConnectionArgs,
  selection?: FieldSelection,
): Promise<Page<Account>> {
  if (!viewer.hubAdmin && criteria.unitId != null && criteria.unitId !== viewer.unitId) {
    throw forbidden("You can list your own unit's accounts only; ask a hub admin about other units.", 'OTHER_UNIT');
  }
  const { query, map } = accountRows.listQuery(em, 'a', selection);
  const unitId = viewer.hubAdmin ? criteria.unitId : viewer.unitId;
  if (unitId != null) {
    query.where.push('a.member_unit_id = ?');
    query.params.push(unitId);
  }
  if (criteria.role) {
    query.where.push('a.role = ?');
    query.params.push(criteria.role);
  }
  if (criteria.kind) {
    query.where.push('a.kind = ?');
    query.params.push(criteria.kind);
  }
  const search = searchArgument(criteria.search, 'filter.search');
  if (search) {
    query.where.push(`(a.display_name ilike '%' || hub_like_escape(?) || '%' or a.email ilike '%' || hub_like_escape(?) || '%')`);
    query.params.push(search, search);
  }
  return keysetPage(em, query, { expr: 'a.display_name', type: 'text', direction: 'asc' }, args, map);
}
