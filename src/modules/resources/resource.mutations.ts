import type { GraphQLResolveInfo } from 'graphql';
import { Arg, Args, Ctx, Field, FieldResolver, ID, Info, Mutation, ObjectType, Resolver, Root } from 'type-graphql';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { Viewer } from '../../auth/viewer';
import type { HubContext } from '../../context';
import { notFound } from '../../errors';
import { Connection, ConnectionArgs, type Page } from '../../shared/connection';
import { direct } from '../../shared/direct-resolvers';
import { toGlobalId } from '../../shared/global-id';
import { childPage } from '../../shared/pagination';
import { refKey, resolveRef } from '../../shared/rows';
import { connectionNodeSelection } from '../../shared/selection';
import { Account } from '../accounts/account.entity';
import { accountForViewer } from '../accounts/account.visibility';
import { audited, type MutationAudit } from '../audit';
import { MemberUnit } from '../member-units/member-unit.entity';
import { registerNodeType } from '../node';
import { ResourceRevision } from './resource-revision.entity';
import { resourceRevisionRows } from './resource-revision.rows';
import { contributeResource, publishResource, updateResource, withdrawResource } from './resource-write.service';
import { ContributeResourceInput, PublishResourceInput, UpdateResourceInput, WithdrawResourceInput } from './resource.inputs';
import { SharedResource } from './shared-resource.entity';
import { visibleResourcesLoader } from './resource.loaders';

export const ResourceRevisionConnection = Connection(ResourceRevision);

@ObjectType({ simpleResolvers: true })
export class ContributeResourcePayload {
  @Field(() => SharedResource) resource!: SharedResource;

  @Field(() => Boolean, {
    description: 'True when an earlier call with the same idempotencyKey made the resource and this one returned it without storing anything.',
  })
  replayed!: boolean;
}

@ObjectType({ simpleResolvers: true })
export class UpdateResourcePayload {
  @Field(() => SharedResource) resource!: SharedResource;
}

@ObjectType({ simpleResolvers: true })
export class PublishResourcePayload {
  @Field(() => SharedResource) resource!: SharedResource;
}

@ObjectType({ simpleResolvers: true })
export class WithdrawResourcePayload {
  @Field(() => SharedResource) resource!: SharedResource;
}

/**
 * The resource as the caller sees it once the change is made, read inside the mutation's
 * transaction: a read after the commit could fail (the pool exhausted, the database going away)
 * and report a failure for a change that was stored.
 */
async function readBack(em: EntityManager, viewer: Viewer, id: number): Promise<SharedResource> {
  const resource = await visibleResourcesLoader(em, viewer).load(id);
  // Whoever may change a resource may see it; this guards against a rule changing under us.
  if (!resource) throw notFound(`No shared resource has the ID "${toGlobalId('SharedResource', id)}".`, 'OBJECT_NOT_FOUND', 'input.id');
  return resource;
}

/** Runs an audited resource change and reads the resource back in its transaction. */
async function change<T extends { id: number } | number>(
  context: HubContext,
  action: string,
  work: (em: EntityManager, audit: MutationAudit) => Promise<T>,
): Promise<{ result: T; resource: SharedResource }> {
  return audited(context, action, null, async (em, audit) => {
    const result = await work(em, audit);
    return { result, resource: await readBack(em, context.viewer, typeof result === 'number' ? result : result.id) };
  });
}

@Resolver()
export class ResourceMutationResolver {
  @Mutation(() => ContributeResourcePayload, {
    description:
      "Contributes a resource for the caller's unit (hub admins: for any unit, with `owner`). EDITOR or ADMIN; it starts as a DRAFT unless `publish` is true.",
  })
  async contributeResource(
    @Ctx() context: HubContext,
    @Arg('input', () => ContributeResourceInput) input: ContributeResourceInput,
  ): Promise<ContributeResourcePayload> {
    const { result, resource } = await change(context, 'contributeResource', (em, audit) => contributeResource(em, context.viewer, input, audit));
    return { resource, replayed: result.replayed };
  }

