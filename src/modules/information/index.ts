import { InformationMutationResolver } from './information.mutations';
import { InformationItemResolver } from './information.resolver';

export { InformationItem, InformationAttachment } from './information-item.entity';
export { InformationItemOrder, InformationKind, InformationStatus } from './information.enums';
export { visibleInformationSql } from './information.visibility';

/** This module's resolver classes, for the schema. */
export const informationResolvers: Function[] = [InformationItemResolver, InformationMutationResolver];
