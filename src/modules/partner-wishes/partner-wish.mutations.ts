import type { EntityManager } from '@mikro-orm/postgresql';
import { Arg, Ctx, Field, Mutation, ObjectType, Resolver } from 'type-graphql';
import type { HubContext } from '../../context';
import { notFound } from '../../errors';
import { audited, type MutationAudit } from '../audit/audit.service';
import { PartnerWish } from './partner-wish.entity';
import { ClosePartnerWishInput, PublishPartnerWishInput, UpdatePartnerWishInput } from './partner-wish.inputs';
import { partnerWishesByIdLoader } from './partner-wish.loaders';
import { closePartnerWish, publishPartnerWish, SUBJECT, updatePartnerWish } from './partner-wish.service';

@ObjectType({ simpleResolvers: true })
export class PartnerWishPayload {
  @Field(() => PartnerWish) wish!: PartnerWish;
}

/** Runs an audited wish change and reads the wish back inside its transaction. */
async function change(context: HubContext, action: string, work: (em: EntityManager, audit: MutationAudit) => Promise<number>): Promise<PartnerWishPayload> {
  const wish = await audited(context, action, { type: SUBJECT, id: null }, async (em, audit) => {
    const id = await work(em, audit);
    const read = await partnerWishesByIdLoader(em, context.viewer).load(id);
    if (!read) throw notFound('The wish is not visible to you after the change.', 'OBJECT_NOT_FOUND', 'input.id');
    return read;
  });
  context.loaders.partnerWishesById.clear(wish.id).prime(wish.id, wish);
  return { wish };
}

@Resolver()
export class PartnerWishMutationResolver {
  @Mutation(() => PartnerWishPayload, {
    description:
      "Publishes a partner wish. For a Chinese locality: EDITOR or ADMIN of its city office, or a hub admin. For a foreign city (a wish received through a channel): hub admins. It appears in the feed as PARTNER_WISH_PUBLISHED (members); open wishes on the other side that the locality fits get PARTNER_WISH_MATCHED for their units.",
  })
  publishPartnerWish(@Ctx() context: HubContext, @Arg('input', () => PublishPartnerWishInput) input: PublishPartnerWishInput): Promise<PartnerWishPayload> {
    return change(context, 'publishPartnerWish', async (em, audit) => (await publishPartnerWish(em, context.viewer, input, audit)).id);
  }

  @Mutation(() => PartnerWishPayload, { description: "Changes an OPEN wish's criteria. EDITOR or ADMIN of the unit that published it, or a hub admin." })
  updatePartnerWish(@Ctx() context: HubContext, @Arg('input', () => UpdatePartnerWishInput) input: UpdatePartnerWishInput): Promise<PartnerWishPayload> {
    return change(context, 'updatePartnerWish', (em, audit) => updatePartnerWish(em, context.viewer, input, audit));
  }

  @Mutation(() => PartnerWishPayload, { description: 'Closes an OPEN wish as FULFILLED or WITHDRAWN (final). EDITOR or ADMIN of the unit that published it, or a hub admin.' })
  closePartnerWish(@Ctx() context: HubContext, @Arg('input', () => ClosePartnerWishInput) input: ClosePartnerWishInput): Promise<PartnerWishPayload> {
    return change(context, 'closePartnerWish', (em, audit) => closePartnerWish(em, context.viewer, input, audit));
  }
}
