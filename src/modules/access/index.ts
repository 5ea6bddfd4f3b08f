export { AccessRequest } from './access-request.entity';
export { AccessGrant } from './access-grant.entity';
export { AccessRequestStatus } from './access.enums';

/** This module's resolver classes, for the schema. */
export const accessResolvers: Function[] = [];
