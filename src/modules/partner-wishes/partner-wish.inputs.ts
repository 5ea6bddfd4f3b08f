import { Field, ID, InputType, Int } from 'type-graphql';
import { LocalitySide } from '../localities/locality.enums';
import { Continent } from '../countries/continent.enum';
import { ExchangeField } from '../exchanges/exchange.enums';
import { PartnerWishStatus } from './partner-wish.enums';

/** What a wish asks for; shared by publishing and changing one. */
@InputType({ description: 'What a partner wish asks for.' })
export class PartnerWishCriteriaInput {
  // Plain text rather than CountryCode: an unknown code is then BAD_USER_INPUT naming the value.
  @Field(() => [String], { nullable: true, description: 'Countries wished for, by ISO 3166-1 alpha-2 code (up to 30). Chinese localities\' wishes only.' })
  countries?: string[] | null;

  @Field(() => [Continent], { nullable: true, description: 'Continents wished for. Chinese localities\' wishes only.' })
  continents?: Continent[] | null;

  @Field(() => [ID], {
    nullable: true,
    description: 'Regions wished for (up to 30): foreign first-level regions for a Chinese locality\'s wish, Chinese provinces or prefectures for a foreign one\'s.',
  })
  regions?: string[] | null;

  @Field(() => [String], { nullable: true, description: 'Theme and industry codes (profileThemes), up to 30.' })
  themes?: string[] | null;

  @Field(() => [ExchangeField], { nullable: true }) exchangeFields?: ExchangeField[] | null;

  @Field(() => Int, { nullable: true, description: 'Smallest population wished for: 0 or more.' }) minPopulation?: number | null;
  @Field(() => Int, { nullable: true, description: 'Largest population wished for: at least minPopulation.' }) maxPopulation?: number | null;

  @Field(() => String, { nullable: true, description: 'Up to 2,000 characters.' }) note?: string | null;

  @Field(() => String, { nullable: true, description: 'How a foreign city\'s wish reached the hub (CLAIR, CIFCA, an embassy, …): up to 200 characters.' })
  channel?: string | null;
}

@InputType({ description: 'A wish to publish (city offices, for their own locality) or to record (hub admins, for a foreign city).' })
export class PublishPartnerWishInput extends PartnerWishCriteriaInput {
  @Field(() => ID, { description: 'The locality that seeks a partner.' })
  locality!: string;
}

@InputType({ description: 'Changes to an OPEN wish: a field left out stays as it is, null clears it.' })
export class UpdatePartnerWishInput extends PartnerWishCriteriaInput {
  @Field(() => ID) id!: string;
  @Field(() => Int, { description: 'The version you read; a wish changed meanwhile is CONFLICT.' }) expectedVersion!: number;
}

@InputType({ description: 'Closes an OPEN wish.' })
export class ClosePartnerWishInput {
  @Field(() => ID) id!: string;
  @Field(() => Int, { nullable: true, description: 'The version you read; a wish changed meanwhile is CONFLICT.' }) expectedVersion?: number | null;
  @Field(() => PartnerWishStatus, { description: 'FULFILLED (a partner was found) or WITHDRAWN.' }) status!: PartnerWishStatus;
}

@InputType({ description: 'Filters for partner wishes.' })
export class PartnerWishFilter {
  @Field(() => PartnerWishStatus, { nullable: true, description: 'OPEN by default; null for every status.', defaultValue: PartnerWishStatus.OPEN })
  status?: PartnerWishStatus | null;

  @Field(() => LocalitySide, { nullable: true, description: 'DOMESTIC: Chinese localities\' wishes; FOREIGN: foreign cities\' wishes.' })
  side?: LocalitySide | null;

  @Field(() => ID, { nullable: true, description: 'Only the wishes of this locality.' }) locality?: string | null;
  @Field(() => ID, { nullable: true, description: 'Only the wishes this member unit published or recorded.' }) owner?: string | null;
}
