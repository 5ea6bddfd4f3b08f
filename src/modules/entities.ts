import { Country } from './countries';
import { FriendshipRelation, RelationStatusChange } from './friendship-relations';
import { Locality } from './localities';
import { MemberUnit } from './member-units';

/** Every MikroORM entity, listed once for the ORM configuration. */
export const entities = [Country, Locality, MemberUnit, FriendshipRelation, RelationStatusChange];
