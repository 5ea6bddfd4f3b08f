import type { GraphQLResolveInfo } from 'graphql';
import { Arg, Args, Ctx, Field, FieldResolver, ID, Info, Int, ObjectType, Query, Resolver, Root } from 'type-graphql';
import type { HubContext } from '../../context';
import { Connection, ConnectionArgs, type Page } from '../../shared/connection';
import { direct } from '../../shared/direct-resolvers';
import { toGlobalId } from '../../shared/global-id';
import { Language, pickName } from '../../shared/language';
import { LocalDateScalar } from '../../shared/scalars';
import { resolveRef } from '../../shared/rows';
import { connectionNodeSelection } from '../../shared/selection';
import { Country } from '../countries/country.entity';
import { FriendshipRelation } from '../friendship-relations/friendship-relation.entity';
import { Locality } from '../localities/locality.entity';
import { MemberUnit } from '../member-units/member-unit.entity';
import { registerNodeType } from '../node';
import { SharedResource } from '../resources/shared-resource.entity';
import { Exchange } from './exchange.entity';
import { ExchangeFilter } from './exchange.inputs';
import type { DestinationRow } from './exchange.loaders';
import { exchangeCriteria, listChildExchanges, listExchanges } from './exchange.service';

export const ExchangeConnection = Connection(Exchange);

registerNodeType('Exchange', ({ loaders }, key) => loaders.exchanges.byId.load(key));

@ObjectType({ simpleResolvers: true, description: 'One place an exchange went to (or came from): a locality, or a whole country.' })
export class ExchangeDestination {
  /** Not a GraphQL field: the resolvers below load the locality and country. */
  row!: DestinationRow;
}

@ObjectType({
  simpleResolvers: true,
  description:
    "How alive a relation is, from its DONE exchanges. Counted over every exchange whatever its tier: the figures name no exchange, so they read the same for everyone.",
})
export class RelationHealth {
  @Field(() => LocalDateScalar, { nullable: true, description: 'End date of the latest DONE exchange under the relation.' })
  lastExchangeOn!: string | null;

  @Field(() => Int, { description: 'DONE exchanges that ended within the last three years.' })
  exchangesInLastThreeYears!: number;

  @Field({
    description:
      'True when no DONE exchange ended within the quiet gap (RELATION_QUIET_AFTER_DAYS, two years by default), unless the relation was established within it; a relation with no known establishment date and no exchange is quiet.',
  })
  quiet!: boolean;
}

const T = 'Exchange';
const exchangeId = direct<Exchange>(T, 'id', (exchange) => toGlobalId(T, exchange.id));
const exchangeTitle = direct<Exchange, { language: Language }>(T, 'title', (exchange, { language }) =>
  pickName(language, exchange.titleEn, exchange.titleZh),
);
const exchangeUnit = direct<Exchange>(T, 'organisingUnit', (exchange, _args, { loaders }) =>
  resolveRef(exchange.organisingUnit, MemberUnit, (id: number) => loaders.memberUnitsById.load(id)),
);

@Resolver(() => Exchange)
export class ExchangeResolver {
  @Query(() => ExchangeConnection, {
    description:
      'Exchanges the caller may see (PUBLIC ones for anyone, UNCONDITIONAL ones for members, NOT_SHARED ones for their organising unit and hub admins), newest start date first.',
  })
  exchanges(
    @Ctx() { em, viewer }: HubContext,
    @Info() info: GraphQLResolveInfo,
    @Args(() => ConnectionArgs) args: ConnectionArgs,
    @Arg('filter', () => ExchangeFilter, { nullable: true }) filter?: ExchangeFilter,
  ): Promise<Page<Exchange>> {
    return listExchanges(em, viewer, exchangeCriteria(filter ?? {}), args, connectionNodeSelection(info));
  }

  @FieldResolver(() => ID)
  id(@Root() exchange: Exchange, @Ctx() context: HubContext) {
    return exchangeId(exchange, {}, context);
  }

