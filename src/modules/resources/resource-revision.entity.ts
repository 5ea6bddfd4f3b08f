import { Entity, Enum, ManyToOne, PrimaryKey, Property, type Ref } from '@mikro-orm/core';
import { Field, Int, ObjectType } from 'type-graphql';
import { Node } from '../../shared/node';
import { DateTimeScalar } from '../../shared/scalars';
import { Account } from '../accounts/account.entity';
import { MemberUnit } from '../member-units/member-unit.entity';
import { RevisionAction } from './resource.enums';
import { SharedResource } from './shared-resource.entity';

@ObjectType({ implements: Node, simpleResolvers: true, description: 'One change of a shared resource: who changed which fields, and when.' })
@Entity({ tableName: 'resource_revision' })
export class ResourceRevision {
  @PrimaryKey({ type: 'integer' })
  id!: number;

  @ManyToOne(() => SharedResource, { ref: true, fieldName: 'resource_id' })
  resource!: Ref<SharedResource>;

  @Field(() => Int, { description: 'The version this change produced.' })
  @Property({ type: 'integer' })
  version!: number;

  @Field(() => RevisionAction)
  @Enum({ items: () => RevisionAction, type: 'string' })
  action!: RevisionAction;

  @Field(() => [String], { description: 'The input fields this change set, e.g. ["titleEn", "tier"].' })
  @Property({ type: 'text[]', columnType: 'text[]' })
  changedFields: string[] = [];

  /** Old and new values per field; kept for the record, not exposed (they may hold content). */
  @Property({ type: 'json' })
  changes: Record<string, { from: unknown; to: unknown }> = {};

  @ManyToOne(() => Account, { ref: true, nullable: true, fieldName: 'account_id' })
  account?: Ref<Account> | null;

  @ManyToOne(() => MemberUnit, { ref: true, nullable: true, fieldName: 'unit_id' })
  unit?: Ref<MemberUnit> | null;

  @Field(() => DateTimeScalar)
  @Property({ type: 'datetime', columnType: 'timestamptz', defaultRaw: 'now()' })
  recordedAt: Date = new Date();
}
