import type { GraphQLResolveInfo } from 'graphql';
import { Arg, Args, Ctx, FieldResolver, ID, Info, Query, Resolver, Root } from 'type-graphql';
import type { HubContext } from '../../context';
import { Connection, ConnectionArgs, type Page } from '../../shared/connection';
import { toGlobalId } from '../../shared/global-id';
import { connectionNodeSelection } from '../../shared/selection';
import { direct } from '../../shared/direct-resolvers';
import { Language, nameField } from '../../shared/language';
import { resolveRef } from '../../shared/rows';
import { Country } from '../countries/country.entity';
import { Locality } from './locality.entity';
import { ForeignLocalityFilter, LocalityFilter } from './locality.inputs';
import { listChildLocalities, listDomesticLocalities, listForeignLocalities } from './locality.service';

export const LocalityConnection = Connection(Locality);

const localityId = direct<Locality>('Locality', 'id', (locality) => toGlobalId('Locality', locality.id));
const localityName = nameField('Locality');
const localityCountry = direct<Locality>('Locality', 'country', (locality, _args, { loaders }) =>
  resolveRef(locality.country, Country, (code: string) => loaders.countriesByCode.load(code)),
);
const localityParent = direct<Locality>('Locality', 'parent', (locality, _args, { loaders }) =>
  resolveRef(locality.parent, Locality, (id: number) => loaders.localitiesById.load(id)),
);

@Resolver(() => Locality)
export class LocalityResolver {
  @Query(() => LocalityConnection, { description: 'Chinese provinces, prefectures and counties.' })
  localities(
    @Ctx() { em }: HubContext,
    @Info() info: GraphQLResolveInfo,
    @Args(() => ConnectionArgs) args: ConnectionArgs,
    @Arg('filter', () => LocalityFilter, { nullable: true }) filter?: LocalityFilter,
  ): Promise<Page<Locality>> {
    return listDomesticLocalities(em, filter ?? {}, args, connectionNodeSelection(info));
  }

  @Query(() => LocalityConnection, { description: 'Foreign regions and cities (GeoNames cities of 1,000+ people).' })
  foreignLocalities(
    @Ctx() { em }: HubContext,
    @Info() info: GraphQLResolveInfo,
    @Args(() => ConnectionArgs) args: ConnectionArgs,
    @Arg('filter', () => ForeignLocalityFilter, { nullable: true }) filter?: ForeignLocalityFilter,
  ): Promise<Page<Locality>> {
    return listForeignLocalities(em, filter ?? {}, args, connectionNodeSelection(info));
  }

  @FieldResolver(() => ID)
  id(@Root() locality: Locality, @Ctx() context: HubContext) {
    return localityId(locality, {}, context);
  }

  @FieldResolver(() => String, { description: 'Display name in the chosen language (English by default).' })
  name(
    @Root() locality: Locality,
    @Ctx() context: HubContext,
    @Arg('language', () => Language, { defaultValue: Language.EN }) language: Language,
  ) {
    return localityName(locality, { language }, context);
  }

  @FieldResolver(() => Country)
  country(@Root() locality: Locality, @Ctx() context: HubContext) {
    return localityCountry(locality, {}, context);
  }

  @FieldResolver(() => Locality, { nullable: true, description: 'The locality this one lies in.' })
  parent(@Root() locality: Locality, @Ctx() context: HubContext) {
    return localityParent(locality, {}, context);
  }

  @FieldResolver(() => LocalityConnection, { description: 'Direct subdivisions.' })
  children(
    @Root() locality: Locality,
    @Ctx() { em, loaders }: HubContext,
    @Info() info: GraphQLResolveInfo,
    @Args(() => ConnectionArgs) args: ConnectionArgs,
  ): Promise<Page<Locality>> {
    return listChildLocalities(em, loaders.childPages, locality, args, connectionNodeSelection(info));
  }
}
