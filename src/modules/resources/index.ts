export { SharedResource } from './shared-resource.entity';
export { ResourceRevision } from './resource-revision.entity';
export { ResourceKind, ResourceStatus, RevisionAction, SharingTier } from './resource.enums';
