import { Entity, Enum, ManyToOne, PrimaryKey, Property, type Ref } from '@mikro-orm/core';
import { Field, Int, ObjectType } from 'type-graphql';
import { Node } from '../../shared/node';
import { DateTimeScalar, LocalDateScalar } from '../../shared/scalars';
import { Account } from '../accounts/account.entity';
import { MemberUnit } from '../member-units/member-unit.entity';
import { FriendshipRelation } from './friendship-relation.entity';
import { RelationStatus } from './friendship-relation.enums';

@ObjectType({ implements: Node, simpleResolvers: true, description: 'One change of a relation\'s status; the history keeps every one.' })
@Entity({ tableName: 'relation_status_change' })
export class RelationStatusChange {
  @PrimaryKey({ type: 'integer' })
  id!: number;

  @ManyToOne(() => FriendshipRelation, { ref: true, fieldName: 'relation_id' })
  relation!: Ref<FriendshipRelation>;

  @Field(() => RelationStatus, { nullable: true, description: 'Null for the first status of a relation.' })
  @Enum({ items: () => RelationStatus, type: 'string', nullable: true })
  fromStatus?: RelationStatus | null;

  @Field(() => RelationStatus)
  @Enum({ items: () => RelationStatus, type: 'string' })
  toStatus!: RelationStatus;

  @Field(() => LocalDateScalar, { nullable: true, description: 'Day the change took effect, where known.' })
  @Property({ type: 'date', nullable: true })
  effectiveOn?: string | null;

  @Field(() => Int, { nullable: true, description: 'Year the change took effect, where known.' })
  @Property({ type: 'smallint', nullable: true })
  effectiveYear?: number | null;

  @Field(() => DateTimeScalar, { description: 'When the hub recorded the change.' })
  @Property({ type: 'datetime', columnType: 'timestamptz', defaultRaw: 'now()' })
  recordedAt: Date = new Date();

  @Field(() => String, { nullable: true }) @Property({ type: 'text', nullable: true }) note?: string | null;
  @Field(() => String, { nullable: true }) @Property({ type: 'text', nullable: true }) source?: string | null;

  /** Who recorded the change; null for seeded history. */
  @ManyToOne(() => Account, { ref: true, nullable: true, fieldName: 'changed_by_account_id' })
  changedByAccount?: Ref<Account> | null;

  @ManyToOne(() => MemberUnit, { ref: true, nullable: true, fieldName: 'changed_by_unit_id' })
  changedByUnit?: Ref<MemberUnit> | null;
}
