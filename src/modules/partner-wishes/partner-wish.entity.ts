import { Entity, Enum, ManyToOne, PrimaryKey, Property, type Ref } from '@mikro-orm/core';
import { Field, Int, ObjectType } from 'type-graphql';
import { Node } from '../../shared/node';
import { DateTimeScalar } from '../../shared/scalars';
import { Continent } from '../countries/continent.enum';
import { ExchangeField } from '../exchanges/exchange.enums';
import { Locality } from '../localities/locality.entity';
import { MemberUnit } from '../member-units/member-unit.entity';
import { PartnerWishStatus } from './partner-wish.enums';

/**
 * A "seeking a partner" listing, as CLAIR, CIFCA and Sister Cities International publish them: a
 * Chinese locality's, published by its city office, or a foreign city's, recorded by a hub admin
 * from what reached the hub through a channel. It seeks partners on the other side of its locality.
 * Members read every wish; the unit that owns it and hub admins change it.
 */
@ObjectType({ implements: Node, simpleResolvers: true, description: 'A locality\'s wish for a partner on the other side: where, which themes, which fields, what size.' })
@Entity({ tableName: 'partner_wish' })
export class PartnerWish {
  @PrimaryKey({ type: 'integer' })
  id!: number;

  @ManyToOne(() => Locality, { ref: true })
  locality!: Ref<Locality>;

  @ManyToOne(() => MemberUnit, { ref: true, fieldName: 'owner_unit_id' })
  owner!: Ref<MemberUnit>;

  @Property({ type: 'text[]', columnType: 'text[]' })
  countries: string[] = [];

  @Field(() => [Continent])
  @Property({ type: 'text[]', columnType: 'text[]' })
  continents: Continent[] = [];

  /** Foreign first-level regions (locality ids) a Chinese locality's wish is aimed at. */
  @Property({ type: 'integer[]', columnType: 'integer[]' })
  regionIds: number[] = [];

  /** Theme vocabulary codes. */
  @Property({ type: 'text[]', columnType: 'text[]' })
  themes: string[] = [];

  @Field(() => [ExchangeField])
  @Property({ type: 'text[]', columnType: 'text[]' })
  exchangeFields: ExchangeField[] = [];

  @Field(() => Int, { nullable: true }) @Property({ type: 'integer', nullable: true }) minPopulation?: number | null;
  @Field(() => Int, { nullable: true }) @Property({ type: 'integer', nullable: true }) maxPopulation?: number | null;

  @Field(() => String, { nullable: true }) @Property({ type: 'text', nullable: true }) note?: string | null;

  @Field(() => String, { nullable: true, description: 'For a foreign city\'s wish: the channel it came through (CLAIR, CIFCA, an embassy, …).' })
  @Property({ type: 'text', nullable: true })
  channel?: string | null;

  @Field(() => PartnerWishStatus)
  @Enum({ items: () => PartnerWishStatus, type: 'string' })
  status: PartnerWishStatus = PartnerWishStatus.OPEN;

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
