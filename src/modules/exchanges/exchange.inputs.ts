import { Field, ID, InputType, Int } from 'type-graphql';
import { CountryCodeScalar, LocalDateScalar } from '../../shared/scalars';
import { SharingTier } from '../resources/resource.enums';
import { ExchangeField, ExchangeKind, ExchangeStatus } from './exchange.enums';

@InputType({ description: 'Where an exchange went (or came from): a locality, whose country follows, or a whole country.' })
export class ExchangeDestinationInput {
  @Field(() => ID, { nullable: true, description: 'A city or region (or a Chinese division).' })
  locality?: string | null;

  // Plain text rather than CountryCode: an unknown code is then refused like an unknown locality,
  // as BAD_USER_INPUT naming input.destinations, instead of failing variable coercion.
  @Field(() => String, {
    nullable: true,
    description: "A whole country, by ISO 3166-1 alpha-2 code (e.g. \"JP\"); with `locality`, it must be the locality's country.",
  })
  country?: string | null;
}

@InputType({ description: 'An exchange to record. Texts are trimmed; a title in at least one language is needed.' })
export class RecordExchangeInput {
  @Field(() => ExchangeKind) kind!: ExchangeKind;

  @Field(() => ID, { nullable: true, description: "The organising unit: the caller's own unless a hub admin names another." })
  organisingUnit?: string | null;

  @Field(() => String, { nullable: true, description: 'Up to 300 characters.' }) titleZh?: string | null;
  @Field(() => String, { nullable: true, description: 'Up to 300 characters.' }) titleEn?: string | null;

  @Field(() => LocalDateScalar) startDate!: string;
  @Field(() => LocalDateScalar, { description: 'On or after startDate.' }) endDate!: string;

  @Field(() => [ExchangeDestinationInput], {
    nullable: true,
    description: 'Destinations, in the order of the trip (up to 30); visits need at least one.',
  })
  destinations?: ExchangeDestinationInput[] | null;

  @Field(() => [ID], { nullable: true, description: 'Friendship relations the exchange took place under (up to 50).' })
  relations?: string[] | null;

  @Field(() => [ID], { nullable: true, description: 'Shared resources it concerns, among those the caller may read (up to 50).' })
  resources?: string[] | null;

  @Field(() => [ExchangeField], { nullable: true }) fields?: ExchangeField[] | null;

  @Field(() => Int, { nullable: true, description: 'How many people took part: 0 or more.' }) participants?: number | null;

  @Field(() => String, { nullable: true, description: 'Up to 4,000 characters.' }) purpose?: string | null;
  @Field(() => String, { nullable: true, description: 'Up to 4,000 characters.' }) outcome?: string | null;

  @Field(() => ExchangeStatus, {
    defaultValue: ExchangeStatus.PLANNED,
    description: 'PLANNED, or DONE for an exchange that already took place (its start date not in the future).',
  })
  status!: ExchangeStatus;

  @Field(() => SharingTier, { description: 'PUBLIC, UNCONDITIONAL or NOT_SHARED; CONDITIONAL is for shared resources only.' })
  tier!: SharingTier;
}

@InputType({ description: 'Changes to an exchange: the fields given replace the stored ones (null clears an optional one; a list replaces the whole list).' })
export class UpdateExchangeInput {
  @Field(() => ID) id!: string;

  @Field(() => Int, { description: "The exchange's `version` as you read it; a stale one is CONFLICT (STALE_VERSION)." })
  expectedVersion!: number;

  @Field(() => ExchangeKind, { nullable: true }) kind?: ExchangeKind | null;
  @Field(() => String, { nullable: true }) titleZh?: string | null;
  @Field(() => String, { nullable: true }) titleEn?: string | null;
  @Field(() => LocalDateScalar, { nullable: true }) startDate?: string | null;
  @Field(() => LocalDateScalar, { nullable: true }) endDate?: string | null;
  @Field(() => [ExchangeDestinationInput], { nullable: true }) destinations?: ExchangeDestinationInput[] | null;
  @Field(() => [ID], { nullable: true }) relations?: string[] | null;
  @Field(() => [ID], { nullable: true }) resources?: string[] | null;
  @Field(() => [ExchangeField], { nullable: true }) fields?: ExchangeField[] | null;
  @Field(() => Int, { nullable: true }) participants?: number | null;
  @Field(() => String, { nullable: true }) purpose?: string | null;
  @Field(() => String, { nullable: true }) outcome?: string | null;

  @Field(() => ExchangeStatus, { nullable: true, description: 'PLANNED or DONE (marks it carried out); cancelExchange cancels.' })
  status?: ExchangeStatus | null;

  @Field(() => SharingTier, { nullable: true }) tier?: SharingTier | null;
}

@InputType()
export class CancelExchangeInput {
  @Field(() => ID) id!: string;

  @Field(() => Int, { nullable: true, description: "The exchange's `version` as you read it; a stale one is CONFLICT (STALE_VERSION)." })
  expectedVersion?: number | null;

  @Field(() => String, { nullable: true, description: 'Why it was called off; replaces the outcome notes when given.' })
  outcome?: string | null;
}

@InputType({ description: 'Narrows the list of exchanges; every condition given must hold.' })
export class ExchangeFilter {
  @Field(() => [ExchangeKind], { nullable: true }) kinds?: ExchangeKind[] | null;
  @Field(() => [ExchangeStatus], { nullable: true }) statuses?: ExchangeStatus[] | null;
  @Field(() => [ID], { nullable: true, description: 'Organised by any of these member units.' }) units?: string[] | null;
  @Field(() => [CountryCodeScalar], { nullable: true, description: 'With a destination in any of these countries.' }) countries?: string[] | null;
  @Field(() => [ID], { nullable: true, description: 'With any of these localities as a destination.' }) localities?: string[] | null;
  @Field(() => [ID], { nullable: true, description: 'Under any of these friendship relations.' }) relations?: string[] | null;
  @Field(() => [ExchangeField], { nullable: true, description: 'Covering any of these fields.' }) fields?: ExchangeField[] | null;
  @Field(() => LocalDateScalar, { nullable: true, description: 'Exchanges that end on or after this day.' }) from?: string | null;
  @Field(() => LocalDateScalar, { nullable: true, description: 'Exchanges that start on or before this day.' }) to?: string | null;
}
