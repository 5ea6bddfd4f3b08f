import type { GraphQLResolveInfo } from 'graphql';
import { Arg, Args, Ctx, FieldResolver, ID, Info, Mutation, Query, Resolver, Root } from 'type-graphql';
import { forbidden, requireMember } from '../../auth/viewer';
import type { HubContext } from '../../context';
import { Connection, ConnectionArgs, type Page } from '../../shared/connection';
import { direct } from '../../shared/direct-resolvers';
import { toGlobalId } from '../../shared/global-id';
import { refKey, resolveRef } from '../../shared/rows';
import { connectionNodeSelection } from '../../shared/selection';
import { Account } from '../accounts/account.entity';
import { accountForViewer } from '../accounts/account.visibility';
import { audited } from '../audit/audit.service';
import { MemberUnit } from '../member-units/member-unit.entity';
import { registerNodeType } from '../node';
import type { SharingTier } from '../resources/resource.enums';
import { SharedResource } from '../resources/shared-resource.entity';
import { AccessGrant } from './access-grant.entity';
import { AccessRequest } from './access-request.entity';
import { AccessRequestStatus } from './access.enums';
import {
  AccessGrantFilter,
  AccessRequestFilter,
  AccessRequestOrder,
  ApproveAccessRequestInput,
  CancelAccessRequestInput,
  GrantAccessInput,
  RefuseAccessRequestInput,
  RequestAccessInput,
  RevokeAccessGrantInput,
} from './access.inputs';
import { listAccessGrants, listAccessRequests, listResourceGrants, listResourceRequests } from './access.lists';
import * as service from './access.service';
import {
  ApproveAccessRequestPayload,
  CancelAccessRequestPayload,
  GrantAccessPayload,
  RefuseAccessRequestPayload,
  RequestAccessPayload,
  ResourceAccess,
  RevokeAccessGrantPayload,
} from './access.types';
import { speaksForOwner } from './access.visibility';
import { accessFromFacts, settledAccess } from './resource-access';
import { isPastDue } from './working-days';

export const AccessRequestConnection = Connection(AccessRequest);
export const AccessGrantConnection = Connection(AccessGrant);

registerNodeType('AccessRequest', ({ loaders }, key) => loaders.access.visibleRequestsById.load(key));
registerNodeType('AccessGrant', ({ loaders }, key) => loaders.access.visibleGrantsById.load(key));

const account = (ref: unknown, context: HubContext) => {
  const id = refKey<number>(ref);
  return id == null ? null : accountForViewer(context, id);
};
const resource = (ref: unknown, { loaders }: HubContext) =>
  resolveRef(ref, SharedResource, (id: number) => loaders.resourcesById.load(id));
const unit = (ref: unknown, { loaders }: HubContext) => resolveRef(ref, MemberUnit, (id: number) => loaders.memberUnitsById.load(id));

const R = 'AccessRequest';
const requestId = direct<AccessRequest>(R, 'id', (request) => toGlobalId(R, request.id));
const requestResource = direct<AccessRequest>(R, 'resource', (request, _args, context) => resource(request.resource, context));
const requestUnit = direct<AccessRequest>(R, 'requesterUnit', (request, _args, context) => unit(request.requesterUnit, context));
const requestAccount = direct<AccessRequest>(R, 'requesterAccount', (request, _args, context) => account(request.requesterAccount, context));
const requestDecidedBy = direct<AccessRequest>(R, 'decidedBy', (request, _args, context) => account(request.decidedBy, context));
const requestGrant = direct<AccessRequest>(R, 'grant', (request, _args, { loaders }) =>
  request.status === AccessRequestStatus.APPROVED ? loaders.access.grantsByRequestId.load(request.id) : null,
);
/** Shown to the owner unit and hub admins, who answer; the requesting unit sees dueOn. */
const requestOverdue = direct<AccessRequest>(R, 'overdue', (request, _args, { viewer, loaders }) => {
  if (viewer.kind !== 'member') return null;
  const overdue = request.status === AccessRequestStatus.PENDING && isPastDue(request.dueOn);
  if (viewer.hubAdmin) return overdue;
  // A unit cannot apply for its own resource: the requester is never the owner.
  if (refKey(request.requesterUnit) === viewer.unitId) return null;
  return loaders.access.resourceOwnersById.load(refKey<number>(request.resource)!).then((owner) => (owner === viewer.unitId ? overdue : null));
});

