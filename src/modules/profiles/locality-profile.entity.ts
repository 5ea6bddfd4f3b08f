import { Entity, PrimaryKey, Property } from '@mikro-orm/core';
import { Field, Float, Int, ObjectType } from 'type-graphql';
import { DateTimeScalar } from '../../shared/scalars';
import { ExchangeField } from '../exchanges/exchange.enums';

/**
 * What a locality offers and seeks, for partner search and matching. Readable by anyone, like the
 * locality itself. City offices edit their own locality's profile; member units and hub admins
 * annotate foreign ones.
 */
@ObjectType({ simpleResolvers: true, description: 'What a locality offers and seeks: themes, industries, exchange fields, a description and key figures.' })
@Entity({ tableName: 'locality_profile' })
export class LocalityProfile {
  @PrimaryKey({ type: 'integer' })
  localityId!: number;

  /** Codes of the theme vocabulary (profile_theme); resolved to ProfileTheme objects. */
  @Property({ type: 'text[]', columnType: 'text[]' })
  themes: string[] = [];

  @Field(() => [ExchangeField], { description: 'Fields of exchange the locality seeks or is strong in.' })
  @Property({ type: 'text[]', columnType: 'text[]' })
  exchangeFields: ExchangeField[] = [];

  @Field(() => String, { nullable: true }) @Property({ type: 'text', nullable: true }) descriptionEn?: string | null;
  @Field(() => String, { nullable: true }) @Property({ type: 'text', nullable: true }) descriptionZh?: string | null;

  @Field(() => Int, { nullable: true, description: 'Population the profile states (may be newer than the locality\'s GeoNames figure).' })
  @Property({ type: 'integer', nullable: true })
  population?: number | null;

  @Field(() => Int, { nullable: true }) @Property({ type: 'smallint', nullable: true }) populationYear?: number | null;

  @Field(() => Float, { nullable: true, description: 'Gross domestic product, in `gdpCurrency`.' })
  @Property({ type: 'double', columnType: 'numeric(20,2)', nullable: true })
  gdp?: number | null;

  @Field(() => String, { nullable: true, description: 'ISO 4217 currency of `gdp`, e.g. "CNY".' })
  @Property({ type: 'string', columnType: 'char(3)', nullable: true })
  gdpCurrency?: string | null;

  @Field(() => Int, { nullable: true }) @Property({ type: 'smallint', nullable: true }) gdpYear?: number | null;

  @Field(() => Boolean, { description: 'True while the profile is the seed data shipped with the hub, untouched by any member unit.' })
  @Property({ type: 'boolean' })
  seed: boolean = false;

  @Field(() => [String], { description: 'Where the facts come from: public URLs or document references.' })
  @Property({ type: 'text[]', columnType: 'text[]' })
  sources: string[] = [];

  @Property({ type: 'integer', nullable: true }) updatedByUnitId?: number | null;

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
