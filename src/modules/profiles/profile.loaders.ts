import type { EntityManager } from '@mikro-orm/postgresql';
import { rowLoader } from '../../shared/row-loader';
import type { LocalityProfile } from './locality-profile.entity';
import type { ProfileTheme } from './profile-theme.entity';
import { profileRows, profileThemeRows } from './profile.rows';

/** Profiles and vocabulary entries: public reference data, one statement per tick each. */
export function createProfileLoaders(em: EntityManager) {
  return {
    profilesByLocalityId: rowLoader<LocalityProfile, number>(em, profileRows, 'locality_profile', { column: 'locality_id', prop: 'localityId' }),
    themesByCode: rowLoader<ProfileTheme, string>(em, profileThemeRows, 'profile_theme', { column: 'code', prop: 'code' }),
  };
}
