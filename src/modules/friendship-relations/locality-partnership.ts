import DataLoader from 'dataloader';
import type { EntityManager } from '@mikro-orm/postgresql';
import { Arg, Ctx, Field, FieldResolver, Int, ObjectType, Resolver, Root } from 'type-graphql';
import type { HubContext } from '../../context';
import { queryRows } from '../../shared/sql';
import { Locality } from '../localities/locality.entity';
import { FriendshipRelation } from './friendship-relation.entity';
import { RelationKind, RelationStatus } from './friendship-relation.enums';
import { relationRows } from './friendship-relation.rows';

/**
 * A locality's partners, seen from that locality: the other side of each of its friendship
 * relations. Public data, the same for every caller (Locality is a public type of the feed).
 */
@ObjectType({
  simpleResolvers: true,
  description: "The other side of one of a locality's friendship relations, with the relation's kind and status.",
})
export class LocalityPartnership {
  @Field(() => Locality, { description: 'For a foreign locality the Chinese one (see partner.level: PROVINCE, PREFECTURE or COUNTY); for a Chinese one the foreign one.' })
  partner!: Locality;

  @Field(() => RelationKind)
  kind!: RelationKind;

  @Field(() => RelationStatus, { description: 'Every status is listed, ENDED ones too; filter on it where only live ties count.' })
  status!: RelationStatus;

  @Field(() => Int, { nullable: true })
  establishedYear!: number | null;

  @Field(() => FriendshipRelation)
  relation!: FriendshipRelation;
}

const STATUS_ORDER = `array_position(array['ESTABLISHED','DORMANT','NEGOTIATING','PROPOSED','ENDED'], t.status)`;

/**
 * partnershipsByLocalityId: every relation of each locality (either side), its partner and the
 * partner's country joined in, in one statement per tick. Live ties first, then the oldest.
 */
export function partnershipsByLocalityId(em: EntityManager): DataLoader<number, LocalityPartnership[]> {
  const plan = relationRows.plan(em);
  return new DataLoader<number, LocalityPartnership[]>(async (ids) => {
    const rows = await queryRows(
      em,
      `select ${plan.select('t')} from friendship_relation t${plan.joinSql('t')} ` +
        `where t.domestic_locality_id = any(?::int[]) or t.foreign_locality_id = any(?::int[]) ` +
        `order by ${STATUS_ORDER}, t.established_year nulls last, t.id`,
      [[...ids], [...ids]],
    );
    const byLocality = new Map<number, LocalityPartnership[]>();
    const push = (id: number, partnership: LocalityPartnership) => {
      const list = byLocality.get(id) ?? [];
      list.push(partnership);
      byLocality.set(id, list);
    };
    for (const row of rows) {
      const relation = plan.map(row, 't');
      const domestic = relation.domesticLocality as unknown as Locality;
      const foreign = relation.foreignLocality as unknown as Locality;
      const shared = { kind: relation.kind, status: relation.status, establishedYear: relation.establishedYear ?? null, relation };
      push(domestic.id, { ...shared, partner: foreign });
      push(foreign.id, { ...shared, partner: domestic });
    }
    return ids.map((id) => byLocality.get(id) ?? []);
  });
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
