export { SharedResource } from './shared-resource.entity';
export { ResourceRevision } from './resource-revision.entity';
export { ResourceKind, ResourceStatus, RevisionAction, SharingTier } from './resource.enums';
import { ResourceMutationResolver, ResourceRevisionResolver, SharedResourceRevisionsResolver } from './resource.mutations';
import {
  ContributionStatResolver,
  LocalityResourcesResolver,
  MemberUnitResourcesResolver,
  RelationResourcesResolver,
  SharedResourceResolver,
} from './resource.resolver';

/** This module's resolver classes, for the schema. */
export const resourceResolvers: Function[] = [];
resourceResolvers.push(ResourceMutationResolver, ResourceRevisionResolver, SharedResourceRevisionsResolver);
resourceResolvers.push(SharedResourceResolver, ContributionStatResolver, MemberUnitResourcesResolver, RelationResourcesResolver, LocalityResourcesResolver);
