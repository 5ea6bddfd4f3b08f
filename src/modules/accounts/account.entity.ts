import { Entity, Enum, ManyToOne, PrimaryKey, Property, type Ref } from '@mikro-orm/core';
import { Field, ObjectType } from 'type-graphql';
import { Node } from '../../shared/node';
import { DateTimeScalar } from '../../shared/scalars';
import { MemberUnit } from '../member-units/member-unit.entity';
import { AccountKind, AccountRole } from './account.enums';

@ObjectType({ implements: Node, simpleResolvers: true, description: 'Someone (or some system) who signs in on behalf of a member unit.' })
@Entity({ tableName: 'account' })
export class Account {
  @PrimaryKey({ type: 'integer' })
  id!: number;

  @ManyToOne(() => MemberUnit, { ref: true, fieldName: 'member_unit_id' })
  memberUnit!: Ref<MemberUnit>;

  @Field(() => AccountKind)
  @Enum({ items: () => AccountKind, type: 'string' })
  kind: AccountKind = AccountKind.PERSON;

  @Field(() => AccountRole)
  @Enum({ items: () => AccountRole, type: 'string' })
  role!: AccountRole;

  @Field(() => String)
  @Property({ type: 'string' })
  displayName!: string;

  // email, oidcIssuer and oidcSubject are GraphQL fields with visibility rules (account.resolver.ts).
  @Property({ type: 'string', nullable: true })
  email?: string | null;

  @Property({ type: 'string', nullable: true })
  oidcIssuer?: string | null;

  @Property({ type: 'string', nullable: true })
  oidcSubject?: string | null;

  @Field(() => DateTimeScalar, { nullable: true, description: 'Set when the account was disabled; its tokens stop working at once.' })
  @Property({ type: 'datetime', columnType: 'timestamptz', nullable: true })
  disabledAt?: Date | null;

  @Field(() => DateTimeScalar)
  @Property({ type: 'datetime', columnType: 'timestamptz', defaultRaw: 'now()' })
  createdAt: Date = new Date();

  @Field(() => DateTimeScalar)
  @Property({ type: 'datetime', columnType: 'timestamptz', defaultRaw: 'now()', onUpdate: () => new Date() })
  updatedAt: Date = new Date();
}
