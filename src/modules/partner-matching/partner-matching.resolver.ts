import { Arg, Ctx, Field, FieldResolver, Float, ID, Int, ObjectType, Query, Resolver, Root } from 'type-graphql';
import type { HubContext } from '../../context';
import { Locality } from '../localities/locality.entity';
import { PartnerWish } from '../partner-wishes/partner-wish.entity';
import { PartnerScoreFactor, WEIGHT_FIELDS, type PartnerScoreWeightValues } from './partner-score';
import { PartnerScoreWeightsInput, PartnerSuggestionFilter } from './partner-matching.inputs';
import {
  MAX_SUGGESTIONS,
  suggestPartners,
  wishCandidates,
  type ScoreComponentResult,
  type SuggestionResult,
  type SuggestionsResult,
} from './partner-matching.service';

@ObjectType({ simpleResolvers: true, description: "One part of a partner score: its weight, its value and why." })
export class PartnerScoreComponent {
  @Field(() => PartnerScoreFactor) component!: PartnerScoreFactor;
  @Field(() => Float) weight!: number;
  @Field(() => Float, { nullable: true, description: '0 to 1; null when the data is missing on either side (the part is then left out of the score).' })
  value!: number | null;
  @Field(() => Float, { description: 'weight × value / Σ weight of the parts with data: the contributions add up to the score.' })
  contribution!: number;
  @Field(() => String, { description: 'Why, in words: "shares BUDDHIST_HERITAGE, TOURISM with Shuozhou (2 of 3 sought themes)".' })
  explanation!: string;
}

@ObjectType({ simpleResolvers: true, description: 'The weights a partner score was built with.' })
export class PartnerScoreWeights {
  @Field(() => Float) sharedThemes!: number;
  @Field(() => Float) sharedExchangeFields!: number;
  @Field(() => Float) population!: number;
  @Field(() => Float) exchangesWithCountry!: number;
  @Field(() => Float) existingChannels!: number;
  @Field(() => Float) saturation!: number;
  @Field(() => Float) geography!: number;
}

@ObjectType({ simpleResolvers: true, description: 'A suggested partner with its score and the parts that make it up.' })
export class PartnerSuggestion {
  @Field(() => Int, { description: '1 for the best.' }) rank!: number;
  @Field(() => Float, { description: 'Σ weight × value / Σ weight over the parts with data, 0 to 1.' }) score!: number;
  @Field(() => Float, { description: 'Share of the total weight the score rests on (parts with data), 0 to 1.' }) coverage!: number;
  @Field(() => [PartnerScoreComponent], { description: 'Every part, in the order of PartnerScoreFactor.' }) components!: ScoreComponentResult[];
  candidateId!: number;
}

@ObjectType({ simpleResolvers: true, description: 'Partner suggestions for a locality, best first (ties: larger population, then lower id).' })
export class PartnerSuggestions {
  @Field(() => [PartnerSuggestion]) suggestions!: SuggestionResult[];
  @Field(() => Int, { description: 'How many candidates were scored (the pool after the hard criteria; see the README on how foreign cities are pooled).' })
  considered!: number;
  @Field(() => PartnerScoreWeights, { description: 'The weights in effect: the query\'s over the defaults.' }) weights!: PartnerScoreWeights;
  localityId!: number;
}

const MEMBERS = 'Members only; anonymous callers get UNAUTHENTICATED.';

function weightsObject(weights: PartnerScoreWeightValues): PartnerScoreWeights {
  const result = new PartnerScoreWeights() as unknown as Record<string, number>;
  for (const factor of Object.values(PartnerScoreFactor)) result[WEIGHT_FIELDS[factor]] = weights[factor];
  return result as unknown as PartnerScoreWeights;
}

function toObject(result: SuggestionsResult): PartnerSuggestions {
  return Object.assign(new PartnerSuggestions(), { ...result, weights: weightsObject(result.weights) });
}

@Resolver(() => PartnerSuggestions)
export class PartnerSuggestionsResolver {
  @Query(() => PartnerSuggestions, {
    description: `Foreign partners for a Chinese locality (province → regions, prefecture or county → cities), or Chinese partners for a foreign one (region → provinces, city → prefectures and counties), ranked by an explainable score (see the README, "Partner matching"). Localities it already partners (any relation not ENDED) are left out. ${MEMBERS}`,
  })
  async partnerSuggestions(
    @Ctx() { em, viewer }: HubContext,
    @Arg('for', () => ID, { description: 'The locality seeking partners.' }) forId: string,
    @Arg('filter', () => PartnerSuggestionFilter, { nullable: true }) filter?: PartnerSuggestionFilter | null,
    @Arg('weights', () => PartnerScoreWeightsInput, { nullable: true }) weights?: PartnerScoreWeightsInput | null,
    @Arg('first', () => Int, { defaultValue: 20, description: `1 to ${MAX_SUGGESTIONS}.` }) first: number = 20,
  ): Promise<PartnerSuggestions> {
    return toObject(await suggestPartners(em, viewer, forId, filter, weights as Record<string, number | null> | null, first));
  }

  @FieldResolver(() => Locality, { description: 'The locality the suggestions are for.' })
  locality(@Root() result: PartnerSuggestions, @Ctx() { loaders }: HubContext) {
    return loaders.localitiesById.load(result.localityId);
  }
}

@Resolver(() => PartnerSuggestion)
export class PartnerSuggestionResolver {
  @FieldResolver(() => Locality)
  candidate(@Root() suggestion: SuggestionResult, @Ctx() { loaders }: HubContext) {
    return loaders.localitiesById.load(suggestion.candidateId);
  }
}

/** The candidates of a partner wish (the wish's own fields live in src/modules/partner-wishes). */
@Resolver(() => PartnerWish)
export class PartnerWishCandidatesResolver {
  @FieldResolver(() => PartnerSuggestions, {
    description: `Partner suggestions for the wish's locality under the wish's criteria: its countries, continents, regions and population range as hard filters, at least one of its themes or exchange fields (when it names any), default weights. ${MEMBERS}`,
  })
  async candidates(
    @Root() wish: PartnerWish,
    @Ctx() { em, viewer }: HubContext,
    @Arg('first', () => Int, { defaultValue: 10, description: `1 to ${MAX_SUGGESTIONS}.` }) first: number = 10,
  ): Promise<PartnerSuggestions> {
    return toObject(await wishCandidates(em, viewer, wish, first));
  }
}
