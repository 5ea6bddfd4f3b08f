import DataLoader from 'dataloader';
import type { EntityManager } from '@mikro-orm/postgresql';
import { Ctx, Field, FieldResolver, Int, ObjectType, Resolver, Root } from 'type-graphql';
import type { HubContext } from '../../context';
import { queryRows } from '../../shared/sql';
import { Locality } from '../localities/locality.entity';
import { FriendshipRelation } from './friendship-relation.entity';
import { RelationKind, RelationStatus } from './friendship-relation.enums';

/**
 * A locality's partners, seen from that locality: the other side of each of its friendship
 * relations. Public data, the same for every caller (Locality is a public type of the feed).
 */
@ObjectType({
  simpleResolvers: true,
  description: "The other side of one of a locality's friendship relations, with the relation's kind and status.",
})
export class LocalityPartnership {
  partnerId!: number;
  relationId!: number;

  @Field(() => RelationKind)
  kind!: RelationKind;

  @Field(() => RelationStatus, { description: 'Every status is listed, ENDED ones too; filter on it where only live ties count.' })
  status!: RelationStatus;

  @Field(() => Int, { nullable: true })
  establishedYear!: number | null;
}

const STATUS_ORDER = `array_position(array['ESTABLISHED','DORMANT','NEGOTIATING','PROPOSED','ENDED'], r.status)`;

/**
 * partnershipsByLocalityId: every relation of each locality (either side), with the partner's id,
 * in one narrow prepared statement per tick: one bitmap scan of the two side indexes for all keys
 * (an unnest joined to the relations had the generic plan hash-join every relation). Partners and
 * relations themselves come through their own batched loaders, and only when selected. Live ties
 * first, then the oldest.
 */
export function partnershipsByLocalityId(em: EntityManager): DataLoader<number, LocalityPartnership[]> {
  return new DataLoader<number, LocalityPartnership[]>(async (ids) => {
    const rows = await queryRows<{ id: number; kind: RelationKind; status: RelationStatus; established_year: number | null; domestic_locality_id: number; foreign_locality_id: number }>(
      em,
      `select r.id, r.kind, r.status, r.established_year, r.domestic_locality_id, r.foreign_locality_id
       from friendship_relation r where r.domestic_locality_id = any(?::int[]) or r.foreign_locality_id = any(?::int[])
       order by ${STATUS_ORDER}, r.established_year nulls last, r.id`,
      [[...ids], [...ids]],
      { prepared: true },
    );
    const keys = new Set(ids);
    const byLocality = new Map<number, LocalityPartnership[]>();
    const add = (key: number, partnerId: number, row: (typeof rows)[number]) => {
      if (!keys.has(key)) return;
      const partnership = Object.assign(new LocalityPartnership(), {
        partnerId,
        relationId: row.id,
        kind: row.kind,
        status: row.status,
        establishedYear: row.established_year,
      });
      const list = byLocality.get(key);
      if (list) list.push(partnership);
      else byLocality.set(key, [partnership]);
    };
    // Both sides of one relation may be among the keys: it is then a partnership of each.
    for (const row of rows) {
      add(row.domestic_locality_id, row.foreign_locality_id, row);
      add(row.foreign_locality_id, row.domestic_locality_id, row);
    }
    return ids.map((id) => byLocality.get(id) ?? []);
  });
}

@Resolver(() => LocalityPartnership)
export class LocalityPartnershipFieldsResolver {
  @FieldResolver(() => Locality, { description: 'For a foreign locality the Chinese one (see partner.level: PROVINCE, PREFECTURE or COUNTY); for a Chinese one the foreign one.' })
  async partner(@Root() partnership: LocalityPartnership, @Ctx() { loaders }: HubContext): Promise<Locality> {
    return (await loaders.localitiesById.load(partnership.partnerId))!;
  }

  @FieldResolver(() => FriendshipRelation)
  async relation(@Root() partnership: LocalityPartnership, @Ctx() { loaders }: HubContext): Promise<FriendshipRelation> {
    return (await loaders.relationsById.load(partnership.relationId))!;
  }
}

@Resolver(() => Locality)
export class LocalityPartnershipResolver {
  @FieldResolver(() => [LocalityPartnership], {
    description:
      "Every friendship relation of this locality as a partnership with the other side: a foreign locality's Chinese partners " +
      "(and at which level), a Chinese locality's foreign partners. All statuses, ENDED included; live ones (ESTABLISHED, DORMANT, " +
      'NEGOTIATING, PROPOSED) first, then by year established. Only direct relations: a province does not list its cities\' partners ' +
      '(see friendshipRelations(includeDescendants)).',
  })
  partnerships(@Root() locality: Locality, @Ctx() { loaders }: HubContext): Promise<LocalityPartnership[]> {
    return loaders.partnershipsByLocalityId.load(locality.id);
  }
}
