export { FriendshipRelation } from './friendship-relation.entity';
export { RelationKind, RelationStatus } from './friendship-relation.enums';
export { RelationStatusChange } from './relation-status-change.entity';
export {
  FriendshipRelationResolver,
  LocalityRelationsResolver,
  MemberUnitRelationsResolver,
  RelationStatusChangeResolver,
} from './friendship-relation.resolver';
export { FriendshipRelationMutationResolver } from './friendship-relation.mutations';
export { LocalityPartnership, LocalityPartnershipFieldsResolver, LocalityPartnershipResolver, partnershipsByLocalityId } from './locality-partnership';
