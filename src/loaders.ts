import type { EntityManager } from '@mikro-orm/postgresql';
import type { Country } from './modules/countries';
import { countryRows } from './modules/countries/country.rows';
import type { FriendshipRelation, RelationStatusChange } from './modules/friendship-relations';
import { relationRows, statusChangeRows } from './modules/friendship-relations/friendship-relation.rows';
import { partnershipsByLocalityId } from './modules/friendship-relations/locality-partnership';
import type { Locality } from './modules/localities';
import { localityRows } from './modules/localities/locality.rows';
import type { MemberUnit } from './modules/member-units';
import { memberUnitRows } from './modules/member-units/member-unit.rows';
import type { Viewer } from './auth/viewer';
import { createContentReadRecorder } from './modules/audit/audit.service';
import type { AccessGrant, AccessRequest } from './modules/access';
import { accessGrantRows, accessRequestRows } from './modules/access/access.rows';
import type { Account, ApiToken } from './modules/accounts';
import { accountRows, apiTokenRows } from './modules/accounts/account.rows';
import type { ResourceRevision } from './modules/resources';
import { resourceRevisionRows } from './modules/resources/resource-revision.rows';
import { createResourceLoaders } from './modules/resources/resource.loaders';
import { createAccessLoaders } from './modules/access/access.loaders';
import { createInformationLoaders } from './modules/information/information.loaders';
import { createIndicatorLoaders } from './modules/indicators/indicator.service';
import { editionsLoader, visibleMattersLoader } from './modules/catalogue/catalogue.service';
import { createExchangeLoaders } from './modules/exchanges/exchange.loaders';
import { createProfileLoaders } from './modules/profiles/profile.loaders';
import { partnerWishesByIdLoader } from './modules/partner-wishes/partner-wish.loaders';
import { rowLoader } from './shared/row-loader';
import type { PageLoaders } from './shared/pagination';

const byId = { column: 'id', prop: 'id' } as const;

/**
 * Per-operation DataLoaders on the operation's EntityManager fork. Loaders of data with sharing
 * rules apply the viewer's visibility in their SQL: an invisible row loads as null.
 */
export function createLoaders(em: EntityManager, viewer: Viewer) {
  return {
    countriesByCode: rowLoader<Country, string>(em, countryRows, 'country', { column: 'code', prop: 'code' }),
    localitiesById: rowLoader<Locality, number>(em, localityRows, 'locality', byId),
    memberUnitsById: rowLoader<MemberUnit, number>(em, memberUnitRows, 'member_unit', byId),
    relationsById: rowLoader<FriendshipRelation, number>(em, relationRows, 'friendship_relation', byId),
    statusChangesById: rowLoader<RelationStatusChange, number>(em, statusChangeRows, 'relation_status_change', byId),
    /** Every relation of a locality, from its side: Locality.partnerships (public data). */
    partnershipsByLocalityId: partnershipsByLocalityId(em),
    // Plain loaders: callers apply the viewer's rules (see each module's resolver).
    accountsById: rowLoader<Account, number>(em, accountRows, 'account', byId),
    apiTokensById: rowLoader<ApiToken, number>(em, apiTokenRows, 'api_token', byId),
    accessRequestsById: rowLoader<AccessRequest, number>(em, accessRequestRows, 'access_request', byId),
    accessGrantsById: rowLoader<AccessGrant, number>(em, accessGrantRows, 'access_grant', byId),
    resourceRevisionsById: rowLoader<ResourceRevision, number>(em, resourceRevisionRows, 'resource_revision', byId),
    // resourcesById (the viewer's visibility applied: invisible loads as null), countriesByResourceId,
    // foreignLocalitiesByResourceId, relationsByResourceId.
    ...createResourceLoaders(em, viewer),
    // informationItemsById (visibility applied), countriesByInformationItemId, localitiesByInformationItemId.
    ...createInformationLoaders(em, viewer),
    /** Access states, requests and grants as the caller may see them (src/modules/access). */
    access: createAccessLoaders(em, viewer),
    // indicatorsByCode, indicatorValuesById (members only: null for anonymous callers), unitIdsByIndicatorCode, indicatorRevisionsBySeries.
    ...createIndicatorLoaders(em, viewer),
    /** Catalogue matters as the caller may see them (invisible loads as null), and editions (public). */
    catalogueMattersById: visibleMattersLoader(em, viewer),
    catalogueEditionsById: editionsLoader(em),
    /** Exchanges as the caller may see them, their links, and relationship health (src/modules/exchanges). */
    exchanges: createExchangeLoaders(em, viewer),
    /** Locality profiles and the theme vocabulary (public reference data, src/modules/profiles). */
    profiles: createProfileLoaders(em),
    /** Partner wishes by id (members only: null for anonymous callers). */
    partnerWishesById: partnerWishesByIdLoader(em, viewer),
    /** Batches nested connections (a page per parent) across the parents of a list. */
    childPages: new Map() as PageLoaders,
    /** Records reads of protected content in the audit trail, once per resource and operation. */
    contentReads: createContentReadRecorder(em, viewer),
  };
}

export type Loaders = ReturnType<typeof createLoaders>;

/** Loaders of public reference data: their rows are the same for every caller, so callers may share them. */
export const PUBLIC_LOADERS = ['countriesByCode', 'localitiesById', 'memberUnitsById', 'relationsById', 'statusChangesById', 'partnershipsByLocalityId'] as const;

export type PublicLoaders = Pick<Loaders, (typeof PUBLIC_LOADERS)[number]>;

export function publicLoaders(loaders: Loaders): PublicLoaders {
  return Object.fromEntries(PUBLIC_LOADERS.map((name) => [name, loaders[name]])) as PublicLoaders;
}
