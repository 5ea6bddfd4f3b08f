import { registerEnumType } from 'type-graphql';

export enum ActivityVerb {
  RESOURCE_CONTRIBUTED = 'RESOURCE_CONTRIBUTED',
  RESOURCE_UPDATED = 'RESOURCE_UPDATED',
  RESOURCE_PUBLISHED = 'RESOURCE_PUBLISHED',
  RESOURCE_WITHDRAWN = 'RESOURCE_WITHDRAWN',
  ACCESS_REQUESTED = 'ACCESS_REQUESTED',
  ACCESS_GRANTED = 'ACCESS_GRANTED',
  ACCESS_REFUSED = 'ACCESS_REFUSED',
  ACCESS_REQUEST_CANCELLED = 'ACCESS_REQUEST_CANCELLED',
  ACCESS_REVOKED = 'ACCESS_REVOKED',
  RELATION_PROPOSED = 'RELATION_PROPOSED',
  RELATION_STATUS_CHANGED = 'RELATION_STATUS_CHANGED',
  UNIT_CREATED = 'UNIT_CREATED',
  UNIT_UPDATED = 'UNIT_UPDATED',
  ACCOUNT_CREATED = 'ACCOUNT_CREATED',
  ACCOUNT_UPDATED = 'ACCOUNT_UPDATED',
  INFORMATION_CREATED = 'INFORMATION_CREATED',
  INFORMATION_UPDATED = 'INFORMATION_UPDATED',
  INFORMATION_PUBLISHED = 'INFORMATION_PUBLISHED',
  INFORMATION_ARCHIVED = 'INFORMATION_ARCHIVED',
  CATALOGUE_MATTER_ADDED = 'CATALOGUE_MATTER_ADDED',
  CATALOGUE_MATTER_UPDATED = 'CATALOGUE_MATTER_UPDATED',
  CATALOGUE_MATTER_WITHDRAWN = 'CATALOGUE_MATTER_WITHDRAWN',
  CATALOGUE_EDITION_PUBLISHED = 'CATALOGUE_EDITION_PUBLISHED',
  INDICATOR_REPORTED = 'INDICATOR_REPORTED',
}
registerEnumType(ActivityVerb, { name: 'ActivityVerb', description: 'What happened.' });

/** The mutation (audit action) each verb records. Token changes are audited but are not activities. */
export const VERB_OF_ACTION: Record<string, ActivityVerb> = {
  contributeResource: ActivityVerb.RESOURCE_CONTRIBUTED,
  updateResource: ActivityVerb.RESOURCE_UPDATED,
  publishResource: ActivityVerb.RESOURCE_PUBLISHED,
  withdrawResource: ActivityVerb.RESOURCE_WITHDRAWN,
  requestAccess: ActivityVerb.ACCESS_REQUESTED,
  approveAccessRequest: ActivityVerb.ACCESS_GRANTED,
  grantAccess: ActivityVerb.ACCESS_GRANTED,
  refuseAccessRequest: ActivityVerb.ACCESS_REFUSED,
  cancelAccessRequest: ActivityVerb.ACCESS_REQUEST_CANCELLED,
  revokeAccessGrant: ActivityVerb.ACCESS_REVOKED,
  proposeRelation: ActivityVerb.RELATION_PROPOSED,
  changeRelationStatus: ActivityVerb.RELATION_STATUS_CHANGED,
  createMemberUnit: ActivityVerb.UNIT_CREATED,
  updateMemberUnit: ActivityVerb.UNIT_UPDATED,
  createAccount: ActivityVerb.ACCOUNT_CREATED,
  updateAccount: ActivityVerb.ACCOUNT_UPDATED,
  createInformationItem: ActivityVerb.INFORMATION_CREATED,
  updateInformationItem: ActivityVerb.INFORMATION_UPDATED,
  publishInformationItem: ActivityVerb.INFORMATION_PUBLISHED,
  archiveInformationItem: ActivityVerb.INFORMATION_ARCHIVED,
  addCatalogueMatter: ActivityVerb.CATALOGUE_MATTER_ADDED,
  updateCatalogueMatter: ActivityVerb.CATALOGUE_MATTER_UPDATED,
  withdrawCatalogueMatter: ActivityVerb.CATALOGUE_MATTER_WITHDRAWN,
  publishCatalogueEdition: ActivityVerb.CATALOGUE_EDITION_PUBLISHED,
  reportIndicatorValue: ActivityVerb.INDICATOR_REPORTED,
  correctIndicatorValue: ActivityVerb.INDICATOR_REPORTED,
};

export enum ActivityOrder {
  NEWEST_FIRST = 'NEWEST_FIRST',
  OLDEST_FIRST = 'OLDEST_FIRST',
}
registerEnumType(ActivityOrder, { name: 'ActivityOrder' });
