import type { GraphQLResolveInfo } from 'graphql';
import { Arg, Args, Ctx, FieldResolver, ID, Info, Query, Resolver, Root } from 'type-graphql';
import type { HubContext } from '../../context';
import { Connection, ConnectionArgs, type Page } from '../../shared/connection';
import { direct } from '../../shared/direct-resolvers';
import { parseIntId, toGlobalId } from '../../shared/global-id';
import { Language, pickName } from '../../shared/language';
import { resolveRef } from '../../shared/rows';
import { connectionNodeSelection } from '../../shared/selection';
import { MemberUnit } from '../member-units/member-unit.entity';
import { registerNodeType } from '../node';
import { CatalogueEdition } from './catalogue-edition.entity';
import { CatalogueMatter } from './catalogue-matter.entity';
import { CatalogueMatterFilter } from './catalogue.inputs';
import { catalogueChanges, editionMatters, listEditions, listMatters, type MatterSnapshot } from './catalogue.service';
import { CatalogueChanges, CatalogueMatterChange, CatalogueMatterSnapshot } from './catalogue.types';

export const CatalogueMatterConnection = Connection(CatalogueMatter);
export const CatalogueEditionConnection = Connection(CatalogueEdition);
export const CatalogueMatterSnapshotConnection = Connection(CatalogueMatterSnapshot);

registerNodeType('CatalogueMatter', ({ loaders }, key) => loaders.catalogueMattersById.load(key));
registerNodeType('CatalogueEdition', ({ loaders }, key) => loaders.catalogueEditionsById.load(key));

const M = 'CatalogueMatter';
const matterId = direct<CatalogueMatter>(M, 'id', (matter) => toGlobalId(M, matter.id));
const matterProvider = direct<CatalogueMatter>(M, 'provider', (matter, _args, { loaders }) =>
  resolveRef(matter.providerUnit, MemberUnit, (id: number) => loaders.memberUnitsById.load(id)),
);
const matterName = direct<CatalogueMatter, { language: Language }>(M, 'name', (matter, { language }) => pickName(language, matter.nameEn, matter.nameZh));

@Resolver(() => CatalogueMatter)
export class CatalogueMatterResolver {
  @Query(() => CatalogueMatterConnection, {
    description:
      "Every member unit's licence and public service matters the caller may see (PUBLIC ones for anyone; UNCONDITIONAL ones for members; NOT_SHARED ones for their unit and hub admins), ACTIVE ones unless the filter says otherwise, in the order they were added.",
  })
  catalogueMatters(
    @Ctx() { em, viewer }: HubContext,
    @Info() info: GraphQLResolveInfo,
    @Args(() => ConnectionArgs) args: ConnectionArgs,
    @Arg('filter', () => CatalogueMatterFilter, { nullable: true }) filter?: CatalogueMatterFilter,
  ): Promise<Page<CatalogueMatter>> {
    return listMatters(em, viewer, filter, args, connectionNodeSelection(info));
  }

  @Query(() => CatalogueMatter, { nullable: true, description: 'One matter; null when it does not exist or the caller may not see it.' })
  catalogueMatter(@Ctx() { loaders }: HubContext, @Arg('id', () => ID) id: string) {
    return loaders.catalogueMattersById.load(parseIntId(id, M, 'id'));
  }

  @FieldResolver(() => ID)
  id(@Root() matter: CatalogueMatter, @Ctx() context: HubContext) {
    return matterId(matter, {}, context);
  }

  @FieldResolver(() => MemberUnit, { description: 'The member unit that handles and maintains the matter (数据提供方).' })
  provider(@Root() matter: CatalogueMatter, @Ctx() context: HubContext) {
    return matterProvider(matter, {}, context);
  }

  @FieldResolver(() => String, { description: 'Name in the chosen language (English by default), or in the other one when missing.' })
  name(@Root() matter: CatalogueMatter, @Ctx() context: HubContext, @Arg('language', () => Language, { defaultValue: Language.EN }) language: Language) {
    return matterName(matter, { language }, context);
  }
}

const E = 'CatalogueEdition';
const editionId = direct<CatalogueEdition>(E, 'id', (edition) => toGlobalId(E, edition.id));

