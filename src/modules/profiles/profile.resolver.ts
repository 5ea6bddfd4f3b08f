import { Arg, Ctx, FieldResolver, Query, Resolver, Root } from 'type-graphql';
import type { HubContext } from '../../context';
import { Locality } from '../localities/locality.entity';
import { MemberUnit } from '../member-units/member-unit.entity';
import { LocalityProfile } from './locality-profile.entity';
import { ProfileTheme } from './profile-theme.entity';
import { listProfileThemes } from './profile-themes';
import { ProfileThemeKind } from './profile.enums';

@Resolver(() => ProfileTheme)
export class ProfileThemeResolver {
  @Query(() => [ProfileTheme], { description: 'The vocabulary of themes and industries that profiles, wishes and partner search use.' })
  profileThemes(@Ctx() { em }: HubContext, @Arg('kind', () => ProfileThemeKind, { nullable: true }) kind?: ProfileThemeKind | null): Promise<ProfileTheme[]> {
    return listProfileThemes(em, kind);
  }
}

@Resolver(() => Locality)
export class LocalityProfileFieldResolver {
  @FieldResolver(() => LocalityProfile, { nullable: true, description: 'What the locality offers and seeks; null until someone writes a profile.' })
  profile(@Root() locality: Locality, @Ctx() { loaders }: HubContext): Promise<LocalityProfile | null> {
    return loaders.profiles.profilesByLocalityId.load(locality.id);
  }
}

@Resolver(() => LocalityProfile)
export class LocalityProfileResolver {
  @FieldResolver(() => Locality)
  async locality(@Root() profile: LocalityProfile, @Ctx() { loaders }: HubContext): Promise<Locality> {
    return (await loaders.localitiesById.load(profile.localityId))!;
  }

  @FieldResolver(() => [ProfileTheme], { description: 'Themes and industries, in the order of the vocabulary\'s codes.' })
  async themes(@Root() profile: LocalityProfile, @Ctx() { loaders }: HubContext): Promise<ProfileTheme[]> {
    const themes = await loaders.profiles.themesByCode.loadMany([...profile.themes].sort());
    return themes.filter((theme): theme is ProfileTheme => theme != null && !(theme instanceof Error));
  }

  @FieldResolver(() => MemberUnit, { nullable: true, description: 'The unit that changed the profile last; null for seed data.' })
  updatedBy(@Root() profile: LocalityProfile, @Ctx() { loaders }: HubContext): Promise<MemberUnit | null> | null {
    return profile.updatedByUnitId == null ? null : loaders.memberUnitsById.load(profile.updatedByUnitId);
  }
}