  @Mutation(() => UpdateResourcePayload, {
    description:
      'Changes the fields given (an explicit null clears one) and raises the version by one; a change that changes nothing stores nothing. EDITOR or ADMIN of the owner unit, or a hub admin.',
  })
  async updateResource(
    @Ctx() context: HubContext,
    @Arg('input', () => UpdateResourceInput) input: UpdateResourceInput,
  ): Promise<UpdateResourcePayload> {
    const { resource } = await change(context, 'updateResource', (em, audit) => updateResource(em, context.viewer, input, audit));
    return { resource };
  }

  @Mutation(() => PublishResourcePayload, { description: 'Publishes a DRAFT or WITHDRAWN resource: it becomes visible according to its tier.' })
  async publishResource(
    @Ctx() context: HubContext,
    @Arg('input', () => PublishResourceInput) input: PublishResourceInput,
  ): Promise<PublishResourcePayload> {
    const { resource } = await change(context, 'publishResource', (em, audit) => publishResource(em, context.viewer, input, audit));
    return { resource };
  }

  @Mutation(() => WithdrawResourcePayload, {
    description: 'Withdraws a PUBLISHED resource, with a reason: afterwards only its unit and hub admins see it.',
  })
  async withdrawResource(
    @Ctx() context: HubContext,
    @Arg('input', () => WithdrawResourceInput) input: WithdrawResourceInput,
  ): Promise<WithdrawResourcePayload> {
    const { resource } = await change(context, 'withdrawResource', (em, audit) => withdrawResource(em, context.viewer, input, audit));
    return { resource };
  }
}

const revisionId = direct<ResourceRevision>('ResourceRevision', 'id', (revision) => toGlobalId('ResourceRevision', revision.id));
const revisionUnit = direct<ResourceRevision>('ResourceRevision', 'unit', (revision, _args, { loaders }) =>
  resolveRef(revision.unit, MemberUnit, (id: number) => loaders.memberUnitsById.load(id)),
);
const revisionAccount = direct<ResourceRevision>('ResourceRevision', 'account', (revision, _args, context) => {
  const id = refKey(revision.account);
  return id == null ? null : accountForViewer(context, id);
});

@Resolver(() => ResourceRevision)
export class ResourceRevisionResolver {
  @FieldResolver(() => ID)
  id(@Root() revision: ResourceRevision, @Ctx() context: HubContext) {
    return revisionId(revision, {}, context);
  }

  @FieldResolver(() => MemberUnit, { nullable: true, description: 'The unit the change was made for.' })
  unit(@Root() revision: ResourceRevision, @Ctx() context: HubContext) {
    return revisionUnit(revision, {}, context);
  }

  @FieldResolver(() => Account, { nullable: true, description: 'Who made the change; null for anonymous callers.' })
  account(@Root() revision: ResourceRevision, @Ctx() context: HubContext) {
    return revisionAccount(revision, {}, context);
  }
}

@Resolver(() => SharedResource)
export class SharedResourceRevisionsResolver {
  @FieldResolver(() => ResourceRevisionConnection, { description: 'Every change of the resource, oldest first.' })
  revisions(
    @Root() resource: SharedResource,
    @Ctx() { em, loaders }: HubContext,
    @Info() info: GraphQLResolveInfo,
    @Args(() => ConnectionArgs) args: ConnectionArgs,
  ): Promise<Page<ResourceRevision>> {
    // The parent was read through the visibility rules; its revisions show no content values.
    const { query, map } = resourceRevisionRows.listQuery(em, 'v', connectionNodeSelection(info));
    const sort = { expr: 'v.id', type: 'int', direction: 'asc' } as const;
    return childPage(loaders.childPages, em, { ...query, parentColumn: 'v.resource_id' }, resource.id, sort, args, map);
  }
}

// A revision is visible exactly when its resource is.
registerNodeType('ResourceRevision', async (context, key) => {
  const revision = await context.loaders.resourceRevisionsById.load(key);
  if (!revision) return null;
  const resource = await context.loaders.resourcesById.load(refKey(revision.resource)!);
  return resource ? revision : null;
});
