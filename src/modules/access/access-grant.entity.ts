import { Entity, ManyToOne, PrimaryKey, Property, type Ref } from '@mikro-orm/core';
import { Field, ObjectType } from 'type-graphql';
import { Node } from '../../shared/node';
import { DateTimeScalar } from '../../shared/scalars';
import { Account } from '../accounts/account.entity';
import { MemberUnit } from '../member-units/member-unit.entity';
import { SharedResource } from '../resources/shared-resource.entity';
import { AccessRequest } from './access-request.entity';

@ObjectType({ implements: Node, simpleResolvers: true, description: 'Permission for a member unit to read a CONDITIONAL resource\'s content.' })
@Entity({ tableName: 'access_grant' })
export class AccessGrant {
  @PrimaryKey({ type: 'integer' })
  id!: number;

  @ManyToOne(() => SharedResource, { ref: true, fieldName: 'resource_id' })
  resource!: Ref<SharedResource>;

  @ManyToOne(() => MemberUnit, { ref: true, fieldName: 'grantee_unit_id' })
  granteeUnit!: Ref<MemberUnit>;

  @ManyToOne(() => AccessRequest, { ref: true, nullable: true, fieldName: 'request_id' })
  request?: Ref<AccessRequest> | null;

  @ManyToOne(() => Account, { ref: true, nullable: true, fieldName: 'granted_by_account_id' })
  grantedBy?: Ref<Account> | null;

  @Field(() => DateTimeScalar)
  @Property({ type: 'datetime', columnType: 'timestamptz', defaultRaw: 'now()' })
  grantedAt: Date = new Date();

  @Field(() => DateTimeScalar, { nullable: true, description: 'After this moment the grant no longer opens the content.' })
  @Property({ type: 'datetime', columnType: 'timestamptz', nullable: true })
  expiresAt?: Date | null;

  @Field(() => DateTimeScalar, { nullable: true })
  @Property({ type: 'datetime', columnType: 'timestamptz', nullable: true })
  revokedAt?: Date | null;

  @ManyToOne(() => Account, { ref: true, nullable: true, fieldName: 'revoked_by_account_id' })
  revokedBy?: Ref<Account> | null;

  @Field(() => String, { nullable: true })
  @Property({ type: 'text', nullable: true })
  revocationReason?: string | null;
}
