import { Entity, ManyToOne, PrimaryKey, Property, type Ref } from '@mikro-orm/core';
import { Field, ObjectType } from 'type-graphql';
import { Node } from '../../shared/node';
import { DateTimeScalar } from '../../shared/scalars';
import { Account } from './account.entity';

@ObjectType({ implements: Node, simpleResolvers: true, description: 'A bearer token of an account. Its secret is shown once, when it is created.' })
@Entity({ tableName: 'api_token' })
export class ApiToken {
  @PrimaryKey({ type: 'integer' })
  id!: number;

  @ManyToOne(() => Account, { ref: true, fieldName: 'account_id' })
  account!: Ref<Account>;

  @Field(() => String, { description: 'What the token is for, e.g. "wall dashboard".' })
  @Property({ type: 'string' })
  name!: string;

  /** SHA-256 of the secret; the secret itself is never stored. */
  @Property({ type: 'blob', columnType: 'bytea', lazy: true })
  tokenHash!: Buffer;

  @Field(() => String, { description: 'The first characters of the secret, to tell tokens apart.' })
  @Property({ type: 'string' })
  prefix!: string;

  @Field(() => Boolean, { description: 'A read-only token cannot run mutations, whatever its account may do.' })
  @Property({ type: 'boolean' })
  readOnly: boolean = false;

  @Field(() => DateTimeScalar, { nullable: true })
  @Property({ type: 'datetime', columnType: 'timestamptz', nullable: true })
  expiresAt?: Date | null;

  @Field(() => DateTimeScalar, { nullable: true })
  @Property({ type: 'datetime', columnType: 'timestamptz', nullable: true })
  revokedAt?: Date | null;

  @ManyToOne(() => Account, { ref: true, nullable: true, fieldName: 'created_by_account_id' })
  createdBy?: Ref<Account> | null;

  @Field(() => DateTimeScalar)
  @Property({ type: 'datetime', columnType: 'timestamptz', defaultRaw: 'now()' })
  createdAt: Date = new Date();
}
