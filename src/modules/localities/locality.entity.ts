import { Entity, Enum, ManyToOne, PrimaryKey, Property, type Ref } from '@mikro-orm/core';
import { Field, Int, ObjectType } from 'type-graphql';
import { Node } from '../../shared/node';
import { LatitudeScalar, LongitudeScalar } from '../../shared/scalars';
import { Country } from '../countries/country.entity';
import { LocalityLevel, LocalitySide } from './locality.enums';

@ObjectType({
  implements: Node,
  simpleResolvers: true,
  description:
    'An administrative area on either side of a friendship relation: a Chinese province, prefecture or county, or a foreign region or city.',
})
@Entity({ tableName: 'locality' })
export class Locality {
  @PrimaryKey({ type: 'integer' })
  id!: number;

  @Field(() => LocalitySide)
  @Enum({ items: () => LocalitySide, type: 'string' })
  side!: LocalitySide;

  @Field(() => LocalityLevel)
  @Enum({ items: () => LocalityLevel, type: 'string' })
  level!: LocalityLevel;

  @ManyToOne(() => Country, { ref: true, fieldName: 'country_code', columnType: 'char(2)' })
  country!: Ref<Country>;

  @ManyToOne(() => Locality, { ref: true, nullable: true })
  parent?: Ref<Locality> | null;

  @Field(() => String, { nullable: true, description: 'GB/T 2260 code of a Chinese division, e.g. "610100" for Xi\'an.' })
  @Property({ type: 'string', columnType: 'char(6)', nullable: true })
  gbCode?: string | null;

  @Field(() => Int, { nullable: true, description: 'GeoNames id of a foreign city.' })
  @Property({ type: 'integer', nullable: true, fieldName: 'geonames_id' })
  geonamesId?: number | null;

  @Field(() => String, { nullable: true, description: 'ISO 3166-2 subdivision code (without the country) of a foreign region.' })
  @Property({ type: 'string', nullable: true })
  isoCode?: string | null;

  @Field(() => String, { description: 'English name (pinyin spelling for Chinese divisions), e.g. "Xi\'an".' })
  @Property({ type: 'string' })
  nameEn!: string;

  @Field(() => String, { nullable: true, description: 'Chinese name, e.g. 西安市.' })
  @Property({ type: 'string', nullable: true })
  nameZh?: string | null;

  @Field(() => String, { nullable: true, description: 'Toneless pinyin of a Chinese division\'s name, e.g. "xi an".' })
  @Property({ type: 'string', nullable: true })
  namePinyin?: string | null;

  @Field(() => String, { nullable: true, description: 'The name in plain ASCII letters, e.g. "Sao Paulo".' })
  @Property({ type: 'string', nullable: true })
  asciiName?: string | null;

  @Field(() => [String])
  @Property({ type: 'string[]', columnType: 'text[]' })
  alternateNames: string[] = [];

  @Field(() => String, { nullable: true, description: 'Name of the first-level division a foreign city lies in, where known.' })
  @Property({ type: 'string', nullable: true })
  adminArea?: string | null;

  @Field(() => Int, { nullable: true, description: 'Population where known (GeoNames for foreign cities).' })
  @Property({ type: 'integer', nullable: true })
  population?: number | null;

  @Field(() => LatitudeScalar, { nullable: true })
  @Property({ type: 'double', nullable: true })
  latitude?: number | null;

  @Field(() => LongitudeScalar, { nullable: true })
  @Property({ type: 'double', nullable: true })
  longitude?: number | null;
}
