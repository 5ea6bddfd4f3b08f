import { Entity, Enum, ManyToOne, PrimaryKey, Property, type Ref } from '@mikro-orm/core';
import { Field, Int, ObjectType } from 'type-graphql';
import { Node } from '../../shared/node';
import { DateTimeScalar, LocalDateScalar } from '../../shared/scalars';
import { Account } from '../accounts/account.entity';
import { Locality } from '../localities/locality.entity';
import { MemberUnit } from '../member-units/member-unit.entity';
import { ResourceKind, ResourceStatus, SharingTier } from './resource.enums';

export interface ResourceContact {
  name?: string | null;
  organisation?: string | null;
  email?: string | null;
  phone?: string | null;
}

export interface ResourceLink {
  title?: string | null;
  url: string;
}

export interface ResourceAttachment {
  title?: string | null;
  url: string;
  mediaType?: string | null;
  bytes?: number | null;
}

/**
 * Something a member unit contributes for others to use. The catalogue fields (title, summary,
 * kind, tags, owner) are visible to every member for CONDITIONAL resources; the content fields
 * (body, contact, links, attachments) only once access is granted: their resolvers decide.
 */
@ObjectType({ implements: Node, simpleResolvers: true, description: 'A resource a member unit shares with others.' })
@Entity({ tableName: 'shared_resource' })
export class SharedResource {
  @PrimaryKey({ type: 'integer' })
  id!: number;

  @ManyToOne(() => MemberUnit, { ref: true, fieldName: 'owner_unit_id' })
  ownerUnit!: Ref<MemberUnit>;

  @Field(() => ResourceKind)
  @Enum({ items: () => ResourceKind, type: 'string' })
  kind!: ResourceKind;

  @Field(() => String, { nullable: true }) @Property({ type: 'text', nullable: true }) titleZh?: string | null;
  @Field(() => String, { nullable: true }) @Property({ type: 'text', nullable: true }) titleEn?: string | null;
  @Field(() => String, { nullable: true }) @Property({ type: 'text', nullable: true }) summaryZh?: string | null;
  @Field(() => String, { nullable: true }) @Property({ type: 'text', nullable: true }) summaryEn?: string | null;

  /** Content: read through the resource's access check, never as a plain field. */
  @Property({ type: 'text', nullable: true }) bodyZh?: string | null;
  @Property({ type: 'text', nullable: true }) bodyEn?: string | null;

  @Field(() => [String])
  @Property({ type: 'text[]', columnType: 'text[]' })
  tags: string[] = [];

  @Field(() => [String])
  @Property({ type: 'text[]', columnType: 'text[]' })
  themes: string[] = [];

  @ManyToOne(() => Locality, { ref: true, nullable: true, fieldName: 'domestic_locality_id' })
  domesticLocality?: Ref<Locality> | null;

  @Field(() => LocalDateScalar, { nullable: true }) @Property({ type: 'date', nullable: true }) validFrom?: string | null;
  @Field(() => LocalDateScalar, { nullable: true }) @Property({ type: 'date', nullable: true }) validUntil?: string | null;

  @Property({ type: 'json', nullable: true }) contact?: ResourceContact | null;
  @Property({ type: 'json' }) links: ResourceLink[] = [];
  @Property({ type: 'json' }) attachments: ResourceAttachment[] = [];

  @Field(() => SharingTier)
  @Enum({ items: () => SharingTier, type: 'string' })
  tier!: SharingTier;

  @Field(() => String, { nullable: true, description: 'Why the resource is NOT_SHARED (the law, rule or decision that keeps it inside the unit); shown to the owner unit and hub admins only.' })
  @Property({ type: 'text', nullable: true })
  notSharedBasis?: string | null;

  @Field(() => ResourceStatus)
  @Enum({ items: () => ResourceStatus, type: 'string' })
  status: ResourceStatus = ResourceStatus.DRAFT;

  @Field(() => Int, { description: 'Starts at 1 and grows with every change; send it back as `expectedVersion`.' })
  @Property({ type: 'integer', version: false })
  version: number = 1;

  @Property({ type: 'text', nullable: true }) idempotencyKey?: string | null;
  @Property({ type: 'text', nullable: true }) idempotencyFingerprint?: string | null;

  @ManyToOne(() => Account, { ref: true, nullable: true, fieldName: 'created_by_account_id' })
  createdBy?: Ref<Account> | null;

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
  withdrawnAt?: Date | null;

  @Field(() => String, { nullable: true })
  @Property({ type: 'text', nullable: true })
  withdrawalReason?: string | null;

  /**
   * Filled by list queries: whether the caller may read the content fields, computed in the
   * same statement as the row (no statement per row). Not a column.
   */
  @Property({ persist: false })
  contentReadable?: boolean;
}
