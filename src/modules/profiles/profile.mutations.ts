import { Arg, Ctx, Field, Mutation, ObjectType, Resolver } from 'type-graphql';
import type { HubContext } from '../../context';
import { audited } from '../audit/audit.service';
import { LocalityProfile } from './locality-profile.entity';
import { ProfileTheme } from './profile-theme.entity';
import { addProfileTheme } from './profile-themes';
import { AddProfileThemeInput, UpdateLocalityProfileInput } from './profile.inputs';
import { createProfileLoaders } from './profile.loaders';
import { SUBJECT, updateLocalityProfile } from './profile.service';

@ObjectType({ simpleResolvers: true })
export class UpdateLocalityProfilePayload {
  @Field(() => LocalityProfile) profile!: LocalityProfile;
}

@ObjectType({ simpleResolvers: true })
export class AddProfileThemePayload {
  @Field(() => ProfileTheme) theme!: ProfileTheme;
}

@Resolver()
export class ProfileMutationResolver {
  @Mutation(() => UpdateLocalityProfilePayload, {
    description:
      "Creates or changes a locality's profile. A Chinese locality's: EDITOR or ADMIN of its city office (the member unit whose locality it is), or a hub admin. A foreign one's: any member unit's EDITOR or ADMIN. It appears in the activity feed as PROFILE_UPDATED, and open partner wishes it fits get PARTNER_WISH_MATCHED for their units.",
  })
  async updateLocalityProfile(
    @Ctx() context: HubContext,
    @Arg('input', () => UpdateLocalityProfileInput) input: UpdateLocalityProfileInput,
  ): Promise<UpdateLocalityProfilePayload> {
    const profile = await audited(context, 'updateLocalityProfile', { type: SUBJECT, id: null }, async (em, audit) => {
      const localityId = await updateLocalityProfile(em, context.viewer, input, audit);
      return (await createProfileLoaders(em).profilesByLocalityId.load(localityId))!;
    });
    context.loaders.profiles.profilesByLocalityId.clear(profile.localityId).prime(profile.localityId, profile);
    return { profile };
  }

  @Mutation(() => AddProfileThemePayload, { description: 'Adds a theme or industry to the vocabulary. Hub admins only; a code already taken is CONFLICT.' })
  async addProfileTheme(@Ctx() context: HubContext, @Arg('input', () => AddProfileThemeInput) input: AddProfileThemeInput): Promise<AddProfileThemePayload> {
    const theme = await audited(context, 'addProfileTheme', { type: 'ProfileTheme', id: null }, async (em, audit) => {
      const code = await addProfileTheme(em, context.viewer, input, audit);
      return (await createProfileLoaders(em).themesByCode.load(code))!;
    });
    return { theme };
  }
}
