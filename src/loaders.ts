import type { EntityManager } from '@mikro-orm/postgresql';
import { Country } from './modules/countries/country.entity';
import { FriendshipRelation } from './modules/friendship-relations/friendship-relation.entity';
import { RelationStatusChange } from './modules/friendship-relations/relation-status-change.entity';
import { Locality } from './modules/localities/locality.entity';
import { MemberUnit } from './modules/member-units/member-unit.entity';
import { entityLoader } from './shared/entity-loader';
import type { PageLoaders } from './shared/pagination';

/** Per-operation DataLoaders on the operation's EntityManager fork. */
export function createLoaders(em: EntityManager) {
  return {
    countriesByCode: entityLoader<Country, string>(em, Country, 'code'),
    localitiesById: entityLoader<Locality, number>(em, Locality, 'id'),
    memberUnitsById: entityLoader<MemberUnit, number>(em, MemberUnit, 'id'),
    relationsById: entityLoader<FriendshipRelation, number>(em, FriendshipRelation, 'id'),
    statusChangesById: entityLoader<RelationStatusChange, number>(em, RelationStatusChange, 'id'),
    /** Batches nested connections (a page per parent) across the parents of a list. */
    childPages: new Map() as PageLoaders,
  };
}

export type Loaders = ReturnType<typeof createLoaders>;
