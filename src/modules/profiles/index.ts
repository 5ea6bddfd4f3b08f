export { LocalityProfile } from './locality-profile.entity';
export { ProfileTheme } from './profile-theme.entity';
export { ProfileThemeKind } from './profile.enums';
import { ProfileMutationResolver } from './profile.mutations';
import { LocalityProfileFieldResolver, LocalityProfileResolver, ProfileThemeResolver } from './profile.resolver';

export const profileResolvers = [ProfileThemeResolver, LocalityProfileFieldResolver, LocalityProfileResolver, ProfileMutationResolver] as const;
export { checkThemeCodes, MAX_THEMES } from './profile-themes';
