import { Entity, Enum, ManyToOne, PrimaryKey, Property, type Ref } from '@mikro-orm/core';
import { Field, Int, ObjectType } from 'type-graphql';
import { Node } from '../../shared/node';
import { DateTimeScalar, LocalDateScalar } from '../../shared/scalars';
import { MemberUnit } from '../member-units/member-unit.entity';
import { SharingTier } from '../resources/resource.enums';
import { ExchangeField, ExchangeKind, ExchangeStatus } from './exchange.enums';

/**
 * What happened under or around a relation: a visit, an event, a project. It keeps the memory of
 * a relationship when the people and the org chart change. Visible by its tier: PUBLIC to anyone,
 * UNCONDITIONAL to members, NOT_SHARED to its organising unit and hub admins.
 */
@ObjectType({ implements: Node, simpleResolvers: true, description: 'A visit, delegation, event, project or video conference.' })
@Entity({ tableName: 'exchange' })
export class Exchange {
  @PrimaryKey({ type: 'integer' })
  id!: number;

  @ManyToOne(() => MemberUnit, { ref: true, fieldName: 'organising_unit_id' })
  organisingUnit!: Ref<MemberUnit>;

  @Field(() => ExchangeKind)
  @Enum({ items: () => ExchangeKind, type: 'string' })
  kind!: ExchangeKind;

  @Field(() => String, { nullable: true }) @Property({ type: 'text', nullable: true }) titleZh?: string | null;
  @Field(() => String, { nullable: true }) @Property({ type: 'text', nullable: true }) titleEn?: string | null;

  @Field(() => LocalDateScalar) @Property({ type: 'date' }) startDate!: string;
  @Field(() => LocalDateScalar) @Property({ type: 'date' }) endDate!: string;

  @Field(() => [ExchangeField])
  @Property({ type: 'text[]', columnType: 'text[]' })
  fields: ExchangeField[] = [];

  @Field(() => Int, { nullable: true, description: 'How many people took part, where known.' })
  @Property({ type: 'integer', nullable: true })
  participants?: number | null;

  @Field(() => String, { nullable: true }) @Property({ type: 'text', nullable: true }) purpose?: string | null;
  @Field(() => String, { nullable: true, description: 'What came of it: agreements signed, follow-ups.' })
  @Property({ type: 'text', nullable: true })
  outcome?: string | null;

  @Field(() => ExchangeStatus)
  @Enum({ items: () => ExchangeStatus, type: 'string' })
  status!: ExchangeStatus;

  @Field(() => SharingTier, { description: 'Who may see it: PUBLIC, UNCONDITIONAL (members) or NOT_SHARED (its unit and hub admins).' })
  @Enum({ items: () => SharingTier, type: 'string' })
  tier!: SharingTier;

  @Property({ type: 'integer', nullable: true }) createdByAccountId?: number | null;

  @Field(() => Int, { description: 'Grows with every change; send it back as `expectedVersion`.' })
  @Property({ type: 'integer' })
  version: number = 1;

  @Field(() => DateTimeScalar)
  @Property({ type: 'datetime', columnType: 'timestamptz', defaultRaw: 'now()' })
  createdAt: Date = new Date();

  @Field(() => DateTimeScalar)
  @Property({ type: 'datetime', columnType: 'timestamptz', defaultRaw: 'now()', onUpdate: () => new Date() })
  updatedAt: Date = new Date();
}
