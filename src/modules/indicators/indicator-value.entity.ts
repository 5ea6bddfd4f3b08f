import { Entity, ManyToOne, PrimaryKey, Property, type Ref } from '@mikro-orm/core';
import { Field, Float, Int, ObjectType } from 'type-graphql';
import { Node } from '../../shared/node';
import { DateTimeScalar } from '../../shared/scalars';
import { Account } from '../accounts/account.entity';
import { Locality } from '../localities/locality.entity';
import { MemberUnit } from '../member-units/member-unit.entity';
import { Indicator } from './indicator.entity';

/**
 * One reported value of an indicator for a locality and year. Never changed: a correction is a
 * new row with the next revision; the newest revision counts.
 */
@ObjectType({ implements: Node, simpleResolvers: true, description: 'A value a member unit reported for an indicator, a locality and a year (one revision).' })
@Entity({ tableName: 'indicator_value' })
export class IndicatorValue {
  @PrimaryKey({ type: 'integer' })
  id!: number;

  @ManyToOne(() => Indicator, { ref: true, fieldName: 'indicator_code' })
  indicator!: Ref<Indicator>;

  @ManyToOne(() => Locality, { ref: true, fieldName: 'locality_id' })
  locality!: Ref<Locality>;

  @Field(() => Int, { description: 'The year the value is for.' })
  @Property({ type: 'smallint' })
  period!: number;

  @Field(() => Float, { description: 'The value, in the indicator\'s unit of measure; never negative.' })
  @Property({ type: 'double', columnType: 'numeric' })
  value!: number;

  @Field(() => Int, { description: '1 for the first report of this indicator, locality and year; each correction adds one.' })
  @Property({ type: 'integer' })
  revision!: number;

  @ManyToOne(() => Account, { ref: true, nullable: true, fieldName: 'reported_by_account_id' })
  reportedByAccount?: Ref<Account> | null;

  @ManyToOne(() => MemberUnit, { ref: true, fieldName: 'reported_by_unit_id' })
  reportedByUnit!: Ref<MemberUnit>;

  @Field(() => DateTimeScalar)
  @Property({ type: 'datetime', columnType: 'timestamptz', defaultRaw: 'now()' })
  reportedAt: Date = new Date();

  @Field(() => String, { nullable: true }) @Property({ type: 'text', nullable: true }) note?: string | null;

  @Field(() => String, { nullable: true, description: 'Where the figure comes from (a statistical bulletin, a register…).' })
  @Property({ type: 'text', nullable: true })
  source?: string | null;
}