@Resolver(() => CatalogueEdition)
export class CatalogueEditionResolver {
  @Query(() => CatalogueEditionConnection, { description: 'Published editions of the catalogue, newest first.' })
  catalogueEditions(
    @Ctx() { em }: HubContext,
    @Info() info: GraphQLResolveInfo,
    @Args(() => ConnectionArgs) args: ConnectionArgs,
  ): Promise<Page<CatalogueEdition>> {
    return listEditions(em, args, connectionNodeSelection(info));
  }

  @Query(() => CatalogueEdition, { nullable: true, description: 'One edition; null when there is none with this ID.' })
  catalogueEdition(@Ctx() { loaders }: HubContext, @Arg('id', () => ID) id: string) {
    return loaders.catalogueEditionsById.load(parseIntId(id, E, 'id'));
  }

  @Query(() => CatalogueChanges, {
    description:
      'What was added, removed or changed from edition `from` to edition `to`, computed from their frozen lists and limited to the matters the caller may see (by the tier each edition froze). Unknown editions are NOT_FOUND.',
  })
  catalogueChanges(@Ctx() { em, viewer }: HubContext, @Arg('from', () => ID) from: string, @Arg('to', () => ID) to: string) {
    return catalogueChanges(em, viewer, from, to);
  }

  @FieldResolver(() => ID)
  id(@Root() edition: CatalogueEdition, @Ctx() context: HubContext) {
    return editionId(edition, {}, context);
  }

  @FieldResolver(() => CatalogueMatterSnapshotConnection, {
    description: 'The matters the edition froze that the caller may see (by the tier frozen with them), in the order they were added.',
  })
  matters(@Root() edition: CatalogueEdition, @Ctx() { em, viewer }: HubContext, @Args(() => ConnectionArgs) args: ConnectionArgs): Promise<Page<MatterSnapshot>> {
    return editionMatters(em, viewer, edition.id, args);
  }
}

const S = 'CatalogueMatterSnapshot';
const snapshotMatterId = direct<MatterSnapshot>(S, 'matterId', (snapshot) => toGlobalId(M, snapshot.matterId));
const snapshotMatter = direct<MatterSnapshot>(S, 'matter', (snapshot, _args, { loaders }) => loaders.catalogueMattersById.load(snapshot.matterId));
const snapshotProvider = direct<MatterSnapshot>(S, 'provider', (snapshot, _args, { loaders }) => loaders.memberUnitsById.load(snapshot.providerUnitId));
const snapshotName = direct<MatterSnapshot, { language: Language }>(S, 'name', (snapshot, { language }) => pickName(language, snapshot.nameEn, snapshot.nameZh));

@Resolver(() => CatalogueMatterSnapshot)
export class CatalogueMatterSnapshotResolver {
  @FieldResolver(() => ID, { description: 'The global ID of the matter.' })
  matterId(@Root() snapshot: MatterSnapshot, @Ctx() context: HubContext) {
    return snapshotMatterId(snapshot, {}, context);
  }

  @FieldResolver(() => CatalogueMatter, { nullable: true, description: 'The matter as it is now; null when the caller may no longer see it.' })
  matter(@Root() snapshot: MatterSnapshot, @Ctx() context: HubContext) {
    return snapshotMatter(snapshot, {}, context);
  }

  @FieldResolver(() => MemberUnit, { nullable: true })
  provider(@Root() snapshot: MatterSnapshot, @Ctx() context: HubContext) {
    return snapshotProvider(snapshot, {}, context);
  }

  @FieldResolver(() => String)
  name(@Root() snapshot: MatterSnapshot, @Ctx() context: HubContext, @Arg('language', () => Language, { defaultValue: Language.EN }) language: Language) {
    return snapshotName(snapshot, { language }, context);
  }
}

const changeMatter = direct<CatalogueMatterChange>('CatalogueMatterChange', 'matter', (change, _args, { loaders }) =>
  loaders.catalogueMattersById.load(change.matterId),
);

@Resolver(() => CatalogueMatterChange)
export class CatalogueMatterChangeResolver {
  @FieldResolver(() => CatalogueMatter, { nullable: true, description: 'The matter as it is now; null when the caller may no longer see it.' })
  matter(@Root() change: CatalogueMatterChange, @Ctx() context: HubContext) {
    return changeMatter(change, {}, context);
  }
}
