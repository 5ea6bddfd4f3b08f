import { IndicatorMutationResolver } from './indicator.mutations';
import { IndicatorResolver, IndicatorValueResolver, LocalityIndexResolver } from './indicator.resolver';

export { Indicator } from './indicator.entity';
export { IndicatorValue } from './indicator-value.entity';
export { COMPUTED_INDICATORS } from './computed-indicators';
export { createIndicatorLoaders } from './indicator.service';

/** This module's resolver classes, for the schema. */
export const indicatorResolvers: Function[] = [IndicatorResolver, IndicatorValueResolver, LocalityIndexResolver, IndicatorMutationResolver];