const G = 'AccessGrant';
const grantId = direct<AccessGrant>(G, 'id', (grant) => toGlobalId(G, grant.id));
const grantResource = direct<AccessGrant>(G, 'resource', (grant, _args, context) => resource(grant.resource, context));
const grantUnit = direct<AccessGrant>(G, 'granteeUnit', (grant, _args, context) => unit(grant.granteeUnit, context));
const grantRequest = direct<AccessGrant>(G, 'request', (grant, _args, { loaders }) => {
  const id = refKey<number>(grant.request);
  return id == null ? null : loaders.access.visibleRequestsById.load(id);
});
const grantGrantedBy = direct<AccessGrant>(G, 'grantedBy', (grant, _args, context) => account(grant.grantedBy, context));
const grantRevokedBy = direct<AccessGrant>(G, 'revokedBy', (grant, _args, context) => account(grant.revokedBy, context));
const grantActive = direct<AccessGrant>(G, 'active', (grant) =>
  grant.revokedAt == null && (grant.expiresAt == null || new Date(grant.expiresAt).getTime() > Date.now()),
);

/** Payloads are read after the mutation's transaction commits, fresh (not from this operation's cache). */
function freshRequest({ loaders }: HubContext, id: number) {
  loaders.accessRequestsById.clear(id);
  return loaders.accessRequestsById.load(id) as Promise<AccessRequest>;
}
function freshGrant({ loaders }: HubContext, id: number) {
  loaders.accessGrantsById.clear(id);
  return loaders.accessGrantsById.load(id) as Promise<AccessGrant>;
}

@Resolver(() => AccessRequest)
export class AccessRequestResolver {
  @Query(() => AccessRequestConnection, {
    description:
      "Access requests your unit is party to: by default INCOMING, the requests for your unit's resources that it has to answer (overdue ones flagged); OUTGOING, your unit's own applications; ALL, every request (hub admins). Newest first unless ordered otherwise.",
  })
  accessRequests(
    @Ctx() { em, viewer }: HubContext,
    @Info() info: GraphQLResolveInfo,
    @Args(() => ConnectionArgs) args: ConnectionArgs,
    @Arg('filter', () => AccessRequestFilter, { nullable: true }) filter?: AccessRequestFilter,
    @Arg('orderBy', () => AccessRequestOrder, { nullable: true }) orderBy?: AccessRequestOrder,
  ): Promise<Page<AccessRequest>> {
    return listAccessRequests(em, viewer, filter ?? new AccessRequestFilter(), orderBy, args, connectionNodeSelection(info));
  }

  @Mutation(() => RequestAccessPayload, {
    description:
      "Applies for access to another unit's PUBLISHED CONDITIONAL resource, stating the purpose. The owner should answer within the configured number of Chinese working days (ACCESS_REQUEST_DUE_WORKING_DAYS, 5 by default). EDITORs and ADMINs; CONFLICT when the content is readable already (ALREADY_READABLE, OWN_RESOURCE, ALREADY_GRANTED) or a request is pending (REQUEST_PENDING).",
  })
  async requestAccess(@Ctx() context: HubContext, @Arg('input', () => RequestAccessInput) input: RequestAccessInput): Promise<RequestAccessPayload> {
    const rules = { dueWorkingDays: context.config.accessRequestDueWorkingDays };
    const result = await audited(context, 'requestAccess', null, (em, audit) => service.requestAccess(em, context.viewer, input, audit, rules));
    context.loaders.resourcesById.clear(result.resourceId);
    context.loaders.access.accessFactsByResourceId.clear(result.resourceId);
    return {
      request: await freshRequest(context, result.requestId),
      resource: await context.loaders.resourcesById.load(result.resourceId),
    };
  }

