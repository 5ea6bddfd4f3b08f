import type { GraphQLResolveInfo } from 'graphql';
import { Arg, Args, Ctx, FieldResolver, ID, Info, Query, Resolver, Root } from 'type-graphql';
import { isMember } from '../../auth/viewer';
import type { HubContext } from '../../context';
import { Connection, ConnectionArgs, type Page } from '../../shared/connection';
import { toGlobalId } from '../../shared/global-id';
import { connectionNodeSelection } from '../../shared/selection';
import { direct } from '../../shared/direct-resolvers';
import { resolveRef } from '../../shared/rows';
import { Account } from '../accounts/account.entity';
import { Locality } from '../localities/locality.entity';
import { LocalitySide } from '../localities/locality.enums';
import { MemberUnit } from '../member-units/member-unit.entity';
import { FriendshipRelation } from './friendship-relation.entity';
import { FriendshipRelationFilter, RelationOrder } from './friendship-relation.inputs';
import {
  listChildRelations,
  listRelations,
  listStatusHistory,
  relationCriteria,
} from './friendship-relation.service';
import { RelationStatusChange } from './relation-status-change.entity';

export const FriendshipRelationConnection = Connection(FriendshipRelation);
export const RelationStatusChangeConnection = Connection(RelationStatusChange);

const relationId = direct<FriendshipRelation>('FriendshipRelation', 'id', (relation) => toGlobalId('FriendshipRelation', relation.id));
const relationDomestic = direct<FriendshipRelation>('FriendshipRelation', 'domesticLocality', (relation, _args, { loaders }) =>
  resolveRef(relation.domesticLocality, Locality, (id: number) => loaders.localitiesById.load(id)),
);
const relationForeign = direct<FriendshipRelation>('FriendshipRelation', 'foreignLocality', (relation, _args, { loaders }) =>
  resolveRef(relation.foreignLocality, Locality, (id: number) => loaders.localitiesById.load(id)),
);
const relationLiaison = direct<FriendshipRelation>('FriendshipRelation', 'liaisonUnit', (relation, _args, { loaders }) =>
  resolveRef(relation.liaisonUnit, MemberUnit, (id: number) => loaders.memberUnitsById.load(id)),
);
const changeId = direct<RelationStatusChange>('RelationStatusChange', 'id', (change) => toGlobalId('RelationStatusChange', change.id));
const changeRelation = direct<RelationStatusChange>('RelationStatusChange', 'relation', (change, _args, { loaders }) =>
  resolveRef(change.relation, FriendshipRelation, (id: number) => loaders.relationsById.load(id)),
);
// Anonymous callers see no accounts at all; members see who made each change.
const changeAccount = direct<RelationStatusChange>('RelationStatusChange', 'changedByAccount', (change, _args, { loaders, viewer }) =>
  isMember(viewer) ? resolveRef(change.changedByAccount, Account, (id: number) => loaders.accountsById.load(id)) : null,
);
const changeUnit = direct<RelationStatusChange>('RelationStatusChange', 'changedByUnit', (change, _args, { loaders }) =>
  resolveRef(change.changedByUnit, MemberUnit, (id: number) => loaders.memberUnitsById.load(id)),
);

@Resolver(() => FriendshipRelation)
export class FriendshipRelationResolver {
  @Query(() => FriendshipRelationConnection, { description: 'Friendship-city relations.' })
  friendshipRelations(
    @Ctx() { em, config }: HubContext,
    @Info() info: GraphQLResolveInfo,
    @Args(() => ConnectionArgs) args: ConnectionArgs,
    @Arg('filter', () => FriendshipRelationFilter, { nullable: true }) filter?: FriendshipRelationFilter,
    @Arg('orderBy', () => RelationOrder, { nullable: true }) orderBy?: RelationOrder,
  ): Promise<Page<FriendshipRelation>> {
    return relationCriteria(em, filter ?? {}).then((criteria) =>
      listRelations(em, { ...criteria, quietAfterDays: config.relationQuietAfterDays }, orderBy, args, connectionNodeSelection(info)),
    );
  }

  @FieldResolver(() => ID)
  id(@Root() relation: FriendshipRelation, @Ctx() context: HubContext) {
    return relationId(relation, {}, context);
  }

  @FieldResolver(() => Locality, { description: 'The Chinese side.' })
  domesticLocality(@Root() relation: FriendshipRelation, @Ctx() context: HubContext) {
    return relationDomestic(relation, {}, context);
  }

