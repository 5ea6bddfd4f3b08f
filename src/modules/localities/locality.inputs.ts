import { Field, ID, InputType, Int } from 'type-graphql';
import { CountryCodeScalar } from '../../shared/scalars';
import { LocalityLevel } from './locality.enums';

@InputType({ description: 'Filters for Chinese divisions.' })
export class LocalityFilter {
  @Field(() => LocalityLevel, { nullable: true, description: 'PROVINCE, PREFECTURE or COUNTY.' })
  level?: LocalityLevel | null;

  @Field(() => ID, { nullable: true, description: 'Only direct children of this locality.' })
  parent?: string | null;

  @Field(() => String, {
    nullable: true,
    description: 'Name in Chinese, English or pinyin, with or without spaces, tones or apostrophes: 西安, Xi\'an, xian, "Xi an". At most 200 characters.',
  })
  search?: string | null;
}

@InputType({ description: 'Filters for foreign regions and cities.' })
export class ForeignLocalityFilter {
  @Field(() => CountryCodeScalar, { nullable: true })
  country?: string | null;

  @Field(() => LocalityLevel, { nullable: true, description: 'REGION or CITY.' })
  level?: LocalityLevel | null;

  @Field(() => String, {
    nullable: true,
    description: 'Name, accent- and case-insensitive and tolerant of typos ("Sao Paulo", "Kyto"). At most 200 characters.',
  })
  search?: string | null;

  @Field(() => Int, { nullable: true })
  minPopulation?: number | null;

  @Field(() => Int, { nullable: true })
  maxPopulation?: number | null;
}