  @Mutation(() => ApproveAccessRequestPayload, {
    description:
      "Approves a PENDING request: the requesting unit may read the content at once, until expiresAt (if given) or until the grant is revoked. EDITORs and ADMINs of the owner unit, and hub admins; CONFLICT (REQUEST_NOT_PENDING) once the request is decided.",
  })
  async approveAccessRequest(
    @Ctx() context: HubContext,
    @Arg('input', () => ApproveAccessRequestInput) input: ApproveAccessRequestInput,
  ): Promise<ApproveAccessRequestPayload> {
    const result = await audited(context, 'approveAccessRequest', null, (em, audit) => service.approveAccessRequest(em, context.viewer, input, audit));
    return { request: await freshRequest(context, result.requestId), grant: await freshGrant(context, result.grantId) };
  }

  @Mutation(() => RefuseAccessRequestPayload, {
    description:
      'Refuses a PENDING request; the reason is required and shown to the requesting unit, which may apply again. EDITORs and ADMINs of the owner unit, and hub admins.',
  })
  async refuseAccessRequest(
    @Ctx() context: HubContext,
    @Arg('input', () => RefuseAccessRequestInput) input: RefuseAccessRequestInput,
  ): Promise<RefuseAccessRequestPayload> {
    const result = await audited(context, 'refuseAccessRequest', null, (em, audit) => service.refuseAccessRequest(em, context.viewer, input, audit));
    return { request: await freshRequest(context, result.requestId) };
  }

  @Mutation(() => CancelAccessRequestPayload, { description: "Withdraws your unit's PENDING request. EDITORs and ADMINs of the requesting unit." })
  async cancelAccessRequest(
    @Ctx() context: HubContext,
    @Arg('input', () => CancelAccessRequestInput) input: CancelAccessRequestInput,
  ): Promise<CancelAccessRequestPayload> {
    const result = await audited(context, 'cancelAccessRequest', null, (em, audit) => service.cancelAccessRequest(em, context.viewer, input, audit));
    return { request: await freshRequest(context, result.requestId) };
  }

  @FieldResolver(() => ID)
  id(@Root() request: AccessRequest, @Ctx() context: HubContext) {
    return requestId(request, {}, context);
  }

  @FieldResolver(() => SharedResource, {
    nullable: true,
    description: 'The resource applied for, as the caller may see it (the catalogue entry for the requesting unit); null once it is withdrawn or no longer shared.',
  })
  resource(@Root() request: AccessRequest, @Ctx() context: HubContext) {
    return requestResource(request, {}, context);
  }

  @FieldResolver(() => MemberUnit, { description: 'The unit that applied.' })
  requesterUnit(@Root() request: AccessRequest, @Ctx() context: HubContext) {
    return requestUnit(request, {}, context);
  }

  @FieldResolver(() => Account, { nullable: true, description: 'Who applied.' })
  requesterAccount(@Root() request: AccessRequest, @Ctx() context: HubContext) {
    return requestAccount(request, {}, context);
  }

  @FieldResolver(() => Boolean, {
    nullable: true,
    description:
      'PENDING and past its due day in China. Shown to the owner unit and hub admins, who have to answer; null for the requesting unit (which sees dueOn).',
  })
  overdue(@Root() request: AccessRequest, @Ctx() context: HubContext) {
    return requestOverdue(request, {}, context);
  }

  @FieldResolver(() => Account, { nullable: true, description: 'Who approved, refused or cancelled the request.' })
  decidedBy(@Root() request: AccessRequest, @Ctx() context: HubContext) {
    return requestDecidedBy(request, {}, context);
  }

  @FieldResolver(() => AccessGrant, { nullable: true, description: 'The grant an approval created.' })
  grant(@Root() request: AccessRequest, @Ctx() context: HubContext) {
    return requestGrant(request, {}, context);
  }
}

