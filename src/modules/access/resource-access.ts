import type { Viewer } from '../../auth/viewer';
import { AccountRole } from '../accounts/account.enums';
import { SharingTier } from '../resources/resource.enums';
import type { AccessFacts } from './access.loaders';
import { PURPOSE_MAX_LENGTH, PURPOSE_MIN_LENGTH } from './access.limits';
import { ResourceAccess, ResourceAccessState } from './access.types';
import { accessRequestDueOn } from './working-days';

function access(state: ResourceAccessState, contentReadable: boolean, extra: Partial<ResourceAccess> = {}): ResourceAccess {
  return Object.assign(new ResourceAccess(), {
    state,
    contentReadable,
    howToApply: null,
    dueOn: null,
    requestId: null,
    grantId: null,
    ...extra,
  });
}

/**
 * The state when the tier and the owner settle it, without looking at requests and grants; null
 * for a CONDITIONAL resource of another unit seen by a member who is not a hub admin.
 */
export function settledAccess(viewer: Viewer, tier: SharingTier, ownerUnitId: number): ResourceAccess | null {
  // Anonymous callers see PUBLIC resources only.
  if (viewer.kind === 'anonymous') return access(ResourceAccessState.OPEN, tier === SharingTier.PUBLIC);
  if (viewer.unitId === ownerUnitId) return access(ResourceAccessState.OWNER, true);
  if (tier === SharingTier.PUBLIC || tier === SharingTier.UNCONDITIONAL) return access(ResourceAccessState.OPEN, true);
  if (viewer.hubAdmin) return access(ResourceAccessState.HUB_ADMIN, true);
  return null;
}

const STATE_PREFIX: Partial<Record<ResourceAccessState, string>> = {
  [ResourceAccessState.REFUSED]: "The owner refused your unit's last request (its reason is in `request.refusalReason`). ",
  [ResourceAccessState.EXPIRED]: "Your unit's grant has expired. ",
  [ResourceAccessState.REVOKED]: "The owner revoked your unit's grant (see `grant.revocationReason`). ",
};

function howToApply(viewer: Viewer, facts: AccessFacts, state: ResourceAccessState, dueOn: string, workingDays: number): string {
  const before = STATE_PREFIX[state] ?? '';
  const canWrite = viewer.kind === 'member' && !viewer.readOnly && viewer.role !== AccountRole.VIEWER;
  const who = canWrite ? 'Apply' : 'Ask an EDITOR or ADMIN of your unit to apply';
  return (
    `${before}${who} with the \`requestAccess\` mutation, giving this resource's ID and the purpose ` +
    `(${PURPOSE_MIN_LENGTH} to ${PURPOSE_MAX_LENGTH.toLocaleString('en')} characters). ` +
    `${facts.ownerName} should answer within ${workingDays} working days, by ${dueOn}.`
  );
}

/**
 * The state from the caller's unit's requests and grants: a grant in force, else a pending
 * request, else whichever ended last (a refusal, an expiry, a revocation); cancelled requests
 * leave no trace.
 */
export function accessFromFacts(viewer: Viewer, facts: AccessFacts, now: Date, workingDays: number): ResourceAccess {
  const settled = settledAccess(viewer, facts.tier, facts.ownerUnitId);
  if (settled) return settled;
  // Only reached for NOT_SHARED through a path that showed it by mistake: nothing to apply for.
  if (facts.tier !== SharingTier.CONDITIONAL) return access(ResourceAccessState.NOT_REQUESTED, facts.contentReadable);
  if (facts.activeGrant) {
    return access(ResourceAccessState.GRANTED, facts.contentReadable, {
      grantId: facts.activeGrant.id,
      requestId: facts.activeGrant.requestId,
    });
  }
  if (facts.pending) {
    return access(ResourceAccessState.PENDING, facts.contentReadable, { requestId: facts.pending.id, dueOn: facts.pending.dueOn });
  }
  const dueOn = accessRequestDueOn(now, workingDays);
  const { endedGrant, refused } = facts;
  let state = ResourceAccessState.NOT_REQUESTED;
  let extra: Partial<ResourceAccess> = {};
  if (endedGrant && (!refused || endedGrant.endedAt >= refused.decidedAt)) {
    state = endedGrant.expired ? ResourceAccessState.EXPIRED : ResourceAccessState.REVOKED;
    extra = { grantId: endedGrant.id };
  } else if (refused) {
    state = ResourceAccessState.REFUSED;
    extra = { requestId: refused.id };
  }
  return access(state, facts.contentReadable, { ...extra, dueOn, howToApply: howToApply(viewer, facts, state, dueOn, workingDays) });
}
