import { registerEnumType } from 'type-graphql';

export enum PartnerWishStatus {
  OPEN = 'OPEN',
  FULFILLED = 'FULFILLED',
  WITHDRAWN = 'WITHDRAWN',
}
registerEnumType(PartnerWishStatus, {
  name: 'PartnerWishStatus',
  description: 'OPEN while the locality seeks a partner; FULFILLED when it found one; WITHDRAWN when it stopped looking.',
});
