import type { GraphQLResolveInfo } from 'graphql';
import { Arg, Args, Ctx, FieldResolver, ID, Info, Query, Resolver, Root } from 'type-graphql';
import type { HubContext } from '../../context';
import { Connection, ConnectionArgs, type Page } from '../../shared/connection';
import { toGlobalId } from '../../shared/global-id';
import { connectionNodeSelection } from '../../shared/selection';
import { direct } from '../../shared/direct-resolvers';
import { Language, nameField } from '../../shared/language';
import { CountryCodeScalar } from '../../shared/scalars';
import { Country } from './country.entity';
import { listCountries } from './country.service';

export const CountryConnection = Connection(Country);

const countryId = direct<Country>('Country', 'id', (country) => toGlobalId('Country', country.code));
const countryName = nameField('Country');

@Resolver(() => Country)
export class CountryResolver {
  @Query(() => CountryConnection, { description: 'Countries and territories, by ISO code.' })
  countries(
    @Ctx() { em }: HubContext,
    @Info() info: GraphQLResolveInfo,
    @Args(() => ConnectionArgs) args: ConnectionArgs,
    @Arg('search', () => String, { nullable: true, description: 'ISO code, or part of the English or Chinese name.' })
    search?: string,
  ): Promise<Page<Country>> {
    return listCountries(em, search, args, connectionNodeSelection(info));
  }

  @Query(() => Country, { nullable: true, description: 'One country by its ISO 3166-1 alpha-2 code.' })
  country(@Ctx() { loaders }: HubContext, @Arg('code', () => CountryCodeScalar) code: string): Promise<Country | null> {
    return loaders.countriesByCode.load(code.toUpperCase());
  }

  @FieldResolver(() => ID)
  id(@Root() country: Country, @Ctx() context: HubContext) {
    return countryId(country, {}, context);
  }

  @FieldResolver(() => String, { description: 'Display name in the chosen language (English by default).' })
  name(
    @Root() country: Country,
    @Ctx() context: HubContext,
    @Arg('language', () => Language, { defaultValue: Language.EN }) language: Language,
  ) {
    return countryName(country, { language }, context);
  }
}
