import type { GraphQLResolveInfo } from 'graphql';
import { Arg, Args, Ctx, FieldResolver, ID, Info, Query, Resolver, Root } from 'type-graphql';
import type { HubContext } from '../../context';
import { Connection, ConnectionArgs, type Page } from '../../shared/connection';
import { toGlobalId } from '../../shared/global-id';
import { connectionNodeSelection } from '../../shared/selection';
import { Country } from '../countries/country.entity';
import { Locality } from '../localities/locality.entity';
import { MemberUnit } from '../member-units/member-unit.entity';
import { registerNodeType } from '../node';
import { ProfileTheme } from '../profiles/profile-theme.entity';
import { PartnerWish } from './partner-wish.entity';
import { PartnerWishStatus } from './partner-wish.enums';
import { PartnerWishFilter } from './partner-wish.inputs';
import { listPartnerWishes } from './partner-wish.service';

export const PartnerWishConnection = Connection(PartnerWish);

registerNodeType('PartnerWish', ({ loaders }, key) => loaders.partnerWishesById.load(key));

const present = <T>(items: ReadonlyArray<T | null | Error>): T[] => items.filter((item): item is T => item != null && !(item instanceof Error));

@Resolver(() => PartnerWish)
export class PartnerWishResolver {
  @Query(() => PartnerWishConnection, {
    description: 'Partner wishes ("seeking a partner" listings), newest first; OPEN ones unless the filter says otherwise. Members only.',
  })
  partnerWishes(
    @Ctx() { em, viewer }: HubContext,
    @Info() info: GraphQLResolveInfo,
    @Args(() => ConnectionArgs) args: ConnectionArgs,
    @Arg('filter', () => PartnerWishFilter, { nullable: true }) filter?: PartnerWishFilter,
  ): Promise<Page<PartnerWish>> {
    return listPartnerWishes(em, viewer, filter ?? { status: PartnerWishStatus.OPEN }, args, connectionNodeSelection(info));
  }

  @FieldResolver(() => ID)
  id(@Root() wish: PartnerWish): string {
    return toGlobalId('PartnerWish', wish.id);
  }

  @FieldResolver(() => Locality, { description: 'The locality that seeks a partner.' })
  async locality(@Root() wish: PartnerWish, @Ctx() { loaders }: HubContext): Promise<Locality> {
    return (await loaders.localitiesById.load(wish.locality.id))!;
  }

  @FieldResolver(() => MemberUnit, { description: "The unit that published the wish, or the hub admin's unit that recorded it." })
  async owner(@Root() wish: PartnerWish, @Ctx() { loaders }: HubContext): Promise<MemberUnit> {
    return (await loaders.memberUnitsById.load(wish.owner.id))!;
  }

  @FieldResolver(() => [Country], { description: 'Countries wished for.' })
  async countries(@Root() wish: PartnerWish, @Ctx() { loaders }: HubContext): Promise<Country[]> {
    return present(await loaders.countriesByCode.loadMany(wish.countries));
  }

  @FieldResolver(() => [Locality], { description: 'Regions wished for: foreign first-level regions, or Chinese provinces and prefectures for a foreign wish.' })
  async regions(@Root() wish: PartnerWish, @Ctx() { loaders }: HubContext): Promise<Locality[]> {
    return present(await loaders.localitiesById.loadMany(wish.regionIds));
  }

  @FieldResolver(() => [ProfileTheme], { description: 'Themes and industries wished for.' })
  async themes(@Root() wish: PartnerWish, @Ctx() { loaders }: HubContext): Promise<ProfileTheme[]> {
    return present(await loaders.profiles.themesByCode.loadMany([...wish.themes].sort()));
  }
}
