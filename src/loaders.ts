import type { EntityManager } from '@mikro-orm/postgresql';
import { Country } from './modules/countries/country.entity';
import { FriendshipRelation } from './modules/friendship-relations/friendship-relation.entity';
import { RelationStatusChange } from './modules/friendship-relations/relation-status-change.entity';
import { Locality } from './modules/localities/locality.entity';
import { MemberUnit } from './modules/member-units/member-unit.entity';
import { entityLoader } from './shared/entity-loader';

/** Per-operation DataLoaders on the operation's EntityManager fork. */
export function createLoaders(em: EntityManager) {
  return {
    countriesByCode: entityLoader<Country, string>(em, Country, 'code'),
    localitiesById: entityLoader<Locality, number>(em, Locality, 'id'),
    memberUnitsById: entityLoader<MemberUnit, number>(em, MemberUnit, 'id'),
    relationsById: entityLoader<FriendshipRelation, number>(em, FriendshipRelation, 'id'),
    statusChangesById: entityLoader<RelationStatusChange, number>(em, RelationStatusChange, 'id'),
  };
}

export type Loaders = ReturnType<typeof createLoaders>;
