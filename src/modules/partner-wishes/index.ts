import { PartnerWishMutationResolver } from './partner-wish.mutations';
import { PartnerWishResolver } from './partner-wish.resolver';

export { PartnerWish } from './partner-wish.entity';
export { PartnerWishStatus } from './partner-wish.enums';
export { tellFittingWishes } from './partner-wish.service';

export const partnerWishResolvers = [PartnerWishResolver, PartnerWishMutationResolver] as const;
