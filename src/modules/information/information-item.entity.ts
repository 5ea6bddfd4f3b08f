import { Entity, Enum, ManyToOne, PrimaryKey, Property, type Ref } from '@mikro-orm/core';
import { Field, Int, ObjectType } from 'type-graphql';
import { Node } from '../../shared/node';
import { DateTimeScalar, LocalDateScalar } from '../../shared/scalars';
import { Account } from '../accounts/account.entity';
import { MemberUnit } from '../member-units/member-unit.entity';
import { SharingTier } from '../resources/resource.enums';
import { InformationKind, InformationStatus } from './information.enums';

@ObjectType({ simpleResolvers: true, description: 'A document an information item links to.' })
export class InformationAttachment {
  @Field(() => String, { nullable: true }) title?: string | null;
  @Field(() => String, { description: 'An http or https URL.' }) url!: string;
}

/**
 * A notice, brief, policy, regulation, advisory or event calendar published by the FAO or a
 * member unit. Who may read it is decided as a whole (status and tier; see
 * information.visibility.ts): there is no catalogue/content split as for CONDITIONAL resources.
 */
@ObjectType({ implements: Node, simpleResolvers: true, description: 'Information published by the FAO or a member unit.' })
@Entity({ tableName: 'information_item' })
export class InformationItem {
  @PrimaryKey({ type: 'integer' })
  id!: number;

  @ManyToOne(() => MemberUnit, { ref: true, fieldName: 'owner_unit_id' })
  ownerUnit!: Ref<MemberUnit>;

  @ManyToOne(() => Account, { ref: true, nullable: true, fieldName: 'created_by_account_id' })
  createdBy?: Ref<Account> | null;

  @Field(() => InformationKind)
  @Enum({ items: () => InformationKind, type: 'string' })
  kind!: InformationKind;

  @Field(() => String, { nullable: true }) @Property({ type: 'text', nullable: true }) titleZh?: string | null;
  @Field(() => String, { nullable: true }) @Property({ type: 'text', nullable: true }) titleEn?: string | null;
  @Field(() => String, { nullable: true }) @Property({ type: 'text', nullable: true }) bodyZh?: string | null;
  @Field(() => String, { nullable: true }) @Property({ type: 'text', nullable: true }) bodyEn?: string | null;

  @Field(() => SharingTier, { description: 'PUBLIC, UNCONDITIONAL or NOT_SHARED (never CONDITIONAL: access grants apply to shared resources only).' })
  @Enum({ items: () => SharingTier, type: 'string' })
  tier!: SharingTier;

  @Field(() => InformationStatus)
  @Enum({ items: () => InformationStatus, type: 'string' })
  status: InformationStatus = InformationStatus.DRAFT;

  @Field(() => LocalDateScalar, { description: 'First day the item applies.' })
  @Property({ type: 'date' })
  effectiveFrom!: string;

  @Field(() => LocalDateScalar, { nullable: true, description: 'Last day the item applies; null when open-ended.' })
  @Property({ type: 'date', nullable: true })
  expiresOn?: string | null;

  @Field(() => [InformationAttachment], { description: 'Documents, as links (at most 20).' })
  @Property({ type: 'json' })
  attachments: InformationAttachment[] = [];

  @Field(() => Int, { nullable: true, description: 'For advisories: 1 (exercise normal caution) to 4 (do not travel).' })
  @Property({ type: 'smallint', nullable: true })
  advisoryLevel?: number | null;

  @Field(() => Int, { description: 'Starts at 1 and grows with every change; send it back as `expectedVersion`.' })
  @Property({ type: 'integer', version: false })
  version: number = 1;

  @Field(() => DateTimeScalar)
  @Property({ type: 'datetime', columnType: 'timestamptz', defaultRaw: 'now()' })
  createdAt: Date = new Date();

  @Field(() => DateTimeScalar)
  @Property({ type: 'datetime', columnType: 'timestamptz', defaultRaw: 'now()' })
  updatedAt: Date = new Date();

  @Field(() => DateTimeScalar, { nullable: true })
  @Property({ type: 'datetime', columnType: 'timestamptz', nullable: true })
  publishedAt?: Date | null;

  @Field(() => DateTimeScalar, { nullable: true })
  @Property({ type: 'datetime', columnType: 'timestamptz', nullable: true })
  archivedAt?: Date | null;
}