@Resolver(() => AccessGrant)
export class AccessGrantResolver {
  @Query(() => AccessGrantConnection, {
    description:
      "Access grants your unit is party to: by default INCOMING, the grants on your unit's resources; OUTGOING, the grants your unit holds; ALL, every grant (hub admins). Newest first.",
  })
  accessGrants(
    @Ctx() { em, viewer }: HubContext,
    @Info() info: GraphQLResolveInfo,
    @Args(() => ConnectionArgs) args: ConnectionArgs,
    @Arg('filter', () => AccessGrantFilter, { nullable: true }) filter?: AccessGrantFilter,
  ): Promise<Page<AccessGrant>> {
    return listAccessGrants(em, viewer, filter ?? new AccessGrantFilter(), args, connectionNodeSelection(info));
  }

  @Mutation(() => GrantAccessPayload, {
    description:
      "Lets a unit read a CONDITIONAL resource at once, without waiting for it to apply (a pending request of that unit is approved by it). EDITORs and ADMINs of the owner unit, and hub admins; CONFLICT when the unit already holds a grant (ALREADY_GRANTED) or reads the resource anyway (ALREADY_READABLE).",
  })
  async grantAccess(@Ctx() context: HubContext, @Arg('input', () => GrantAccessInput) input: GrantAccessInput): Promise<GrantAccessPayload> {
    const result = await audited(context, 'grantAccess', null, (em, audit) => service.grantAccess(em, context.viewer, input, audit));
    return {
      grant: await freshGrant(context, result.grantId),
      request: result.requestId == null ? null : await freshRequest(context, result.requestId),
    };
  }

  @Mutation(() => RevokeAccessGrantPayload, {
    description:
      'Ends a grant at once: from the next request on, the grantee unit no longer reads the content. EDITORs and ADMINs of the owner unit, and hub admins; CONFLICT (GRANT_NOT_ACTIVE) when it is already revoked or expired.',
  })
  async revokeAccessGrant(
    @Ctx() context: HubContext,
    @Arg('input', () => RevokeAccessGrantInput) input: RevokeAccessGrantInput,
  ): Promise<RevokeAccessGrantPayload> {
    const result = await audited(context, 'revokeAccessGrant', null, (em, audit) => service.revokeAccessGrant(em, context.viewer, input, audit));
    return { grant: await freshGrant(context, result.grantId) };
  }

  @FieldResolver(() => ID)
  id(@Root() grant: AccessGrant, @Ctx() context: HubContext) {
    return grantId(grant, {}, context);
  }

  @FieldResolver(() => SharedResource, { nullable: true, description: 'The resource, as the caller may see it; null once it is withdrawn or no longer shared.' })
  resource(@Root() grant: AccessGrant, @Ctx() context: HubContext) {
    return grantResource(grant, {}, context);
  }

  @FieldResolver(() => MemberUnit, { description: 'The unit that may read the content.' })
  granteeUnit(@Root() grant: AccessGrant, @Ctx() context: HubContext) {
    return grantUnit(grant, {}, context);
  }

  @FieldResolver(() => AccessRequest, { nullable: true, description: 'The request the grant answered; null for a grant given without one.' })
  request(@Root() grant: AccessGrant, @Ctx() context: HubContext) {
    return grantRequest(grant, {}, context);
  }

  @FieldResolver(() => Account, { nullable: true })
  grantedBy(@Root() grant: AccessGrant, @Ctx() context: HubContext) {
    return grantGrantedBy(grant, {}, context);
  }

  @FieldResolver(() => Account, { nullable: true })
  revokedBy(@Root() grant: AccessGrant, @Ctx() context: HubContext) {
    return grantRevokedBy(grant, {}, context);
  }

  @FieldResolver(() => Boolean, { description: 'In force now: neither revoked nor expired.' })
  active(@Root() grant: AccessGrant, @Ctx() context: HubContext) {
    return grantActive(grant, {}, context);
  }
}

