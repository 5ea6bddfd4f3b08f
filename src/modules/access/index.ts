export { AccessRequest } from './access-request.entity';
export { AccessGrant } from './access-grant.entity';
export { AccessRequestStatus } from './access.enums';
export { createAccessLoaders, type AccessLoaders } from './access.loaders';
import {
  AccessGrantResolver,
  AccessRequestResolver,
  ResourceAccessResolver,
  SharedResourceAccessResolver,
} from './access.resolver';

/** This module's resolver classes, for the schema. */
export const accessResolvers: Function[] = [AccessRequestResolver, AccessGrantResolver, ResourceAccessResolver, SharedResourceAccessResolver];
