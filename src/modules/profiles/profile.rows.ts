import { RowShape } from '../../shared/rows';
import { LocalityProfile } from './locality-profile.entity';
import { ProfileTheme } from './profile-theme.entity';

export const profileRows = new RowShape(LocalityProfile, {
  fieldColumns: { locality: ['localityId'], updatedBy: ['updatedByUnitId'] },
});
export const profileThemeRows = new RowShape(ProfileTheme, {});
