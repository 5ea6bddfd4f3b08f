import { Entity, Enum, ManyToOne, PrimaryKey, Property, type Ref } from '@mikro-orm/core';
import { Field, ObjectType } from 'type-graphql';
import { Node } from '../../shared/node';
import { DateTimeScalar, LocalDateScalar } from '../../shared/scalars';
import { Account } from '../accounts/account.entity';
import { MemberUnit } from '../member-units/member-unit.entity';
import { SharedResource } from '../resources/shared-resource.entity';
import { AccessRequestStatus } from './access.enums';

@ObjectType({ implements: Node, simpleResolvers: true, description: "A member unit's application to read a CONDITIONAL resource." })
@Entity({ tableName: 'access_request' })
export class AccessRequest {
  @PrimaryKey({ type: 'integer' })
  id!: number;

  @ManyToOne(() => SharedResource, { ref: true, fieldName: 'resource_id' })
  resource!: Ref<SharedResource>;

  @ManyToOne(() => MemberUnit, { ref: true, fieldName: 'requester_unit_id' })
  requesterUnit!: Ref<MemberUnit>;

  @ManyToOne(() => Account, { ref: true, nullable: true, fieldName: 'requester_account_id' })
  requesterAccount?: Ref<Account> | null;

  @Field(() => String, { description: 'What the requesting unit wants the data for.' })
  @Property({ type: 'text' })
  purpose!: string;

  @Field(() => AccessRequestStatus)
  @Enum({ items: () => AccessRequestStatus, type: 'string' })
  status: AccessRequestStatus = AccessRequestStatus.PENDING;

  @Field(() => DateTimeScalar)
  @Property({ type: 'datetime', columnType: 'timestamptz', defaultRaw: 'now()' })
  requestedAt: Date = new Date();

  @Field(() => LocalDateScalar, { description: 'The last working day (China time) on which the owner should answer.' })
  @Property({ type: 'date' })
  dueOn!: string;

  @Field(() => DateTimeScalar, { nullable: true })
  @Property({ type: 'datetime', columnType: 'timestamptz', nullable: true })
  decidedAt?: Date | null;

  @ManyToOne(() => Account, { ref: true, nullable: true, fieldName: 'decided_by_account_id' })
  decidedBy?: Ref<Account> | null;

  @Field(() => String, { nullable: true, description: 'Why the owner refused; always given with a refusal.' })
  @Property({ type: 'text', nullable: true })
  refusalReason?: string | null;

  @Field(() => String, { nullable: true, description: 'What the owner said when approving (conditions of use, say).' })
  @Property({ type: 'text', nullable: true })
  decisionNote?: string | null;
}
