export { SharedResource } from './shared-resource.entity';
export { ResourceRevision } from './resource-revision.entity';
export { ResourceKind, ResourceStatus, RevisionAction, SharingTier } from './resource.enums';

/** This module's resolver classes, for the schema. */
export const resourceResolvers: Function[] = [];