  @FieldResolver(() => String, { description: 'Title in the chosen language (English by default), or in the other one when missing.' })
  title(
    @Root() exchange: Exchange,
    @Ctx() context: HubContext,
    @Arg('language', () => Language, { defaultValue: Language.EN }) language: Language,
  ) {
    return exchangeTitle(exchange, { language }, context);
  }

  @FieldResolver(() => MemberUnit, { description: 'The member unit that organised the exchange and decides who may see it.' })
  organisingUnit(@Root() exchange: Exchange, @Ctx() context: HubContext) {
    return exchangeUnit(exchange, {}, context);
  }

  @FieldResolver(() => [ExchangeDestination], { description: 'Where it went (or came from), in the order of the trip.' })
  async destinations(@Root() exchange: Exchange, @Ctx() { loaders }: HubContext): Promise<ExchangeDestination[]> {
    const rows = await loaders.exchanges.destinationsByExchangeId.load(exchange.id);
    return rows.map((row) => Object.assign(new ExchangeDestination(), { row }));
  }

  @FieldResolver(() => [FriendshipRelation], { description: 'Friendship relations it took place under.' })
  relations(@Root() exchange: Exchange, @Ctx() { loaders }: HubContext) {
    return loaders.exchanges.relationsByExchangeId.load(exchange.id);
  }

  @FieldResolver(() => [SharedResource], { description: 'Shared resources it concerns, those the caller may see.' })
  async resources(@Root() exchange: Exchange, @Ctx() { loaders }: HubContext): Promise<SharedResource[]> {
    const ids = await loaders.exchanges.resourceIdsByExchangeId.load(exchange.id);
    const resources = await loaders.resourcesById.loadMany(ids);
    return resources.filter((resource): resource is SharedResource => resource instanceof SharedResource);
  }
}

@Resolver(() => ExchangeDestination)
export class ExchangeDestinationResolver {
  @FieldResolver(() => Locality, { nullable: true, description: 'The city or region; null when the destination is a whole country.' })
  locality(@Root() destination: ExchangeDestination, @Ctx() { loaders }: HubContext) {
    return destination.row.localityId == null ? null : loaders.localitiesById.load(destination.row.localityId);
  }

  @FieldResolver(() => Country, { description: "The country: the locality's, or the whole country visited." })
  country(@Root() destination: ExchangeDestination, @Ctx() { loaders }: HubContext) {
    return loaders.countriesByCode.load(destination.row.countryCode);
  }
}

/** A relation's exchange history and health. */
@Resolver(() => FriendshipRelation)
export class RelationExchangesResolver {
  @FieldResolver(() => ExchangeConnection, { description: "The relation's exchange history that the caller may see, newest start date first." })
  exchanges(
    @Root() relation: FriendshipRelation,
    @Ctx() { em, viewer, loaders }: HubContext,
    @Info() info: GraphQLResolveInfo,
    @Args(() => ConnectionArgs) args: ConnectionArgs,
  ): Promise<Page<Exchange>> {
    return listChildExchanges(em, viewer, loaders.childPages, 'relation', relation.id, args, connectionNodeSelection(info));
  }

  @FieldResolver(() => RelationHealth, { description: 'How alive the relation is, from its DONE exchanges (of every tier).' })
  health(@Root() relation: FriendshipRelation, @Ctx() { loaders, config }: HubContext) {
    return loaders.exchanges.healthByRelationId(config.relationQuietAfterDays).load(relation.id);
  }
}

/** A locality's exchanges. */
@Resolver(() => Locality)
export class LocalityExchangesResolver {
  @FieldResolver(() => ExchangeConnection, {
    description:
      'Exchanges the caller may see that concern this locality, newest start date first: those with it as a destination (for a foreign city, every visit it received from the province); for a Chinese locality also those under relations whose Chinese side it is and those organised by units located in it.',
  })
  exchanges(
    @Root() locality: Locality,
    @Ctx() { em, viewer, loaders }: HubContext,
    @Info() info: GraphQLResolveInfo,
    @Args(() => ConnectionArgs) args: ConnectionArgs,
  ): Promise<Page<Exchange>> {
    return listChildExchanges(em, viewer, loaders.childPages, 'locality', locality.id, args, connectionNodeSelection(info));
  }
}
