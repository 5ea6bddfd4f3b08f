import { ActivityResolver } from './activity.resolver';

export { Activity } from './activity.entity';
export { ActivityOrder, ActivityVerb } from './activity.enums';
export { recordActivity } from './activity.recorder';

/** This module's resolver classes, for the schema. */
export const activityResolvers: Function[] = [ActivityResolver];
