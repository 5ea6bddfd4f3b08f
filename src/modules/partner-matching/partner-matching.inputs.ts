import { Field, Float, ID, InputType, Int } from 'type-graphql';
import { Continent } from '../countries/continent.enum';
import { ExchangeField } from '../exchanges/exchange.enums';

@InputType({ description: 'Hard criteria for partnerSuggestions: a candidate must meet every one given.' })
export class PartnerSuggestionFilter {
  // Plain text rather than CountryCode: an unknown code is refused as BAD_USER_INPUT naming
  // filter.countries, instead of failing variable coercion without a field.
  @Field(() => [String], { nullable: true, description: 'In one of these countries (ISO 3166-1 alpha-2, e.g. "JP").' })
  countries?: string[] | null;

  @Field(() => [Continent], { nullable: true, description: "In a country of one of these continents." })
  continents?: Continent[] | null;

  @Field(() => [ID], {
    nullable: true,
    description: 'In one of these regions: foreign REGIONs (for a Chinese locality\'s partners) or Chinese provinces (for a foreign one\'s); the region itself or a locality under it.',
  })
  regions?: string[] | null;

  @Field(() => [String], { nullable: true, description: 'Theme codes; the candidate\'s profile shares at least one. Also the themes sought in scoring (else the profile\'s).' })
  themes?: string[] | null;

  @Field(() => [ExchangeField], { nullable: true, description: 'The candidate\'s profile shares at least one. Also the fields sought in scoring (else the profile\'s).' })
  exchangeFields?: ExchangeField[] | null;

  @Field(() => Int, { nullable: true, description: 'Population at least this (the profile\'s figure, else the locality\'s; unknown fails).' })
  minPopulation?: number | null;

  @Field(() => Int, { nullable: true, description: 'Population at most this (unknown fails).' })
  maxPopulation?: number | null;
}

@InputType({ description: 'Weights of the partner score components for one query, each 0 or more (not all 0); an omitted one keeps its default.' })
export class PartnerScoreWeightsInput {
  @Field(() => Float, { nullable: true }) sharedThemes?: number | null;
  @Field(() => Float, { nullable: true }) sharedExchangeFields?: number | null;
  @Field(() => Float, { nullable: true }) population?: number | null;
  @Field(() => Float, { nullable: true }) exchangesWithCountry?: number | null;
  @Field(() => Float, { nullable: true }) existingChannels?: number | null;
  @Field(() => Float, { nullable: true }) saturation?: number | null;
  @Field(() => Float, { nullable: true }) geography?: number | null;
}
