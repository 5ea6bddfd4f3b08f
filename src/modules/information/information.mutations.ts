import { Arg, Ctx, Field, ID, Int, Mutation, ObjectType, Resolver } from 'type-graphql';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { HubContext } from '../../context';
import { notFound } from '../../errors';
import { toGlobalId } from '../../shared/global-id';
import { audited, type MutationAudit } from '../audit';
import { InformationItem } from './information-item.entity';
import { CreateInformationItemInput, UpdateInformationItemInput } from './information.inputs';
import { visibleInformationItemsLoader } from './information.loaders';
import { archiveInformationItem, createInformationItem, publishInformationItem, updateInformationItem } from './information.service';

@ObjectType({ simpleResolvers: true })
export class InformationItemPayload {
  @Field(() => InformationItem) item!: InformationItem;
}

/**
 * Runs an audited change (its audit entry and its activity commit with it) and reads the item
 * back as the caller sees it, inside the transaction: a read after the commit could fail and
 * report a failure for a change that was stored.
 */
async function change(context: HubContext, action: string, work: (em: EntityManager, audit: MutationAudit) => Promise<number>) {
  return audited(context, action, null, async (em, audit) => {
    const id = await work(em, audit);
    const item = await visibleInformationItemsLoader(em, context.viewer).load(id);
    if (!item) throw notFound(`No information item has the ID "${toGlobalId('InformationItem', id)}".`, 'OBJECT_NOT_FOUND', 'id');
    return { item };
  });
}

const VERSION_NOTE = 'The version the change is based on; another one is CONFLICT (STALE_VERSION). Left out: no check.';

@Resolver()
export class InformationMutationResolver {
  @Mutation(() => InformationItemPayload, {
    description:
      "Creates a DRAFT information item for the caller's unit (hub admins: for any unit, with `publisher`). EDITOR or ADMIN; only the unit and hub admins see it until it is published.",
  })
  createInformationItem(
    @Ctx() context: HubContext,
    @Arg('input', () => CreateInformationItemInput) input: CreateInformationItemInput,
  ): Promise<InformationItemPayload> {
    return change(context, 'createInformationItem', (em, audit) => createInformationItem(em, context.viewer, input, audit));
  }

  @Mutation(() => InformationItemPayload, {
    description: 'Changes the fields given (an explicit null clears one) and raises the version by one. EDITOR or ADMIN of the publisher unit, or a hub admin.',
  })
  updateInformationItem(
    @Ctx() context: HubContext,
    @Arg('id', () => ID) id: string,
    @Arg('input', () => UpdateInformationItemInput) input: UpdateInformationItemInput,
    @Arg('expectedVersion', () => Int, { nullable: true, description: VERSION_NOTE }) expectedVersion?: number | null,
  ): Promise<InformationItemPayload> {
    return change(context, 'updateInformationItem', (em, audit) => updateInformationItem(em, context.viewer, id, input, expectedVersion, audit));
  }

  @Mutation(() => InformationItemPayload, { description: 'Publishes a DRAFT or ARCHIVED item: it becomes visible according to its tier.' })
  publishInformationItem(
    @Ctx() context: HubContext,
    @Arg('id', () => ID) id: string,
    @Arg('expectedVersion', () => Int, { nullable: true, description: VERSION_NOTE }) expectedVersion?: number | null,
  ): Promise<InformationItemPayload> {
    return change(context, 'publishInformationItem', (em, audit) => publishInformationItem(em, context.viewer, id, expectedVersion, audit));
  }

  @Mutation(() => InformationItemPayload, { description: 'Archives a PUBLISHED item: no longer current, still readable according to its tier.' })
  archiveInformationItem(
    @Ctx() context: HubContext,
    @Arg('id', () => ID) id: string,
    @Arg('expectedVersion', () => Int, { nullable: true, description: VERSION_NOTE }) expectedVersion?: number | null,
  ): Promise<InformationItemPayload> {
    return change(context, 'archiveInformationItem', (em, audit) => archiveInformationItem(em, context.viewer, id, expectedVersion, audit));
  }
}
