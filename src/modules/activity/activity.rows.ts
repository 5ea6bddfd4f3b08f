import { RowShape } from '../../shared/rows';
import { Activity } from './activity.entity';

export const activityRows = new RowShape(Activity, {
  fieldColumns: {
    id: ['position'],
    actorAccount: ['actorAccountId'],
    actorUnit: ['actorUnitId'],
    subjectId: ['subjectType', 'subjectId'],
    subject: ['subjectType', 'subjectId'],
    countries: ['countryCodes'],
    localities: ['localityIds'],
    relations: ['relationIds'],
  },
});
