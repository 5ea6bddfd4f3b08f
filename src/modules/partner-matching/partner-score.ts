import { registerEnumType } from 'type-graphql';
import { badInput, InputErrors } from '../../errors';

/** The parts of a partner score, in the order they are listed. */
export enum PartnerScoreFactor {
  SHARED_THEMES = 'SHARED_THEMES',
  SHARED_EXCHANGE_FIELDS = 'SHARED_EXCHANGE_FIELDS',
  POPULATION = 'POPULATION',
  EXCHANGES_WITH_COUNTRY = 'EXCHANGES_WITH_COUNTRY',
  EXISTING_CHANNELS = 'EXISTING_CHANNELS',
  SATURATION = 'SATURATION',
  GEOGRAPHY = 'GEOGRAPHY',
}
registerEnumType(PartnerScoreFactor, {
  name: 'PartnerScoreFactor',
  description: 'One part of a partner score (see the README, "Partner matching", for each formula).',
  valuesConfig: {
    SHARED_THEMES: { description: 'Share of the sought themes (the filter\'s, the wish\'s, else the profile\'s) that the candidate\'s profile has.' },
    SHARED_EXCHANGE_FIELDS: { description: 'Share of the sought exchange fields that the candidate\'s profile has.' },
    POPULATION: { description: 'Similar size: 1 − |ln(population ratio)| / ln 10, at least 0 (a tenfold difference scores 0).' },
    EXCHANGES_WITH_COUNTRY: { description: 'Exchanges the Chinese side (and the localities and units under it) already held with the foreign side\'s country: min(n / 5, 1).' },
    EXISTING_CHANNELS: { description: 'Friendship relations in force of the Chinese side\'s province with the foreign side\'s country, those with its region counted twice: min(n / 4, 1).' },
    SATURATION: { description: 'Fewer partners is better: 3 / (3 + relations in force the candidate already has).' },
    GEOGRAPHY: { description: 'Similar climate: 1 − |difference of absolute latitudes| / 30°, at least 0.' },
  },
});

/** The weights a score is built with; each 0 or more, not all 0. */
export type PartnerScoreWeightValues = Record<PartnerScoreFactor, number>;

/**
 * Default weights: what the candidate offers (themes, then fields) counts most; the other parts
 * weigh one each. See the README's "Partner matching" section; a query may set its own.
 */
export const DEFAULT_PARTNER_WEIGHTS: Readonly<PartnerScoreWeightValues> = Object.freeze({
  SHARED_THEMES: 3,
  SHARED_EXCHANGE_FIELDS: 2,
  POPULATION: 1,
  EXCHANGES_WITH_COUNTRY: 1,
  EXISTING_CHANNELS: 1,
  SATURATION: 1,
  GEOGRAPHY: 1,
});

/** Where each factor's weight sits in PartnerScoreWeightsInput. */
export const WEIGHT_FIELDS: Readonly<Record<PartnerScoreFactor, string>> = Object.freeze({
  SHARED_THEMES: 'sharedThemes',
  SHARED_EXCHANGE_FIELDS: 'sharedExchangeFields',
  POPULATION: 'population',
  EXCHANGES_WITH_COUNTRY: 'exchangesWithCountry',
  EXISTING_CHANNELS: 'existingChannels',
  SATURATION: 'saturation',
  GEOGRAPHY: 'geography',
});

export const FACTORS = Object.values(PartnerScoreFactor);

/** Constants of the component formulas (documented in the README). */
export const SCORE_CONSTANTS = Object.freeze({
  /** Exchanges with the country at which EXCHANGES_WITH_COUNTRY reaches 1. */
  exchangesFullAt: 5,
  /** Relations of the province with the country (region ones twice) at which EXISTING_CHANNELS reaches 1. */
  channelsFullAt: 4,
  /** Relations the candidate already has at which SATURATION is one half. */
  saturationHalfAt: 3,
  /** Population ratio at which POPULATION reaches 0. */
  populationZeroAtRatio: 10,
  /** Difference of absolute latitudes, in degrees, at which GEOGRAPHY reaches 0. */
  latitudeZeroAtDegrees: 30,
});

/** The query's weights over the defaults; BAD_USER_INPUT naming the field when one is negative or all are 0. */
export function effectivePartnerWeights(given: Partial<Record<string, number | null>> | null | undefined, field = 'weights'): PartnerScoreWeightValues {
  const weights = { ...DEFAULT_PARTNER_WEIGHTS };
  const errors = new InputErrors();
  for (const factor of FACTORS) {
    const value = given?.[WEIGHT_FIELDS[factor]];
    if (value == null) continue;
    if (!Number.isFinite(value) || value < 0) {
      errors.add(`${field}.${WEIGHT_FIELDS[factor]}`, `The weight "${WEIGHT_FIELDS[factor]}" must be 0 or more, got ${value}.`);
      continue;
    }
    weights[factor] = value;
  }
  errors.throwIfAny();
  if (!FACTORS.some((factor) => weights[factor] > 0)) {
    throw badInput('At least one weight must be above 0; with all weights 0 there is no score.', field, 'ALL_WEIGHTS_ZERO');
  }
  return weights;
}