  @FieldResolver(() => Locality, { description: 'The foreign side.' })
  foreignLocality(@Root() relation: FriendshipRelation, @Ctx() context: HubContext) {
    return relationForeign(relation, {}, context);
  }

  @FieldResolver(() => MemberUnit, { nullable: true, description: 'The member unit that looks after the relation on the Chinese side.' })
  liaisonUnit(@Root() relation: FriendshipRelation, @Ctx() context: HubContext) {
    return relationLiaison(relation, {}, context);
  }

  @FieldResolver(() => RelationStatusChangeConnection, { description: 'Every status the relation has had, oldest first.' })
  statusHistory(
    @Root() relation: FriendshipRelation,
    @Ctx() { em, loaders }: HubContext,
    @Info() info: GraphQLResolveInfo,
    @Args(() => ConnectionArgs) args: ConnectionArgs,
  ): Promise<Page<RelationStatusChange>> {
    return listStatusHistory(em, loaders.childPages, relation.id, args, connectionNodeSelection(info));
  }
}

@Resolver(() => RelationStatusChange)
export class RelationStatusChangeResolver {
  @FieldResolver(() => ID)
  id(@Root() change: RelationStatusChange, @Ctx() context: HubContext) {
    return changeId(change, {}, context);
  }

  @FieldResolver(() => FriendshipRelation)
  relation(@Root() change: RelationStatusChange, @Ctx() context: HubContext) {
    return changeRelation(change, {}, context);
  }

  @FieldResolver(() => Account, {
    nullable: true,
    description: 'The account that recorded the change; null for history loaded from sources, and for anonymous callers.',
  })
  changedByAccount(@Root() change: RelationStatusChange, @Ctx() context: HubContext) {
    return changeAccount(change, {}, context);
  }

  @FieldResolver(() => MemberUnit, { nullable: true, description: 'The member unit on whose behalf the change was recorded.' })
  changedByUnit(@Root() change: RelationStatusChange, @Ctx() context: HubContext) {
    return changeUnit(change, {}, context);
  }
}

/** Reverse edges: the relations a locality takes part in. */
@Resolver(() => Locality)
export class LocalityRelationsResolver {
  @FieldResolver(() => FriendshipRelationConnection, {
    description:
      "Relations this locality takes part in: a Chinese locality's foreign partners, or a foreign locality's Chinese partners.",
  })
  friendshipRelations(
    @Root() locality: Locality,
    @Ctx() { em, loaders }: HubContext,
    @Info() info: GraphQLResolveInfo,
    @Args(() => ConnectionArgs) args: ConnectionArgs,
    @Arg('includeDescendants', () => Boolean, {
      defaultValue: false,
      description: 'For a Chinese locality: also the relations of the divisions inside it.',
    })
    includeDescendants: boolean,
    @Arg('orderBy', () => RelationOrder, { nullable: true }) orderBy?: RelationOrder,
  ): Promise<Page<FriendshipRelation>> {
    const selection = connectionNodeSelection(info);
    if (locality.side === LocalitySide.FOREIGN) {
      return listChildRelations(em, loaders.childPages, 'foreign_locality_id', locality.id, orderBy, args, selection);
    }
    if (includeDescendants) {
      return listRelations(em, { domesticLocality: locality.id, includeDescendants }, orderBy, args, selection);
    }
    return listChildRelations(em, loaders.childPages, 'domestic_locality_id', locality.id, orderBy, args, selection);
  }
}

/** Reverse edges: the relations a member unit liaises for. */
@Resolver(() => MemberUnit)
export class MemberUnitRelationsResolver {
  @FieldResolver(() => FriendshipRelationConnection, { description: 'Relations this unit liaises for.' })
  liaisonRelations(
    @Root() unit: MemberUnit,
    @Ctx() { em, loaders }: HubContext,
    @Info() info: GraphQLResolveInfo,
    @Args(() => ConnectionArgs) args: ConnectionArgs,
    @Arg('orderBy', () => RelationOrder, { nullable: true }) orderBy?: RelationOrder,
  ): Promise<Page<FriendshipRelation>> {
    return listChildRelations(em, loaders.childPages, 'liaison_unit_id', unit.id, orderBy, args, connectionNodeSelection(info));
  }
}
