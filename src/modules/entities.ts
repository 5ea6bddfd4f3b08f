import { Country } from './countries/country.entity';
import { FriendshipRelation } from './friendship-relations/friendship-relation.entity';
import { RelationStatusChange } from './friendship-relations/relation-status-change.entity';
import { Locality } from './localities/locality.entity';
import { MemberUnit } from './member-units/member-unit.entity';

/** Every MikroORM entity, listed once for the ORM configuration. */
export const entities = [Country, Locality, MemberUnit, FriendshipRelation, RelationStatusChange];
