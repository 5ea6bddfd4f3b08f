import { Field, Float, ID, InputType, Int } from 'type-graphql';
import { ExchangeField } from '../exchanges/exchange.enums';
import { ProfileThemeKind } from './profile.enums';

@InputType({ description: 'A new entry of the theme vocabulary.' })
export class AddProfileThemeInput {
  @Field(() => String, { description: '2 to 48 capital letters, digits or underscores, starting with a letter, e.g. "WINE_MAKING".' })
  code!: string;

  @Field(() => ProfileThemeKind) kind!: ProfileThemeKind;
  @Field(() => String, { description: 'Up to 120 characters.' }) labelEn!: string;
  @Field(() => String, { description: 'Up to 60 characters.' }) labelZh!: string;
}

@InputType({
  description:
    'Changes to a locality\'s profile (created on first use). A field left out stays as it is; null clears it. Texts are trimmed.',
})
export class UpdateLocalityProfileInput {
  @Field(() => ID) locality!: string;

  @Field(() => Int, { nullable: true, description: 'The version you read (0 or left out when creating); a profile changed meanwhile is CONFLICT.' })
  expectedVersion?: number | null;

  @Field(() => [String], { nullable: true, description: 'Theme and industry codes of the vocabulary (profileThemes), up to 30.' })
  themes?: string[] | null;

  @Field(() => [ExchangeField], { nullable: true }) exchangeFields?: ExchangeField[] | null;

  @Field(() => String, { nullable: true, description: 'Up to 4,000 characters.' }) descriptionEn?: string | null;
  @Field(() => String, { nullable: true, description: 'Up to 4,000 characters.' }) descriptionZh?: string | null;

  @Field(() => Int, { nullable: true, description: '0 or more.' }) population?: number | null;
  @Field(() => Int, { nullable: true }) populationYear?: number | null;
  @Field(() => Float, { nullable: true, description: '0 or more, in gdpCurrency.' }) gdp?: number | null;
  @Field(() => String, { nullable: true, description: 'ISO 4217 code, e.g. "CNY"; needed with gdp.' }) gdpCurrency?: string | null;
  @Field(() => Int, { nullable: true }) gdpYear?: number | null;

  @Field(() => [String], { nullable: true, description: 'Where the facts come from: URLs or document references (up to 20).' })
  sources?: string[] | null;
}
