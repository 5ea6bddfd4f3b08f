import { Entity, Enum, ManyToOne, PrimaryKey, Property, type Ref } from '@mikro-orm/core';
import { Field, Int, ObjectType } from 'type-graphql';
import { Node } from '../../shared/node';
import { DateTimeScalar } from '../../shared/scalars';
import { Account } from '../accounts/account.entity';
import { MemberUnit } from '../member-units/member-unit.entity';
import { SharingTier } from '../resources/resource.enums';
import { CatalogueMatterKind, CatalogueMatterStatus, OnlineAvailability, UpdateCycle } from './catalogue.enums';

@ObjectType({ description: 'How to consult about a matter (咨询方式).', simpleResolvers: true })
export class CatalogueConsultation {
  @Field(() => String, { description: 'Where and how to ask, e.g. the counter and its opening hours.' }) text!: string;
  @Field(() => String, { nullable: true }) phone!: string | null;
  @Field(() => String, { nullable: true, description: 'An http or https URL.' }) url!: string | null;
}

@ObjectType({ description: 'A document an applicant hands in (申请材料).', simpleResolvers: true })
export class ApplicationMaterial {
  @Field(() => String) name!: string;
  @Field(() => Boolean, { description: 'False for materials needed only in some cases.' }) required!: boolean;
  @Field(() => Int, { description: 'How many copies, at least 1.' }) copies!: number;
  @Field(() => String, { nullable: true }) note!: string | null;
}

/**
 * A licence or public service matter a member unit handles and maintains in the hub's catalogue.
 * Visible by its tier (PUBLIC to anyone, UNCONDITIONAL to members, NOT_SHARED to the provider
 * unit and hub admins), withdrawn or not; CONDITIONAL does not apply (no access grants here).
 */
@ObjectType({ implements: Node, simpleResolvers: true, description: 'A licence or public service matter in the aggregated catalogue.' })
@Entity({ tableName: 'catalogue_matter' })
export class CatalogueMatter {
  @PrimaryKey({ type: 'integer' })
  id!: number;

  @ManyToOne(() => MemberUnit, { ref: true, fieldName: 'provider_unit_id' })
  providerUnit!: Ref<MemberUnit>;

  @Field(() => CatalogueMatterKind)
  @Enum({ items: () => CatalogueMatterKind, type: 'string' })
  kind!: CatalogueMatterKind;

  @Field(() => String, { description: "The provider unit's code for the matter, unique within the unit (事项编码)." })
  @Property({ type: 'text' })
  code!: string;

  @Field(() => String, { nullable: true }) @Property({ type: 'text', nullable: true }) nameZh?: string | null;
  @Field(() => String, { nullable: true }) @Property({ type: 'text', nullable: true }) nameEn?: string | null;

  @Field(() => String, { description: 'The office that accepts applications (受理机构).' })
  @Property({ type: 'text' })
  acceptingOffice!: string;

  @Field(() => CatalogueConsultation)
  @Property({ type: 'json' })
  consultation!: CatalogueConsultation;

  @Field(() => Int, { description: 'The legal processing time limit in working days (法定办结时限).' })
  @Property({ type: 'integer' })
  processingTimeLimitDays!: number;

  @Field(() => Int, { nullable: true, description: 'The promised time limit in working days (承诺办结时限), never above the legal one.' })
  @Property({ type: 'integer', nullable: true })
  promisedTimeLimitDays?: number | null;

  @Field(() => String, { description: 'The laws and rules the matter rests on (设定依据).' })
  @Property({ type: 'text' })
  legalBasis!: string;

  @Field(() => [ApplicationMaterial])
  @Property({ type: 'json' })
  applicationMaterials: ApplicationMaterial[] = [];

  @Field(() => [String], { description: 'The steps of the procedure, in order (办理流程).' })
  @Property({ type: 'text[]', columnType: 'text[]' })
  procedure: string[] = [];

  @Field(() => String, { nullable: true, description: 'The fees and their basis (收费标准).' })
  @Property({ type: 'text', nullable: true })
  fees?: string | null;

  @Field(() => Boolean, { description: 'True when the matter costs the applicant nothing.' })
  @Property({ type: 'boolean' })
  free: boolean = false;

  @Field(() => OnlineAvailability)
  @Enum({ items: () => OnlineAvailability, type: 'string' })
  online!: OnlineAvailability;

  @Field(() => String, { nullable: true, description: 'Where to apply online; set unless OFFLINE.' })
  @Property({ type: 'text', nullable: true })
  onlineUrl?: string | null;

  @Field(() => UpdateCycle)
  @Enum({ items: () => UpdateCycle, type: 'string' })
  updateCycle!: UpdateCycle;

  @Field(() => SharingTier, { description: 'PUBLIC, UNCONDITIONAL or NOT_SHARED.' })
  @Enum({ items: () => SharingTier, type: 'string' })
  tier!: SharingTier;

  @Field(() => CatalogueMatterStatus)
  @Enum({ items: () => CatalogueMatterStatus, type: 'string' })
  status: CatalogueMatterStatus = CatalogueMatterStatus.ACTIVE;

  @Field(() => Int, { description: 'Starts at 1 and grows with every change; send it back as `expectedVersion`.' })
  @Property({ type: 'integer', version: false })
  version: number = 1;

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
  withdrawnAt?: Date | null;
}
