import type { EntityManager } from '@mikro-orm/postgresql';
import { Country } from './modules/countries';
import { FriendshipRelation, RelationStatusChange } from './modules/friendship-relations';
import { Locality } from './modules/localities';
import { MemberUnit } from './modules/member-units';
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
