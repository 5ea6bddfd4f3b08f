import { Arg, Ctx, Field, ID, Int, Mutation, ObjectType, Resolver } from 'type-graphql';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { HubContext } from '../../context';
import { notFound } from '../../errors';
import { audited, type MutationAudit } from '../audit';
import { CatalogueEdition } from './catalogue-edition.entity';
import { CatalogueMatter } from './catalogue-matter.entity';
import { AddCatalogueMatterInput, PublishCatalogueEditionInput, UpdateCatalogueMatterInput } from './catalogue.inputs';
import { addMatter, editionsLoader, matterGlobalId, publishEdition, updateMatter, visibleMattersLoader, withdrawMatter } from './catalogue.service';

@ObjectType({ simpleResolvers: true })
export class AddCatalogueMatterPayload {
  @Field(() => CatalogueMatter) matter!: CatalogueMatter;
}

@ObjectType({ simpleResolvers: true })
export class UpdateCatalogueMatterPayload {
  @Field(() => CatalogueMatter) matter!: CatalogueMatter;
}

@ObjectType({ simpleResolvers: true })
export class WithdrawCatalogueMatterPayload {
  @Field(() => CatalogueMatter) matter!: CatalogueMatter;
}

@ObjectType({ simpleResolvers: true })
export class PublishCatalogueEditionPayload {
  @Field(() => CatalogueEdition) edition!: CatalogueEdition;
}

/**
 * Runs an audited matter change and reads the matter back in its transaction (a read after the
 * commit could fail and report a failure for a change that was stored).
 */
async function changeMatter(
  context: HubContext,
  action: string,
  work: (em: EntityManager, audit: MutationAudit) => Promise<number>,
): Promise<{ matter: CatalogueMatter }> {
  return audited(context, action, null, async (em, audit) => {
    const id = await work(em, audit);
    const matter = await visibleMattersLoader(em, context.viewer).load(id);
    // Whoever may change a matter may see it; this guards against a rule changing under us.
    if (!matter) throw notFound(`No catalogue matter has the ID "${matterGlobalId(id)}".`, 'OBJECT_NOT_FOUND', 'id');
    return { matter };
  });
}

@Resolver()
export class CatalogueMutationResolver {
  @Mutation(() => AddCatalogueMatterPayload, {
    description: "Adds a matter to the caller's unit's catalogue (hub admins: any unit's, with `provider`). EDITOR or ADMIN.",
  })
  addCatalogueMatter(@Ctx() context: HubContext, @Arg('input', () => AddCatalogueMatterInput) input: AddCatalogueMatterInput) {
    return changeMatter(context, 'addCatalogueMatter', (em, audit) => addMatter(em, context.viewer, input, audit));
  }

  @Mutation(() => UpdateCatalogueMatterPayload, {
    description:
      'Changes the fields given (an explicit null clears an optional one) and raises the version by one; a change that changes nothing stores nothing. EDITOR or ADMIN of the provider unit, or a hub admin.',
  })
  updateCatalogueMatter(
    @Ctx() context: HubContext,
    @Arg('id', () => ID) id: string,
    @Arg('input', () => UpdateCatalogueMatterInput) input: UpdateCatalogueMatterInput,
    @Arg('expectedVersion', () => Int, { description: 'The version the change is based on; another one is CONFLICT (STALE_VERSION).' })
    expectedVersion: number,
  ) {
    return changeMatter(context, 'updateCatalogueMatter', (em, audit) => updateMatter(em, context.viewer, id, input, expectedVersion, audit));
  }

  @Mutation(() => WithdrawCatalogueMatterPayload, {
    description: 'Withdraws an ACTIVE matter: it stays readable, marked WITHDRAWN, and later editions leave it out. EDITOR or ADMIN of the provider unit, or a hub admin.',
  })
  withdrawCatalogueMatter(@Ctx() context: HubContext, @Arg('id', () => ID) id: string) {
    return changeMatter(context, 'withdrawCatalogueMatter', (em, audit) => withdrawMatter(em, context.viewer, id, audit));
  }

  @Mutation(() => PublishCatalogueEditionPayload, {
    description: 'Publishes an edition of the catalogue: freezes every ACTIVE matter as it is now. Hub admins only; names are unique.',
  })
  publishCatalogueEdition(
    @Ctx() context: HubContext,
    @Arg('input', () => PublishCatalogueEditionInput) input: PublishCatalogueEditionInput,
  ): Promise<PublishCatalogueEditionPayload> {
    return audited(context, 'publishCatalogueEdition', null, async (em, audit) => {
      const id = await publishEdition(em, context.viewer, input, audit);
      return { edition: (await editionsLoader(em).load(id))! };
    });
  }
}
