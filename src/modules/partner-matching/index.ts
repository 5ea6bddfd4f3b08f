import { PartnerSuggestionResolver, PartnerSuggestionsResolver, PartnerWishCandidatesResolver } from './partner-matching.resolver';

export { openWishesFittedBy, WISH_MATCH_THRESHOLD } from './partner-matching.service';
export { DEFAULT_PARTNER_WEIGHTS, PartnerScoreFactor } from './partner-score';

/** This module's resolver classes, for the schema. */
export const partnerMatchingResolvers: Function[] = [PartnerSuggestionsResolver, PartnerSuggestionResolver, PartnerWishCandidatesResolver];
