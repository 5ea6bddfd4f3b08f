export { LocalityProfile } from './locality-profile.entity';
export { ProfileTheme } from './profile-theme.entity';
export { ProfileThemeKind } from './profile.enums';
