import { AccessGrant, AccessRequest } from './access';
import { Activity } from './activity/activity.entity';
import { Account, ApiToken } from './accounts';
import { AuditEntry } from './audit/audit-entry.entity';
import { CatalogueEdition, CatalogueMatter } from './catalogue';
import { Country } from './countries';
import { Exchange } from './exchanges/exchange.entity';
import { FriendshipRelation, RelationStatusChange } from './friendship-relations';
import { Indicator, IndicatorValue } from './indicators';
import { InformationItem } from './information';
import { Locality } from './localities';
import { MemberUnit } from './member-units';
import { PartnerWish } from './partner-wishes';
import { LocalityProfile, ProfileTheme } from './profiles';
import { ResourceRevision, SharedResource } from './resources';

/** Every MikroORM entity, listed once for the ORM configuration. */
export const entities = [
  Country,
  Locality,
  MemberUnit,
  FriendshipRelation,
  RelationStatusChange,
  Account,
  ApiToken,
  SharedResource,
  ResourceRevision,
  AccessRequest,
  AccessGrant,
  AuditEntry,
  Activity,
  InformationItem,
  CatalogueMatter,
  CatalogueEdition,
  Exchange,
  Indicator,
  IndicatorValue,
  ProfileTheme,
  LocalityProfile,
  PartnerWish,
];
