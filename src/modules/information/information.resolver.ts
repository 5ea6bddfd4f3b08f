import type { GraphQLResolveInfo } from 'graphql';
import { Arg, Args, Ctx, FieldResolver, ID, Info, Query, Resolver, Root } from 'type-graphql';
import type { HubContext } from '../../context';
import { Connection, ConnectionArgs, type Page } from '../../shared/connection';
import { toGlobalId } from '../../shared/global-id';
import { Language, pickName } from '../../shared/language';
import { resolveRef } from '../../shared/rows';
import { CountryCodeScalar, LocalDateScalar } from '../../shared/scalars';
import { connectionNodeSelection } from '../../shared/selection';
import { Country } from '../countries/country.entity';
import { Locality } from '../localities/locality.entity';
import { MemberUnit } from '../member-units/member-unit.entity';
import { registerNodeType } from '../node';
import { InformationItem } from './information-item.entity';
import { InformationItemOrder } from './information.enums';
import { InformationItemFilter } from './information.inputs';
import { currentAdvisories, listInformationItems } from './information.service';

export const InformationItemConnection = Connection(InformationItem);

registerNodeType('InformationItem', ({ loaders }, key) => loaders.informationItemsById.load(key));

const VISIBILITY =
  'DRAFT items only to the publisher unit and hub admins; PUBLISHED and ARCHIVED ones by tier: PUBLIC to anyone, UNCONDITIONAL to every member, NOT_SHARED to the publisher unit and hub admins.';

@Resolver(() => InformationItem)
export class InformationItemResolver {
  @Query(() => InformationItemConnection, { description: `Information items the caller may see (${VISIBILITY}), newest first by default.` })
  informationItems(
    @Ctx() { em, viewer }: HubContext,
    @Info() info: GraphQLResolveInfo,
    @Args(() => ConnectionArgs) args: ConnectionArgs,
    @Arg('filter', () => InformationItemFilter, { nullable: true }) filter?: InformationItemFilter,
    @Arg('orderBy', () => InformationItemOrder, { nullable: true, defaultValue: InformationItemOrder.NEWEST_FIRST }) orderBy?: InformationItemOrder,
  ): Promise<Page<InformationItem>> {
    return listInformationItems(em, viewer, filter, orderBy, args, connectionNodeSelection(info));
  }

  @Query(() => [InformationItem], {
    description:
      'What applies to a delegation going to these countries: PUBLISHED advisories for any of them in effect on `on` (today, China time, by default) that the caller may see; highest level first, then the most recently published.',
  })
  currentAdvisories(
    @Ctx() { em, viewer }: HubContext,
    @Arg('countries', () => [CountryCodeScalar], { description: 'At least one, at most 100 country codes.' }) countries: string[],
    @Arg('on', () => LocalDateScalar, { nullable: true }) on?: string | null,
  ): Promise<InformationItem[]> {
    return currentAdvisories(em, viewer, countries, on);
  }

  @FieldResolver(() => ID)
  id(@Root() item: InformationItem): string {
    return toGlobalId('InformationItem', item.id);
  }

  @FieldResolver(() => MemberUnit, { description: 'The member unit that publishes the item.' })
  publisher(@Root() item: InformationItem, @Ctx() { loaders }: HubContext) {
    return resolveRef(item.ownerUnit, MemberUnit, (id: number) => loaders.memberUnitsById.load(id));
  }

  @FieldResolver(() => [Country], { description: 'Countries the item concerns, by English name.' })
  countries(@Root() item: InformationItem, @Ctx() { loaders }: HubContext) {
    return loaders.countriesByInformationItemId.load(item.id);
  }

  @FieldResolver(() => [Locality], { description: 'Localities the item concerns, by English name.' })
  localities(@Root() item: InformationItem, @Ctx() { loaders }: HubContext) {
    return loaders.localitiesByInformationItemId.load(item.id);
  }

  @FieldResolver(() => String, { description: 'Title in the chosen language (English by default), or in the other one when missing.' })
  title(@Root() item: InformationItem, @Arg('language', () => Language, { defaultValue: Language.EN }) language: Language): string {
    return pickName(language, item.titleEn, item.titleZh);
  }

  @FieldResolver(() => String, { nullable: true, description: 'Body in the chosen language (English by default), or in the other one when missing.' })
  body(@Root() item: InformationItem, @Arg('language', () => Language, { defaultValue: Language.EN }) language: Language): string | null {
    return pickName(language, item.bodyEn, item.bodyZh) || null;
  }
}
