import { Entity, Enum, PrimaryKey, Property } from '@mikro-orm/core';
import { Field, ObjectType } from 'type-graphql';
import { Node } from '../../shared/node';
import { DateTimeScalar } from '../../shared/scalars';
import { ActivityVerb } from './activity.enums';

/** One change in the hub, in commit order (see the activity migration for how positions are drawn). */
@ObjectType({ implements: Node, simpleResolvers: true, description: 'One change in the hub: who did what to which object, when.' })
@Entity({ tableName: 'activity' })
export class Activity {
  @PrimaryKey({ type: 'bigint' })
  position!: string;

  @Field(() => DateTimeScalar)
  @Property({ type: 'datetime', columnType: 'timestamptz' })
  occurredAt!: Date;

  @Field(() => ActivityVerb)
  @Enum({ items: () => ActivityVerb, type: 'string' })
  verb!: ActivityVerb;

  @Property({ type: 'integer', nullable: true }) actorAccountId?: number | null;
  @Property({ type: 'integer', nullable: true }) actorUnitId?: number | null;

  @Field(() => String, { description: 'The type of the object concerned, e.g. "SharedResource".' })
  @Property({ type: 'text' })
  subjectType!: string;

  @Property({ type: 'integer' }) subjectId!: number;

  @Field(() => String, { nullable: true, description: "The object's title or name when the change happened." })
  @Property({ type: 'text', nullable: true })
  subjectTitle?: string | null;

  @Property({ type: 'text' }) audience!: string;
  @Property({ type: 'integer', nullable: true }) resourceId?: number | null;
  @Property({ type: 'integer', nullable: true }) ownerUnitId?: number | null;
  @Property({ type: 'integer', nullable: true }) audienceUnitId?: number | null;

  @Field(() => String, { nullable: true, description: 'The sharing tier of the resource or information item concerned, when the subject is one.' })
  @Property({ type: 'text', nullable: true })
  tier?: string | null;

  @Property({ type: 'text[]', columnType: 'text[]' }) countryCodes: string[] = [];
  @Property({ type: 'integer[]', columnType: 'integer[]' }) localityIds: number[] = [];
  @Property({ type: 'integer[]', columnType: 'integer[]' }) relationIds: number[] = [];
}
