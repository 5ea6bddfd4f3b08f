import { AppError, ErrorCode } from '../errors';
import { AccountRole } from '../modules/accounts/account.enums';

/** A caller who presented no credentials: sees PUBLIC data only. */
export interface AnonymousViewer {
  kind: 'anonymous';
}

/** A caller signed in for a member unit, by hub token or OpenID Connect. */
export interface MemberViewer {
  kind: 'member';
  accountId: number;
  unitId: number;
  role: AccountRole;
  /** An ADMIN of the hub operator's units: sees and may change everything. */
  hubAdmin: boolean;
  /** A read-only token (or a service account's default): no mutations. */
  readOnly: boolean;
  service: boolean;
  /** The hub token used, if any (null for OpenID Connect). */
  tokenId: number | null;
  /** When the token stops being valid, if it expires (a socket is closed then). */
  expiresAt?: Date | null;
}

export type Viewer = AnonymousViewer | MemberViewer;

export const ANONYMOUS: AnonymousViewer = Object.freeze({ kind: 'anonymous' });

export const isMember = (viewer: Viewer): viewer is MemberViewer => viewer.kind === 'member';
export const isHubAdmin = (viewer: Viewer): boolean => viewer.kind === 'member' && viewer.hubAdmin;

/** The unit the caller acts for; null when anonymous. */
export const viewerUnitId = (viewer: Viewer): number | null => (viewer.kind === 'member' ? viewer.unitId : null);

export const unauthenticated = (message = 'Sign in: send "Authorization: Bearer <token>".', reason?: string) =>
  new AppError(ErrorCode.UNAUTHENTICATED, message, { reason });

export const forbidden = (message: string, reason?: string) => new AppError(ErrorCode.FORBIDDEN, message, { reason });

/** The caller must be signed in. */
export function requireMember(viewer: Viewer): MemberViewer {
  if (viewer.kind !== 'member') throw unauthenticated();
  return viewer;
}

/** The caller must be signed in with the right to change things (EDITOR or ADMIN, not a read-only token). */
export function requireWriter(viewer: Viewer): MemberViewer {
  const member = requireMember(viewer);
  if (member.readOnly) throw forbidden('This token is read-only; use a token without the read-only scope.', 'READ_ONLY_TOKEN');
  if (member.role === AccountRole.VIEWER) throw forbidden('Your account is a VIEWER; an EDITOR or ADMIN of your unit can do this.', 'ROLE_TOO_LOW');
  return member;
}

/** The caller must be a hub admin (an ADMIN of the hub operator), with a token that may write. */
export function requireHubAdmin(viewer: Viewer): MemberViewer {
  const member = requireWriter(viewer);
  if (!member.hubAdmin) throw forbidden('Only hub admins (admins of the provincial FAO) can do this.', 'HUB_ADMIN_ONLY');
  return member;
}

/** A hub admin, or an ADMIN of `unitId` (for managing that unit's accounts and tokens). */
export function requireUnitAdmin(viewer: Viewer, unitId: number): MemberViewer {
  const member = requireWriter(viewer);
  if (member.hubAdmin) return member;
  if (member.role !== AccountRole.ADMIN || member.unitId !== unitId) {
    throw forbidden("Only an ADMIN of this unit or a hub admin can manage the unit's accounts and tokens.", 'UNIT_ADMIN_ONLY');
  }
  return member;
}
