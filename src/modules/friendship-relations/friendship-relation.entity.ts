import { Entity, Enum, ManyToOne, PrimaryKey, Property, type Ref } from '@mikro-orm/core';
import { Field, Int, ObjectType } from 'type-graphql';
import { Node } from '../../shared/node';
import { DateTimeScalar, LocalDateScalar } from '../../shared/scalars';
import { Locality } from '../localities/locality.entity';
import { MemberUnit } from '../member-units/member-unit.entity';
import { RelationKind, RelationStatus } from './friendship-relation.enums';

@ObjectType({ implements: Node, simpleResolvers: true, description: 'A friendship-city relation between a Chinese locality and a foreign one.' })
@Entity({ tableName: 'friendship_relation' })
export class FriendshipRelation {
  @PrimaryKey({ type: 'integer' })
  id!: number;

  @ManyToOne(() => Locality, { ref: true })
  domesticLocality!: Ref<Locality>;

  @ManyToOne(() => Locality, { ref: true })
  foreignLocality!: Ref<Locality>;

  @Field(() => RelationKind)
  @Enum({ items: () => RelationKind, type: 'string' })
  kind!: RelationKind;

  @Field(() => RelationStatus)
  @Enum({ items: () => RelationStatus, type: 'string' })
  status!: RelationStatus;

  @Field(() => LocalDateScalar, { nullable: true, description: 'Signing date, where the source gives the day.' })
  @Property({ type: 'date', nullable: true })
  establishedOn?: string | null;

  @Field(() => Int, { nullable: true, description: 'Year the relation was established, where known.' })
  @Property({ type: 'smallint', nullable: true })
  establishedYear?: number | null;

  @ManyToOne(() => MemberUnit, { ref: true, nullable: true, fieldName: 'liaison_unit_id' })
  liaisonUnit?: Ref<MemberUnit> | null;

  @Field(() => String, { nullable: true }) @Property({ type: 'text', nullable: true }) notes?: string | null;

  @Field(() => String, { nullable: true, description: 'Where the relation is documented: a URL or a reference.' })
  @Property({ type: 'text', nullable: true })
  source?: string | null;

  @Field(() => Int, { description: 'Grows with every status change; send it back as `expectedVersion`.' })
  @Property({ type: 'integer' })
  version: number = 1;

  @Field(() => DateTimeScalar)
  @Property({ type: 'datetime', columnType: 'timestamptz', defaultRaw: 'now()' })
  createdAt: Date = new Date();

  @Field(() => DateTimeScalar)
  @Property({ type: 'datetime', columnType: 'timestamptz', defaultRaw: 'now()', onUpdate: () => new Date() })
  updatedAt: Date = new Date();
}