@Resolver(() => ResourceAccess)
export class ResourceAccessResolver {
  @FieldResolver(() => AccessRequest, {
    nullable: true,
    description: "Your unit's request behind the state: the pending one, the refused one, or the one a grant answered.",
  })
  request(@Root() access: ResourceAccess, @Ctx() { loaders }: HubContext) {
    return access.requestId == null ? null : loaders.accessRequestsById.load(access.requestId);
  }

  @FieldResolver(() => AccessGrant, { nullable: true, description: "Your unit's grant: the one in force, or the one that expired or was revoked." })
  grant(@Root() access: ResourceAccess, @Ctx() { loaders }: HubContext) {
    return access.grantId == null ? null : loaders.accessGrantsById.load(access.grantId);
  }
}

const RESOURCE_PARTIES_ONLY = 'Only the owner unit and hub admins see who applied for a resource and who holds grants.';

/** The owner of a resource (from its row when the list read it, else one batched statement) must be the caller's unit, or the caller a hub admin. */
async function requireResourceManager(resource: SharedResource, { viewer, loaders }: HubContext): Promise<void> {
  const member = requireMember(viewer);
  if (member.hubAdmin) return;
  const owner = refKey<number>(resource.ownerUnit) ?? (await loaders.access.resourceOwnersById.load(resource.id));
  if (owner == null || !speaksForOwner(member, owner)) throw forbidden(RESOURCE_PARTIES_ONLY, 'OWNER_ONLY');
}

/** SharedResource fields of this module: the caller's access, and the owner's view of requests and grants. */
@Resolver(() => SharedResource)
export class SharedResourceAccessResolver {
  @FieldResolver(() => ResourceAccess, {
    description: "Whether the caller may read the content, why, and how to apply when it may not. One statement for all the resources of a page.",
  })
  access(@Root() resource: SharedResource, @Ctx() { viewer, loaders, config }: HubContext): ResourceAccess | Promise<ResourceAccess> {
    const owner = refKey<number>(resource.ownerUnit);
    const settled = resource.tier && owner != null ? settledAccess(viewer, resource.tier as SharingTier, owner) : null;
    if (settled) return settled;
    return loaders.access.accessFactsByResourceId.load(resource.id).then((facts) => {
      // The resource was visible a moment ago; a concurrent deletion is not possible (no deletes).
      if (!facts) throw new Error(`resource ${resource.id} vanished while its access was read`);
      return accessFromFacts(viewer, facts, new Date(), config.accessRequestDueWorkingDays);
    });
  }

  @FieldResolver(() => AccessRequestConnection, {
    nullable: true,
    description: 'Requests for this resource, newest first. The owner unit and hub admins only: FORBIDDEN (and null) for others.',
  })
  async accessRequests(
    @Root() resource: SharedResource,
    @Ctx() context: HubContext,
    @Info() info: GraphQLResolveInfo,
    @Args(() => ConnectionArgs) args: ConnectionArgs,
    @Arg('status', () => [AccessRequestStatus], { nullable: true, description: 'Any of these statuses.' }) status?: AccessRequestStatus[],
  ): Promise<Page<AccessRequest>> {
    await requireResourceManager(resource, context);
    return listResourceRequests(context.em, context.loaders.childPages, resource.id, status, args, connectionNodeSelection(info));
  }

  @FieldResolver(() => AccessGrantConnection, {
    nullable: true,
    description: 'Grants on this resource, newest first. The owner unit and hub admins only: FORBIDDEN (and null) for others.',
  })
  async grants(
    @Root() resource: SharedResource,
    @Ctx() context: HubContext,
    @Info() info: GraphQLResolveInfo,
    @Args(() => ConnectionArgs) args: ConnectionArgs,
    @Arg('active', () => Boolean, { nullable: true, description: 'true: in force now; false: revoked or expired.' }) active?: boolean,
  ): Promise<Page<AccessGrant>> {
    await requireResourceManager(resource, context);
    return listResourceGrants(context.em, context.loaders.childPages, resource.id, active, args, connectionNodeSelection(info));
  }
}
